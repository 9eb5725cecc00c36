/*
 * notes.c - private reflective notes, sealed to their writer's key
 * (notes.h).
 *
 * The plaintext sealed is a header binding the note to its place,
 *
 *	mentorpact note 1\nagreement ID\nrole ROLE\nrow N\n\n
 *
 * followed by the note's text.  Opening checks the header against the
 * row the blob was read from, so a blob moved to another row, role or
 * agreement is refused.  The X25519 secret key made from the signing key
 * lives only in guarded memory and is wiped with it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "notes_internal.h"
#include "mentorpact/audit.h"
#include "mentorpact/sign.h"

#define NOTE_HEADER_MAX 96

static const char *role_name(enum ag_role role)
{
	return role == AG_MENTOR ? "mentor" : "mentee";
}

static size_t note_header(char buf[NOTE_HEADER_MAX], const char *id,
			  enum ag_role role, int64_t row)
{
	return (size_t)snprintf(buf, NOTE_HEADER_MAX,
				"mentorpact note 1\nagreement %s\nrole %s\n"
				"row %" PRId64 "\n\n",
				id, role_name(role), row);
}

enum mp_status notes_may_write(const struct agreement *ag, enum ag_role role,
			       struct mp_error *err)
{
	const struct tpl_records *r = &ag->tpl->records;
	const char *field = r->mentor_notes_consent, *yes, *label;
	unsigned bit = role == AG_MENTOR ? TPL_MENTOR : TPL_MENTEE;

	if (!(r->notes & bit))
		return mp_error_set(
		    err, MP_ERR_STATE,
		    "the %s scheme keeps no private notes for the %s",
		    ag->tpl->id, role_name(role));
	if (ag->status != AG_ACTIVE)
		return mp_error_set(err, MP_ERR_STATE,
				    "agreement %s is %s: notes are written "
				    "only while the agreement is active",
				    ag->id, agreement_status_name(ag->status));
	if (role != AG_MENTOR || !field)
		return MP_OK;
	label = field;
	yes = agreement_value(ag, field);
	for (size_t i = 0; i < ag->tpl->n_fields; i++)
		if (!strcmp(ag->tpl->fields[i]->id, field))
			label = ag->tpl->fields[i]->label;
	if (!yes || strcmp(yes, "yes") != 0)
		return mp_error_set(
		    err, MP_ERR_STATE,
		    "the mentor keeps notes only when the mentee agreed to "
		    "it, and in agreement %s version %d the mentee answered "
		    "'%s' to \"%s\" (%s); a new version the mentee agrees "
		    "to can change that (mentorpact recontract)",
		    ag->id, ag->version, yes ? yes : "nothing", label, field);
	return MP_OK;
}

/* The key of role on ag, opened with pass, and its X25519 halves. */
struct note_key {
	unsigned char xpk[crypto_box_PUBLICKEYBYTES];
	char fp[SIGN_FP_HEX];
	struct mp_secret *xsk; /* crypto_box_SECRETKEYBYTES, guarded */
};

static void key_close(struct note_key *k)
{
	secret_free(k->xsk);
	k->xsk = NULL;
}

static enum mp_status key_open(struct store *st, const struct agreement *ag,
			       enum ag_role role, const struct mp_secret *pass,
			       struct note_key *k, struct mp_error *err)
{
	struct sign_keypair *kp = NULL;
	enum mp_status s;

	memset(k, 0, sizeof(*k));
	s = agreement_signer_unlock(st, ag, role, pass, &kp, err);
	if (s == MP_ERR_NOT_FOUND)
		return mp_error_set(
		    err, s,
		    "the %s of agreement %s has no signing key in this store: "
		    "notes are kept where the pair signed, by the key the %s "
		    "signed with",
		    role_name(role), ag->id, role_name(role));
	if (s != MP_OK)
		return s;
	s = secret_alloc(crypto_box_SECRETKEYBYTES, &k->xsk, err);
	if (s == MP_OK &&
	    (crypto_sign_ed25519_pk_to_curve25519(k->xpk, kp->pk) != 0 ||
	     crypto_sign_ed25519_sk_to_curve25519(k->xsk->data, kp->sk->data) !=
		 0))
		s = mp_error_set(err, MP_ERR_INTERNAL,
				 "the signing key has no X25519 form");
	if (s == MP_OK) {
		k->xsk->len = crypto_box_SECRETKEYBYTES;
		sign_fingerprint(kp->pk, k->fp);
	} else {
		key_close(k);
	}
	sign_keypair_free(kp);
	return s;
}

/* Seal header and text for row of role on ag into *blob. */
static enum mp_status seal(const struct note_key *k, const char *id,
			   enum ag_role role, int64_t row, const char *text,
			   size_t len, unsigned char **blob, size_t *blob_len,
			   struct mp_error *err)
{
	char head[NOTE_HEADER_MAX];
	size_t hl = note_header(head, id, role, row);
	struct mp_secret *m = NULL;
	enum mp_status s = secret_alloc(hl + len + 1, &m, err);

	*blob = NULL;
	if (s != MP_OK)
		return s;
	memcpy(m->data, head, hl);
	memcpy(m->data + hl, text, len);
	m->len = hl + len;
	*blob_len = m->len + crypto_box_SEALBYTES;
	if (!(*blob = malloc(*blob_len)))
		s = mp_error_set(err, MP_ERR_NOMEM, NULL);
	else if (crypto_box_seal(*blob, m->data, m->len, k->xpk) != 0)
		s = mp_error_set(err, MP_ERR_INTERNAL, "cannot seal the note");
	secret_free(m);
	if (s != MP_OK) {
		free(*blob);
		*blob = NULL;
	}
	return s;
}

/* Open blob, read from row of role on agreement id, into n. */
static enum mp_status unseal(const struct note_key *k, const char *id,
			     enum ag_role role, int64_t row,
			     const unsigned char *blob, size_t blob_len,
			     struct note *n, struct mp_error *err)
{
	char head[NOTE_HEADER_MAX];
	size_t hl = note_header(head, id, role, row), ml;
	struct mp_secret *m = NULL;
	enum mp_status s;

	if (blob_len < crypto_box_SEALBYTES + hl)
		return mp_error_set(err, MP_ERR_VERIFY,
				    "note %" PRId64 " is damaged: it is too "
				    "short to be a sealed note",
				    row);
	ml = blob_len - crypto_box_SEALBYTES;
	if ((s = secret_alloc(ml + 1, &m, err)) != MP_OK)
		return s;
	if (crypto_box_seal_open(m->data, blob, blob_len, k->xpk,
				 k->xsk->data) != 0)
		s = mp_error_set(err, MP_ERR_VERIFY,
				 "note %" PRId64 " does not open with the "
				 "%s's key: it was sealed to another key, or "
				 "it is damaged",
				 row, role_name(role));
	else if (sodium_memcmp(m->data, head, hl) != 0)
		s = mp_error_set(err, MP_ERR_VERIFY,
				 "note %" PRId64 " was sealed for another "
				 "place (another agreement, role or note): "
				 "it was moved, and is refused",
				 row);
	else if (!(n->text = malloc(ml - hl + 1)))
		s = mp_error_set(err, MP_ERR_NOMEM, NULL);
	if (s == MP_OK) {
		memcpy(n->text, m->data + hl, ml - hl);
		n->text[ml - hl] = '\0';
		n->len = ml - hl;
	}
	secret_free(m);
	return s;
}

static enum mp_status check_text(const char *text, size_t len,
				 struct mp_error *err)
{
	if (len == 0)
		return mp_error_set(err, MP_ERR_INVALID,
				    "the note is empty: write its text on "
				    "standard input or give --file FILE");
	if (len > NOTES_TEXT_MAX)
		return mp_error_set(err, MP_ERR_INVALID,
				    "the note is %zu bytes long; notes are "
				    "at most %d bytes: split it",
				    len, NOTES_TEXT_MAX);
	if (memchr(text, '\0', len))
		return mp_error_set(err, MP_ERR_INVALID,
				    "the note holds a NUL byte: notes are "
				    "text");
	return MP_OK;
}

static enum mp_status audit_note(struct store *st, const struct agreement *ag,
				 enum ag_role role, const char *action,
				 int64_t row, struct mp_error *err)
{
	char detail[48];

	snprintf(detail, sizeof(detail), "note %" PRId64, row);
	return audit_append(st, ag->id, ag->version, role_name(role), action,
			    detail, err);
}

/* Inside a transaction: the fingerprint that sealed note row of role on
 * ag into fp; MP_ERR_NOT_FOUND when there is no such note. */
static enum mp_status note_row(struct store *st, const struct agreement *ag,
			       enum ag_role role, int64_t row,
			       char fp[SIGN_FP_HEX], struct mp_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "SELECT fp FROM notes WHERE rowid = ?1"
				    " AND agreement = ?2 AND role = ?3",
				    -1, &q, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(q, 1, row);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 2, ag->id, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc =
		    sqlite3_bind_text(q, 3, role_name(role), -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		snprintf(fp, SIGN_FP_HEX, "%s",
			 (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	if (rc == SQLITE_DONE)
		return mp_error_set(err, MP_ERR_NOT_FOUND,
				    "agreement %s has no note %" PRId64
				    " of the %s (mentorpact notes list %s "
				    "--as %s shows their numbers)",
				    ag->id, row, role_name(role), ag->id,
				    role_name(role));
	return rc == SQLITE_ROW
		   ? MP_OK
		   : store_sqlite_error(st, rc, "reading notes", err);
}

/* Inside a transaction: write (insert when !replace) row's blob. */
static enum mp_status put_row(struct store *st, const struct agreement *ag,
			      enum ag_role role, int64_t row, bool replace,
			      const char *fp, const unsigned char *blob,
			      size_t len, struct mp_error *err)
{
	sqlite3_stmt *q = NULL;
	char now[32];
	int rc;

	rec_now(now);
	rc = sqlite3_prepare_v2(
	    store_db(st),
	    replace ? "UPDATE notes SET updated = ?5, sealed = ?6, fp = ?4"
		      " WHERE rowid = ?1 AND agreement = ?2 AND role = ?3"
		    : "INSERT INTO notes(rowid, agreement, role, fp, created,"
		      " updated, sealed) VALUES(?1, ?2, ?3, ?4, ?5, ?5, ?6)",
	    -1, &q, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(q, 1, row);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 2, ag->id, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc =
		    sqlite3_bind_text(q, 3, role_name(role), -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 4, fp, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 5, now, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_blob(q, 6, blob, (int)len, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE
		   ? MP_OK
		   : store_sqlite_error(st, rc, "keeping the note", err);
}

static enum mp_status next_row(struct store *st, int64_t *row,
			       struct mp_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "SELECT coalesce(max(rowid), 0) + 1"
				    " FROM notes",
				    -1, &q, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*row = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW
		   ? MP_OK
		   : store_sqlite_error(st, rc, "numbering the note", err);
}

/* add (*row 0 on entry) or replace (*row the note): seal and keep text. */
static enum mp_status write_note(struct store *st, const struct agreement *ag,
				 enum ag_role role,
				 const struct mp_secret *pass, int64_t *row,
				 const char *text, size_t len,
				 struct mp_error *err)
{
	bool replace = *row != 0;
	unsigned char *blob = NULL;
	size_t blob_len = 0;
	char fp[SIGN_FP_HEX];
	struct note_key k;
	enum mp_status s;

	if ((s = check_text(text, len, err)) != MP_OK ||
	    (s = notes_may_write(ag, role, err)) != MP_OK ||
	    (s = key_open(st, ag, role, pass, &k, err)) != MP_OK)
		return s;
	if ((s = store_begin(st, err)) != MP_OK) {
		key_close(&k);
		return s;
	}
	s = replace ? note_row(st, ag, role, *row, fp, err)
		    : next_row(st, row, err);
	if (s == MP_OK)
		s = seal(&k, ag->id, role, *row, text, len, &blob, &blob_len,
			 err);
	if (s == MP_OK)
		s = put_row(st, ag, role, *row, replace, k.fp, blob, blob_len,
			    err);
	if (s == MP_OK)
		s = audit_note(st, ag, role,
			       replace ? "note replaced" : "note added", *row,
			       err);
	if (s == MP_OK)
		s = store_commit(st, err);
	else
		store_rollback(st);
	free(blob);
	key_close(&k);
	return s;
}

enum mp_status notes_add(struct store *st, const struct agreement *ag,
			 enum ag_role role, const struct mp_secret *pass,
			 const char *text, size_t len, int64_t *id,
			 struct mp_error *err)
{
	*id = 0;
	return write_note(st, ag, role, pass, id, text, len, err);
}

enum mp_status notes_replace(struct store *st, const struct agreement *ag,
			     enum ag_role role, const struct mp_secret *pass,
			     int64_t id, const char *text, size_t len,
			     struct mp_error *err)
{
	if (id <= 0)
		return mp_error_set(err, MP_ERR_INVALID,
				    "a note's number is a whole number from "
				    "1 (mentorpact notes list shows them)");
	return write_note(st, ag, role, pass, &id, text, len, err);
}

enum mp_status notes_delete(struct store *st, const struct agreement *ag,
			    enum ag_role role, const struct mp_secret *pass,
			    int64_t id, struct mp_error *err)
{
	char fp[SIGN_FP_HEX], row[24];
	const char *p[] = {row};
	struct note_key k;
	enum mp_status s;

	/* The identity rule: only the note's owner, proven by their
	 * signing passphrase, deletes it. */
	if ((s = key_open(st, ag, role, pass, &k, err)) != MP_OK)
		return s;
	key_close(&k);
	if ((s = store_begin(st, err)) != MP_OK)
		return s;
	snprintf(row, sizeof(row), "%" PRId64, id);
	s = note_row(st, ag, role, id, fp, err);
	if (s == MP_OK)
		s = rec_exec(st, "changing notes",
			     "DELETE FROM notes WHERE rowid = ?1", 1, p, err);
	if (s == MP_OK)
		s = audit_note(st, ag, role, "note deleted", id, err);
	if (s == MP_OK)
		s = store_commit(st, err);
	else
		store_rollback(st);
	return s;
}

void notes_list_free(struct note_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].created);
		free(l->items[i].updated);
		if (l->items[i].text)
			sodium_memzero(l->items[i].text, l->items[i].len);
		free(l->items[i].text);
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

static enum mp_status list_rows(struct store *st, const struct agreement *ag,
				enum ag_role role, const struct note_key *k,
				struct note_list *out, struct mp_error *err)
{
	sqlite3_stmt *q = NULL;
	enum mp_status s = MP_OK;
	size_t cap = 0;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "SELECT rowid, created, updated, sealed"
				    " FROM notes WHERE agreement = ?1"
				    " AND role = ?2 ORDER BY rowid",
				    -1, &q, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 1, ag->id, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc =
		    sqlite3_bind_text(q, 2, role_name(role), -1, SQLITE_STATIC);
	while (s == MP_OK && rc == SQLITE_OK &&
	       (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct note *n;

		rc = SQLITE_OK;
		if (out->n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			void *v = realloc(out->items, nc * sizeof(*n));
			if (!v) {
				s = mp_error_set(err, MP_ERR_NOMEM, NULL);
				break;
			}
			out->items = v;
			cap = nc;
		}
		n = &out->items[out->n++];
		memset(n, 0, sizeof(*n));
		n->id = sqlite3_column_int64(q, 0);
		n->created = strdup((const char *)sqlite3_column_text(q, 1));
		n->updated = strdup((const char *)sqlite3_column_text(q, 2));
		if (!n->created || !n->updated)
			s = mp_error_set(err, MP_ERR_NOMEM, NULL);
		else
			s = unseal(k, ag->id, role, n->id,
				   sqlite3_column_blob(q, 3),
				   (size_t)sqlite3_column_bytes(q, 3), n, err);
	}
	sqlite3_finalize(q);
	if (s == MP_OK && rc != SQLITE_DONE)
		s = store_sqlite_error(st, rc, "reading notes", err);
	return s;
}

enum mp_status notes_list(struct store *st, const struct agreement *ag,
			  enum ag_role role, const struct mp_secret *pass,
			  struct note_list *out, struct mp_error *err)
{
	struct note_key k;
	enum mp_status s;

	memset(out, 0, sizeof(*out));
	if ((s = key_open(st, ag, role, pass, &k, err)) != MP_OK)
		return s;
	s = list_rows(st, ag, role, &k, out, err);
	key_close(&k);
	return s;
}

enum mp_status notes_count(struct store *st, const char *id, long counts[2],
			   struct mp_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc =
	    sqlite3_prepare_v2(store_db(st),
			       "SELECT count(*) FILTER (WHERE role ="
			       " 'mentor'), count(*) FILTER (WHERE role ="
			       " 'mentee') FROM notes WHERE agreement = ?1",
			       -1, &q, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		counts[AG_MENTOR] = sqlite3_column_int64(q, 0);
		counts[AG_MENTEE] = sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_ROW
		   ? MP_OK
		   : store_sqlite_error(st, rc, "counting notes", err);
}
