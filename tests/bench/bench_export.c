/*
 * bench_export.c - the cost of the signed text against reading the same
 * agreement from plain SQLite.
 *
 * Makes N signed agreements in memory (the five schemes in turn, each
 * with its sample answers, signed by two keys), then times per agreement:
 * export (render_export), verify (render_parse checking both signatures)
 * and import's reading back (render_parse with the template, which also
 * renders the body again); and, as the base, reading one agreement's 40
 * rows of field values from a plain SQLite table (the store benchmark's
 * table, see workload.h).  Prints; never fails a build.
 *
 * usage: bench_export DIR AGREEMENTS    (run from the source tree: it
 * loads the templates in templates/)
 * Prints "EXPORT name seconds-per-agreement" lines that run.sh formats.
 */
#include <sqlite3.h>
#include <unistd.h>

#include "bench/workload.h"
#include "unit/render_fixture.h"

#define WHEN "2026-11-22T16:41:21Z"

static const char *const schemes[] = {
    "emmp", "university-pilot", "bsw-hub", "img-peer", "nhs-reciprocal",
};

static void die(const char *what, const struct mp_error *err)
{
	fprintf(stderr, "bench_export: %s: %s\n", what,
		err ? err->message : "failed");
	exit(1);
}

/* N signed agreements, and their exported texts. */
struct set {
	int n;
	struct agreement **ags;
	char **files;
	size_t *lens;
};

static void make_set(const struct tpl_catalog *cat, struct set *s)
{
	struct sign_keypair *kps[2];
	struct mp_error err;
	char id[16];

	if (sign_keypair_generate(&kps[0], &err) != MP_OK ||
	    sign_keypair_generate(&kps[1], &err) != MP_OK)
		die("keys", &err);
	s->ags = calloc((size_t)s->n, sizeof(*s->ags));
	s->files = calloc((size_t)s->n, sizeof(*s->files));
	s->lens = calloc((size_t)s->n, sizeof(*s->lens));
	if (!s->ags || !s->files || !s->lens)
		die("memory", NULL);
	for (int i = 0; i < s->n; i++) {
		snprintf(id, sizeof(id), "%04d-%04d", i / 10000 % 10000,
			 i % 10000);
		if (rf_sample(cat, schemes[i % 5], id, 1, &s->ags[i], &err) !=
			MP_OK ||
		    rf_sign_pair(s->ags[i], kps, WHEN, &err) != MP_OK)
			die(schemes[i % 5], &err);
	}
	sign_keypair_free(kps[0]);
	sign_keypair_free(kps[1]);
}

static double time_export(struct set *s)
{
	struct mp_error err;
	double start = wl_now();

	for (int i = 0; i < s->n; i++)
		if (render_export(s->ags[i], &s->files[i], &s->lens[i], &err) !=
		    MP_OK)
			die("export", &err);
	return (wl_now() - start) / s->n;
}

/* render_parse of every file; with cat, reading each back too. */
static double time_parse(struct set *s, struct tpl_catalog *cat)
{
	struct render_report rep;
	struct agreement *ag;
	struct mp_error err;
	double start = wl_now();

	for (int i = 0; i < s->n; i++) {
		ag = NULL;
		if (render_parse(s->files[i], s->lens[i],
				 cat ? render_catalog_lookup : NULL, cat,
				 cat ? &ag : NULL, &rep, &err) != MP_OK)
			die("verify", &err);
		if (cat && !ag)
			die("reading back", NULL);
		agreement_free(ag);
	}
	return (wl_now() - start) / s->n;
}

/* One agreement's values as FIELDS rows: its details and answers, then
 * the workload's text for the rest. */
static void insert_rows(sqlite3_stmt *ins, int a, const struct agreement *ag)
{
	char filler[200];
	int f = 0;

	for (int r = 0; r < 2; r++)
		for (int d = 0; d < TPL_DETAIL_COUNT && f < FIELDS; d++)
			if (ag->parties[r].details[d]) {
				sqlite3_bind_int(ins, 1, a);
				sqlite3_bind_int(ins, 2, f++);
				sqlite3_bind_text(ins, 3,
						  ag->parties[r].details[d], -1,
						  SQLITE_STATIC);
				sqlite3_step(ins);
				sqlite3_reset(ins);
			}
	for (size_t i = 0; f < FIELDS; i++) {
		const char *v = i < ag->tpl->n_fields ? ag->values[i] : NULL;

		if (i < ag->tpl->n_fields && (!v || !*v))
			continue;
		if (!v) {
			wl_value(filler, sizeof(filler), a, f);
			v = filler;
		}
		sqlite3_bind_int(ins, 1, a);
		sqlite3_bind_int(ins, 2, f++);
		sqlite3_bind_text(ins, 3, v, -1, SQLITE_TRANSIENT);
		sqlite3_step(ins);
		sqlite3_reset(ins);
	}
}

static sqlite3 *plain_db(const char *dir, const struct set *s)
{
	char path[4096];
	sqlite3_stmt *ins;
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s/export-plain.db", dir);
	unlink(path);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		die(path, NULL);
	wl_pragmas(db, 0);
	wl_exec(db, "CREATE TABLE bench_values(agreement INTEGER, field "
		    "INTEGER, value TEXT, PRIMARY KEY(agreement, field))");
	sqlite3_prepare_v2(db, "INSERT INTO bench_values VALUES(?1, ?2, ?3)",
			   -1, &ins, NULL);
	wl_exec(db, "BEGIN");
	for (int a = 0; a < s->n; a++)
		insert_rows(ins, a, s->ags[a]);
	wl_exec(db, "COMMIT");
	sqlite3_finalize(ins);
	return db;
}

/* Read each agreement's rows on their own, as a viewer of one would. */
static double time_sqlite(sqlite3 *db, int n)
{
	sqlite3_stmt *q;
	long rows = 0;
	double start;

	sqlite3_prepare_v2(db,
			   "SELECT field, value FROM bench_values WHERE "
			   "agreement = ?1 ORDER BY field",
			   -1, &q, NULL);
	start = wl_now();
	for (int a = 0; a < n; a++) {
		sqlite3_bind_int(q, 1, a);
		while (sqlite3_step(q) == SQLITE_ROW)
			rows += sqlite3_column_bytes(q, 1) > 0;
		sqlite3_reset(q);
	}
	start = (wl_now() - start) / n;
	sqlite3_finalize(q);
	if (rows != (long)n * FIELDS)
		die("sqlite rows", NULL);
	return start;
}

static void free_set(struct set *s)
{
	for (int i = 0; i < s->n; i++) {
		agreement_free(s->ags[i]);
		free(s->files[i]);
	}
	free(s->ags);
	free(s->files);
	free(s->lens);
}

int main(int argc, char **argv)
{
	struct set s = {argc > 2 ? atoi(argv[2]) : 1000, NULL, NULL, NULL};
	struct tpl_catalog *cat = rf_catalog(NULL);
	size_t bytes = 0;
	sqlite3 *db;

	(void)wl_commits; /* the store benchmark's, unused here */
	(void)wl_reads;
	if (argc < 2 || s.n <= 0) {
		fprintf(stderr, "usage: bench_export DIR AGREEMENTS\n");
		return 2;
	}
	if (!cat || !template_catalog_find(cat, "emmp")) {
		printf("EXPORT skipped: no templates/ in the current folder\n");
		template_catalog_free(cat);
		return 0;
	}
	make_set(cat, &s);
	db = plain_db(argv[1], &s);
	printf("EXPORT sqlite %.9f\n", time_sqlite(db, s.n));
	sqlite3_close(db);
	printf("EXPORT export %.9f\n", time_export(&s));
	for (int i = 0; i < s.n; i++)
		bytes += s.lens[i];
	printf("EXPORT verify %.9f\n", time_parse(&s, NULL));
	printf("EXPORT import %.9f\n", time_parse(&s, cat));
	printf("EXPORT agreements %d %zu\n", s.n, bytes / (size_t)s.n);
	free_set(&s);
	template_catalog_free(cat);
	return 0;
}
