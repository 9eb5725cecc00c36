/*
 * test_records.c - the session log's tables (schema step 8) and its
 * count: withdrawn entries are kept but not counted; sessions belong to
 * the agreement's id.  Then the log written through records.h: who may
 * write and change an entry, what is checked, what falls due, and the
 * minimum of sessions before an early ending.
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

#include "mentorpact/answers.h"
#include "mentorpact/records.h"
#include "mentorpact/secret.h"
#include "mentorpact/store.h"
#include "support/testutil.h"

#define PASS	  "correct horse battery staple"
#define MENTOR_PW "the mentor's own signing words"
#define MENTEE_PW "the mentee's quite other words"

static void test_held(void **state)
{
	char *dir = tu_tempdir();
	struct store *st = tu_create(tu_path(dir, "r.mpact"), PASS);
	struct mp_error err;
	long held = -1, logged = -1;

	(void)state;
	assert_int_equal(records_held(st, "ab12cd34", &held, &logged, &err),
			 MP_OK);
	assert_int_equal(held, 0);
	assert_int_equal(logged, 0);
	tu_exec(st, "INSERT INTO templates VALUES('h', 'emmp', 'x');"
		    "INSERT INTO agreements(id, version, scheme, template_hash,"
		    " status, created, changed) VALUES"
		    " ('ab12cd34', 1, 'emmp', 'h', 'active', 'x', 'x'),"
		    " ('zz99zz99', 1, 'emmp', 'h', 'active', 'x', 'x');");
	tu_exec(st, "INSERT INTO sessions(agreement, n, author, held,"
		    " minutes, how, created, updated, withdrawn) VALUES"
		    " ('ab12cd34', 1, 'mentor', '2026-01-05', 60, 'video',"
		    "  'x', 'x', NULL),"
		    " ('ab12cd34', 2, 'mentee', '2026-02-05', 45, 'phone',"
		    "  'x', 'x', '2026-02-06T10:00:00Z'),"
		    " ('ab12cd34', 3, 'mentee', '2026-03-05', 30, 'in person',"
		    "  'x', 'x', NULL),"
		    " ('zz99zz99', 1, 'mentor', '2026-03-05', 30, 'other',"
		    "  'x', 'x', NULL);"
		    "INSERT INTO session_values(session, field, value)"
		    " VALUES (1, 'actions', 'read the handbook');");
	assert_int_equal(records_held(st, "ab12cd34", &held, &logged, &err),
			 MP_OK);
	assert_int_equal(held, 2);
	assert_int_equal(logged, 3);
	/* Ended: the records are closed; deleted: they go with it. */
	tu_exec(st, "UPDATE agreements SET status = 'ended'"
		    " WHERE id = 'ab12cd34'");
	assert_int_not_equal(sqlite3_exec(store_db(st),
					  "UPDATE sessions SET how = 'x'"
					  " WHERE agreement = 'ab12cd34'",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	tu_exec(st, "DELETE FROM agreements WHERE id = 'ab12cd34'");
	assert_int_equal(records_held(st, "ab12cd34", &held, &logged, &err),
			 MP_OK);
	assert_int_equal(logged, 0);
	store_close(st);
	tu_rmtree(dir);
	free(dir);
}

/* --- the log written through records.h ------------------------------------ */

static struct template *nhs, *bsw;

static const struct template *lookup(void *ctx, const char *scheme)
{
	(void)ctx;
	return !strcmp(scheme, nhs->id)	  ? nhs
	       : !strcmp(scheme, bsw->id) ? bsw
					  : NULL;
}

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
	nhs = load("templates/nhs-reciprocal.yaml");
	bsw = load("templates/bsw-hub.yaml");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	template_free(nhs);
	template_free(bsw);
	return 0;
}

/* An active agreement of tpl, signed by both with their own words. */
static struct agreement *active(struct store *st, const struct template *tpl)
{
	char yaml[1024];
	struct answers *a = NULL;
	struct agreement *ag = NULL;
	struct mp_error err;
	struct mp_secret *pw[2] = {tu_pass(MENTOR_PW), tu_pass(MENTEE_PW)};

	snprintf(yaml, sizeof(yaml),
		 "scheme: %s\nconfirmed: true\nmentor:\n  name: Priya Shah\n"
		 "mentee:\n  name: Daniel Okafor\nanswers:\n"
		 "  meeting_frequency: once a month\n"
		 "  meeting_length: 1 hour\n%s",
		 tpl->id,
		 tpl == bsw ? "  meeting_times: Tuesdays.\n"
			      "  topics_to_avoid: None.\n"
			      "  notes_agreed: yes\n  challenge_agreed: yes\n"
			      "  feedback_agreed: yes\n"
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
				   ag->parties[r].details[TPL_DETAIL_NAME],
				   pw[r], &err) != MP_OK)
			fail_msg("sign: %s", err.message);
	secret_free(pw[0]);
	secret_free(pw[1]);
	assert_int_equal(ag->status, AG_ACTIVE);
	return ag;
}

static void add_fails(struct store *st, struct agreement *ag,
		      const struct mp_secret *pw, struct rec_entry e,
		      const char *what)
{
	struct mp_error err;
	long num;

	assert_int_equal(
	    records_session_add(st, ag, AG_MENTOR, pw, &e, &num, &err),
	    MP_ERR_INVALID);
	assert_non_null(strstr(err.message, what));
}

static void test_log(void **state)
{
	char *dir = tu_tempdir();
	struct store *st = tu_create(tu_path(dir, "r.mpact"), PASS);
	struct mp_secret *mp = tu_pass(MENTOR_PW), *ep = tu_pass(MENTEE_PW);
	struct agreement *ag = active(st, nhs);
	struct rec_session *v = NULL;
	struct mp_error err;
	size_t n = 0;
	long num = 0, held = 0;
	const char *f[] = {"actions"}, *val[] = {"Shadow a ward round"};
	const char *nf[] = {"nosuch"};
	struct rec_entry e = {"2026-01-05", "60", "video", "2026-02-05", f,
			      val,	    1};
	struct rec_entry bad;

	(void)state;
	assert_int_equal(records_planned(nhs), 3);
	/* Proof: the party's own words, not the other's. */
	assert_int_equal(
	    records_session_add(st, ag, AG_MENTOR, ep, &e, &num, &err),
	    MP_ERR_PASSPHRASE);
	/* What is checked, with what the message says. */
	bad = e, bad.date = NULL;
	add_fails(st, ag, mp, bad, "give the date the session was held");
	bad = e, bad.date = "2026-02-30";
	add_fails(st, ag, mp, bad, "date: '2026-02-30' is not a date");
	bad = e, bad.date = "2999-01-01", bad.next = NULL;
	add_fails(st, ag, mp, bad, "is in the future");
	bad = e, bad.minutes = "1441";
	add_fails(st, ag, mp, bad, "from 1 to 1440");
	bad = e, bad.next = "2026-01-04";
	add_fails(st, ag, mp, bad, "is before this session");
	bad = e, bad.how = "two\nlines";
	add_fails(st, ag, mp, bad, "how: write one line");
	bad = e, bad.fields = nf;
	add_fails(st, ag, mp, bad, "its fields are: actions");
	assert_int_equal(records_held(st, ag->id, &held, NULL, &err), MP_OK);
	assert_int_equal(held, 0);

	assert_int_equal(
	    records_session_add(st, ag, AG_MENTOR, mp, &e, &num, &err), MP_OK);
	assert_int_equal(num, 1);
	e.date = "06/02/2026"; /* normalised */
	e.next = NULL;
	e.n_set = 0;
	assert_int_equal(
	    records_session_add(st, ag, AG_MENTEE, ep, &e, &num, &err), MP_OK);
	assert_int_equal(num, 2);

	/* Only the author changes or withdraws an entry. */
	struct rec_entry change = {NULL, "90", "", NULL, NULL, NULL, 0};
	assert_int_equal(
	    records_session_edit(st, ag, AG_MENTEE, ep, 1, &change, &err),
	    MP_ERR_PERM);
	assert_int_equal(
	    records_session_withdraw(st, ag, AG_MENTOR, mp, 2, &err),
	    MP_ERR_PERM);
	assert_int_equal(
	    records_session_edit(st, ag, AG_MENTOR, ep, 1, &change, &err),
	    MP_ERR_PASSPHRASE);
	assert_int_equal(
	    records_session_edit(st, ag, AG_MENTOR, mp, 1, &change, &err),
	    MP_OK);
	assert_int_equal(
	    records_session_withdraw(st, ag, AG_MENTEE, ep, 2, &err), MP_OK);
	assert_int_equal(
	    records_session_edit(st, ag, AG_MENTEE, ep, 2, &change, &err),
	    MP_ERR_STATE);
	assert_int_equal(
	    records_session_edit(st, ag, AG_MENTOR, mp, 7, &change, &err),
	    MP_ERR_NOT_FOUND);

	assert_int_equal(records_sessions(st, ag, &v, &n, &err), MP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].author, "mentor");
	assert_string_equal(v[0].held, "2026-01-05");
	assert_int_equal(v[0].minutes, 90);
	assert_null(v[0].how); /* "" cleared it */
	assert_string_equal(v[0].next, "2026-02-05");
	assert_int_equal(v[0].n_values, 1);
	assert_string_equal(v[0].values[0], "Shadow a ward round");
	assert_null(v[0].withdrawn);
	assert_string_equal(v[1].held, "2026-02-06");
	assert_non_null(v[1].withdrawn);
	records_sessions_free(v, n);
	assert_int_equal(records_held(st, ag->id, &held, NULL, &err), MP_OK);
	assert_int_equal(held, 1);

	/* A scheme without a session log has nothing to record. */
	ag->tpl->records.sessions.present = false;
	assert_int_equal(
	    records_session_add(st, ag, AG_MENTOR, mp, &e, &num, &err),
	    MP_ERR_STATE);
	assert_non_null(strstr(err.message, "keeps no session log"));
	ag->tpl->records.sessions.present = true;

	/* The minimum before an early ending: refused without a reason,
	 * kept with it, in the end's transaction. */
	bool early = true, found = true;
	struct rec_early kept;

	assert_int_equal(
	    records_end(st, ag, NULL, "both", NULL, NULL, &early, &err),
	    MP_ERR_STATE);
	assert_non_null(strstr(err.message, "has 1 session recorded"));
	assert_false(early);
	assert_int_equal(ag->status, AG_ACTIVE);
	assert_int_equal(records_early(st, ag->id, &kept, &found, &err), MP_OK);
	assert_false(found);
	assert_int_equal(
	    records_end(st, ag, NULL, "both", NULL, "two\nlines", &early, &err),
	    MP_ERR_INVALID);
	assert_int_equal(records_end(st, ag, NULL, "both", NULL,
				     "moved to another trust", &early, &err),
			 MP_OK);
	assert_true(early);
	assert_int_equal(records_early(st, ag->id, &kept, &found, &err), MP_OK);
	assert_true(found);
	assert_int_equal(kept.held, 1);
	assert_int_equal(kept.minimum, 3);
	assert_string_equal(kept.reason, "moved to another trust");
	records_early_free(&kept);
	/* Ended: closed. */
	struct agreement *now = NULL;
	assert_int_equal(agreement_load(st, ag->id, 0, &now, &err), MP_OK);
	assert_int_equal(now->status, AG_ENDED);
	assert_int_equal(
	    records_session_add(st, now, AG_MENTOR, mp, &e, &num, &err),
	    MP_ERR_STATE);
	agreement_free(now);
	agreement_free(ag);
	secret_free(mp);
	secret_free(ep);
	store_close(st);
	tu_rmtree(dir);
	free(dir);
}

static struct agreement *reload(struct store *st, struct agreement *ag)
{
	struct agreement *now = NULL;
	struct mp_error err;

	assert_int_equal(agreement_load(st, ag->id, 0, &now, &err), MP_OK);
	agreement_free(ag);
	return now;
}

static void expect_due(struct store *st, const struct agreement *ag,
		       const char *meeting, const char *form)
{
	char due[REC_DUE_KINDS][11];
	struct mp_error err;

	assert_int_equal(records_due_of(st, ag->id, due, &err), MP_OK);
	assert_string_equal(due[REC_DUE_MEETING], meeting);
	assert_string_equal(due[REC_DUE_FORM], form);
	assert_string_equal(due[REC_DUE_REVIEW],
			    ag->review_due ? ag->review_due : "");
}

static void test_due(void **state)
{
	char *dir = tu_tempdir();
	struct store *st = tu_create(tu_path(dir, "r.mpact"), PASS);
	struct mp_secret *ep = tu_pass(MENTEE_PW);
	struct agreement *ag = active(st, bsw);
	struct mp_error err;
	char sql[512];
	long c[REC_DUE_KINDS], num;
	struct rec_entry e = {"2026-01-05", NULL, NULL, "2026-02-05",
			      NULL,	    NULL, 0};

	(void)state;
	/* Started 2026-01-01: the start survey falls due 14 days on. */
	snprintf(sql, sizeof(sql),
		 "UPDATE agreements SET started = '2026-01-01',"
		 " review_due = '2026-07-01' WHERE id = '%s'",
		 ag->id);
	tu_exec(st, sql);
	ag = reload(st, ag);
	assert_int_equal(records_due_refresh(st, ag, &err), MP_OK);
	expect_due(st, ag, "", "2026-01-15");
	/* A session: its feedback 7 days on, and the next meeting. */
	assert_int_equal(
	    records_session_add(st, ag, AG_MENTEE, ep, &e, &num, &err), MP_OK);
	expect_due(st, ag, "2026-02-05", "2026-01-12");
	/* Both submitted the session's feedback: the start survey again. */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO form_entries(agreement, scheme, form, stage,"
		 " occasion, role, created, updated, submitted) VALUES"
		 " ('%s', 'bsw-hub', 'session_feedback', 'session', '1',"
		 " 'mentor', 'x', 'x', 'x'),"
		 " ('%s', 'bsw-hub', 'session_feedback', 'session', '1',"
		 " 'mentee', 'x', 'x', NULL)",
		 ag->id, ag->id);
	tu_exec(st, sql);
	assert_int_equal(records_due_refresh(st, ag, &err), MP_OK);
	expect_due(st, ag, "2026-02-05", "2026-01-12"); /* mentee's draft */
	tu_exec(st, "UPDATE form_entries SET submitted = 'x'"
		    " WHERE submitted IS NULL");
	assert_int_equal(records_due_refresh(st, ag, &err), MP_OK);
	expect_due(st, ag, "2026-02-05", "2026-01-15");

	/* The counts by day read records_due_days. */
	assert_int_equal(records_due_counts(st, "2026-01-31", c, &err), MP_OK);
	assert_int_equal(c[REC_DUE_MEETING], 0);
	assert_int_equal(c[REC_DUE_FORM], 1);
	assert_int_equal(c[REC_DUE_REVIEW], 0);
	assert_int_equal(records_due_counts(st, "2026-12-31", c, &err), MP_OK);
	assert_int_equal(c[REC_DUE_MEETING], 1);
	assert_int_equal(c[REC_DUE_REVIEW], 1);
	/* Withdrawn: no next meeting is agreed any more. */
	assert_int_equal(
	    records_session_withdraw(st, ag, AG_MENTEE, ep, 1, &err), MP_OK);
	expect_due(st, ag, "", "2026-01-15");
	assert_int_equal(records_due_counts(st, "2026-12-31", c, &err), MP_OK);
	assert_int_equal(c[REC_DUE_MEETING], 0);

	/* Ended: only the forms due at the end, 14 days after it. */
	assert_int_equal(
	    agreement_end(st, ag, "2026-03-01", "both", NULL, &err), MP_OK);
	ag = reload(st, ag);
	assert_int_equal(records_due_refresh(st, ag, &err), MP_OK);
	assert_int_equal(records_due_counts(st, "2026-12-31", c, &err), MP_OK);
	assert_int_equal(c[REC_DUE_MEETING] + c[REC_DUE_REVIEW], 0);
	assert_int_equal(c[REC_DUE_FORM], 1);
	char due[REC_DUE_KINDS][11];
	assert_int_equal(records_due_of(st, ag->id, due, &err), MP_OK);
	assert_string_equal(due[REC_DUE_FORM], "2026-03-15");
	agreement_free(ag);
	secret_free(ep);
	store_close(st);
	tu_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_held),
	    cmocka_unit_test(test_log),
	    cmocka_unit_test(test_due),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
