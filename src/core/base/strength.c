/*
 * strength.c - passphrase strength from zxcvbn, and the signing
 * passphrase rule.  See mentorpact/strength.h.
 *
 * zxcvbn reads a NUL-terminated copy of the passphrase; that copy is kept
 * in guarded memory (sodium_malloc) and wiped.  zxcvbn's own working
 * memory is ordinary heap, freed when it returns: a known limit, shared
 * with every caller of the library.
 */
#include "mentorpact/strength.h"
#include "base_internal.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <zxcvbn.h>

/* log2 of zxcvbn's guess thresholds 10^3, 10^6, 10^8 and 10^10. */
static const double score_bits[] = {9.966, 19.932, 26.575, 33.219};
static const char *const score_words[] = {"very weak", "weak", "fair",
					  "good", "strong"};

#define MAX_USER_WORDS 32

/*
 * Split each of words on spaces, '@', '.', '-' and '_' into lower-case
 * tokens of at least 3 bytes, into buf (size cap), pointed to from tok
 * (NULL-terminated).  zxcvbn then catches "okafor2024" for Daniel Okafor.
 */
static void user_tokens(const char *const *words, char *buf, size_t cap,
			const char **tok)
{
	size_t o = 0, n = 0;

	for (; words && *words && n + 1 < MAX_USER_WORDS; words++) {
		for (const char *p = *words; *p && n + 1 < MAX_USER_WORDS;) {
			size_t k = strcspn(p, " @.-_");

			if (k >= 3 && o + k + 1 <= cap) {
				for (size_t i = 0; i < k; i++)
					buf[o + i] = (char)tolower(
					    (unsigned char)p[i]);
				buf[o + k] = '\0';
				tok[n++] = buf + o;
				o += k + 1;
			}
			p += k;
			p += *p != '\0';
		}
	}
	tok[n] = NULL;
}

/* Which kind of weakness covers the most of the passphrase. */
static ZxcTypeMatch_t main_weakness(const ZxcMatch_t *info)
{
	int cover[LONG_PWD_MATCH + 1] = {0};
	ZxcTypeMatch_t best = NON_MATCH;

	for (; info; info = info->Next) {
		int t = (int)info->Type & ~MULTIPLE_MATCH;

		if (t > BRUTE_MATCH && t <= LONG_PWD_MATCH)
			cover[t] += info->Length;
	}
	for (int t = DICTIONARY_MATCH; t <= LONG_PWD_MATCH; t++)
		if (cover[t] > (best == NON_MATCH ? 0 : cover[best]))
			best = (ZxcTypeMatch_t)t;
	return best;
}

static const char *weakness_words(ZxcTypeMatch_t t)
{
	switch (t) {
	case DICTIONARY_MATCH:
		return "it is made of common words or names";
	case DICT_LEET_MATCH:
		return "it is common words with look-alike swaps (0 for o), "
		       "which guessers try early";
	case USER_MATCH:
	case USER_LEET_MATCH:
		return "it contains a name or email from this agreement";
	case REPEATS_MATCH:
		return "it repeats characters or words";
	case SEQUENCE_MATCH:
		return "it contains a sequence such as abc or 1234";
	case SPATIAL_MATCH:
		return "it contains a keyboard pattern such as qwerty";
	case DATE_MATCH:
	case YEAR_MATCH:
		return "it contains a date or a year";
	default:
		return NULL;
	}
}

static void advise(struct pw_strength *out, size_t len,
		   const ZxcMatch_t *info)
{
	const char *why = weakness_words(main_weakness(info));

	out->advice[0] = '\0';
	if (out->score >= 4)
		return;
	if (len < PW_MIN_LENGTH)
		snprintf(out->advice, sizeof out->advice,
			 "It is shorter than %d characters. Use a few "
			 "uncommon words, with spaces between them.",
			 PW_MIN_LENGTH);
	else if (why)
		snprintf(out->advice, sizeof out->advice,
			 "Easy to guess: %s. Add another word or two that "
			 "do not belong together.",
			 why);
	else
		snprintf(out->advice, sizeof out->advice,
			 "Make it longer: add another word or two that do "
			 "not belong together.");
}

void pw_rate(const char *pass, size_t len, const char *const *user_words,
	     struct pw_strength *out)
{
	char tokbuf[512];
	const char *tok[MAX_USER_WORDS];
	char *copy = sodium_init() < 0 ? NULL : sodium_malloc(len + 1);
	ZxcMatch_t *info = NULL;

	memset(out, 0, sizeof *out);
	out->word = score_words[0];
	if (!copy) {
		advise(out, len, NULL);
		return;
	}
	memcpy(copy, pass, len);
	copy[len] = '\0';
	user_tokens(user_words, tokbuf, sizeof tokbuf, tok);
	out->bits = ZxcvbnMatch(copy, tok, &info);
	sodium_free(copy);
	for (int s = 0; s < 4 && out->bits >= score_bits[s]; s++)
		out->score = s + 1;
	out->word = score_words[out->score];
	advise(out, len, info);
	ZxcvbnFreeInfo(info);
	sodium_memzero(tokbuf, sizeof tokbuf);
}

enum mp_status pw_check_signing(const char *pass, size_t len,
				const char *store_pass, size_t store_len,
				const char *const *user_words,
				struct mp_error *err)
{
	struct pw_strength st;

	if (store_pass && store_len == len &&
	    sodium_memcmp(pass, store_pass, len) == 0)
		return mp_error_set(err, MP_ERR_INVALID,
			       "the signing passphrase is the store's "
			       "passphrase; choose one only you know, since "
			       "whoever opens the store could then sign as "
			       "you");
	pw_rate(pass, len, user_words, &st);
	if (len < PW_MIN_LENGTH || st.score < PW_SIGNING_MIN_SCORE)
		return mp_error_set(err, MP_ERR_INVALID,
			       "this signing passphrase is %s; a signing "
			       "passphrase must be strong. %s",
			       st.word, st.advice);
	return MP_OK;
}
