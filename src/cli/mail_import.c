/*
 * mail_import.c - import: every signed agreement found that verifies is
 * read first, then put in the store, its signers' keys judged by the
 * store's register; progress is shown on a terminal (see mail.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mail.h"
#include "sessions.h"
#include "mentorpact/agreement.h"
#include "mentorpact/mail.h"
#include "mentorpact/sign.h"
#include "mentorpact/signers.h"
#include "mentorpact/store.h"

extern const struct cli_command cli_export_commands[];
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

/* --- import --------------------------------------------------------------- */

struct import_run {
	struct cli_templates *tpl;
	struct agreement **ags; /* verified, to import */
	char **where;		/* each one's label */
	size_t n, cap;
	size_t refused, none, messages, found;
	const char *only_refusal; /* set when one refusal says it all */
	char accept[SIGN_FP_HEX]; /* --accept-key, hex; "" for none */
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
		print_report(where, &f->report, NULL, false);
		print_mail_notes(f);
		mp_error_set(&im->last, MP_ERR_VERIFY,
			     "%s does not verify; nothing was imported", where);
	} else if (f->status == MP_ERR_INVALID) {
		mp_error_set(&im->last, MP_ERR_INVALID,
			     "%s verifies, but its text does not read back "
			     "as an agreement of its template: %s",
			     where, f->invalid);
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
			print_report(where, &f->report, NULL, false);
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

static void print_imported(const struct agreement *ag,
			   const struct signer_judgement j[2])
{
	char fp[SIGN_FP_TEXT], what[512];

	printf("imported agreement %s version %d (%s), signed by the "
	       "mentor %s and the mentee %s\n",
	       ag->id, ag->version, ag->tpl->name, ag->sigs[0].name,
	       ag->sigs[1].name);
	for (int r = 0; r < 2; r++) {
		sign_fingerprint_text(j[r].fp, fp);
		if (j[r].verdict == SIGNER_UNKNOWN)
			snprintf(what, sizeof(what),
				 "new to this store, now recorded as theirs; "
				 "check it with them by another channel");
		else if (j[r].verdict == SIGNER_CHANGED ||
			 j[r].verdict == SIGNER_OTHER_PERSON ||
			 j[r].verdict == SIGNER_ERASED)
			snprintf(what, sizeof(what),
				 "accepted on purpose as theirs (recorded in "
				 "the audit trail)");
		else
			signers_describe(&j[r], what, sizeof(what));
		printf("  %s's key %s: %s\n",
		       agreement_role_name((enum ag_role)r), fp, what);
	}
}

/* Statuses that refuse one agreement and leave the others to import. */
static bool refuses_one(enum mp_status s)
{
	return s == MP_ERR_CONFLICT || s == MP_ERR_KEY_CONFLICT ||
	       s == MP_ERR_VERIFY || s == MP_ERR_INVALID;
}

/* Put each verified agreement in the store, judging its signers' keys by
 * the store's register; counts into done/already, refusals into im. */
static enum mp_status store_all(struct cli_ctx *ctx, struct import_run *im,
				size_t *done, size_t *already,
				struct mp_error *err)
{
	struct store *st = NULL;
	enum mp_status s = cli_open_store(ctx, &st, err);

	for (size_t i = 0; i < im->n && s == MP_OK; i++) {
		const struct agreement *ag = im->ags[i];
		struct signer_judgement j[2];
		bool there = false;

		progress(&im->prog, "mentorpact: imported %zu of %zu", i,
			 im->n);
		s = agreement_import_keys(st, im->ags[i],
					  *im->accept ? im->accept : NULL,
					  &there, j, err);
		if (refuses_one(s)) {
			im->refused++;
			mp_error_set(&im->last, s, "%s: %s", im->where[i],
				     err->message);
			printf("refused: %s\n", im->last.message);
			s = MP_OK;
		} else if (s != MP_OK) {
			break;
		} else if (there) {
			(*already)++;
			printf("agreement %s version %d is already in the "
			       "store; nothing was added\n",
			       ag->id, ag->version);
		} else {
			(*done)++;
			sessions_due_refresh(st, ag->id);
			print_imported(ag, j);
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

static int import_args(int argc, char **argv, struct import_run *im)
{
	static const struct option opts[] = {
	    {"accept-key", required_argument, NULL, 'a'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		size_t used;

		if (c != 'a')
			return cli_usage(IMPORT_CMD,
					 "unknown option or missing value '%s'",
					 argv[optind - 1]);
		used = sign_fingerprint_parse(optarg, im->accept);
		if (!used || optarg[used])
			return cli_usage(IMPORT_CMD,
					 "--accept-key takes a key's "
					 "fingerprint, 32 hex digits as "
					 "verify and import print it");
	}
	if (optind == argc)
		return cli_usage(IMPORT_CMD,
				 "give files, Maildir folders or mboxes (- "
				 "for standard input)");
	return 0;
}

int cli_mail_import(struct cli_ctx *ctx, int argc, char **argv)
{
	struct import_run im;
	struct mp_error err;
	size_t done = 0, already = 0;
	enum mp_status st;
	int rc;

	memset(&im, 0, sizeof(im));
	rc = import_args(argc, argv, &im);
	if (rc)
		return rc;
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
