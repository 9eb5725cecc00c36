/*
 * admin.c - the scheme administrator's commands: list, purge,
 * subject-export, erase, settings, report.
 *
 * Output formats: a table for people, CSV (RFC 4180: every field quoted,
 * quotes doubled, lines ending in CRLF) and JSON (UTF-8, control
 * characters escaped) for programs.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "mentorpact/admin.h"
#include "mentorpact/agreement.h"
#include "mentorpact/audit.h"
#include "mentorpact/store.h"
#include "mentorpact/template.h"
#include "mentorpact/unicode.h"

#define CMD(name) (cli_find(name))

enum format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

static int parse_format(const struct cli_command *cmd, const char *s,
			enum format *out)
{
	static const char *const names[] = {"table", "csv", "json"};

	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum format)i;
			return 0;
		}
	return cli_usage(cmd, "unknown format '%s' (table, csv or json)", s);
}

/* Today's local date, "YYYY-MM-DD". */
static void local_today(char buf[11])
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* --- writing CSV and JSON ------------------------------------------------- */

/* One CSV field, always quoted; NULL is an empty field.  Invisible
 * format characters (uc_hidden) are written as <U+XXXX>. */
static void csv_field(const char *s, int last)
{
	char *shown = uc_reveal(s);

	putchar('"');
	for (const char *p = shown ? shown : s; p && *p; p++) {
		if (*p == '"')
			putchar('"');
		putchar(*p);
	}
	fputs(last ? "\"\r\n" : "\",", stdout);
	free(shown);
}

static void csv_row(const char *const *cols, int n)
{
	for (int i = 0; i < n; i++)
		csv_field(cols[i], i == n - 1);
}

static unsigned long utf8_next(const char *s, int *len);

/* A JSON \u escape of the invisible format character cp (a surrogate
 * pair above U+FFFF), so that it reaches a terminal as text. */
static void json_hidden(unsigned long cp)
{
	if (cp < 0x10000) {
		printf("\\u%04lx", cp);
		return;
	}
	cp -= 0x10000;
	printf("\\u%04lx\\u%04lx", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
}

/* A JSON string, or null; invisible format characters (uc_hidden) are
 * escaped. */
static void json_string(const char *s)
{
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		int len;
		unsigned long cp = c >= 0x80 ? utf8_next(s, &len) : c;

		if (c >= 0x80 && len > 1 && uc_hidden((uint32_t)cp)) {
			json_hidden(cp);
			s += len - 1;
		} else if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* --- table columns of UTF-8 text ------------------------------------------ */

/* Decode one UTF-8 character at s; *len gets its bytes (1 for a bad
 * byte, which then counts as one column). */
static unsigned long utf8_next(const char *s, int *len)
{
	const unsigned char *u = (const unsigned char *)s;
	int n = u[0] < 0x80    ? 1
		: u[0] >= 0xf0 ? 4
		: u[0] >= 0xe0 ? 3
		: u[0] >= 0xc0 ? 2
			       : 1;
	unsigned long c = n == 1 ? u[0] : u[0] & (0x3f >> (n - 1));

	for (int i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*len = 1;
			return u[0];
		}
		c = c << 6 | (u[i] & 0x3f);
	}
	*len = n;
	return c;
}

/* Columns a character takes: combining marks none, wide scripts two. */
static int char_width(unsigned long c)
{
	if ((c >= 0x300 && c <= 0x36f) || c == 0x200d ||
	    (c >= 0xfe00 && c <= 0xfe0f))
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) ||
	    (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

/* Print s in exactly width columns: cut at a character, padded. */
static void column(const char *s, int width)
{
	char *shown = uc_reveal(s);
	int used = 0, len;

	for (s = or_dash(shown ? shown : s); *s; s += len) {
		int w = char_width(utf8_next(s, &len));
		if (used + w > width)
			break;
		fwrite(s, 1, (size_t)len, stdout);
		used += w;
	}
	printf("%*s", width - used + 1, "");
	free(shown);
}

/* --- list ----------------------------------------------------------------- */

struct list_out {
	enum format format;
	long rows;
};

#define LIST_COLUMNS 13

static const char *const list_names[LIST_COLUMNS] = {
    "id",	    "version", "scheme",       "status",  "mentor",
    "mentor_email", "mentee",  "mentee_email", "created", "changed",
    "review_due",   "ended",   "kept_until"};

static void list_table_row(const struct ag_row *r)
{
	char version[16];

	snprintf(version, sizeof(version), "%d", r->version);
	column(r->id, 9);
	column(version, 3);
	column(r->scheme, 16);
	column(r->status, 7);
	column(r->mentor, 20);
	column(r->mentee, 20);
	column(r->changed, 10);
	printf("%s\n", or_dash(r->review_due));
}

static void list_row(void *ctx, const struct ag_row *r)
{
	struct list_out *o = ctx;
	char version[16];
	const char *cols[LIST_COLUMNS] = {
	    r->id,	     version,	r->scheme,	 r->status,  r->mentor,
	    r->mentor_email, r->mentee, r->mentee_email, r->created, r->changed,
	    r->review_due,   r->ended,	r->kept_until};

	snprintf(version, sizeof(version), "%d", r->version);
	if (o->format == FORMAT_TABLE) {
		list_table_row(r);
	} else if (o->format == FORMAT_CSV) {
		csv_row(cols, LIST_COLUMNS);
	} else {
		printf("%s\n  {", o->rows ? "," : "");
		for (int i = 0; i < LIST_COLUMNS; i++) {
			printf("%s\"%s\": ", i ? ", " : "", list_names[i]);
			if (i == 1)
				printf("%d", r->version);
			else
				json_string(cols[i]);
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
		printf("REVIEW DUE\n");
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
	struct list_out o = {FORMAT_TABLE, 0};
	struct mp_error err;
	struct store *st;
	int rc;

	if ((rc = list_options(CMD("list"), argc, argv, &f, &o.format)))
		return rc;
	if (cli_open_store(ctx, &st, &err) != MP_OK)
		return cli_fail(&err);
	list_head(o.format);
	if (agreement_query(st, &f, list_row, &o, &err) != MP_OK)
		rc = cli_fail(&err);
	if (o.format == FORMAT_JSON)
		printf("%s]\n", o.rows ? "\n" : "");
	store_close(st);
	return rc;
}

/* --- purge ---------------------------------------------------------------- */

static void purge_print(const struct admin_purge_result *r, bool dry_run,
			bool scrubbed)
{
	long versions = 0;

	printf("%s %zu agreement%s", dry_run ? "would purge" : "purged",
	       r->count, r->count == 1 ? "" : "s");
	for (size_t i = 0; i < r->count; i++)
		versions += r->items[i].versions;
	printf(" (%ld version%s)", versions, versions == 1 ? "" : "s");
	printf(" and %ld signing key%s of people no agreement names any "
	       "more%s\n",
	       r->keys_removed, r->keys_removed == 1 ? "" : "s",
	       dry_run ? "; nothing was changed (dry run)" : "");
	if (r->count) {
		printf("  %-10s %-18s %-8s %-10s %s\n", "ID", "SCHEME",
		       "VERSIONS", "ENDED", "KEPT UNTIL");
		for (size_t i = 0; i < r->count; i++)
			printf("  %-10s %-18s %-8d %-10s %s\n", r->items[i].id,
			       r->items[i].scheme, r->items[i].versions,
			       or_dash(r->items[i].ended),
			       or_dash(r->items[i].kept_until));
	}
	if (!dry_run && r->count)
		printf("Their audit entries were redacted, leaving a "
		       "\"purged\" entry with the scheme and dates.\n");
	if (!dry_run && scrubbed && (r->count || r->keys_removed))
		printf("The pages they used were rewritten so that nothing "
		       "of them is left in the store.\n");
}

static int cmd_purge(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"dry-run", no_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
	struct admin_purge_result r;
	struct mp_error err;
	struct store *st;
	bool dry_run = false;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'n')
			return cli_usage(CMD("purge"), "unknown option '%s'",
					 argv[optind - 1]);
		dry_run = true;
	}
	if (optind != argc)
		return cli_usage(CMD("purge"), "unexpected argument '%s'",
				 argv[optind]);
	if (cli_open_store(ctx, &st, &err) != MP_OK)
		return cli_fail(&err);
	if (admin_purge(st, NULL, dry_run, &r, &err) != MP_OK) {
		if (r.done)
			purge_print(&r, dry_run, false);
		rc = cli_fail(&err);
	} else {
		purge_print(&r, dry_run, true);
	}
	admin_purge_result_free(&r);
	store_close(st);
	return rc;
}

/* --- subject-export ------------------------------------------------------- */

/* Write text to a new file (mode 0600, never over an existing one). */
static enum mp_status write_new_file(const char *path, const char *text,
				     struct mp_error *err)
{
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int e;

	if (fd < 0)
		return mp_error_set(
		    err, errno == EEXIST ? MP_ERR_EXISTS : MP_ERR_IO,
		    "cannot create %s: %s%s", path, strerror(errno),
		    errno == EEXIST ? " (choose a new name)" : "");
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
		e = errno ? errno : EIO;
		close(fd);
		unlink(path);
		return mp_error_set(err, e == ENOSPC ? MP_ERR_FULL : MP_ERR_IO,
				    "cannot write %s: %s", path, strerror(e));
	}
	close(fd);
	return MP_OK;
}

static int cmd_subject_export(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"output", required_argument, NULL, 'o'}, {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = CMD("subject-export");
	const char *out = NULL;
	struct mp_error err;
	struct store *st;
	char *text = NULL;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c != 'o')
			return cli_usage(cmd, "unknown option '%s'",
					 argv[optind - 1]);
		out = optarg;
	}
	if (argc - optind != 1)
		return cli_usage(cmd, "expected one EMAIL (or, for someone "
				      "recorded without one, their full name)");
	if (cli_open_store(ctx, &st, &err) != MP_OK)
		return cli_fail(&err);
	if (admin_subject_export(st, argv[optind], &text, &err) != MP_OK ||
	    (out && write_new_file(out, text, &err) != MP_OK))
		rc = cli_fail(&err);
	else if (!out)
		fputs(text, stdout);
	if (rc == 0)
		fprintf(stderr, "This text holds personal data: give it to "
				"the person securely, then delete your "
				"copies.\n");
	free(text);
	store_close(st);
	return rc;
}

/* --- erase ---------------------------------------------------------------- */

static void erase_item(const struct admin_erased *e, bool dry_run)
{
	printf("  %s %s version %d (%s, %s; %s)",
	       e->kept	 ? "kept   "
	       : dry_run ? "delete "
			 : "deleted",
	       e->id, e->version, e->scheme, e->status,
	       agreement_role_name(e->role));
	if (e->kept)
		printf(": signed by both, kept whole (--keep-signed) %s%s\n",
		       e->kept_until ? "until "
				     : "until it ends and its "
				       "retention has passed",
		       e->kept_until ? e->kept_until : "");
	else
		printf(", with the other party's part of it\n");
}

static void erase_remains(const struct admin_erase_result *r)
{
	size_t kept = 0;

	for (size_t i = 0; i < r->count; i++)
		kept += r->items[i].kept;
	printf("What is kept, and why:\n");
	if (kept)
		printf("  - the %zu version%s marked kept: they hold the "
		       "person's details, answers, signature\n    and the "
		       "reviews held, unchanged, because a signed text cannot "
		       "be\n    altered without breaking its signatures; "
		       "'mentorpact purge' deletes them\n    after their "
		       "keep-until date\n",
		       kept, kept == 1 ? "" : "s");
	printf("  - the audit trail: when things happened and in which role "
	       "(never names,\n    addresses or answers); agreements that "
	       "are gone keep only an \"erased\" entry\n");
	for (size_t i = 0; i < r->n_settings; i++)
		printf("  - the setting %s holds this address (a scheme "
		       "contact): change it with\n    'mentorpact settings "
		       "set' or 'mentorpact settings unset'\n",
		       r->settings[i]);
	if (r->n_similar) {
		printf("  - agreements naming someone of the same name under "
		       "another address or none,\n    not touched: check "
		       "whether they are this person, and erase that too:");
		for (size_t i = 0; i < r->n_similar; i++)
			printf(" %s", r->similar[i]);
		putchar('\n');
	}
	printf("  - copies outside this store (exported or emailed "
	       "agreements, backups made\n    with 'mentorpact backup') are "
	       "not touched by erase\n");
}

static void erase_print(const char *who, const struct admin_erase_result *r,
			bool dry_run, bool scrubbed)
{
	printf("%s the personal data of %s%s\n",
	       dry_run ? "Would erase" : "Erased", who,
	       dry_run ? " (dry run: nothing was changed)" : ":");
	for (size_t i = 0; i < r->count; i++)
		erase_item(&r->items[i], dry_run);
	printf("  %s\n", r->key_removed
			     ? (dry_run ? "delete their signing key"
					: "deleted their signing key")
			     : "no signing key was held for them");
	if (r->keys_marked && !dry_run)
		printf("  the register of signers keeps %ld key%s of theirs "
		       "without their name or email, so that nobody can sign "
		       "as them here with a new key\n",
		       r->keys_marked, r->keys_marked == 1 ? "" : "s");
	if (r->keys_orphaned)
		printf("  deleted %ld signing key%s of other parties whom no "
		       "agreement names any more\n",
		       r->keys_orphaned, r->keys_orphaned == 1 ? "" : "s");
	if (!dry_run && scrubbed)
		printf("  the pages it used were rewritten so that nothing "
		       "deleted is left in the store\n");
	erase_remains(r);
}

static int cmd_erase(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"keep-signed", no_argument, NULL, 'k'},
	    {"dry-run", no_argument, NULL, 'n'},
	    {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = CMD("erase");
	struct admin_erase_result r;
	bool keep = false, dry_run = false;
	struct mp_error err;
	struct store *st;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'k')
			keep = true;
		else if (c == 'n')
			dry_run = true;
		else
			return cli_usage(cmd, "unknown option '%s'",
					 argv[optind - 1]);
	}
	if (argc - optind != 1)
		return cli_usage(cmd, "expected one EMAIL (or, for someone "
				      "recorded without one, their full name)");
	if (cli_open_store(ctx, &st, &err) != MP_OK)
		return cli_fail(&err);
	if (admin_erase(st, argv[optind], keep, dry_run, &r, &err) != MP_OK) {
		if (r.done)
			erase_print(argv[optind], &r, dry_run, false);
		rc = cli_fail(&err);
	} else {
		erase_print(argv[optind], &r, dry_run, true);
	}
	admin_erase_result_free(&r);
	store_close(st);
	return rc;
}

/* --- settings ------------------------------------------------------------- */

static int load_catalog(struct tpl_catalog **cat, struct mp_error *err)
{
	struct tpl_path path;

	*cat = NULL;
	if (template_search_path(&path, err) != MP_OK)
		return -1;
	if (template_catalog_load(&path, cat, err) != MP_OK) {
		template_path_free(&path);
		return -1;
	}
	template_path_free(&path);
	return 0;
}

static void print_setting(void *ctx, const char *key, const char *value)
{
	(*(long *)ctx)++;
	printf("%-32s %s\n", key, value);
}

/* Each scheme's return address and the retention in force. */
static int print_schemes(struct store *st, const struct tpl_catalog *cat)
{
	struct mp_error err;

	printf("\n%-18s %-30s %s\n", "SCHEME", "RETURNED TO",
	       "KEPT AFTER THE END");
	for (size_t i = 0; i < cat->count; i++) {
		const struct template *t = cat->entries[i].tpl;
		struct tpl_duration d;
		char *address = NULL, when[64];
		bool set;
		if (admin_return_address(st, t->id, &address, &err) != MP_OK ||
		    agreement_retention(st, t, &d, &set, &err) != MP_OK) {
			free(address);
			return cli_fail(&err);
		}
		template_duration_format(&d, when, sizeof(when));
		printf("%-18s %-30s %s%s\n", t->id, or_dash(address),
		       d.unit == TPL_UNIT_NONE ? "no limit (never purged)"
					       : when,
		       d.unit == TPL_UNIT_NONE ? ""
		       : set		       ? " (setting)"
					       : " (template)");
		free(address);
	}
	return 0;
}

static int settings_show(struct store *st)
{
	struct tpl_catalog *cat;
	struct mp_error err;
	long n = 0;
	int rc;

	printf("%-32s %s\n", "KEY", "VALUE");
	if (admin_settings_list(st, print_setting, &n, &err) != MP_OK)
		return cli_fail(&err);
	if (n == 0)
		printf("(none set)\n");
	if (load_catalog(&cat, &err) != 0)
		return cli_fail(&err);
	rc = print_schemes(st, cat);
	template_catalog_free(cat);
	return rc;
}

/* A key naming a scheme that exists, in the templates or the store. */
static int check_scheme(struct store *st, const char *key)
{
	struct tpl_catalog *cat;
	enum admin_setting_kind kind;
	struct mp_error err;
	const char *scheme;
	bool found = false;

	if (admin_setting_parse(key, &kind, &scheme, &err) != MP_OK ||
	    load_catalog(&cat, &err) != 0)
		return cli_fail(&err);
	found = template_catalog_find(cat, scheme) != NULL;
	template_catalog_free(cat);
	if (!found && admin_scheme_in_store(st, scheme, &found, &err) != MP_OK)
		return cli_fail(&err);
	if (found)
		return 0;
	mp_error_set(&err, MP_ERR_NOT_FOUND,
		     "there is no scheme '%s' among the templates or the "
		     "stored agreements; 'mentorpact templates list' shows "
		     "the schemes",
		     scheme);
	return cli_fail(&err);
}

static int settings_change(struct store *st, int argc, char **argv)
{
	struct mp_error err;
	char *value = NULL;
	long n = 0;
	int rc;
	int set = strcmp(argv[0], "set") == 0;

	if ((rc = check_scheme(st, argv[1])))
		return rc;
	if (set ? admin_setting_set(st, argv[1], argv[2], &n, &err)
		: admin_setting_unset(st, argv[1], &n, &err))
		return cli_fail(&err);
	if (set && admin_setting_get(st, argv[1], &value, &err) != MP_OK)
		return cli_fail(&err);
	if (set)
		printf("%s = %s\n", argv[1], value);
	else
		printf("%s is no longer set\n", argv[1]);
	if (n)
		printf("the keep-until dates of %ld ended agreement version%s "
		       "were worked out again\n",
		       n, n == 1 ? "" : "s");
	free(value);
	(void)argc;
	return 0;
}

static int settings_get(struct store *st, const char *key)
{
	enum admin_setting_kind kind;
	const char *scheme;
	struct mp_error err;
	char *value = NULL;

	if (admin_setting_parse(key, &kind, &scheme, &err) != MP_OK ||
	    admin_setting_get(st, key, &value, &err) != MP_OK)
		return cli_fail(&err);
	if (!value) {
		mp_error_set(&err, MP_ERR_NOT_FOUND, "%s is not set", key);
		return cli_fail(&err);
	}
	printf("%s\n", value);
	free(value);
	return 0;
}

static int cmd_settings(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *cmd = CMD("settings");
	const char *verb = argc > 1 ? argv[1] : "";
	struct mp_error err;
	struct store *st;
	int rc, want = !strcmp(verb, "set")	? 4
		       : !strcmp(verb, "unset") ? 3
		       : !strcmp(verb, "get")	? 3
						: 1;

	if (argc > 1 && want == 1)
		return cli_usage(cmd,
				 "unknown settings command '%s' (set, "
				 "unset or get)",
				 verb);
	if (argc != want)
		return cli_usage(cmd, "settings %s takes %s", verb,
				 want == 4 ? "KEY VALUE" : "KEY");
	if (cli_open_store(ctx, &st, &err) != MP_OK)
		return cli_fail(&err);
	if (argc == 1)
		rc = settings_show(st);
	else if (!strcmp(verb, "get"))
		rc = settings_get(st, argv[2]);
	else
		rc = settings_change(st, argc - 1, argv + 1);
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
    {"report", cmd_report, "report [--format table|csv|json]",
     "counts by scheme and status, signatures, reviews overdue"},
    {NULL, NULL, NULL, NULL},
};
