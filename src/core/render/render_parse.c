/*
 * render_parse.c - render_parse: check a signed text, then read its body
 * back into an agreement.
 *
 * Reading back never guesses.  The template the body names gives the
 * order of its blocks (render_body.c records them); the body is cut into
 * the same blocks, the parties' details and the answers are read out of
 * theirs, and the agreement so read is rendered again: only when that
 * gives the signed bytes exactly is it accepted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

struct readback {
	const struct template *tpl;
	const struct render_report *rep;
	struct rlines l;
	struct rlayout layout;
	size_t (*range)[2]; /* each block's lines: [first, end) */
	char *details[2][TPL_DETAIL_COUNT];
	char **values;
	struct mp_error *err;
};

/* The heading of the section that line falls in (a line underlined by
 * dashes), into buf; "" before the first section. */
static void section_at(const struct rlines *l, size_t line, char *buf,
		       size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i + 1 < l->n && i + 1 <= line; i++) {
		const char *u = l->v[i + 1];

		if (*l->v[i] && *u == '-' && strspn(u, "-") == strlen(u))
			snprintf(buf, size, "%s", l->v[i]);
	}
}

static enum mp_status unreadable(struct readback *rb, const char *why,
				 size_t line)
{
	char section[256];

	section_at(&rb->l, line, section, sizeof(section));
	return mp_error_set(rb->err, MP_ERR_INVALID,
			    "the signed text does not read back as an "
			    "agreement of scheme %s: %s%s%s%s (line %zu)",
			    rb->rep->scheme_id, why,
			    *section ? ", in section \"" : "", section,
			    *section ? "\"" : "", line + 1);
}

/* The signed text's wording is not the template's: say where. */
static enum mp_status reworded(struct readback *rb, size_t line)
{
	char section[256];

	section_at(&rb->l, line, section, sizeof(section));
	return mp_error_set(rb->err, MP_ERR_INVALID,
			    "the wording of %s%s%s differs from the scheme's "
			    "own words: template %s (version %s), whose hash "
			    "the text names, writes that part otherwise, so "
			    "the text was changed before it was signed "
			    "(line %zu)",
			    *section ? "section \"" : "the text", section,
			    *section ? "\"" : "", rb->tpl->id,
			    rb->tpl->version ? rb->tpl->version : "?",
			    line + 1);
}

static bool indented(const char *line)
{
	return !strncmp(line, RBODY_ANSWER, strlen(RBODY_ANSWER));
}

/* Cut the lines into the blocks the layout lists. */
static enum mp_status cut(struct readback *rb)
{
	const struct rlines *l = &rb->l;
	size_t at = 0;

	rb->range = calloc(rb->layout.n ? rb->layout.n : 1, sizeof(*rb->range));
	if (!rb->range)
		return mp_error_set(rb->err, MP_ERR_NOMEM, NULL);
	for (size_t k = 0; k < rb->layout.n; k++) {
		const struct rblock *b = &rb->layout.blocks[k];
		size_t start;

		if (k && (at >= l->n || *l->v[at++]))
			return unreadable(rb,
					  "a block does not end where "
					  "expected",
					  at);
		start = at;
		if (b->kind == RB_FIELD) {
			at += b->lead_lines;
			while (at < l->n && (indented(l->v[at]) ||
					     (!*l->v[at] && at + 1 < l->n &&
					      indented(l->v[at + 1]))))
				at++;
		} else {
			while (at < l->n && *l->v[at])
				at++;
		}
		if (at == start || at > l->n)
			return unreadable(rb, "a block is missing", start);
		rb->range[k][0] = start;
		rb->range[k][1] = at;
	}
	if (at != l->n)
		return unreadable(rb,
				  "there is more text than the template "
				  "has room for",
				  at);
	return MP_OK;
}

/* Unwrap lines [from, to) made with first and rest into *out. */
static enum mp_status unwrap(struct readback *rb, const char *first,
			     const char *rest, size_t from, size_t to,
			     char **out)
{
	enum mp_status st = rtext_unwrap(
	    first, rest, (const char *const *)rb->l.v + from, to - from, out);

	if (st == MP_ERR_NOMEM)
		return mp_error_set(rb->err, st, NULL);
	if (st != MP_OK)
		return unreadable(rb, "a wrapped line cannot be read back",
				  from);
	return MP_OK;
}

/* --- details ------------------------------------------------------------ */

static int detail_of(const char *key)
{
	char label[32];

	for (int d = 0; d < TPL_DETAIL_COUNT; d++) {
		snprintf(label, sizeof(label),
			 "%s:", rbody_detail_label((enum tpl_detail)d));
		if (!strcmp(key, label))
			return d;
	}
	return -1;
}

/* One "Key: value" line and its continuation lines from *at. */
static enum mp_status key_line(struct readback *rb, size_t *at, size_t end,
			       char *key, size_t key_size, char **value)
{
	const char *line = rb->l.v[*at], *colon = strchr(line, ':');
	const char *rest = "               ";
	char first[64];
	size_t to = *at + 1;

	if (!colon || (size_t)(colon - line) + 2 > key_size ||
	    (size_t)(colon - line) + 1 >= RBODY_KEY_COLS)
		return unreadable(rb, "a details line has no key", *at);
	snprintf(key, key_size, "%.*s", (int)(colon - line + 1), line);
	snprintf(first, sizeof(first), "%-*s", RBODY_KEY_COLS, key);
	while (to < end && !strncmp(rb->l.v[to], rest, strlen(rest)))
		to++;
	enum mp_status st = unwrap(rb, first, rest, *at, to, value);
	*at = to;
	return st;
}

static enum mp_status set_detail(struct readback *rb, int role, int d,
				 char *value)
{
	if (role < 0 || d < 0 || rb->details[role][d]) {
		free(value);
		return role < 0 || d < 0
			   ? mp_error_set(rb->err, MP_ERR_INVALID,
					  "a party's details cannot be "
					  "read back")
			   : MP_OK;
	}
	if (!strcmp(value, RBODY_NO_ANSWER)) {
		free(value);
		return MP_OK;
	}
	rb->details[role][d] = value;
	return MP_OK;
}

static enum mp_status read_details(struct readback *rb, size_t k)
{
	size_t at = rb->range[k][0], end = rb->range[k][1];
	enum mp_status st = MP_OK;
	int role = -1;

	while (at < end && st == MP_OK) {
		char key[32], *value;

		st = key_line(rb, &at, end, key, sizeof(key), &value);
		if (st != MP_OK)
			break;
		if (!strcmp(key, "Mentor:") || !strcmp(key, "Mentee:")) {
			role = key[4] == 'o' ? AG_MENTOR : AG_MENTEE;
			st = set_detail(rb, role, TPL_DETAIL_NAME, value);
		} else {
			st = set_detail(rb, role, detail_of(key), value);
		}
	}
	return st;
}

/* --- answers ------------------------------------------------------------- */

/* Unwrap lines [from, to) made with first and rest, and append them to
 * out as one more line of the answer. */
static enum mp_status append_line(struct readback *rb, const char *first,
				  const char *rest, size_t from, size_t to,
				  struct rbuf *out)
{
	char *line;
	enum mp_status st = unwrap(rb, first, rest, from, to, &line);

	if (st != MP_OK)
		return st;
	if (out->len)
		rbuf_puts(out, "\n");
	rbuf_puts(out, line);
	free(line);
	return MP_OK;
}

/* Paragraphs separated by empty lines, each one line of the answer. */
static enum mp_status read_text(struct readback *rb, size_t from, size_t to,
				struct rbuf *out)
{
	enum mp_status st = MP_OK;

	while (from < to && st == MP_OK) {
		size_t end = from;

		while (end < to && *rb->l.v[end])
			end++;
		st =
		    append_line(rb, RBODY_ANSWER, RBODY_ANSWER, from, end, out);
		from = end + 1;
	}
	return st;
}

/* Items "    N. text", continued at the indent after "N. ". */
static enum mp_status read_list(struct readback *rb, size_t from, size_t to,
				struct rbuf *out)
{
	enum mp_status st = MP_OK;
	int n = 0;

	while (from < to && st == MP_OK) {
		char first[32], rest[32];
		size_t end = from + 1;

		snprintf(first, sizeof(first), RBODY_ANSWER "%d. ", ++n);
		snprintf(rest, sizeof(rest), "%*s", (int)strlen(first), "");
		if (strncmp(rb->l.v[from], first, strlen(first)) != 0)
			return unreadable(rb,
					  "a list answer is not numbered in "
					  "order",
					  from);
		while (end < to && !strncmp(rb->l.v[end], rest, strlen(rest)))
			end++;
		st = append_line(rb, first, rest, from, end, out);
		from = end;
	}
	return st;
}

static enum mp_status read_field(struct readback *rb, size_t k)
{
	const struct rblock *b = &rb->layout.blocks[k];
	size_t from = rb->range[k][0] + b->lead_lines, to = rb->range[k][1];
	const struct tpl_field *f = rb->tpl->fields[b->index];
	struct rbuf v = {0};
	enum mp_status st;

	if (to == from + 1 &&
	    !strcmp(rb->l.v[from], RBODY_ANSWER RBODY_NO_ANSWER))
		return MP_OK;
	st = f->type == TPL_LIST ? read_list(rb, from, to, &v)
				 : read_text(rb, from, to, &v);
	if (st == MP_OK && v.nomem)
		st = mp_error_set(rb->err, MP_ERR_NOMEM, NULL);
	if (st != MP_OK || rb->values[b->index]) {
		rbuf_free(&v);
		return st;
	}
	rb->values[b->index] = v.s ? v.s : strdup("");
	return rb->values[b->index] ? MP_OK
				    : mp_error_set(rb->err, MP_ERR_NOMEM, NULL);
}

static enum mp_status read_blocks(struct readback *rb)
{
	enum mp_status st = MP_OK;

	for (int r = 0; r < 2; r++)
		if (rb->rep->names[r][0] && !(rb->details[r][TPL_DETAIL_NAME] =
						  strdup(rb->rep->names[r])))
			return mp_error_set(rb->err, MP_ERR_NOMEM, NULL);
	for (size_t k = 0; k < rb->layout.n && st == MP_OK; k++) {
		if (rb->layout.blocks[k].kind == RB_DETAILS)
			st = read_details(rb, k);
		else if (rb->layout.blocks[k].kind == RB_FIELD)
			st = read_field(rb, k);
	}
	return st;
}

/* --- checking and keeping what was read ------------------------------- */

static struct rsrc source(struct readback *rb, bool with_answers)
{
	struct rsrc src = {rb->tpl,	     rb->rep->tpl_hash, rb->rep->id,
			   rb->rep->version, {NULL, NULL},	NULL};

	if (with_answers) {
		src.details[0] = rb->details[0];
		src.details[1] = rb->details[1];
		src.values = rb->values;
	}
	return src;
}

/* The agreement read back must render to the signed bytes. */
static enum mp_status same_again(struct readback *rb, const char *body,
				 size_t len)
{
	struct rsrc src = source(rb, true);
	struct rbuf again = {0};
	enum mp_status st = rbody_render(&src, &again, NULL, rb->err);
	size_t i = 0, line = 0;

	if (st != MP_OK) {
		rbuf_free(&again);
		return st;
	}
	while (i < len && i < again.len && body[i] == again.s[i])
		line += body[i++] == '\n';
	if (i < len || i < again.len)
		st = reworded(rb, line);
	rbuf_free(&again);
	return st;
}

/* A copy of tpl that the agreement owns (its canonical form loaded). */
static enum mp_status copy_template(const struct template *tpl,
				    struct template **out, struct mp_error *err)
{
	char *canon;
	size_t len;
	enum mp_status st = template_canonical(tpl, &canon, &len, err);

	if (st != MP_OK)
		return st;
	st = template_load_buffer(tpl->id, canon, len, out, NULL, err);
	free(canon);
	return st;
}

static enum mp_status keep_sigs(struct agreement *ag,
				const struct render_report *rep,
				struct rblock_sigs *sigs)
{
	for (int r = 0; r < 2; r++) {
		struct ag_signature *g = &ag->sigs[r];

		g->present = true;
		g->name = strdup(rep->signers[r].tc.name);
		g->signed_at = strdup(rep->signers[r].tc.time);
		g->minisig = sigs->minisig[r];
		g->pubkey = sigs->pubkey[r];
		sigs->minisig[r] = sigs->pubkey[r] = NULL;
		if (!g->name || !g->signed_at)
			return MP_ERR_NOMEM;
	}
	return MP_OK;
}

static enum mp_status build(struct readback *rb, const char *body, size_t len,
			    struct rblock_sigs *sigs, struct agreement **out)
{
	const struct template *tpl = rb->tpl;
	struct agreement *ag = calloc(1, sizeof(*ag));
	enum mp_status st;

	if (!ag)
		return mp_error_set(rb->err, MP_ERR_NOMEM, NULL);
	st = copy_template(tpl, &ag->tpl, rb->err);
	if (st != MP_OK) {
		free(ag);
		return st;
	}
	memcpy(ag->id, rb->rep->id, AG_ID_SIZE);
	ag->version = rb->rep->version;
	memcpy(ag->tpl_hash, rb->rep->tpl_hash, TPL_HASH_HEX + 1);
	memcpy(ag->parties[0].details, rb->details[0], sizeof(rb->details[0]));
	memcpy(ag->parties[1].details, rb->details[1], sizeof(rb->details[1]));
	memset(rb->details, 0, sizeof(rb->details));
	ag->values = rb->values;
	rb->values = NULL;
	ag->status = AG_ACTIVE;
	ag->imported = true;
	ag->confirmed = calloc(tpl->n_sections ? tpl->n_sections : 1,
			       sizeof(*ag->confirmed));
	ag->body = strndup(body, len);
	st = sigs ? keep_sigs(ag, rb->rep, sigs) : MP_OK;
	if (st != MP_OK || !ag->confirmed || !ag->body) {
		agreement_free(ag);
		return mp_error_set(rb->err, MP_ERR_NOMEM, NULL);
	}
	for (size_t s = 0; s < tpl->n_sections; s++)
		ag->confirmed[s] = (unsigned)tpl->sections[s].confirm;
	*out = ag;
	return MP_OK;
}

static void readback_free(struct readback *rb)
{
	rlines_free(&rb->l);
	free(rb->layout.blocks);
	free(rb->range);
	for (int r = 0; r < 2; r++)
		for (int d = 0; d < TPL_DETAIL_COUNT; d++)
			free(rb->details[r][d]);
	if (rb->values)
		for (size_t i = 0; i < rb->tpl->n_fields; i++)
			free(rb->values[i]);
	free(rb->values);
}

enum mp_status rparse_body(const struct template *tpl,
			   const struct render_report *rep, const char *body,
			   size_t len, struct rblock_sigs *sigs,
			   struct agreement **out, struct mp_error *err)
{
	struct readback rb = {.tpl = tpl, .rep = rep, .err = err};
	struct rsrc skeleton = source(&rb, false);
	struct rbuf scratch = {0};
	enum mp_status st;

	rb.values =
	    calloc(tpl->n_fields ? tpl->n_fields : 1, sizeof(*rb.values));
	if (!rb.values)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	st = rbody_render(&skeleton, &scratch, &rb.layout, err);
	rbuf_free(&scratch);
	if (st == MP_OK &&
	    rlines_split(body, len ? len - 1 : 0, &rb.l) != MP_OK)
		st = mp_error_set(err, MP_ERR_NOMEM, NULL);
	if (st == MP_OK)
		st = cut(&rb);
	if (st == MP_OK)
		st = read_blocks(&rb);
	if (st == MP_OK && (!len || body[len - 1] != '\n'))
		st = unreadable(&rb, "it does not end with a line end", 0);
	if (st == MP_OK)
		st = same_again(&rb, body, len);
	if (st == MP_OK)
		st = build(&rb, body, len, sigs, out);
	readback_free(&rb);
	return st;
}

enum mp_status render_parse(const char *text, size_t len,
			    render_lookup_fn lookup, void *ctx,
			    struct agreement **out,
			    struct render_report *report, struct mp_error *err)
{
	struct rblock_sigs sigs;
	const struct template *tpl;
	size_t body_len;
	enum mp_status st;

	if (out)
		*out = NULL;
	/* The start line of an export is not signed. */
	if (len > strlen(RENDER_START) + 1 &&
	    !memcmp(text, RENDER_START, strlen(RENDER_START))) {
		size_t n = strlen(RENDER_START);

		n += text[n] == '\r' && text[n + 1] == '\n';
		if (text[n] == '\n') {
			text += n + 1;
			len -= n + 1;
		}
	}
	st = rcheck_text(text, len, report, &body_len, &sigs, err);
	if (st == MP_ERR_NOMEM)
		return st;
	if (st != MP_OK)
		return mp_error_set(err, MP_ERR_VERIFY, "%s",
				    report->n_issues ? report->issues[0].message
						     : "verification failed");
	if (out && lookup) {
		tpl = lookup(ctx, report->scheme_id, report->tpl_hash);
		report->template_missing = !tpl;
		if (tpl)
			st = rparse_body(tpl, report, text, body_len, &sigs,
					 out, err);
	}
	rblock_sigs_free(&sigs);
	return st;
}

const struct template *render_catalog_lookup(void *ctx, const char *scheme,
					     const char *hash)
{
	return template_catalog_find_hash(ctx, scheme, hash);
}
