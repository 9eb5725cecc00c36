/*
 * test_forms.c - the forms of an active agreement (forms.h): which are
 * open to whom and when (start, each session not withdrawn, end, stages,
 * reviews), answers checked by the template's rules, a refused answer
 * kept as typed and never submitted, submission only with the party's
 * own signing passphrase, a submitted entry final, the tallies counted
 * on submission and gone with the agreement, and the evaluation: counts
 * for every form, free text only for the shared ones.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sqlite3.h>

#include "mentorpact/agreement.h"
#include "mentorpact/answers.h"
#include "mentorpact/forms.h"
#include "support/testutil.h"

#define PASS	"correct horse battery staple"
#define SIGNING "a signing passphrase"

static char *dir;
static struct store *st;
static struct template *bsw, *nhs;

static struct template *load(const char *path)
{
	struct template *t = NULL;
	struct mp_error err;

	if (template_load_file(path, &t, NULL, &err) != MP_OK)
		fail_msg("%s: %s", path, err.message);
	return t;
}

static int setup(void **state)
{
	(void)state;
	dir = tu_tempdir();
	st = tu_create(tu_path(dir, "forms.mpact"), PASS);
	bsw = load("templates/bsw-hub.yaml");
	nhs = load("templates/nhs-reciprocal.yaml");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	template_free(bsw);
	template_free(nhs);
	tu_rmtree(dir);
	free(dir);
	return 0;
}

static const struct template *lookup(void *ctx, const char *scheme)
{
	(void)ctx;
	return !strcmp(scheme, bsw->id)	  ? bsw
	       : !strcmp(scheme, nhs->id) ? nhs
					  : NULL;
}

/* An agreement of tpl, signed by both: active. */
static struct agreement *active(const struct template *tpl)
{
	char yaml[2048];
	struct answers *a = NULL;
	struct agreement *ag = NULL;
	struct mp_secret *pw = tu_pass(SIGNING);
	struct mp_error err;

	snprintf(yaml, sizeof(yaml),
		 "scheme: %s\nconfirmed: true\nmentor:\n  name: Priya Shah\n"
		 "mentee:\n  name: Daniel Okafor\nanswers:\n"
		 "  meeting_frequency: once a month\n  meeting_length: 1 hour\n"
		 "%s",
		 tpl->id,
		 tpl == bsw
		     ? "  meeting_times: Tuesdays.\n"
		       "  topics_to_avoid: None.\n  notes_agreed: yes\n"
		       "  challenge_agreed: yes\n  feedback_agreed: yes\n"
		       "  progress_measures: Ratings.\n"
		     : "  notice_days: 2\n");
	if (answers_load_buffer("test", yaml, strlen(yaml), lookup, NULL, &a,
				NULL, &err) != MP_OK)
		fail_msg("answers: %s", err.message);
	if (agreement_create(st, tpl, a, &ag, &err) != MP_OK)
		fail_msg("create: %s", err.message);
	answers_free(a);
	for (int r = 0; r < 2; r++)
		if (agreement_sign(st, ag, (enum ag_role)r,
				   ag->parties[r].details[TPL_DETAIL_NAME], pw,
				   &err) != MP_OK)
			fail_msg("sign: %s", err.message);
	secret_free(pw);
	assert_int_equal(ag->status, AG_ACTIVE);
	return ag;
}

static long count(const char *sql)
{
	sqlite3_stmt *q;
	long n = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL),
			 SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

static struct form_entry *entry(const struct agreement *ag, const char *form,
				const char *occasion, enum ag_role role)
{
	struct form_entry *e = NULL;
	struct mp_error err;

	if (forms_entry_load(st, ag, form, occasion, role, &e, &err) != MP_OK)
		fail_msg("load %s: %s", form, err.message);
	return e;
}

static enum mp_status answer(struct form_entry *e, const char *q,
			     const char *text, bool keep)
{
	struct mp_error err;
	int qi = forms_question_index(e, q);

	assert_true(qi >= 0);
	return forms_entry_set(st, e, (size_t)qi, text, keep, &err);
}

static enum mp_status submit(struct form_entry *e, const char *pass)
{
	struct mp_secret *pw = tu_pass(pass);
	struct mp_error err;
	enum mp_status s = forms_entry_submit(st, e, pw, &err);

	secret_free(pw);
	return s;
}

/* The occasions listed for form, "a,b,c" of role's. */
static void occasions(const struct agreement *ag, const char *form, int role,
		      char *buf, size_t size)
{
	struct form_slot *sl;
	size_t n, used = 0;
	struct mp_error err;

	if (forms_list(st, ag, role, &sl, &n, &err) != MP_OK)
		fail_msg("list: %s", err.message);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!strcmp(sl[i].form->id, form))
			used += (size_t)snprintf(buf + used, size - used,
						 "%s%s:%s:%s", used ? "," : "",
						 sl[i].occasion, sl[i].stage,
						 forms_state_name(sl[i].state));
	forms_slots_free(sl, n);
}

static void test_occasions(void **state)
{
	struct agreement *ag = active(bsw), *n = active(nhs);
	struct mp_error err;
	char buf[512], sql[512];

	(void)state;
	occasions(ag, "start_survey", AG_MENTEE, buf, sizeof(buf));
	assert_string_equal(buf, "start:start:not started");
	occasions(ag, "session_feedback", -1, buf, sizeof(buf));
	assert_string_equal(buf, "");
	snprintf(sql, sizeof(sql),
		 "INSERT INTO sessions(agreement, n, author, held, created,"
		 " updated, withdrawn) VALUES ('%s', 1, 'mentor', '2026-01-05',"
		 " 'x', 'x', NULL), ('%s', 2, 'mentee', '2026-02-05', 'x', 'x',"
		 " 'x'), ('%s', 3, 'mentee', '2026-03-05', 'x', 'x', NULL)",
		 ag->id, ag->id, ag->id);
	tu_exec(st, sql);
	occasions(ag, "session_feedback", AG_MENTOR, buf, sizeof(buf));
	assert_string_equal(buf, "1:session:not started,3:session:not started");
	occasions(n, "programme_evaluation", AG_MENTEE, buf, sizeof(buf));
	assert_string_equal(buf, "enrolment:enrolment:not started,"
				 "induction and training:induction and "
				 "training:not started,mid-point:mid-point:"
				 "not started,end of programme:end of "
				 "programme:not started");
	occasions(n, "feedback_evaluation", AG_MENTOR, buf, sizeof(buf));
	assert_string_equal(buf, ""); /* the mentee's form */
	assert_int_equal(agreement_review(st, n, NULL, NULL, &err), MP_OK);
	occasions(n, "feedback_evaluation", AG_MENTEE, buf, sizeof(buf));
	assert_int_equal(strlen(buf), strlen("2026-03-01:review:not started"));
	assert_string_equal(buf + 10, ":review:not started");
	/* Nothing is open on an occasion the agreement does not have. */
	struct form_entry *e = NULL;
	assert_int_equal(forms_entry_load(st, ag, "session_feedback", "2",
					  AG_MENTEE, &e, &err),
			 MP_ERR_NOT_FOUND);
	assert_non_null(strstr(err.message, "open occasions: 1, 3"));
	assert_int_equal(forms_entry_load(st, n, "feedback_evaluation", NULL,
					  AG_MENTOR, &e, &err),
			 MP_ERR_NOT_FOUND);
	assert_int_equal(
	    forms_entry_load(st, ag, "no_such", NULL, AG_MENTOR, &e, &err),
	    MP_ERR_NOT_FOUND);
	/* No occasion given: the earliest not submitted. */
	e = entry(ag, "session_feedback", NULL, AG_MENTEE);
	assert_string_equal(e->occasion, "1");
	assert_string_equal(e->stage, "session");
	forms_entry_free(e);
	agreement_free(ag);
	agreement_free(n);
}

static void test_draft_kept_as_typed(void **state)
{
	struct agreement *ag = active(bsw);
	struct form_entry *e = entry(ag, "start_survey", NULL, AG_MENTEE);
	char **p;
	size_t np;

	(void)state;
	/* Refused without keep: nothing is written. */
	assert_int_equal(answer(e, "progress", "eleven", false),
			 MP_ERR_INVALID);
	assert_int_equal(e->rowid, 0);
	assert_int_equal(count("SELECT count(*) FROM form_entries"), 0);
	/* Refused with keep: kept as typed, under ~id, never a value. */
	assert_int_equal(answer(e, "progress", "eleven", true), MP_ERR_INVALID);
	assert_string_equal(e->refused[0], "eleven");
	assert_null(e->values[0]);
	assert_int_equal(answer(e, "hopes", "  To  lead a team.  ", true),
			 MP_OK);
	forms_entry_free(e);
	e = entry(ag, "start_survey", "start", AG_MENTEE);
	assert_non_null(e->refused[0]);
	assert_string_equal(e->refused[0], "eleven");
	assert_non_null(strstr(e->why[0], "1"));
	assert_non_null(e->values[1]);
	assert_string_equal(e->values[1], "To  lead a team.");
	assert_int_equal(count("SELECT count(*) FROM form_values"
			       " WHERE field = '~progress' AND tallied = 0"),
			 1);
	np = forms_entry_problems(e, &p);
	assert_int_equal(np, 1);
	assert_non_null(strstr(p[0], "was not accepted"));
	forms_problems_free(p, np);
	assert_int_equal(submit(e, SIGNING), MP_ERR_INVALID);
	assert_null(e->submitted);
	/* A valid answer replaces what was kept. */
	assert_int_equal(answer(e, "progress", " 4 ", true), MP_OK);
	assert_null(e->refused[0]);
	assert_string_equal(e->values[0], "4");
	assert_int_equal(count("SELECT count(*) FROM form_values"
			       " WHERE field LIKE '~%'"),
			 0);
	assert_int_equal(count("SELECT tallied FROM form_values"
			       " WHERE field = 'progress'"),
			 1);
	assert_int_equal(count("SELECT tallied FROM form_values"
			       " WHERE field = 'hopes'"),
			 0);
	/* Required answers: clearing one stops the submission. */
	assert_int_equal(answer(e, "hopes", "", true), MP_OK);
	np = forms_entry_problems(e, &p);
	assert_int_equal(np, 1);
	assert_non_null(strstr(p[0], "is required"));
	forms_problems_free(p, np);
	forms_entry_free(e);
	/* The audit trail names the question, never the answer. */
	assert_int_equal(count("SELECT count(*) FROM audit WHERE detail LIKE"
			       " '%lead a team%' OR detail LIKE '%eleven%'"),
			 0);
	assert_true(count("SELECT count(*) FROM audit WHERE detail ="
			  " 'start_survey start progress'") >= 2);
	agreement_free(ag);
}

static void test_submit_and_tally(void **state)
{
	struct agreement *ag = active(bsw);
	struct form_entry *e = entry(ag, "start_survey", NULL, AG_MENTOR);
	struct mp_error err;
	char id[AG_ID_SIZE];

	(void)state;
	assert_int_equal(answer(e, "progress", "7", true), MP_OK);
	assert_int_equal(submit(e, SIGNING), MP_ERR_INVALID); /* hopes */
	assert_int_equal(answer(e, "hopes", "Confidence.", true), MP_OK);
	assert_int_equal(submit(e, "not the passphrase"), MP_ERR_PASSPHRASE);
	assert_null(e->submitted);
	assert_int_equal(submit(e, PASS), MP_ERR_PASSPHRASE);
	assert_int_equal(count("SELECT count(*) FROM form_tally"), 0);
	assert_int_equal(submit(e, SIGNING), MP_OK);
	assert_non_null(e->submitted);
	assert_int_equal(count("SELECT n FROM form_tally WHERE scheme ="
			       " 'bsw-hub' AND form = 'start_survey' AND"
			       " stage = 'start' AND question = ''"),
			 1);
	assert_int_equal(count("SELECT n FROM form_tally WHERE question ="
			       " 'progress' AND value = '7'"),
			 1);
	assert_int_equal(count("SELECT count(*) FROM form_tally"
			       " WHERE question = 'hopes'"),
			 0);
	/* Final: not through the core, not through SQL. */
	assert_int_equal(answer(e, "progress", "8", true), MP_ERR_STATE);
	assert_int_equal(submit(e, SIGNING), MP_ERR_STATE);
	forms_entry_free(e);
	e = entry(ag, "start_survey", "start", AG_MENTOR);
	assert_non_null(e->submitted);
	assert_string_equal(e->values[0], "7");
	assert_int_equal(answer(e, "progress", "8", true), MP_ERR_STATE);
	forms_entry_free(e);
	assert_int_not_equal(sqlite3_exec(store_db(st),
					  "UPDATE form_values SET value = '9'"
					  " WHERE field = 'progress'",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	/* The other party's entry is their own. */
	e = entry(ag, "start_survey", NULL, AG_MENTEE);
	assert_null(e->submitted);
	assert_null(e->values[0]);
	assert_int_equal(answer(e, "progress", "7", true), MP_OK);
	assert_int_equal(answer(e, "hopes", "More.", true), MP_OK);
	assert_int_equal(submit(e, SIGNING), MP_OK);
	forms_entry_free(e);
	assert_int_equal(count("SELECT n FROM form_tally WHERE question ="
			       " 'progress' AND value = '7'"),
			 2);
	/* Ended: the records close, but for the forms due at the end. */
	assert_int_equal(agreement_end(st, ag, NULL, "both", NULL, &err),
			 MP_OK);
	e = entry(ag, "end_survey", "end", AG_MENTEE);
	assert_int_equal(answer(e, "progress", "9", true), MP_OK);
	assert_int_equal(answer(e, "achieved", "A new role.", true), MP_OK);
	assert_int_equal(submit(e, SIGNING), MP_OK);
	forms_entry_free(e);
	/* Deleted: every entry goes, and its counts with it. */
	memcpy(id, ag->id, sizeof(id));
	agreement_free(ag);
	assert_int_equal(count("SELECT count(*) FROM form_entries"
			       " WHERE submitted IS NOT NULL"),
			 3);
	assert_int_equal(agreement_delete(st, id, &err), MP_OK);
	assert_int_equal(count("SELECT count(*) FROM form_entries"
			       " WHERE submitted IS NOT NULL"),
			 0);
	assert_int_equal(count("SELECT count(*) FROM form_values WHERE entry"
			       " NOT IN (SELECT rowid FROM form_entries)"),
			 0);
	assert_int_equal(count("SELECT count(*) FROM form_tally"), 0);
}

static void test_closed_when_ended(void **state)
{
	struct agreement *ag = active(bsw);
	struct form_entry *e = entry(ag, "start_survey", NULL, AG_MENTOR);
	struct mp_error err;

	(void)state;
	assert_int_equal(answer(e, "progress", "2", true), MP_OK);
	assert_int_equal(agreement_end(st, ag, NULL, "both", NULL, &err),
			 MP_OK);
	assert_int_equal(answer(e, "progress", "3", true), MP_ERR_STATE);
	assert_int_equal(answer(e, "hopes", "x", true), MP_ERR_STATE);
	assert_int_equal(submit(e, SIGNING), MP_ERR_INVALID);
	assert_int_equal(answer(e, "hopes", "", true), MP_OK); /* unchanged */
	forms_entry_free(e);
	e = entry(ag, "start_survey", NULL, AG_MENTOR);
	assert_string_equal(e->values[0], "2");
	forms_entry_free(e);
	agreement_free(ag);
}

/* --- the evaluation ---------------------------------------------------------
 */

struct seen {
	char counts[2048];
	char texts[2048];
};

static void on_count(void *ctx, const struct form_count *c)
{
	struct seen *s = ctx;
	size_t u = strlen(s->counts);

	snprintf(s->counts + u, sizeof(s->counts) - u, "%s/%s/%s/%s=%ld;",
		 c->form, c->stage, c->question, c->value, c->n);
}

static bool on_shared(void *ctx, const char *scheme, const char *form)
{
	const struct template *t = lookup(NULL, scheme);
	const struct tpl_form *f = t ? forms_find(t, form) : NULL;

	(void)ctx;
	return f && f->shared;
}

static void on_text(void *ctx, const struct form_text *t)
{
	struct seen *s = ctx;
	size_t u = strlen(s->texts);

	snprintf(s->texts + u, sizeof(s->texts) - u, "%s/%s/%s/%s=%s;", t->form,
		 t->stage, t->role, t->question, t->text);
}

static void test_evaluation(void **state)
{
	struct agreement *ag = active(nhs);
	struct form_entry *e;
	struct seen seen = {"", ""};
	struct mp_error err;

	(void)state;
	assert_int_equal(agreement_review(st, ag, NULL, NULL, &err), MP_OK);
	e = entry(ag, "feedback_evaluation", NULL, AG_MENTEE);
	assert_int_equal(answer(e, "going_well", "PRIVATE-WELL", true), MP_OK);
	assert_int_equal(answer(e, "differently", "PRIVATE-DIFF", true), MP_OK);
	assert_int_equal(answer(e, "learning_point", "PRIVATE-LP", true),
			 MP_OK);
	assert_int_equal(submit(e, SIGNING), MP_OK);
	forms_entry_free(e);
	e = entry(ag, "programme_evaluation", "mid-point", AG_MENTOR);
	assert_int_equal(answer(e, "effectiveness", "4", true), MP_OK);
	assert_int_equal(answer(e, "feedback", "SHARED-WORDS", true), MP_OK);
	assert_int_equal(submit(e, SIGNING), MP_OK);
	forms_entry_free(e);
	e = entry(ag, "programme_evaluation", "enrolment", AG_MENTEE);
	assert_int_equal(answer(e, "effectiveness", "DRAFT-ONLY", true),
			 MP_ERR_INVALID);
	assert_int_equal(answer(e, "feedback", "NOT-SUBMITTED", true), MP_OK);
	forms_entry_free(e);
	assert_int_equal(forms_evaluation(st, "nhs-reciprocal", on_count,
					  on_shared, on_text, &seen, &err),
			 MP_OK);
	assert_string_equal(
	    seen.counts, "feedback_evaluation/review//=1;"
			 "programme_evaluation/mid-point//=1;"
			 "programme_evaluation/mid-point/effectiveness/4=1;");
	assert_string_equal(seen.texts,
			    "programme_evaluation/mid-point/mentor/feedback="
			    "SHARED-WORDS;");
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(forms_evaluation(st, "bsw-hub", on_count, on_shared,
					  on_text, &seen, &err),
			 MP_OK);
	assert_null(strstr(seen.counts, "programme_evaluation"));
	agreement_free(ag);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_occasions),
	    cmocka_unit_test(test_draft_kept_as_typed),
	    cmocka_unit_test(test_submit_and_tally),
	    cmocka_unit_test(test_closed_when_ended),
	    cmocka_unit_test(test_evaluation),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
