/*
 * signers_backfill.c - the migration to schema 7: the register of signers
 * filled from the signatures a store already holds, oldest first.
 */
#include <stdio.h>
#include <string.h>

#include "sign_internal.h"
#include "mentorpact/signers.h"
#include "mentorpact/store.h"

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
		s = reg_retire_key(st, have, at, "another key was met later",
				   err);
	snprintf(ref, sizeof(ref), "%s version %d", sqlite3_column_text(q, 7),
		 sqlite3_column_int(q, 8));
	if (s == MP_OK)
		s = reg_insert_key(st, fp, ident, email, name, at,
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
