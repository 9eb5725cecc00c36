/*
 * template_parts.c - the template loader's parts, below its one entry
 * (template.c): arrays that grow, texts, ids and party names read from a
 * node and checked, wording with its {id} names noted, and a template
 * freed.  Everything here calls only the YAML reader and the text rules
 * (template_yaml.c, template_value.c, template_wording.c).
 */
#include <stdlib.h>
#include <string.h>

#include "template_internal.h"

/* --- small helpers ----------------------------------------------------------
 */

bool tload_grow(struct tload *ld, void **arr, size_t *cap, size_t n,
		size_t size)
{
	void *p;
	size_t want;

	if (n < *cap)
		return true;
	want = *cap ? *cap * 2 : 8;
	p = realloc(*arr, want * size);
	if (!p) {
		tyaml_nomem(&ld->y);
		return false;
	}
	*arr = p;
	*cap = want;
	return true;
}

void *tload_seq_array(struct tload *ld, const yaml_node_t *n, const char *what,
		      size_t min, size_t size, size_t *count)
{
	void *arr;

	*count = 0;
	if (!tyaml_is_seq(&ld->y, n, what))
		return NULL;
	if (tyaml_seq_len(n) < min) {
		if (min == 1)
			tyaml_error(&ld->y, n, "'%s' is an empty list", what);
		else
			tyaml_error(&ld->y, n,
				    "'%s' must list at least %zu items", what,
				    min);
		return NULL;
	}
	arr = calloc(tyaml_seq_len(n) ? tyaml_seq_len(n) : 1, size);
	if (!arr) {
		tyaml_nomem(&ld->y);
		return NULL;
	}
	*count = tyaml_seq_len(n);
	return arr;
}

static void free_strings(char **s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

static bool blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

static char *trimmed(struct tload *ld, const char *s)
{
	size_t len;
	char *out;

	s += strspn(s, " \t\r\n");
	len = strlen(s);
	while (len && strchr(" \t\r\n", s[len - 1]))
		len--;
	out = malloc(len + 1);
	if (!out) {
		tyaml_nomem(&ld->y);
		return NULL;
	}
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

char *tload_text(struct tload *ld, const yaml_node_t *n, const char *what,
		 bool wording, long max)
{
	const char *s = tyaml_text(&ld->y, n, what), *why;
	long len;

	if (!s)
		return NULL;
	len = template_text_scan(s, wording, &why);
	if (len < 0) {
		tyaml_error(&ld->y, n, "'%s' %s", what, why);
		return NULL;
	}
	if (blank(s)) {
		tyaml_error(&ld->y, n, "'%s' is empty", what);
		return NULL;
	}
	if (len > max) {
		tyaml_error(&ld->y, n, "'%s' is longer than %ld characters",
			    what, max);
		return NULL;
	}
	return trimmed(ld, s);
}

/* Lowercase letters first, then letters, digits and the extra chars. */
bool tload_id_ok(const char *s, const char *extra)
{
	size_t len = strlen(s);

	if (len == 0 || len > TLOAD_ID_MAX || s[0] < 'a' || s[0] > 'z')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || strchr(extra, s[i])))
			return false;
	return true;
}

int tload_party(struct tload *ld, const yaml_node_t *n, const char *what,
		bool both_ok)
{
	const char *s = tyaml_text(&ld->y, n, what);
	int p;

	if (!s)
		return -1;
	p = template_party_parse(s);
	if (p < 0 || (p == TPL_BOTH && !both_ok)) {
		tyaml_error(
		    &ld->y, n, "'%s' must be %s, not '%.40s'", what,
		    both_ok ? "mentor, mentee or both" : "mentor or mentee", s);
		return -1;
	}
	return p;
}

/* --- the wording's {id} references ------------------------------------------
 */

struct ref_scan {
	struct tload *ld;
	yaml_mark_t mark;
};

static void note_ref(void *ctx, int is_ref, const char *s, size_t n)
{
	struct ref_scan *rs = ctx;
	struct tload *ld = rs->ld;
	struct tload_ref *r;

	if (!is_ref)
		return;
	if (!tload_grow(ld, (void **)&ld->refs, &ld->refs_cap, ld->n_refs,
			sizeof(*ld->refs)))
		return;
	r = &ld->refs[ld->n_refs++];
	if (n > TLOAD_ID_MAX)
		n = TLOAD_ID_MAX;
	memcpy(r->id, s, n);
	r->id[n] = '\0';
	r->mark = rs->mark;
}

char *tload_wording(struct tload *ld, const yaml_node_t *n, const char *what,
		    bool newline_ok, long max)
{
	char *text = tload_text(ld, n, what, newline_ok, max);
	struct ref_scan rs = {ld, n->start_mark};
	const char *problem;

	if (!text)
		return NULL;
	problem = template_wording_walk(text, note_ref, &rs);
	if (problem) {
		tyaml_error(&ld->y, n, "'%s': %s", what, problem);
		free(text);
		return NULL;
	}
	return text;
}
/* --- freeing ---------------------------------------------------------------
 */

void tload_field_free(struct tpl_field *f)
{
	if (!f)
		return;
	free(f->id);
	free(f->label);
	free(f->help);
	free(f->def);
	free(f->example);
	free_strings(f->choices, f->n_choices);
	free(f->low);
	free(f->high);
	free(f);
}

void tload_item_free(struct tpl_item *it)
{
	free(it->text);
	free(it->heading);
	free_strings(it->lines, it->n_lines);
	tload_field_free(it->field);
	memset(it, 0, sizeof(*it));
}

static void section_free(struct tpl_section *s)
{
	free(s->id);
	free(s->title);
	for (size_t i = 0; i < s->n_items; i++)
		tload_item_free(&s->items[i]);
	free(s->items);
}

static void fields_free(struct tpl_field **fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tload_field_free(fields[i]);
	free(fields);
}

static void records_free(struct tpl_records *r)
{
	free(r->sessions.title);
	free(r->sessions.intro);
	fields_free(r->sessions.fields, r->sessions.n_fields);
	free(r->mentor_notes_consent);
	for (size_t i = 0; i < r->n_forms; i++) {
		struct tpl_form *f = &r->forms[i];

		free(f->id);
		free(f->title);
		free(f->intro);
		free_strings(f->stages, f->n_stages);
		fields_free(f->questions, f->n_questions);
	}
	free(r->forms);
}

void template_free(struct template *t)
{
	if (!t)
		return;
	free(t->id);
	free(t->name);
	free(t->organisation);
	free(t->version);
	free(t->source);
	free(t->description);
	free(t->facts.returned_to);
	free_strings(t->facts.copied, t->facts.n_copied);
	for (size_t i = 0; i < t->n_sections; i++)
		section_free(&t->sections[i]);
	free(t->sections);
	free(t->fields);
	records_free(&t->records);
	free(t);
}
