/*
 * agreements.c - making and changing agreements from the command line:
 * new, set, confirm, show, sign, end, recontract, audit (list is in
 * admin.c).  This file holds their table, the helpers they share and the
 * drafting commands new, set and confirm; sign, end, review and
 * recontract are in agreements_life.c, show and audit in
 * agreements_show.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreements.h"
#include "mentorpact/agreement.h"
#include "mentorpact/answers.h"
#include "mentorpact/store.h"
#include "mentorpact/template.h"

/* --- what every command uses ---------------------------------------------- */

/* Open the store and load agreement id; both must be closed by the caller. */
int open_agreement(struct cli_ctx *ctx, const char *id, struct store **st,
		   struct agreement **ag)
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

/* Free ag and close st (either may be NULL). */
void close_all(struct store *st, struct agreement *ag)
{
	agreement_free(ag);
	store_close(st);
}

/* s ("mentor" or "mentee") into *out: 0, or cmd's usage error. */
int parse_role(const struct cli_command *cmd, const char *s,
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
int read_value(const char *path, char **out)
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
int id_with_options(const struct cli_command *cmd, int argc, char **argv,
		    const struct option *opts, const char **values,
		    const char **id)
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
	 "end ID [--date D] [--by WHO] [--reason TEXT|--reason-file FILE] "
	 "[--early-reason TEXT|--early-reason-file FILE]",
	 "record that a relationship ended"},
	{"review", cmd_review, "review ID [--date D] [--note TEXT|--note-file FILE]",
	 "record that an active agreement's review was held"},
	{"recontract", cmd_recontract, "recontract ID",
	 "start the next version of an active agreement"},
	{"audit", cmd_audit, "audit [ID | --head | --check-head HEAD|FILE]",
	 "show the audit trail and verify its hash chain"},
	{NULL, NULL, NULL, NULL},
};
