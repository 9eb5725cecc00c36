/*
 * bench_admin.c - the administrator's view of a store made by gen_store:
 * how long its screens take (the first screen, the next one, filters,
 * sorts, search as one types) and how much memory the view needs; and
 * how long a purge takes, and its memory.
 *
 * Each store is opened in a child process of its own, so that its peak
 * memory is its own: after unlocking (Argon2id's memory is freed by then)
 * the peak resident size is reset (/proc/self/clear_refs), the screens
 * run, and the new peak is read (VmHWM).
 *
 * usage: bench_admin N STORE [N STORE...]
 * Prints lines that run.sh turns into a table:
 *	ADMIN n open seconds
 *	ADMIN n screen NAME first-ms best-ms rows
 *	ADMIN n memory rss-after-open-KiB peak-KiB kdf-peak-KiB
 *	ADMIN n purge seconds purged peak-KiB
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mentorpact/admin.h"
#include "mentorpact/agreement.h"
#include "mentorpact/forms.h"
#include "mentorpact/secret.h"
#include "mentorpact/store.h"

#define SCREEN 50 /* rows on one screen of the list */
#define REPEAT 15

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A line of /proc/self/status, in KiB; -1 when it cannot be read. */
static long status_kib(const char *field)
{
	char line[256];
	long v = -1;
	size_t n = strlen(field);
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, field, n) == 0 && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	if (f)
		fclose(f);
	return v;
}

/* Forget the peak so far: the next VmHWM is the peak from now on. */
static int reset_peak(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	int ok = f && fputs("5", f) >= 0;

	if (f && fclose(f) != 0)
		ok = 0;
	return ok;
}

static void count_row(void *ctx, const struct ag_row *r)
{
	(void)r;
	(*(long *)ctx)++;
}

struct screen {
	const char *name;
	struct ag_filter f;
};

/* Run a screen REPEAT times: the first run's and the best run's ms. */
static void time_screen(struct store *st, long n, const struct screen *s)
{
	double first = 0, best = 1e9;
	struct mp_error err;
	long rows = 0;

	for (int k = 0; k < REPEAT; k++) {
		double t = now();
		rows = 0;
		if (agreement_query(st, &s->f, count_row, &rows, &err) !=
		    MP_OK) {
			printf("ADMIN %ld failed %s: %s\n", n, s->name,
			       err.message);
			return;
		}
		t = (now() - t) * 1000;
		if (k == 0)
			first = t;
		if (t < best)
			best = t;
	}
	printf("ADMIN %ld screen %s %.3f %.3f %ld\n", n, s->name, first, best,
	       rows);
}

static void count_tally(void *ctx, const struct form_count *c)
{
	(void)c;
	(*(long *)ctx)++;
}

/* The scheme's evaluation (report evaluation): every scheme's counts,
 * read from the tallies. */
static void time_evaluation(struct store *st, long n)
{
	double first = 0, best = 1e9;
	struct mp_error err;
	long rows = 0;

	for (int k = 0; k < REPEAT; k++) {
		double t = now();
		rows = 0;
		if (forms_evaluation(st, NULL, count_tally, NULL, NULL, &rows,
				     &err) != MP_OK) {
			printf("ADMIN %ld failed evaluation: %s\n", n,
			       err.message);
			return;
		}
		t = (now() - t) * 1000;
		if (k == 0)
			first = t;
		if (t < best)
			best = t;
	}
	printf("ADMIN %ld screen evaluation %.3f %.3f %ld\n", n, first, best,
	       rows);
}

static struct store *open_store(const char *path, long n)
{
	struct mp_secret *pw;
	struct mp_error err;
	struct store *st = NULL;
	double t = now();

	if (secret_from("benchmark passphrase", 20, &pw, &err) != MP_OK ||
	    store_open(path, pw, &st, &err) != MP_OK) {
		printf("ADMIN %ld failed open: %s\n", n, err.message);
		exit(1);
	}
	secret_free(pw);
	printf("ADMIN %ld open %.3f\n", n, now() - t);
	return st;
}

/* The screens an administrator goes through, search typed a letter at a
 * time. */
static void screens(const char *path, long n)
{
	static char today[11];
	const struct screen list[] = {
	    {"first", {.status = -1, .limit = SCREEN}},
	    {"next", {.status = -1, .limit = SCREEN, .offset = SCREEN}},
	    {"active", {.status = AG_ACTIVE, .limit = SCREEN}},
	    {"scheme",
	     {.status = -1, .scheme = "nhs-reciprocal", .limit = SCREEN}},
	    {"review-due",
	     {.status = -1,
	      .due_by = today,
	      .sort = AG_SORT_REVIEW,
	      .limit = SCREEN}},
	    {"by-mentee",
	     {.status = -1, .sort = AG_SORT_MENTEE, .limit = SCREEN}},
	    {"search-o", {.status = -1, .search = "o", .limit = SCREEN}},
	    {"search-ok", {.status = -1, .search = "ok", .limit = SCREEN}},
	    {"search-oka", {.status = -1, .search = "oka", .limit = SCREEN}},
	    {"search-okaf", {.status = -1, .search = "okaf", .limit = SCREEN}},
	    {"search-2-words",
	     {.status = -1, .search = "amara okaf", .limit = SCREEN}},
	    {"search-person",
	     {.status = -1, .search = "Grace Bradridgedale", .limit = SCREEN}},
	    {"search-address",
	     {.status = -1,
	      .search = "ben.carrington3@nhs.net",
	      .limit = SCREEN}},
	    {"active-search",
	     {.status = AG_ACTIVE, .search = "okaf", .limit = SCREEN}},
	};
	struct rusage ru;
	struct store *st;
	long base, peak;
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	st = open_store(path, n);
	getrusage(RUSAGE_SELF, &ru);
	base = status_kib("VmRSS");
	if (!reset_peak())
		base = -1;
	for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++)
		time_screen(st, n, &list[i]);
	time_evaluation(st, n);
	peak = status_kib("VmHWM");
	printf("ADMIN %ld memory %ld %ld %ld\n", n, base, peak, ru.ru_maxrss);
	store_close(st);
}

/* Purge what is past its date (a good share of the ended agreements). */
static void purge(const char *path, long n)
{
	struct admin_purge_result r;
	struct mp_error err;
	struct store *st = open_store(path, n);
	double t;

	reset_peak();
	t = now();
	if (admin_purge(st, NULL, false, &r, &err) != MP_OK)
		printf("ADMIN %ld failed purge: %s\n", n, err.message);
	else
		printf("ADMIN %ld purge %.2f %zu %ld\n", n, now() - t, r.count,
		       status_kib("VmHWM"));
	admin_purge_result_free(&r);
	store_close(st);
}

/* Run fn(path, n) in a child process. */
static void in_child(void (*fn)(const char *, long), const char *path, long n)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fn(path, n);
		fflush(stdout);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		printf("ADMIN %ld failed child\n", n);
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc % 2 == 0) {
		fprintf(stderr, "usage: bench_admin N STORE [N STORE...]\n");
		return 2;
	}
	for (int i = 1; i + 1 < argc; i += 2)
		in_child(screens, argv[i + 1], atol(argv[i]));
	for (int i = 1; i + 1 < argc; i += 2)
		in_child(purge, argv[i + 1], atol(argv[i]));
	return 0;
}
