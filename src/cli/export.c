/*
 * export.c - the signed text of an agreement: export, verify, import.
 *
 * export writes agreement-ID-vN.txt (the body and its signature block),
 * or with --detached the body alone plus each signer's .minisig and .pub
 * for minisign.  Files are written whole to a temporary file in the same
 * folder and then put in place, never over an existing file without
 * --force.  verify needs no store; it keeps apart whether the text is
 * intact under its keys and whose keys they are, which only a register
 * of signers (a store's with --store, or a keys file with --keys) can
 * say.  import verifies first, then asks for the store's passphrase and
 * judges the keys by the store's register.
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
#define VERIFY_CMD (&cli_export_commands[1])
#define IMPORT_CMD (&cli_export_commands[2])

/* Larger than any agreement can be: ~100 fields of 10,000 characters. */
#define MAX_FILE (16u << 20)

/* The status for a file that cannot be opened. */
static enum mp_status open_status(int e)
{
	return e == ENOENT || e == ENOTDIR ? MP_ERR_NOT_FOUND
	       : e == EACCES		   ? MP_ERR_PERM
					   : MP_ERR_IO;
}

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

/* --- reading a signed file ----------------------------------------------- */

/* Read f to its end into *buf (malloc'd, NUL-terminated): 0, or an errno
 * value; EFBIG past MAX_FILE. */
static int slurp(FILE *f, char **buf, size_t *len)
{
	size_t cap = 0, n = 0;
	char *s = NULL;

	while (!feof(f)) {
		if (cap - n < 4096) {
			char *p = realloc(s, cap = cap ? cap * 2 : 65536);

			if (!p) {
				free(s);
				return ENOMEM;
			}
			s = p;
		}
		n += fread(s + n, 1, cap - n - 1, f);
		if (ferror(f) || n > MAX_FILE) {
			free(s);
			return ferror(f) ? EIO : EFBIG;
		}
	}
	if (!s && !(s = malloc(1)))
		return ENOMEM;
	s[n] = '\0';
	*buf = s;
	*len = n;
	return 0;
}

/* The whole of path ("-": standard input) into *text (malloc'd). */
static enum mp_status read_input(const char *path, char **text, size_t *len,
				 struct mp_error *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	int e;

	*text = NULL;
	if (!f)
		return mp_error_set(err, open_status(errno),
				    "cannot read %s: %s", path,
				    strerror(errno));
	e = slurp(f, text, len);
	if (f != stdin)
		fclose(f);
	if (e == EFBIG)
		return mp_error_set(err, MP_ERR_INVALID,
				    "%s is too large to be an agreement", path);
	if (e)
		return mp_error_set(err, e == ENOMEM ? MP_ERR_NOMEM : MP_ERR_IO,
				    "cannot read %s: %s", path, strerror(e));
	return MP_OK;
}

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

struct verify_opts {
	const char *keys, *path;
	bool registered;
};

static int verify_args(int argc, char **argv, struct verify_opts *o)
{
	static const struct option opts[] = {
	    {"keys", required_argument, NULL, 'k'},
	    {"register", no_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (c == 'k')
			o->keys = optarg;
		else if (c == 'r')
			o->registered = true;
		else
			return cli_usage(VERIFY_CMD,
					 "unknown option or missing value '%s'",
					 argv[optind - 1]);
	}
	if (argc - optind != 1)
		return cli_usage(VERIFY_CMD,
				 "give one file (- for standard input)");
	o->path = argv[optind];
	return 0;
}

/* The register verify judges with: a keys file, a store's, or none. */
static enum mp_status verify_register(struct cli_ctx *ctx,
				      const struct verify_opts *o,
				      struct signers_register *reg,
				      bool *have, struct mp_error *err)
{
	struct store *st = NULL;
	enum mp_status s = MP_OK;

	memset(reg, 0, sizeof(*reg));
	*have = o->keys || o->registered || ctx->store_given;
	if (o->keys) {
		char *text;
		size_t len;

		if ((s = read_input(o->keys, &text, &len, err)) != MP_OK)
			return s;
		s = signers_load_keys(text, len, reg, err);
		free(text);
		if (s != MP_OK)
			mp_error_set(err, s, "%s: %s", o->keys, err->message);
		return s;
	}
	if (!*have)
		return MP_OK;
	s = cli_open_store(ctx, &st, err);
	if (s == MP_OK)
		s = signers_load(st, reg, err);
	store_close(st);
	return s;
}

static enum mp_status parse_with_templates(const char *text, size_t len,
					   struct agreement **ag,
					   struct render_report *rep,
					   struct mp_error *err);

/* The text verifies but does not read back (its wording differs from the
 * template's): not intact as an agreement of that scheme. */
static void add_issue(struct render_report *rep, const char *message)
{
	rep->status = MP_ERR_VERIFY;
	if (rep->n_issues == RENDER_ISSUES_MAX)
		return;
	rep->issues[rep->n_issues].kind = RENDER_NOT_AGREEMENT;
	rep->issues[rep->n_issues].role = -1;
	char *to = rep->issues[rep->n_issues].message;
	size_t n = strlen(message);

	n = n < sizeof(rep->issues[0].message) ? n
					       : sizeof(rep->issues[0].message) - 1;
	memcpy(to, message, n);
	to[n] = '\0';
	rep->n_issues++;
}

/* Judge both signers of a verified text against reg. */
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

static int cmd_verify(struct cli_ctx *ctx, int argc, char **argv)
{
	struct verify_opts o = {0};
	struct signers_register reg;
	struct signer_judgement j[2];
	struct agreement *ag = NULL;
	struct render_report rep;
	struct mp_error err;
	bool have = false;
	char *text;
	size_t len;
	int rc = verify_args(argc, argv, &o);
	enum mp_status s;

	if (rc)
		return rc;
	if (read_input(o.path, &text, &len, &err) != MP_OK)
		return cli_fail(&err);
	s = parse_with_templates(text, len, &ag, &rep, &err);
	free(text);
	if (s == MP_ERR_INVALID && rep.status == MP_OK)
		add_issue(&rep, err.message);
	if (s == MP_ERR_NOMEM || (s != MP_OK && s != MP_ERR_VERIFY &&
				  s != MP_ERR_INVALID))
		return cli_fail(&err);
	if (rep.status == MP_OK &&
	    verify_register(ctx, &o, &reg, &have, &err) != MP_OK) {
		agreement_free(ag);
		return cli_fail(&err);
	}
	if (rep.status == MP_OK)
		judge_both(&reg, &rep, ag, j);
	print_report(o.path, &rep, rep.status == MP_OK ? j : NULL, have);
	if (rep.status == MP_OK && rep.template_missing)
		printf("The scheme's template (hash %.16s) is not installed "
		       "here, so the wording\nwas not checked against the "
		       "scheme's own words.\n",
		       rep.tpl_hash);
	agreement_free(ag);
	if (rep.status == MP_OK)
		signers_register_free(&reg);
	if (rep.status != MP_OK) {
		mp_error_set(&err, MP_ERR_VERIFY, "%s does not verify", o.path);
		return cli_fail(&err);
	}
	rc = judged_level(j);
	if (rc == 1)
		mp_error_set(&err, MP_ERR_UNKNOWN_KEY,
			     "%s is intact, but its signers' keys are not "
			     "known: it does not show who signed",
			     o.path);
	else if (rc == 2)
		mp_error_set(&err, MP_ERR_KEY_CONFLICT,
			     "%s is intact, but not under the keys on record "
			     "for the people it names",
			     o.path);
	return rc ? cli_fail(&err) : 0;
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
		struct template *t = NULL;

		if (template_load_file(e->shadowed[i], &t, NULL, NULL) != MP_OK)
			continue;
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

/* Check text and read it back with the installed template it names. */
static enum mp_status parse_with_templates(const char *text, size_t len,
					   struct agreement **ag,
					   struct render_report *rep,
					   struct mp_error *err)
{
	struct finder f = {NULL, NULL};
	struct tpl_path tp;
	enum mp_status s;

	*ag = NULL;
	memset(rep, 0, sizeof(*rep));
	s = template_search_path(&tp, err);
	if (s == MP_OK) {
		s = template_catalog_load(&tp, &f.cat, err);
		template_path_free(&tp);
	}
	if (s != MP_OK) {
		/* no templates to hand: the signatures can still be checked */
		return render_parse(text, len, NULL, NULL, NULL, rep, err);
	}
	s = render_parse(text, len, find_template, &f, ag, rep, err);
	template_free(f.loaded);
	template_catalog_free(f.cat);
	return s;
}

static enum mp_status parse_for_import(const char *path, const char *text,
				       size_t len, struct agreement **ag,
				       struct mp_error *err)
{
	struct render_report rep;
	enum mp_status s = parse_with_templates(text, len, ag, &rep, err);

	if (s == MP_ERR_VERIFY)
		print_report(path, &rep, NULL, false);
	if (s == MP_ERR_VERIFY)
		mp_error_set(err, s, "%s does not verify; nothing was imported",
			     path);
	else if (s == MP_OK && !*ag)
		s = mp_error_set(err, MP_ERR_NOT_FOUND,
				 "%s verifies, but it was made from the "
				 "template '%s' (%s) with hash %s, and no "
				 "installed template has that hash; install "
				 "that template and import again",
				 path, rep.scheme_id, rep.scheme, rep.tpl_hash);
	return s;
}

struct import_opts {
	char accept[SIGN_FP_HEX];
	const char *path;
};

static int import_args(int argc, char **argv, struct import_opts *o)
{
	static const struct option opts[] = {
	    {"accept-key", required_argument, NULL, 'a'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (c != 'a')
			return cli_usage(IMPORT_CMD,
					 "unknown option or missing value '%s'",
					 argv[optind - 1]);
		size_t used = sign_fingerprint_parse(optarg, o->accept);
		if (!used || optarg[used])
			return cli_usage(IMPORT_CMD,
					 "--accept-key takes a key's "
					 "fingerprint, 32 hex digits as "
					 "verify and import print it");
	}
	if (argc - optind != 1)
		return cli_usage(IMPORT_CMD,
				 "give one file (- for standard input)");
	o->path = argv[optind];
	return 0;
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

static int cmd_import(struct cli_ctx *ctx, int argc, char **argv)
{
	struct import_opts o = {{0}, NULL};
	struct signer_judgement j[2];
	struct agreement *ag = NULL;
	struct store *st = NULL;
	struct mp_error err;
	bool already = false;
	char *text;
	size_t len;
	int rc = import_args(argc, argv, &o);
	enum mp_status s;

	if (rc)
		return rc;
	if (read_input(o.path, &text, &len, &err) != MP_OK)
		return cli_fail(&err);
	s = parse_for_import(o.path, text, len, &ag, &err);
	free(text);
	if (s == MP_OK)
		s = cli_open_store(ctx, &st, &err);
	if (s == MP_OK)
		s = agreement_import_keys(st, ag, *o.accept ? o.accept : NULL,
					  &already, j, &err);
	if (s == MP_OK && already)
		printf("agreement %s version %d is already in the store; "
		       "nothing was added\n",
		       ag->id, ag->version);
	else if (s == MP_OK)
		print_imported(ag, j);
	rc = s == MP_OK ? 0 : cli_fail(&err);
	agreement_free(ag);
	store_close(st);
	return rc;
}

const struct cli_command cli_export_commands[] = {
    {"export", cmd_export, "export ID [-o FILE|-] [--detached DIR] [--force]",
     "write a signed agreement as text to email, or for minisign"},
    {"verify", cmd_verify, "verify [--keys FILE|--register] FILE",
     "check an exported agreement's signatures and whose keys they are"},
    {"import", cmd_import, "import [--accept-key FINGERPRINT] FILE",
     "verify an exported agreement and keep it in the store"},
    {NULL, NULL, NULL, NULL},
};
