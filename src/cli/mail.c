/*
 * mail.c - verify and import: signed agreements wherever mail put them.
 *
 * Each argument is a file (a plain text, a saved message or an mbox), a
 * Maildir folder (its cur/ and new/ messages) or "-" for standard input.
 * The core (mail_scan) finds each agreement and judges it; here verify
 * prints what it found, with the repairs named and the text around it
 * called unsigned, and import keeps every one that verifies.  verify
 * keeps apart whether a text is intact under its keys and whose keys
 * they are, which only a register of signers (a store's, or a keys file
 * with --keys) can say; import judges the keys by the store's register.
 * import reads everything first and asks for the store's passphrase only
 * when there is something to import; it ends with a summary when more
 * than one agreement or message was read.
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
#include "mentorpact/sign.h"
#include "mentorpact/signers.h"
#include "mentorpact/store.h"
#include "mentorpact/template.h"

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

/* --- what verify prints ------------------------------------------------ */

static void print_signer(const struct render_report *rep, int r,
			 const struct signer_judgement *j)
{
	const struct render_signer *s = &rep->signers[r];
	const char *role = agreement_role_name((enum ag_role)r);
	char fp[SIGN_FP_TEXT], what[512];

	if (s->good)
		printf("  %s  good      %s, signed %s, key %s\n", role,
		       s->tc.name, s->tc.time, s->keyid);
	else if (!s->present)
		printf("  %s  MISSING   no signature\n", role);
	else
		printf("  %s  NOT GOOD  see below\n", role);
	if (!s->key_read)
		return;
	sign_fingerprint_text(s->fp, fp);
	printf("          fingerprint %s\n", fp);
	if (j && s->good) {
		signers_describe(j, what, sizeof(what));
		printf("          %s\n", what);
	}
}

/* How the register judged both signers: 0 all trusted, 1 some unknown,
 * 2 some refused. */
static int judged_level(const struct signer_judgement j[2])
{
	int level = 0;

	for (int r = 0; r < 2; r++)
		if (j[r].verdict == SIGNER_UNKNOWN)
			level = level > 1 ? level : 1;
		else if (!signers_trusted(j[r].verdict))
			level = 2;
	return level;
}

static void print_unknown_advice(bool with_register)
{
	printf("The text is intact: it has not changed since these two keys "
	       "signed it.\n"
	       "But %s,\nso this does not show who signed: anyone can make "
	       "a key and sign under\nany name.  To check, read each "
	       "fingerprint above to its signer by another\nchannel (phone, "
	       "in person), or ask the programme lead; then verify\nwith "
	       "--keys FILE or --store STORE, where the keys are recorded\n"
	       "(mentorpact signers add).\n",
	       with_register ? "a key is not known in this register"
			     : "the keys are not known here (no register of "
			       "signers was given)");
}

/* What verify and import print about a file; j (may be NULL) says what
 * the register made of the keys. */
static void print_report(const char *path, const struct render_report *rep,
			 const struct signer_judgement *j, bool with_register)
{
	if (rep->body_read)
		printf("%s: %s %s version %d, %s (template %s)\n", path,
		       rep->status == MP_OK ? "agreement"
					    : "claims to be agreement",
		       rep->id, rep->version, rep->scheme, rep->scheme_id);
	else
		printf("%s: not readable as a mentorpact agreement\n", path);
	for (int r = 0; r < 2; r++)
		print_signer(rep, r, j ? &j[r] : NULL);
	if (rep->status != MP_OK) {
		printf("It does not verify:\n");
		for (size_t i = 0; i < rep->n_issues; i++)
			printf("  - %s\n", rep->issues[i].message);
		return;
	}
	if (!j)
		return;
	switch (judged_level(j)) {
	case 0:
		printf("Both signatures are good, and both keys are the "
		       "parties' own as the register\nknows them: this is the "
		       "text the mentor and the mentee signed.\n");
		break;
	case 1:
		print_unknown_advice(with_register);
		break;
	default:
		printf("The text is intact under these keys, but they are NOT "
		       "the keys on record\nfor the people it names: do not "
		       "take it as their agreement.\n");
	}
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
	struct cli_ctx *ctx;
	const char *extract; /* --extract DIR, or NULL */
	bool force;
	const char *keys; /* --keys FILE, or NULL */
	bool registered;  /* --register */
	bool have_reg;	  /* keys are judged by a register */
	bool reg_loaded;
	struct signers_register reg;
	struct store *st; /* --store, opened once when first needed */
	size_t good, bad, none, messages;
	size_t unknown, conflict; /* of the good: keys not known, not theirs */
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

/* The store of --store (or the default one for --register), opened at
 * its first use and kept open until verify ends. */
static enum mp_status verify_store(struct verify_run *v, struct mp_error *err)
{
	return v->st ? MP_OK : cli_open_store(v->ctx, &v->st, err);
}

/* The register verify judges with, read at the first text that holds: a
 * keys file, a store's (--store or --register), or none. */
static enum mp_status load_register(struct verify_run *v, struct mp_error *err)
{
	enum mp_status s = MP_OK;

	if (v->reg_loaded)
		return MP_OK;
	v->reg_loaded = true;
	if (v->keys) {
		char *text;
		size_t len;

		if ((s = template_read_file(v->keys, &text, &len, err)) !=
		    MP_OK)
			return s;
		s = signers_load_keys(text, len, &v->reg, err);
		free(text);
		if (s != MP_OK)
			mp_error_set(err, s, "%s: %s", v->keys, err->message);
		return s;
	}
	if (!v->have_reg)
		return MP_OK;
	s = verify_store(v, err);
	if (s == MP_OK)
		s = signers_load(v->st, &v->reg, err);
	return s;
}

/* --- which lines of a changed text differ --------------------------------- */

static bool text_changed(const struct render_report *rep)
{
	for (size_t i = 0; i < rep->n_issues; i++)
		if (rep->issues[i].kind == RENDER_CHANGED)
			return true;
	return false;
}

/* One differing line, its control characters shown as '?'. */
static void print_diff_line(const struct render_diff_line *d)
{
	size_t n = d->len > 200 ? 200 : d->len;

	printf("  line %zu %c ", d->line, d->sign);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)d->text[i];
		putchar(c < 0x20 || c == 0x7f ? '?' : c);
	}
	printf("%s\n", n < d->len ? " [...]" : "");
}

/* The lines of f's text that differ from the store's copy of the same
 * agreement and version (exported again, exactly as it was signed). */
static void print_diff(struct verify_run *v, const struct mail_found *f)
{
	const struct render_report *rep = &f->report;
	struct agreement *ag = NULL;
	struct render_diff d;
	struct mp_error err;
	char *orig = NULL;
	size_t len;

	if (verify_store(v, &err) != MP_OK ||
	    agreement_load(v->st, rep->id, rep->version, &ag, &err) != MP_OK ||
	    render_export(ag, &orig, &len, &err) != MP_OK) {
		printf("Which lines were changed cannot be told: the store "
		       "has no signed copy of\nagreement %s version %d to "
		       "compare with (%s).\n",
		       rep->id, rep->version, err.message);
		agreement_free(ag);
		return;
	}
	render_diff_lines(orig, len, f->text, f->len, &d);
	if (!d.n)
		printf("It is byte for byte the store's copy of agreement %s "
		       "version %d,\nwhich itself does not verify.\n",
		       rep->id, rep->version);
	else
		printf("Lines that differ from the store's copy of agreement "
		       "%s version %d\n(- the signed text, + this one):\n",
		       rep->id, rep->version);
	for (size_t i = 0; i < d.n; i++)
		print_diff_line(&d.lines[i]);
	if (d.removed + d.added > d.n)
		printf("  ... and %zu more line%s\n", d.removed + d.added - d.n,
		       d.removed + d.added - d.n == 1 ? "" : "s");
	free(orig);
	agreement_free(ag);
}

/* After "changed after it was signed": where, when it can be told. */
static void print_changed_lines(struct verify_run *v,
				const struct mail_found *f)
{
	if (!text_changed(&f->report))
		return;
	if (v->ctx->store_given && f->report.body_read) {
		print_diff(v, f);
		return;
	}
	printf("Which lines were changed cannot be told from the signatures "
	       "alone; verify\nwith --store STORE, a store holding the "
	       "signed original, lists them.\n");
}

/* The text holds but does not read back (its wording differs from the
 * template's): not intact as an agreement of that scheme. */
static void add_issue(struct render_report *rep, const char *message)
{
	struct render_issue *is;
	size_t n = strlen(message);

	rep->status = MP_ERR_VERIFY;
	if (rep->n_issues == RENDER_ISSUES_MAX)
		return;
	is = &rep->issues[rep->n_issues++];
	is->kind = RENDER_NOT_AGREEMENT;
	is->role = -1;
	if (n >= sizeof(is->message))
		n = sizeof(is->message) - 1;
	memcpy(is->message, message, n);
	is->message[n] = '\0';
}

/* Judge both signers of a text that holds against reg. */
static void judge_both(const struct signers_register *reg,
		       const struct render_report *rep,
		       const struct agreement *ag, struct signer_judgement j[2])
{
	for (int r = 0; r < 2; r++) {
		const char *email =
		    ag ? ag->parties[r].details[TPL_DETAIL_EMAIL]
		       : SIGNERS_EMAIL_UNKNOWN;
		const char *name =
		    ag ? ag->parties[r].details[TPL_DETAIL_NAME] : rep->names[r];

		signers_judge(reg, email, name, rep->signers[r].pk,
			      rep->signers[r].tc.time, &j[r]);
	}
}

/* A text that holds: whose keys, what was repaired, the extract. */
static enum mp_status verify_good(struct verify_run *v, struct mail_found *f,
				  const char *where)
{
	struct signer_judgement j[2];
	enum mp_status s = load_register(v, &v->err);

	if (s != MP_OK)
		return s;
	judge_both(&v->reg, &f->report, f->ag, j);
	print_report(where, &f->report, j, v->have_reg);
	if (f->report.template_missing)
		printf("The scheme's template (hash %.16s) is not installed "
		       "here, so the wording\nwas not checked against the "
		       "scheme's own words.\n",
		       f->report.tpl_hash);
	print_mail_notes(f);
	v->good++;
	switch (judged_level(j)) {
	case 1:
		v->unknown++;
		break;
	case 2:
		v->conflict++;
		break;
	default:
		break;
	}
	if (v->extract)
		return extract(v, f, &v->err);
	return MP_OK;
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
			print_report(where, &f->report, NULL, false);
		else
			printf("%s: no mentorpact agreement in it\n", where);
		return MP_OK;
	}
	if (f->status == MP_ERR_INVALID)
		add_issue(&f->report, f->invalid);
	if (f->status == MP_OK)
		return verify_good(v, f, where);
	print_report(where, &f->report, NULL, false);
	print_changed_lines(v, f);
	print_mail_notes(f);
	v->bad++;
	return MP_OK;
}

static int verify_args(int argc, char **argv, struct verify_run *v)
{
	static const struct option opts[] = {
	    {"extract", required_argument, NULL, 'x'},
	    {"force", no_argument, NULL, 'f'},
	    {"keys", required_argument, NULL, 'k'},
	    {"register", no_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'x')
			v->extract = optarg;
		else if (c == 'f')
			v->force = true;
		else if (c == 'k')
			v->keys = optarg;
		else if (c == 'r')
			v->registered = true;
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
	if (v->keys && v->registered)
		return cli_usage(VERIFY_CMD,
				 "give --keys FILE or --register, not both");
	return 0;
}

/* The exit status: 15 when any text does not verify (or none was
 * found), else 18 when a key is not the one on record, else 17 when a
 * key is not known, else 0. */
static int verify_end(struct verify_run *v, int n_args, const char *first)
{
	struct mp_error err;
	size_t found = v->good + v->bad;

	if (found > 1 || v->messages > 1 || n_args > 1)
		printf("%zu agreement%s verified, %zu did not verify, %zu "
		       "message%s or file%s held none\n",
		       v->good, v->good == 1 ? "" : "s", v->bad, v->none,
		       v->none == 1 ? "" : "s", v->none == 1 ? "" : "s");
	if (v->bad || !v->good) {
		if (n_args == 1 && found + v->none == 1)
			mp_error_set(&err, MP_ERR_VERIFY, "%s does not verify",
				     first);
		else if (!v->bad)
			mp_error_set(
			    &err, MP_ERR_VERIFY,
			    "no signed mentorpact agreement was found");
		else
			mp_error_set(&err, MP_ERR_VERIFY,
				     "%zu of the %zu agreements found do not "
				     "verify",
				     v->bad, found);
		return cli_fail(&err);
	}
	if (v->conflict && found == 1)
		mp_error_set(&err, MP_ERR_KEY_CONFLICT,
			     "%s is intact, but not under the keys on record "
			     "for the people it names",
			     first);
	else if (v->conflict)
		mp_error_set(&err, MP_ERR_KEY_CONFLICT,
			     "%zu of the agreements are intact, but not under "
			     "the keys on record for the people they name",
			     v->conflict);
	else if (v->unknown && found == 1)
		mp_error_set(&err, MP_ERR_UNKNOWN_KEY,
			     "%s is intact, but its signers' keys are not "
			     "known: it does not show who signed",
			     first);
	else if (v->unknown)
		mp_error_set(&err, MP_ERR_UNKNOWN_KEY,
			     "%zu of the agreements are intact, but their "
			     "signers' keys are not known: they do not show "
			     "who signed",
			     v->unknown);
	else
		return 0;
	return cli_fail(&err);
}

int cli_mail_verify(struct cli_ctx *ctx, int argc, char **argv)
{
	struct verify_run v;
	struct cli_templates *tpl = NULL;
	struct mp_error err;
	enum mp_status st = MP_OK;
	int rc;

	memset(&v, 0, sizeof(v));
	v.ctx = ctx;
	rc = verify_args(argc, argv, &v);
	if (rc)
		return rc;
	v.have_reg = v.keys || v.registered || ctx->store_given;
	/* without templates to hand the signatures can still be checked */
	if (cli_templates_open(&tpl, &err) != MP_OK)
		tpl = NULL;
	for (int i = optind; i < argc && st == MP_OK; i++)
		st = mail_scan_path(argv[i], tpl ? cli_templates_find : NULL,
				    tpl, verify_found, &v, &err);
	cli_templates_close(tpl);
	store_close(v.st);
	if (v.reg_loaded)
		signers_register_free(&v.reg);
	if (st != MP_OK && v.err.status != MP_OK)
		err = v.err;
	if (st != MP_OK)
		return cli_fail(&err);
	return verify_end(&v, argc - optind, argv[optind]);
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
