/*
 * wizard_model.c - the wizard's fields, sections and decisions; no
 * curses and no store (see wizard_model.h).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui_text.h"
#include "tui/wizard_model.h"

static const char *const role_words[2] = {"mentor", "mentee"};
static const char *const detail_labels[2][TPL_DETAIL_COUNT] = {
    {"Mentor's full name", "Mentor's email", "Mentor's phone",
     "Mentor's organisation"},
    {"Mentee's full name", "Mentee's email", "Mentee's phone",
     "Mentee's organisation"},
};
static const char *const detail_help[TPL_DETAIL_COUNT] = {
    "The full name, written as it will be typed again to sign.",
    "An email address such as name@example.org.",
    "A phone number, with the area code.",
    "The organisation they work for.",
};

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

/* Fill f for a detail of role r; returns 0 or -1. */
static int make_detail(struct wm_field *f, int r, int d,
		       const struct tpl_party_spec *spec, int section)
{
	static const enum tpl_type types[TPL_DETAIL_COUNT] = {
	    TPL_TEXT, TPL_EMAIL, TPL_PHONE, TPL_TEXT};
	const char *name = template_detail_name((enum tpl_detail)d);
	size_t n = strlen(role_words[r]) + strlen(name) + 2;

	memset(f, 0, sizeof(*f));
	if (!(f->key = malloc(n)) || !(f->label = strdup(detail_labels[r][d])))
		return -1;
	snprintf(f->key, n, "%s.%s", role_words[r], name);
	f->help = detail_help[d];
	f->type = types[d];
	f->who = r == 0 ? TPL_MENTOR : TPL_MENTEE;
	f->required = d == TPL_DETAIL_NAME || (spec->required & 1u << d);
	f->section = section;
	return 0;
}

static int make_field(struct wm_field *f, const struct tpl_field *tf,
		      int section)
{
	memset(f, 0, sizeof(*f));
	if (!(f->key = strdup(tf->id)) || !(f->label = strdup(tf->label)))
		return -1;
	f->help = tf->help;
	f->type = tf->type;
	f->who = tf->who;
	f->required = tf->required;
	f->tf = tf;
	f->section = section;
	return 0;
}

static size_t count_details(const struct template *tpl)
{
	size_t n = 0;

	for (int r = 0; r < 2; r++)
		for (int d = 0; d < TPL_DETAIL_COUNT; d++)
			n += d == 0 || (tpl->parties[r].ask & 1u << d);
	return n;
}

static int add_details(struct wizard_model *m)
{
	const struct template *tpl = m->tpl;

	for (int r = 0; r < 2; r++) {
		for (int d = 0; d < TPL_DETAIL_COUNT; d++) {
			if (d != 0 && !(tpl->parties[r].ask & 1u << d))
				continue;
			if (make_detail(&m->fields[m->n_fields], r, d,
					&tpl->parties[r], -1) != 0)
				return -1;
			m->party_fields[m->n_party_fields++] = m->n_fields++;
		}
	}
	return 0;
}

/* The fields section s shows: its details, then its fields, in the order
 * of its items.  A party's details belong to the first section that shows
 * them. */
static int add_section(struct wizard_model *m, size_t s)
{
	const struct tpl_section *S = &m->tpl->sections[s];
	struct wm_section *ws = &m->sections[s];

	ws->tpl = S;
	ws->need = (unsigned)S->confirm;
	ws->fields = calloc(m->n_fields + S->n_items + 1, sizeof(size_t));
	if (!ws->fields)
		return -1;
	for (size_t i = 0; i < S->n_items; i++) {
		const struct tpl_item *it = &S->items[i];
		if (it->kind == TPL_DETAILS) {
			for (size_t k = 0; k < m->n_party_fields; k++) {
				size_t fi = m->party_fields[k];
				struct wm_field *f = &m->fields[fi];
				if (!(f->who & it->party) ||
				    (f->section >= 0 && f->section != (int)s))
					continue;
				f->section = (int)s;
				ws->fields[ws->n_fields++] = fi;
			}
		} else if (it->kind == TPL_FIELD) {
			if (make_field(&m->fields[m->n_fields], it->field,
				       (int)s) != 0)
				return -1;
			ws->fields[ws->n_fields++] = m->n_fields++;
		}
	}
	return 0;
}

static int load_values(struct wizard_model *m, wm_lookup_fn lookup, void *ctx)
{
	for (size_t i = 0; i < m->n_fields; i++) {
		struct wm_field *f = &m->fields[i];
		const char *v = lookup ? lookup(ctx, f->key) : NULL;
		/* An answer never given starts as the scheme's default,
		 * typed but not yet saved. */
		const char *shown = !v && f->tf && f->tf->def ? f->tf->def : v;
		if (!(f->text = dup_or_empty(shown)) ||
		    !(f->saved = dup_or_empty(v)))
			return -1;
	}
	return 0;
}

int wm_init(struct wizard_model *m, const struct template *tpl,
	    wm_lookup_fn lookup, void *ctx)
{
	size_t most = tpl->n_fields + count_details(tpl);

	memset(m, 0, sizeof(*m));
	m->tpl = tpl;
	m->fields = calloc(most + 1, sizeof(*m->fields));
	m->party_fields = calloc(most + 1, sizeof(size_t));
	m->sections = calloc(tpl->n_sections + 1, sizeof(*m->sections));
	m->n_sections = tpl->n_sections;
	if (!m->fields || !m->party_fields || !m->sections ||
	    add_details(m) != 0)
		goto fail;
	for (size_t s = 0; s < tpl->n_sections; s++)
		if (add_section(m, s) != 0)
			goto fail;
	if (load_values(m, lookup, ctx) != 0)
		goto fail;
	return 0;
fail:
	wm_free(m);
	return -1;
}

int wm_init_fields(struct wizard_model *m, const struct template *tpl,
		   const struct tpl_field *const *fields, size_t n,
		   wm_lookup_fn lookup, void *ctx)
{
	memset(m, 0, sizeof(*m));
	m->tpl = tpl;
	m->fields = calloc(n + 1, sizeof(*m->fields));
	m->party_fields = calloc(1, sizeof(size_t));
	m->sections = calloc(1, sizeof(*m->sections));
	if (!m->fields || !m->party_fields || !m->sections ||
	    !(m->sections[0].fields = calloc(n + 1, sizeof(size_t))))
		goto fail;
	m->n_sections = 1;
	for (size_t i = 0; i < n; i++) {
		m->n_fields = i + 1; /* freed by wm_free even half made */
		if (make_field(&m->fields[i], fields[i], 0) != 0)
			goto fail;
		m->sections[0].fields[i] = i;
	}
	m->sections[0].n_fields = n;
	if (load_values(m, lookup, ctx) != 0)
		goto fail;
	return 0;
fail:
	wm_free(m);
	return -1;
}

void wm_free(struct wizard_model *m)
{
	for (size_t i = 0; m->fields && i < m->n_fields; i++) {
		free(m->fields[i].key);
		free(m->fields[i].label);
		free(m->fields[i].text);
		free(m->fields[i].saved);
		free(m->fields[i].error);
	}
	for (size_t s = 0; m->sections && s < m->n_sections; s++)
		free(m->sections[s].fields);
	free(m->fields);
	free(m->sections);
	free(m->party_fields);
	memset(m, 0, sizeof(*m));
}

struct wm_field *wm_field(struct wizard_model *m, size_t i)
{
	return i < m->n_fields ? &m->fields[i] : NULL;
}

int wm_find(const struct wizard_model *m, const char *key)
{
	for (size_t i = 0; i < m->n_fields; i++)
		if (strcmp(m->fields[i].key, key) == 0)
			return (int)i;
	return -1;
}

/* --- navigation ------------------------------------------------------------
 */

bool wm_next(struct wizard_model *m)
{
	return wm_jump(m, m->current + 1);
}

bool wm_prev(struct wizard_model *m)
{
	return m->current > 0 && wm_jump(m, m->current - 1);
}

bool wm_jump(struct wizard_model *m, size_t k)
{
	if (k >= m->n_sections)
		return false;
	m->current = k;
	return true;
}

/* --- answers
 * ------------------------------------------------------------------ */

static int replace(char **slot, const char *s)
{
	char *copy = s ? strdup(s) : NULL;

	if (s && !copy)
		return -1;
	free(*slot);
	*slot = copy;
	return 0;
}

int wm_set_text(struct wm_field *f, const char *text)
{
	return replace(&f->text, text ? text : "");
}

/* The list's items, trimmed, without the empty ones, one a line. */
static char *list_value(const char *text)
{
	size_t n = wm_list_count(text), len = 0;
	char *out = malloc(strlen(text) + 1);

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char *item = wm_list_item(text, i),
		     *t = item ? text_trim(item) : NULL;
		free(item);
		if (!t) {
			free(out);
			return NULL;
		}
		if (*t) {
			if (len)
				out[len++] = '\n';
			memcpy(out + len, t, strlen(t));
			len += strlen(t);
		}
		free(t);
	}
	out[len] = '\0';
	return out;
}

char *wm_value(const struct wm_field *f)
{
	if (f->type == TPL_LIST)
		return list_value(f->text);
	if (f->type == TPL_LONG_TEXT) { /* keep inner lines, trim the ends */
		const char *s = f->text, *e = s + strlen(s);
		while (*s == ' ' || *s == '\n')
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\n'))
			e--;
		return strndup(s, (size_t)(e - s));
	}
	return text_trim(f->text);
}

bool wm_dirty(const struct wm_field *f)
{
	char *v = wm_value(f);
	bool dirty = !v || strcmp(v, f->saved) != 0;

	free(v);
	return dirty;
}

int wm_saved(struct wm_field *f, const char *normalised)
{
	free(f->error);
	f->error = NULL;
	if (replace(&f->saved, normalised ? normalised : "") != 0)
		return -1;
	/* A list keeps its empty rows on screen until the section changes;
	 * every other field shows the normal form at once. */
	if (f->type == TPL_LIST && !wm_dirty(f))
		return 0;
	return replace(&f->text, f->saved);
}

int wm_failed(struct wm_field *f, const char *message)
{
	return replace(&f->error, message ? message : "not accepted");
}

int wm_restore(struct wm_field *f, const char *text, const char *message)
{
	return wm_set_text(f, text) || wm_failed(f, message) ? -1 : 0;
}

/* --- saving
 * ---------------------------------------------------------------------- */

/* Typed and not saved, or refused: the store must hear of it. */
static bool to_save(const struct wm_field *f)
{
	return f->error || wm_dirty(f);
}

size_t wm_to_save(const struct wizard_model *m, enum wm_event ev, size_t focus,
		  size_t *out)
{
	size_t n = 0;

	switch (ev) {
	case WM_EV_KEY:
		return 0;
	case WM_EV_FIELD_LEFT:
		if (focus < m->n_fields && to_save(&m->fields[focus]))
			out[n++] = focus;
		return n;
	case WM_EV_SECTION_CHANGE: /* the fields on screen */
		for (size_t i = 0; i < m->n_fields; i++)
			if (m->fields[i].section == (int)m->current &&
			    to_save(&m->fields[i]))
				out[n++] = i;
		return n;
	case WM_EV_SAVE:
	case WM_EV_LEAVE:
		for (size_t i = 0; i < m->n_fields; i++)
			if (to_save(&m->fields[i]))
				out[n++] = i;
		return n;
	}
	return 0;
}

/* --- state
 * ------------------------------------------------------------------------- */

static bool field_ok(const struct wm_field *f)
{
	return !f->error && !wm_dirty(f) && (!f->required || *f->saved);
}

bool wm_section_complete(const struct wizard_model *m, size_t k)
{
	const struct wm_section *s;

	if (k >= m->n_sections)
		return false;
	s = &m->sections[k];
	for (size_t i = 0; i < s->n_fields; i++)
		if (!field_ok(&m->fields[s->fields[i]]))
			return false;
	return true;
}

bool wm_section_confirmed(const struct wizard_model *m, size_t k)
{
	return k < m->n_sections &&
	       (m->sections[k].confirmed & m->sections[k].need) ==
		   m->sections[k].need;
}

size_t wm_confirmed_count(const struct wizard_model *m)
{
	size_t n = 0;

	for (size_t k = 0; k < m->n_sections; k++)
		n += wm_section_confirmed(m, k);
	return n;
}

static void add_block(struct wm_block *out, size_t max, size_t *n,
		      struct wm_block b)
{
	if (*n < max)
		out[*n] = b;
	(*n)++;
}

static void field_blocks(const struct wizard_model *m, size_t fi,
			 struct wm_block *out, size_t max, size_t *n)
{
	const struct wm_field *f = &m->fields[fi];
	struct wm_block b = {WM_BLOCK_MISSING, f->section, (int)fi, 0};

	if (f->error)
		b.kind = WM_BLOCK_INVALID;
	else if (wm_dirty(f))
		b.kind = WM_BLOCK_UNSAVED;
	else if (f->required && !*f->saved)
		b.kind = WM_BLOCK_MISSING;
	else
		return;
	add_block(out, max, n, b);
}

size_t wm_blockers(const struct wizard_model *m, struct wm_block *out,
		   size_t max)
{
	size_t n = 0;

	for (size_t k = 0; k < m->n_party_fields; k++)
		if (m->fields[m->party_fields[k]].section < 0)
			field_blocks(m, m->party_fields[k], out, max, &n);
	for (size_t s = 0; s < m->n_sections; s++) {
		const struct wm_section *S = &m->sections[s];
		for (size_t i = 0; i < S->n_fields; i++)
			field_blocks(m, S->fields[i], out, max, &n);
		for (unsigned bit = TPL_MENTOR; bit <= TPL_MENTEE; bit <<= 1)
			if ((S->need & bit) && !(S->confirmed & bit))
				add_block(
				    out, max, &n,
				    (struct wm_block){WM_BLOCK_UNCONFIRMED,
						      (int)s, -1, bit});
	}
	return n;
}

int wm_problem_section(const struct wizard_model *m, const char *problem)
{
	int best = -2;
	size_t best_len = 0;

	for (int r = 0; r < 2; r++) {
		char prefix[16];
		snprintf(prefix, sizeof(prefix), "the %s's ", role_words[r]);
		if (strncmp(problem, prefix, strlen(prefix)) == 0) {
			int k =
			    wm_find(m, r == 0 ? "mentor.name" : "mentee.name");
			return k < 0 ? -1 : m->fields[k].section;
		}
	}
	for (size_t s = 0; s < m->n_sections; s++) {
		const char *t = m->sections[s].tpl->title;
		size_t len = strlen(t);
		if (len > best_len && strncmp(problem, t, len) == 0 &&
		    problem[len] == ':') {
			best = (int)s;
			best_len = len;
		}
	}
	return best;
}

/* The party detail a line of agreement_problems() names, as in "the
 * mentee's email is not given": the word after "the mentee's " is the
 * detail's key.  -1 when the line names no detail of the model. */
int wm_problem_detail(const struct wizard_model *m, const char *problem)
{
	for (int r = 0; r < 2; r++) {
		char prefix[16], key[48];
		size_t n, len;

		snprintf(prefix, sizeof(prefix), "the %s's ", role_words[r]);
		len = strlen(prefix);
		if (strncmp(problem, prefix, len) != 0)
			continue;
		n = strcspn(problem + len, " :");
		if (n == 0 || n > 32)
			return -1;
		snprintf(key, sizeof(key), "%s.%.*s", role_words[r], (int)n,
			 problem + len);
		return wm_find(m, key);
	}
	return -1;
}

/* --- small decisions
 * -------------------------------------------------------------- */

bool wm_accept_char(wchar_t c, bool multiline)
{
	if (c == L'\n')
		return multiline;
	return !text_unsafe(c, false) && (uint32_t)c <= 0x10ffff &&
	       !((uint32_t)c >= 0xd800 && (uint32_t)c < 0xe000);
}

bool wm_too_small(int cols, int rows)
{
	return cols < WM_MIN_COLS || rows < WM_MIN_ROWS;
}

/* --- lists
 * ----------------------------------------------------------------------------
 */

size_t wm_list_count(const char *text)
{
	size_t n = 1;

	for (; text && *text; text++)
		n += *text == '\n';
	return n;
}

/* Where item i starts in text, and its length; NULL past the end. */
static const char *item_span(const char *text, size_t i, size_t *len)
{
	const char *p = text ? text : "", *nl;

	for (; i > 0; i--) {
		if (!(p = strchr(p, '\n')))
			return NULL;
		p++;
	}
	nl = strchr(p, '\n');
	*len = nl ? (size_t)(nl - p) : strlen(p);
	return p;
}

char *wm_list_item(const char *text, size_t i)
{
	size_t len;
	const char *p = item_span(text, i, &len);

	return p ? strndup(p, len) : strdup("");
}

/* Build text with item i's span replaced by with (NULL: removed, with the
 * newline that joins it to its neighbour). */
static int splice(struct wm_field *f, size_t i, const char *with)
{
	size_t len, total = strlen(f->text), add = with ? strlen(with) : 0;
	const char *p = item_span(f->text, i, &len);
	size_t start, end;
	char *out;

	if (!p)
		return -1;
	start = (size_t)(p - f->text);
	end = start + len;
	if (!with) { /* take a newline with it */
		if (end < total)
			end++;
		else if (start > 0)
			start--;
	}
	if (!(out = malloc(total - (end - start) + add + 1)))
		return -1;
	memcpy(out, f->text, start);
	memcpy(out + start, with ? with : "", add);
	strcpy(out + start + add, f->text + end);
	free(f->text);
	f->text = out;
	return 0;
}

int wm_list_put(struct wm_field *f, size_t i, const char *item)
{
	if (strchr(item, '\n'))
		return -1;
	while (wm_list_count(f->text) <= i)
		if (wm_list_add(f, wm_list_count(f->text) - 1) < 0)
			return -1;
	return splice(f, i, item);
}

int wm_list_add(struct wm_field *f, size_t i)
{
	size_t n = wm_list_count(f->text);
	long max = f->tf && f->tf->max_items > 0 ? f->tf->max_items
						 : TPL_LIST_ITEMS_MAX;
	size_t len;
	const char *p;
	char *out;

	if ((long)n >= max)
		return -1;
	if (i >= n)
		i = n - 1;
	p = item_span(f->text, i, &len);
	if (!p || !(out = malloc(strlen(f->text) + 2)))
		return -1;
	len += (size_t)(p - f->text);
	memcpy(out, f->text, len);
	out[len] = '\n';
	strcpy(out + len + 1, f->text + len);
	free(f->text);
	f->text = out;
	return (int)i + 1;
}

size_t wm_list_delete(struct wm_field *f, size_t i)
{
	size_t n = wm_list_count(f->text);

	if (i >= n)
		i = n - 1;
	if (n == 1) {
		splice(f, 0, "");
		return 0;
	}
	if (splice(f, i, NULL) != 0)
		return i;
	return i < n - 1 ? i : i - 1;
}
