/*
 * bench_due.c - the home screen's counts of what is due by today
 * (records_due_counts) on a store of N active agreements with ten
 * sessions each, one row of records_due per agreement and kind, due
 * dates spread over three years.  The rows are written straight into the
 * tables in one transaction, as bench code may (the core writes through
 * records.h); the per-day counts are kept by the schema's triggers.
 *
 * usage: bench_due DIR N [N...]
 * Prints, for each N: "DUE n fill-seconds first-ms best-ms meetings
 * forms reviews" (best of REPEAT runs, the store reopened first).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mentorpact/records.h"
#include "mentorpact/secret.h"
#include "mentorpact/store.h"

#define SESSIONS 10
#define REPEAT	 25

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, const char *why)
{
	fprintf(stderr, "bench_due: %s: %s\n", what, why ? why : "");
	exit(1);
}

static void step(sqlite3_stmt *q)
{
	if (sqlite3_step(q) != SQLITE_DONE)
		die("insert", sqlite3_errmsg(sqlite3_db_handle(q)));
	sqlite3_reset(q);
}

/* Day d (0 = 2025-01-01) as YYYY-MM-DD. */
static void day_text(int d, char out[11])
{
	struct tm tm = {
	    .tm_year = 125, .tm_mon = 0, .tm_mday = 1 + d, .tm_hour = 12};
	time_t t = timegm(&tm);

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static double fill(struct store *st, long n)
{
	static const char *const kinds[3] = {"meeting", "form", "review"};
	sqlite3 *db = store_db(st);
	sqlite3_stmt *ag, *ss, *due;
	char id[16], day[11];
	double t0 = now();
	struct mp_error err;

	if (store_begin(st, &err) != MP_OK)
		die("begin", err.message);
	if (sqlite3_exec(db, "INSERT INTO templates VALUES('h', 'emmp', 'x')",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO agreements(id, version, scheme,"
			       " template_hash, status, created, changed)"
			       " VALUES(?1, 1, 'emmp', 'h', 'active', 'x',"
			       " 'x')",
			       -1, &ag, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO sessions(agreement, n, author,"
			       " held, minutes, how, created, updated)"
			       " VALUES(?1, ?2, 'mentee', ?3, 60, 'video',"
			       " 'x', 'x')",
			       -1, &ss, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO records_due VALUES(?1, ?2, ?3)",
			       -1, &due, NULL) != SQLITE_OK)
		die("prepare", sqlite3_errmsg(db));
	for (long i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%04lX-%04lX", (i >> 16) & 0xffff,
			 i & 0xffff);
		sqlite3_bind_text(ag, 1, id, -1, SQLITE_TRANSIENT);
		step(ag);
		for (int s = 1; s <= SESSIONS; s++) {
			day_text((int)(i % 700) + 30 * s, day);
			sqlite3_bind_text(ss, 1, id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(ss, 2, s);
			sqlite3_bind_text(ss, 3, day, -1, SQLITE_TRANSIENT);
			step(ss);
		}
		for (int k = 0; k < 3; k++) {
			day_text((int)((i * 7 + (long)k * 131) % 1095), day);
			sqlite3_bind_text(due, 1, id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(due, 2, kinds[k], -1, SQLITE_STATIC);
			sqlite3_bind_text(due, 3, day, -1, SQLITE_TRANSIENT);
			step(due);
		}
	}
	sqlite3_finalize(ag);
	sqlite3_finalize(ss);
	sqlite3_finalize(due);
	if (store_commit(st, &err) != MP_OK)
		die("commit", err.message);
	return now() - t0;
}

int main(int argc, char **argv)
{
	struct mp_secret *pw;
	struct mp_error err;

	if (argc < 3)
		die("usage", "bench_due DIR N [N...]");
	if (secret_init(&err) != MP_OK ||
	    secret_from("benchmark passphrase", 20, &pw, &err) != MP_OK)
		die("passphrase", err.message);
	for (int a = 2; a < argc; a++) {
		long n = strtol(argv[a], NULL, 10), c[REC_DUE_KINDS];
		char path[4096];
		struct store *st;
		double filled, first = 0, best = 1e9;

		snprintf(path, sizeof(path), "%s/due-%ld.mpact", argv[1], n);
		unlink(path);
		if (store_create(path, pw, STORE_KDF_INTERACTIVE, &st, &err) !=
		    MP_OK)
			die("create", err.message);
		filled = fill(st, n);
		store_close(st);
		if (store_open(path, pw, &st, &err) != MP_OK)
			die("open", err.message);
		for (int r = 0; r < REPEAT; r++) {
			double t0 = now();

			if (records_due_counts(st, "2026-06-30", c, &err) !=
			    MP_OK)
				die("count", err.message);
			t0 = now() - t0;
			if (!r)
				first = t0;
			if (t0 < best)
				best = t0;
		}
		printf("DUE %ld %.2f %.3f %.3f %ld %ld %ld\n", n, filled,
		       first * 1e3, best * 1e3, c[REC_DUE_MEETING],
		       c[REC_DUE_FORM], c[REC_DUE_REVIEW]);
		fflush(stdout);
		store_close(st);
		unlink(path);
	}
	secret_free(pw);
	return 0;
}
