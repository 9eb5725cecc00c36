/*
 * test_pending.c - answers typed in the wizard and refused are kept in the
 * store as typed (agreement_set_keep): kept, listed and explained; dropped
 * by a valid answer, by the stored answer typed again, or by clearing an
 * optional field; kept across closing and reopening the store; holding
 * the agreement back from "ready" and from signing, in the core and
 * under it (triggers); never on a version signed by both; and treated as
 * personal data exactly like answers by the subject's export, erasure,
 * deletion and purge.  Migration 5 brings an older store up to date.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mentorpact/admin.h"
#include "mentorpact/agreement.h"
#include "mentorpact/audit.h"
#include "support/testutil.h"

#define PASS "pending test passphrase"
#define ERIN "erin.pending@example.org"
#define MARK "Zqxpendingmark"

static const char tpl_yaml[] =
    "format: 1\n"
    "id: test-scheme\n"
    "name: Test Scheme\n"
    "organisation: Test Trust\n"
    "version: \"1\"\n"
    "source: written for the tests\n"
    "description: A small scheme for testing refused answers.\n"
    "facts:\n"
    "  planned_duration: 12 months\n"
    "  review_interval: 6 months\n"
    "  retention_after_end: 1 year\n"
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
    "      - field: frequency\n"
    "        label: How often we meet\n"
    "        type: frequency\n"
    "        who: both\n"
    "      - field: notice\n"
    "        label: Notice for cancelling\n"
    "        type: duration\n"
    "        who: both\n"
    "        default: 48 hours\n"
    "      - field: start\n"
    "        label: First meeting\n"
    "        type: date\n"
    "        who: both\n"
    "        required: false\n"
    "  - id: goals\n"
    "    title: Goals\n"
    "    confirm: mentee\n"
    "    body:\n"
    "      - field: goals\n"
    "        label: Goals\n"
    "        type: list\n"
    "        who: mentee\n"
    "        min_items: 2\n"
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
	st = tu_create(tu_path(dir, "p.mpact"), PASS);
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

static long count(const char *sql)
{
	sqlite3_stmt *q;
	long n;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

static long pending_rows(void)
{
	return count("SELECT count(*) FROM pending_answers");
}

static long hits(const char *needle)
{
	return tu_page_hits(st, needle);
}

static void set_ok(struct agreement *ag, const char *f, const char *v)
{
	struct mp_error err;

	if (agreement_set(st, ag, f, v, TPL_BOTH, NULL, &err) != MP_OK)
		fail_msg("set %s: %s", f, err.message);
}

/* Type v for f in the wizard: refused, and kept. */
static void refused(struct agreement *ag, const char *f, const char *v)
{
	struct mp_error err;

	assert_int_equal(agreement_set_keep(st, ag, f, v, TPL_BOTH, NULL, &err),
			 MP_ERR_INVALID);
	assert_non_null(agreement_pending(ag, f));
	assert_string_equal(agreement_pending(ag, f)->text, v);
	assert_string_equal(agreement_pending(ag, f)->message, err.message);
}

static void confirm_ok(struct agreement *ag, const char *sec, enum ag_role r)
{
	struct mp_error err;
	int s = agreement_section_index(ag, sec);

	assert_true(s >= 0);
	if (agreement_confirm(st, ag, (size_t)s, r, true, &err) != MP_OK)
		fail_msg("confirm %s: %s", sec, err.message);
}

static struct agreement *new_agreement(const char *mentor_email)
{
	struct agreement *ag;
	struct mp_error err;

	assert_int_equal(agreement_create(st, tpl, NULL, &ag, &err), MP_OK);
	set_ok(ag, "mentor.name", "Erin Pending");
	set_ok(ag, "mentor.email", mentor_email);
	set_ok(ag, "mentee.name", "Zoë Ångström");
	set_ok(ag, "mentee.email", "zoe@example.org");
	return ag;
}

static struct agreement *ready_agreement(void)
{
	struct agreement *ag = new_agreement(ERIN);

	set_ok(ag, "frequency", "once a month");
	set_ok(ag, "goals", "Lead a team\nPass an interview");
	confirm_ok(ag, "parties", AG_MENTOR);
	confirm_ok(ag, "parties", AG_MENTEE);
	confirm_ok(ag, "meetings", AG_MENTOR);
	confirm_ok(ag, "meetings", AG_MENTEE);
	confirm_ok(ag, "goals", AG_MENTEE);
	assert_int_equal(ag->status, AG_READY);
	return ag;
}

/* The number of problem lines containing needle. */
static size_t problems_with(const struct agreement *ag, const char *needle)
{
	char **p;
	size_t n = agreement_problems(ag, &p), found = 0;

	for (size_t i = 0; i < n; i++)
		found += strstr(p[i], needle) != NULL;
	agreement_problems_free(p, n);
	return found;
}

struct action_count {
	const char *action, *detail;
	long n;
};

static void count_action(void *ctx, const struct audit_entry *e)
{
	struct action_count *c = ctx;

	c->n += e->action && strcmp(e->action, c->action) == 0 && e->detail &&
		strcmp(e->detail, c->detail) == 0;
}

/* How many entries of ag's trail are action on detail. */
static long audited(const struct agreement *ag, const char *action,
		    const char *detail)
{
	struct action_count c = {action, detail, 0};
	struct mp_error err;
	int64_t total;

	assert_int_equal(audit_walk(st, ag->id, count_action, &c, &total, &err),
			 MP_OK);
	return c.n;
}

/* A refused answer is kept as typed, explained, listed as a problem and
 * audited by field only; the command line's agreement_set keeps
 * nothing. */
static void test_refused_is_kept(void **state)
{
	struct agreement *ag = new_agreement(ERIN), *again;
	struct mp_error err;

	(void)state;
	refused(ag, "start", "31/02/2026");
	assert_non_null(
	    strstr(agreement_pending(ag, "start")->message, "First meeting"));
	refused(ag, "mentor.email", "erin at example");
	refused(ag, "goals", "Only one goal " MARK);
	assert_int_equal(ag->n_pending, 3);
	assert_int_equal(pending_rows(), 3);
	/* The stored answers are untouched. */
	assert_string_equal(agreement_detail(ag, AG_MENTOR, TPL_DETAIL_EMAIL),
			    ERIN);
	assert_null(agreement_value(ag, "start"));
	/* Each is a problem, named by section and label, and "goals" is not
	 * also listed as unanswered. */
	assert_int_equal(problems_with(ag, "Meetings: 'First meeting' was "
					   "not accepted: "),
			 1);
	assert_int_equal(problems_with(ag, "Parties: 'Mentor's email' was "
					   "not accepted: "),
			 1);
	assert_int_equal(problems_with(ag, "'Goals'"), 1);
	assert_int_equal(ag->status, AG_DRAFT);
	/* The trail names the field, never what was typed. */
	assert_int_equal(audited(ag, "refused answer kept", "start"), 1);
	assert_true(hits("31/02/2026") > 0);
	/* Kept once: the same text again changes nothing. */
	refused(ag, "start", "31/02/2026");
	assert_int_equal(audited(ag, "refused answer kept", "start"), 1);
	/* Another refused text replaces it. */
	refused(ag, "start", "30/02/2026");
	assert_int_equal(ag->n_pending, 3);
	/* agreement_set (the command line) refuses and keeps nothing. */
	assert_int_equal(agreement_set(st, ag, "frequency", "whenever",
				       TPL_BOTH, NULL, &err),
			 MP_ERR_INVALID);
	assert_null(agreement_pending(ag, "frequency"));
	assert_int_equal(pending_rows(), 3);
	/* Loaded again: the texts, and the core's reasons for them. */
	assert_int_equal(agreement_load(st, ag->id, 0, &again, &err), MP_OK);
	assert_int_equal(again->n_pending, 3);
	assert_string_equal(agreement_pending(again, "start")->text,
			    "30/02/2026");
	assert_string_equal(agreement_pending(again, "start")->message,
			    agreement_pending(ag, "start")->message);
	assert_string_equal(agreement_pending(again, "mentor.email")->text,
			    "erin at example");
	agreement_free(again);
	agreement_free(ag);
}

/* A valid answer drops the pending text; so does the stored answer typed
 * again, and clearing an optional field. */
static void test_valid_answer_drops_it(void **state)
{
	struct agreement *ag = new_agreement(ERIN);
	struct ag_change change;
	struct mp_error err;

	(void)state;
	refused(ag, "notice", "soon");
	assert_int_equal(agreement_set_keep(st, ag, "notice", "3 days",
					    TPL_BOTH, &change, &err),
			 MP_OK);
	assert_null(agreement_pending(ag, "notice"));
	assert_string_equal(agreement_value(ag, "notice"), "3 days");
	assert_int_equal(pending_rows(), 0);

	/* Typed back to what is stored: nothing changes but the drop. */
	refused(ag, "notice", "never");
	set_ok(ag, "notice", "3 days");
	assert_null(agreement_pending(ag, "notice"));
	assert_int_equal(pending_rows(), 0);
	assert_int_equal(audited(ag, "refused answer dropped", "notice"), 1);

	/* Clearing an optional field drops what was refused there. */
	set_ok(ag, "start", "2030-01-15");
	refused(ag, "start", "2030-13-01");
	assert_int_equal(
	    agreement_set_keep(st, ag, "start", "", TPL_BOTH, NULL, &err),
	    MP_OK);
	assert_null(agreement_value(ag, "start"));
	assert_null(agreement_pending(ag, "start"));

	/* Clearing a required one is refused, and the empty text is what is
	 * on screen: kept. */
	set_ok(ag, "frequency", "once a month");
	refused(ag, "frequency", "");
	assert_string_equal(agreement_value(ag, "frequency"), "once a month");
	assert_int_equal(pending_rows(), 1);
	agreement_free(ag);
}

/* Closing the store (a lost terminal) and opening it again loses
 * nothing. */
static void test_survives_reopening(void **state)
{
	struct agreement *ag = new_agreement(ERIN);
	char id[AG_ID_SIZE];
	struct mp_error err;
	int status;

	(void)state;
	refused(ag, "goals", "Grow in confidence — 中文 Ω " MARK);
	snprintf(id, sizeof(id), "%s", ag->id);
	agreement_free(ag);
	store_close(st);
	st = tu_open(tu_path(dir, "p.mpact"), PASS, &status);
	assert_non_null(st);
	assert_int_equal(agreement_load(st, id, 0, &ag, &err), MP_OK);
	assert_int_equal(ag->n_pending, 1);
	assert_string_equal(ag->pending[0].field, "goals");
	assert_string_equal(ag->pending[0].text,
			    "Grow in confidence — 中文 Ω " MARK);
	assert_non_null(strstr(ag->pending[0].message, "Goals"));
	assert_int_equal(problems_with(ag, "Goals: 'Goals' was not "
					   "accepted"),
			 1);
	agreement_free(ag);
}

/* Pending text keeps an agreement from "ready" and from any signature,
 * in the core and under it; a version signed by both never gets one. */
static void test_blocks_ready_and_signing(void **state)
{
	struct agreement *ag = ready_agreement();
	struct mp_error err;
	char sql[256];

	(void)state;
	refused(ag, "notice", "soon");
	assert_int_equal(ag->status, AG_DRAFT);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM agreements WHERE rowid = %lld AND"
		 " status = 'draft'",
		 (long long)ag->rowid);
	assert_int_equal(count(sql), 1);
	assert_int_equal(
	    agreement_sign(st, ag, AG_MENTOR, "Erin Pending", mentor_pw, &err),
	    MP_ERR_STATE);
	assert_non_null(strstr(err.message, "was not accepted"));
	/* Confirming its section again is refused while it is there. */
	assert_int_equal(agreement_confirm(st, ag, 1, AG_MENTOR, false, &err),
			 MP_OK);
	assert_int_equal(agreement_confirm(st, ag, 1, AG_MENTOR, true, &err),
			 MP_ERR_STATE);
	assert_non_null(strstr(err.message, "Notice for cancelling"));
	set_ok(ag, "notice", "48 hours"); /* what is stored */
	confirm_ok(ag, "meetings", AG_MENTOR);
	assert_int_equal(ag->status, AG_READY);

	/* Signed by one: a refused answer is kept and the signature stays
	 * (nothing signed changed), but the other cannot sign over it. */
	assert_int_equal(
	    agreement_sign(st, ag, AG_MENTOR, "Erin Pending", mentor_pw, &err),
	    MP_OK);
	refused(ag, "notice", "a while");
	assert_true(ag->sigs[AG_MENTOR].present);
	assert_int_equal(ag->status, AG_SIGNED);
	assert_int_equal(
	    agreement_sign(st, ag, AG_MENTEE, "Zoë Ångström", mentee_pw, &err),
	    MP_ERR_STATE);
	assert_non_null(strstr(err.message, "'Notice for cancelling' was not "
					    "accepted"));
	assert_false(ag->sigs[AG_MENTEE].present);
	/* Under the core, too: no status beyond "signed" with it there. */
	snprintf(sql, sizeof(sql),
		 "UPDATE agreements SET status = 'active' WHERE rowid = %lld",
		 (long long)ag->rowid);
	assert_int_not_equal(sqlite3_exec(store_db(st), sql, NULL, NULL, NULL),
			     SQLITE_OK);
	set_ok(ag, "notice", "48 hours");
	assert_true(ag->sigs[AG_MENTOR].present);
	assert_int_equal(
	    agreement_sign(st, ag, AG_MENTEE, "Zoë Ångström", mentee_pw, &err),
	    MP_OK);
	assert_int_equal(ag->status, AG_ACTIVE);

	/* Signed by both: refused before anything is kept, and the store
	 * refuses a pending row for it. */
	assert_int_equal(
	    agreement_set_keep(st, ag, "notice", "soon", TPL_BOTH, NULL, &err),
	    MP_ERR_STATE);
	assert_int_equal(ag->n_pending, 0);
	assert_int_equal(pending_rows(), 0);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO pending_answers VALUES(%lld, 'notice', 'soon')",
		 (long long)ag->rowid);
	assert_int_not_equal(sqlite3_exec(store_db(st), sql, NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_equal(pending_rows(), 0);
	agreement_free(ag);
}

/* Pending text is personal data: the subject's export shows theirs, and
 * erasing, deleting and purging take it with the version, leaving no
 * trace in any page. */
static void test_personal_data(void **state)
{
	struct agreement *ag = new_agreement(ERIN), *other;
	struct admin_erase_result er;
	struct admin_purge_result pr;
	struct mp_error err;
	char *text, id[AG_ID_SIZE], sql[256];

	(void)state;
	refused(ag, "frequency", "whenever " MARK "one");
	refused(ag, "mentor.email", "erin at " MARK "two");
	refused(ag, "mentee.email", "zoe at " MARK "three");
	refused(ag, "goals", "One goal " MARK "four");
	assert_int_equal(admin_subject_export(st, ERIN, &text, &err), MP_OK);
	assert_non_null(strstr(text, "How often we meet (typed, not "
				     "accepted): whenever " MARK "one"));
	assert_non_null(
	    strstr(text, "email (typed, not accepted): erin at " MARK "two"));
	/* The mentee's, as their answers are not shown to the mentor. */
	assert_null(strstr(text, MARK "three"));
	assert_null(strstr(text, MARK "four"));
	free(text);

	/* Erased with the version that names the subject. */
	assert_true(hits(MARK "one") > 0);
	assert_int_equal(admin_erase(st, ERIN, false, false, &er, &err), MP_OK);
	assert_true(er.done);
	admin_erase_result_free(&er);
	assert_int_equal(pending_rows(), 0);
	assert_int_equal(hits(MARK), 0);
	agreement_free(ag);

	/* Deleted with its agreement. */
	other = new_agreement("someone@example.org");
	refused(other, "goals", "Another " MARK "five");
	snprintf(id, sizeof(id), "%s", other->id);
	agreement_free(other);
	assert_int_equal(agreement_delete(st, id, &err), MP_OK);
	assert_int_equal(pending_rows(), 0);
	assert_int_equal(hits(MARK), 0);

	/* Purged with its agreement.  Only ended agreements are purged,
	 * and they never hold pending text, so the keep-until date is put
	 * on a draft by hand to prove the rows go with it all the same. */
	other = new_agreement("third@example.org");
	refused(other, "goals", "A third " MARK "six");
	snprintf(sql, sizeof(sql),
		 "UPDATE agreements SET kept_until = '2000-01-01'"
		 " WHERE rowid = %lld",
		 (long long)other->rowid);
	tu_exec(st, sql);
	agreement_free(other);
	assert_int_equal(admin_purge(st, "2001-01-01", false, &pr, &err),
			 MP_OK);
	assert_int_equal(pr.count, 1);
	admin_purge_result_free(&pr);
	assert_int_equal(pending_rows(), 0);
	assert_int_equal(hits(MARK), 0);
}

/* A store made before pending texts existed (schema 4) is brought up to
 * date when opened, and keeps them from then on. */
static void test_migration(void **state)
{
	struct agreement *ag = new_agreement(ERIN);
	char id[AG_ID_SIZE];
	struct mp_error err;
	int status;

	(void)state;
	snprintf(id, sizeof(id), "%s", ag->id);
	agreement_free(ag);
	tu_exec(st, "DROP TRIGGER pending_blocks_signing;"
		    "DROP TABLE pending_answers;"
		    "DROP TABLE search_keys; DROP TABLE search_key_counts;"
		    "DROP TABLE signers;" TU_DROP_STEP8
		    "PRAGMA user_version = 4;");
	store_close(st);
	st = tu_open(tu_path(dir, "p.mpact"), PASS, &status);
	assert_non_null(st);
	assert_int_equal(count("PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(count("SELECT count(*) FROM sqlite_schema WHERE"
			       " name IN ('pending_answers',"
			       " 'signed_pending_insert',"
			       " 'signed_pending_update',"
			       " 'pending_blocks_signing')"),
			 4);
	assert_int_equal(agreement_load(st, id, 0, &ag, &err), MP_OK);
	refused(ag, "start", "tomorrow-ish");
	agreement_free(ag);
	assert_int_equal(pending_rows(), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_refused_is_kept, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_valid_answer_drops_it, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_survives_reopening, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_blocks_ready_and_signing,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_personal_data, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_migration, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
