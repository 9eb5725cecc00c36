/*
 * signers.c - the register of signers (signers.h): which key is whose;
 * reading it and judging a key by it.
 *
 * Owns the table signers (schema 7, store.c).  Judging is done on the
 * register read whole into memory, so that a store's register and a keys
 * file are judged by the same code; a register holds one row per key a
 * store has met, a few thousand at most, read in one pass.  Changes to it
 * are in signers_change.c, the migration that fills it in
 * signers_backfill.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sign_internal.h"
#include "mentorpact/signers.h"
#include "mentorpact/store.h"
#include "mentorpact/unicode.h"

const char SIGNERS_EMAIL_UNKNOWN[] = "";

/* --- identities ----------------------------------------------------------- */

bool signers_identity(const char *email, const char *name, char ident[65])
{
	bool by_email = email && *email;
	char *key = uc_name_key(by_email ? email : name ? name : "");
	unsigned char h[32];
	crypto_generichash_state st;

	ident[0] = '\0';
	if (!key)
		return false;
	if (!*key) {
		free(key);
		return false;
	}
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st,
				  (const unsigned char *)(by_email ? "email:"
								   : "name:"),
				  by_email ? 6 : 5);
	crypto_generichash_update(&st, (const unsigned char *)key, strlen(key));
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(ident, 65, h, sizeof(h));
	free(key);
	return true;
}

bool signers_pubkey_fp(const char *pubkey_text, char fp[SIGN_FP_HEX])
{
	unsigned char keyid[SIGN_KEYID_BYTES], pk[SIGN_PK_BYTES];

	fp[0] = '\0';
	if (!pubkey_text || sign_pubkey_parse(pubkey_text, strlen(pubkey_text),
					      keyid, pk, NULL) != MP_OK)
		return false;
	sign_fingerprint(pk, fp);
	return true;
}

/* --- the register in memory ---------------------------------------------- */

static void entry_free(struct signer_entry *e)
{
	free(e->email);
	free(e->name);
	free(e->first_seen);
	free(e->source);
	free(e->agreement);
	free(e->retired);
	free(e->retired_why);
	free(e->erased);
}

void signers_register_free(struct signers_register *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		entry_free(&r->v[i]);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static struct signer_entry *reg_append(struct signers_register *r,
				       size_t *cap)
{
	if (r->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct signer_entry *v = realloc(r->v, ncap * sizeof(*v));

		if (!v)
			return NULL;
		r->v = v;
		*cap = ncap;
	}
	memset(&r->v[r->n], 0, sizeof(r->v[0]));
	return &r->v[r->n++];
}

static char *col_dup(sqlite3_stmt *q, int i, bool *nomem)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	char *s;

	if (!t)
		return NULL;
	s = strdup((const char *)t);
	if (!s)
		*nomem = true;
	return s;
}

static void read_entry(sqlite3_stmt *q, struct signer_entry *e, bool *nomem)
{
	snprintf(e->fp, sizeof(e->fp), "%s", sqlite3_column_text(q, 0));
	snprintf(e->ident, sizeof(e->ident), "%s", sqlite3_column_text(q, 1));
	e->email = col_dup(q, 2, nomem);
	e->name = col_dup(q, 3, nomem);
	e->first_seen = col_dup(q, 4, nomem);
	e->source = col_dup(q, 5, nomem);
	e->agreement = col_dup(q, 6, nomem);
	e->retired = col_dup(q, 7, nomem);
	e->retired_why = col_dup(q, 8, nomem);
	e->erased = col_dup(q, 9, nomem);
}

enum mp_status signers_load(struct store *st, struct signers_register *out,
			    struct mp_error *err)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	bool nomem = false;
	int rc = sqlite3_prepare_v2(
	    store_db(st),
	    "SELECT fp, ident, email, name, first_seen, source, agreement,"
	    " retired, retired_why, erased FROM signers ORDER BY rowid",
	    -1, &q, NULL);

	memset(out, 0, sizeof(*out));
	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading the signers", err);
	while (!nomem && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct signer_entry *e = reg_append(out, &cap);

		if (!e)
			nomem = true;
		else
			read_entry(q, e, &nomem);
	}
	sqlite3_finalize(q);
	if (nomem) {
		signers_register_free(out);
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	if (rc != SQLITE_DONE) {
		signers_register_free(out);
		return store_sqlite_error(st, rc, "reading the signers", err);
	}
	return MP_OK;
}

/* One line of a keys file into e: "FINGERPRINT  EMAIL-OR-NAME". */
static bool keys_line(const char *line, struct signer_entry *e)
{
	size_t used = sign_fingerprint_parse(line, e->fp);
	const char *who = line + used;
	size_t n;

	if (!used || (*who != ' ' && *who != '\t'))
		return false;
	while (*who == ' ' || *who == '\t')
		who++;
	n = strlen(who);
	while (n && (who[n - 1] == ' ' || who[n - 1] == '\t' ||
		     who[n - 1] == '\r'))
		n--;
	if (!n)
		return false;
	if (memchr(who, '@', n))
		e->email = strndup(who, n);
	else
		e->name = strndup(who, n);
	return (e->email || e->name) &&
	       signers_identity(e->email, e->name, e->ident);
}

enum mp_status signers_load_keys(const char *text, size_t len,
				 struct signers_register *out,
				 struct mp_error *err)
{
	size_t cap = 0, at = 0, lineno = 0;
	char line[1024];

	memset(out, 0, sizeof(*out));
	out->from_file = true;
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - text - at) : len - at;
		const char *p = line;
		struct signer_entry *e;

		lineno++;
		snprintf(line, sizeof(line), "%.*s",
			 (int)(n < sizeof(line) ? n : sizeof(line) - 1),
			 text + at);
		at += n + 1;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#' || *p == '\r')
			continue;
		if (n >= sizeof(line) || memchr(text + at - n - 1, '\0', n) ||
		    !(e = reg_append(out, &cap)) || !keys_line(p, e)) {
			signers_register_free(out);
			return mp_error_set(err, MP_ERR_INVALID,
					    "line %zu of the keys file is not a "
					    "fingerprint (32 hex digits) "
					    "followed by an email or a name",
					    lineno);
		}
		e->source = strdup("keys file");
	}
	return MP_OK;
}

/* --- judging ------------------------------------------------------------- */

bool signers_trusted(enum signer_verdict v)
{
	return v == SIGNER_KNOWN || v == SIGNER_RETIRED_BEFORE;
}

/* The entry of the key fp, or NULL. */
const struct signer_entry *reg_by_fp(const struct signers_register *reg,
				     const char *fp)
{
	for (size_t i = 0; i < reg->n; i++)
		if (!strcmp(reg->v[i].fp, fp))
			return &reg->v[i];
	return NULL;
}

/* The person's key in use, else (erased_ok) an erased one. */
const struct signer_entry *reg_by_ident(const struct signers_register *reg,
					const char *ident, bool erased)
{
	for (size_t i = 0; i < reg->n; i++) {
		const struct signer_entry *e = &reg->v[i];

		if (strcmp(e->ident, ident))
			continue;
		if (!erased && !e->retired && !e->erased)
			return e;
		if (erased && e->erased)
			return e;
	}
	return NULL;
}

/* The key is on record under another person, or under another name.
 * With the email not known (SIGNERS_EMAIL_UNKNOWN), by the name alone. */
static bool other_person(const struct signer_entry *e, const char *ident,
			 const char *email, const char *name)
{
	if (email == SIGNERS_EMAIL_UNKNOWN && e->email)
		return !e->name || !name || !uc_names_match(e->name, name);
	if (strcmp(e->ident, ident))
		return true;
	return e->name && name && *name && !uc_names_match(e->name, name);
}

static void judge_known_key(const struct signer_entry *e, const char *ident,
			    const char *email, const char *name,
			    const char *signed_at,
			    struct signer_judgement *out)
{
	if (e->erased) {
		out->verdict = SIGNER_ERASED;
		snprintf(out->known_fp, sizeof(out->known_fp), "%s", e->fp);
	} else if (other_person(e, ident, email, name)) {
		out->verdict = SIGNER_OTHER_PERSON;
		snprintf(out->known_who, sizeof(out->known_who), "%s%s%s%s",
			 e->name ? e->name : "", e->name && e->email ? " <" : "",
			 e->email ? e->email : "",
			 e->name && e->email ? ">" : "");
	} else if (e->retired) {
		out->verdict = signed_at && strcmp(signed_at, e->retired) < 0
				   ? SIGNER_RETIRED_BEFORE
				   : SIGNER_RETIRED_AFTER;
		snprintf(out->since, sizeof(out->since), "%s", e->retired);
	} else {
		out->verdict = SIGNER_KNOWN;
		snprintf(out->since, sizeof(out->since), "%s",
			 e->first_seen ? e->first_seen : "");
	}
}

void signers_judge(const struct signers_register *reg, const char *email,
		   const char *name, const unsigned char pk[SIGN_PK_BYTES],
		   const char *signed_at, struct signer_judgement *out)
{
	const struct signer_entry *e, *p;
	char ident[65];

	memset(out, 0, sizeof(*out));
	sign_fingerprint(pk, out->fp);
	signers_identity(email == SIGNERS_EMAIL_UNKNOWN ? NULL : email, name,
			 ident);
	if ((e = reg_by_fp(reg, out->fp))) {
		judge_known_key(e, ident, email, name, signed_at, out);
	} else if (*ident && (p = reg_by_ident(reg, ident, false))) {
		out->verdict = SIGNER_CHANGED;
		snprintf(out->known_fp, sizeof(out->known_fp), "%s", p->fp);
		snprintf(out->since, sizeof(out->since), "%s",
			 p->first_seen ? p->first_seen : "");
	} else if (*ident && (p = reg_by_ident(reg, ident, true))) {
		out->verdict = SIGNER_ERASED;
		snprintf(out->known_fp, sizeof(out->known_fp), "%s", p->fp);
	} else {
		out->verdict = SIGNER_UNKNOWN;
	}
}

void signers_describe(const struct signer_judgement *j, char *buf,
		      size_t size)
{
	char known[SIGN_FP_TEXT];

	sign_fingerprint_text(j->known_fp, known);
	switch (j->verdict) {
	case SIGNER_KNOWN:
		snprintf(buf, size, "known: this person's key, on record since %s",
			 j->since);
		break;
	case SIGNER_RETIRED_BEFORE:
		snprintf(buf, size,
			 "known: this person's key, retired on %s, after this "
			 "signature was made (as its signer dates it)",
			 j->since);
		break;
	case SIGNER_UNKNOWN:
		snprintf(buf, size, "NOT KNOWN: this key has never been seen "
				    "here");
		break;
	case SIGNER_CHANGED:
		snprintf(buf, size,
			 "NOT THEIR KEY: this person is known by the key %s",
			 known);
		break;
	case SIGNER_OTHER_PERSON:
		snprintf(buf, size,
			 "NOT THEIR KEY: this key is on record as %s's",
			 j->known_who);
		break;
	case SIGNER_RETIRED_AFTER:
		snprintf(buf, size,
			 "RETIRED: this key was retired on %s, before this "
			 "signature",
			 j->since);
		break;
	case SIGNER_ERASED:
		snprintf(buf, size,
			 "ERASED: this person was erased from this store "
			 "(their key was %s)",
			 known);
		break;
	}
}

enum mp_status signers_last_seen(struct store *st,
				 const struct signers_register *reg,
				 char (*last)[32], struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "SELECT pubkey, max(signed_at) FROM "
				    "signatures GROUP BY pubkey",
				    -1, &q, NULL);

	for (size_t i = 0; i < reg->n; i++)
		last[i][0] = '\0';
	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading the signatures",
					  err);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *at = (const char *)sqlite3_column_text(q, 1);
		const struct signer_entry *e;
		char fp[SIGN_FP_HEX];

		if (!at || !signers_pubkey_fp(
			       (const char *)sqlite3_column_text(q, 0), fp) ||
		    !(e = reg_by_fp(reg, fp)))
			continue;
		/* one key may appear under several pubkey texts */
		if (strcmp(at, last[e - reg->v]) > 0)
			snprintf(last[e - reg->v], 32, "%s", at);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE
		   ? MP_OK
		   : store_sqlite_error(st, rc, "reading the signatures", err);
}
