/*
 * test_template_records.c - what a template says the pair keep after they
 * sign (doc/templates.md, "Records"): the five schemes' session logs,
 * notes and forms; the canonical form with records, which loads back to
 * the same bytes; templates without records, whose canonical form and
 * hash are what they were before records existed; the earlier form that
 * finds an agreement made before a scheme had records; rating answers;
 * the ids of questions; and numbered lists.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mentorpact/template.h"
#include "support/testutil.h"

/* The five schemes' hashes before they had records (and before emmp's
 * offered_sessions): agreements made then name their template by these. */
static const struct {
	const char *id, *hash;
} before[] = {
    {"emmp",
     "139367bee96ee9f0e0a36d3fd094530aa79c8057575664e145d6fa70e347c504"},
    {"university-pilot",
     "417c5f2a7af571f6066c031be512fc4be2cf426e34a780dc68f077f0bf0c5c4b"},
    {"bsw-hub",
     "4940ae6b8a0be842d1d367b17c6ea156e6ef5f49be61c99b8e426e08fc266eb8"},
    {"img-peer",
     "48c4bda2678280df763a3dbfc4f84058c51504a164fe0408838f65b55f20d74f"},
    {"nhs-reciprocal",
     "1932a474a544fe4fc373c5f271d694c70ac246586879f87aff59c5c68a024431"},
};

#define N_SCHEMES (sizeof(before) / sizeof(before[0]))

static char *scheme_path(const char *id)
{
	const char *src = getenv("SRCDIR");
	char *path = malloc(4096);

	assert_non_null(path);
	snprintf(path, 4096, "%s/templates/%s.yaml", src ? src : ".", id);
	return path;
}

static struct template *load_scheme(const char *id)
{
	char *path = scheme_path(id);
	struct template *t = NULL;
	struct tpl_diags diags = {0};
	struct mp_error err;

	if (template_load_file(path, &t, &diags, &err) != MP_OK)
		fail_msg("%s: %s", path, err.message);
	assert_int_equal(diags.count, 0);
	free(path);
	return t;
}

static struct template *load_text(const char *text, struct tpl_diags *diags)
{
	struct template *t = NULL;
	struct mp_error err;

	template_load_buffer("t.yaml", text, strlen(text), &t, diags, &err);
	return t;
}

static const char *diag(const struct tpl_diags *d, size_t i)
{
	static char buf[1200];

	assert_true(i < d->count);
	return template_diag_format(&d->items[i], buf, sizeof(buf));
}

static void hash_of(const struct template *t, char hex[TPL_HASH_HEX + 1])
{
	struct mp_error err;

	assert_int_equal(template_hash(t, hex, &err), MP_OK);
}

/* A small scheme with a yes/no field the mentee answers; RECORDS is
 * appended. */
#define HEAD                                                                   \
	"format: 1\n"                                                          \
	"id: rec\n"                                                            \
	"name: Records scheme\n"                                               \
	"organisation: Test\n"                                                 \
	"version: '1'\n"                                                       \
	"source: Written for the tests\n"                                      \
	"description: A scheme with records.\n"                                \
	"facts:\n"                                                             \
	"  min_sessions: 2\n"                                                  \
	"  max_sessions: 8\n"                                                  \
	"  offered_sessions: 6\n"                                              \
	"parties:\n"                                                           \
	"  mentor: {ask: [name]}\n"                                            \
	"  mentee: {ask: [name]}\n"                                            \
	"sections:\n"                                                          \
	"  - id: only\n"                                                       \
	"    title: Only section\n"                                            \
	"    confirm: both\n"                                                  \
	"    body:\n"                                                          \
	"      - list: [First step, Second step]\n"                            \
	"        numbered: true\n"                                             \
	"        heading: 'Steps:'\n"                                          \
	"      - field: notes_ok\n"                                            \
	"        label: Happy for the mentor to take notes\n"                  \
	"        type: yes/no\n"                                               \
	"        who: mentee\n"                                                \
	"      - field: goals\n"                                               \
	"        label: Goals\n"                                               \
	"        type: long text\n"

#define RECORDS                                                                \
	"records:\n"                                                           \
	"  forms:\n"                                                           \
	"    - id: feedback\n"                                                 \
	"      title: Feedback after the session\n"                            \
	"      who: mentee\n"                                                  \
	"      due: after each session\n"                                      \
	"      intro: >-\n"                                                    \
	"        A few questions\n"                                            \
	"        after each session.\n"                                        \
	"      questions:\n"                                                   \
	"        - field: useful\n"                                            \
	"          label: How useful was our meeting for you?\n"               \
	"          type: rating\n"                                             \
	"          scale: 1 to 5\n"                                            \
	"          low: not useful\n"                                          \
	"          high: very useful\n"                                        \
	"        - field: goals\n"                                             \
	"          label: Your goals now\n"                                    \
	"          type: long text\n"                                          \
	"          required: false\n"                                          \
	"    - id: evaluation\n"                                               \
	"      title: Evaluation of the programme\n"                           \
	"      who: both\n"                                                    \
	"      due: at stages\n"                                               \
	"      stages: [enrolment, mid-point, end of programme]\n"             \
	"      shared: yes\n"                                                  \
	"      questions:\n"                                                   \
	"        - field: useful\n"                                            \
	"          label: Overall effectiveness\n"                             \
	"          type: rating\n"                                             \
	"          scale: [0, 10]\n"                                           \
	"          who: mentor\n"                                              \
	"  notes:\n"                                                           \
	"    mentor_consent: notes_ok\n"                                       \
	"    who: both\n"                                                      \
	"  sessions:\n"                                                        \
	"    title: 'Recording meetings and progress: Activity Log'\n"         \
	"    fields:\n"                                                        \
	"      - field: actions\n"                                             \
	"        label: Actions agreed\n"                                      \
	"        type: long text\n"                                            \
	"        required: false\n"                                            \
	"      - field: mood\n"                                                \
	"        label: How the meeting felt\n"                                \
	"        type: rating\n"                                               \
	"        scale: -2 to 2\n"

/* --- the five schemes ------------------------------------------------------
 */

static void test_scheme_records(void **state)
{
	struct template *t;
	const struct tpl_form *f;
	const struct tpl_field *q;

	(void)state;
	t = load_scheme("university-pilot");
	assert_true(t->records.present);
	assert_true(t->records.sessions.present);
	assert_string_equal(t->records.sessions.title,
			    "Recording meetings and progress: Activity Log");
	assert_int_equal(t->records.notes, TPL_BOTH);
	assert_null(t->records.mentor_notes_consent);
	assert_int_equal(t->records.n_forms, 2);
	f = &t->records.forms[0];
	assert_int_equal(f->due, TPL_DUE_SESSION);
	assert_int_equal(f->who, TPL_MENTEE);
	assert_false(f->shared); /* the agreement is for the pair alone */
	assert_int_equal(f->n_questions, 5);
	q = f->questions[0];
	assert_int_equal(q->type, TPL_RATING);
	assert_int_equal(q->min, 1);
	assert_int_equal(q->max, 5);
	assert_string_equal(q->low, "not useful");
	assert_int_equal(q->who, TPL_MENTEE); /* narrowed to the form's */
	assert_string_equal(f->questions[2]->label,
			    "What would you like to do more of in the next "
			    "session? What would you like to do less of?");
	assert_int_equal(t->records.forms[1].due, TPL_DUE_END);
	assert_int_equal(t->facts.min_sessions, 3);
	template_free(t);

	t = load_scheme("bsw-hub");
	assert_string_equal(t->records.mentor_notes_consent, "notes_agreed");
	assert_int_equal(template_field(t, "notes_agreed")->type, TPL_YES_NO);
	assert_int_equal(t->records.n_forms, 3);
	assert_int_equal(t->records.forms[0].due, TPL_DUE_START);
	assert_int_equal(t->records.forms[0].who, TPL_BOTH);
	assert_int_equal(t->records.forms[1].due, TPL_DUE_END);
	assert_int_equal(t->records.forms[1].who, TPL_BOTH);
	assert_int_equal(t->records.forms[2].due, TPL_DUE_SESSION);
	template_free(t);

	t = load_scheme("nhs-reciprocal");
	assert_int_equal(t->facts.min_sessions, 3);
	assert_int_equal(t->records.n_forms, 2);
	f = &t->records.forms[0];
	assert_int_equal(f->due, TPL_DUE_REVIEW);
	assert_int_equal(f->who, TPL_MENTEE);
	assert_int_equal(f->n_questions, 3);
	f = &t->records.forms[1];
	assert_int_equal(f->due, TPL_DUE_STAGES);
	assert_true(f->shared);
	assert_int_equal(f->n_stages, 4);
	assert_string_equal(f->stages[0], "enrolment");
	assert_string_equal(f->stages[1], "induction and training");
	assert_string_equal(f->stages[3], "end of programme");
	template_free(t);

	t = load_scheme("emmp");
	assert_int_equal(t->facts.min_sessions, 4);
	assert_int_equal(t->facts.offered_sessions, 6);
	assert_int_equal(t->records.notes, TPL_MENTOR);
	assert_true(t->records.sessions.present);
	template_free(t);

	t = load_scheme("img-peer");
	assert_true(t->records.sessions.present);
	assert_int_equal(t->records.n_forms, 0);
	template_free(t);
}

/* A scheme's file without its records has the hash it had before: the
 * canonical form of a template without records did not change.  Its
 * earlier form, made from the file with records, has that hash too. */
static void test_hashes_before_records(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_SCHEMES; i++) {
		char *path = scheme_path(before[i].id), *text, *cut, *line;
		char hex[TPL_HASH_HEX + 1];
		struct template *t, *then;
		struct mp_error err;
		size_t len;

		text = (char *)tu_slurp(path, &len);
		assert_non_null(text);
		cut = strstr(text, "\nrecords:\n");
		assert_non_null(cut);
		cut[1] = '\0';
		line = strstr(text, "  offered_sessions: ");
		if (line)
			memmove(line, strchr(line, '\n') + 1,
				strlen(strchr(line, '\n') + 1) + 1);
		t = load_text(text, NULL);
		assert_non_null(t);
		assert_false(t->records.present);
		hash_of(t, hex);
		assert_string_equal(hex, before[i].hash);
		template_free(t);

		t = load_scheme(before[i].id);
		hash_of(t, hex);
		assert_string_not_equal(hex, before[i].hash);
		assert_int_equal(template_before_records(t, &then, &err),
				 MP_OK);
		assert_non_null(then);
		assert_false(then->records.present);
		assert_int_equal(then->facts.offered_sessions, 0);
		hash_of(then, hex);
		assert_string_equal(hex, before[i].hash);
		template_free(then);
		template_free(t);
		free(text);
		free(path);
	}
}

/* --- the canonical form ----------------------------------------------------
 */

static void round_trip(const struct template *t)
{
	char *c1, *c2, h1[TPL_HASH_HEX + 1], h2[TPL_HASH_HEX + 1];
	size_t l1, l2;
	struct template *back;
	struct mp_error err;

	assert_int_equal(template_canonical(t, &c1, &l1, &err), MP_OK);
	if (template_load_buffer("canonical", c1, l1, &back, NULL, &err) !=
	    MP_OK)
		fail_msg("the canonical form does not load: %s\n%s",
			 err.message, c1);
	assert_int_equal(template_canonical(back, &c2, &l2, &err), MP_OK);
	assert_int_equal(l1, l2);
	assert_memory_equal(c1, c2, l1);
	hash_of(t, h1);
	hash_of(back, h2);
	assert_string_equal(h1, h2);
	assert_int_equal(back->records.n_forms, t->records.n_forms);
	assert_int_equal(back->records.sessions.n_fields,
			 t->records.sessions.n_fields);
	free(c1);
	free(c2);
	template_free(back);
}

static void test_canonical_with_records(void **state)
{
	struct template *t = load_text(HEAD RECORDS, NULL);
	char *c, *then;
	size_t len, then_len;
	struct mp_error err;
	const char *order[] = {"\nsections:\n", "\nrecords:\n",
			       "\n  sessions:\n", "\n  notes:\n",
			       "\n  forms:\n"};
	const char *at = NULL;

	(void)state;
	assert_non_null(t);
	round_trip(t);
	assert_int_equal(template_canonical(t, &c, &len, &err), MP_OK);
	/* records last, in a fixed order, whatever order the file had */
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		const char *p = strstr(c, order[i]);

		assert_non_null(p);
		assert_true(p > at);
		at = p;
	}
	assert_non_null(strstr(c, "scale: \"1 to 5\"\n"));
	assert_non_null(strstr(c, "scale: \"0 to 10\"\n"));
	assert_non_null(strstr(c, "scale: \"-2 to 2\"\n"));
	assert_non_null(strstr(c, "low: \"not useful\"\n"));
	assert_non_null(strstr(c, "due: \"at stages\"\n"));
	assert_non_null(strstr(c, "shared: true\n"));
	assert_non_null(strstr(c, "mentor_consent: \"notes_ok\"\n"));
	assert_non_null(strstr(c, "numbered: true\n"));
	assert_non_null(strstr(c, "max_sessions: 8\n"));
	assert_non_null(strstr(c, "offered_sessions: 6\n"));
	assert_null(strstr(c, "min: 1\n"));
	/* the earlier form leaves out all that came with records */
	assert_int_equal(
	    template_canonical_before_records(t, &then, &then_len, &err),
	    MP_OK);
	assert_null(strstr(then, "\nrecords:"));
	assert_null(strstr(then, "numbered"));
	assert_null(strstr(then, "max_sessions"));
	assert_null(strstr(then, "offered_sessions"));
	assert_non_null(strstr(then, "min_sessions: 2\n"));
	free(then);
	free(c);
	template_free(t);

	for (size_t i = 0; i < N_SCHEMES; i++) {
		t = load_scheme(before[i].id);
		round_trip(t);
		template_free(t);
	}
}

/* A template without records writes nothing of them, and is its own
 * earlier form. */
static void test_no_records(void **state)
{
	struct template *t = load_text(HEAD, NULL), *then = (void *)1;
	char *c, *c2;
	size_t len, len2;
	struct mp_error err;

	(void)state;
	assert_non_null(t);
	assert_false(t->records.present);
	t->facts.max_sessions = t->facts.offered_sessions = 0;
	t->sections[0].items[0].numbered = false;
	assert_int_equal(template_canonical(t, &c, &len, &err), MP_OK);
	assert_null(strstr(c, "\nrecords:"));
	assert_int_equal(template_canonical_before_records(t, &c2, &len2, &err),
			 MP_OK);
	assert_int_equal(len, len2);
	assert_memory_equal(c, c2, len);
	assert_int_equal(template_before_records(t, &then, &err), MP_OK);
	assert_null(then);
	free(c);
	free(c2);
	template_free(t);
}

/* --- ids, whose questions, and errors ----------------------------------------
 */

/* A question's id is its form's: it may repeat an id of the agreement
 * ("goals") or of another form ("useful").  A question takes the form's
 * filler unless it names one of them. */
static void test_question_ids_and_who(void **state)
{
	struct template *t = load_text(HEAD RECORDS, NULL);
	const struct tpl_records *r;

	(void)state;
	assert_non_null(t);
	r = &t->records;
	assert_int_equal(t->n_fields, 2); /* the agreement's alone */
	assert_string_equal(r->forms[0].questions[1]->id, "goals");
	assert_int_equal(r->forms[0].questions[1]->who, TPL_MENTEE);
	assert_false(r->forms[0].questions[1]->required);
	assert_int_equal(r->forms[1].questions[0]->who, TPL_MENTOR);
	assert_int_equal(r->forms[1].questions[0]->min, 0);
	assert_int_equal(r->forms[1].questions[0]->max, 10);
	assert_int_equal(r->sessions.fields[1]->min, -2);
	assert_int_equal(r->sessions.fields[0]->who, TPL_BOTH);
	assert_true(t->sections[0].items[0].numbered);
	assert_null(template_field(t, "useful"));
	template_free(t);
}

/* Errors in records come with their line and column, all of them. */
static void test_record_errors(void **state)
{
	struct tpl_diags d = {0};
	struct template *t = load_text(HEAD "records:\n"
					    "  sessions:\n"
					    "    title: Log\n"
					    "    fields:\n"
					    "      - field: next\n"
					    "        label: Next date\n"
					    "        type: date\n"
					    "  forms:\n"
					    "    - id: f\n"
					    "      title: F\n"
					    "      who: mentee\n"
					    "      due: at stages\n"
					    "      stages: [one, one]\n"
					    "      questions:\n"
					    "        - field: r\n"
					    "          label: R\n"
					    "          type: rating\n"
					    "          scale: 1 to 20\n",
				       &d);

	(void)state;
	assert_null(t);
	assert_int_equal(d.count, 3);
	assert_string_equal(diag(&d, 0),
			    "t.yaml:34:16: every session entry has 'next' "
			    "built in (with date, length, how and next); give "
			    "the scheme's field another id");
	assert_string_equal(diag(&d, 1),
			    "t.yaml:42:21: stage 'one' is listed twice");
	assert_string_equal(diag(&d, 2),
			    "t.yaml:47:18: 'scale' from 1 to 20 has 20 points; "
			    "a rating has at most 11, such as 0 to 10");
	template_diags_free(&d);

	t = load_text(HEAD "records:\n"
			   "  notes: {who: mentee, mentor_consent: goals}\n",
		      &d);
	assert_null(t);
	assert_int_equal(d.count, 1);
	assert_string_equal(diag(&d, 0),
			    "t.yaml:31:40: 'mentor_consent' is about the "
			    "mentor's notes, but 'who' does not let the mentor "
			    "keep notes");
	template_diags_free(&d);
}

/* --- rating answers
 * ------------------------------------------------------------ */

static void accepts(const struct tpl_field *f, const char *in, const char *want)
{
	char *out;
	struct mp_error err;

	if (template_value_check(f, in, &out, &err) != MP_OK)
		fail_msg("'%s' refused: %s", in, err.message);
	assert_string_equal(out, want);
	free(out);
}

static void refuses(const struct tpl_field *f, const char *in,
		    const char *message)
{
	char *out = (char *)1;
	struct mp_error err;

	assert_int_equal(template_value_check(f, in, &out, &err),
			 MP_ERR_INVALID);
	assert_null(out);
	assert_string_equal(err.message, message);
}

static void test_rating_values(void **state)
{
	struct template *t = load_text(HEAD RECORDS, NULL);
	const struct tpl_field *useful, *overall, *mood;
	const char *msg = "How useful was our meeting for you?: must be a "
			  "whole number from 1 (not useful) to 5 (very "
			  "useful)";

	(void)state;
	assert_non_null(t);
	useful = t->records.forms[0].questions[0];
	overall = t->records.forms[1].questions[0];
	mood = t->records.sessions.fields[1];
	accepts(useful, "3", "3");
	accepts(useful, "  5 ", "5");
	accepts(useful, "+1", "1");
	accepts(useful, "01", "1");
	refuses(useful, "6", msg);
	refuses(useful, "0", msg);
	refuses(useful, "3.5", msg);
	refuses(useful, "three", msg);
	refuses(useful, "4/5", msg);
	refuses(useful, "",
		"How useful was our meeting for you?: an answer is "
		"required");
	accepts(overall, "0", "0");
	accepts(overall, "10", "10");
	refuses(overall, "11",
		"Overall effectiveness: must be a whole number from 0 "
		"to 10");
	accepts(mood, "-2", "-2");
	accepts(mood, "2", "2");
	refuses(mood, "-3",
		"How the meeting felt: must be a whole number from -2 "
		"to 2");
	assert_string_equal(template_type_name(TPL_RATING), "rating");
	assert_int_equal(template_type_parse("rating"), TPL_RATING);
	for (int d = 0; d < TPL_DUE_COUNT; d++)
		assert_int_equal(
		    template_due_parse(template_due_name((enum tpl_due)d)), d);
	assert_int_equal(template_due_parse("weekly"), -1);
	template_free(t);
}

/* --- finding the earlier form by hash
 * ------------------------------------------ */

static void test_catalog_finds_earlier_form(void **state)
{
	char *dir = tu_tempdir(), *dirs[1], *then_text;
	struct tpl_path path;
	struct tpl_catalog *cat;
	struct template *t, *then;
	char now_hash[TPL_HASH_HEX + 1], then_hash[TPL_HASH_HEX + 1];
	const struct template *found;
	struct mp_error err;
	size_t len;
	FILE *f;

	(void)state;
	f = fopen(tu_path(dir, "rec.yaml"), "w");
	assert_non_null(f);
	fputs(HEAD RECORDS, f);
	fclose(f);
	dirs[0] = dir;
	path.dirs = dirs;
	path.count = 1;
	assert_int_equal(template_catalog_load(&path, &cat, &err), MP_OK);
	t = load_text(HEAD RECORDS, NULL);
	hash_of(t, now_hash);
	assert_int_equal(
	    template_canonical_before_records(t, &then_text, &len, &err),
	    MP_OK);
	assert_int_equal(
	    template_load_buffer("then", then_text, len, &then, NULL, &err),
	    MP_OK);
	hash_of(then, then_hash);
	assert_string_not_equal(now_hash, then_hash);

	found = template_catalog_find_hash(cat, "rec", now_hash);
	assert_non_null(found);
	assert_true(found->records.present);
	found = template_catalog_find_hash(cat, "rec", then_hash);
	assert_non_null(found);
	assert_false(found->records.present);
	assert_int_equal(found->n_fields, 2);
	assert_null(
	    template_catalog_find_hash(cat, "rec",
				       "000000000000000000000000000000000000000"
				       "0000000000000000000000000"));
	assert_null(template_catalog_find_hash(cat, "other", now_hash));

	free(then_text);
	template_free(then);
	template_free(t);
	template_catalog_free(cat);
	tu_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scheme_records),
	    cmocka_unit_test(test_hashes_before_records),
	    cmocka_unit_test(test_canonical_with_records),
	    cmocka_unit_test(test_no_records),
	    cmocka_unit_test(test_question_ids_and_who),
	    cmocka_unit_test(test_record_errors),
	    cmocka_unit_test(test_rating_values),
	    cmocka_unit_test(test_catalog_finds_earlier_form),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
