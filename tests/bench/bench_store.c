/*
 * bench_store.c - the store's cost against plain SQLite on one workload
 * (see workload.h), with synchronous=FULL and OFF, and the unlock time
 * of each key-derivation level.  Prints; never fails a build.
 *
 * usage: bench_store DIR AGREEMENTS [OFF|FULL]
 * (a third argument runs that synchronous mode only, and no unlocks: for
 * profiling)
 * Prints lines "RESULT name sync seconds" that run.sh turns into ratios.
 */
#include <sqlite3.h>
#include <unistd.h>

#include "bench/workload.h"
#include "mentorpact/secret.h"
#include "mentorpact/store.h"
#include "mentorpact/vfs.h"

static const char *path_in(const char *dir, const char *name)
{
	static char buf[4][4096];
	static int next;
	char *b = buf[next++ % 4];

	snprintf(b, 4096, "%s/%s", dir, name);
	return b;
}

static void report(const char *name, int full, const double t[3])
{
	printf("RESULT %s %s %.3f %.3f %.3f\n", name, full ? "FULL" : "OFF",
	       t[0], t[1], t[2]);
	fflush(stdout);
}

static void run_plain(const char *dir, int n, int full)
{
	const char *p = path_in(dir, full ? "plain-full.db" : "plain-off.db");
	sqlite3 *db;
	double t[3];

	unlink(p);
	if (sqlite3_open(p, &db) != SQLITE_OK)
		exit(1);
	wl_pragmas(db, full);
	wl_commits(db, n, t);
	sqlite3_close(db);
	if (sqlite3_open(p, &db) != SQLITE_OK)
		exit(1);
	wl_pragmas(db, full);
	wl_reads(db, n, t);
	sqlite3_close(db);
	report("sqlite", full, t);
}

static struct mp_secret *pass(void)
{
	struct mp_secret *s;

	if (secret_from("benchmark passphrase", 20, &s, NULL) != MP_OK)
		exit(1);
	return s;
}

/*
 * What the design's cipher alone costs a commit: the pages SQLite wrote
 * per commit (each one sealed once; journal images reuse the sealed
 * page) times the time one seal takes.  Prints "CIPHER pages seal_s".
 */
static void cipher_floor(sqlite3 *db, int n)
{
	unsigned char page[VFS_PAGE_SIZE], key[VFS_KEY_SIZE] = {1},
		id[VFS_FILE_ID_SIZE] = {2};
	int written = 0, high = 0, seals = 20000;
	double start;

	sqlite3_db_status(db, SQLITE_DBSTATUS_CACHE_WRITE, &written, &high, 0);
	for (size_t i = 0; i < sizeof(page); i++)
		page[i] = (unsigned char)(i * 7);
	start = wl_now();
	for (int i = 0; i < seals; i++)
		vfs_page_seal(page, key, id, (uint32_t)i + 1);
	printf("CIPHER %.3f %.9f\n", (double)written / (n * (FIELDS + 1)),
	       (wl_now() - start) / seals);
}

static void run_store(const char *dir, int n, int full)
{
	const char *p = path_in(dir, full ? "enc-full.mpact" : "enc-off.mpact");
	struct mp_secret *pw = pass();
	struct mp_error err;
	struct store *st;
	double t[3];

	unlink(p);
	if (store_create(p, pw, STORE_KDF_INTERACTIVE, &st, &err) != MP_OK) {
		fprintf(stderr, "bench: %s\n", err.message);
		exit(1);
	}
	wl_pragmas(store_db(st), full);
	wl_commits(store_db(st), n, t);
	if (!full)
		cipher_floor(store_db(st), n);
	store_close(st);
	if (store_open(p, pw, &st, &err) != MP_OK) {
		fprintf(stderr, "bench: %s\n", err.message);
		exit(1);
	}
	wl_pragmas(store_db(st), full);
	wl_reads(store_db(st), n, t);
	store_close(st);
	secret_free(pw);
	report("mentorpact", full, t);
}

static void unlock_times(const char *dir)
{
	static const char *const levels[] = {"interactive", "moderate",
					     "sensitive"};
	struct mp_secret *pw = pass();
	struct mp_error err;
	struct store *st;

	for (int k = 0; k < 3; k++) {
		const char *p = path_in(dir, levels[k]);
		double start;
		unlink(p);
		if (store_create(p, pw, (enum store_kdf)k, &st, &err) != MP_OK) {
			printf("UNLOCK %s failed: %s\n", levels[k],
			       err.message);
			continue;
		}
		store_close(st);
		start = wl_now();
		if (store_open(p, pw, &st, &err) != MP_OK) {
			printf("UNLOCK %s failed: %s\n", levels[k],
			       err.message);
			continue;
		}
		printf("UNLOCK %s %.3f\n", levels[k], wl_now() - start);
		store_close(st);
		unlink(p);
	}
	secret_free(pw);
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 2000;
	const char *only = argc > 3 ? argv[3] : NULL;

	if (argc < 2 || n <= 0) {
		fprintf(stderr, "usage: bench_store DIR AGREEMENTS\n");
		return 2;
	}
	printf("WORKLOAD %d agreements x %d fields, %d commits\n", n, FIELDS,
	       n * (FIELDS + 1));
	for (int full = 0; full < 2; full++) {
		if (only && strcmp(only, full ? "FULL" : "OFF") != 0)
			continue;
		run_plain(argv[1], n, full);
		run_store(argv[1], n, full);
	}
	if (!only)
		unlock_times(argv[1]);
	return 0;
}
