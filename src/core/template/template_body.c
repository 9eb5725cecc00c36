/*
 * template_body.c - a template's sections: their wording and fields, in
 * the order the scheme's own document has them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template_internal.h"

/* The longest wording of any one piece, and of one-line texts. */
#define WORDING_MAX    10000
#define LINE_MAX_CHARS 200
#define HEADING_MAX    500

/* --- wording items ----------------------------------------------------------
 */

enum item_key {
	I_PARAGRAPH,
	I_COMMITMENTS,
	I_LIST,
	I_QUESTIONS,
	I_FIELD,
	I_DETAILS,
	I_SIGNATURES,
	I_KINDS
};

static const char *const kind_keys[I_KINDS] = {
    "paragraph", "commitments", "list",	      "questions",
    "field",	 "details",	"signatures",
};

/* The list of one-line items of a commitments, list or questions item. */
static void load_lines(struct tload *ld, const yaml_node_t *n, const char *what,
		       struct tpl_item *it)
{
	size_t count;

	it->lines = tload_seq_array(ld, n, what, 1, sizeof(*it->lines), &count);
	for (size_t i = 0; i < count; i++) {
		yaml_node_t *line = tyaml_seq_item(&ld->y, n, i);
		char *text =
		    line ? tload_wording(ld, line, what, false, WORDING_MAX)
			 : NULL;

		if (text)
			it->lines[it->n_lines++] = text;
	}
}

/* commitments (with party), list and questions: lines under a heading. */
static void load_list_item(struct tload *ld, const yaml_node_t *n,
			   enum item_key kind, struct tpl_item *it)
{
	static const enum tpl_item_kind kinds[] = {
	    [I_COMMITMENTS] = TPL_COMMITMENTS,
	    [I_LIST] = TPL_BULLETS,
	    [I_QUESTIONS] = TPL_QUESTIONS,
	};
	/* a list may be numbered; questions always are */
	const char *keys[3] = {kind_keys[kind], "heading",
			       kind == I_LIST ? "numbered" : "party"};
	size_t n_keys = kind == I_QUESTIONS ? 2 : 3;
	yaml_node_t *v[3];
	int p;

	it->kind = kinds[kind];
	if (!tyaml_map(&ld->y, n, kind_keys[kind], keys, n_keys, v))
		return;
	if (v[0])
		load_lines(ld, v[0], kind_keys[kind], it);
	if (v[1])
		it->heading =
		    tload_wording(ld, v[1], "heading", false, HEADING_MAX);
	if (kind == I_LIST && v[2])
		it->numbered = tyaml_bool(&ld->y, v[2], "numbered") == 1;
	if (kind != I_COMMITMENTS ||
	    !tyaml_need(&ld->y, n, "commitments", "party", v[2]))
		return;
	p = tload_party(ld, v[2], "party", true);
	if (p > 0)
		it->party = (enum tpl_party)p;
}

/* details: mentor, signatures: both - each party's at most once. */
static void load_placement(struct tload *ld, const yaml_node_t *n,
			   enum item_key kind, struct tpl_item *it)
{
	const char *what = kind_keys[kind];
	int slot = kind == I_DETAILS ? TLOAD_DETAILS : TLOAD_SIGNATURES;
	yaml_node_t *v[1];
	int p;

	it->kind = kind == I_DETAILS ? TPL_DETAILS : TPL_SIGNATURES;
	if (!tyaml_map(&ld->y, n, what, &kind_keys[kind], 1, v) || !v[0])
		return;
	p = tload_party(ld, v[0], what, true);
	if (p <= 0)
		return;
	it->party = (enum tpl_party)p;
	for (int who = 0; who < 2; who++) {
		if (!(p & (1 << who)))
			continue;
		if (ld->placed[slot][who]) {
			tyaml_error(
			    &ld->y, v[0],
			    "the %s's %s are already placed at line %lu",
			    who ? "mentee" : "mentor",
			    slot == TLOAD_DETAILS ? "details"
						  : "signature and date",
			    (unsigned long)ld->placed_at[slot][who].line + 1);
			continue;
		}
		ld->placed[slot][who] = true;
		ld->placed_at[slot][who] = v[0]->start_mark;
	}
}

static void load_paragraph(struct tload *ld, const yaml_node_t *n,
			   struct tpl_item *it)
{
	yaml_node_t *v[1];

	it->kind = TPL_PARAGRAPH;
	if (tyaml_map(&ld->y, n, "paragraph", kind_keys, 1, v) && v[0])
		it->text =
		    tload_wording(ld, v[0], "paragraph", true, WORDING_MAX);
}

static void add_field(struct tload *ld, struct tpl_field *f,
		      const yaml_node_t *n)
{
	struct template *t = ld->tpl;

	if (!tload_grow(ld, (void **)&t->fields, &ld->fields_cap, t->n_fields,
			sizeof(*t->fields)) ||
	    !tload_grow(ld, (void **)&ld->field_marks, &ld->marks_cap,
			t->n_fields, sizeof(*ld->field_marks)))
		return;
	ld->field_marks[t->n_fields] = n->start_mark;
	t->fields[t->n_fields++] = f;
}

/* Which kind a body item is, from its keys; -1 (reported) when none or
 * several.  Keys are only peeked at: tyaml_map reads them properly. */
static int item_kind(struct tload *ld, const yaml_node_t *n)
{
	int kind = -1;

	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&ld->y.doc, p->key);

		for (int i = 0; k && k->type == YAML_SCALAR_NODE && i < I_KINDS;
		     i++) {
			if (strcmp((char *)k->data.scalar.value, kind_keys[i]))
				continue;
			if (kind >= 0 && kind != i) {
				tyaml_error(&ld->y, k,
					    "a body item holds one thing; this "
					    "one has both '%s' and '%s'",
					    kind_keys[kind], kind_keys[i]);
				return -2;
			}
			kind = i;
		}
	}
	return kind;
}

/* An item with no kind key: report its keys, then what it lacks. */
static void kindless_item(struct tload *ld, const yaml_node_t *n)
{
	yaml_node_t *v[I_KINDS];
	size_t before = ld->y.n_errors;

	tyaml_map(&ld->y, n, "a body item", kind_keys, I_KINDS, v);
	if (ld->y.n_errors == before)
		tyaml_error(&ld->y, n,
			    "a body item needs one of: paragraph, commitments, "
			    "list, questions, field, details, signatures");
}

static void load_item(struct tload *ld, const yaml_node_t *n,
		      struct tpl_item *it)
{
	int kind;

	if (n->type != YAML_MAPPING_NODE) {
		tyaml_error(&ld->y, n,
			    "a body item must be a mapping such as "
			    "'- paragraph: ...', not %s",
			    tyaml_kind(n));
		return;
	}
	kind = item_kind(ld, n);
	if (kind == -1)
		kindless_item(ld, n);
	if (kind < 0)
		return;
	if (kind == I_PARAGRAPH) {
		load_paragraph(ld, n, it);
	} else if (kind == I_DETAILS || kind == I_SIGNATURES) {
		load_placement(ld, n, (enum item_key)kind, it);
	} else if (kind == I_FIELD) {
		it->kind = TPL_FIELD;
		it->field = tload_field_item(ld, n);
		if (it->field)
			add_field(ld, it->field, n);
	} else {
		load_list_item(ld, n, (enum item_key)kind, it);
	}
}

/* --- sections
 * ------------------------------------------------------------------
 */

/* confirm: mentor | mentee | both | [mentor, mentee] */
static enum tpl_party load_confirm(struct tload *ld, const yaml_node_t *n)
{
	int all = 0;

	if (n->type != YAML_SEQUENCE_NODE) {
		const char *s = tyaml_text(&ld->y, n, "confirm");

		if (!s)
			return TPL_NOBODY;
		if (s[strspn(s, " \t")] != '\0') {
			int p = tload_party(ld, n, "confirm", true);

			return p > 0 ? (enum tpl_party)p : TPL_NOBODY;
		}
	}
	for (size_t i = 0;
	     n->type == YAML_SEQUENCE_NODE && i < tyaml_seq_len(n); i++) {
		yaml_node_t *item = tyaml_seq_item(&ld->y, n, i);
		int p = item ? tload_party(ld, item, "confirm", true) : -1;

		if (p < 0)
			return TPL_NOBODY;
		all |= p;
	}
	if (!all)
		tyaml_error(&ld->y, n,
			    "'confirm' names no party; write mentor, mentee "
			    "or both");
	return (enum tpl_party)all;
}

static void load_section_id(struct tload *ld, const yaml_node_t *n,
			    struct tpl_section *sec, size_t index)
{
	const char *s = tyaml_text(&ld->y, n, "id");

	if (!s)
		return;
	if (!tload_id_ok(s, "-_")) {
		tyaml_error(
		    &ld->y, n,
		    "a section id must be at most %d lowercase letters, "
		    "digits, '-' and '_', starting with a letter, not "
		    "'%.60s'",
		    TLOAD_ID_MAX, s);
		return;
	}
	for (size_t i = 0; i < index; i++)
		if (ld->tpl->sections[i].id &&
		    strcmp(ld->tpl->sections[i].id, s) == 0) {
			tyaml_error(&ld->y, n, "duplicate section id '%s'", s);
			return;
		}
	sec->id = tyaml_strdup(&ld->y, s);
}

static void load_body(struct tload *ld, const yaml_node_t *n,
		      struct tpl_section *sec)
{
	size_t count, before = ld->tpl->n_fields;

	sec->items =
	    tload_seq_array(ld, n, "body", 1, sizeof(*sec->items), &count);
	for (size_t i = 0; i < count; i++) {
		yaml_node_t *item = tyaml_seq_item(&ld->y, n, i);

		if (item)
			load_item(ld, item, &sec->items[sec->n_items++]);
	}
	sec->n_fields = ld->tpl->n_fields - before;
}

static void load_section(struct tload *ld, const yaml_node_t *n, size_t index)
{
	static const char *const keys[] = {"id", "title", "confirm", "body"};
	struct tpl_section *sec = &ld->tpl->sections[index];
	yaml_node_t *v[4];
	char in[64];

	snprintf(in, sizeof(in), "section %zu", index + 1);
	if (!tyaml_map(&ld->y, n, in, keys, 4, v))
		return;
	tyaml_need_all(&ld->y, n, in, keys, 4, v, 0);
	if (v[0])
		load_section_id(ld, v[0], sec, index);
	if (v[1])
		sec->title =
		    tload_text(ld, v[1], "title", false, LINE_MAX_CHARS);
	if (v[2])
		sec->confirm = load_confirm(ld, v[2]);
	if (v[3])
		load_body(ld, v[3], sec);
}

void tload_sections(struct tload *ld, const yaml_node_t *n)
{
	struct template *t = ld->tpl;
	size_t count;

	t->sections =
	    tload_seq_array(ld, n, "sections", 1, sizeof(*t->sections), &count);
	for (size_t i = 0; i < count; i++) {
		yaml_node_t *sec = tyaml_seq_item(&ld->y, n, i);

		t->n_sections++;
		if (sec)
			load_section(ld, sec, i);
	}
}
