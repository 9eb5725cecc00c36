/*
 * test_store_crash.c - a writer killed with SIGKILL at random moments
 * loses no reported commit; two processes writing at once lose nothing
 * and see no busy error.
 */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "support/testutil.h"

#define PASS "crash test passphrase"
/* Rounds, not seconds, are what the test promises; the time limit only
 * stops a hung run.  Alone a round takes about 1 s, on a loaded machine
 * (a parallel build) 3 s: the limit leaves room for that. */
#define MIN_ROUNDS 100
#define MAX_SECONDS 480

static char *dir;
static const char *db;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int insert(struct store *st, long seq, long who)
{
	struct mp_error err;
	sqlite3_stmt *q;
	char text[400];
	int rc;

	if (store_begin(st, &err) != MP_OK) {
		fprintf(stderr, "begin: %s\n", err.message);
		return -1;
	}
	tu_text(text, sizeof(text), (unsigned)seq);
	sqlite3_prepare_v2(store_db(st),
			   "INSERT INTO jottings(seq, who, body) VALUES(?1,?2,?3)",
			   -1, &q, NULL);
	sqlite3_bind_int64(q, 1, seq);
	sqlite3_bind_int64(q, 2, who);
	sqlite3_bind_text(q, 3, text, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		store_sqlite_error(st, rc, "inserting", &err);
		fprintf(stderr, "insert: %s\n", err.message);
		store_rollback(st);
		return -1;
	}
	if (store_commit(st, &err) != MP_OK) {
		fprintf(stderr, "commit: %s\n", err.message);
		return -1;
	}
	return 0;
}

/* The child: commit rows first, first+1, ... and report each on fd. */
static void writer(int fd, long first)
{
	struct store *st = tu_open(db, PASS, NULL);

	if (!st)
		_exit(3);
	for (long seq = first;; seq++) {
		if (insert(st, seq, 0) != 0)
			_exit(4);
		if (write(fd, &seq, sizeof(seq)) != sizeof(seq))
			_exit(5);
	}
}

static long max_seq(struct store *st)
{
	sqlite3_stmt *q;
	long m = 0;

	sqlite3_prepare_v2(store_db(st), "SELECT coalesce(max(seq), 0) FROM "
					 "jottings", -1, &q, NULL);
	if (sqlite3_step(q) == SQLITE_ROW)
		m = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return m;
}

static long count_where(struct store *st, const char *where)
{
	char sql[256];
	sqlite3_stmt *q;
	long n = -1;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM jottings WHERE %s",
		 where);
	sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

static void test_sigkill(void **state)
{
	struct mp_secret *p = tu_pass(PASS);
	struct store *st = tu_create(db, PASS);
	struct store_check_report r;
	struct mp_error err;
	double start = now();
	long reported_total = 0;
	int rounds = 0;

	(void)state;
	tu_exec(st, "CREATE TABLE jottings(seq INTEGER PRIMARY KEY, who INTEGER,"
		    " body TEXT)");
	store_close(st);
	while (rounds < MIN_ROUNDS && now() - start < MAX_SECONDS) {
		long first, last = 0, seq;
		int fds[2], status;
		pid_t pid;

		st = tu_open(db, PASS, NULL);
		assert_non_null(st);
		first = max_seq(st) + 1;
		store_close(st);
		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			writer(fds[1], first);
		}
		close(fds[1]);
		/* Let it get past unlocking, then kill it at a random moment
		 * within the next 60 ms of committing. */
		if (read(fds[0], &seq, sizeof(seq)) == sizeof(seq))
			last = seq;
		usleep(randombytes_uniform(60000));
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		assert_true(WIFSIGNALED(status));
		while (read(fds[0], &seq, sizeof(seq)) == sizeof(seq))
			last = seq;
		close(fds[0]);

		assert_int_equal(store_check(db, p, &r, &err), MP_OK);
		st = tu_open(db, PASS, NULL);
		assert_non_null(st);
		if (last) {
			char where[64];
			snprintf(where, sizeof(where),
				 "seq BETWEEN %ld AND %ld", first, last);
			assert_int_equal(count_where(st, where),
					 last - first + 1);
			reported_total += last - first + 1;
		}
		store_close(st);
		rounds++;
	}
	print_message("%d rounds in %.0f s, %ld reported commits all kept\n",
		      rounds, now() - start, reported_total);
	assert_true(rounds >= MIN_ROUNDS);
	secret_free(p);
}

/* Two processes commit different rows for a few seconds each. */
static void test_two_writers(void **state)
{
	struct store *st = tu_create(db, PASS);
	int fds[2][2], status;
	long done[2] = {0, 0};
	pid_t pid[2];

	(void)state;
	tu_exec(st, "CREATE TABLE jottings(seq INTEGER PRIMARY KEY, who INTEGER,"
		    " body TEXT)");
	store_close(st);
	for (int w = 0; w < 2; w++) {
		assert_int_equal(pipe(fds[w]), 0);
		pid[w] = fork();
		if (pid[w] == 0) {
			struct store *mine = tu_open(db, PASS, NULL);
			double until = now() + 3;
			long n = 0;
			if (!mine)
				_exit(3);
			while (now() < until) {
				if (insert(mine, (w + 1) * 1000000L + n, w) != 0)
					_exit(4);
				n++;
				usleep(500); /* a person, not a loop */
				/* a reader too, between writes */
				sqlite3_exec(store_db(mine),
					     "SELECT count(*) FROM jottings", NULL,
					     NULL, NULL);
			}
			store_close(mine);
			if (write(fds[w][1], &n, sizeof(n)) != sizeof(n))
				_exit(5);
			_exit(0);
		}
		close(fds[w][1]);
	}
	for (int w = 0; w < 2; w++) {
		waitpid(pid[w], &status, 0);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
		assert_int_equal(read(fds[w][0], &done[w], sizeof(long)),
				 sizeof(long));
		close(fds[w][0]);
	}
	st = tu_open(db, PASS, NULL);
	assert_int_equal(count_where(st, "who = 0"), done[0]);
	assert_int_equal(count_where(st, "who = 1"), done[1]);
	store_close(st);
	print_message("writer 0: %ld commits, writer 1: %ld commits\n",
		      done[0], done[1]);
	assert_true(done[0] > 10 && done[1] > 10);
}

static int setup(void **state)
{
	(void)state;
	dir = tu_tempdir();
	db = strdup(tu_path(dir, "crash.mpact"));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sigkill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_writers, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
