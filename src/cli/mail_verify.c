/*
 * mail_verify.c - verify: what each signed agreement found says, whose
 * keys signed it (judged by a register of signers when one is given),
 * which lines of a changed text differ from the store's copy, and, with
 * --extract, the text and its signatures written out (see mail.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail.h"
#include "mentorpact/agreement.h"
#include "mentorpact/mail.h"
#include "mentorpact/render.h"
#include "mentorpact/signers.h"
#include "mentorpact/store.h"
#include "mentorpact/template.h"

extern const struct cli_command cli_export_commands[];
#define VERIFY_CMD (&cli_export_commands[1])

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
