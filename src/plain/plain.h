/*
 * plain.h - the screen-reader front end: the pair's whole way (first run,
 * a new agreement, each section's wording and questions, confirmations,
 * review, signing, export) as a linear conversation on standard input and
 * output.  No boxes, no cursor movement, no colour; every prompt ends in
 * a whole line.  It uses the core's public API only, with the same saves
 * as the wizard (agreement_set_keep after each answer).
 *
 * main.c starts it for --plain, and for TERM=dumb when no command is given.
 *
 * Passphrases are never echoed nor taken from argv: from the files named
 * by --passphrase-file / --signing-passphrase-file when given, else from
 * the terminal with echo off when standard input is one, else from the
 * conversation's input, one line each, read byte by byte straight into
 * guarded memory.
 */
#ifndef MENTORPACT_PLAIN_H
#define MENTORPACT_PLAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "mentorpact/status.h"

struct cli_ctx;
struct store;
struct tpl_catalog;
struct agreement;
struct mp_secret;

struct plain {
	const struct cli_ctx *ctx;
	struct store *st;
	struct tpl_catalog *cat;
	bool ended; /* the input ended, or a signal came: leave now */
};

/* Run the conversation; returns the process exit code. */
int plain_main(const struct cli_ctx *ctx);

/* --- input and output (plain_io.c) --------------------------------------- */

/* The longest line read; longer lines are refused whole. */
#define PLAIN_LINE_MAX 65536

/* Catch SIGHUP, SIGINT and SIGTERM so that a read in progress returns and
 * the conversation leaves cleanly; plain_io_finish acts on the signal
 * afterwards (re-raising it). */
void plain_io_start(void);
void plain_io_finish(void);

/* printf to standard output, flushed. */
void plain_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One line of input without its newline (malloc'd), or NULL when the
 * input ended or a signal came (then p->ended is set).  A line longer
 * than PLAIN_LINE_MAX is refused with a message and asked again. */
char *plain_read_line(struct plain *p);

/* Ask: print prompt as a whole line, then read a line (as above). */
char *plain_ask(struct plain *p, const char *prompt);

/*
 * A passphrase: from file when not NULL, else from the terminal (echo
 * off) when standard input is one, else the next line of input, read
 * into guarded memory.  what names it in the prompt ("the store's
 * passphrase").  With confirm, the terminal and the input ask twice and
 * the two must match.  Empty passphrases are refused.
 */
enum mp_status plain_read_secret(struct plain *p, const char *what,
				 const char *file, int confirm,
				 struct mp_secret **out, struct mp_error *err);

/* 1 for yes/y, 0 for no/n (any case, spaces trimmed), -1 otherwise. */
int plain_yes_no(const char *line);

/* Trim spaces at both ends in place; returns s. */
char *plain_trim(char *s);

/* --- one agreement (plain_walk.c, plain_sign.c) ------------------------- */

/* Walk ag from where the pair left off to signed and exported (or until
 * they quit).  Takes ownership of ag. */
void plain_agreement(struct plain *p, struct agreement *ag);

/* What the review step decided. */
enum plain_review {
	PLAIN_REVIEW_SIGNED, /* done: signed by both, exported */
	PLAIN_REVIEW_GOTO,   /* *step names where to go */
	PLAIN_REVIEW_QUIT,
};

/* Review ag: what still blocks it, or its whole text; then sign and
 * export.  n_steps is how many steps goto may name (0: the parties'
 * details, 1..n: sections). */
enum plain_review plain_review(struct plain *p, struct agreement **ag,
			       size_t n_steps, size_t *step);

#endif
