/*
 * admin.c - the scheme administrator's commands: list, purge,
 * subject-export, erase, settings, report.  This file holds their table
 * and the two that look over the store, list and report; purge,
 * subject-export and erase are in admin_personal.c, settings in
 * admin_settings.c, and the output formats in admin_format.c.
 *
 * Output formats: a table for people, CSV (RFC 4180: every field quoted,
 * quotes doubled, lines ending in CRLF) and JSON (UTF-8, control
 * characters escaped) for programs.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "mentorpact/admin.h"
#include "mentorpact/agreement.h"
#include "mentorpact/audit.h"
#include "mentorpact/store.h"
#include "sessions.h"

/* --- list ----------------------------------------------------------------- */

struct list_out {
	enum format format;
	long rows;
	struct store *st;
	struct sessions_cache *cache; /* sessions_cols */
};

#define LIST_COLUMNS 17

static const char *const list_names[LIST_COLUMNS] = {
    "id",	  "version",	   "scheme",	       "status",
    "mentor",	  "mentor_email",  "mentee",	       "mentee_email",
    "created",	  "changed",	   "review_due",       "ended",
    "kept_until", "sessions_held", "sessions_planned", "next_meeting",
    "form_due"};

static void list_table_row(const struct ag_row *r,
			   const struct sessions_cols *sc)
{
	char version[16], sessions[48];

	snprintf(version, sizeof(version), "%d", r->version);
	column(r->id, 9);
	column(version, 3);
	column(r->scheme, 16);
	column(r->status, 7);
	column(r->mentor, 20);
	column(r->mentee, 20);
	column(r->changed, 10);
	column(r->review_due, 10);
	snprintf(sessions, sizeof(sessions), "%s/%s", or_dash(sc->held),
		 or_dash(sc->planned));
	column(sc->held[0] ? sessions : "", 7);
	column(sc->next, 10);
	printf("%s\n", or_dash(sc->form));
}

static void list_row(void *ctx, const struct ag_row *r)
{
	struct list_out *o = ctx;
	struct sessions_cols sc;
	char version[16];

	sessions_cols(o->st, &o->cache, r->id, &sc);
	const char *cols[LIST_COLUMNS] = {
	    r->id,	     version,	r->scheme,	 r->status,  r->mentor,
	    r->mentor_email, r->mentee, r->mentee_email, r->created, r->changed,
	    r->review_due,   r->ended,	r->kept_until,	 sc.held,    sc.planned,
	    sc.next,	     sc.form};

	snprintf(version, sizeof(version), "%d", r->version);
	if (o->format == FORMAT_TABLE) {
		list_table_row(r, &sc);
	} else if (o->format == FORMAT_CSV) {
		csv_row(cols, LIST_COLUMNS);
	} else {
		printf("%s\n  {", o->rows ? "," : "");
		for (int i = 0; i < LIST_COLUMNS; i++) {
			printf("%s\"%s\": ", i ? ", " : "", list_names[i]);
			if (i == 1)
				printf("%d", r->version);
			else if (i == 13 || i == 14) /* counts, or null */
				printf("%s", *cols[i] ? cols[i] : "null");
			else
				json_string(i > 14 && !*cols[i] ? NULL
								: cols[i]);
		}
		putchar('}');
	}
	o->rows++;
}

static void list_head(enum format f)
{
	if (f == FORMAT_CSV) {
		csv_row(list_names, LIST_COLUMNS);
	} else if (f == FORMAT_JSON) {
		putchar('[');
	} else {
		static const char *const heads[] = {
		    "ID",     "V",	"SCHEME", "STATUS",
		    "MENTOR", "MENTEE", "CHANGED"};
		static const int widths[] = {9, 3, 16, 7, 20, 20, 10};
		for (int i = 0; i < 7; i++)
			column(heads[i], widths[i]);
		column("REVIEW DUE", 10);
		column("HELD", 7);
		column("NEXT", 10);
		printf("FORM DUE\n");
	}
}

static int parse_count(const struct cli_command *cmd, const char *opt,
		       const char *s, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	if (errno || end == s || *end || *out < 0)
		return cli_usage(cmd, "%s needs a whole number, not '%s'", opt,
				 s);
	return 0;
}

/* Apply one option of list; 0 or an exit code. */
static int list_option(const struct cli_command *cmd, int c, const char *arg,
		       struct ag_filter *f, enum format *format, int *sorted)
{
	static char today[11];
	int k;

	switch (c) {
	case 't':
		if ((f->status = agreement_status_parse(arg)) < 0)
			return cli_usage(cmd,
					 "unknown status '%s' (draft, "
					 "ready, signed, active or ended)",
					 arg);
		return 0;
	case 's':
		f->scheme = arg;
		return 0;
	case 'q':
		f->search = arg;
		return 0;
	case 'r':
		local_today(today);
		f->due_by = today;
		return 0;
	case 'o':
		if ((k = agreement_sort_parse(arg)) < 0)
			return cli_usage(cmd,
					 "unknown sort '%s' (changed, id, "
					 "scheme, mentor, mentee, status "
					 "or review)",
					 arg);
		f->sort = (enum ag_sort)k;
		*sorted = 1;
		return 0;
	case 'f':
		return parse_format(cmd, arg, format);
	case 'l':
		return parse_count(cmd, "--limit", arg, &f->limit);
	default:
		return parse_count(cmd, "--offset", arg, &f->offset);
	}
}

static int list_options(const struct cli_command *cmd, int argc, char **argv,
			struct ag_filter *f, enum format *format)
{
	static const struct option opts[] = {
	    {"status", required_argument, NULL, 't'},
	    {"scheme", required_argument, NULL, 's'},
	    {"search", required_argument, NULL, 'q'},
	    {"review-due", no_argument, NULL, 'r'},
	    {"sort", required_argument, NULL, 'o'},
	    {"format", required_argument, NULL, 'f'},
	    {"limit", required_argument, NULL, 'l'},
	    {"offset", required_argument, NULL, 'n'},
	    {NULL, 0, NULL, 0}};
	int c, rc, sorted = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == '?' || c == ':')
			return cli_usage(cmd, "unknown option '%s'",
					 argv[optind - 1]);
		if ((rc = list_option(cmd, c, optarg, f, format, &sorted)))
			return rc;
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	/* Reviews due: the most overdue first, unless asked otherwise. */
	if (f->due_by && !sorted)
		f->sort = AG_SORT_REVIEW;
	return 0;
}

static int cmd_list(struct cli_ctx *ctx, int argc, char **argv)
{
	struct ag_filter f = {.status = -1};
	struct list_out o = {FORMAT_TABLE, 0, NULL, NULL};
	struct mp_error err;
	struct store *st;
	int rc;

	if ((rc = list_options(CMD("list"), argc, argv, &f, &o.format)))
		return rc;
	if (cli_open_store(ctx, &st, &err) != MP_OK)
		return cli_fail(&err);
	o.st = st;
	list_head(o.format);
	if (agreement_query(st, &f, list_row, &o, &err) != MP_OK)
		rc = cli_fail(&err);
	if (o.format == FORMAT_JSON)
		printf("%s]\n", o.rows ? "\n" : "");
	sessions_cache_free(o.cache);
	store_close(st);
	return rc;
}

/* --- report --------------------------------------------------------------- */

static long total_of(const long *by_status)
{
	long n = 0;

	for (int k = 0; k < AG_STATUS_COUNT; k++)
		n += by_status[k];
	return n;
}

static void report_table_row(const char *name, const long *by_status,
			     long overdue)
{
	printf("%-18s", name);
	for (int k = 0; k < AG_STATUS_COUNT; k++)
		printf(" %7ld", by_status[k]);
	printf(" %7ld %8ld\n", total_of(by_status), overdue);
}

static void report_table(const struct admin_report *r)
{
	printf("Agreements by scheme and status (newest versions), as of "
	       "%s\n\n%-18s",
	       r->today, "SCHEME");
	for (int k = 0; k < AG_STATUS_COUNT; k++)
		printf(" %7s", agreement_status_name((enum ag_status)k));
	printf(" %7s %8s\n", "total", "overdue");
	for (size_t i = 0; i < r->n_schemes; i++)
		report_table_row(r->schemes[i].scheme, r->schemes[i].by_status,
				 r->schemes[i].overdue);
	report_table_row("all schemes", r->totals, r->overdue);
	printf("\nSigned by both, per month:\n");
	for (size_t i = 0; i < r->n_months; i++)
		printf("  %s %6ld\n", r->months[i].month, r->months[i].count);
	if (!r->n_months)
		printf("  (none yet)\n");
	printf("\nReviews overdue (due before %s, not ended): %ld\n", r->today,
	       r->overdue);
	if (r->signed_samples)
		printf("Median days from draft to signed by both: %.1f (over "
		       "%ld version%s made here)\n",
		       r->median_days, r->signed_samples,
		       r->signed_samples == 1 ? "" : "s");
	else
		printf("Median days from draft to signed by both: - (nothing "
		       "signed here yet)\n");
}

static void report_csv(const struct admin_report *r)
{
	static const char *const head[] = {"section", "scheme", "status",
					   "month", "value"};
	char n[32];

	csv_row(head, 5);
	for (size_t i = 0; i < r->n_schemes; i++) {
		const struct admin_scheme_counts *c = &r->schemes[i];
		for (int k = 0; k < AG_STATUS_COUNT; k++) {
			const char *row[] = {
			    "agreements", c->scheme,
			    agreement_status_name((enum ag_status)k), NULL, n};
			snprintf(n, sizeof(n), "%ld", c->by_status[k]);
			csv_row(row, 5);
		}
		const char *row[] = {"reviews_overdue", c->scheme, NULL, NULL,
				     n};
		snprintf(n, sizeof(n), "%ld", c->overdue);
		csv_row(row, 5);
	}
	for (size_t i = 0; i < r->n_months; i++) {
		const char *row[] = {"signed", NULL, NULL, r->months[i].month,
				     n};
		snprintf(n, sizeof(n), "%ld", r->months[i].count);
		csv_row(row, 5);
	}
	const char *median[] = {"median_days_draft_to_signed", NULL, NULL, NULL,
				r->signed_samples ? n : NULL};
	snprintf(n, sizeof(n), "%.1f", r->median_days);
	csv_row(median, 5);
}

static void json_counts(const long *by_status, long overdue)
{
	for (int k = 0; k < AG_STATUS_COUNT; k++)
		printf("\"%s\": %ld, ",
		       agreement_status_name((enum ag_status)k), by_status[k]);
	printf("\"total\": %ld, \"reviews_overdue\": %ld", total_of(by_status),
	       overdue);
}

static void report_json(const struct admin_report *r)
{
	printf("{\n  \"as_of\": \"%s\",\n  \"schemes\": [", r->today);
	for (size_t i = 0; i < r->n_schemes; i++) {
		printf("%s\n    {\"scheme\": ", i ? "," : "");
		json_string(r->schemes[i].scheme);
		printf(", ");
		json_counts(r->schemes[i].by_status, r->schemes[i].overdue);
		putchar('}');
	}
	printf("%s],\n  \"all\": {", r->n_schemes ? "\n  " : "");
	json_counts(r->totals, r->overdue);
	printf("},\n  \"signed_per_month\": [");
	for (size_t i = 0; i < r->n_months; i++)
		printf("%s{\"month\": \"%s\", \"count\": %ld}", i ? ", " : "",
		       r->months[i].month, r->months[i].count);
	printf("],\n  \"reviews_overdue\": %ld,\n", r->overdue);
	if (r->signed_samples)
		printf("  \"median_days_draft_to_signed\": %.1f,\n",
		       r->median_days);
	else
		printf("  \"median_days_draft_to_signed\": null,\n");
	printf("  \"median_samples\": %ld\n}\n", r->signed_samples);
}

/* The audit head, for the administrator to keep with the report: a later
 * 'audit --check-head' against the saved report names a rolled-back
 * store. */
static int report_head(struct store *st)
{
	struct audit_head head;
	struct mp_error err;
	char line[AUDIT_HEAD_TEXT_MAX];

	if (audit_head_get(st, NULL, &head, NULL, &err) != MP_OK)
		return cli_fail(&err);
	audit_head_format(&head, line);
	printf("Audit head (keep it; 'audit --check-head' compares):\n%s\n",
	       line);
	return 0;
}

static int cmd_report(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = CMD("report");
	enum format format = FORMAT_TABLE;
	struct admin_report r;
	struct mp_error err;
	struct store *st;
	int c, rc = 0;

	if (argc > 1 && strcmp(argv[1], "evaluation") == 0)
		return cli_report_evaluation(ctx, argc - 1, argv + 1);
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage(cmd, "unknown option '%s'",
					 argv[optind - 1]);
		if ((rc = parse_format(cmd, optarg, &format)))
			return rc;
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (cli_open_store(ctx, &st, &err) != MP_OK)
		return cli_fail(&err);
	if (admin_report(st, NULL, &r, &err) != MP_OK)
		rc = cli_fail(&err);
	else if (format == FORMAT_TABLE)
		report_table(&r);
	else if (format == FORMAT_CSV)
		report_csv(&r);
	else
		report_json(&r);
	if (rc == 0 && format == FORMAT_TABLE)
		rc = report_head(st);
	admin_report_free(&r);
	store_close(st);
	return rc;
}

const struct cli_command cli_admin_commands[] = {
    {"list", cmd_list,
     "list [--status S] [--scheme ID] [--search TEXT] [--review-due] "
     "[--sort COL] [--limit N] [--offset N] [--format table|csv|json]",
     "list agreements (the newest version of each)"},
    {"purge", cmd_purge, "purge [--dry-run]",
     "delete agreements past their keep-until date"},
    {"subject-export", cmd_subject_export, "subject-export EMAIL [-o FILE]",
     "everything the store holds about one person, as text"},
    {"erase", cmd_erase, "erase EMAIL [--keep-signed] [--dry-run]",
     "erase one person's personal data, saying what is kept"},
    {"settings", cmd_settings, "settings [set KEY VALUE | unset KEY | get KEY]",
     "return addresses and retention per scheme"},
    {"report", cmd_report,
     "report [evaluation [--scheme ID]] [--format table|csv|json]",
     "counts, signatures, reviews overdue; or the "
     "forms' evaluation"},
    {NULL, NULL, NULL, NULL},
};
