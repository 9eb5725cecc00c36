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

/* The session log's columns of one row of "list": held and planned ("" when
 * the scheme keeps no log; planned "" when not stated), the next meeting
 * and the earliest form due ("" when none). */
struct sessions_cols {
	char held[24], planned[24];
	char next[11], form[11];
};

/* The planned count of each template seen, so that listing costs one
 * template per template, not per agreement (sessions_show.c). */
struct sessions_cache;

/* Fill *out for agreement id (its newest version); *cache starts NULL. */
void sessions_cols(struct store *st, struct sessions_cache **cache,
		   const char *id, struct sessions_cols *out);
void sessions_cache_free(struct sessions_cache *cache);

#endif
