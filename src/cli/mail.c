/*
 * mail.c - verify and import: signed agreements wherever mail put them.
 *
 * Each argument is a file (a plain text, a saved message or an mbox), a
 * Maildir folder (its cur/ and new/ messages) or "-" for standard input.
 * The core (mail_scan) finds each agreement and judges it; here verify
 * prints what it found, with the repairs named and the text around it
 * called unsigned, and import keeps every one that verifies.  import
 * reads everything first and asks for the store's passphrase only when
 * there is something to import; it ends with a summary when more than
 * one agreement or message was read.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "mentorpact/agreement.h"
#include "mentorpact/mail.h"
#include "mentorpact/render.h"
#include "mentorpact/store.h"

extern const struct cli_command cli_export_commands[];
#define VERIFY_CMD (&cli_export_commands[1])
#define IMPORT_CMD (&cli_export_commands[2])

/* --- progress on a terminal --------------------------------------------- */

struct progress {
	bool tty;
	double last;
	size_t shown;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* At most five times a second, on stderr when it is a terminal. */
static void progress(struct progress *p, const char *fmt, size_t a, size_t b)
{
	double t;

	if (!p->tty || (t = now()) - p->last < 0.2)
		return;
	p->last = t;
	p->shown++;
	fputs("\r\033[K", stderr);
	fprintf(stderr, fmt, a, b);
	fflush(stderr);
}

static void progress_end(struct progress *p)
{
	if (p->tty && p->shown)
		fputs("\r\033[K", stderr);
	p->shown = 0;
}

/* --- what is said about each agreement found ----------------------------- */

/* "FILE" or "FILE, message 3 (...), attachment x.txt", into buf. */
static void label(char *buf, size_t size, const char *name,
		  const struct mail_found *f)
{
	snprintf(buf, size, "%s%s%s", name, *f->where ? ", " : "", f->where);
}

/* The repairs and the text around it, after the report. */
static void print_mail_notes(const struct mail_found *f)
{
	char said[1200];

	mail_repairs_text(f, said, sizeof(said));
	if (f->status == MP_OK && *said)
		printf("Verified after %s; nothing signed was changed.\n",
		       said);
	if (f->before || f->after)
		printf("Not signed: the %zu line%s before and %zu after the "
		       "agreement are not part of it and were not checked.\n",
		       f->before, f->before == 1 ? "" : "s", f->after);
}

/* --- verify --------------------------------------------------------------- */

struct verify_run {
	const char *extract; /* --extract DIR, or NULL */
	bool force;
	size_t good, bad, none, messages;
	enum mp_status failed; /* a failure other than "does not verify" */
	struct mp_error err;
};

/* Whether the file at path holds exactly len bytes of data. */
static bool holds(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "rb");
	char buf[8192];
	size_t at = 0, n;
	bool same = f != NULL;

	while (same && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
		same = at + n <= len && !memcmp(buf, data + at, n);
		at += n;
	}
	if (f)
		fclose(f);
	return same && at == len;
}

/* Whether every file of an extract already holds those bytes. */
static bool already_written(const struct render_files *files)
{
	for (size_t i = 0; i < files->n; i++)
		if (!holds(files->files[i].path, files->files[i].data,
			   files->files[i].len))
			return false;
	return true;
}

static enum mp_status extract(struct verify_run *v, const struct mail_found *f,
			      struct mp_error *err)
{
	struct render_files files;
	enum mp_status st;

	st = mail_detached_files(f->text, f->len, v->extract, &files, err);
	if (st == MP_OK && !v->force && already_written(&files)) {
		printf("already written: %s and its signatures\n",
		       files.files[0].path);
	} else {
		if (st == MP_OK)
			st = render_write_files(&files, v->force, err);
		for (size_t i = 0; i < files.n && st == MP_OK; i++)
			printf("wrote %s\n", files.files[i].path);
	}
	render_files_free(&files);
	return st;
}

static enum mp_status verify_found(void *ctx, struct mail_found *f)
{
	struct verify_run *v = ctx;
	char where[4700];

	label(where, sizeof(where), f->file, f);
	v->messages += f->message || !f->found;
	if (!f->found) {
		v->none++;
		if (f->report.n_issues)
			cli_print_report(where, &f->report);
		else
			printf("%s: no mentorpact agreement in it\n", where);
		return MP_OK;
	}
	cli_print_report(where, &f->report);
	print_mail_notes(f);
	if (f->status != MP_OK) {
		v->bad++;
		return MP_OK;
	}
	v->good++;
	if (v->extract)
		return extract(v, f, &v->err);
	return MP_OK;
}

static int verify_args(int argc, char **argv, struct verify_run *v)
{
	static const struct option opts[] = {
	    {"extract", required_argument, NULL, 'x'},
	    {"force", no_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'x')
			v->extract = optarg;
		else if (c == 'f')
			v->force = true;
		else
			return cli_usage(VERIFY_CMD,
					 "unknown option or missing value "
					 "'%s'",
					 argv[optind - 1]);
	}
	if (optind == argc)
		return cli_usage(VERIFY_CMD,
				 "give a file, a Maildir folder or an mbox "
				 "(- for standard input)");
	if (v->force && !v->extract)
		return cli_usage(VERIFY_CMD, "--force goes with --extract DIR");
	return 0;
}

int cli_mail_verify(struct cli_ctx *ctx, int argc, char **argv)
{
	struct verify_run v;
	struct mp_error err;
	enum mp_status st = MP_OK;
	int rc;

	(void)ctx;
	memset(&v, 0, sizeof(v));
	rc = verify_args(argc, argv, &v);
	if (rc)
		return rc;
	for (int i = optind; i < argc && st == MP_OK; i++)
		st =
		    mail_scan_path(argv[i], NULL, NULL, verify_found, &v, &err);
	if (st != MP_OK && v.err.status != MP_OK)
		err = v.err;
	if (st != MP_OK)
		return cli_fail(&err);
	if (v.good + v.bad > 1 || v.messages > 1 || argc - optind > 1)
		printf("%zu agreement%s verified, %zu did not verify, %zu "
		       "message%s or file%s held none\n",
		       v.good, v.good == 1 ? "" : "s", v.bad, v.none,
		       v.none == 1 ? "" : "s", v.none == 1 ? "" : "s");
	if (v.bad || !v.good) {
		if (argc - optind == 1 && v.good + v.bad + v.none == 1)
			mp_error_set(&err, MP_ERR_VERIFY, "%s does not verify",
				     argv[optind]);
		else if (!v.bad)
			mp_error_set(
			    &err, MP_ERR_VERIFY,
			    "no signed mentorpact agreement was found");
		else
			mp_error_set(&err, MP_ERR_VERIFY,
				     "%zu of the %zu agreements found do not "
				     "verify",
				     v.bad, v.good + v.bad);
		return cli_fail(&err);
	}
	return 0;
}

/* --- import --------------------------------------------------------------- */

struct import_run {
	struct cli_templates *tpl;
	struct agreement **ags; /* verified, to import */
	char **where;		/* each one's label */
	size_t n, cap;
	size_t refused, none, messages, found;
	const char *only_refusal; /* set when one refusal says it all */
	struct progress prog;
	struct mp_error last; /* the last refusal */
};

static enum mp_status keep(struct import_run *im, struct agreement *ag,
			   const char *where)
{
	if (im->n == im->cap) {
		size_t cap = im->cap ? im->cap * 2 : 16;
		struct agreement **a = realloc(im->ags, cap * sizeof(*a));
		char **w;

		if (!a)
			return MP_ERR_NOMEM;
		im->ags = a;
		w = realloc(im->where, cap * sizeof(*w));
		if (!w)
			return MP_ERR_NOMEM;
		im->where = w;
		im->cap = cap;
	}
	im->where[im->n] = strdup(where);
	if (!im->where[im->n])
		return MP_ERR_NOMEM;
	im->ags[im->n++] = ag;
	return MP_OK;
}

static void refuse(struct import_run *im, const char *where,
		   const struct mail_found *f)
{
	im->refused++;
	if (f->status == MP_ERR_VERIFY) {
		cli_print_report(where, &f->report);
		print_mail_notes(f);
		mp_error_set(&im->last, MP_ERR_VERIFY,
			     "%s does not verify; nothing was imported", where);
	} else if (f->status == MP_ERR_INVALID) {
		mp_error_set(&im->last, MP_ERR_INVALID,
			     "%s verifies, but its text does not read back "
			     "as an agreement of its template",
			     where);
	} else {
		mp_error_set(&im->last, MP_ERR_NOT_FOUND,
			     "%s verifies, but it was made from the template "
			     "'%s' (%s) with hash %s, and no installed "
			     "template has that hash; install that template "
			     "and import again",
			     where, f->report.scheme_id, f->report.scheme,
			     f->report.tpl_hash);
	}
	printf("refused: %s\n", im->last.message);
}

static enum mp_status import_found(void *ctx, struct mail_found *f)
{
	struct import_run *im = ctx;
	char where[4700];

	label(where, sizeof(where), f->file, f);
	im->messages += f->message || !f->found;
	progress(&im->prog,
		 "mentorpact: read %zu messages, found %zu "
		 "agreements",
		 im->messages, im->found);
	if (!f->found) {
		im->none++;
		if (f->report.n_issues && !f->message)
			cli_print_report(where, &f->report);
		printf("not an agreement: %s holds no signed agreement\n",
		       where);
		return MP_OK;
	}
	im->found++;
	if (f->status != MP_OK || !f->ag) {
		refuse(im, where, f);
		return MP_OK;
	}
	if (f->repairs || f->before || f->after) {
		printf("%s: agreement %s version %d\n", where, f->ag->id,
		       f->ag->version);
		print_mail_notes(f);
	}
	if (keep(im, f->ag, where) != MP_OK)
		return MP_ERR_NOMEM;
	f->ag = NULL;
	return MP_OK;
}

/* Put each verified agreement in the store; counts into done/already. */
static enum mp_status store_all(struct cli_ctx *ctx, struct import_run *im,
				size_t *done, size_t *already,
				struct mp_error *err)
{
	struct store *st = NULL;
	enum mp_status s = cli_open_store(ctx, &st, err);

	for (size_t i = 0; i < im->n && s == MP_OK; i++) {
		const struct agreement *ag = im->ags[i];
		bool there = false;

		progress(&im->prog, "mentorpact: imported %zu of %zu", i,
			 im->n);
		s = agreement_import(st, im->ags[i], &there, err);
		if (s != MP_OK)
			break;
		if (there) {
			(*already)++;
			printf("agreement %s version %d is already in the "
			       "store; nothing was added\n",
			       ag->id, ag->version);
		} else {
			(*done)++;
			printf("imported agreement %s version %d (%s), "
			       "signed by the mentor %s and the mentee %s\n",
			       ag->id, ag->version, ag->tpl->name,
			       ag->sigs[0].name, ag->sigs[1].name);
		}
	}
	progress_end(&im->prog);
	store_close(st);
	return s;
}

static void import_free(struct import_run *im)
{
	for (size_t i = 0; i < im->n; i++) {
		agreement_free(im->ags[i]);
		free(im->where[i]);
	}
	free(im->ags);
	free(im->where);
	cli_templates_close(im->tpl);
}

static int import_end(struct import_run *im, int argc, size_t done,
		      size_t already)
{
	struct mp_error err;
	bool many = im->found > 1 || im->messages > 1 || argc > 1;

	if (many)
		printf("Summary: %zu imported, %zu already there, %zu refused, "
		       "%zu not an agreement\n",
		       done, already, im->refused, im->none);
	if (im->refused && !many)
		return cli_fail(&im->last);
	if (im->refused) {
		mp_error_set(&err, im->last.status,
			     "%zu agreement%s refused (see above); the "
			     "others were imported",
			     im->refused, im->refused == 1 ? " was" : "s were");
		return cli_fail(&err);
	}
	if (!im->found) {
		mp_error_set(&err,
			     im->none == 1 && !many && !im->messages
				 ? MP_ERR_VERIFY
				 : MP_ERR_NOT_FOUND,
			     "no signed mentorpact agreement was found; "
			     "nothing was imported");
		return cli_fail(&err);
	}
	return 0;
}

int cli_mail_import(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option none[] = {{NULL, 0, NULL, 0}};
	struct import_run im;
	struct mp_error err;
	size_t done = 0, already = 0;
	enum mp_status st;
	int rc;

	cli_getopt_reset();
	if (getopt_long(argc, argv, "+", none, NULL) != -1)
		return cli_usage(IMPORT_CMD, "unknown option '%s'",
				 argv[optind - 1]);
	if (optind == argc)
		return cli_usage(IMPORT_CMD,
				 "give files, Maildir folders or mboxes (- "
				 "for standard input)");
	memset(&im, 0, sizeof(im));
	im.prog.tty = isatty(STDERR_FILENO);
	st = cli_templates_open(&im.tpl, &err);
	for (int i = optind; i < argc && st == MP_OK; i++)
		st = mail_scan_path(argv[i], cli_templates_find, im.tpl,
				    import_found, &im, &err);
	progress_end(&im.prog);
	if (st == MP_OK && im.n)
		st = store_all(ctx, &im, &done, &already, &err);
	rc = st == MP_OK ? import_end(&im, argc - optind, done, already)
			 : cli_fail(&err);
	import_free(&im);
	return rc;
}
