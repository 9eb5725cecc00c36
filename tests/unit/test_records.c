/*
 * test_records.c - the session log's tables (schema step 8) and its
 * count: withdrawn entries are kept but not counted; sessions belong to
 * the agreement's id.
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

#include "mentorpact/records.h"
#include "mentorpact/store.h"
#include "support/testutil.h"

#define PASS "correct horse battery staple"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_held),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
