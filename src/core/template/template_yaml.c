/*
 * template_yaml.c - one YAML document read node by node, every problem
 * kept as a diagnostic with its position; and the diagnostics list.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "template_internal.h"

/* --- diagnostics --------------------------------------------------------- */

/* Messages stay on one line whatever text they quote. */
static void flatten(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

static enum mp_status diag_addv(struct tpl_diags *diags, const char *file,
				unsigned line, unsigned column, const char *fmt,
				va_list ap)
{
	char msg[1024];
	struct tpl_diag *d;

	if (diags->count == diags->cap) {
		size_t cap = diags->cap ? diags->cap * 2 : 8;
		struct tpl_diag *items =
		    realloc(diags->items, cap * sizeof(*items));

		if (!items)
			return MP_ERR_NOMEM;
		diags->items = items;
		diags->cap = cap;
	}
	vsnprintf(msg, sizeof(msg), fmt, ap);
	flatten(msg);
	d = &diags->items[diags->count];
	d->file = strdup(file ? file : "");
	d->message = strdup(msg);
	d->line = line;
	d->column = column;
	if (!d->file || !d->message) {
		free(d->file);
		free(d->message);
		return MP_ERR_NOMEM;
	}
	diags->count++;
	return MP_OK;
}

enum mp_status template_diag_add(struct tpl_diags *diags, const char *file,
				 unsigned line, unsigned column,
				 const char *fmt, ...)
{
	enum mp_status st;
	va_list ap;

	va_start(ap, fmt);
	st = diag_addv(diags, file, line, column, fmt, ap);
	va_end(ap);
	return st;
}

char *template_diag_format(const struct tpl_diag *d, char *buf, size_t size)
{
	if (d->line)
		snprintf(buf, size, "%s:%u:%u: %s", d->file, d->line, d->column,
			 d->message);
	else
		snprintf(buf, size, "%s: %s", d->file, d->message);
	return buf;
}

void template_diags_free(struct tpl_diags *diags)
{
	if (!diags)
		return;
	for (size_t i = 0; i < diags->count; i++) {
		free(diags->items[i].file);
		free(diags->items[i].message);
	}
	free(diags->items);
	diags->items = NULL;
	diags->count = diags->cap = 0;
}

/* --- reporting ------------------------------------------------------------ */

void tyaml_nomem(struct tyaml *y)
{
	y->nomem = true;
}

char *tyaml_strdup(struct tyaml *y, const char *s)
{
	char *copy = strdup(s);

	if (!copy)
		tyaml_nomem(y);
	return copy;
}

static void report(struct tyaml *y, unsigned line, unsigned column,
		   const char *fmt, va_list ap)
{
	y->n_errors++;
	if (y->n_errors > TYAML_MAX_ERRORS)
		return;
	if (y->n_errors == 1) {
		va_list copy;
		char msg[900];

		va_copy(copy, ap);
		vsnprintf(msg, sizeof(msg), fmt, copy);
		va_end(copy);
		flatten(msg);
		mp_error_set(&y->first, MP_ERR_INVALID, "%s:%u:%u: %s", y->file,
			     line, column, msg);
	}
	if (y->diags &&
	    diag_addv(y->diags, y->file, line, column, fmt, ap) != MP_OK)
		tyaml_nomem(y);
}

void tyaml_error_mark(struct tyaml *y, yaml_mark_t mark, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(y, (unsigned)mark.line + 1, (unsigned)mark.column + 1, fmt, ap);
	va_end(ap);
}

void tyaml_error(struct tyaml *y, const yaml_node_t *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(y, (unsigned)at->start_mark.line + 1,
	       (unsigned)at->start_mark.column + 1, fmt, ap);
	va_end(ap);
}

static void error_line(struct tyaml *y, unsigned line, unsigned column,
		       const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void error_line(struct tyaml *y, unsigned line, unsigned column,
		       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(y, line, column, fmt, ap);
	va_end(ap);
}

/* --- parsing ----------------------------------------------------------------
 */

/* Line and column of a byte offset, for errors libyaml gives no mark. */
static void offset_position(const char *buf, size_t len, size_t off,
			    unsigned *line, unsigned *column)
{
	*line = 1;
	*column = 1;
	for (size_t i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*column = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
			(*column)++;
		}
	}
}

static void syntax_error(struct tyaml *y, const yaml_parser_t *p,
			 const char *buf, size_t len)
{
	const char *problem = p->problem ? p->problem : "cannot be read";
	unsigned line, column;

	if (p->error == YAML_MEMORY_ERROR) {
		tyaml_nomem(y);
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		offset_position(buf, len, p->problem_offset, &line, &column);
		error_line(y, line, column, "not UTF-8 text: %s", problem);
		return;
	}
	line = (unsigned)p->problem_mark.line + 1;
	column = (unsigned)p->problem_mark.column + 1;
	if (p->context)
		error_line(y, line, column, "YAML syntax: %s (%s)", problem,
			   p->context);
	else
		error_line(y, line, column, "YAML syntax: %s", problem);
}

/* After the first document there must be nothing but the stream's end. */
static void check_single(struct tyaml *y, yaml_parser_t *p, const char *buf,
			 size_t len)
{
	yaml_document_t next;

	if (!yaml_parser_load(p, &next)) {
		syntax_error(y, p, buf, len);
		return;
	}
	if (yaml_document_get_root_node(&next))
		error_line(y, (unsigned)next.start_mark.line + 1,
			   (unsigned)next.start_mark.column + 1,
			   "a file holds one document; remove this '---' "
			   "and what follows");
	yaml_document_delete(&next);
}

/*
 * Walk buf's events once, refusing lists and mappings nested deeper than
 * TYAML_MAX_DEPTH at the first one too deep.  libyaml's scanner keeps a
 * stack of possible keys and indents that it walks at every token, so a
 * document nested n deep costs it n squared; stopping at a fixed depth
 * keeps every load linear in the file's size.  Returns false (reported)
 * when too deep; a syntax error is left to the real load to report.
 */
static bool depth_ok(struct tyaml *y, const char *buf, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int depth = 0;
	bool ok = true, done = false;

	if (!yaml_parser_initialize(&p)) {
		tyaml_nomem(y);
		return false;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	while (ok && !done && yaml_parser_parse(&p, &ev)) {
		if (ev.type == YAML_SEQUENCE_START_EVENT ||
		    ev.type == YAML_MAPPING_START_EVENT)
			depth++;
		else if (ev.type == YAML_SEQUENCE_END_EVENT ||
			 ev.type == YAML_MAPPING_END_EVENT)
			depth--;
		done = ev.type == YAML_STREAM_END_EVENT;
		if (depth > TYAML_MAX_DEPTH) {
			error_line(y, (unsigned)ev.start_mark.line + 1,
				   (unsigned)ev.start_mark.column + 1,
				   "lists and mappings are nested more than "
				   "%d deep here; no template or answers "
				   "file needs that many levels",
				   TYAML_MAX_DEPTH);
			ok = false;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return ok;
}

enum mp_status tyaml_parse(struct tyaml *y, const char *file, const char *buf,
			   size_t len, struct tpl_diags *diags)
{
	yaml_parser_t parser;

	memset(y, 0, sizeof(*y));
	y->file = file;
	y->diags = diags;
	y->first_diag = diags ? diags->count : 0;
	if (len > TYAML_MAX_BYTES) {
		error_line(y, 1, 1, "the file is larger than %d bytes",
			   TYAML_MAX_BYTES);
		return MP_ERR_INVALID;
	}
	if (!depth_ok(y, buf, len))
		return y->nomem ? MP_ERR_NOMEM : MP_ERR_INVALID;
	if (!yaml_parser_initialize(&parser))
		return MP_ERR_NOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &y->doc)) {
		syntax_error(y, &parser, buf, len);
	} else {
		y->loaded = true;
		if (!yaml_document_get_root_node(&y->doc))
			error_line(y, 1, 1, "the file is empty");
		else
			check_single(y, &parser, buf, len);
	}
	yaml_parser_delete(&parser);
	if (y->loaded) {
		y->n_nodes = (size_t)(y->doc.nodes.top - y->doc.nodes.start);
		y->seen = calloc(y->n_nodes ? y->n_nodes : 1, 1);
		if (!y->seen)
			tyaml_nomem(y);
	}
	if (y->nomem)
		return MP_ERR_NOMEM;
	return y->n_errors ? MP_ERR_INVALID : MP_OK;
}

static int diag_before(const struct tpl_diag *a, const struct tpl_diag *b)
{
	return a->line < b->line ||
	       (a->line == b->line && a->column < b->column);
}

/* Insertion sort: stable, and the lists are short. */
static void sort_diags(struct tpl_diag *d, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct tpl_diag cur = d[i];
		size_t j = i;

		while (j > 0 && diag_before(&cur, &d[j - 1])) {
			d[j] = d[j - 1];
			j--;
		}
		d[j] = cur;
	}
}

enum mp_status tyaml_finish(struct tyaml *y, struct mp_error *err)
{
	size_t shown = y->n_errors;

	if (y->diags && y->diags->count > y->first_diag)
		sort_diags(y->diags->items + y->first_diag,
			   y->diags->count - y->first_diag);
	if (y->n_errors > TYAML_MAX_ERRORS && y->diags &&
	    template_diag_add(y->diags, y->file, 0, 0,
			      "too many errors; %zu more not shown",
			      y->n_errors - TYAML_MAX_ERRORS) != MP_OK)
		tyaml_nomem(y);
	if (y->nomem)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	if (!shown)
		return MP_OK;
	if (y->diags) {
		char line[1024];

		template_diag_format(&y->diags->items[y->first_diag], line,
				     sizeof(line));
		mp_error_set(&y->first, MP_ERR_INVALID, "%s", line);
	}
	if (shown > 1)
		return mp_error_set(err, MP_ERR_INVALID, "%s (and %zu more)",
				    y->first.message, shown - 1);
	return mp_error_set(err, MP_ERR_INVALID, "%s", y->first.message);
}

void tyaml_done(struct tyaml *y)
{
	if (y->loaded)
		yaml_document_delete(&y->doc);
	y->loaded = false;
	free(y->seen);
	y->seen = NULL;
}

yaml_node_t *tyaml_root(struct tyaml *y)
{
	yaml_node_t *root = yaml_document_get_root_node(&y->doc);

	if (root && y->n_nodes)
		y->seen[0] = 1;
	return root;
}

/* --- reading nodes ----------------------------------------------------------
 */

yaml_node_t *tyaml_node(struct tyaml *y, int index)
{
	yaml_node_t *n = yaml_document_get_node(&y->doc, index);

	if (!n)
		return NULL;
	if (y->seen[index - 1]) {
		tyaml_error(y, n,
			    "this value is used again through an alias "
			    "(*name); write it out in full each time");
		return NULL;
	}
	y->seen[index - 1] = 1;
	return n;
}

size_t tyaml_seq_len(const yaml_node_t *seq)
{
	return (size_t)(seq->data.sequence.items.top -
			seq->data.sequence.items.start);
}

yaml_node_t *tyaml_seq_item(struct tyaml *y, const yaml_node_t *seq, size_t i)
{
	return tyaml_node(y, seq->data.sequence.items.start[i]);
}

const char *tyaml_kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "text";
	}
}

const char *tyaml_text(struct tyaml *y, const yaml_node_t *n, const char *what)
{
	const char *s;

	if (n->type != YAML_SCALAR_NODE) {
		tyaml_error(y, n, "'%s' must be text, not %s", what,
			    tyaml_kind(n));
		return NULL;
	}
	s = (const char *)n->data.scalar.value;
	if (strlen(s) != n->data.scalar.length) {
		tyaml_error(y, n, "'%s' contains a NUL character", what);
		return NULL;
	}
	return s;
}

bool tyaml_is_seq(struct tyaml *y, const yaml_node_t *n, const char *what)
{
	if (n->type == YAML_SEQUENCE_NODE)
		return true;
	tyaml_error(y, n, "'%s' must be a list, not %s", what, tyaml_kind(n));
	return false;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[65];

	if (la > 64 || lb > 64)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *tyaml_suggest(const char *s, const char *const words[], size_t n)
{
	const char *best = NULL;
	size_t best_d = 3;

	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(s, words[i]);

		if (d < best_d) {
			best_d = d;
			best = words[i];
		}
	}
	return best;
}

static void map_pair(struct tyaml *y, const char *in, const char *const keys[],
		     size_t n_keys, yaml_node_t *vals[],
		     const yaml_node_pair_t *pair)
{
	yaml_node_t *k = tyaml_node(y, pair->key);
	yaml_node_t *v = tyaml_node(y, pair->value);
	const char *name, *hint;

	if (!k || !v)
		return;
	if (k->type != YAML_SCALAR_NODE) {
		tyaml_error(y, k, "a key in %s must be text, not %s", in,
			    tyaml_kind(k));
		return;
	}
	name = (const char *)k->data.scalar.value;
	for (size_t i = 0; i < n_keys; i++) {
		if (strcmp(name, keys[i]) != 0)
			continue;
		if (vals[i])
			tyaml_error(y, k, "duplicate key '%.60s' in %s", name,
				    in);
		else
			vals[i] = v;
		return;
	}
	hint = tyaml_suggest(name, keys, n_keys);
	if (hint)
		tyaml_error(y, k,
			    "unknown key '%.60s' in %s; did you mean '%s'?",
			    name, in, hint);
	else
		tyaml_error(y, k, "unknown key '%.60s' in %s", name, in);
}

bool tyaml_map(struct tyaml *y, const yaml_node_t *n, const char *in,
	       const char *const keys[], size_t n_keys, yaml_node_t *vals[])
{
	for (size_t i = 0; i < n_keys; i++)
		vals[i] = NULL;
	if (n->type != YAML_MAPPING_NODE) {
		tyaml_error(y, n,
			    "%s must be a mapping of 'key: value', not %s", in,
			    tyaml_kind(n));
		return false;
	}
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++)
		map_pair(y, in, keys, n_keys, vals, p);
	return true;
}

bool tyaml_need(struct tyaml *y, const yaml_node_t *map, const char *in,
		const char *key, const yaml_node_t *val)
{
	if (val)
		return true;
	tyaml_error(y, map, "missing key '%s' in %s", key, in);
	return false;
}

void tyaml_need_all(struct tyaml *y, const yaml_node_t *map, const char *in,
		    const char *const keys[], size_t n_keys,
		    yaml_node_t *const vals[], unsigned long optional)
{
	for (size_t i = 0; i < n_keys; i++)
		if (!(optional & (1ul << i)))
			tyaml_need(y, map, in, keys[i], vals[i]);
}

char *tyaml_join(struct tyaml *y, const yaml_node_t *seq, const char *what)
{
	size_t len = 0;
	char *out = calloc(1, 1);

	for (size_t i = 0; out && i < tyaml_seq_len(seq); i++) {
		yaml_node_t *item = tyaml_seq_item(y, seq, i);
		const char *s = item ? tyaml_text(y, item, what) : NULL;
		char *bigger;

		if (s && strchr(s, '\n')) {
			tyaml_error(y, item, "each item of '%s' is one line",
				    what);
			s = NULL;
		}
		if (!s) {
			free(out);
			return NULL;
		}
		bigger = realloc(out, len + strlen(s) + 2);
		if (!bigger)
			free(out);
		out = bigger;
		if (!out)
			break;
		if (i)
			out[len++] = '\n';
		memcpy(out + len, s, strlen(s) + 1);
		len += strlen(s);
	}
	if (!out)
		tyaml_nomem(y);
	return out;
}

int tyaml_bool(struct tyaml *y, const yaml_node_t *n, const char *what)
{
	const char *s = tyaml_text(y, n, what);

	if (!s)
		return -1;
	if (!strcasecmp(s, "true") || !strcasecmp(s, "yes"))
		return 1;
	if (!strcasecmp(s, "false") || !strcasecmp(s, "no"))
		return 0;
	tyaml_error(y, n, "'%s' must be true or false, not '%.40s'", what, s);
	return -1;
}

bool tyaml_long(struct tyaml *y, const yaml_node_t *n, const char *what,
		long lo, long hi, long *out)
{
	const char *s = tyaml_text(y, n, what);
	char *end;
	long v;

	if (!s)
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end || errno ||
	    (*s != '-' && (*s < '0' || *s > '9'))) {
		tyaml_error(y, n, "'%s' must be a whole number, not '%.40s'",
			    what, s);
		return false;
	}
	if (v < lo || v > hi) {
		tyaml_error(y, n, "'%s' must be from %ld to %ld, not %ld", what,
			    lo, hi, v);
		return false;
	}
	*out = v;
	return true;
}
