/*
 * strength.h - how hard a passphrase is to guess, and the rule for a
 * signing passphrase.
 *
 * The estimate comes from zxcvbn (libzxcvbn), which looks for what
 * guessers try first: common words and names, keyboard walks, repeats,
 * sequences, dates, and the words of the agreement itself (the parties'
 * names and emails, passed as user_words).  Counting character classes,
 * as before, rated "Password1!" strong and a long, plain sentence weak.
 *
 * Scores follow zxcvbn's own scale, from the estimated number of guesses:
 *   0 very weak  under 10^3      2 fair  under 10^8
 *   1 weak       under 10^6      3 good  under 10^10
 *                                4 strong from 10^10
 * A signing passphrase must score at least PW_SIGNING_MIN_SCORE (strong):
 * the sealed signing key sits in a store that others (the other party,
 * the administrator) can copy and attack offline, and at a third of a
 * second per Argon2id guess on one core, 10^10 guesses take about a
 * century of one core's time.
 */
#ifndef MENTORPACT_STRENGTH_H
#define MENTORPACT_STRENGTH_H

#include <stddef.h>

#include "mentorpact/status.h"

#define PW_SIGNING_MIN_SCORE 4
#define PW_MIN_LENGTH 8

struct pw_strength {
	int score;        /* 0..4, as above */
	double bits;      /* zxcvbn's entropy estimate, log2 of the guesses */
	const char *word; /* "very weak" .. "strong" */
	/* What makes it guessable and what would help, in words; empty when
	 * there is nothing to say. */
	char advice[256];
};

/*
 * Rate the len bytes at pass (no NUL needed; the copy zxcvbn sees is kept
 * in guarded memory and wiped).  user_words, NULL-terminated or NULL,
 * are words that make a passphrase weak for this person: their names and
 * email.  Never fails: out of memory rates the passphrase 0.
 */
void pw_rate(const char *pass, size_t len, const char *const *user_words,
	     struct pw_strength *out);

/*
 * Check a new signing passphrase: at least PW_MIN_LENGTH characters,
 * a score of PW_SIGNING_MIN_SCORE, and not equal to the store's
 * passphrase (store_pass may be NULL when it is not known).  Returns
 * MP_OK, or MP_ERR_INVALID with a message that says why and what would
 * help.
 */
enum mp_status pw_check_signing(const char *pass, size_t len,
				const char *store_pass, size_t store_len,
				const char *const *user_words,
				struct mp_error *err);

#endif
