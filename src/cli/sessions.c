/*
 * sessions.c - the session log from the command line:
 *
 *	session add ID --as ROLE --date D [--minutes N] [--how TEXT]
 *		[--next D] [--set FIELD=VALUE] [--set-file FIELD=FILE]
 *	session edit ID N --as ROLE [the same options]
 *	session withdraw ID N --as ROLE
 *	session list ID [--format table|json]
 *
 * Writing proves the writer with their signing passphrase, read as sign
 * reads it (--signing-passphrase-file, else a prompt; never argv).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreements.h"
#include "mentorpact/records.h"
#include "mentorpact/secret.h"
#include "sessions.h"

static int session_run(struct cli_ctx *ctx, int argc, char **argv);

const struct cli_command cli_session_commands[] = {
    {"session", session_run,
     "session add|edit|withdraw|list ID [N] [--as mentor|mentee] [--date D] "
     "[--minutes N] [--how TEXT] [--next D] [--set FIELD=VALUE] "
     "[--set-file FIELD=FILE] [--format table|json]",
     "the pair's session log: record, change, withdraw and list meetings"},
    {0},
};

#define SESSION (&cli_session_commands[0])
#define SET_MAX 64

/* What the options of add and edit gathered. */
struct entry_args {
	struct rec_entry in;
	const char *as;
	const char *fields[SET_MAX], *values[SET_MAX];
	char *owned[2 * SET_MAX]; /* split names and file contents */
	size_t n_owned;
};

static void entry_args_free(struct entry_args *a)
{
	for (size_t i = 0; i < a->n_owned; i++)
		free(a->owned[i]);
}

/* FIELD=VALUE (or FIELD=FILE when from_file) into the next --set. */
static int add_set(struct entry_args *a, const char *arg, bool from_file)
{
	const char *eq = strchr(arg, '=');
	char *name, *value = NULL;
	size_t k = a->in.n_set;
	int rc;

	if (!eq || eq == arg)
		return cli_usage(SESSION, "%s expects FIELD=%s, not '%s'",
				 from_file ? "--set-file" : "--set",
				 from_file ? "FILE" : "VALUE", arg);
	if (k == SET_MAX)
		return cli_usage(SESSION, "at most %d --set options", SET_MAX);
	name = strndup(arg, (size_t)(eq - arg));
	if (!name)
		return cli_usage(SESSION, "out of memory");
	a->owned[a->n_owned++] = name;
	if (from_file) {
		if ((rc = read_value(eq + 1, &value)))
			return rc;
		a->owned[a->n_owned++] = value;
	}
	a->fields[k] = name;
	a->values[k] = from_file ? value : eq + 1;
	a->in.n_set = k + 1;
	return 0;
}

/* Parse the options of add and edit after `want` positional words into
 * pos[]. */
static int parse_entry(int argc, char **argv, struct entry_args *a,
		       const char **pos, int want)
{
	static const struct option opts[] = {
	    {"as", required_argument, NULL, 'a'},
	    {"date", required_argument, NULL, 'd'},
	    {"minutes", required_argument, NULL, 'm'},
	    {"how", required_argument, NULL, 'h'},
	    {"next", required_argument, NULL, 'n'},
	    {"set", required_argument, NULL, 's'},
	    {"set-file", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0}};
	int c, rc, n = 0;

	memset(a, 0, sizeof(*a));
	a->in.fields = a->fields;
	a->in.values = a->values;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1 ||
	       optind < argc) {
		if (c == -1) { /* a positional word; go on after it */
			if (n == want)
				return cli_usage(SESSION, "unexpected '%s'",
						 argv[optind]);
			pos[n++] = argv[optind++];
			continue;
		}
		switch (c) {
		case 'a':
			a->as = optarg;
			break;
		case 'd':
			a->in.date = optarg;
			break;
		case 'm':
			a->in.minutes = optarg;
			break;
		case 'h':
			a->in.how = optarg;
			break;
		case 'n':
			a->in.next = optarg;
			break;
		case 's':
		case 'f':
			if ((rc = add_set(a, optarg, c == 'f')))
				return rc;
			break;
		default:
			return cli_usage(SESSION,
					 "unknown or incomplete "
					 "option '%s'",
					 argv[optind - 1]);
		}
	}
	if (n < want)
		return cli_usage(SESSION, want == 2 ? "expected ID and the "
						      "session's number"
						    : "expected ID");
	if (!a->as)
		return cli_usage(SESSION, "say who records it: --as mentor "
					  "or --as mentee");
	return 0;
}

static int parse_number(const char *s, long *n)
{
	char *end;

	*n = strtol(s, &end, 10);
	if (*s < '1' || *s > '9' || *end || *n < 1)
		return cli_usage(SESSION,
				 "'%s' is not a session number "
				 "(1, 2, ...): 'session list ID' shows them",
				 s);
	return 0;
}

static enum mp_status signing_passphrase(const struct cli_ctx *ctx,
					 struct mp_secret **out,
					 struct mp_error *err)
{
	if (ctx->signing_passphrase_file)
		return secret_read_file(ctx->signing_passphrase_file, out, err);
	return secret_read_tty("Signing passphrase: ", 0, out, err);
}

static void held_line(struct store *st, const struct agreement *ag)
{
	long held = 0, planned = records_planned(ag->tpl);
	struct mp_error err;

	if (records_held(st, ag->id, &held, NULL, &err) != MP_OK)
		return;
	if (planned)
		printf("%ld of %ld planned sessions held\n", held, planned);
	else
		printf("%ld sessions held (the scheme does not state how many "
		       "are planned)\n",
		       held);
}

/* add (n == 0) or edit (n > 0), withdraw (in NULL). */
static int write_entry(struct cli_ctx *ctx, const char *id, long n,
		       const char *as, const struct rec_entry *in)
{
	struct mp_secret *pass = NULL;
	struct agreement *ag;
	struct mp_error err;
	struct store *st;
	enum ag_role role;
	enum mp_status s;
	long made = n;
	int rc;

	if ((rc = parse_role(SESSION, as, &role)) ||
	    (rc = open_agreement(ctx, id, &st, &ag)))
		return rc;
	s = signing_passphrase(ctx, &pass, &err);
	if (s == MP_OK && !in)
		s = records_session_withdraw(st, ag, role, pass, n, &err);
	else if (s == MP_OK && n)
		s = records_session_edit(st, ag, role, pass, n, in, &err);
	else if (s == MP_OK)
		s = records_session_add(st, ag, role, pass, in, &made, &err);
	secret_free(pass);
	if (s != MP_OK) {
		rc = cli_fail(&err);
	} else {
		printf("%s: session %ld %s by the %s\n", ag->id, made,
		       !in ? "withdrawn"
		       : n ? "changed"
			   : "recorded",
		       agreement_role_name(role));
		held_line(st, ag);
	}
	close_all(st, ag);
	return rc;
}

static int session_write(struct cli_ctx *ctx, int argc, char **argv, int want)
{
	struct entry_args a;
	const char *pos[2] = {NULL, NULL};
	long n = 0;
	int rc = parse_entry(argc, argv, &a, pos, want);

	if (!rc && want == 2)
		rc = parse_number(pos[1], &n);
	if (!rc)
		rc = write_entry(ctx, pos[0], n, a.as, &a.in);
	entry_args_free(&a);
	return rc;
}

static int session_withdraw(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"as", required_argument, NULL, 1},
					     {NULL, 0, NULL, 0}};
	const char *as = NULL, *pos[2] = {NULL, NULL};
	int c, np = 0;
	long n;
	int rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1 ||
	       optind < argc) {
		if (c == 1) {
			as = optarg;
		} else if (c != -1) {
			return cli_usage(SESSION,
					 "unknown or incomplete "
					 "option '%s'",
					 argv[optind - 1]);
		} else if (np == 2) {
			return cli_usage(SESSION, "unexpected '%s'",
					 argv[optind]);
		} else {
			pos[np++] = argv[optind++];
		}
	}
	if (np < 2)
		return cli_usage(SESSION, "expected ID and the session's "
					  "number");
	if (!as)
		return cli_usage(SESSION, "say who withdraws it: --as mentor "
					  "or --as mentee");
	if ((rc = parse_number(pos[1], &n)))
		return rc;
	return write_entry(ctx, pos[0], n, as, NULL);
}

static int session_run(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";

	if (!strcmp(sub, "add"))
		return session_write(ctx, argc - 1, argv + 1, 1);
	if (!strcmp(sub, "edit"))
		return session_write(ctx, argc - 1, argv + 1, 2);
	if (!strcmp(sub, "withdraw"))
		return session_withdraw(ctx, argc - 1, argv + 1);
	if (!strcmp(sub, "list"))
		return sessions_list(ctx, argc - 1, argv + 1);
	return cli_usage(SESSION,
			 *sub ? "unknown session command '%s'"
			      : "say what to do: add, edit, "
				"withdraw or list%s",
			 sub);
}
