/*
 * workload.h - the store benchmark's workload, shared by the benchmark of
 * mentorpact's store and the one of SQLCipher (a separate binary, since
 * SQLCipher replaces SQLite).  Include after <sqlite3.h> or SQLCipher's.
 *
 * N agreements of FIELDS fields of realistic text; every field update is
 * its own commit; then a full read back and a sorted list query.
 */
#ifndef MENTORPACT_BENCH_WORKLOAD_H
#define MENTORPACT_BENCH_WORKLOAD_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FIELDS 40

static double wl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void wl_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "bench: %s: %s\n", sql, msg);
		exit(1);
	}
}

/* The same pragmas as the store sets on every connection. */
static void wl_pragmas(sqlite3 *db, int sync_full)
{
	wl_exec(db, "PRAGMA temp_store=MEMORY; PRAGMA mmap_size=0;"
		    "PRAGMA journal_mode=TRUNCATE; PRAGMA foreign_keys=ON;"
		    "PRAGMA secure_delete=ON;");
	wl_exec(db, sync_full ? "PRAGMA synchronous=FULL"
			      : "PRAGMA synchronous=OFF");
}

static void wl_value(char *buf, size_t size, int agreement, int field)
{
	static const char *const parts[] = {
		"Meet monthly for an hour, online or face to face",
		"48 hours' notice if unable to attend an agreed session",
		"Build confidence in leading difficult conversations",
		"Amara Okafor, Clinical Nurse Specialist, Leicester",
		"Confidential unless there is a risk of harm to anyone",
		"Review at six months; records kept one year after the end",
	};
	snprintf(buf, size, "%s (agreement %d, field %d)",
		 parts[(agreement + field) % 6], agreement, field);
}

/* Make n agreements, one commit per field update; t[0] gets seconds. */
static void wl_commits(sqlite3 *db, int n, double t[3])
{
	sqlite3_stmt *ins, *upd;
	char value[200];
	double start;

	wl_exec(db, "CREATE TABLE IF NOT EXISTS bench_values("
		    "agreement INTEGER, field INTEGER, value TEXT,"
		    " PRIMARY KEY(agreement, field))");
	sqlite3_prepare_v2(db, "INSERT INTO bench_values VALUES(?1, ?2, '')",
			   -1, &ins, NULL);
	sqlite3_prepare_v2(db, "UPDATE bench_values SET value = ?3 "
			       "WHERE agreement = ?1 AND field = ?2",
			   -1, &upd, NULL);
	start = wl_now();
	for (int a = 0; a < n; a++) {
		wl_exec(db, "BEGIN IMMEDIATE");
		for (int f = 0; f < FIELDS; f++) {
			sqlite3_bind_int(ins, 1, a);
			sqlite3_bind_int(ins, 2, f);
			sqlite3_step(ins);
			sqlite3_reset(ins);
		}
		wl_exec(db, "COMMIT");
		for (int f = 0; f < FIELDS; f++) {
			wl_value(value, sizeof(value), a, f);
			wl_exec(db, "BEGIN IMMEDIATE");
			sqlite3_bind_int(upd, 1, a);
			sqlite3_bind_int(upd, 2, f);
			sqlite3_bind_text(upd, 3, value, -1, SQLITE_STATIC);
			if (sqlite3_step(upd) != SQLITE_DONE) {
				fprintf(stderr, "bench: update failed: %s\n",
					sqlite3_errmsg(db));
				exit(1);
			}
			sqlite3_reset(upd);
			wl_exec(db, "COMMIT");
		}
	}
	t[0] = wl_now() - start;
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
}

/* On a freshly opened connection: read everything back (t[1]) and run the
 * sorted list query (t[2]). */
static void wl_reads(sqlite3 *db, int n, double t[3])
{
	sqlite3_stmt *all, *list;
	double start;
	long rows = 0;

	start = wl_now();
	sqlite3_prepare_v2(db, "SELECT agreement, field, value FROM "
			       "bench_values ORDER BY agreement, field",
			   -1, &all, NULL);
	while (sqlite3_step(all) == SQLITE_ROW)
		rows += sqlite3_column_bytes(all, 2) > 0;
	sqlite3_finalize(all);
	t[1] = wl_now() - start;
	if (rows != (long)n * FIELDS) {
		fprintf(stderr, "bench: read back %ld rows, expected %ld\n",
			rows, (long)n * FIELDS);
		exit(1);
	}

	start = wl_now();
	sqlite3_prepare_v2(db, "SELECT agreement, value FROM bench_values "
			       "WHERE field = 3 ORDER BY value, agreement",
			   -1, &list, NULL);
	rows = 0;
	while (sqlite3_step(list) == SQLITE_ROW)
		rows++;
	sqlite3_finalize(list);
	t[2] = wl_now() - start;
}

#endif
