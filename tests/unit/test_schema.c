/*
 * test_schema.c - the store's schema is what it always was: a new store,
 * and a store brought up from each older schema version, hold exactly the
 * tables, indexes and triggers of tests/golden/schema/v8.txt (name, kind,
 * table, root page and SQL, in the order they were made).
 *
 * The migrations are registered by the modules that own the tables (see
 * doc/ARCHITECTURE.md, "The schema"); this is the check that the order
 * they run in gives the same file as before.  After a deliberate schema
 * change, SCHEMA_UPDATE_GOLDEN=1 rewrites the golden file (read the diff).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

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

/* Every schema object of st, one per line, in the order made (malloc'd). */
static char *schema_of(struct store *st)
{
	sqlite3_stmt *q;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	assert_int_equal(sqlite3_prepare_v2(store_db(st),
					    "SELECT type, name, tbl_name,"
					    " rootpage, sql FROM sqlite_schema"
					    " ORDER BY rowid",
					    -1, &q, NULL),
			 SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW)
		fprintf(f, "%s %s on %s at %d: %s\n",
			(const char *)sqlite3_column_text(q, 0),
			(const char *)sqlite3_column_text(q, 1),
			(const char *)sqlite3_column_text(q, 2),
			sqlite3_column_int(q, 3),
			sqlite3_column_text(q, 4)
				? (const char *)sqlite3_column_text(q, 4)
				: "(none)");
	sqlite3_finalize(q);
	fclose(f);
	return out;
}

static char *golden_path(void)
{
	const char *src = getenv("SRCDIR");
	char *path = malloc(4096);

	assert_non_null(path);
	snprintf(path, 4096, "%s/tests/golden/schema/v%d.txt",
		 src ? src : ".", STORE_SCHEMA_VERSION);
	return path;
}

static void assert_golden(const char *what, const char *have)
{
	char *path = golden_path(), *want;
	size_t want_len;

	if (getenv("SCHEMA_UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(have, f);
		assert_int_equal(fclose(f), 0);
	}
	want = (char *)tu_slurp(path, &want_len);
	if (!want)
		fail_msg("%s is missing (SCHEMA_UPDATE_GOLDEN=1 makes it)",
			 path);
	if (want_len != strlen(have) || memcmp(want, have, want_len) != 0)
		fail_msg("%s: the schema differs from %s:\n%s", what, path,
			 have);
	free(want);
	free(path);
}

static long count(struct store *st, const char *sql)
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

static void test_new_store(void **state)
{
	struct store *st = tu_create(db, PASS);
	char *have = schema_of(st);

	(void)state;
	assert_int_equal(count(st, "PRAGMA user_version"),
			 STORE_SCHEMA_VERSION);
	assert_golden("a new store", have);
	free(have);
	store_close(st);
}

/* Every schema object of st by kind and name, without root pages. */
static char *objects_of(struct store *st)
{
	sqlite3_stmt *q;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	assert_int_equal(sqlite3_prepare_v2(store_db(st),
					    "SELECT type, name, tbl_name, sql"
					    " FROM sqlite_schema"
					    " ORDER BY type, name",
					    -1, &q, NULL),
			 SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW)
		fprintf(f, "%s %s on %s: %s\n",
			(const char *)sqlite3_column_text(q, 0),
			(const char *)sqlite3_column_text(q, 1),
			(const char *)sqlite3_column_text(q, 2),
			sqlite3_column_text(q, 3)
				? (const char *)sqlite3_column_text(q, 3)
				: "(none)");
	sqlite3_finalize(q);
	fclose(f);
	return out;
}

/*
 * Taken back to an older version by hand (what each later step made is
 * dropped; no agreement is held), then opened: the later steps run again,
 * in the registered order, and the store holds the objects a new one
 * does.
 */
static void test_upgrades(void **state)
{
	static const char *const back_to[] = {
	    /* 7 */
	    TU_DROP_STEP8 "PRAGMA user_version = 7;",
	    /* 6 */ "DROP TABLE signers; PRAGMA user_version = 6;",
	    /* 5 */
	    "DROP TABLE search_keys; DROP TABLE search_key_counts;"
	    "DELETE FROM settings; PRAGMA user_version = 5;",
	    /* 4 */
	    "DROP TABLE pending_answers; DROP TRIGGER pending_blocks_signing;"
	    "PRAGMA user_version = 4;",
	    /* 3 */
	    "DROP TABLE reviews; DROP TRIGGER reviews_go_with_agreement;"
	    "PRAGMA user_version = 3;",
	};
	struct store *st = tu_create(db, PASS);
	char *want = objects_of(st);

	(void)state;
	store_close(st);
	for (size_t i = 0; i < sizeof(back_to) / sizeof(*back_to); i++) {
		char *have;
		int status;

		st = tu_open(db, PASS, &status);
		assert_non_null(st);
		for (size_t k = 0; k <= i; k++)
			tu_exec(st, back_to[k]);
		assert_int_equal(count(st, "PRAGMA user_version"), 7 - (long)i);
		store_close(st);
		st = tu_open(db, PASS, &status);
		assert_non_null(st);
		assert_int_equal(count(st, "PRAGMA user_version"),
				 STORE_SCHEMA_VERSION);
		have = objects_of(st);
		if (strcmp(have, want) != 0)
			fail_msg("up from version %d:\n%s\nwanted:\n%s",
				 7 - (int)i, have, want);
		free(have);
		store_close(st);
	}
	free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_new_store, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_upgrades, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
