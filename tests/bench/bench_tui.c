/*
 * bench_tui.c - what the terminal UI waits on, against plain SQLite:
 *
 *   unlock to home: opening the store less the key derivation (which
 *   store_open times itself), then the home screen's listing
 *   (agreement_query of every agreement); plain: opening an unencrypted
 *   copy of the same database (same schema and rows, made with SQLite's
 *   backup) with the same pragmas and schema load, and the same listing
 *   on it.
 *
 *   autosave: one agreement_set of a changed party name (one commit: the
 *   agreement row, its revision and an audit entry); plain: one commit
 *   updating the same agreement row in the copy, synchronous=FULL.
 *
 * usage: bench_tui DIR TEMPLATE.yaml [DRAFTS]
 * prints the median seconds of each, mentorpact's then plain SQLite's:
 *   TUI open MP PLAIN            (store_open less its key derivation)
 *   TUI home_list MP PLAIN N     (the home screen's listing of N drafts)
 *   TUI autosave MP PLAIN
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "bench/workload.h"
#pragma GCC diagnostic pop
#include "mentorpact/agreement.h"
#include "mentorpact/secret.h"
#include "mentorpact/store.h"
#include "mentorpact/template.h"

#define ROUNDS 25

static void die(const char *what, const struct mp_error *err)
{
	fprintf(stderr, "bench_tui: %s: %s\n", what, err ? err->message : "");
	exit(1);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *t, int n)
{
	qsort(t, (size_t)n, sizeof(*t), cmp_double);
	return t[n / 2];
}

static const char *path_in(const char *dir, const char *name)
{
	static char buf[2][4096];
	static int k;

	k ^= 1;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

/* --- mentorpact ------------------------------------------------------------
 */

static void count_row(void *ctx, const struct ag_row *r)
{
	(void)r;
	(*(int *)ctx)++;
}

static void fill_store(const char *p, struct mp_secret *pw,
		       const struct template *tpl, int drafts)
{
	struct mp_error err;
	struct store *st;
	char name[64];

	unlink(p);
	if (store_create(p, pw, STORE_KDF_INTERACTIVE, &st, &err) != MP_OK)
		die("create", &err);
	for (int i = 0; i < drafts; i++) {
		struct agreement *ag;
		if (agreement_create(st, tpl, NULL, &ag, &err) != MP_OK)
			die("new", &err);
		snprintf(name, sizeof(name), "Mentor Number %d", i);
		if (agreement_set(st, ag, "mentor.name", name, TPL_BOTH, NULL,
				  &err) != MP_OK)
			die("set", &err);
		snprintf(name, sizeof(name), "Mentee Number %d", i);
		if (agreement_set(st, ag, "mentee.name", name, TPL_BOTH, NULL,
				  &err) != MP_OK)
			die("set", &err);
		agreement_free(ag);
	}
	store_close(st);
}

/* One unlock: t[0] opening less the key derivation it did (timed by
 * store_open itself), t[1] the listing. */
static void mp_unlock_home(const char *p, struct mp_secret *pw, int drafts,
			   double t[2])
{
	struct ag_filter f = {.status = -1};
	struct mp_error err;
	struct store *st;
	double t0 = wl_now();
	int rows = 0;

	if (store_open(p, pw, &st, &err) != MP_OK)
		die("open", &err);
	t[0] = wl_now() - t0 - store_kdf_seconds(st);
	t0 = wl_now();
	if (agreement_query(st, &f, count_row, &rows, &err) != MP_OK)
		die("query", &err);
	t[1] = wl_now() - t0;
	if (rows != drafts)
		die("query gave the wrong number of rows", NULL);
	store_close(st);
}

static void first_id(void *ctx, const struct ag_row *r)
{
	char *id = ctx;

	if (!*id)
		snprintf(id, AG_ID_SIZE, "%s", r->id);
}

/* ROUNDS autosaves of one changed answer, each timed into t. */
static void mp_autosave(const char *p, struct mp_secret *pw, double *t)
{
	struct ag_filter f = {.status = -1};
	struct agreement *ag;
	struct mp_error err;
	struct store *st;
	char id[AG_ID_SIZE] = "", value[64];

	if (store_open(p, pw, &st, &err) != MP_OK)
		die("open", &err);
	if (agreement_query(st, &f, first_id, id, &err) != MP_OK ||
	    agreement_load(st, id, 0, &ag, &err) != MP_OK)
		die("load", &err);
	for (int r = 0; r < ROUNDS; r++) {
		double t0 = wl_now();
		snprintf(value, sizeof(value), "Mentor Renamed %d", r);
		if (agreement_set(st, ag, "mentor.name", value, TPL_BOTH, NULL,
				  &err) != MP_OK)
			die("autosave", &err);
		t[r] = wl_now() - t0;
	}
	agreement_free(ag);
	store_close(st);
}

/* --- plain SQLite ------------------------------------------------------------
 */

static sqlite3 *plain_open(const char *p)
{
	sqlite3 *db;

	if (sqlite3_open_v2(p, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK)
		die("sqlite open", NULL);
	wl_pragmas(db, 1);
	/* What store_open does after its pragmas: load the schema and read
	 * the schema version. */
	wl_exec(db, "PRAGMA trusted_schema=OFF;"
		    "SELECT count(*) FROM sqlite_schema; PRAGMA user_version");
	return db;
}

/* The plain file is a copy of the store's database, made by SQLite's
 * backup from the unlocked store: the same schema and rows, unencrypted. */
static void plain_fill(const char *store_path, struct mp_secret *pw,
		       const char *p)
{
	struct mp_error err;
	struct store *st;
	sqlite3_backup *b;
	sqlite3 *db;

	unlink(p);
	if (store_open(store_path, pw, &st, &err) != MP_OK)
		die("open", &err);
	if (sqlite3_open_v2(p, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK ||
	    !(b = sqlite3_backup_init(db, "main", store_db(st), "main")))
		die("plain copy", NULL);
	if (sqlite3_backup_step(b, -1) != SQLITE_DONE)
		die("plain copy", NULL);
	sqlite3_backup_finish(b);
	sqlite3_close(db);
	store_close(st);
}

static void plain_unlock_home(const char *p, int drafts, double t[2])
{
	double t0 = wl_now();
	sqlite3 *db = plain_open(p);
	sqlite3_stmt *q;
	int rows = 0;

	t[0] = wl_now() - t0;
	t0 = wl_now();
	if (sqlite3_prepare_v2(
		db,
		"SELECT id, version, scheme, status, mentor_name,"
		" mentor_email, mentee_name, mentee_email,"
		" created, changed, review_due, ended, kept_until"
		" FROM agreements WHERE latest = 1"
		" ORDER BY changed DESC, id",
		-1, &q, NULL) != SQLITE_OK)
		die("sqlite prepare", NULL);
	while (sqlite3_step(q) == SQLITE_ROW)
		rows++;
	sqlite3_finalize(q);
	t[1] = wl_now() - t0;
	sqlite3_close(db);
	if (rows != drafts)
		die("plain listing gave the wrong number of rows", NULL);
}

static void plain_autosave(const char *p, double *t)
{
	sqlite3 *db = plain_open(p);
	char sql[256];

	for (int r = 0; r < ROUNDS; r++) {
		double t0 = wl_now();
		snprintf(sql, sizeof(sql),
			 "BEGIN IMMEDIATE; UPDATE agreements SET mentor_name ="
			 " 'Mentor Renamed %d', revision = revision + 1"
			 " WHERE rowid = 1; COMMIT",
			 r);
		wl_exec(db, sql);
		t[r] = wl_now() - t0;
	}
	sqlite3_close(db);
}

int main(int argc, char **argv)
{
	int drafts = argc > 3 ? atoi(argv[3]) : 50;
	double mp[ROUNDS], plain[ROUNDS], mp_list[ROUNDS], plain_list[ROUNDS];
	struct template *tpl;
	struct mp_secret *pw;
	struct mp_error err;

	if (argc < 3 || drafts < 1) {
		fprintf(stderr,
			"usage: bench_tui DIR TEMPLATE.yaml [DRAFTS]\n");
		return 2;
	}
	if (secret_init(&err) != MP_OK ||
	    secret_from("benchmark passphrase", 20, &pw, &err) != MP_OK)
		die("secret", &err);
	if (template_load_file(argv[2], &tpl, NULL, &err) != MP_OK)
		die(argv[2], &err);
	fill_store(path_in(argv[1], "tui.mpact"), pw, tpl, drafts);
	plain_fill(path_in(argv[1], "tui.mpact"), pw,
		   path_in(argv[1], "tui-plain.db"));
	for (int r = 0; r < ROUNDS; r++) {
		double a[2], b[2];
		mp_unlock_home(path_in(argv[1], "tui.mpact"), pw, drafts, a);
		plain_unlock_home(path_in(argv[1], "tui-plain.db"), drafts, b);
		mp[r] = a[0];
		mp_list[r] = a[1];
		plain[r] = b[0];
		plain_list[r] = b[1];
	}
	printf("TUI open %.6f %.6f\n", median(mp, ROUNDS),
	       median(plain, ROUNDS));
	printf("TUI home_list %.6f %.6f %d\n", median(mp_list, ROUNDS),
	       median(plain_list, ROUNDS), drafts);
	mp_autosave(path_in(argv[1], "tui.mpact"), pw, mp);
	plain_autosave(path_in(argv[1], "tui-plain.db"), plain);
	printf("TUI autosave %.6f %.6f\n", median(mp, ROUNDS),
	       median(plain, ROUNDS));
	template_free(tpl);
	secret_free(pw);
	return 0;
}
