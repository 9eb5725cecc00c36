/*
 * test_store_faults.c - an I/O fault under the shim at every write, sync
 * and read a commit reaches: the commit reports an error, the store then
 * holds the old or the new state, and check passes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/faultvfs.h"
#include "support/testutil.h"

#define PASS "fault injection passphrase"

static char *dir;

/* All rows as one string: the state to compare. */
static char *snapshot(struct store *st)
{
	sqlite3_stmt *q;
	char *out = NULL;

	sqlite3_prepare_v2(store_db(st),
			   "SELECT group_concat(id || '=' || body, ';') FROM "
			   "(SELECT * FROM jottings UNION ALL"
			   " SELECT -id, v FROM tiny ORDER BY 1)",
			   -1, &q, NULL);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		out = strdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return out ? out : strdup("");
}

/* The commit under test: touches many pages, adds and deletes rows. */
static enum mp_status the_commit(struct store *st, struct mp_error *err)
{
	enum mp_status s = store_begin(st, err);

	if (s != MP_OK)
		return s;
	if (sqlite3_exec(store_db(st),
			 "UPDATE jottings SET body = upper(body) WHERE id % 3 = 0;"
			 "UPDATE tiny SET v = upper(v);"
			 "DELETE FROM jottings WHERE id % 7 = 0;"
			 "INSERT INTO jottings SELECT id + 1000, body FROM jottings "
			 "WHERE id < 40;",
			 NULL, NULL, NULL) != SQLITE_OK) {
		s = store_sqlite_error(st, sqlite3_errcode(store_db(st)),
				       "changing", err);
		store_rollback(st);
		return s;
	}
	return store_commit(st, err);
}

/*
 * Open the work store and commit a change on that connection first, so
 * that SQLite's cache holds pages it wrote: rows moved and deleted leave
 * stale bytes in them (old cell pointers past the end of a page's array,
 * which for tiny's many small rows reach the bytes the journal's
 * checksum sums) that the shim zeroed on disk, and the commit under test
 * journals those pages (see journal_write in vfs.c).
 */
static struct store *open_warm(const char *path)
{
	struct mp_error err;
	struct store *st;
	int status;

	st = tu_open(path, PASS, &status);
	assert_non_null(st);
	assert_int_equal(store_begin(st, &err), MP_OK);
	tu_exec(st, "UPDATE jottings SET body = body || body WHERE id % 4 = 1;"
		    "DELETE FROM jottings WHERE id % 11 = 0;"
		    "DELETE FROM tiny WHERE id % 3 = 0;");
	assert_int_equal(store_commit(st, &err), MP_OK);
	return st;
}

static void copy_file(const char *from, const char *to)
{
	size_t len;
	unsigned char *buf = tu_slurp(from, &len);
	FILE *f = fopen(to, "wb");

	assert_non_null(buf);
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fclose(f);
	free(buf);
}

static void check_ok(const char *path)
{
	struct mp_secret *p = tu_pass(PASS);
	struct store_check_report r;
	struct mp_error err;

	if (store_check(path, p, &r, &err) != MP_OK)
		fail_msg("check failed: %s", err.message);
	secret_free(p);
}

/* Run the commit with op failing at its k-th occurrence, for every k. */
static void sweep(enum fault_op op, int rc, const char *pristine,
		  const char *work, const char *old_state,
		  const char *new_state)
{
	struct mp_error err;
	struct store *st;
	int status, n, errors = 0, news = 0;

	/* Count how many operations of this kind the commit makes. */
	copy_file(pristine, work);
	st = open_warm(work);
	faultvfs_reset();
	assert_int_equal(the_commit(st, &err), MP_OK);
	n = faultvfs_count(op);
	store_close(st);
	assert_true(n > 0);

	for (int k = 1; k <= n; k++) {
		enum mp_status s;
		char *state;

		copy_file(pristine, work);
		remove(tu_path(dir, "work.mpact-journal"));
		st = open_warm(work);
		faultvfs_arm(op, k, rc);
		s = the_commit(st, &err);
		faultvfs_reset();
		assert_true(faultvfs_count(op) == 0);
		store_close(st);

		st = tu_open(work, PASS, &status);
		if (!st)
			fail_msg("op %d k=%d: reopen failed (%d)", op, k, status);
		state = snapshot(st);
		store_close(st);
		if (strcmp(state, old_state) != 0 &&
		    strcmp(state, new_state) != 0)
			fail_msg("op %d k=%d: neither old nor new state", op, k);
		if (s != MP_OK) {
			errors++;
			if (rc == SQLITE_FULL && s != MP_ERR_FULL)
				fail_msg("k=%d: disk full reported as %d: %s",
					 k, s, err.message);
		} else if (strcmp(state, new_state) != 0) {
			fail_msg("op %d k=%d: commit said ok, change lost", op,
				 k);
		}
		news += strcmp(state, new_state) == 0;
		free(state);
		check_ok(work);
	}
	print_message("op %d: %d faults, %d reported, %d left the new state\n",
		      op, n, errors, news);
	assert_true(errors > 0);
}

static void test_faults(void **state)
{
	const char *pristine, *work;
	char *old_state, *new_state, text[400];
	struct mp_error err;
	struct store *st;

	(void)state;
	dir = tu_tempdir();
	pristine = strdup(tu_path(dir, "pristine.mpact"));
	work = strdup(tu_path(dir, "work.mpact"));
	assert_int_equal(faultvfs_register(), SQLITE_OK);
	store_set_base_vfs("fault");

	st = tu_create(pristine, PASS);
	tu_exec(st, "CREATE TABLE jottings(id INTEGER PRIMARY KEY, body TEXT);"
		    "CREATE TABLE tiny(id INTEGER PRIMARY KEY, v TEXT);"
		    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
		    "  FROM n WHERE i < 150)"
		    "INSERT INTO tiny SELECT i, printf('small row %03d', i)"
		    "  FROM n;"
		    "PRAGMA cache_size=4;");
	assert_int_equal(store_begin(st, &err), MP_OK);
	for (unsigned i = 0; i < 120; i++) {
		sqlite3_stmt *q;
		tu_text(text, sizeof(text), i);
		sqlite3_prepare_v2(store_db(st),
				   "INSERT INTO jottings VALUES(?1, ?2)", -1, &q,
				   NULL);
		sqlite3_bind_int(q, 1, (int)i);
		sqlite3_bind_text(q, 2, text, -1, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(q), SQLITE_DONE);
		sqlite3_finalize(q);
	}
	assert_int_equal(store_commit(st, &err), MP_OK);
	store_close(st);

	copy_file(pristine, work);
	st = open_warm(work);
	old_state = snapshot(st);
	assert_int_equal(the_commit(st, &err), MP_OK);
	new_state = snapshot(st);
	store_close(st);
	assert_string_not_equal(old_state, new_state);

	sweep(FAULT_WRITE, SQLITE_IOERR_WRITE, pristine, work, old_state,
	      new_state);
	sweep(FAULT_WRITE, SQLITE_FULL, pristine, work, old_state, new_state);
	sweep(FAULT_SYNC, SQLITE_IOERR_FSYNC, pristine, work, old_state,
	      new_state);
	sweep(FAULT_READ, SQLITE_IOERR_READ, pristine, work, old_state,
	      new_state);

	store_set_base_vfs(NULL);
	free(old_state);
	free(new_state);
	free((char *)pristine);
	free((char *)work);
	tu_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_faults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
