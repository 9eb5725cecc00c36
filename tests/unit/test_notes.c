/*
 * test_notes.c - sealed notes (notes.h): no note's text is in any
 * decrypted page of the store, so the store's passphrase alone reads
 * none; the other party's key opens none; a sealed note moved to another
 * row or agreement is refused; the mentor's notes wait for the mentee's
 * yes (bsw-hub); the CPD export holds the log, the person's own forms and
 * notes; purge takes every record, and no marker of a session, a form's
 * answer or a note is left in any page.
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

#include "mentorpact/admin.h"
#include "mentorpact/agreement.h"
#include "mentorpact/answers.h"
#include "mentorpact/notes.h"
#include "mentorpact/store.h"
#include "support/testutil.h"

#define PASS   "correct horse battery staple"
#define MENTOR "the mentor signs with this"
#define MENTEE "and the mentee with another"
#define MARK_A "QUOKKAMARKERNOTEONE"
#define MARK_B "QUOKKAMARKERNOTETWO"
#define MARK_S "QUOKKAMARKERSESSION"
#define MARK_F "QUOKKAMARKERFORM"

static char *dir;
static struct store *st;
static struct template *bsw;

static const struct template *lookup(void *ctx, const char *scheme)
{
	(void)ctx;
	return !strcmp(scheme, bsw->id) ? bsw : NULL;
}

static int setup(void **state)
{
	struct mp_error err;

	(void)state;
	dir = tu_tempdir();
	st = tu_create(tu_path(dir, "n.mpact"), PASS);
	if (template_load_file("templates/bsw-hub.yaml", &bsw, NULL, &err) !=
	    MP_OK)
		fail_msg("bsw-hub: %s", err.message);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	template_free(bsw);
	tu_rmtree(dir);
	free(dir);
	return 0;
}

/* An active bsw-hub agreement; consent is the mentee's notes_agreed. */
static struct agreement *make(const char *mentor, const char *mentee,
			      const char *consent)
{
	char yaml[1024];
	struct answers *a = NULL;
	struct agreement *ag = NULL;
	struct mp_error err;
	const char *pw[2] = {MENTOR, MENTEE};

	snprintf(yaml, sizeof(yaml),
		 "scheme: bsw-hub\nconfirmed: true\nmentor:\n  name: %s\n"
		 "mentee:\n  name: %s\nanswers:\n  meeting_frequency: once a"
		 " month\n  meeting_length: 1 hour\n  meeting_times: Tuesdays."
		 "\n  topics_to_avoid: None.\n  notes_agreed: %s\n"
		 "  challenge_agreed: yes\n  feedback_agreed: yes\n"
		 "  progress_measures: Ratings.\n",
		 mentor, mentee, consent);
	if (answers_load_buffer("test", yaml, strlen(yaml), lookup, NULL, &a,
				NULL, &err) != MP_OK)
		fail_msg("answers: %s", err.message);
	if (agreement_create(st, bsw, a, &ag, &err) != MP_OK)
		fail_msg("create: %s", err.message);
	answers_free(a);
	for (int r = 0; r < 2; r++) {
		struct mp_secret *p = tu_pass(pw[r]);
		if (agreement_sign(st, ag, (enum ag_role)r,
				   ag->parties[r].details[TPL_DETAIL_NAME], p,
				   &err) != MP_OK)
			fail_msg("sign: %s", err.message);
		secret_free(p);
	}
	assert_int_equal(ag->status, AG_ACTIVE);
	return ag;
}

static int64_t add(struct agreement *ag, enum ag_role role, const char *pw,
		   const char *text)
{
	struct mp_secret *p = tu_pass(pw);
	struct mp_error err;
	int64_t id = 0;

	if (notes_add(st, ag, role, p, text, strlen(text), &id, &err) != MP_OK)
		fail_msg("add: %s", err.message);
	secret_free(p);
	return id;
}

/* notes_list's status; the first note's text into first (may be NULL). */
static enum mp_status list(struct agreement *ag, enum ag_role role,
			   const char *pw, size_t *n, char *first,
			   struct mp_error *err)
{
	struct mp_secret *p = tu_pass(pw);
	struct note_list l;
	enum mp_status s = notes_list(st, ag, role, p, &l, err);

	*n = l.n;
	if (first && l.n)
		snprintf(first, 256, "%s", l.items[0].text);
	notes_list_free(&l);
	secret_free(p);
	return s;
}

/* Swap the sealed blobs of notes a and b. */
static void swap(int64_t a, int64_t b)
{
	sqlite3_stmt *q = NULL;
	void *blob[2] = {NULL, NULL};
	int len[2] = {0, 0};
	const int64_t row[2] = {a, b};

	for (int i = 0; i < 2; i++) {
		assert_int_equal(sqlite3_prepare_v2(store_db(st),
						    "SELECT sealed FROM notes"
						    " WHERE rowid = ?1",
						    -1, &q, NULL),
				 SQLITE_OK);
		sqlite3_bind_int64(q, 1, row[i]);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		len[i] = sqlite3_column_bytes(q, 0);
		blob[i] = malloc((size_t)len[i]);
		assert_non_null(blob[i]);
		memcpy(blob[i], sqlite3_column_blob(q, 0), (size_t)len[i]);
		sqlite3_finalize(q);
	}
	for (int i = 0; i < 2; i++) {
		assert_int_equal(
		    sqlite3_prepare_v2(store_db(st),
				       "UPDATE notes SET sealed = ?1"
				       " WHERE rowid = ?2",
				       -1, &q, NULL),
		    SQLITE_OK);
		sqlite3_bind_blob(q, 1, blob[1 - i], len[1 - i], SQLITE_STATIC);
		sqlite3_bind_int64(q, 2, row[i]);
		assert_int_equal(sqlite3_step(q), SQLITE_DONE);
		sqlite3_finalize(q);
	}
	free(blob[0]);
	free(blob[1]);
}

static void test_sealed(void **state)
{
	struct agreement *ag = make("Ada Mentor", "Ben Mentee", "yes");
	struct agreement *other = make("Ada Mentor", "Cy Mentee", "yes");
	struct mp_error err;
	char first[256], sql[256];
	int64_t a, b;
	size_t n;

	(void)state;
	a = add(ag, AG_MENTOR, MENTOR, MARK_A " about Ben");
	b = add(ag, AG_MENTOR, MENTOR, MARK_B);
	assert_int_equal(list(ag, AG_MENTOR, MENTOR, &n, first, &err), MP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(first, MARK_A " about Ben");
	/* Nothing of the notes in any decrypted page: the store's
	 * passphrase alone reads none of them. */
	assert_int_equal(tu_page_hits(st, MARK_A), 0);
	assert_int_equal(tu_page_hits(st, MARK_B), 0);
	/* Neither the store's passphrase nor the other party's opens them. */
	assert_int_equal(list(ag, AG_MENTOR, PASS, &n, NULL, &err),
			 MP_ERR_PASSPHRASE);
	assert_int_equal(list(ag, AG_MENTOR, MENTEE, &n, NULL, &err),
			 MP_ERR_PASSPHRASE);
	/* The mentor's note relabelled the mentee's: the mentee's key does
	 * not open it. */
	snprintf(sql, sizeof(sql),
		 "UPDATE notes SET role = 'mentee' WHERE rowid = %lld",
		 (long long)a);
	tu_exec(st, sql);
	assert_int_equal(list(ag, AG_MENTEE, MENTEE, &n, NULL, &err),
			 MP_ERR_VERIFY);
	assert_non_null(strstr(err.message, "does not open with the mentee"));
	snprintf(sql, sizeof(sql),
		 "UPDATE notes SET role = 'mentor' WHERE rowid = %lld",
		 (long long)a);
	tu_exec(st, sql);
	/* Swapped blobs: each opens, but was sealed for the other row. */
	swap(a, b);
	assert_int_equal(list(ag, AG_MENTOR, MENTOR, &n, NULL, &err),
			 MP_ERR_VERIFY);
	assert_non_null(strstr(err.message, "sealed for another place"));
	swap(a, b);
	assert_int_equal(list(ag, AG_MENTOR, MENTOR, &n, NULL, &err), MP_OK);
	/* Moved to another agreement of the same mentor (the same key). */
	snprintf(sql, sizeof(sql),
		 "UPDATE notes SET agreement = '%s' WHERE rowid = %lld",
		 other->id, (long long)b);
	tu_exec(st, sql);
	assert_int_equal(list(other, AG_MENTOR, MENTOR, &n, NULL, &err),
			 MP_ERR_VERIFY);
	snprintf(sql, sizeof(sql),
		 "UPDATE notes SET agreement = '%s' WHERE rowid = %lld", ag->id,
		 (long long)b);
	tu_exec(st, sql);
	agreement_free(other);
	agreement_free(ag);
}

static void test_consent_and_rules(void **state)
{
	struct agreement *ag = make("Di Mentor", "Ed Mentee", "no");
	struct mp_secret *p = tu_pass(MENTOR), *bad = tu_pass(PASS);
	struct mp_error err;
	int64_t id;
	size_t n;

	(void)state;
	assert_int_equal(notes_add(st, ag, AG_MENTOR, p, "x", 1, &id, &err),
			 MP_ERR_STATE);
	assert_non_null(strstr(err.message, "only when the mentee agreed"));
	assert_int_equal(notes_add(st, ag, AG_MENTOR, p, "", 0, &id, &err),
			 MP_ERR_INVALID);
	add(ag, AG_MENTEE, MENTEE, "Ed's own");
	/* Writing proves the writer: the store's passphrase does not. */
	secret_free(p);
	p = tu_pass(MENTEE);
	assert_int_equal(
	    notes_add(st, ag, AG_MENTEE, bad, "forged", 6, &id, &err),
	    MP_ERR_PASSPHRASE);
	assert_int_equal(notes_replace(st, ag, AG_MENTEE, p, 999, "y", 1, &err),
			 MP_ERR_NOT_FOUND);
	assert_int_equal(notes_delete(st, ag, AG_MENTEE, bad, 1, &err),
			 MP_ERR_PASSPHRASE);
	assert_int_equal(list(ag, AG_MENTEE, MENTEE, &n, NULL, &err), MP_OK);
	assert_int_equal(n, 1);
	secret_free(p);
	secret_free(bad);
	agreement_free(ag);
}

static void test_cpd_and_purge(void **state)
{
	struct agreement *ag = make("Fay Mentor", "Gus Mentee", "yes");
	struct mp_secret *p = tu_pass(MENTEE);
	struct admin_purge_result r;
	struct mp_error err;
	char sql[1024], *text;
	long counts[2];
	size_t len;

	(void)state;
	snprintf(sql, sizeof(sql),
		 "INSERT INTO sessions(rowid, agreement, n, author, held,"
		 " minutes, how, next, created, updated) VALUES(900, '%s', 1,"
		 " 'mentor', '2026-01-05', 60, 'video', '2026-02-05', 'x',"
		 " 'x');"
		 "INSERT INTO session_values VALUES(900, 'session_themes',"
		 " '" MARK_S "');"
		 "INSERT INTO form_entries(rowid, agreement, scheme, form,"
		 " stage, occasion, role, created, updated, submitted)"
		 " VALUES(900, '%s', 'bsw-hub', 'start_survey', 'start',"
		 " 'start', 'mentee', 'x', 'x', NULL),"
		 " (901, '%s', 'bsw-hub', 'start_survey', 'start', 'start',"
		 " 'mentor', 'x', 'x', NULL);"
		 "INSERT INTO form_values(entry, field, value) VALUES"
		 " (900, 'q', '" MARK_F "'), (901, 'q', 'THE MENTOR FORM');",
		 ag->id, ag->id, ag->id);
	tu_exec(st, sql);
	add(ag, AG_MENTEE, MENTEE, MARK_A " by Gus");
	assert_int_equal(
	    notes_cpd_export(st, ag, AG_MENTEE, p, &text, &len, &err), MP_OK);
	assert_int_equal(strlen(text), len);
	assert_non_null(strstr(text, "Mentor:     Fay Mentor"));
	assert_non_null(strstr(text, "Session 1: 2026-01-05, 60 minutes, "
				     "video (written by the mentor)"));
	assert_non_null(strstr(text, "Next meeting: 2026-02-05"));
	assert_non_null(strstr(text, MARK_S));
	assert_non_null(strstr(text, MARK_F));
	assert_null(strstr(text, "THE MENTOR FORM"));
	assert_non_null(strstr(text, MARK_A " by Gus"));
	notes_text_free(text, len);
	/* The subject's export: their sessions and forms, their notes
	 * counted, never opened. */
	assert_int_equal(admin_subject_export(st, "Gus Mentee", &text, &err),
			 MP_OK);
	assert_non_null(strstr(text, MARK_F));
	assert_null(strstr(text, "THE MENTOR FORM"));
	assert_null(strstr(text, MARK_S)); /* the mentor wrote it */
	assert_null(strstr(text, MARK_A));
	assert_non_null(strstr(text, "Private notes: 1 sealed note of yours"));
	free(text);
	assert_int_equal(admin_subject_export(st, "Fay Mentor", &text, &err),
			 MP_OK);
	assert_non_null(strstr(text, MARK_S));
	assert_non_null(strstr(text, "THE MENTOR FORM"));
	assert_null(strstr(text, MARK_F));
	assert_non_null(strstr(text, "Private notes: 0 sealed notes"));
	free(text);
	assert_int_equal(tu_page_hits(st, MARK_A), 0);
	assert_true(tu_page_hits(st, MARK_S) > 0);
	assert_true(tu_page_hits(st, MARK_F) > 0);
	assert_int_equal(notes_count(st, ag->id, counts, &err), MP_OK);
	assert_int_equal(counts[AG_MENTEE], 1);

	/* Ended and past its keep-until date: purge takes its records. */
	assert_int_equal(
	    admin_setting_set(st, "retention.bsw-hub", "1 year", NULL, &err),
	    MP_OK);
	assert_int_equal(agreement_end(st, ag, NULL, "both", NULL, &err),
			 MP_OK);
	assert_int_equal(admin_purge(st, "2099-01-01", false, &r, &err), MP_OK);
	assert_int_equal(r.count, 1);
	assert_true(r.done);
	admin_purge_result_free(&r);

	assert_int_equal(notes_count(st, ag->id, counts, &err), MP_OK);
	assert_int_equal(counts[AG_MENTOR] + counts[AG_MENTEE], 0);
	assert_int_equal(tu_page_hits(st, MARK_S), 0);
	assert_int_equal(tu_page_hits(st, MARK_F), 0);
	assert_int_equal(tu_page_hits(st, MARK_A), 0);
	assert_int_equal(tu_page_hits(st, "Gus Mentee"), 0);
	secret_free(p);
	agreement_free(ag);
}

/* erase --keep-signed: the agreement stays, the person's records go,
 * the other party's stay, and nothing of them is left in any page. */
static void test_erase_kept(void **state)
{
	struct agreement *ag = make("Hal Mentor", "Ivy Mentee", "yes");
	struct admin_erase_result r;
	struct mp_error err;
	char sql[1024];
	long counts[2];
	size_t n;

	(void)state;
	snprintf(sql, sizeof(sql),
		 "INSERT INTO sessions(rowid, agreement, n, author, held,"
		 " created, updated) VALUES(950, '%s', 1, 'mentee',"
		 " '2026-01-05', 'x', 'x'), (951, '%s', 2, 'mentor',"
		 " '2026-02-05', 'x', 'x');"
		 "INSERT INTO session_values VALUES(950, 'session_themes',"
		 " '" MARK_S "'), (951, 'session_themes', 'HALS SESSION');"
		 "INSERT INTO form_entries(rowid, agreement, scheme, form,"
		 " stage, occasion, role, created, updated) VALUES(950, '%s',"
		 " 'bsw-hub', 'start_survey', 'start', 'start', 'mentee', 'x',"
		 " 'x');"
		 "INSERT INTO form_values(entry, field, value) VALUES"
		 " (950, 'q', '" MARK_F "');",
		 ag->id, ag->id, ag->id);
	tu_exec(st, sql);
	add(ag, AG_MENTEE, MENTEE, MARK_B " by Ivy");
	add(ag, AG_MENTOR, MENTOR, "Hal's own");
	assert_int_equal(admin_erase(st, "Ivy Mentee", true, false, &r, &err),
			 MP_OK);
	assert_int_equal(r.count, 1);
	assert_true(r.items[0].kept);
	assert_int_equal(r.sessions_erased, 1);
	assert_int_equal(r.forms_erased, 1);
	assert_int_equal(r.notes_erased, 1);
	admin_erase_result_free(&r);
	assert_int_equal(notes_count(st, ag->id, counts, &err), MP_OK);
	assert_int_equal(counts[AG_MENTEE], 0);
	assert_int_equal(counts[AG_MENTOR], 1);
	assert_int_equal(list(ag, AG_MENTOR, MENTOR, &n, NULL, &err), MP_OK);
	assert_int_equal(n, 1);
	assert_true(tu_page_hits(st, "HALS SESSION") > 0);
	assert_int_equal(tu_page_hits(st, MARK_S), 0);
	assert_int_equal(tu_page_hits(st, MARK_F), 0);
	agreement_free(ag);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sealed),
	    cmocka_unit_test(test_consent_and_rules),
	    cmocka_unit_test(test_cpd_and_purge),
	    cmocka_unit_test(test_erase_kept),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
