/*
 * export.c - the signed text of an agreement, for email or minisign.
 *
 * export writes agreement-ID-vN.txt (the body and its signature block),
 * or with --detached the body alone plus each signer's .minisig and .pub
 * for minisign.  Files are written whole to a temporary file in the same
 * folder and then put in place, never over an existing file without
 * --force.  verify and import, which read such texts wherever mail put
 * them, are in mail_verify.c and mail_import.c (their report in mail.c);
 * the installed templates they look texts up in are opened here.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mentorpact/agreement.h"
#include "mentorpact/render.h"
#include "mentorpact/signers.h"
#include "mentorpact/store.h"
#include "mentorpact/template.h"

extern const struct cli_command cli_export_commands[];
#define EXPORT_CMD (&cli_export_commands[0])
/* --- export ------------------------------------------------------------- */

struct export_opts {
	const char *id, *output, *detached;
	bool force;
};

static int export_args(int argc, char **argv, struct export_opts *o)
{
	static const struct option opts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"detached", required_argument, NULL, 'd'},
	    {"force", no_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	const struct cli_command *cmd = EXPORT_CMD;
	int c;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, "o:f", opts, NULL)) != -1) {
		if (c == 'o')
			o->output = optarg;
		else if (c == 'd')
			o->detached = optarg;
		else if (c == 'f')
			o->force = true;
		else
			return cli_usage(cmd,
					 "unknown option or missing value "
					 "'%s'",
					 argv[optind - 1]);
	}
	if (argc - optind != 1)
		return cli_usage(cmd, "give one agreement id");
	if (o->output && o->detached)
		return cli_usage(cmd,
				 "give -o FILE or --detached DIR, not both");
	o->id = argv[optind];
	return 0;
}

/* Write ag where o says; *where says where, for the audit trail. */
static enum mp_status export_to(const struct agreement *ag,
				const struct export_opts *o, const char **where,
				struct mp_error *err)
{
	static char name[4200];
	struct render_files files;
	enum mp_status st;

	if (o->output && !strcmp(o->output, "-")) {
		*where = "standard output";
		st = render_export_files(ag, NULL, false, &files, err);
		if (st == MP_OK &&
		    (fwrite(files.files[0].data, 1, files.files[0].len,
			    stdout) != files.files[0].len ||
		     fflush(stdout) != 0))
			st = mp_error_set(err, MP_ERR_IO,
					  "cannot write to standard output");
		render_files_free(&files);
		return st;
	}
	st = render_export_files(ag, o->detached ? o->detached : o->output,
				 o->detached != NULL, &files, err);
	if (st == MP_OK)
		st = render_write_files(&files, o->force, err);
	for (size_t i = 0; i < files.n && st == MP_OK; i++)
		printf("wrote %s\n", files.files[i].path);
	if (st == MP_OK) {
		snprintf(name, sizeof(name), "%s",
			 o->detached ? o->detached : files.files[0].path);
		*where = name;
	}
	render_files_free(&files);
	return st;
}

static enum mp_status export_checks(const struct agreement *ag,
				    struct mp_error *err)
{
	if (!ag->body || (!ag->sigs[0].present && !ag->sigs[1].present))
		return mp_error_set(
		    err, MP_ERR_STATE,
		    "agreement %s version %d is not signed yet: "
		    "both parties sign it first (mentorpact "
		    "sign %s --as mentor|mentee)",
		    ag->id, ag->version, ag->id);
	if (!ag->sigs[0].present || !ag->sigs[1].present)
		fprintf(stderr,
			"mentorpact: warning: only the %s has signed "
			"agreement %s; the text will not verify until the %s "
			"signs too\n",
			ag->sigs[0].present ? "mentor" : "mentee", ag->id,
			ag->sigs[0].present ? "mentee" : "mentor");
	return MP_OK;
}

static int cmd_export(struct cli_ctx *ctx, int argc, char **argv)
{
	struct export_opts o = {0};
	struct agreement *ag = NULL;
	struct store *st = NULL;
	struct mp_error err;
	const char *where;
	int rc = export_args(argc, argv, &o);
	enum mp_status s;

	if (rc)
		return rc;
	s = cli_open_store(ctx, &st, &err);
	if (s == MP_OK)
		s = agreement_load(st, o.id, 0, &ag, &err);
	if (s == MP_OK)
		s = export_checks(ag, &err);
	if (s == MP_OK)
		s = export_to(ag, &o, &where, &err);
	if (s == MP_OK)
		s = agreement_note_export(st, ag, where, &err);
	rc = s == MP_OK ? 0 : cli_fail(&err);
	agreement_free(ag);
	store_close(st);
	return rc;
}

/* --- import --------------------------------------------------------------- */

/*
 * Finds the template by id and hash among the installed ones: the one in
 * use for that id, else a file it shadows (an older copy kept by an
 * administrator).  Templates loaded from shadowed files are kept here.
 */
struct finder {
	struct tpl_catalog *cat;
	struct template *loaded;
};

static const struct template *find_template(void *ctx, const char *scheme,
					    const char *hash)
{
	struct finder *f = ctx;
	const struct template *tpl =
	    render_catalog_lookup(f->cat, scheme, hash);
	const struct tpl_entry *e = template_catalog_find(f->cat, scheme);
	char have[TPL_HASH_HEX + 1];

	for (size_t i = 0; !tpl && e && i < e->n_shadowed; i++) {
		struct template *t = NULL, *then = NULL;

		if (template_load_file(e->shadowed[i], &t, NULL, NULL) != MP_OK)
			continue;
		/* the file as it is, or as it was before records */
		if (template_hash(t, have, NULL) != MP_OK || strcmp(have, hash))
			template_before_records(t, &then, NULL);
		if (then) {
			template_free(t);
			t = then;
		}
		if (template_hash(t, have, NULL) == MP_OK &&
		    !strcmp(have, hash)) {
			template_free(f->loaded);
			f->loaded = t;
			tpl = t;
		} else {
			template_free(t);
		}
	}
	return tpl;
}

/* --- for mail.c: the templates verify and import find ------------------ */

enum mp_status cli_templates_open(struct cli_templates **out,
				  struct mp_error *err)
{
	struct finder *f = calloc(1, sizeof(*f));
	struct tpl_path tp;
	enum mp_status s;

	*out = NULL;
	if (!f)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	s = template_search_path(&tp, err);
	if (s == MP_OK) {
		s = template_catalog_load(&tp, &f->cat, err);
		template_path_free(&tp);
	}
	if (s != MP_OK) {
		free(f);
		return s;
	}
	*out = (struct cli_templates *)f;
	return MP_OK;
}

const struct template *cli_templates_find(void *ctx, const char *scheme,
					  const char *hash)
{
	return find_template(ctx, scheme, hash);
}

void cli_templates_close(struct cli_templates *t)
{
	struct finder *f = (struct finder *)t;

	if (!f)
		return;
	template_free(f->loaded);
	template_catalog_free(f->cat);
	free(f);
}

const struct cli_command cli_export_commands[] = {
    {"export", cmd_export, "export ID [-o FILE|-] [--detached DIR] [--force]",
     "write a signed agreement as text to email, or for minisign"},
    {"verify", cli_mail_verify,
     "verify [--keys FILE|--register] [--extract DIR [--force]] "
     "FILE|MAILDIR|MBOX|-...",
     "check agreements in files, messages or mailboxes, and whose keys"},
    {"import", cli_mail_import,
     "import [--accept-key FINGERPRINT] FILE|MAILDIR|MBOX|-...",
     "verify the agreements found and keep them in the store"},
    {NULL, NULL, NULL, NULL},
};
