/*
 * signers_change.c - changing the register of signers (signers.h): a key
 * added or retired by the administrator, a key met by importing or
 * signing (recorded, accepted on purpose, or refused), and a person's
 * details erased or forgotten.
 *
 * Changes run inside the caller's write transaction (import, signing,
 * erase) or in one of their own (add, retire), each with its audit entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign_internal.h"
#include "mentorpact/audit.h"
#include "mentorpact/signers.h"
#include "mentorpact/store.h"

static const char *const actor = "administrator";

/* --- changing the register ------------------------------------------------ */

/* Insert a key; inside the caller's transaction. */
enum mp_status reg_insert_key(struct store *st, const char *fp,
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

/* Retire a key (unless retired already); inside the caller's transaction. */
enum mp_status reg_retire_key(struct store *st, const char *fp, const char *at,
			      const char *why, struct mp_error *err)
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
	if (reg_by_fp(&reg, fp_hex))
		s = mp_error_set(err, MP_ERR_EXISTS,
				 "the key %s is already in the register "
				 "('mentorpact signers list' shows it)",
				 text);
	else if ((e = reg_by_ident(&reg, ident, false))) {
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
		s = reg_insert_key(st, fp_hex, ident, email, name, now, "added",
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
	e = reg_by_fp(&reg, fp_hex);
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
		s = reg_retire_key(st, fp_hex, at ? at : now, why, err);
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
	const struct signer_entry *p = reg_by_ident(reg, ident, false);
	char now[32], ref[64];
	enum mp_status s = MP_OK;

	ag_now(now);
	agreement_ref(ag, ref, sizeof(ref));
	if (p && strcmp(p->fp, j->fp))
		s = reg_retire_key(st, p->fp, now,
				   "replaced by an accepted key", err);
	if (s == MP_OK && j->verdict == SIGNER_OTHER_PERSON) {
		const char *q[] = {j->fp, ident, email && *email ? email : NULL,
				   name};
		s = ag_exec(st, "accepting the signer's key",
			    "UPDATE signers SET ident = ?2, email = ?3,"
			    " name = ?4 WHERE fp = ?1",
			    4, q, err);
	} else if (s == MP_OK) {
		s = reg_insert_key(st, j->fp, ident, email, name, now,
				   "accepted", ref, err);
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
		s = reg_insert_key(st, out->fp, ident, email, name,
				   g->signed_at, "imported", ref, err);
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
	return reg_insert_key(st, j.fp, ident, email, name, now, "signed here",
			      ref, err);
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
