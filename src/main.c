/*
 * main.c - parse the global options and hand over to one command.
 *
 * Global options may stand before the command or among its arguments (up
 * to a "--"), so that "mentorpact init --passphrase-file F" and
 * "mentorpact --passphrase-file F init" mean the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "mentorpact/secret.h"
#include "mentorpact/store.h"
#include "mentorpact/version.h"
#include "plain/plain.h"
#include "tui/tui.h"

/* One command in the help: its usage, broken at spaces to fit 79
 * columns, and its summary on the line below. */
static void print_command(FILE *out, const struct cli_command *c)
{
	enum { WIDTH = 79 };
	const char *u = c->usage;
	int first = 1;

	while (*u) {
		size_t room = WIDTH - (first ? 2 : 4), n = strlen(u);

		if (n > room) {
			n = room;
			while (n > 0 && u[n] != ' ')
				n--;
			if (n == 0)
				n = strcspn(u, " ");
		}
		fprintf(out, "%s%.*s\n", first ? "  " : "    ", (int)n, u);
		first = 0;
		u += n;
		while (*u == ' ')
			u++;
	}
	fprintf(out, "        %s\n", c->summary);
}

static void print_help(FILE *out)
{
	fprintf(out,
		"mentorpact %s - make, sign and keep mentoring agreements\n\n"
		"usage: mentorpact [--store FILE] [--passphrase-file FILE]\n"
		"                  [--signing-passphrase-file FILE] COMMAND "
		"[ARGS]\n"
		"       mentorpact [--plain] (no command: the pair's way, "
		"full screen,\n"
		"                  or as a plain conversation for screen "
		"readers)\n\n"
		"commands:\n",
		MENTORPACT_VERSION);
	for (size_t t = 0; cli_command_tables[t]; t++)
		for (const struct cli_command *c = cli_command_tables[t];
		     c->name; c++)
			print_command(out, c);
	fprintf(out,
		"\nThe store is --store FILE, else $MENTORPACT_STORE, else\n"
		"$XDG_DATA_HOME/mentorpact/agreements.mpact.  Passphrases are "
		"read\nfrom the terminal, or from --passphrase-file FILE "
		"(or\n$MENTORPACT_PASSPHRASE_FILE); never from the command "
		"line.\nSee mentorpact(1) for exit codes and details.\n");
}

/* Take the value of a global option at argv[*i], "--opt V" or "--opt=V". */
static int take_value(int argc, char **argv, int *i, const char *name,
		      const char **value)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return 0;
	if (argv[*i][n] == '=') {
		*value = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "mentorpact: %s needs a value\n", name);
		exit(mp_status_exit_code(MP_ERR_USAGE));
	}
	*value = argv[++*i];
	return 1;
}

/* --plain: the screen-reader mode (plain/plain.h). */
static int plain_mode;

/* Remove the global options from argv into ctx; return the new argc. */
static int strip_globals(int argc, char **argv, struct cli_ctx *ctx)
{
	int out = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		if (take_value(argc, argv, &i, "--store", &ctx->store_path) ||
		    take_value(argc, argv, &i, "--passphrase-file",
			       &ctx->passphrase_file) ||
		    take_value(argc, argv, &i, "--signing-passphrase-file",
			       &ctx->signing_passphrase_file))
			continue;
		if (strcmp(argv[i], "--plain") == 0) {
			plain_mode = 1;
			continue;
		}
		argv[out++] = argv[i];
	}
	argv[out] = NULL;
	return out;
}

int main(int argc, char **argv)
{
	static char default_store[4096];
	struct cli_ctx ctx = {0};
	const struct cli_command *cmd;
	struct mp_error err;

	secret_protect_process(); /* before any secret is read */
	argc = strip_globals(argc, argv, &ctx);
	ctx.store_given = ctx.store_path != NULL;
	if (!ctx.passphrase_file)
		ctx.passphrase_file = getenv("MENTORPACT_PASSPHRASE_FILE");
	if (!ctx.store_path && getenv("MENTORPACT_STORE") &&
	    *getenv("MENTORPACT_STORE"))
		ctx.store_path = getenv("MENTORPACT_STORE");
	if (!ctx.store_path) {
		if (store_default_path(default_store, sizeof(default_store),
				       &err) != MP_OK)
			return cli_fail(&err);
		ctx.store_path = default_store;
	}

	if (argc < 2) {
		const char *term = getenv("TERM");
		if (plain_mode || (term && strcmp(term, "dumb") == 0))
			return plain_main(&ctx);
		return tui_main(&ctx);
	}
	if (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		print_help(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("mentorpact %s\n", MENTORPACT_VERSION);
		return 0;
	}
	cmd = cli_find(argv[1]);
	if (!cmd) {
		fprintf(stderr,
			"mentorpact: unknown command '%s'; "
			"'mentorpact --help' lists the commands\n",
			argv[1]);
		return mp_status_exit_code(MP_ERR_USAGE);
	}
	if (argc > 2 &&
	    (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
		printf("usage: mentorpact %s\n  %s\nSee mentorpact(1) for "
		       "details.\n",
		       cmd->usage, cmd->summary);
		return 0;
	}
	cli_getopt_reset();
	return cmd->run(&ctx, argc - 1, argv + 1);
}
