/*
 * test_agreement.c - the agreement lifecycle and each forbidden step:
 * draft -> ready -> signed -> active -> ended, confirmations, signatures
 * cleared by edits, signed versions never changing, re-contracting,
 * conflicts between two editors, and the audit chain.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mentorpact/agreement.h"
#include "mentorpact/audit.h"
#include "mentorpact/render.h"
#include "support/testutil.h"

#define PASS "agreement test passphrase"

static const char tpl_yaml[] =
	"format: 1\n"
	"id: test-scheme\n"
	"name: Test Scheme\n"
	"organisation: Test Trust\n"
	"version: \"1\"\n"
	"source: written for the tests\n"
	"description: A small scheme for testing the lifecycle.\n"
	"facts:\n"
	"  planned_duration: 12 months\n"
	"  review_interval: 6 months\n"
	"  retention_after_end: 1 year\n"
	"  returned_by: mentee\n"
	"  returned_to: the scheme administrator\n"
	"parties:\n"
	"  mentor: {ask: [name, email], required: [name, email]}\n"
	"  mentee: {ask: [name, email], required: [name, email]}\n"
	"sections:\n"
	"  - id: parties\n"
	"    title: Parties\n"
	"    confirm: both\n"
	"    body:\n"
	"      - details: mentor\n"
	"      - details: mentee\n"
	"  - id: meetings\n"
	"    title: Meetings\n"
	"    confirm: both\n"
	"    body:\n"
	"      - paragraph: We will meet {frequency}.\n"
	"      - field: frequency\n"
	"        label: How often we meet\n"
	"        type: frequency\n"
	"        who: both\n"
	"      - field: notice\n"
	"        label: Notice for cancelling\n"
	"        type: duration\n"
	"        who: both\n"
	"        default: 48 hours\n"
	"  - id: goals\n"
	"    title: Goals\n"
	"    confirm: mentee\n"
	"    body:\n"
	"      - field: goals\n"
	"        label: Goals\n"
	"        type: list\n"
	"        who: mentee\n"
	"      - signatures: both\n";

static char *dir;
static struct store *st;
static struct template *tpl;
static struct mp_secret *mentor_pw, *mentee_pw;

static int setup(void **state)
{
	struct mp_error err;

	(void)state;
	dir = tu_tempdir();
	st = tu_create(tu_path(dir, "a.mpact"), PASS);
	if (template_load_buffer("test", tpl_yaml, sizeof(tpl_yaml) - 1, &tpl,
				 NULL, &err) != MP_OK) {
		fprintf(stderr, "template: %s\n", err.message);
		return -1;
	}
	mentor_pw = tu_pass("mentor's own signing phrase");
	mentee_pw = tu_pass("mentee's own signing phrase");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	template_free(tpl);
	secret_free(mentor_pw);
	secret_free(mentee_pw);
	tu_rmtree(dir);
	free(dir);
	return 0;
}

static struct agreement *new_agreement(void)
{
	struct agreement *ag;
	struct mp_error err;

	assert_int_equal(agreement_create(st, tpl, NULL, &ag, &err), MP_OK);
	assert_int_equal(ag->status, AG_DRAFT);
	assert_int_equal(ag->version, 1);
	return ag;
}

static void set_ok(struct agreement *ag, const char *f, const char *v)
{
	struct mp_error err;

	if (agreement_set(st, ag, f, v, TPL_BOTH, NULL, &err) != MP_OK)
		fail_msg("set %s: %s", f, err.message);
}

static void confirm_ok(struct agreement *ag, const char *sec,
		       enum ag_role r)
{
	struct mp_error err;
	int s = agreement_section_index(ag, sec);

	assert_true(s >= 0);
	if (agreement_confirm(st, ag, (size_t)s, r, true, &err) != MP_OK)
		fail_msg("confirm %s: %s", sec, err.message);
}

/* A filled-in, fully confirmed agreement: ready to sign. */
static struct agreement *ready_agreement(void)
{
	struct agreement *ag = new_agreement();

	set_ok(ag, "mentor.name", "Priya Shah");
	set_ok(ag, "mentor.email", "Priya.Shah@example.org");
	set_ok(ag, "mentee.name", "Zoë Ångström");
	set_ok(ag, "mentee.email", "zoe@example.org");
	set_ok(ag, "frequency", "once a month");
	set_ok(ag, "notice", "48 hours");
	set_ok(ag, "goals", "Lead a team through a reorganisation\n"
			    "Prepare for a band 7 interview");
	confirm_ok(ag, "parties", AG_MENTOR);
	confirm_ok(ag, "parties", AG_MENTEE);
	confirm_ok(ag, "meetings", AG_MENTOR);
	confirm_ok(ag, "meetings", AG_MENTEE);
	confirm_ok(ag, "goals", AG_MENTEE);
	assert_int_equal(ag->status, AG_READY);
	return ag;
}

static void test_draft_to_ready(void **state)
{
	struct agreement *ag = new_agreement(), *again;
	struct mp_error err;
	char **problems;
	size_t n;

	(void)state;
	/* A new draft starts with the scheme's defaults. */
	assert_string_equal(agreement_value(ag, "notice"), "48 hours");
	assert_null(agreement_value(ag, "frequency"));
	n = agreement_problems(ag, &problems);
	assert_true(n >= 5);
	agreement_problems_free(problems, n);
	/* Bad values are refused, naming the field and the rule. */
	assert_int_equal(agreement_set(st, ag, "mentor.email", "not an email",
				       TPL_BOTH, NULL, &err),
			 MP_ERR_INVALID);
	assert_non_null(strstr(err.message, "email"));
	assert_int_equal(agreement_set(st, ag, "notice", "soon", TPL_BOTH,
				       NULL, &err),
			 MP_ERR_INVALID);
	assert_non_null(strstr(err.message, "Notice for cancelling"));
	assert_int_equal(agreement_set(st, ag, "no_such_field", "x", TPL_BOTH,
				       NULL, &err),
			 MP_ERR_NOT_FOUND);
	/* A section cannot be confirmed while its answers are missing, nor
	 * by a party it does not name. */
	assert_int_equal(agreement_confirm(st, ag, 2, AG_MENTEE, true, &err),
			 MP_ERR_STATE);
	assert_int_equal(agreement_confirm(st, ag, 2, AG_MENTOR, true, &err),
			 MP_ERR_INVALID);
	agreement_free(ag);

	ag = ready_agreement();
	/* Stored in one normal form, and loaded back the same. */
	assert_string_equal(agreement_value(ag, "notice"), "48 hours");
	assert_int_equal(agreement_load(st, ag->id, 0, &again, &err), MP_OK);
	assert_int_equal(again->status, AG_READY);
	assert_string_equal(agreement_value(again, "goals"),
			    agreement_value(ag, "goals"));
	assert_string_equal(agreement_detail(again, AG_MENTEE,
					     TPL_DETAIL_NAME),
			    "Zoë Ångström");
	agreement_free(again);
	/* Lower case and misread letters find the same agreement. */
	{
		char typed[AG_ID_SIZE];
		for (int i = 0; i < AG_ID_SIZE; i++)
			typed[i] = (char)(ag->id[i] >= 'A' && ag->id[i] <= 'Z'
						  ? ag->id[i] + 32
						  : ag->id[i]);
		assert_int_equal(agreement_load(st, typed, 0, &again, &err),
				 MP_OK);
		agreement_free(again);
	}
	assert_int_equal(agreement_load(st, "NOPE-NOPE", 0, &again, &err),
			 MP_ERR_NOT_FOUND);
	agreement_free(ag);
}

static void test_no_signing_before_ready(void **state)
{
	struct agreement *ag = new_agreement();
	struct mp_error err;

	(void)state;
	set_ok(ag, "mentor.name", "Priya Shah");
	assert_int_equal(agreement_sign(st, ag, AG_MENTOR, "Priya Shah",
					mentor_pw, &err),
			 MP_ERR_STATE);
	assert_non_null(strstr(err.message, "not ready"));
	assert_false(ag->sigs[AG_MENTOR].present);
	agreement_free(ag);
}

static void test_sign_both_then_frozen(void **state)
{
	struct agreement *ag = ready_agreement(), *next;
	struct ag_change change;
	struct mp_error err;

	(void)state;
	/* The typed name must match; the wrong name signs nothing. */
	assert_int_equal(agreement_sign(st, ag, AG_MENTOR, "Priya Sharma",
					mentor_pw, &err),
			 MP_ERR_INVALID);
	assert_int_equal(agreement_signer_has_key(st, ag, AG_MENTOR), 0);
	assert_int_equal(agreement_sign(st, ag, AG_MENTOR, "  priya   SHAH ",
					mentor_pw, &err),
			 MP_OK);
	assert_int_equal(ag->status, AG_SIGNED);
	assert_non_null(ag->body);
	assert_int_equal(agreement_signer_has_key(st, ag, AG_MENTOR), 1);
	/* The same party cannot sign twice; the other cannot use the
	 * mentor's key without the mentor's passphrase. */
	assert_int_equal(agreement_sign(st, ag, AG_MENTOR, "Priya Shah",
					mentor_pw, &err),
			 MP_ERR_STATE);
	assert_int_equal(agreement_sign(st, ag, AG_MENTEE, "Zoë Ångström",
					mentee_pw, &err),
			 MP_OK);
	assert_int_equal(ag->status, AG_ACTIVE);
	assert_string_equal(ag->started, ag->signed_on);
	assert_non_null(ag->review_due);
	assert_non_null(ag->planned_end);
	assert_true(strcmp(ag->review_due, ag->started) > 0);
	assert_true(strcmp(ag->planned_end, ag->review_due) > 0);

	/* Active: no change of any kind. */
	assert_int_equal(agreement_set(st, ag, "frequency", "twice a month",
				       TPL_BOTH, &change, &err),
			 MP_ERR_STATE);
	assert_int_equal(agreement_confirm(st, ag, 0, AG_MENTOR, false, &err),
			 MP_ERR_STATE);
	/* Not even behind the core's back: the triggers refuse. */
	{
		char sql[200];
		snprintf(sql, sizeof(sql),
			 "UPDATE agreement_values SET value = 'tampered'"
			 " WHERE agreement = %lld",
			 (long long)ag->rowid);
		assert_int_not_equal(sqlite3_exec(store_db(st), sql, NULL,
						  NULL, NULL),
				     SQLITE_OK);
		snprintf(sql, sizeof(sql),
			 "UPDATE agreements SET body = 'tampered'"
			 " WHERE rowid = %lld",
			 (long long)ag->rowid);
		assert_int_not_equal(sqlite3_exec(store_db(st), sql, NULL,
						  NULL, NULL),
				     SQLITE_OK);
	}

	/* Re-contracting makes version 2, a draft with the same answers. */
	assert_int_equal(agreement_recontract(st, ag, &next, &err), MP_OK);
	assert_int_equal(next->version, 2);
	assert_int_equal(next->status, AG_DRAFT);
	assert_string_equal(agreement_value(next, "goals"),
			    agreement_value(ag, "goals"));
	set_ok(next, "frequency", "twice a month");
	agreement_free(next);
	assert_int_equal(agreement_recontract(st, ag, &next, &err),
			 MP_ERR_EXISTS);
	/* Version 1 still holds what was signed. */
	assert_int_equal(agreement_load(st, ag->id, 1, &next, &err), MP_OK);
	assert_string_equal(agreement_value(next, "frequency"),
			    agreement_value(ag, "frequency"));
	assert_string_equal(next->body, ag->body);
	agreement_free(next);

	/* Ending: a date before the start is refused; a reason is optional. */
	assert_int_equal(agreement_end(st, ag, "2001-01-01", "mentee", NULL,
				       &err),
			 MP_ERR_INVALID);
	assert_int_equal(agreement_end(st, ag, NULL, "someone", NULL, &err),
			 MP_ERR_INVALID);
	assert_int_equal(agreement_end(st, ag, NULL, "mentee", NULL, &err),
			 MP_OK);
	assert_int_equal(ag->status, AG_ENDED);
	assert_non_null(ag->kept_until);
	assert_true(strcmp(ag->kept_until, ag->ended) > 0);
	assert_int_equal(agreement_end(st, ag, NULL, "mentee", NULL, &err),
			 MP_ERR_STATE);
	assert_int_equal(agreement_set(st, ag, "notice", "1 day", TPL_BOTH,
				       NULL, &err),
			 MP_ERR_STATE);
	agreement_free(ag);
}

/* An edit after one signature clears it, and the section's confirmations,
 * and says so. */
static void test_edit_clears_signature(void **state)
{
	struct agreement *ag = ready_agreement();
	struct ag_change change;
	struct mp_error err;

	(void)state;
	assert_int_equal(agreement_sign(st, ag, AG_MENTOR, "Priya Shah",
					mentor_pw, &err),
			 MP_OK);
	assert_int_equal(agreement_set(st, ag, "notice", "3 days", TPL_BOTH,
				       &change, &err),
			 MP_OK);
	assert_true(change.cleared_signatures);
	assert_true(change.cleared_confirmations);
	assert_false(ag->sigs[AG_MENTOR].present);
	assert_null(ag->body);
	assert_int_equal(ag->status, AG_DRAFT);
	confirm_ok(ag, "meetings", AG_MENTOR);
	confirm_ok(ag, "meetings", AG_MENTEE);
	assert_int_equal(ag->status, AG_READY);
	/* A wrong signing passphrase fails cleanly: nothing signed. */
	assert_int_equal(agreement_sign(st, ag, AG_MENTOR, "Priya Shah",
					mentee_pw, &err),
			 MP_ERR_PASSPHRASE);
	assert_false(ag->sigs[AG_MENTOR].present);
	assert_int_equal(ag->status, AG_READY);
	agreement_free(ag);
}

/* Two editors: the later save of a stale copy is refused with both
 * values named, and the first editor's value stays. */
static void test_conflict(void **state)
{
	struct agreement *a = ready_agreement(), *b;
	struct mp_error err;

	(void)state;
	assert_int_equal(agreement_load(st, a->id, 0, &b, &err), MP_OK);
	set_ok(a, "frequency", "twice a month");
	assert_int_equal(agreement_set(st, b, "frequency", "once a week",
				       TPL_BOTH, NULL, &err),
			 MP_ERR_CONFLICT);
	assert_non_null(strstr(err.message, "'twice a month'"));
	assert_non_null(strstr(err.message, "'once a week'"));
	/* b was reloaded: it now shows a's value, and can go on. */
	assert_string_equal(agreement_value(b, "frequency"),
			    agreement_value(a, "frequency"));
	set_ok(b, "frequency", "once a week");
	agreement_free(a);
	agreement_free(b);
}

/* Reviews move the next review on; deleting leaves only a tombstone. */
static void test_review_and_delete(void **state)
{
	struct agreement *ag = ready_agreement(), *gone;
	struct ag_review *reviews;
	struct mp_error err;
	char id[AG_ID_SIZE], long_note[2100];
	size_t n;
	int64_t total;

	(void)state;
	assert_int_equal(agreement_review(st, ag, NULL, NULL, &err),
			 MP_ERR_STATE);
	assert_int_equal(agreement_sign(st, ag, AG_MENTOR, "Priya Shah",
					mentor_pw, &err),
			 MP_OK);
	assert_int_equal(agreement_sign(st, ag, AG_MENTEE, "Zoë Ångström",
					mentee_pw, &err),
			 MP_OK);
	memset(long_note, 'x', sizeof(long_note) - 1);
	long_note[sizeof(long_note) - 1] = '\0';
	assert_int_equal(agreement_review(st, ag, NULL, long_note, &err),
			 MP_ERR_INVALID);
	assert_int_equal(agreement_review(st, ag, "31/02/2030", NULL, &err),
			 MP_ERR_INVALID);
	assert_int_equal(agreement_review(st, ag, "2001-01-01", NULL, &err),
			 MP_ERR_INVALID);
	/* A review is recorded once held: start the agreement in 2020 so
	 * that a known past date can record one. */
	assert_int_equal(sqlite3_exec(store_db(st),
				      "UPDATE agreements SET started = "
				      "'2020-01-01'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	free(ag->started);
	ag->started = strdup("2020-01-01");
	assert_int_equal(agreement_review(st, ag, "01/06/2099", NULL, &err),
			 MP_ERR_INVALID);
	assert_int_equal(agreement_review(st, ag, "01/06/2020",
					  "Goals on track; meet monthly.",
					  &err),
			 MP_OK);
	/* The test scheme reviews every six months. */
	assert_string_equal(ag->review_due, "2020-12-01");
	assert_int_equal(agreement_reviews(st, ag, &reviews, &n, &err), MP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(reviews[0].held_on, "2020-06-01");
	assert_string_equal(reviews[0].note, "Goals on track; meet monthly.");
	agreement_reviews_free(reviews, n);

	snprintf(id, sizeof(id), "%s", ag->id);
	assert_int_equal(agreement_delete(st, id, &err), MP_OK);
	assert_int_equal(agreement_load(st, id, 0, &gone, &err),
			 MP_ERR_NOT_FOUND);
	assert_int_equal(agreement_reviews(st, ag, &reviews, &n, &err), MP_OK);
	assert_int_equal(n, 0);
	agreement_reviews_free(reviews, n);
	assert_int_equal(audit_walk(st, NULL, NULL, NULL, &total, &err),
			 MP_OK);
	/* Nothing readable of it is left in any page of the file. */
	assert_false(tu_file_contains(tu_path(dir, "a.mpact"), "Priya"));
	agreement_free(ag);
}

static void count_entry(void *ctx, const struct audit_entry *e)
{
	(void)e;
	(*(int *)ctx)++;
}

/* Every change is in the audit trail, and its chain breaks where an
 * entry is altered. */
static void test_audit_chain(void **state)
{
	struct agreement *ag = ready_agreement();
	struct mp_error err;
	int64_t total;
	int mine = 0;

	(void)state;
	assert_int_equal(audit_walk(st, ag->id, count_entry, &mine, &total,
				    &err),
			 MP_OK);
	assert_true(mine >= 12); /* created, 7 answers, 5 confirmations */
	/* Editing an entry behind the trail's back: the trigger refuses, and
	 * with the trigger gone the chain names the entry. */
	assert_int_not_equal(sqlite3_exec(store_db(st),
					  "UPDATE audit SET detail = 'x'"
					  " WHERE seq = 3",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	tu_exec(st, "DROP TRIGGER audit_only_redact;"
		    "UPDATE audit SET detail = 'x' WHERE seq = 3;");
	assert_int_equal(audit_walk(st, NULL, NULL, NULL, &total, &err),
			 MP_ERR_DAMAGED);
	assert_non_null(strstr(err.message, "entry 3"));
	agreement_free(ag);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_draft_to_ready, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_signing_before_ready,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_sign_both_then_frozen,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_clears_signature,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_chain, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_review_and_delete, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
