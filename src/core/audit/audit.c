/* audit.c - the hash-chained audit trail; see audit.h. */
#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <string.h>

#include <sodium.h>

#include "audit_internal.h"
#include "mentorpact/store.h"

#define HASH 32

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* content = BLAKE2b-256 of the fields joined by '|'. */
static void content_hash(int64_t seq, const char *at, const char *agreement,
			 int version, const char *role, const char *action,
			 const char *detail, unsigned char out[HASH])
{
	crypto_generichash_state h;
	char head[64];

	snprintf(head, sizeof(head), "%lld|", (long long)seq);
	crypto_generichash_init(&h, NULL, 0, HASH);
	crypto_generichash_update(&h, (const unsigned char *)head,
				  strlen(head));
	const char *parts[] = {at, agreement, NULL, role, action, detail};
	for (size_t i = 0; i < 6; i++) {
		char num[16];
		const char *p = parts[i];
		if (i == 2) {
			snprintf(num, sizeof(num), "%d", version);
			p = num;
		}
		crypto_generichash_update(&h, (const unsigned char *)or_empty(p),
					  strlen(or_empty(p)));
		if (i < 5)
			crypto_generichash_update(
				&h, (const unsigned char *)"|", 1);
	}
	crypto_generichash_final(&h, out, HASH);
}

static void chain_hash(const unsigned char prev[HASH],
		       const unsigned char content[HASH],
		       unsigned char out[HASH])
{
	unsigned char both[2 * HASH];

	memcpy(both, prev, HASH);
	memcpy(both + HASH, content, HASH);
	crypto_generichash(out, HASH, both, sizeof(both), NULL, 0);
}

/* The last entry's seq and chain (zeroes for an empty trail). */
static int last_entry(sqlite3 *db, int64_t *seq, unsigned char chain[HASH])
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(
		db, "SELECT seq, chain FROM audit ORDER BY seq DESC LIMIT 1",
		-1, &q, NULL);

	*seq = 0;
	memset(chain, 0, HASH);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(q, 1) == HASH) {
		*seq = sqlite3_column_int64(q, 0);
		memcpy(chain, sqlite3_column_blob(q, 1), HASH);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void utc_now(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

enum mp_status audit_append(struct store *st, const char *agreement,
			    int version, const char *role, const char *action,
			    const char *detail, struct mp_error *err)
{
	sqlite3 *db = store_db(st);
	unsigned char prev[HASH], content[HASH], chain[HASH];
	sqlite3_stmt *q;
	char at[32];
	int64_t seq;
	int rc;

	utc_now(at);
	rc = last_entry(db, &seq, prev);
	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading the audit trail",
					  err);
	seq++;
	content_hash(seq, at, agreement, version, role, action, detail,
		     content);
	chain_hash(prev, content, chain);
	rc = sqlite3_prepare_v2(db,
				"INSERT INTO audit(seq, at, agreement, version,"
				" role, action, detail, content_hash, chain)"
				" VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)",
				-1, &q, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(q, 1, seq);
		sqlite3_bind_text(q, 2, at, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 3, agreement, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(q, 4, version);
		sqlite3_bind_text(q, 5, role, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 6, action, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 7, detail, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(q, 8, content, HASH, SQLITE_TRANSIENT);
		sqlite3_bind_blob(q, 9, chain, HASH, SQLITE_TRANSIENT);
		rc = sqlite3_step(q);
		sqlite3_finalize(q);
	}
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "writing the audit trail",
					  err);
	return MP_OK;
}

static const char *col(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

enum mp_status audit_walk(struct store *st, const char *agreement,
			  void (*each)(void *ctx, const struct audit_entry *e),
			  void *ctx, int64_t *entries, struct mp_error *err)
{
	unsigned char prev[HASH] = {0}, content[HASH], chain[HASH];
	sqlite3_stmt *q;
	int64_t expect = 1;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "SELECT seq, at, agreement, version, role,"
				    " action, detail, content_hash, chain"
				    " FROM audit ORDER BY seq",
				    -1, &q, NULL);

	*entries = 0;
	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading the audit trail",
					  err);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct audit_entry e = {
			sqlite3_column_int64(q, 0), col(q, 1), col(q, 2),
			col(q, 4), col(q, 5), col(q, 6), sqlite3_column_int(q, 3)};
		int redacted = sqlite3_column_type(q, 6) == SQLITE_NULL &&
			       e.action && strcmp(e.action, "redacted") == 0;
		/* A redacted entry's content is gone; its hashes still
		 * carry the chain. */

		if (e.seq != expect || sqlite3_column_bytes(q, 7) != HASH ||
		    sqlite3_column_bytes(q, 8) != HASH)
			goto broken;
		if (!redacted) {
			content_hash(e.seq, e.at, e.agreement, e.version,
				     e.role, e.action, e.detail, content);
			if (memcmp(content, sqlite3_column_blob(q, 7), HASH))
				goto broken;
		}
		chain_hash(prev, sqlite3_column_blob(q, 7), chain);
		if (memcmp(chain, sqlite3_column_blob(q, 8), HASH))
			goto broken;
		memcpy(prev, chain, HASH);
		expect++;
		(*entries)++;
		if (each && (!agreement ||
			     (e.agreement && strcmp(e.agreement, agreement) == 0)))
			each(ctx, &e);
		continue;
	broken:
		sqlite3_finalize(q);
		return mp_error_set(err, MP_ERR_DAMAGED,
				    "the audit trail breaks at entry %lld: it "
				    "was changed, removed or reordered there",
				    (long long)expect);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "reading the audit trail",
					  err);
	return MP_OK;
}

enum mp_status audit_redact(struct store *st, const char *agreement,
			    int64_t *count, struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "UPDATE audit SET role = '-',"
				    " action = 'redacted', detail = NULL"
				    " WHERE agreement = ?1"
				    " AND action <> 'redacted'",
				    -1, &q, NULL);

	*count = 0;
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(q, 1, agreement, -1, SQLITE_STATIC);
		rc = sqlite3_step(q);
		sqlite3_finalize(q);
	}
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "redacting the audit trail",
					  err);
	*count = sqlite3_changes(store_db(st));
	return MP_OK;
}

void audit_head_format(const struct audit_head *head,
		       char buf[AUDIT_HEAD_TEXT_MAX])
{
	char chain[2 * 32 + 1], store[2 * 8 + 1];

	sodium_bin2hex(chain, sizeof(chain), head->chain, sizeof(head->chain));
	sodium_bin2hex(store, sizeof(store), head->store, sizeof(head->store));
	snprintf(buf, AUDIT_HEAD_TEXT_MAX,
		 "mentorpact audit head: entry %lld, chain %s, store %s",
		 (long long)head->seq, chain, store);
}

enum mp_status audit_head_parse(const char *text, struct audit_head *head,
				struct mp_error *err)
{
	static const char tag[] = "mentorpact audit head: entry ";
	const char *p = strstr(text, tag);
	char chain[65], store[17];
	long long seq;
	int used = 0;

	memset(head, 0, sizeof(*head));
	if (!p)
		return mp_error_set(err, MP_ERR_INVALID,
				    "no audit head found (a line \"mentorpact "
				    "audit head: entry N, chain ..., store "
				    "...\", as 'mentorpact audit --head' "
				    "prints it)");
	if (sscanf(p + strlen(tag), "%lld, chain %64[0-9a-f], store "
				    "%16[0-9a-f]%n",
		   &seq, chain, store, &used) != 3 ||
	    !used || seq < 0 || strlen(chain) != 64 || strlen(store) != 16 ||
	    sodium_hex2bin(head->chain, 32, chain, 64, NULL, NULL, NULL) ||
	    sodium_hex2bin(head->store, 8, store, 16, NULL, NULL, NULL))
		return mp_error_set(err, MP_ERR_INVALID,
				    "the audit head is cut or changed: it "
				    "must read \"mentorpact audit head: entry "
				    "N, chain (64 hex digits), store (16 hex "
				    "digits)\"");
	head->seq = seq;
	return MP_OK;
}

/* The chain hash of entry seq into out; false when there is none. */
static bool chain_of(struct store *st, int64_t seq, unsigned char *out,
		     size_t n)
{
	sqlite3_stmt *q;
	bool found = false;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT chain FROM audit WHERE seq = ?1", -1, &q,
			       NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_int64(q, 1, seq);
	if (sqlite3_step(q) == SQLITE_ROW &&
	    sqlite3_column_bytes(q, 0) == HASH) {
		memcpy(out, sqlite3_column_blob(q, 0), n);
		found = true;
	}
	sqlite3_finalize(q);
	return found;
}

enum mp_status audit_head_get(struct store *st, const struct audit_head *kept,
			      struct audit_head *head, unsigned char at[32],
			      struct mp_error *err)
{
	enum mp_status s;

	memset(head, 0, sizeof(*head));
	if (at)
		memset(at, 0, 32);
	s = audit_walk(st, NULL, NULL, NULL, &head->seq, err);
	if (s != MP_OK)
		return s;
	if (head->seq && (!chain_of(st, head->seq, head->chain, HASH) ||
			  !chain_of(st, 1, head->store, sizeof(head->store))))
		return mp_error_set(err, MP_ERR_DAMAGED,
				    "the audit trail could not be read back");
	if (kept && at && kept->seq >= 1 && kept->seq <= head->seq &&
	    !chain_of(st, kept->seq, at, HASH))
		return mp_error_set(err, MP_ERR_DAMAGED,
				    "the audit trail could not be read back");
	return MP_OK;
}
