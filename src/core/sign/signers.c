/*
 * signers.c - the register of signers (signers.h): which key is whose.
 *
 * Owns the table signers (schema 7, store.c).  Judging is done on the
 * register read whole into memory, so that a store's register and a keys
 * file are judged by the same code; a register holds one row per key a
 * store has met, a few thousand at most, read in one pass.  Changes run
 * inside the caller's write transaction (import, signing, erase) or in
 * one of their own (add, retire), each with its audit entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sign_internal.h"
#include "mentorpact/audit.h"
#include "mentorpact/signers.h"
#include "mentorpact/store.h"
#include "mentorpact/unicode.h"

static const char *const actor = "administrator";

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

static const struct signer_entry *by_fp(const struct signers_register *reg,
					const char *fp)
{
	for (size_t i = 0; i < reg->n; i++)
		if (!strcmp(reg->v[i].fp, fp))
			return &reg->v[i];
	return NULL;
}

/* The person's key in use, else (erased_ok) an erased one. */
static const struct signer_entry *by_ident(const struct signers_register *reg,
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
	if ((e = by_fp(reg, out->fp))) {
		judge_known_key(e, ident, email, name, signed_at, out);
	} else if (*ident && (p = by_ident(reg, ident, false))) {
		out->verdict = SIGNER_CHANGED;
		snprintf(out->known_fp, sizeof(out->known_fp), "%s", p->fp);
		snprintf(out->since, sizeof(out->since), "%s",
			 p->first_seen ? p->first_seen : "");
	} else if (*ident && (p = by_ident(reg, ident, true))) {
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
		    !(e = by_fp(reg, fp)))
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

/* --- changing the register ------------------------------------------------ */

/* Insert a key; inside the caller's transaction. */
static enum mp_status insert_key(struct store *st, const char *fp,
				 const char *ident, const char *email,
				 const char *name, const char *first_seen,
				 const char *source, const char *agreement,
				 struct mp_error *err)
{
	const char *p[] = {fp,	       ident,  email && *email ? email : NULL,
			   name,       first_seen, source,
			   agreement};

	return ag_exec(st, "recording the signer's key",
		       "INSERT INTO signers(fp, ident, email, name, first_seen,"
		       " source, agreement) VALUES(?1,?2,?3,?4,?5,?6,?7)",
		       7, p, err);
}

static enum mp_status retire_key(struct store *st, const char *fp,
				 const char *at, const char *why,
				 struct mp_error *err)
{
	const char *p[] = {fp, at, why};

	return ag_exec(st, "retiring the signer's key",
		       "UPDATE signers SET retired = ?2, retired_why = ?3"
		       " WHERE fp = ?1 AND retired IS NULL",
		       3, p, err);
}

static enum mp_status audit_key(struct store *st, const char *id, int version,
				const char *action, const char *fp,
				const char *other, struct mp_error *err)
{
	char detail[160];

	if (other)
		snprintf(detail, sizeof(detail), "key %s in place of %s", fp,
			 other);
	else
		snprintf(detail, sizeof(detail), "key %s", fp);
	return audit_append(st, id, version, actor, action, detail, err);
}

/* Commit the caller's transaction when s is MP_OK, else roll it back. */
static enum mp_status in_transaction(struct store *st, enum mp_status s,
				     struct mp_error *err)
{
	if (s == MP_OK)
		return store_commit(st, err);
	store_rollback(st);
	return s;
}

enum mp_status signers_add(struct store *st, const char *fp_hex,
			   const char *email, const char *name,
			   struct mp_error *err)
{
	struct signers_register reg;
	const struct signer_entry *e;
	char ident[65], now[32], text[SIGN_FP_TEXT];
	enum mp_status s;

	if (!signers_identity(email, name, ident))
		return mp_error_set(err, MP_ERR_INVALID,
				    "give the person's email address, or their "
				    "name where the scheme has no email");
	if ((s = store_begin(st, err)) != MP_OK)
		return s;
	if ((s = signers_load(st, &reg, err)) != MP_OK) {
		store_rollback(st);
		return s;
	}
	sign_fingerprint_text(fp_hex, text);
	if (by_fp(&reg, fp_hex))
		s = mp_error_set(err, MP_ERR_EXISTS,
				 "the key %s is already in the register "
				 "('mentorpact signers list' shows it)",
				 text);
	else if ((e = by_ident(&reg, ident, false))) {
		char old[SIGN_FP_TEXT];

		sign_fingerprint_text(e->fp, old);
		s = mp_error_set(err, MP_ERR_KEY_CONFLICT,
				 "%s already has a key in use here, %s; if "
				 "it is lost or its passphrase forgotten, "
				 "retire it first: mentorpact signers retire "
				 "'%s'",
				 email && *email ? email : name, old, old);
	}
	signers_register_free(&reg);
	ag_now(now);
	if (s == MP_OK)
		s = insert_key(st, fp_hex, ident, email, name, now, "added",
			       NULL, err);
	if (s == MP_OK)
		s = audit_key(st, NULL, 0, "signer key added", fp_hex, NULL,
			      err);
	return in_transaction(st, s, err);
}

enum mp_status signers_retire(struct store *st, const char *fp_hex,
			      const char *at, const char *why,
			      struct mp_error *err)
{
	struct signers_register reg;
	const struct signer_entry *e;
	char now[32], text[SIGN_FP_TEXT];
	enum mp_status s;

	if ((s = store_begin(st, err)) != MP_OK)
		return s;
	if ((s = signers_load(st, &reg, err)) != MP_OK) {
		store_rollback(st);
		return s;
	}
	sign_fingerprint_text(fp_hex, text);
	e = by_fp(&reg, fp_hex);
	if (!e)
		s = mp_error_set(err, MP_ERR_NOT_FOUND,
				 "no key %s in this store's register "
				 "('mentorpact signers list' shows them)",
				 text);
	else if (e->retired)
		s = mp_error_set(err, MP_ERR_STATE,
				 "the key %s was already retired on %s", text,
				 e->retired);
	signers_register_free(&reg);
	ag_now(now);
	if (s == MP_OK)
		s = retire_key(st, fp_hex, at ? at : now, why, err);
	if (s == MP_OK)
		s = audit_key(st, NULL, 0, "signer key retired", fp_hex, NULL,
			      err);
	return in_transaction(st, s, err);
}

/* --- importing and signing ------------------------------------------------ */

static const char *who_of(const struct agreement *ag, enum ag_role role)
{
	const char *email = ag->parties[role].details[TPL_DETAIL_EMAIL];
	const char *name = ag->parties[role].details[TPL_DETAIL_NAME];

	return email && *email ? email : name ? name : "";
}

static void agreement_ref(const struct agreement *ag, char *buf, size_t size)
{
	snprintf(buf, size, "%s version %d", ag->id, ag->version);
}

/* The message of a refused import; MP_ERR_KEY_CONFLICT. */
static enum mp_status import_refused(const struct agreement *ag,
				     enum ag_role role,
				     const struct signer_judgement *j,
				     struct mp_error *err)
{
	char fp[SIGN_FP_TEXT], known[SIGN_FP_TEXT], what[400];
	bool acceptable = j->verdict == SIGNER_CHANGED ||
			  j->verdict == SIGNER_OTHER_PERSON ||
			  (j->verdict == SIGNER_ERASED &&
			   strcmp(j->fp, j->known_fp));

	sign_fingerprint_text(j->fp, fp);
	sign_fingerprint_text(j->known_fp, known);
	signers_describe(j, what, sizeof(what));
	if (!acceptable)
		return mp_error_set(err, MP_ERR_KEY_CONFLICT,
				    "the %s's key %s (%s): %s; nothing was "
				    "imported",
				    agreement_role_name(role), fp,
				    who_of(ag, role), what);
	return mp_error_set(
	    err, MP_ERR_KEY_CONFLICT,
	    "the %s (%s) signed with the key %s, but %s; nothing was "
	    "imported.  Check the new fingerprint with them by another "
	    "channel (phone, in person) or with the programme lead; if it "
	    "is theirs, accept it on purpose with: mentorpact import "
	    "--accept-key '%s' FILE",
	    agreement_role_name(role), who_of(ag, role), fp, what, fp);
}

/* Accept the key of a CHANGED, OTHER_PERSON or ERASED judgement. */
static enum mp_status accept_key(struct store *st, const struct agreement *ag,
				 enum ag_role role, const char *ident,
				 const struct signers_register *reg,
				 const struct signer_judgement *j,
				 struct mp_error *err)
{
	const char *email = ag->parties[role].details[TPL_DETAIL_EMAIL];
	const char *name = ag->parties[role].details[TPL_DETAIL_NAME];
	const struct signer_entry *p = by_ident(reg, ident, false);
	char now[32], ref[64];
	enum mp_status s = MP_OK;

	ag_now(now);
	agreement_ref(ag, ref, sizeof(ref));
	if (p && strcmp(p->fp, j->fp))
		s = retire_key(st, p->fp, now, "replaced by an accepted key",
			       err);
	if (s == MP_OK && j->verdict == SIGNER_OTHER_PERSON) {
		const char *q[] = {j->fp, ident, email && *email ? email : NULL,
				   name};
		s = ag_exec(st, "accepting the signer's key",
			    "UPDATE signers SET ident = ?2, email = ?3,"
			    " name = ?4 WHERE fp = ?1",
			    4, q, err);
	} else if (s == MP_OK) {
		s = insert_key(st, j->fp, ident, email, name, now, "accepted",
			       ref, err);
	}
	if (s == MP_OK)
		s = audit_key(st, ag->id, ag->version, "signer key accepted",
			      j->fp,
			      p && strcmp(p->fp, j->fp) ? p->fp
			      : *j->known_fp	       ? j->known_fp
						       : NULL,
			      err);
	return s;
}

enum mp_status signers_import_check(struct store *st,
				    const struct agreement *parsed,
				    enum ag_role role, const char *accept_fp,
				    struct signer_judgement *out,
				    struct mp_error *err)
{
	const char *email = parsed->parties[role].details[TPL_DETAIL_EMAIL];
	const char *name = parsed->parties[role].details[TPL_DETAIL_NAME];
	unsigned char keyid[SIGN_KEYID_BYTES], pk[SIGN_PK_BYTES];
	const struct ag_signature *g = &parsed->sigs[role];
	struct signers_register reg;
	char ident[65], ref[64];
	enum mp_status s;

	memset(out, 0, sizeof(*out));
	s = sign_pubkey_parse(g->pubkey, strlen(g->pubkey), keyid, pk, err);
	if (s != MP_OK)
		return s;
	if (!signers_identity(email, name, ident))
		return mp_error_set(err, MP_ERR_INVALID,
				    "the %s has neither an email nor a name",
				    agreement_role_name(role));
	if ((s = signers_load(st, &reg, err)) != MP_OK)
		return s;
	signers_judge(&reg, email, name, pk, g->signed_at, out);
	agreement_ref(parsed, ref, sizeof(ref));
	if (out->verdict == SIGNER_UNKNOWN)
		s = insert_key(st, out->fp, ident, email, name, g->signed_at,
			       "imported", ref, err);
	else if (signers_trusted(out->verdict))
		s = MP_OK;
	else if (accept_fp && !strcmp(accept_fp, out->fp) &&
		 (out->verdict == SIGNER_CHANGED ||
		  out->verdict == SIGNER_OTHER_PERSON ||
		  (out->verdict == SIGNER_ERASED &&
		   strcmp(out->fp, out->known_fp))))
		s = accept_key(st, parsed, role, ident, &reg, out, err);
	else
		s = import_refused(parsed, role, out, err);
	signers_register_free(&reg);
	return s;
}

enum mp_status signers_refused(const char *who,
			       const struct signer_judgement *j,
			       struct mp_error *err)
{
	char fp[SIGN_FP_TEXT], known[SIGN_FP_TEXT];

	sign_fingerprint_text(j->fp, fp);
	sign_fingerprint_text(j->known_fp, known);
	switch (j->verdict) {
	case SIGNER_CHANGED:
		return mp_error_set(
		    err, MP_ERR_KEY_CONFLICT,
		    "this store knows %s by the key %s, but the signing "
		    "passphrase typed gives the key %s; nothing was signed.  "
		    "Type the passphrase of your key; if your key is in a key "
		    "file, bring it in with 'mentorpact key import FILE'; if "
		    "it is lost, the administrator must first retire it "
		    "(mentorpact signers retire '%s')",
		    who, known, fp, known);
	case SIGNER_ERASED:
		return mp_error_set(err, MP_ERR_KEY_CONFLICT,
				    "%s was erased from this store, with their "
				    "key %s; nobody can sign as them here with "
				    "a new key (the administrator can add the "
				    "key they give: mentorpact signers add)",
				    who, known);
	case SIGNER_OTHER_PERSON:
		return mp_error_set(err, MP_ERR_KEY_CONFLICT,
				    "the key %s belongs to %s in this store, "
				    "not to %s; nothing was signed",
				    fp, j->known_who, who);
	default:
		return mp_error_set(err, MP_ERR_KEY_CONFLICT,
				    "the key %s was retired on %s and can no "
				    "longer sign; nothing was signed",
				    fp, j->since);
	}
}

enum mp_status signers_sign_check(struct store *st,
				  const struct agreement *ag,
				  enum ag_role role,
				  const unsigned char pk[SIGN_PK_BYTES],
				  struct mp_error *err)
{
	const char *email = ag->parties[role].details[TPL_DETAIL_EMAIL];
	const char *name = ag->parties[role].details[TPL_DETAIL_NAME];
	struct signer_judgement j;
	struct signers_register reg;
	char ident[65], now[32], ref[64], other[SIGN_FP_HEX];
	enum mp_status s;

	if (!signers_identity(email, name, ident))
		return mp_error_set(err, MP_ERR_INVALID,
				    "the %s has neither an email nor a name",
				    agreement_role_name(role));
	if ((s = signers_load(st, &reg, err)) != MP_OK)
		return s;
	ag_now(now);
	signers_judge(&reg, email, name, pk, now, &j);
	signers_register_free(&reg);
	if (ag->sigs[!role].present &&
	    signers_pubkey_fp(ag->sigs[!role].pubkey, other) &&
	    !strcmp(other, j.fp))
		return mp_error_set(err, MP_ERR_KEY_CONFLICT,
				    "this key already signed as the %s: one "
				    "key never signs for both parties; "
				    "nothing was signed",
				    agreement_role_name(!role));
	if (j.verdict == SIGNER_KNOWN)
		return MP_OK;
	if (j.verdict != SIGNER_UNKNOWN)
		return signers_refused(who_of(ag, role), &j, err);
	agreement_ref(ag, ref, sizeof(ref));
	return insert_key(st, j.fp, ident, email, name, now, "signed here", ref,
			  err);
}

enum mp_status signers_erase(struct store *st, const char *email,
			     const char *name, long *n, struct mp_error *err)
{
	char ident[65], now[32];
	const char *p[] = {ident, now};
	enum mp_status s;

	*n = 0;
	if (!signers_identity(email, name, ident))
		return MP_OK;
	ag_now(now);
	s = ag_exec(st, "erasing the signer's keys",
		    "UPDATE signers SET email = NULL, name = NULL,"
		    " erased = ?2 WHERE ident = ?1 AND erased IS NULL",
		    2, p, err);
	if (s == MP_OK)
		*n = (long)sqlite3_changes(store_db(st));
	return s;
}

/* --- the migration -------------------------------------------------------- */

/* The first column of a one-parameter query into out (size bytes), or "". */
static enum mp_status lookup(struct store *st, const char *sql,
			     const char *param, char *out, size_t size,
			     struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL);

	out[0] = '\0';
	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "upgrading the schema", err);
	sqlite3_bind_text(q, 1, param, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		snprintf(out, size, "%s", sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
		       ? MP_OK
		       : store_sqlite_error(st, rc, "upgrading the schema",
					    err);
}

static enum mp_status backfill_one(struct store *st, sqlite3_stmt *q,
				   struct mp_error *err)
{
	int mentee = !strcmp((const char *)sqlite3_column_text(q, 0), "mentee");
	const char *pub = (const char *)sqlite3_column_text(q, 1);
	const char *at = (const char *)sqlite3_column_text(q, 2);
	const char *email = (const char *)sqlite3_column_text(q, 3 + 2 * mentee);
	const char *name = (const char *)sqlite3_column_text(q, 4 + 2 * mentee);
	char fp[SIGN_FP_HEX], ident[65], ref[64], have[SIGN_FP_HEX];
	enum mp_status s;

	if (!signers_pubkey_fp(pub, fp) ||
	    !signers_identity(email, name, ident))
		return MP_OK;
	s = lookup(st, "SELECT fp FROM signers WHERE fp = ?1", fp, have,
		   sizeof(have), err);
	if (s != MP_OK || *have)
		return s;
	s = lookup(st,
		   "SELECT fp FROM signers WHERE ident = ?1"
		   " AND retired IS NULL AND erased IS NULL",
		   ident, have, sizeof(have), err);
	if (s == MP_OK && *have)
		s = retire_key(st, have, at, "another key was met later", err);
	snprintf(ref, sizeof(ref), "%s version %d", sqlite3_column_text(q, 7),
		 sqlite3_column_int(q, 8));
	if (s == MP_OK)
		s = insert_key(st, fp, ident, email, name, at,
			       "met before the register", ref, err);
	return s;
}

enum mp_status signers_backfill(struct store *st, struct mp_error *err)
{
	enum mp_status s = MP_OK;
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(
	    store_db(st),
	    "SELECT s.role, s.pubkey, s.signed_at, a.mentor_email,"
	    " a.mentor_name, a.mentee_email, a.mentee_name, a.id, a.version"
	    " FROM signatures s JOIN agreements a ON a.rowid = s.agreement"
	    " ORDER BY s.signed_at, a.rowid, s.role",
	    -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "upgrading the schema", err);
	while (s == MP_OK && (rc = sqlite3_step(q)) == SQLITE_ROW)
		s = backfill_one(st, q, err);
	sqlite3_finalize(q);
	if (s == MP_OK && rc != SQLITE_DONE)
		s = store_sqlite_error(st, rc, "upgrading the schema", err);
	return s;
}

/* --- forgetting ---------------------------------------------------------- */

static int cmp_ident(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The identities every agreement left names, sorted, into *out (n). */
static enum mp_status named_identities(struct store *st, char (**out)[65],
				       size_t *n, struct mp_error *err)
{
	size_t cap = 0;
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(
	    store_db(st),
	    "SELECT mentor_email, mentor_name, mentee_email, mentee_name"
	    " FROM agreements",
	    -1, &q, NULL);

	*out = NULL;
	*n = 0;
	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading the store", err);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		for (int r = 0; r < 2; r++) {
			if (*n == cap) {
				size_t ncap = cap ? cap * 2 : 64;
				char(*v)[65] = realloc(*out, ncap * 65);

				if (!v) {
					sqlite3_finalize(q);
					return mp_error_set(err, MP_ERR_NOMEM,
							    NULL);
				}
				*out = v;
				cap = ncap;
			}
			if (signers_identity(
				(const char *)sqlite3_column_text(q, 2 * r),
				(const char *)sqlite3_column_text(q, 2 * r + 1),
				(*out)[*n]))
				(*n)++;
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "reading the store", err);
	if (*n)
		qsort(*out, *n, 65, cmp_ident);
	return MP_OK;
}

enum mp_status signers_forget_unnamed(struct store *st, struct mp_error *err)
{
	struct signers_register reg;
	char(*named)[65] = NULL;
	size_t n = 0;
	enum mp_status s = named_identities(st, &named, &n, err);

	if (s == MP_OK)
		s = signers_load(st, &reg, err);
	if (s != MP_OK) {
		free(named);
		return s;
	}
	for (size_t i = 0; i < reg.n && s == MP_OK; i++) {
		const struct signer_entry *e = &reg.v[i];
		const char *p[] = {e->fp};

		if ((!e->email && !e->name) ||
		    (n && bsearch(e->ident, named, n, 65, cmp_ident)))
			continue;
		s = ag_exec(st, "forgetting a signer's details",
			    "UPDATE signers SET email = NULL, name = NULL"
			    " WHERE fp = ?1",
			    1, p, err);
	}
	signers_register_free(&reg);
	free(named);
	return s;
}
