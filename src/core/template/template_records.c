/*
 * template_records.c - what a scheme asks the pair to keep after they
 * sign: the session log and its fields, who keeps private notes (and the
 * mentee's consent the mentor's notes need), and the forms with their
 * questions, who fills each and when (doc/templates.md, "Records").
 *
 * A form's questions and the session log's fields are fields as in a
 * section's body, loaded by tload_field_item, with ids of their own: the
 * agreement's fields are set aside while they load, so that the field
 * loader's duplicate check sees only the list at hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template_internal.h"

#define TITLE_MAX     200
#define INTRO_MAX     2000
#define STAGE_MAX     100
#define SCALE_END_MAX 100
#define SCALE_LIMIT   100 /* a scale's ends are within -100 to 100 */

/* The value node of key in mapping n, without reading it; NULL when n
 * is not a mapping or has no such key. */
static yaml_node_t *peek(struct tload *ld, const yaml_node_t *n,
			 const char *key)
{
	if (n->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&ld->y.doc, p->key);

		if (k && k->type == YAML_SCALAR_NODE &&
		    strcmp((char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(&ld->y.doc, p->value);
	}
	return NULL;
}

/* "form 'id'" when the mapping's key holds a text, else "form N". */
static void name_of(struct tload *ld, const yaml_node_t *n, const char *what,
		    const char *key, size_t index, char *buf, size_t size)
{
	yaml_node_t *v = peek(ld, n, key);

	if (v && v->type == YAML_SCALAR_NODE)
		snprintf(buf, size, "%s '%.40s'", what,
			 (char *)v->data.scalar.value);
	else
		snprintf(buf, size, "%s %zu", what, index + 1);
}

/* --- ratings ------------------------------------------------------------ */

/* "1 to 5": two whole numbers around "to". */
static bool scale_text(const char *s, long long *lo, long long *hi)
{
	char *end;

	*lo = strtoll(s, &end, 10);
	if (end == s)
		return false;
	s = end + strspn(end, " \t");
	if (strncmp(s, "to", 2) != 0 || (s[2] != ' ' && s[2] != '\t'))
		return false;
	*hi = strtoll(s + 2, &end, 10);
	if (end == s + 2)
		return false;
	return end[strspn(end, " \t")] == '\0';
}

/* scale: 1 to 5, or scale: [1, 5]. */
static void load_scale(struct tload *ld, const yaml_node_t *n,
		       struct tpl_field *f)
{
	long lo = 0, hi = 0;
	long long a, b;
	const char *s;

	if (n->type == YAML_SEQUENCE_NODE) {
		yaml_node_t *x, *y;

		if (tyaml_seq_len(n) != 2) {
			tyaml_error(&ld->y, n,
				    "'scale' as a list holds two numbers, the "
				    "lowest and the highest, such as [1, 5]");
			return;
		}
		x = tyaml_seq_item(&ld->y, n, 0);
		y = tyaml_seq_item(&ld->y, n, 1);
		if (!x || !y ||
		    !tyaml_long(&ld->y, x, "scale", -SCALE_LIMIT, SCALE_LIMIT,
				&lo) ||
		    !tyaml_long(&ld->y, y, "scale", -SCALE_LIMIT, SCALE_LIMIT,
				&hi))
			return;
		a = lo, b = hi;
	} else {
		if (!(s = tyaml_text(&ld->y, n, "scale")))
			return;
		if (!scale_text(s, &a, &b)) {
			tyaml_error(&ld->y, n,
				    "'scale' must be two whole numbers, the "
				    "lowest first, such as '1 to 5' or [1, 5], "
				    "not '%.40s'",
				    s);
			return;
		}
		if (a < -SCALE_LIMIT || a > SCALE_LIMIT || b < -SCALE_LIMIT ||
		    b > SCALE_LIMIT) {
			tyaml_error(&ld->y, n,
				    "the ends of 'scale' must be whole numbers "
				    "from %d to %d",
				    -SCALE_LIMIT, SCALE_LIMIT);
			return;
		}
	}
	if (a >= b)
		tyaml_error(&ld->y, n,
			    "'scale' must run upwards, the lowest first: %lld "
			    "is not below %lld",
			    a, b);
	else if (b - a + 1 > TPL_RATING_POINTS_MAX)
		tyaml_error(&ld->y, n,
			    "'scale' from %lld to %lld has %lld points; a "
			    "rating has at most %d, such as 0 to 10",
			    a, b, b - a + 1, TPL_RATING_POINTS_MAX);
	else
		f->has_min = f->has_max = true, f->min = a, f->max = b;
}

void tload_rating(struct tload *ld, const yaml_node_t *type,
		  yaml_node_t *const v[3], struct tpl_field *f)
{
	static const char *const keys[3] = {"scale", "low", "high"};

	if (f->type != TPL_RATING) {
		for (int k = 0; k < 3; k++)
			if (v[k])
				tyaml_error(
				    &ld->y, v[k],
				    "'%s' applies only to rating fields",
				    keys[k]);
		return;
	}
	if (!ld->in_records)
		tyaml_error(&ld->y, type,
			    "a rating belongs to a form or to the session log "
			    "(under 'records'), not to the agreement");
	if (v[0])
		load_scale(ld, v[0], f);
	else
		tyaml_error(&ld->y, type,
			    "a rating field needs 'scale', such as 'scale: 1 "
			    "to 5'");
	if (v[1])
		f->low = tload_text(ld, v[1], "low", false, SCALE_END_MAX);
	if (v[2])
		f->high = tload_text(ld, v[2], "high", false, SCALE_END_MAX);
}

/* --- lists of fields ---------------------------------------------------- */

static bool builtin(const char *id)
{
	for (size_t i = 0; i < TPL_SESSION_BUILTINS; i++)
		if (strcmp(id, template_session_builtins[i]) == 0)
			return true;
	return false;
}

/* A field of the list: reported when it is not one; its who narrowed
 * to within (a form's questions are the form's filler's). */
static struct tpl_field *list_field(struct tload *ld, const yaml_node_t *n,
				    const char *what, enum tpl_party within,
				    bool session)
{
	struct tpl_field *f;
	yaml_node_t *who;

	if (n->type != YAML_MAPPING_NODE || !peek(ld, n, "field")) {
		tyaml_error(&ld->y, n,
			    "each of '%s' is a field: a mapping that starts "
			    "'- field: ID'",
			    what);
		return NULL;
	}
	f = tload_field_item(ld, n);
	if (!f)
		return NULL;
	if (session && builtin(f->id))
		tyaml_error(&ld->y, peek(ld, n, "field"),
			    "every session entry has '%s' built in (with "
			    "date, length, how and next); give the scheme's "
			    "field another id",
			    f->id);
	who = peek(ld, n, "who");
	if (within && !(f->who & within) && who)
		tyaml_error(&ld->y, who,
			    "field '%s' is the %s's, but the form is filled "
			    "by the %s",
			    f->id, template_party_name(f->who),
			    template_party_name(within));
	else if (within)
		f->who &= within;
	return f;
}

/*
 * The fields listed at n (at least one).  The agreement's fields are set
 * aside meanwhile: the field loader then checks each id against the
 * fields of this list alone.
 */
static struct tpl_field **load_fields(struct tload *ld, const yaml_node_t *n,
				      const char *what, enum tpl_party within,
				      bool session, size_t *count)
{
	struct template *t = ld->tpl;
	struct tpl_field **saved = t->fields, **arr;
	yaml_mark_t *saved_marks = ld->field_marks, *marks;
	size_t saved_n = t->n_fields, len;

	*count = 0;
	arr = tload_seq_array(ld, n, what, 1, sizeof(*arr), &len);
	if (!arr)
		return NULL;
	marks = calloc(len, sizeof(*marks));
	if (!marks) {
		tyaml_nomem(&ld->y);
		free(arr);
		return NULL;
	}
	t->fields = arr;
	t->n_fields = 0;
	ld->field_marks = marks;
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *item = tyaml_seq_item(&ld->y, n, i);
		struct tpl_field *f =
		    item ? list_field(ld, item, what, within, session) : NULL;

		if (f) {
			marks[t->n_fields] = item->start_mark;
			arr[t->n_fields++] = f;
		}
	}
	*count = t->n_fields;
	t->fields = saved;
	t->n_fields = saved_n;
	ld->field_marks = saved_marks;
	free(marks);
	return arr;
}

/* --- the session log and notes -------------------------------------------- */

static void load_sessions(struct tload *ld, const yaml_node_t *n)
{
	static const char *const keys[] = {"title", "intro", "fields"};
	struct tpl_session_log *s = &ld->tpl->records.sessions;
	yaml_node_t *v[3];

	if (!tyaml_map(&ld->y, n, "sessions", keys, 3, v))
		return;
	s->present = true;
	if (tyaml_need(&ld->y, n, "sessions", "title", v[0]))
		s->title = tload_text(ld, v[0], "title", false, TITLE_MAX);
	if (v[1])
		s->intro = tload_text(ld, v[1], "intro", true, INTRO_MAX);
	if (v[2])
		s->fields = load_fields(ld, v[2], "fields", TPL_NOBODY, true,
					&s->n_fields);
}

/* mentor_consent: a yes/no field of the agreement that the mentee
 * answers. */
static void load_consent(struct tload *ld, const yaml_node_t *n)
{
	struct tpl_records *r = &ld->tpl->records;
	const char *s = tyaml_text(&ld->y, n, "mentor_consent");
	const struct tpl_field *f = NULL;

	if (!s)
		return;
	if (r->notes && !(r->notes & TPL_MENTOR)) {
		tyaml_error(&ld->y, n,
			    "'mentor_consent' is about the mentor's notes, but "
			    "'who' does not let the mentor keep notes");
		return;
	}
	for (size_t i = 0; !f && i < ld->tpl->n_fields; i++)
		if (strcmp(ld->tpl->fields[i]->id, s) == 0)
			f = ld->tpl->fields[i];
	if (!f)
		tyaml_error(&ld->y, n,
			    "'mentor_consent' names '%.40s', but the agreement "
			    "has no field '%.40s'",
			    s, s);
	else if (f->type != TPL_YES_NO)
		tyaml_error(&ld->y, n,
			    "'mentor_consent' names field '%s', a %s field; "
			    "the consent must be a yes/no field",
			    f->id, template_type_name(f->type));
	else if (!(f->who & TPL_MENTEE))
		tyaml_error(&ld->y, n,
			    "'mentor_consent' names field '%s', which the "
			    "mentor answers; the mentee must answer it",
			    f->id);
	else
		r->mentor_notes_consent = tyaml_strdup(&ld->y, s);
}

static void load_notes(struct tload *ld, const yaml_node_t *n)
{
	static const char *const keys[] = {"who", "mentor_consent"};
	struct tpl_records *r = &ld->tpl->records;
	yaml_node_t *v[2];
	int p;

	if (!tyaml_map(&ld->y, n, "notes", keys, 2, v) ||
	    !tyaml_need(&ld->y, n, "notes", "who", v[0]))
		return;
	p = tload_party(ld, v[0], "who", true);
	if (p > 0)
		r->notes = (enum tpl_party)p;
	if (v[1])
		load_consent(ld, v[1]);
}

/* --- forms -------------------------------------------------------------- */

enum {
	G_ID,
	G_TITLE,
	G_WHO,
	G_DUE,
	G_STAGES,
	G_SHARED,
	G_INTRO,
	G_QUESTIONS,
	G_COUNT
};

static const char *const form_keys[G_COUNT] = {
    "id", "title", "who", "due", "stages", "shared", "intro", "questions",
};

static void load_form_id(struct tload *ld, const yaml_node_t *n, size_t index,
			 const yaml_mark_t *marks)
{
	struct tpl_records *r = &ld->tpl->records;
	const char *s = tyaml_text(&ld->y, n, "id");

	if (!s)
		return;
	if (!tload_id_ok(s, "_")) {
		tyaml_error(&ld->y, n,
			    "a form id must be at most %d lowercase letters, "
			    "digits and '_', starting with a letter (such as "
			    "'session_feedback'), not '%.60s'",
			    TLOAD_ID_MAX, s);
		return;
	}
	for (size_t i = 0; i < index; i++)
		if (r->forms[i].id && strcmp(r->forms[i].id, s) == 0) {
			tyaml_error(&ld->y, n,
				    "duplicate form id '%s'; it is first "
				    "defined at line %lu",
				    s, (unsigned long)marks[i].line + 1);
			return;
		}
	r->forms[index].id = tyaml_strdup(&ld->y, s);
}

/* due: one of the names of enum tpl_due; -1 (reported) otherwise. */
static int load_due(struct tload *ld, const yaml_node_t *n)
{
	const char *names[TPL_DUE_COUNT], *s = tyaml_text(&ld->y, n, "due");
	const char *hint;
	int due;

	if (!s)
		return -1;
	due = template_due_parse(s);
	if (due >= 0)
		return due;
	for (int i = 0; i < TPL_DUE_COUNT; i++)
		names[i] = template_due_name((enum tpl_due)i);
	hint = tyaml_suggest(s, names, TPL_DUE_COUNT);
	if (hint)
		tyaml_error(&ld->y, n,
			    "unknown due '%.40s'; did you mean '%s'?", s, hint);
	else
		tyaml_error(&ld->y, n,
			    "'due' must be one of: after each session, at "
			    "start, at end, at stages, at review; not '%.40s'",
			    s);
	return -1;
}

static void load_stages(struct tload *ld, const yaml_node_t *n,
			struct tpl_form *form)
{
	size_t count;

	form->stages =
	    tload_seq_array(ld, n, "stages", 1, sizeof(*form->stages), &count);
	for (size_t i = 0; i < count; i++) {
		yaml_node_t *item = tyaml_seq_item(&ld->y, n, i);
		char *s = item
			      ? tload_text(ld, item, "stages", false, STAGE_MAX)
			      : NULL;

		for (size_t j = 0; s && j < form->n_stages; j++)
			if (strcmp(s, form->stages[j]) == 0) {
				tyaml_error(&ld->y, item,
					    "stage '%s' is listed twice", s);
				free(s);
				s = NULL;
			}
		if (s)
			form->stages[form->n_stages++] = s;
	}
}

/* When the form is due, with its stages: they come together. */
static void load_when(struct tload *ld, yaml_node_t *v[], struct tpl_form *form)
{
	int due = v[G_DUE] ? load_due(ld, v[G_DUE]) : -1;

	if (due >= 0)
		form->due = (enum tpl_due)due;
	if (due == TPL_DUE_SESSION && !ld->tpl->records.sessions.present)
		tyaml_error(&ld->y, v[G_DUE],
			    "a form due 'after each session' needs the session "
			    "log: add 'sessions' to 'records'");
	if (due == TPL_DUE_STAGES && !v[G_STAGES])
		tyaml_error(&ld->y, v[G_DUE],
			    "a form due 'at stages' needs 'stages': the names "
			    "of the stages, in order");
	if (v[G_STAGES] && due >= 0 && due != TPL_DUE_STAGES)
		tyaml_error(&ld->y, v[G_STAGES],
			    "'stages' applies only to a form due 'at stages'");
	else if (v[G_STAGES] && due == TPL_DUE_STAGES)
		load_stages(ld, v[G_STAGES], form);
}

static void load_form(struct tload *ld, const yaml_node_t *n, size_t index,
		      const yaml_mark_t *marks)
{
	struct tpl_form *form = &ld->tpl->records.forms[index];
	const unsigned long optional =
	    1ul << G_STAGES | 1ul << G_SHARED | 1ul << G_INTRO;
	yaml_node_t *v[G_COUNT];
	char in[64];
	int p;

	name_of(ld, n, "form", "id", index, in, sizeof(in));
	if (!tyaml_map(&ld->y, n, in, form_keys, G_COUNT, v))
		return;
	tyaml_need_all(&ld->y, n, in, form_keys, G_COUNT, v, optional);
	if (v[G_ID])
		load_form_id(ld, v[G_ID], index, marks);
	if (v[G_TITLE])
		form->title =
		    tload_text(ld, v[G_TITLE], "title", false, TITLE_MAX);
	if (v[G_WHO] && (p = tload_party(ld, v[G_WHO], "who", true)) > 0)
		form->who = (enum tpl_party)p;
	load_when(ld, v, form);
	if (v[G_SHARED])
		form->shared = tyaml_bool(&ld->y, v[G_SHARED], "shared") == 1;
	if (v[G_INTRO])
		form->intro =
		    tload_text(ld, v[G_INTRO], "intro", true, INTRO_MAX);
	if (v[G_QUESTIONS])
		form->questions =
		    load_fields(ld, v[G_QUESTIONS], "questions", form->who,
				false, &form->n_questions);
}

static void load_forms(struct tload *ld, const yaml_node_t *n)
{
	struct tpl_records *r = &ld->tpl->records;
	yaml_mark_t *marks;
	size_t count;

	r->forms =
	    tload_seq_array(ld, n, "forms", 1, sizeof(*r->forms), &count);
	if (!r->forms)
		return;
	marks = calloc(count, sizeof(*marks));
	if (!marks) {
		tyaml_nomem(&ld->y);
		return;
	}
	for (size_t i = 0; i < count; i++) {
		yaml_node_t *item = tyaml_seq_item(&ld->y, n, i);

		r->n_forms++;
		if (!item)
			continue;
		marks[i] = item->start_mark;
		load_form(ld, item, i, marks);
	}
	free(marks);
}

/* --- records ------------------------------------------------------------ */

void tload_records(struct tload *ld, const yaml_node_t *n)
{
	static const char *const keys[] = {"sessions", "notes", "forms"};
	yaml_node_t *v[3];

	if (!tyaml_map(&ld->y, n, "records", keys, 3, v))
		return;
	ld->tpl->records.present = true;
	if (n->data.mapping.pairs.top == n->data.mapping.pairs.start) {
		tyaml_error(&ld->y, n,
			    "'records' is empty: give it sessions, notes or "
			    "forms, or leave it out");
		return;
	}
	ld->in_records = true;
	if (v[0])
		load_sessions(ld, v[0]);
	if (v[1])
		load_notes(ld, v[1]);
	if (v[2])
		load_forms(ld, v[2]);
	ld->in_records = false;
}
