/*
 * test_store.c - the encrypted store: round trip, no plaintext anywhere,
 * wrong passphrase, key slots and torn header writes, tampering.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "mentorpact/header.h"
#include "mentorpact/vfs.h"
#include "support/testutil.h"

#define PASS "correct horse battery staple"

static char *dir;
static const char *db;

static int setup(void **state)
{
	(void)state;
	dir = tu_tempdir();
	db = strdup(tu_path(dir, "agreements.mpact"));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmtree(dir);
	free(dir);
	free((char *)db);
	return 0;
}

static void insert_row(struct store *st, unsigned i, const char *text)
{
	sqlite3_stmt *q;

	assert_int_equal(sqlite3_prepare_v2(store_db(st),
					    "INSERT INTO jottings VALUES(?1, ?2)",
					    -1, &q, NULL),
			 SQLITE_OK);
	sqlite3_bind_int(q, 1, (int)i);
	sqlite3_bind_text(q, 2, text, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
}

/* 1,000 rows in 100 transactions, closed, reopened, read back identical. */
static void test_round_trip(void **state)
{
	struct store *st = tu_create(db, PASS);
	struct mp_error err;
	sqlite3_stmt *q;
	char text[512];
	unsigned n = 0;
	int status;
	struct stat sb;

	(void)state;
	assert_int_equal(stat(db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	tu_exec(st, "CREATE TABLE jottings(id INTEGER PRIMARY KEY, body TEXT)");
	for (unsigned t = 0; t < 100; t++) {
		assert_int_equal(store_begin(st, &err), MP_OK);
		for (unsigned i = 0; i < 10; i++) {
			tu_text(text, sizeof(text), t * 10 + i);
			insert_row(st, t * 10 + i, text);
		}
		assert_int_equal(store_commit(st, &err), MP_OK);
	}
	store_close(st);

	st = tu_open(db, PASS, &status);
	assert_non_null(st);
	assert_int_equal(sqlite3_prepare_v2(store_db(st),
					    "SELECT id, body FROM jottings "
					    "ORDER BY id",
					    -1, &q, NULL),
			 SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		tu_text(text, sizeof(text), n);
		assert_int_equal(sqlite3_column_int(q, 0), n);
		assert_string_equal(sqlite3_column_text(q, 1), text);
		n++;
	}
	sqlite3_finalize(q);
	assert_int_equal(n, 1000);
	store_close(st);
}

static void assert_nowhere(const char *marker, const char *tmpdir)
{
	const char *hit = tu_dir_contains(dir, marker);

	if (hit)
		fail_msg("marker %s found in %s", marker, hit);
	hit = tu_dir_contains(tmpdir, marker);
	if (hit)
		fail_msg("marker %s found in %s", marker, hit);
}

/*
 * Markers written into rows never appear in the store, its journal, or
 * any file in its folder or in TMPDIR: after each commit, and while a
 * transaction that spills pages is still open (journal present).
 */
static void test_no_plaintext(void **state)
{
	char *tmp = tu_tempdir();
	char *old_tmp = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
	struct store *st;
	struct mp_error err;
	char marker[64], text[600];
	size_t jlen;
	unsigned char *journal;

	(void)state;
	setenv("TMPDIR", tmp, 1);
	st = tu_create(db, PASS);
	tu_exec(st, "CREATE TABLE jottings(id INTEGER PRIMARY KEY, body TEXT);"
		    "PRAGMA cache_size=8;");
	for (unsigned t = 0; t < 20; t++) {
		snprintf(marker, sizeof(marker), "MARKER-%04u-PLAINTEXT", t);
		assert_int_equal(store_begin(st, &err), MP_OK);
		for (unsigned i = 0; i < 20; i++) {
			snprintf(text, sizeof(text),
				 "%s %u Siobhán’s goal: %.*s", marker, i, 400,
				 "I want to prepare for leading a team of "
				 "twelve through a reorganisation without "
				 "losing the trust they have in me, and to "
				 "find the words for difficult conversations "
				 "about workload, wellbeing and performance "
				 "that I have been putting off for months "
				 "because I worry about the reaction. My "
				 "mentor will help me rehearse them and "
				 "reflect afterwards on what went well and "
				 "what I would do differently next time.");
			insert_row(st, t * 20 + i, text);
		}
		assert_int_equal(store_commit(st, &err), MP_OK);
		assert_nowhere(marker, tmp);
	}
	/* A big update with a tiny cache: pages spill to the file and the
	 * journal holds the old images while the transaction is open. */
	assert_int_equal(store_begin(st, &err), MP_OK);
	tu_exec(st, "UPDATE jottings SET body = body || ' MARKER-UPDATED-TEXT ' "
		    "|| hex(randomblob(100))");
	journal = tu_slurp(tu_path(dir, "agreements.mpact-journal"), &jlen);
	assert_non_null(journal);
	assert_true(jlen > 8 * VFS_PAGE_SIZE);
	free(journal);
	for (unsigned t = 0; t < 20; t++) {
		snprintf(marker, sizeof(marker), "MARKER-%04u-PLAINTEXT", t);
		assert_nowhere(marker, tmp);
	}
	assert_nowhere("MARKER-UPDATED-TEXT", tmp);
	assert_nowhere("Siobh", tmp);
	assert_int_equal(store_commit(st, &err), MP_OK);
	assert_nowhere("MARKER-UPDATED-TEXT", tmp);
	/* A sort too big for memory would spill to a temp file: refused
	 * files or memory, never plaintext on disk. */
	tu_exec(st, "SELECT body FROM jottings ORDER BY body DESC");
	assert_nowhere("MARKER-UPDATED-TEXT", tmp);
	store_close(st);
	if (old_tmp)
		setenv("TMPDIR", old_tmp, 1);
	else
		unsetenv("TMPDIR");
	free(old_tmp);
	tu_rmtree(tmp);
	free(tmp);
}

/* A wrong passphrase fails with its own status and changes no byte. */
static void test_wrong_passphrase(void **state)
{
	struct store *st = tu_create(db, PASS);
	unsigned char *before, *after;
	size_t blen, alen;
	int status;

	(void)state;
	tu_exec(st, "CREATE TABLE jottings(id INTEGER PRIMARY KEY, body TEXT)");
	store_close(st);
	before = tu_slurp(db, &blen);
	assert_null(tu_open(db, "not the passphrase", &status));
	assert_int_equal(status, MP_ERR_PASSPHRASE);
	after = tu_slurp(db, &alen);
	assert_int_equal(blen, alen);
	assert_memory_equal(before, after, blen);
	free(before);
	free(after);
}

/* A second passphrase opens; a removed one no longer does; the last
 * passphrase cannot be removed. */
static void test_key_slots(void **state)
{
	struct store *st = tu_create(db, PASS);
	struct mp_secret *p2 = tu_pass("second passphrase here");
	struct store_slot_info info[STORE_MAX_SLOTS];
	struct mp_error err;
	int slot, status;

	(void)state;
	assert_int_equal(store_key_add(st, p2, &slot, &err), MP_OK);
	assert_int_equal(slot, 1);
	assert_int_equal(store_key_add(st, p2, &slot, &err), MP_ERR_EXISTS);
	store_close(st);

	st = tu_open(db, "second passphrase here", &status);
	assert_non_null(st);
	store_slots(st, info);
	assert_true(info[0].in_use && info[1].in_use && !info[2].in_use);
	assert_true(info[1].unlocked_this_session);
	assert_int_equal(store_key_remove(st, 0, &err), MP_OK);
	assert_int_equal(store_key_remove(st, 1, &err), MP_ERR_STATE);
	store_close(st);
	assert_null(tu_open(db, PASS, &status));
	assert_int_equal(status, MP_ERR_PASSPHRASE);

	st = tu_open(db, "second passphrase here", &status);
	assert_non_null(st);
	secret_free(p2);
	p2 = tu_pass(PASS);
	assert_int_equal(store_passwd(st, p2, &err), MP_OK);
	store_close(st);
	assert_null(tu_open(db, "second passphrase here", &status));
	st = tu_open(db, PASS, &status);
	assert_non_null(st);
	store_close(st);
	secret_free(p2);
}

/* A header write torn half way through either copy loses nothing. */
static void test_torn_header(void **state)
{
	struct store *st = tu_create(db, PASS);
	struct mp_secret *p2 = tu_pass("second passphrase here");
	struct store_check_report r;
	unsigned char *before, *after;
	size_t blen, alen;
	struct mp_error err;
	int status;
	FILE *f;

	(void)state;
	tu_exec(st, "CREATE TABLE jottings(id INTEGER PRIMARY KEY, body TEXT);"
		    "INSERT INTO jottings VALUES(1, 'kept')");
	store_close(st);
	before = tu_slurp(db, &blen);
	st = tu_open(db, PASS, &status);
	assert_int_equal(store_key_add(st, p2, NULL, &err), MP_OK);
	store_close(st);
	after = tu_slurp(db, &alen);

	/* Torn inside copy 1: its first half new, its second half old. */
	f = fopen(db, "r+b");
	fwrite(after, 1, HEADER_COPY_SIZE / 2, f);
	fwrite(before + HEADER_COPY_SIZE / 2, 1, HEADER_COPY_SIZE * 3 / 2, f);
	fclose(f);
	st = tu_open(db, PASS, &status);
	assert_non_null(st);
	assert_non_null(store_warning(st));
	store_close(st);
	assert_null(tu_open(db, "second passphrase here", &status));
	assert_int_equal(store_check(db, p2, &r, &err), MP_ERR_PASSPHRASE);
	{
		struct mp_secret *p1 = tu_pass(PASS);
		assert_int_equal(store_check(db, p1, &r, &err),
				 MP_ERR_DAMAGED);
		secret_free(p1);
	}
	assert_int_equal(r.header_copies_ok, 1);

	/* Torn inside copy 2 after copy 1 was written whole. */
	f = fopen(db, "r+b");
	fwrite(after, 1, HEADER_COPY_SIZE + 100, f);
	fclose(f);
	st = tu_open(db, "second passphrase here", &status);
	assert_non_null(st);
	assert_non_null(store_warning(st));
	/* Any header write makes both copies whole again. */
	assert_int_equal(store_passwd(st, p2, &err), MP_OK);
	store_close(st);
	st = tu_open(db, PASS, &status);
	assert_non_null(st);
	assert_null(store_warning(st));
	store_close(st);
	assert_int_equal(store_check(db, p2, &r, &err), MP_OK);
	free(before);
	free(after);
	secret_free(p2);
}

/* Never over an existing file; a backup opens with the same passphrases. */
static void test_create_and_backup(void **state)
{
	struct store *st = tu_create(db, PASS), *b;
	struct mp_secret *p = tu_pass(PASS);
	struct store_check_report r;
	struct mp_error err;
	sqlite3_stmt *q;
	int status;
	struct stat sb;

	(void)state;
	assert_int_equal(store_create(db, p, STORE_KDF_INTERACTIVE, &b, &err),
			 MP_ERR_EXISTS);
	tu_exec(st, "CREATE TABLE jottings(id INTEGER PRIMARY KEY, body TEXT);"
		    "INSERT INTO jottings VALUES(7, 'backed up')");
	assert_int_equal(store_backup(st, tu_path(dir, "copy.mpact"), &err),
			 MP_OK);
	assert_int_equal(store_backup(st, tu_path(dir, "copy.mpact"), &err),
			 MP_ERR_EXISTS);
	store_close(st);
	assert_int_equal(stat(tu_path(dir, "copy.mpact"), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	b = tu_open(tu_path(dir, "copy.mpact"), PASS, &status);
	assert_non_null(b);
	sqlite3_prepare_v2(store_db(b), "SELECT body FROM jottings WHERE id=7",
			   -1, &q, NULL);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal(sqlite3_column_text(q, 0), "backed up");
	sqlite3_finalize(q);
	store_close(b);
	assert_int_equal(store_check(tu_path(dir, "copy.mpact"), p, &r, &err),
			 MP_OK);
	assert_false(tu_file_contains(tu_path(dir, "copy.mpact"), "backed up"));
	secret_free(p);
}

/* Not a store, a plain SQLite file, a missing file: each its own status. */
static void test_not_a_store(void **state)
{
	int status;
	FILE *f;

	(void)state;
	assert_null(tu_open(db, PASS, &status));
	assert_int_equal(status, MP_ERR_NOT_FOUND);
	f = fopen(db, "wb");
	fputs("Dear mentor, this is a letter, not a store.\n", f);
	fclose(f);
	assert_null(tu_open(db, PASS, &status));
	assert_int_equal(status, MP_ERR_NOT_STORE);
	f = fopen(db, "wb");
	fwrite("SQLite format 3", 1, 16, f);
	for (int i = 0; i < 9000; i++)
		fputc(0, f);
	fclose(f);
	assert_null(tu_open(db, PASS, &status));
	assert_int_equal(status, MP_ERR_NOT_STORE);
}

/* WAL and other journal modes that would write plaintext are refused. */
static void test_refuses_wal(void **state)
{
	struct store *st = tu_create(db, PASS);
	sqlite3_stmt *q;

	(void)state;
	sqlite3_prepare_v2(store_db(st), "PRAGMA journal_mode=WAL", -1, &q,
			   NULL);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_not_equal(sqlite3_column_text(q, 0), "wal");
	sqlite3_finalize(q);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_plaintext, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_wrong_passphrase, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_key_slots, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_torn_header, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_create_and_backup, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_not_a_store, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refuses_wal, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
