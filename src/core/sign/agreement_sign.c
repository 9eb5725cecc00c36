/*
 * agreement_sign.c - signing an agreement, the signers' keys, and
 * importing a signed agreement.
 *
 * A signer's key is found by who they are: their email address when the
 * agreement has one, else their name.  The first signature in a store
 * makes the key (unless its owner brought it in: keys.c) and seals its
 * secret half under the signer's own passphrase, which must be strong
 * and not the store's; later ones must open it with that passphrase.
 * Every signature is then judged against the store's register of signers
 * (signers.c): a person known here by another key, an erased person, or
 * a key that already signed as the other party cannot sign.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign_internal.h"
#include "mentorpact/render.h"
#include "mentorpact/secret.h"
#include "mentorpact/sign.h"
#include "mentorpact/signers.h"
#include "mentorpact/store.h"
#include "mentorpact/strength.h"
#include "mentorpact/unicode.h"

void ag_person_key(const char *email, const char *name, char *buf,
		   size_t size)
{
	const char *src = email && *email ? email : name ? name : "";
	size_t n = (size_t)snprintf(buf, size, "%s:",
				    email && *email ? "email" : "name");

	for (; *src && n + 1 < size; src++)
		buf[n++] = (char)tolower((unsigned char)*src);
	buf[n] = '\0';
}

/* "email:amara@example.org", else "name:amara okafor". */
static void person_of(const struct agreement *ag, enum ag_role role,
		      char *buf, size_t size)
{
	ag_person_key(ag->parties[role].details[TPL_DETAIL_EMAIL],
		      ag->parties[role].details[TPL_DETAIL_NAME], buf, size);
}

/* The sealed key of person, or NULL (*len 0) when they have none. */
static enum mp_status find_key(struct store *st, const char *person,
			       unsigned char **blob, size_t *len,
			       struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "SELECT sealed FROM signing_keys"
				    " WHERE person = ?1",
				    -1, &q, NULL);

	*blob = NULL;
	*len = 0;
	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading signing keys", err);
	sqlite3_bind_text(q, 1, person, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*len = (size_t)sqlite3_column_bytes(q, 0);
		*blob = malloc(*len ? *len : 1);
		if (*blob)
			memcpy(*blob, sqlite3_column_blob(q, 0), *len);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "reading signing keys", err);
	if (rc == SQLITE_ROW && !*blob)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	return MP_OK;
}

int agreement_signer_has_key(struct store *st, const struct agreement *ag,
			     enum ag_role role)
{
	unsigned char *blob;
	char person[512];
	size_t len;

	person_of(ag, role, person, sizeof(person));
	if (find_key(st, person, &blob, &len, NULL) != MP_OK)
		return 0;
	free(blob);
	return len > 0;
}

static enum mp_status key_of(struct store *st, const struct agreement *ag,
			     enum ag_role role, unsigned char **blob,
			     size_t *len, struct mp_error *err)
{
	char person[512];
	enum mp_status s;

	person_of(ag, role, person, sizeof(person));
	if ((s = find_key(st, person, blob, len, err)) != MP_OK)
		return s;
	if (!*blob)
		return mp_error_set(err, MP_ERR_NOT_FOUND,
				    "the %s has no signing key in this store: "
				    "records are kept in the store where the "
				    "pair signed",
				    role == AG_MENTOR ? "mentor" : "mentee");
	return MP_OK;
}

enum mp_status agreement_signer_unlock(struct store *st,
				       const struct agreement *ag,
				       enum ag_role role,
				       const struct mp_secret *pass,
				       struct sign_keypair **kp,
				       struct mp_error *err)
{
	unsigned char *blob;
	size_t len;
	enum mp_status s = key_of(st, ag, role, &blob, &len, err);

	*kp = NULL;
	if (s != MP_OK)
		return s;
	s = sign_keypair_unseal(blob, len, pass, kp, err);
	free(blob);
	if (s == MP_ERR_PASSPHRASE)
		mp_error_set(err, s, "wrong signing passphrase for the %s",
			     role == AG_MENTOR ? "mentor" : "mentee");
	return s;
}

enum mp_status agreement_signer_public(struct store *st,
				       const struct agreement *ag,
				       enum ag_role role,
				       unsigned char pk[SIGN_PK_BYTES],
				       struct mp_error *err)
{
	unsigned char keyid[SIGN_KEYID_BYTES], *blob;
	size_t len;
	enum mp_status s = key_of(st, ag, role, &blob, &len, err);

	if (s != MP_OK)
		return s;
	s = sign_sealed_public(blob, len, keyid, pk, err);
	free(blob);
	return s;
}

/*
 * A new signing passphrase must be strong (pw_check_signing, against the
 * parties' names and emails) and must not open the store: the core never
 * keeps the store's passphrase, so the candidate is tried against the
 * store's key slots (one Argon2id at the store's level, paid only when a
 * key is made).
 */
static enum mp_status check_new_passphrase(struct store *st,
					   const struct agreement *ag,
					   const struct mp_secret *pass,
					   struct mp_error *err)
{
	const char *words[2 * TPL_DETAIL_COUNT + 1];
	size_t n = 0;
	bool opens = false;
	enum mp_status s;

	for (int r = 0; r < 2; r++)
		for (int d = 0; d < TPL_DETAIL_COUNT; d++)
			if (ag->parties[r].details[d])
				words[n++] = ag->parties[r].details[d];
	words[n] = NULL;
	s = pw_check_signing((const char *)pass->data, pass->len, NULL, 0,
			     words, err);
	if (s == MP_OK)
		s = store_passphrase_opens(st, pass, &opens, err);
	if (s == MP_OK && opens)
		s = mp_error_set(err, MP_ERR_INVALID,
				 "the signing passphrase is the store's "
				 "passphrase; choose one only you know, since "
				 "whoever opens the store could then sign as "
				 "you");
	return s;
}

/* Open the signer's key, or make one; *fresh is set for a new key whose
 * sealed form is in *blob (to store with the signature). */
static enum mp_status signer_key(struct store *st, const struct agreement *ag,
				 const char *person,
				 const struct mp_secret *pass,
				 struct sign_keypair **kp, unsigned char **blob,
				 size_t *len, bool *fresh,
				 struct mp_error *err)
{
	unsigned long long ops;
	size_t mem;
	enum mp_status s = find_key(st, person, blob, len, err);

	*fresh = false;
	if (s != MP_OK)
		return s;
	if (*blob) {
		s = sign_keypair_unseal(*blob, *len, pass, kp, err);
		if (s == MP_ERR_PASSPHRASE)
			mp_error_set(err, s,
				     "wrong signing passphrase; nothing was "
				     "signed");
		return s;
	}
	if ((s = check_new_passphrase(st, ag, pass, err)) != MP_OK)
		return s;
	store_kdf_limits(st, &ops, &mem);
	if ((s = sign_keypair_generate(kp, err)) != MP_OK)
		return s;
	s = sign_keypair_seal(*kp, pass, ops, mem, blob, len, err);
	*fresh = s == MP_OK;
	return s;
}

/* Inside the write lock: a first key made for person before the lock may
 * have lost a race with another first signature. */
static enum mp_status still_first(struct store *st, const char *person,
				  struct mp_error *err)
{
	unsigned char *blob;
	size_t len;
	enum mp_status s = find_key(st, person, &blob, &len, err);

	free(blob);
	if (s == MP_OK && len)
		s = mp_error_set(err, MP_ERR_CONFLICT,
				 "someone signed as this person for the first "
				 "time in this store a moment ago; nothing was "
				 "signed.  Sign again: your passphrase will be "
				 "checked against the key made then");
	return s;
}

/* One person never signs for both parties. */
static enum mp_status check_two_people(const struct agreement *ag,
				       enum ag_role role,
				       struct mp_error *err)
{
	char me[65], other[65];
	const char *const *d = (const char *const *)ag->parties[role].details;
	const char *const *o = (const char *const *)ag->parties[!role].details;

	if (!signers_identity(d[TPL_DETAIL_EMAIL], d[TPL_DETAIL_NAME], me))
		return mp_error_set(err, MP_ERR_INVALID,
				    "the %s has neither an email nor a name "
				    "to sign under",
				    agreement_role_name(role));
	if (signers_identity(o[TPL_DETAIL_EMAIL], o[TPL_DETAIL_NAME], other) &&
	    !strcmp(me, other))
		return mp_error_set(err, MP_ERR_INVALID,
				    "the mentor and the mentee are the same "
				    "person here (same %s); one person cannot "
				    "sign for both.  Correct the %s's details "
				    "first",
				    d[TPL_DETAIL_EMAIL] && *d[TPL_DETAIL_EMAIL]
					? "email"
					: "name",
				    agreement_role_name(!role));
	return MP_OK;
}

/* The signature of body by kp as role, with its .minisig and .pub text. */
static enum mp_status make_signature(const struct agreement *ag,
				     enum ag_role role, const char *name,
				     const struct sign_keypair *kp,
				     struct ag_signature *sig,
				     struct mp_error *err)
{
	char now[32], trusted[1024], untrusted[128];
	enum mp_status s;

	ag_now(now);
	s = render_trusted_comment(ag->id, ag->version, role, name, now,
				   trusted, sizeof(trusted), err);
	snprintf(untrusted, sizeof(untrusted),
		 "mentorpact agreement %s version %d, signed by the %s",
		 ag->id, ag->version, agreement_role_name(role));
	if (s == MP_OK)
		s = sign_detached(kp, ag->body, strlen(ag->body), untrusted,
				  trusted, &sig->minisig, err);
	snprintf(untrusted, sizeof(untrusted), "mentorpact public key of the %s",
		 agreement_role_name(role));
	if (s == MP_OK)
		s = sign_pubkey_text(kp->keyid, kp->pk, untrusted, &sig->pubkey,
				     err);
	if (s == MP_OK && (ag_set_str(&sig->name, name) ||
			   ag_set_str(&sig->signed_at, now)))
		s = mp_error_set(err, MP_ERR_NOMEM, NULL);
	sig->present = s == MP_OK;
	return s;
}

/* Set started, review and planned-end dates from the day both signed. */
static enum mp_status activation_dates(struct store *st, struct agreement *ag,
				       const char *day, struct mp_error *err)
{
	const struct tpl_facts *f = &ag->tpl->facts;
	char review[11] = "", end[11] = "", rowid[24];

	if (f->review_interval.unit != TPL_UNIT_NONE)
		ag_date_add(day, &f->review_interval, review);
	if (f->planned_duration.unit != TPL_UNIT_NONE)
		ag_date_add(day, &f->planned_duration, end);
	if (ag_set_str(&ag->started, day) || ag_set_str(&ag->signed_on, day) ||
	    ag_set_str(&ag->review_due, *review ? review : NULL) ||
	    ag_set_str(&ag->planned_end, *end ? end : NULL))
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	snprintf(rowid, sizeof(rowid), "%lld", (long long)ag->rowid);
	const char *p[] = {day, ag->review_due, ag->planned_end, rowid};
	return ag_exec(st, "saving the signature",
		       "UPDATE agreements SET started = ?1, signed_on = ?1,"
		       " review_due = ?2, planned_end = ?3 WHERE rowid = ?4",
		       4, p, err);
}

/* Store a signature (and its body, key and dates) in ag's row. */
static enum mp_status save_signature(struct store *st, struct agreement *ag,
				     enum ag_role role, const char *person,
				     const unsigned char *blob, size_t len,
				     bool fresh, struct mp_error *err)
{
	const struct ag_signature *g = &ag->sigs[role];
	char rowid[24], now[32];
	enum mp_status s = MP_OK;
	sqlite3_stmt *q;

	snprintf(rowid, sizeof(rowid), "%lld", (long long)ag->rowid);
	ag_now(now);
	if (fresh) {
		int rc = sqlite3_prepare_v2(store_db(st),
					    "INSERT INTO signing_keys(person,"
					    " sealed, created) VALUES(?1,?2,?3)",
					    -1, &q, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_text(q, 1, person, -1, SQLITE_STATIC);
			sqlite3_bind_blob(q, 2, blob, (int)len, SQLITE_STATIC);
			sqlite3_bind_text(q, 3, now, -1, SQLITE_STATIC);
			rc = sqlite3_step(q);
			sqlite3_finalize(q);
		}
		if (rc != SQLITE_DONE)
			s = store_sqlite_error(st, rc, "saving the signing key",
					       err);
	}
	const char *p[] = {rowid, agreement_role_name(role), g->name,
			   g->signed_at, g->pubkey, g->minisig};
	if (s == MP_OK)
		s = ag_exec(st, "saving the signature",
			    "INSERT INTO signatures(agreement, role, name,"
			    " signed_at, pubkey, minisig)"
			    " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
			    6, p, err);
	const char *b[] = {ag->body, rowid};
	if (s == MP_OK)
		s = ag_exec(st, "saving the signature",
			    "UPDATE agreements SET body = ?1 WHERE rowid = ?2",
			    2, b, err);
	if (s == MP_OK && ag->sigs[!role].present) {
		char day[11];
		ag_today(day);
		s = activation_dates(st, ag, day, err);
	}
	if (s == MP_OK)
		s = ag_audit(st, ag, agreement_role_name(role), "signed", NULL,
			     err);
	return s;
}

static enum mp_status check_signable(const struct agreement *ag,
				     enum ag_role role, const char *typed,
				     struct mp_error *err)
{
	const char *name = ag->parties[role].details[TPL_DETAIL_NAME];
	char **problems;
	size_t n;

	if (ag->status == AG_ACTIVE || ag->status == AG_ENDED ||
	    ag->sigs[role].present)
		return mp_error_set(err, MP_ERR_STATE,
				    "the %s has already signed agreement %s "
				    "version %d",
				    agreement_role_name(role), ag->id,
				    ag->version);
	if (ag->status == AG_DRAFT || ag->n_pending) {
		n = agreement_problems(ag, &problems);
		mp_error_set(err, MP_ERR_STATE,
			     "agreement %s is not ready to sign: %zu thing%s "
			     "still to do, first: %s ('mentorpact show %s' "
			     "lists them)",
			     ag->id, n, n == 1 ? " is" : "s are",
			     n ? problems[0] : "?", ag->id);
		agreement_problems_free(problems, n);
		return MP_ERR_STATE;
	}
	if (!typed || !name || !uc_names_match(typed, name))
		return mp_error_set(err, MP_ERR_INVALID,
				    "the name typed, \"%s\", does not match the "
				    "%s's name in the agreement, \"%s\"; type "
				    "it as written there",
				    typed ? typed : "", agreement_role_name(role),
				    name ? name : "");
	return MP_OK;
}

enum mp_status agreement_sign(struct store *st, struct agreement *ag,
			      enum ag_role role, const char *typed_name,
			      const struct mp_secret *pass,
			      struct mp_error *err)
{
	struct sign_keypair *kp = NULL;
	unsigned char *blob = NULL;
	char person[512];
	size_t blob_len = 0, body_len;
	bool fresh = false;
	enum mp_status s = check_signable(ag, role, typed_name, err);

	if (s == MP_OK)
		s = check_two_people(ag, role, err);
	if (s != MP_OK)
		return s;
	person_of(ag, role, person, sizeof(person));
	/* The key derivation runs before the write lock is taken, so that
	 * nobody else waits on it. */
	s = signer_key(st, ag, person, pass, &kp, &blob, &blob_len, &fresh,
		       err);
	if (s == MP_OK)
		s = store_begin(st, err);
	if (s != MP_OK) {
		sign_keypair_free(kp);
		free(blob);
		return s;
	}
	if (fresh)
		s = still_first(st, person, err);
	if (s == MP_OK)
		s = signers_sign_check(st, ag, role, kp->pk, err);
	if (s == MP_OK && !ag->body)
		s = render_body(ag, &ag->body, &body_len, err);
	if (s == MP_OK)
		s = make_signature(ag, role,
				   ag->parties[role].details[TPL_DETAIL_NAME],
				   kp, &ag->sigs[role], err);
	if (s == MP_OK)
		s = save_signature(st, ag, role, person, blob, blob_len, fresh,
				   err);
	sign_keypair_free(kp);
	free(blob);
	return ag_finish(st, ag, s, err);
}

/* The date part of the later of the two signatures. */
static void later_day(const struct agreement *ag, char day[11])
{
	const char *a = ag->sigs[0].signed_at, *b = ag->sigs[1].signed_at;
	const char *later = !a ? b : !b ? a : strcmp(a, b) > 0 ? a : b;

	snprintf(day, 11, "%.10s", later ? later : "");
}

static enum mp_status import_signatures(struct store *st,
					struct agreement *ag,
					struct mp_error *err)
{
	enum mp_status s = MP_OK;
	char rowid[24];

	snprintf(rowid, sizeof(rowid), "%lld", (long long)ag->rowid);
	for (int r = 0; r < 2 && s == MP_OK; r++) {
		const struct ag_signature *g = &ag->sigs[r];
		const char *p[] = {rowid, agreement_role_name(r), g->name,
				   g->signed_at, g->pubkey, g->minisig};
		if (!g->present)
			continue;
		s = ag_exec(st, "importing the signatures",
			    "INSERT INTO signatures(agreement, role, name,"
			    " signed_at, pubkey, minisig)"
			    " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
			    6, p, err);
	}
	const char *b[] = {ag->body, rowid, "1"};
	if (s == MP_OK)
		s = ag_exec(st, "importing the agreement",
			    "UPDATE agreements SET body = ?1, imported = ?3"
			    " WHERE rowid = ?2",
			    3, b, err);
	return s;
}

/* MP_OK when ag's id and version are new; *already when stored with the
 * same text. */
static enum mp_status import_known(struct store *st,
				   const struct agreement *ag, bool *already,
				   struct mp_error *err)
{
	struct agreement *old;
	enum mp_status s = agreement_load(st, ag->id, ag->version, &old, NULL);

	*already = false;
	if (s != MP_OK)
		return MP_OK;
	*already = old->body && ag->body && strcmp(old->body, ag->body) == 0;
	agreement_free(old);
	if (*already)
		return MP_OK;
	return mp_error_set(err, MP_ERR_CONFLICT,
			    "a different text of agreement %s version %d is "
			    "already in this store; nothing was imported",
			    ag->id, ag->version);
}

/* Inside the import's transaction: both signers judged by the register. */
static enum mp_status import_signers(struct store *st,
				     const struct agreement *parsed,
				     const char *accept_fp,
				     struct signer_judgement out[2],
				     struct mp_error *err)
{
	char ident[2][65];
	enum mp_status s = MP_OK;

	for (int r = 0; r < 2; r++)
		if (!signers_identity(
			parsed->parties[r].details[TPL_DETAIL_EMAIL],
			parsed->parties[r].details[TPL_DETAIL_NAME], ident[r]))
			return mp_error_set(err, MP_ERR_INVALID,
					    "the %s has neither an email nor a "
					    "name; nothing was imported",
					    agreement_role_name(r));
	if (!strcmp(ident[0], ident[1]))
		return mp_error_set(err, MP_ERR_KEY_CONFLICT,
				    "the mentor and the mentee are the same "
				    "person in this text (same email, or the "
				    "same name where there is none): one "
				    "person cannot sign for both; nothing was "
				    "imported");
	for (int r = 0; r < 2 && s == MP_OK; r++)
		s = signers_import_check(st, parsed, r, accept_fp, &out[r],
					 err);
	return s;
}

enum mp_status agreement_import(struct store *st, struct agreement *parsed,
				bool *already, struct mp_error *err)
{
	struct signer_judgement j[2];

	return agreement_import_keys(st, parsed, NULL, already, j, err);
}

enum mp_status agreement_import_keys(struct store *st,
				     struct agreement *parsed,
				     const char *accept_fp, bool *already,
				     struct signer_judgement *judged,
				     struct mp_error *err)
{
	char day[11];
	enum mp_status s;

	if (!parsed->sigs[0].present || !parsed->sigs[1].present ||
	    !parsed->body || !parsed->tpl)
		return mp_error_set(err, MP_ERR_INVALID,
				    "only an agreement signed by both can be "
				    "imported");
	if ((s = import_known(st, parsed, already, err)) != MP_OK || *already)
		return s;
	parsed->imported = true;
	if ((s = store_begin(st, err)) != MP_OK)
		return s;
	s = import_signers(st, parsed, accept_fp, judged, err);
	if (s == MP_OK)
		s = ag_keep_template(st, parsed->tpl, parsed->tpl_hash, err);
	if (s == MP_OK)
		s = ag_insert_row(st, parsed, parsed->tpl->id, err);
	if (s == MP_OK) {
		struct agreement *copy = NULL;
		/* Write the answers through the same path as everything. */
		s = agreement_load(st, parsed->id, parsed->version, &copy, err);
		if (s == MP_OK)
			s = ag_copy_answers(st, parsed, copy, err);
		agreement_free(copy);
	}
	if (s == MP_OK)
		s = import_signatures(st, parsed, err);
	later_day(parsed, day);
	if (s == MP_OK)
		s = activation_dates(st, parsed, day, err);
	if (s == MP_OK)
		s = ag_confirm_all(st, parsed, err);
	if (s == MP_OK)
		s = ag_audit(st, parsed, "administrator", "imported", NULL,
			     err);
	if (s == MP_OK)
		s = ag_touch(st, parsed, err);
	if (s == MP_OK)
		s = store_commit(st, err);
	else
		store_rollback(st);
	return s;
}
