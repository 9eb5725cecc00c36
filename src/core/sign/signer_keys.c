/*
 * signer_keys.c - a person's signing key carried between stores, so that
 * one person signs with one key wherever they sign (signers.h).
 *
 * The key leaves a store as it is kept there: sealed under its owner's
 * signing passphrase (Argon2id, then XChaCha20-Poly1305; sign.c), so the
 * key file holds nothing secret in the clear.  Bringing it into another
 * store opens it with that passphrase, which proves the bearer is its
 * owner (or knows the passphrase, which is the same thing for signing),
 * and judges it by that store's register like any signature.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sign_internal.h"
#include "mentorpact/audit.h"
#include "mentorpact/signers.h"
#include "mentorpact/store.h"

#define KEYFILE_TITLE "mentorpact signing key"

/* The sealed key kept for person, or NULL (*len 0). */
static enum mp_status sealed_of(struct store *st, const char *person,
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
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		*len = (size_t)sqlite3_column_bytes(q, 0);
		if ((*blob = malloc(*len ? *len : 1)))
			memcpy(*blob, sqlite3_column_blob(q, 0), *len);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "reading signing keys", err);
	if (rc == SQLITE_ROW && !*blob)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	return MP_OK;
}

static enum mp_status keyfile_text(const char *email, const char *name,
				   const unsigned char *blob, size_t len,
				   const char fp[SIGN_FP_HEX], char **text,
				   struct mp_error *err)
{
	size_t b64_len = sodium_base64_ENCODED_LEN(
	    len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(b64_len), shown[SIGN_FP_TEXT];
	size_t size;
	bool by_email = email && *email;

	if (!b64)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	sodium_bin2base64(b64, b64_len, blob, len,
			  sodium_base64_VARIANT_ORIGINAL);
	sign_fingerprint_text(fp, shown);
	size = b64_len + strlen(by_email ? email : name) + 200;
	if (!(*text = malloc(size))) {
		free(b64);
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	snprintf(*text, size,
		 KEYFILE_TITLE "\n%s: %s\nfingerprint: %s\nsealed: %s\n",
		 by_email ? "email" : "name", by_email ? email : name, shown,
		 b64);
	free(b64);
	return MP_OK;
}

enum mp_status signers_key_export(struct store *st, const char *email,
				  const char *name, char **text,
				  char fp[SIGN_FP_HEX], struct mp_error *err)
{
	unsigned char keyid[SIGN_KEYID_BYTES], pk[SIGN_PK_BYTES];
	unsigned char *blob;
	char person[512];
	size_t len;
	enum mp_status s;

	*text = NULL;
	ag_person_key(email, name, person, sizeof(person));
	if ((s = sealed_of(st, person, &blob, &len, err)) != MP_OK)
		return s;
	if (!blob)
		return mp_error_set(err, MP_ERR_NOT_FOUND,
				    "this store holds no signing key for %s "
				    "(a key is made where its owner first "
				    "signs)",
				    email && *email ? email : name);
	s = sign_sealed_public(blob, len, keyid, pk, err);
	if (s == MP_OK) {
		sign_fingerprint(pk, fp);
		s = keyfile_text(email, name, blob, len, fp, text, err);
	}
	free(blob);
	if (s == MP_OK && (s = store_begin(st, err)) == MP_OK) {
		char detail[64];

		snprintf(detail, sizeof(detail), "key %s", fp);
		s = audit_append(st, NULL, 0, "signer", "signer key exported",
				 detail, err);
		s = s == MP_OK ? store_commit(st, err) : s;
		if (s != MP_OK)
			store_rollback(st);
	}
	if (s != MP_OK) {
		free(*text);
		*text = NULL;
	}
	return s;
}

/* What a key file says. */
struct keyfile {
	char who[320];
	bool email;
	char fp[SIGN_FP_HEX];
	unsigned char blob[SIGN_SEALED_BYTES];
};

/* The value of "key: value" at line start, or NULL. */
static const char *field(const char *line, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(line, key, n) && line[n] == ':' && line[n + 1] == ' '
		       ? line + n + 2
		       : NULL;
}

static enum mp_status keyfile_line(struct keyfile *kf, const char *line,
				   int *seen)
{
	const char *v;
	size_t bin_len = 0;

	if ((v = field(line, "email")) || (v = field(line, "name"))) {
		kf->email = line[0] == 'e';
		snprintf(kf->who, sizeof(kf->who), "%s", v);
		*seen |= 1;
	} else if ((v = field(line, "fingerprint"))) {
		size_t used = sign_fingerprint_parse(v, kf->fp);

		if (!used || v[used])
			return MP_ERR_INVALID;
		*seen |= 2;
	} else if ((v = field(line, "sealed"))) {
		if (sodium_base642bin(kf->blob, sizeof(kf->blob), v,
				      strlen(v), NULL, &bin_len, NULL,
				      sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    bin_len != sizeof(kf->blob))
			return MP_ERR_INVALID;
		*seen |= 4;
	} else if (*line) {
		return MP_ERR_INVALID;
	}
	return MP_OK;
}

static enum mp_status keyfile_parse(const char *text, size_t len,
				    struct keyfile *kf, struct mp_error *err)
{
	char line[512];
	size_t at = 0, lineno = 0;
	int seen = 0;

	memset(kf, 0, sizeof(*kf));
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - text - at) : len - at;

		lineno++;
		if (n >= sizeof(line) || memchr(text + at, '\0', n))
			break;
		memcpy(line, text + at, n);
		line[n] = '\0';
		if (n && line[n - 1] == '\r')
			line[n - 1] = '\0';
		at += n + 1;
		if (lineno == 1 ? strcmp(line, KEYFILE_TITLE) != 0
				: keyfile_line(kf, line, &seen) != MP_OK)
			break;
	}
	if (at < len || seen != 7)
		return mp_error_set(err, MP_ERR_INVALID,
				    "not a mentorpact key file (as 'mentorpact "
				    "key export' writes), or damaged at line "
				    "%zu",
				    lineno);
	return MP_OK;
}

/* Inside the write lock: keep kf's key for its person, unless a key is
 * already kept for them (*already when it is this very key). */
static enum mp_status keep_sealed(struct store *st, const struct keyfile *kf,
				  const unsigned char pk[SIGN_PK_BYTES],
				  bool *already, struct mp_error *err)
{
	unsigned char keyid[SIGN_KEYID_BYTES], have[SIGN_PK_BYTES];
	unsigned char *blob;
	char person[512], now[32];
	size_t len;
	enum mp_status s;

	ag_person_key(kf->email ? kf->who : NULL, kf->email ? NULL : kf->who,
		      person, sizeof(person));
	if ((s = sealed_of(st, person, &blob, &len, err)) != MP_OK)
		return s;
	if (blob) {
		s = sign_sealed_public(blob, len, keyid, have, err);
		free(blob);
		if (s == MP_OK && sodium_memcmp(have, pk, SIGN_PK_BYTES) == 0)
			*already = true;
		else if (s == MP_OK)
			s = mp_error_set(err, MP_ERR_KEY_CONFLICT,
					 "this store already keeps another "
					 "signing key for %s; nothing was "
					 "changed",
					 kf->who);
		return s;
	}
	ag_now(now);
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "INSERT INTO signing_keys(person, sealed,"
				    " created) VALUES(?1, ?2, ?3)",
				    -1, &q, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(q, 1, person, -1, SQLITE_STATIC);
		sqlite3_bind_blob(q, 2, kf->blob, (int)sizeof(kf->blob),
				  SQLITE_STATIC);
		sqlite3_bind_text(q, 3, now, -1, SQLITE_STATIC);
		rc = sqlite3_step(q);
		sqlite3_finalize(q);
	}
	return rc == SQLITE_DONE
		       ? MP_OK
		       : store_sqlite_error(st, rc, "keeping the signing key",
					    err);
}

/* Inside the write lock: the register's word on the key, recorded. */
static enum mp_status register_carried(struct store *st,
				       const struct keyfile *kf,
				       const unsigned char pk[SIGN_PK_BYTES],
				       struct mp_error *err)
{
	const char *email = kf->email ? kf->who : NULL;
	const char *name = kf->email ? NULL : kf->who;
	struct signers_register reg;
	struct signer_judgement j;
	char ident[65], now[32];
	enum mp_status s = signers_load(st, &reg, err);

	if (s != MP_OK)
		return s;
	ag_now(now);
	signers_judge(&reg, email, name, pk, now, &j);
	signers_register_free(&reg);
	/* A key file names its owner by email or name only: a name on
	 * record for the key is not a different person here. */
	if (j.verdict == SIGNER_KNOWN)
		return MP_OK;
	if (j.verdict != SIGNER_UNKNOWN)
		return signers_refused(kf->who, &j, err);
	signers_identity(email, name, ident);
	const char *p[] = {j.fp, ident, email, name, now};
	return ag_exec(st, "recording the signer's key",
		       "INSERT INTO signers(fp, ident, email, name, first_seen,"
		       " source) VALUES(?1, ?2, ?3, ?4, ?5, 'carried in')",
		       5, p, err);
}

enum mp_status signers_key_import(struct store *st, const char *text,
				  size_t len, const struct mp_secret *pass,
				  bool *already, char fp[SIGN_FP_HEX],
				  struct mp_error *err)
{
	struct sign_keypair *kp = NULL;
	struct keyfile kf;
	char detail[64];
	enum mp_status s = keyfile_parse(text, len, &kf, err);

	*already = false;
	if (s != MP_OK)
		return s;
	s = sign_keypair_unseal(kf.blob, sizeof(kf.blob), pass, &kp, err);
	if (s == MP_ERR_PASSPHRASE)
		return mp_error_set(err, s,
				    "wrong signing passphrase for this key "
				    "file; nothing was changed");
	if (s != MP_OK)
		return s;
	sign_fingerprint(kp->pk, fp);
	if (strcmp(fp, kf.fp)) {
		sign_keypair_free(kp);
		return mp_error_set(err, MP_ERR_INVALID,
				    "the key file's fingerprint line does not "
				    "match its key: the file was edited");
	}
	if ((s = store_begin(st, err)) == MP_OK)
		s = register_carried(st, &kf, kp->pk, err);
	if (s == MP_OK)
		s = keep_sealed(st, &kf, kp->pk, already, err);
	snprintf(detail, sizeof(detail), "key %s", fp);
	if (s == MP_OK && !*already)
		s = audit_append(st, NULL, 0, "signer", "signer key carried in",
				 detail, err);
	sign_keypair_free(kp);
	if (s == MP_OK)
		return store_commit(st, err);
	store_rollback(st);
	return s;
}
