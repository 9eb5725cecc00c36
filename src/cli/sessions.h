/*
 * sessions.h - the session log on the command line (sessions.c): the
 * "session" command, and the summary that "show" prints.
 */
#ifndef MENTORPACT_CLI_SESSIONS_H
#define MENTORPACT_CLI_SESSIONS_H

struct store;
struct agreement;
struct cli_ctx;

/* session list ID [--format table|json] (sessions_show.c). */
int sessions_list(struct cli_ctx *ctx, int argc, char **argv);

/* Print ag's sessions held of planned, the next meeting and what is due
 * (nothing when its scheme keeps no records). */
void sessions_summary(struct store *st, const struct agreement *ag);

/* Note what is now due for agreement id (its latest version) after a
 * change of its state (sign, end, import); a failure is only warned
 * about: the change itself stands. */
void sessions_due_refresh(struct store *st, const char *id);

#endif
