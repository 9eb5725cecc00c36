/*
 * agreements.c - making and changing agreements from the command line:
 * new, set, confirm, show, sign, end, recontract, audit (list is in
 * admin.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mentorpact/agreement.h"
#include "mentorpact/answers.h"
#include "mentorpact/audit.h"
#include "mentorpact/secret.h"
#include "mentorpact/signers.h"
#include "mentorpact/store.h"
#include "mentorpact/template.h"
#include "mentorpact/unicode.h"

#define CMD(name) (cli_find(name))

/* Open the store and load agreement id; both must be closed by the caller. */
static int open_agreement(struct cli_ctx *ctx, const char *id,
			  struct store **st, struct agreement **ag)
{
	struct mp_error err;

	*ag = NULL;
	if (cli_open_store(ctx, st, &err) != MP_OK)
		return cli_fail(&err);
	if (agreement_load(*st, id, 0, ag, &err) != MP_OK) {
		store_close(*st);
		return cli_fail(&err);
	}
	return 0;
}

static void close_all(struct store *st, struct agreement *ag)
{
	agreement_free(ag);
	store_close(st);
}

static int parse_role(const struct cli_command *cmd, const char *s,
		      enum ag_role *out)
{
	int r = s ? agreement_role_parse(s) : -1;

	if (r < 0)
		return cli_usage(cmd, "--as must be mentor or mentee");
	*out = (enum ag_role)r;
	return 0;
}

/* Values read from a file or standard input stop here: the longest
 * answer (a long text) is 10000 characters, at most 40000 bytes. */
#define VALUE_FILE_MAX (64 * 1024)

/*
 * Read a value from path ("-": standard input), so that it never shows in
 * the process list as an argument would.  One final newline is dropped.
 * *out is malloc'd.  Returns 0, or the exit code after saying why.
 */
static int read_value(const char *path, char **out)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *buf = malloc(VALUE_FILE_MAX + 2);
	size_t n = 0;
	struct mp_error err;

	*out = NULL;
	if (!f || !buf) {
		free(buf);
		if (!f)
			mp_error_set(&err, MP_ERR_NOT_FOUND,
				     "cannot read the value from %s: %s", path,
				     strerror(errno));
		else
			mp_error_set(&err, MP_ERR_NOMEM, NULL);
		if (f && f != stdin)
			fclose(f);
		return cli_fail(&err);
	}
	n = fread(buf, 1, VALUE_FILE_MAX + 1, f);
	if (ferror(f))
		mp_error_set(&err, MP_ERR_IO, "cannot read the value from %s",
			     path);
	else if (n > VALUE_FILE_MAX)
		mp_error_set(&err, MP_ERR_INVALID,
			     "the value in %s is longer than %d bytes; no "
			     "answer is that long",
			     strcmp(path, "-") ? path : "standard input",
			     VALUE_FILE_MAX);
	else if (memchr(buf, '\0', n))
		mp_error_set(&err, MP_ERR_INVALID,
			     "the value in %s holds a NUL byte: it is not text",
			     strcmp(path, "-") ? path : "standard input");
	else
		err.status = MP_OK;
	if (f != stdin)
		fclose(f);
	if (err.status != MP_OK) {
		free(buf);
		return cli_fail(&err);
	}
	if (n && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	*out = buf;
	return 0;
}

/*
 * Parse a command taking one ID and options with a value each, whose
 * .val is 1 + the index of the slot in values that receives it.
 * Returns 0 with *id set, or the usage error's exit code.
 */
static int id_with_options(const struct cli_command *cmd, int argc,
			   char **argv, const struct option *opts,
			   const char **values, const char **id)
{
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c < 1 || c == '?' || c == ':')
			return cli_usage(cmd, "unknown option '%s'",
					 argv[optind - 1]);
		values[c - 1] = optarg;
	}
	if (argc - optind != 1)
		return cli_usage(cmd, "expected ID");
	*id = argv[optind];
	return 0;
}

/* --- new ------------------------------------------------------------------ */

static int print_diags(const struct tpl_diags *d)
{
	char line[1200];

	for (size_t i = 0; i < d->count; i++)
		fprintf(stderr, "%s\n",
			template_diag_format(&d->items[i], line, sizeof(line)));
	return mp_status_exit_code(MP_ERR_INVALID);
}

static int cmd_new(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"scheme", required_argument, NULL, 's'},
		{"answers", required_argument, NULL, 'a'},
		{NULL, 0, NULL, 0}};
	const struct cli_command *cmd = CMD("new");
	const char *scheme = NULL, *answers_path = NULL;
	struct tpl_catalog *cat = NULL;
	struct tpl_diags diags = {0};
	struct answers *answers = NULL;
	const struct tpl_entry *e;
	struct agreement *ag = NULL;
	struct tpl_path path;
	struct mp_error err;
	struct store *st = NULL;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's')
			scheme = optarg;
		else if (c == 'a')
			answers_path = optarg;
		else
			return cli_usage(cmd, "unknown option '%s'",
					 argv[optind - 1]);
	}
	if (!scheme || optind != argc)
		return cli_usage(cmd, "say which scheme: --scheme ID "
				      "('mentorpact templates list')");
	if (template_search_path(&path, &err) != MP_OK)
		return cli_fail(&err);
	if (template_catalog_load(&path, &cat, &err) != MP_OK) {
		template_path_free(&path);
		return cli_fail(&err);
	}
	template_path_free(&path);
	e = template_catalog_find(cat, scheme);
	if (!e) {
		mp_error_set(&err, MP_ERR_NOT_FOUND,
			     "there is no scheme '%s'; 'mentorpact templates "
			     "list' shows the schemes",
			     scheme);
		rc = cli_fail(&err);
	} else if (answers_path &&
		   answers_load_file(answers_path, template_catalog_lookup, cat,
				     &answers, &diags, &err) != MP_OK) {
		rc = diags.count ? print_diags(&diags) : cli_fail(&err);
	} else if (answers && answers->tpl != e->tpl) {
		mp_error_set(&err, MP_ERR_INVALID,
			     "%s is an answers file for scheme '%s', not '%s'",
			     answers_path, answers->tpl->id, scheme);
		rc = cli_fail(&err);
	} else if (cli_open_store(ctx, &st, &err) != MP_OK ||
		   agreement_create(st, e->tpl, answers, &ag, &err) != MP_OK) {
		rc = cli_fail(&err);
	} else {
		printf("%s\n", ag->id);
		fprintf(stderr, "created agreement %s (%s), status %s\n",
			ag->id, e->tpl->name, agreement_status_name(ag->status));
	}
	template_diags_free(&diags);
	answers_free(answers);
	close_all(st, ag);
	template_catalog_free(cat);
	return rc;
}

/* --- set, confirm ------------------------------------------------------------ */

/*
 * The value of option name at argv[*i] ("--name VALUE" or "--name=VALUE"),
 * moving *i past it; NULL when argv[*i] is not that option.  *missing is
 * set when the option has no value.
 */
static const char *option_value(int argc, char **argv, int *i,
				const char *name, int *missing)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	*i += 1;
	return argv[*i];
}

/*
 * set's arguments.  Not getopt: a value may begin with '-' ("-0", "-5"),
 * so only the words set knows ("--as", "--value-file") are options and
 * every other word is an argument; "--" ends the options.
 */
static int set_args(const struct cli_command *cmd, int argc, char **argv,
		    const char **as, const char **file, const char *pos[3],
		    int *npos)
{
	int missing = 0, options = 1;

	*npos = 0;
	for (int i = 1; i < argc; i++) {
		const char *v;

		if (options && strcmp(argv[i], "--") == 0) {
			options = 0;
		} else if (options &&
			   (v = option_value(argc, argv, &i, "--as", &missing))) {
			*as = v;
		} else if (options && (v = option_value(argc, argv, &i,
							"--value-file",
							&missing))) {
			*file = v;
		} else if (missing) {
			return cli_usage(cmd, "'%s' needs a value", argv[i]);
		} else if (options && strncmp(argv[i], "--", 2) == 0) {
			return cli_usage(cmd, "unknown option '%s'", argv[i]);
		} else if (*npos < 3) {
			pos[(*npos)++] = argv[i];
		} else {
			return cli_usage(cmd, "expected ID FIELD VALUE");
		}
	}
	if (*npos != (*file ? 2 : 3))
		return cli_usage(cmd, *file ? "expected ID FIELD with "
					      "--value-file"
					    : "expected ID FIELD VALUE");
	return 0;
}

static int cmd_set(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *cmd = CMD("set");
	enum tpl_party by = TPL_BOTH;
	const char *pos[3] = {NULL, NULL, NULL}, *as = NULL, *file = NULL;
	char *from_file = NULL;
	struct ag_change change;
	struct agreement *ag;
	struct mp_error err;
	struct store *st;
	int npos, rc;

	if ((rc = set_args(cmd, argc, argv, &as, &file, pos, &npos)))
		return rc;
	if (as) {
		enum ag_role r = AG_MENTOR;
		if ((rc = parse_role(cmd, as, &r)))
			return rc;
		by = r == AG_MENTOR ? TPL_MENTOR : TPL_MENTEE;
	}
	if (file && (rc = read_value(file, &from_file)))
		return rc;
	if ((rc = open_agreement(ctx, pos[0], &st, &ag))) {
		free(from_file);
		return rc;
	}
	if (agreement_set(st, ag, pos[1], file ? from_file : pos[2], by,
			  &change, &err) != MP_OK) {
		rc = cli_fail(&err);
	} else {
		if (change.cleared_signatures)
			fprintf(stderr, "the signatures were cleared: the "
					"agreement changed, so both sign again\n");
		if (change.cleared_confirmations)
			fprintf(stderr, "the section's confirmations were "
					"cleared: confirm it again\n");
		printf("%s: %s\n", ag->id, agreement_status_name(ag->status));
	}
	free(from_file);
	close_all(st, ag);
	return rc;
}

static int cmd_confirm(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"as", required_argument, NULL, 'a'},
		{"withdraw", no_argument, NULL, 'w'},
		{NULL, 0, NULL, 0}};
	const struct cli_command *cmd = CMD("confirm");
	const char *as = NULL;
	struct agreement *ag;
	struct mp_error err;
	struct store *st;
	enum ag_role role = AG_MENTOR;
	int c, rc, sec, withdraw = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'a')
			as = optarg;
		else if (c == 'w')
			withdraw = 1;
		else
			return cli_usage(cmd, "unknown option '%s'",
					 argv[optind - 1]);
	}
	if (argc - optind != 2)
		return cli_usage(cmd, "expected ID SECTION");
	if ((rc = parse_role(cmd, as, &role)))
		return rc;
	if ((rc = open_agreement(ctx, argv[optind], &st, &ag)))
		return rc;
	sec = agreement_section_index(ag, argv[optind + 1]);
	if (sec < 0) {
		mp_error_set(&err, MP_ERR_NOT_FOUND,
			     "agreement %s has no section '%s'; 'mentorpact "
			     "show %s' lists them",
			     ag->id, argv[optind + 1], ag->id);
		rc = cli_fail(&err);
	} else if (agreement_confirm(st, ag, (size_t)sec, role, !withdraw,
				     &err) != MP_OK) {
		rc = cli_fail(&err);
	} else {
		printf("%s: %s\n", ag->id, agreement_status_name(ag->status));
	}
	close_all(st, ag);
	return rc;
}

/* --- show ------------------------------------------------------------------- */

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* Print a value that may span lines, each line after the first indented. */
/* v with invisible format characters (uc_hidden) shown as <U+XXXX>. */
static void print_value(const char *v, int indent)
{
	char *shown = uc_reveal(v);

	for (v = shown ? shown : v; v && *v; v++) {
		putchar(*v);
		if (*v == '\n' && v[1])
			printf("%*s", indent, "");
	}
	putchar('\n');
	free(shown);
}

/* ", " (unless first) and s, its invisible format characters shown. */
static void print_detail(const char *s, bool first)
{
	char *shown = uc_reveal(s);

	printf("%s%s", first ? "" : ", ", shown ? shown : s);
	free(shown);
}

static const char *confirm_words(unsigned bits)
{
	return bits == TPL_BOTH	    ? "mentor and mentee"
	       : bits == TPL_MENTOR ? "mentor"
	       : bits == TPL_MENTEE ? "mentee"
				    : "nobody yet";
}

/* What was typed for an answer and refused, kept until corrected. */
static void show_pending(const struct ag_pending *p, const char *what,
			 int indent)
{
	if (!p)
		return;
	printf("%*s%styped but not accepted: ", indent, "", what);
	print_value(p->text, indent + 2);
	printf("%*s(%s)\n", indent + 2, "", p->message ? p->message : "");
}

static void show_sections(const struct agreement *ag)
{
	const struct template *t = ag->tpl;

	for (size_t s = 0; s < t->n_sections; s++) {
		const struct tpl_section *S = &t->sections[s];
		printf("\n%zu. %s [%s]: needs %s, confirmed by %s\n", s + 1,
		       S->title, S->id, confirm_words(S->confirm),
		       confirm_words(ag->confirmed[s]));
		for (size_t i = 0; i < S->n_items; i++) {
			const struct tpl_field *f = S->items[i].field;
			if (S->items[i].kind != TPL_FIELD)
				continue;
			printf("   %s (%s%s): ", f->id,
			       template_type_name(f->type),
			       f->required ? ", required" : "");
			print_value(or_dash(agreement_value(ag, f->id)), 6);
			show_pending(agreement_pending(ag, f->id), "", 6);
		}
	}
}

static void show_party(const struct agreement *ag, enum ag_role r)
{
	const char *role = agreement_role_name(r);
	char key[32], what[48];

	printf("%s: ", r == AG_MENTOR ? "Mentor" : "Mentee");
	print_detail(or_dash(agreement_detail(ag, r, TPL_DETAIL_NAME)), true);
	for (int d = 1; d < TPL_DETAIL_COUNT; d++)
		if (agreement_detail(ag, r, (enum tpl_detail)d))
			print_detail(agreement_detail(ag, r, (enum tpl_detail)d),
				     false);
	printf("\n");
	for (int d = 0; d < TPL_DETAIL_COUNT; d++) {
		const char *name = template_detail_name((enum tpl_detail)d);
		snprintf(key, sizeof(key), "%s.%s", role, name);
		snprintf(what, sizeof(what), "%s, ", name);
		show_pending(agreement_pending(ag, key), what, 2);
	}
}

static int cmd_show(struct cli_ctx *ctx, int argc, char **argv)
{
	struct agreement *ag;
	struct store *st;
	char **problems;
	size_t n;
	int rc;

	if (argc != 2)
		return cli_usage(CMD("show"), "expected ID");
	if ((rc = open_agreement(ctx, argv[1], &st, &ag)))
		return rc;
	printf("Agreement %s version %d: %s (%s)\n", ag->id, ag->version,
	       ag->tpl->name, ag->tpl->id);
	printf("Status: %s%s\n", agreement_status_name(ag->status),
	       ag->imported ? " (imported)" : "");
	printf("Created %s, changed %s\n", or_dash(ag->created),
	       or_dash(ag->changed));
	if (ag->started)
		printf("Started %s; review due %s; planned end %s\n",
		       ag->started, or_dash(ag->review_due),
		       or_dash(ag->planned_end));
	if (ag->ended)
		printf("Ended %s by %s%s%s; kept until %s\n", ag->ended,
		       or_dash(ag->ended_by), ag->end_reason ? ": " : "",
		       ag->end_reason ? ag->end_reason : "",
		       or_dash(ag->kept_until));
	show_party(ag, AG_MENTOR);
	show_party(ag, AG_MENTEE);
	show_sections(ag);
	printf("\nSignatures:\n");
	for (int r = 0; r < 2; r++)
		if (ag->sigs[r].present)
			printf("  %s: %s, %s\n", agreement_role_name(r),
			       ag->sigs[r].name, ag->sigs[r].signed_at);
		else
			printf("  %s: not signed\n", agreement_role_name(r));
	n = agreement_problems(ag, &problems);
	if (n && (ag->status == AG_DRAFT || ag->n_pending)) {
		printf("\nBefore it can be signed:\n");
		for (size_t i = 0; i < n; i++)
			printf("  - %s\n", problems[i]);
	}
	agreement_problems_free(problems, n);
	close_all(st, ag);
	return 0;
}

/* --- sign ---------------------------------------------------------------------- */

static enum mp_status signing_passphrase(const struct cli_ctx *ctx,
					 int new_key, struct mp_secret **out,
					 struct mp_error *err)
{
	if (ctx->signing_passphrase_file)
		return secret_read_file(ctx->signing_passphrase_file, out, err);
	if (new_key)
		fprintf(stderr, "This is your first signature here: choose a "
				"signing passphrase only you know.\n");
	return secret_read_tty(new_key ? "New signing passphrase: "
				       : "Signing passphrase: ",
			       new_key, out, err);
}

static int cmd_sign(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"as", required_argument, NULL, 1},
		{"name", required_argument, NULL, 2},
		{NULL, 0, NULL, 0}};
	const struct cli_command *cmd = CMD("sign");
	const char *values[2] = {NULL, NULL}, *id;
	const char *as, *name;
	struct mp_secret *pass = NULL;
	struct agreement *ag;
	struct mp_error err;
	struct store *st;
	enum ag_role role = AG_MENTOR;
	char typed[256];
	int rc;

	if ((rc = id_with_options(cmd, argc, argv, opts, values, &id)))
		return rc;
	as = values[0];
	name = values[1];
	if ((rc = parse_role(cmd, as, &role)))
		return rc;
	if (!name) {
		if (cli_read_line_tty("Type your full name as it is written "
				      "in the agreement: ",
				      typed, sizeof(typed), &err) != MP_OK)
			return cli_fail(&err);
		name = typed;
	}
	if ((rc = open_agreement(ctx, id, &st, &ag)))
		return rc;
	if (signing_passphrase(ctx, !agreement_signer_has_key(st, ag, role),
			       &pass, &err) != MP_OK ||
	    agreement_sign(st, ag, role, name, pass, &err) != MP_OK) {
		rc = cli_fail(&err);
	} else {
		char fp[SIGN_FP_HEX], shown[SIGN_FP_TEXT];

		printf("%s: signed by the %s; %s\n", ag->id,
		       agreement_role_name(role),
		       ag->status == AG_ACTIVE
			       ? "signed by both: the agreement is active"
			       : "waiting for the other signature");
		if (signers_pubkey_fp(ag->sigs[role].pubkey, fp)) {
			sign_fingerprint_text(fp, shown);
			printf("Your key's fingerprint: %s\n"
			       "Give it to your programme lead (by phone, "
			       "letter or in person), so that\nyour signatures "
			       "can be told from anyone else's.\n",
			       shown);
		}
	}
	secret_free(pass);
	close_all(st, ag);
	return rc;
}

/* --- end, recontract ------------------------------------------------------------- */

static int cmd_end(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"date", required_argument, NULL, 1},
		{"by", required_argument, NULL, 2},
		{"reason", required_argument, NULL, 3},
		{"reason-file", required_argument, NULL, 4},
		{NULL, 0, NULL, 0}};
	const char *v[4] = {NULL, "both", NULL, NULL}, *id;
	const char *date, *by, *reason;
	char *from_file = NULL;
	struct agreement *ag;
	struct mp_error err;
	struct store *st;
	int rc;

	if ((rc = id_with_options(CMD("end"), argc, argv, opts, v, &id)))
		return rc;
	if (v[2] && v[3])
		return cli_usage(CMD("end"),
				 "give --reason or --reason-file, not both");
	if (v[3] && (rc = read_value(v[3], &from_file)))
		return rc;
	if ((rc = open_agreement(ctx, id, &st, &ag))) {
		free(from_file);
		return rc;
	}
	date = v[0];
	by = v[1];
	reason = from_file ? from_file : v[2];
	if (agreement_end(st, ag, date, by, reason, &err) != MP_OK)
		rc = cli_fail(&err);
	else
		printf("%s: ended %s by %s; records kept until %s\n", ag->id,
		       ag->ended, ag->ended_by,
		       ag->kept_until ? ag->kept_until
				      : "deleted (the scheme sets no limit)");
	free(from_file);
	close_all(st, ag);
	return rc;
}

static int cmd_review(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"date", required_argument, NULL, 1},
		{"note", required_argument, NULL, 2},
		{"note-file", required_argument, NULL, 3},
		{NULL, 0, NULL, 0}};
	const char *v[3] = {NULL, NULL, NULL}, *id;
	char *from_file = NULL;
	struct agreement *ag;
	struct mp_error err;
	struct store *st;
	int rc;

	if ((rc = id_with_options(CMD("review"), argc, argv, opts, v, &id)))
		return rc;
	if (v[1] && v[2])
		return cli_usage(CMD("review"),
				 "give --note or --note-file, not both");
	if (v[2] && (rc = read_value(v[2], &from_file)))
		return rc;
	if ((rc = open_agreement(ctx, id, &st, &ag))) {
		free(from_file);
		return rc;
	}
	if (agreement_review(st, ag, v[0], from_file ? from_file : v[1],
			     &err) != MP_OK)
		rc = cli_fail(&err);
	else
		printf("%s: review recorded; next review due %s\n", ag->id,
		       ag->review_due ? ag->review_due
				      : "never (the scheme sets no interval)");
	free(from_file);
	close_all(st, ag);
	return rc;
}

static int cmd_recontract(struct cli_ctx *ctx, int argc, char **argv)
{
	struct agreement *ag, *next = NULL;
	struct mp_error err;
	struct store *st;
	int rc;

	if (argc != 2)
		return cli_usage(CMD("recontract"), "expected ID");
	if ((rc = open_agreement(ctx, argv[1], &st, &ag)))
		return rc;
	if (agreement_recontract(st, ag, &next, &err) != MP_OK)
		rc = cli_fail(&err);
	else
		printf("%s: version %d made from version %d, as a draft\n",
		       next->id, next->version, ag->version);
	agreement_free(next);
	close_all(st, ag);
	return rc;
}

/* --- audit ---------------------------------------------------------------------- */

static void audit_row(void *ctx, const struct audit_entry *e)
{
	(void)ctx;
	printf("%6lld  %s  %-9s v%-2d %-13s %s%s%s\n", (long long)e->seq,
	       e->at, e->agreement ? e->agreement : "-", e->version, e->role,
	       e->action, e->detail ? ": " : "", e->detail ? e->detail : "");
}

/* Print the store's audit head, to keep outside it. */
static int audit_print_head(struct store *st)
{
	struct audit_head head;
	struct mp_error err;
	char line[AUDIT_HEAD_TEXT_MAX];

	if (audit_head_get(st, NULL, &head, NULL, &err) != MP_OK)
		return cli_fail(&err);
	audit_head_format(&head, line);
	printf("%s\n", line);
	return 0;
}

/* Compare the store with a head kept elsewhere: given as the line itself
 * or a file holding it (a saved head, report or backup output). */
static int audit_check_head(struct store *st, const char *given)
{
	struct audit_head kept, now;
	unsigned char at[32];
	struct mp_error err;
	char *text = NULL;
	size_t len;
	enum mp_status s;

	if (!strstr(given, "mentorpact audit head:") &&
	    template_read_file(given, &text, &len, &err) != MP_OK)
		return cli_fail(&err);
	s = audit_head_parse(text ? text : given, &kept, &err);
	free(text);
	if (s == MP_OK)
		s = audit_head_get(st, &kept, &now, at, &err);
	if (s != MP_OK)
		return cli_fail(&err);
	if (kept.seq && now.seq && memcmp(kept.store, now.store, 8) != 0) {
		mp_error_set(&err, MP_ERR_INVALID,
			     "this audit head is not this store's: it was "
			     "taken from another store (check the head you "
			     "kept for this store)");
		return cli_fail(&err);
	}
	if (kept.seq > now.seq) {
		mp_error_set(&err, MP_ERR_VERIFY,
			     "the store was rolled back: the kept head names "
			     "entry %lld, but this store's audit trail ends at "
			     "entry %lld, so %lld entries are missing (an older "
			     "copy of the store file was put back)",
			     (long long)kept.seq, (long long)now.seq,
			     (long long)(kept.seq - now.seq));
		return cli_fail(&err);
	}
	if (kept.seq && memcmp(at, kept.chain, 32) != 0) {
		mp_error_set(&err, MP_ERR_VERIFY,
			     "the store was rolled back and written since: its "
			     "entry %lld is not the one the kept head names",
			     (long long)kept.seq);
		return cli_fail(&err);
	}
	printf("the store holds the kept audit head (entry %lld) and %lld "
	       "entries since: it was not rolled back\n",
	       (long long)kept.seq, (long long)(now.seq - kept.seq));
	return 0;
}

static int cmd_audit(struct cli_ctx *ctx, int argc, char **argv)
{
	struct agreement *ag = NULL;
	struct mp_error err;
	struct store *st;
	int64_t n;
	int rc = 0;

	if (argc == 2 && !strcmp(argv[1], "--head")) {
		if (cli_open_store(ctx, &st, &err) != MP_OK)
			return cli_fail(&err);
		rc = audit_print_head(st);
		store_close(st);
		return rc;
	}
	if (argc >= 2 && !strcmp(argv[1], "--check-head")) {
		if (argc != 3)
			return cli_usage(CMD("audit"),
					 "--check-head needs the head line or "
					 "a file holding it");
		if (cli_open_store(ctx, &st, &err) != MP_OK)
			return cli_fail(&err);
		rc = audit_check_head(st, argv[2]);
		store_close(st);
		return rc;
	}
	if (argc > 2)
		return cli_usage(CMD("audit"), "expected at most one ID");
	if (argc == 2) {
		if ((rc = open_agreement(ctx, argv[1], &st, &ag)))
			return rc;
	} else if (cli_open_store(ctx, &st, &err) != MP_OK) {
		return cli_fail(&err);
	}
	if (audit_walk(st, ag ? ag->id : NULL, audit_row, NULL, &n, &err) !=
	    MP_OK)
		rc = cli_fail(&err);
	else
		printf("the audit trail holds %lld entries and its hash chain "
		       "is intact\n",
		       (long long)n);
	close_all(st, ag);
	return rc;
}

const struct cli_command cli_agreement_commands[] = {
	{"new", cmd_new, "new --scheme ID [--answers FILE]",
	 "start an agreement; prints its id"},
	{"set", cmd_set,
	 "set ID FIELD VALUE|--value-file FILE [--as mentor|mentee]",
	 "answer a field or a party's detail (mentor.name ...)"},
	{"confirm", cmd_confirm,
	 "confirm ID SECTION --as mentor|mentee [--withdraw]",
	 "confirm a section"},
	{"show", cmd_show, "show ID", "show an agreement and what it lacks"},
	{"sign", cmd_sign, "sign ID --as mentor|mentee [--name \"FULL NAME\"]",
	 "sign an agreement that is ready"},
	{"end", cmd_end,
	 "end ID [--date D] [--by WHO] [--reason TEXT|--reason-file FILE]",
	 "record that a relationship ended"},
	{"review", cmd_review, "review ID [--date D] [--note TEXT|--note-file FILE]",
	 "record that an active agreement's review was held"},
	{"recontract", cmd_recontract, "recontract ID",
	 "start the next version of an active agreement"},
	{"audit", cmd_audit, "audit [ID | --head | --check-head HEAD|FILE]",
	 "show the audit trail and verify its hash chain"},
	{NULL, NULL, NULL, NULL},
};
