/*
 * agreements.h - what the agreement command files share: the command
 * table, new, set and confirm (agreements.c) with the helpers every
 * command uses; sign, end, review and recontract (agreements_life.c);
 * show and audit (agreements_show.c).
 */
#ifndef MENTORPACT_CLI_AGREEMENTS_H
#define MENTORPACT_CLI_AGREEMENTS_H

#include <getopt.h>
#include <stddef.h>

#include "cli.h"
#include "mentorpact/agreement.h"

#define CMD(name) (cli_find(name))

struct store;

/* --- agreements.c ------------------------------------------------------- */

/* Open the store and load agreement id; both must be closed by the caller. */
int open_agreement(struct cli_ctx *ctx, const char *id, struct store **st,
		   struct agreement **ag);

/* Free ag and close st (either may be NULL). */
void close_all(struct store *st, struct agreement *ag);

/* s ("mentor" or "mentee") into *out: 0, or cmd's usage error. */
int parse_role(const struct cli_command *cmd, const char *s,
	       enum ag_role *out);

/*
 * Read a value from path ("-": standard input), so that it never shows in
 * the process list as an argument would.  One final newline is dropped.
 * *out is malloc'd.  Returns 0, or the exit code after saying why.
 */
int read_value(const char *path, char **out);

/*
 * Parse a command taking one ID and options with a value each, whose
 * .val is 1 + the index of the slot in values that receives it.
 * Returns 0 with *id set, or the usage error's exit code.
 */
int id_with_options(const struct cli_command *cmd, int argc, char **argv,
		    const struct option *opts, const char **values,
		    const char **id);

/* --- the commands of agreements_life.c and agreements_show.c ------------ */

int cmd_sign(struct cli_ctx *ctx, int argc, char **argv);
int cmd_end(struct cli_ctx *ctx, int argc, char **argv);
int cmd_review(struct cli_ctx *ctx, int argc, char **argv);
int cmd_recontract(struct cli_ctx *ctx, int argc, char **argv);
int cmd_show(struct cli_ctx *ctx, int argc, char **argv);
int cmd_audit(struct cli_ctx *ctx, int argc, char **argv);

#endif
