/*
 * store.c - create, open, migrate and close the encrypted store.
 *
 * Opening is: read the header (header.c), derive the key-encryption key
 * with Argon2id, open a key slot to get the data key, attach the data key
 * to the VFS shim (vfs.c), then sqlite3_open_v2 through the shim.  The
 * data key lives in guarded memory for as long as the store is open.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "mentorpact/header.h"
#include "mentorpact/secret.h"
#include "mentorpact/signers.h"
#include "mentorpact/store.h"
#include "mentorpact/vfs.h"
#include "core/agreement/agreement_internal.h"
#include "store_internal.h"

static char shim_name[64] = VFS_NAME;

/* Migration n (1-based) takes the schema from version n-1 to n. */
static const char *const migrations[] = {
	/* 1: store settings (e.g. where a scheme's agreements are sent) */
	"CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL)"
	" STRICT;",
	/* 2: agreements, their versions, answers, confirmations, signatures,
	 * the signers' sealed keys and the hash-chained audit trail */
	"CREATE TABLE templates(hash TEXT PRIMARY KEY, scheme TEXT NOT NULL,"
	"  canonical TEXT NOT NULL) STRICT;"
	"CREATE TABLE agreements("
	"  rowid INTEGER PRIMARY KEY,"
	"  id TEXT NOT NULL,"
	"  version INTEGER NOT NULL CHECK(version >= 1),"
	"  scheme TEXT NOT NULL,"
	"  template_hash TEXT NOT NULL REFERENCES templates(hash),"
	"  status TEXT NOT NULL CHECK(status IN"
	"    ('draft','ready','signed','active','ended')),"
	"  revision INTEGER NOT NULL DEFAULT 1,"
	"  imported INTEGER NOT NULL DEFAULT 0,"
	"  mentor_name TEXT, mentor_email TEXT, mentor_phone TEXT,"
	"  mentor_organisation TEXT,"
	"  mentee_name TEXT, mentee_email TEXT, mentee_phone TEXT,"
	"  mentee_organisation TEXT,"
	"  created TEXT NOT NULL, changed TEXT NOT NULL, started TEXT,"
	"  signed_on TEXT, review_due TEXT, planned_end TEXT, ended TEXT,"
	"  ended_by TEXT, end_reason TEXT, kept_until TEXT, body TEXT,"
	"  UNIQUE(id, version)) STRICT;"
	"CREATE INDEX agreements_changed ON agreements(changed);"
	"CREATE INDEX agreements_status ON agreements(status, changed);"
	"CREATE INDEX agreements_scheme ON agreements(scheme, changed);"
	"CREATE INDEX agreements_review ON agreements(review_due)"
	"  WHERE review_due IS NOT NULL;"
	"CREATE INDEX agreements_kept ON agreements(kept_until)"
	"  WHERE kept_until IS NOT NULL;"
	"CREATE TABLE agreement_values("
	"  agreement INTEGER NOT NULL REFERENCES agreements(rowid)"
	"    ON DELETE CASCADE,"
	"  field TEXT NOT NULL, value TEXT NOT NULL,"
	"  PRIMARY KEY(agreement, field)) STRICT, WITHOUT ROWID;"
	"CREATE TABLE confirmations("
	"  agreement INTEGER NOT NULL REFERENCES agreements(rowid)"
	"    ON DELETE CASCADE,"
	"  section TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK(role IN ('mentor','mentee')),"
	"  at TEXT NOT NULL,"
	"  PRIMARY KEY(agreement, section, role)) STRICT, WITHOUT ROWID;"
	"CREATE TABLE signatures("
	"  agreement INTEGER NOT NULL REFERENCES agreements(rowid)"
	"    ON DELETE CASCADE,"
	"  role TEXT NOT NULL CHECK(role IN ('mentor','mentee')),"
	"  name TEXT NOT NULL, signed_at TEXT NOT NULL,"
	"  pubkey TEXT NOT NULL, minisig TEXT NOT NULL,"
	"  PRIMARY KEY(agreement, role)) STRICT, WITHOUT ROWID;"
	"CREATE TABLE signing_keys(person TEXT PRIMARY KEY,"
	"  sealed BLOB NOT NULL, created TEXT NOT NULL) STRICT;"
	"CREATE TABLE audit("
	"  seq INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL, agreement TEXT, version INTEGER,"
	"  role TEXT NOT NULL, action TEXT NOT NULL, detail TEXT,"
	"  content_hash BLOB NOT NULL, chain BLOB NOT NULL) STRICT;"
	"CREATE INDEX audit_agreement ON audit(agreement, seq);"
	/* Signed versions never change: a second guard under the core's. */
	"CREATE TRIGGER signed_values_insert BEFORE INSERT ON agreement_values"
	"  WHEN (SELECT status FROM agreements WHERE rowid = NEW.agreement)"
	"    IN ('active','ended')"
	"  BEGIN SELECT RAISE(ABORT, 'a signed agreement cannot change'); END;"
	"CREATE TRIGGER signed_values_update BEFORE UPDATE ON agreement_values"
	"  WHEN (SELECT status FROM agreements WHERE rowid = OLD.agreement)"
	"    IN ('active','ended')"
	"  BEGIN SELECT RAISE(ABORT, 'a signed agreement cannot change'); END;"
	"CREATE TRIGGER signed_text_update BEFORE UPDATE OF body, version, id,"
	"  template_hash ON agreements"
	"  WHEN OLD.status IN ('active','ended')"
	"  BEGIN SELECT RAISE(ABORT, 'a signed agreement cannot change'); END;"
	/* The trail is append-only; the one change allowed is redaction,
	 * which blanks an entry's role, action and detail but keeps its
	 * place, time, agreement id and hashes (see audit.h). */
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	"CREATE TRIGGER audit_only_redact BEFORE UPDATE ON audit"
	"  WHEN NOT (NEW.action = 'redacted' AND NEW.detail IS NULL"
	"    AND NEW.seq = OLD.seq AND NEW.at = OLD.at"
	"    AND NEW.agreement IS OLD.agreement"
	"    AND NEW.version IS OLD.version"
	"    AND NEW.content_hash = OLD.content_hash"
	"    AND NEW.chain = OLD.chain)"
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
	/* 3: the administrator's view of large stores.  "latest" marks the
	 * newest version of each agreement (kept by triggers), so that lists
	 * walk partial indexes in their sort order and stop after one
	 * screen.  Search words are folded by agreement_query.c into
	 * search_words and search_docs (with each newest version's id,
	 * changed time, status and scheme, so that a search walks one small
	 * covering index);
	 * triggers only note which rows changed (search_pending), because
	 * virtual tables such as FTS5 may not be used in triggers here
	 * (trusted_schema is off). */
	"ALTER TABLE agreements ADD COLUMN latest INTEGER NOT NULL DEFAULT 0"
	"  CHECK(latest IN (0, 1));"
	"UPDATE agreements SET latest = 1 WHERE version ="
	"  (SELECT max(version) FROM agreements b WHERE b.id = agreements.id);"
	"DROP INDEX agreements_changed;"
	"DROP INDEX agreements_status;"
	"DROP INDEX agreements_scheme;"
	"DROP INDEX agreements_review;"
	"CREATE INDEX agreements_by_changed ON agreements(changed DESC, id)"
	"  WHERE latest = 1;"
	"CREATE INDEX agreements_by_status ON agreements(status,"
	"  changed DESC, id) WHERE latest = 1;"
	"CREATE INDEX agreements_by_scheme ON agreements(scheme,"
	"  changed DESC, id) WHERE latest = 1;"
	"CREATE INDEX agreements_by_mentor ON agreements("
	"  mentor_name COLLATE NOCASE, id) WHERE latest = 1;"
	"CREATE INDEX agreements_by_mentee ON agreements("
	"  mentee_name COLLATE NOCASE, id) WHERE latest = 1;"
	"CREATE INDEX agreements_by_review ON agreements(review_due IS NULL,"
	"  review_due, id) WHERE latest = 1;"
	"CREATE INDEX agreements_review_open ON agreements(review_due)"
	"  WHERE latest = 1 AND ended IS NULL;"
	"CREATE TRIGGER agreements_latest_insert AFTER INSERT ON agreements"
	"  BEGIN UPDATE agreements SET latest = (version ="
	"    (SELECT max(version) FROM agreements b WHERE b.id = NEW.id))"
	"  WHERE id = NEW.id AND latest IS NOT (version ="
	"    (SELECT max(version) FROM agreements b WHERE b.id = NEW.id));"
	"  END;"
	"CREATE TRIGGER agreements_latest_delete AFTER DELETE ON agreements"
	"  WHEN OLD.latest = 1"
	"  BEGIN UPDATE agreements SET latest = 1 WHERE id = OLD.id"
	"    AND version = (SELECT max(version) FROM agreements b"
	"      WHERE b.id = OLD.id); END;"
	"CREATE TABLE search_pending(doc INTEGER PRIMARY KEY) STRICT;"
	"CREATE TABLE search_docs(doc INTEGER PRIMARY KEY, id TEXT NOT NULL,"
	"  changed TEXT NOT NULL, status TEXT NOT NULL, scheme TEXT NOT NULL,"
	"  words TEXT NOT NULL) STRICT;"
	"CREATE INDEX search_docs_recent ON search_docs(changed DESC, id,"
	"  status, scheme, words);"
	"CREATE TABLE search_words(word TEXT NOT NULL, doc INTEGER NOT NULL,"
	"  PRIMARY KEY(word, doc)) STRICT, WITHOUT ROWID;"
	"CREATE TRIGGER search_stale_insert AFTER INSERT ON agreements"
	"  BEGIN INSERT OR IGNORE INTO search_pending VALUES(NEW.rowid); END;"
	"CREATE TRIGGER search_stale_update AFTER UPDATE OF mentor_name,"
	"  mentor_email, mentee_name, mentee_email, latest, changed, status"
	"  ON agreements"
	"  BEGIN INSERT OR IGNORE INTO search_pending VALUES(NEW.rowid); END;"
	"CREATE TRIGGER search_stale_delete AFTER DELETE ON agreements"
	"  BEGIN INSERT OR IGNORE INTO search_pending VALUES(OLD.rowid); END;"
	"INSERT INTO search_pending SELECT rowid FROM agreements;",
	/* 4: reviews held, by agreement id (they span versions); they go
	 * with the agreement's last version. */
	"CREATE TABLE reviews(agreement_id TEXT NOT NULL,"
	"  held_on TEXT NOT NULL, note TEXT, recorded TEXT NOT NULL) STRICT;"
	"CREATE INDEX reviews_by_agreement ON reviews(agreement_id, held_on);"
	"CREATE TRIGGER reviews_go_with_agreement AFTER DELETE ON agreements"
	"  WHEN NOT EXISTS (SELECT 1 FROM agreements WHERE id = OLD.id)"
	"  BEGIN DELETE FROM reviews WHERE agreement_id = OLD.id; END;",
	/* 5: answers typed in the wizard and refused, kept exactly as typed
	 * until a valid answer replaces them, so that nothing typed is lost
	 * (agreement.h, agreement_set_keep).  They go with their version,
	 * like its answers; a version signed by both never holds one, and
	 * one held keeps a version from being signed by both. */
	"CREATE TABLE pending_answers("
	"  agreement INTEGER NOT NULL REFERENCES agreements(rowid)"
	"    ON DELETE CASCADE,"
	"  field TEXT NOT NULL, typed TEXT NOT NULL,"
	"  PRIMARY KEY(agreement, field)) STRICT, WITHOUT ROWID;"
	"CREATE TRIGGER signed_pending_insert BEFORE INSERT ON pending_answers"
	"  WHEN (SELECT status FROM agreements WHERE rowid = NEW.agreement)"
	"    IN ('active','ended')"
	"  BEGIN SELECT RAISE(ABORT, 'a signed agreement cannot change'); END;"
	"CREATE TRIGGER signed_pending_update BEFORE UPDATE ON pending_answers"
	"  WHEN (SELECT status FROM agreements WHERE rowid = OLD.agreement)"
	"    IN ('active','ended')"
	"  BEGIN SELECT RAISE(ABORT, 'a signed agreement cannot change'); END;"
	"CREATE TRIGGER pending_blocks_signing BEFORE UPDATE OF status"
	"  ON agreements"
	"  WHEN NEW.status IN ('ready','active','ended') AND EXISTS"
	"    (SELECT 1 FROM pending_answers WHERE agreement = NEW.rowid)"
	"  BEGIN SELECT RAISE(ABORT, 'an answer typed was not accepted; it"
	" must be corrected first'); END;",
	/* 6: search by key (see agreement_query.c).  Each newest version
	 * is kept once under each key of its words (their first two
	 * characters) with what a list in the default order needs and a
	 * signature of its words' prefixes, newest first, so that a search
	 * for a common word walks only the agreements under its key; and
	 * how many agreements each key has, to choose which to walk.
	 * search_sig is registered on every connection (configure).
	 * Also: pages written before the VFS zeroed their unused space may
	 * hold stale copies of rows; a store with content owes one in-place
	 * rewrite, which the next deletion makes (agreement_admin.c). */
	"CREATE TABLE search_keys(key TEXT NOT NULL, changed TEXT NOT NULL,"
	"  id TEXT NOT NULL, doc INTEGER NOT NULL, status TEXT NOT NULL,"
	"  scheme TEXT NOT NULL, sig INTEGER NOT NULL, words TEXT NOT NULL,"
	"  PRIMARY KEY(key, changed DESC, id, doc)) STRICT, WITHOUT ROWID;"
	"CREATE TABLE search_key_counts(key TEXT PRIMARY KEY,"
	"  n INTEGER NOT NULL) STRICT, WITHOUT ROWID;"
	"INSERT OR IGNORE INTO search_keys SELECT substr(w.word, 1, 2),"
	"  d.changed, d.id, d.doc, d.status, d.scheme, search_sig(d.words),"
	"  d.words FROM search_words w CROSS JOIN search_docs d"
	"  ON d.doc = w.doc WHERE length(w.word) >= 2;"
	"INSERT INTO search_key_counts SELECT key, count(*) FROM search_keys"
	"  GROUP BY key;"
	"INSERT OR REPLACE INTO settings(key, value)"
	"  SELECT 'internal.scrub-pending', 'yes'"
	"  WHERE EXISTS (SELECT 1 FROM agreements)"
	"  OR EXISTS (SELECT 1 FROM audit);",
	/* 7: the register of signers (signers.c): every key the store has
	 * met, whose it is (by a hash of the person's normalised identity,
	 * with their email and name until they are erased), and from when it
	 * no longer counts.  A key is one person's; a person has one key in
	 * use.  Filled from the signatures already held (signers_backfill,
	 * run by migrate() after this). */
	"CREATE TABLE signers(rowid INTEGER PRIMARY KEY,"
	"  fp TEXT NOT NULL UNIQUE CHECK(length(fp) = 32),"
	"  ident TEXT NOT NULL, email TEXT, name TEXT,"
	"  first_seen TEXT NOT NULL, source TEXT NOT NULL, agreement TEXT,"
	"  retired TEXT, retired_why TEXT, erased TEXT) STRICT;"
	"CREATE INDEX signers_by_ident ON signers(ident);"
	"CREATE UNIQUE INDEX signers_in_use ON signers(ident)"
	"  WHERE retired IS NULL AND erased IS NULL;",
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) ==
		       STORE_SCHEMA_VERSION,
	       "one migration per schema version");

int store_kdf_parse(const char *name)
{
	static const char *const names[] = {"interactive", "moderate",
					    "sensitive"};
	for (int i = 0; i < 3; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

const char *store_kdf_name(enum store_kdf kdf)
{
	switch (kdf) {
	case STORE_KDF_INTERACTIVE:
		return "interactive";
	case STORE_KDF_MODERATE:
		return "moderate";
	case STORE_KDF_SENSITIVE:
		return "sensitive";
	}
	return "?";
}

enum mp_status store_default_path(char *buf, size_t size,
				  struct mp_error *err)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	int n;

	if (xdg && *xdg == '/')
		n = snprintf(buf, size, "%s/mentorpact/agreements.mpact", xdg);
	else if (home && *home)
		n = snprintf(buf, size,
			     "%s/.local/share/mentorpact/agreements.mpact",
			     home);
	else
		return mp_error_set(err, MP_ERR_USAGE,
				    "neither XDG_DATA_HOME nor HOME is set; "
				    "name the store with --store FILE");
	if (n < 0 || (size_t)n >= size)
		return mp_error_set(err, MP_ERR_USAGE,
				    "the store's path is too long");
	return MP_OK;
}

void store_set_base_vfs(const char *base)
{
	if (!base) {
		snprintf(shim_name, sizeof(shim_name), "%s", VFS_NAME);
		return;
	}
	snprintf(shim_name, sizeof(shim_name), "%s+%s", VFS_NAME, base);
	vfs_register_over(shim_name, base);
}

const char *store_vfs_name(void)
{
	return shim_name;
}

sqlite3 *store_db(struct store *st)
{
	return st->db;
}

const char *store_path(const struct store *st)
{
	return st->path;
}

const char *store_warning(const struct store *st)
{
	return st->warning[0] ? st->warning : NULL;
}

enum mp_status store_errno(int e, const char *what, const char *path,
			   struct mp_error *err)
{
	enum mp_status s = e == ENOENT		      ? MP_ERR_NOT_FOUND
			   : e == EACCES || e == EPERM || e == EROFS ? MP_ERR_PERM
			   : e == ENOSPC || e == EDQUOT ? MP_ERR_FULL
			   : e == EEXIST		? MP_ERR_EXISTS
							: MP_ERR_IO;
	if (s == MP_ERR_PERM)
		return mp_error_set(err, s,
				    "permission denied: cannot %s %s (%s); "
				    "check who owns it and its folder",
				    what, path, strerror(e));
	if (s == MP_ERR_FULL)
		return mp_error_set(err, s,
				    "the disk is full: cannot %s %s; nothing "
				    "was changed",
				    what, path);
	return mp_error_set(err, s, "cannot %s %s: %s", what, path,
			    strerror(e));
}

enum mp_status store_sqlite_error(struct store *st, int rc, const char *what,
				  struct mp_error *err)
{
	struct vfs_damage d = vfs_take_damage(shim_name, st->path);
	int sys = st->db ? sqlite3_system_errno(st->db) : 0;
	const char *msg = st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);

	switch (d.kind) {
	case VFS_DAMAGE_PAGE:
		return mp_error_set(err, MP_ERR_DAMAGED,
				    "page %u failed authentication: %s was "
				    "damaged or tampered with (while %s)",
				    d.pgno, st->path, what);
	case VFS_DAMAGE_JOURNAL:
		return mp_error_set(err, MP_ERR_DAMAGED,
				    "the journal of %s is damaged at page %u "
				    "(while %s)",
				    st->path, d.pgno, what);
	case VFS_DAMAGE_TRUNCATED:
		return mp_error_set(err, MP_ERR_DAMAGED,
				    "%s ends part way through page %u: it was "
				    "cut short (while %s)",
				    st->path, d.pgno, what);
	case VFS_DAMAGE_RESERVE:
	case VFS_DAMAGE_REFUSED_FILE:
		return mp_error_set(err, MP_ERR_INTERNAL,
				    "refused an unencrypted write to %s "
				    "(while %s)",
				    st->path, what);
	case VFS_DAMAGE_NONE:
		break;
	}
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return mp_error_set(err, MP_ERR_BUSY,
				    "%s is busy: another mentorpact is using "
				    "it; try again in a moment (while %s)",
				    st->path, what);
	case SQLITE_FULL:
		return mp_error_set(err, MP_ERR_FULL,
				    "the disk holding %s is full; nothing was "
				    "changed (while %s)",
				    st->path, what);
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return mp_error_set(err, MP_ERR_PERM,
				    "permission denied writing %s (while %s)",
				    st->path, what);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return mp_error_set(err, MP_ERR_DAMAGED,
				    "the database inside %s is damaged: %s "
				    "(while %s)",
				    st->path, msg, what);
	case SQLITE_NOMEM:
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		if (sys == ENOSPC || sys == EDQUOT)
			return mp_error_set(err, MP_ERR_FULL,
					    "the disk holding %s is full; "
					    "nothing was changed (while %s)",
					    st->path, what);
		if (sys == EACCES || sys == EPERM || sys == EROFS)
			return mp_error_set(err, MP_ERR_PERM,
					    "permission denied on %s or its "
					    "folder (while %s)",
					    st->path, what);
		return mp_error_set(err, MP_ERR_IO,
				    "input/output error on %s: %s (while %s)",
				    st->path, sys ? strerror(sys) : msg, what);
	default:
		return mp_error_set(err, MP_ERR_FAILED, "%s failed: %s", what,
				    msg);
	}
}

enum mp_status store_exec(struct store *st, const char *sql, const char *what,
			  struct mp_error *err)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? MP_OK : store_sqlite_error(st, rc, what, err);
}

enum mp_status store_begin(struct store *st, struct mp_error *err)
{
	return store_exec(st, "BEGIN IMMEDIATE", "starting a change", err);
}

enum mp_status store_commit(struct store *st, struct mp_error *err)
{
	enum mp_status s = store_exec(st, "COMMIT", "saving", err);

	if (s != MP_OK)
		store_rollback(st);
	return s;
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static enum mp_status schema_version(struct store *st, int *version,
				     struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q,
				    NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		*version = sqlite3_column_int(q, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_OK
		       ? MP_OK
		       : store_sqlite_error(st, rc, "reading the schema", err);
}

/* Bring the schema up to STORE_SCHEMA_VERSION, all in one transaction. */
static enum mp_status migrate(struct store *st, struct mp_error *err)
{
	char sql[64];
	enum mp_status s;
	int v;

	if ((s = schema_version(st, &v, err)) != MP_OK)
		return s;
	if (v > STORE_SCHEMA_VERSION)
		return mp_error_set(err, MP_ERR_NOT_STORE,
				    "%s uses schema %d, newer than this "
				    "mentorpact knows (%d); upgrade mentorpact",
				    st->path, v, STORE_SCHEMA_VERSION);
	if (v == STORE_SCHEMA_VERSION)
		return MP_OK;
	if ((s = store_begin(st, err)) != MP_OK)
		return s;
	if ((s = schema_version(st, &v, err)) != MP_OK) /* raced? */
		goto fail;
	for (; v < STORE_SCHEMA_VERSION; v++) {
		s = store_exec(st, migrations[v], "upgrading the schema", err);
		if (s == MP_OK && v + 1 == 7)
			s = signers_backfill(st, err);
		if (s != MP_OK)
			goto fail;
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d",
		 STORE_SCHEMA_VERSION);
	if ((s = store_exec(st, sql, "upgrading the schema", err)) != MP_OK)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return s;
}

/*
 * Wait for another process's lock in short, even steps for up to
 * STORE_BUSY_MS: SQLite's own busy timeout backs off to 100 ms sleeps, so
 * a writer committing in a loop can starve another for seconds.
 */
#define STORE_BUSY_MS 15000
static int busy_wait(void *arg, int tries)
{
	(void)arg;
	if (tries >= STORE_BUSY_MS)
		return 0;
	sqlite3_sleep(1);
	return 1;
}

/* The settings every connection needs; see DESIGN.md "The encrypted store". */
static enum mp_status configure(struct store *st, struct mp_error *err)
{
	int rc;

	sqlite3_busy_handler(st->db, busy_wait, NULL);
	sqlite3_extended_result_codes(st->db, 1);
	if ((rc = agreement_search_register(st->db)) != SQLITE_OK)
		return store_sqlite_error(st, rc, "opening the store", err);
	return store_exec(st,
			  "PRAGMA temp_store=MEMORY;"
			  "PRAGMA mmap_size=0;"
			  "PRAGMA journal_mode=TRUNCATE;"
			  "PRAGMA synchronous=FULL;"
			  "PRAGMA foreign_keys=ON;"
			  "PRAGMA secure_delete=ON;"
			  /* below the page count at which vfs.c can no longer
			   * tell b-tree pages by their first byte: 128 GiB */
			  "PRAGMA max_page_count=33554431;"
			  "PRAGMA trusted_schema=OFF;"
			  "SELECT count(*) FROM sqlite_schema;",
			  "opening the store", err);
}

enum mp_status store_alloc(const char *path, struct store **out,
				  struct mp_error *err)
{
	struct store *st = calloc(1, sizeof(*st));
	enum mp_status s;

	*out = NULL;
	if (!st || !(st->path = strdup(path))) {
		free(st);
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	s = secret_alloc(VFS_KEY_SIZE, &st->key, err);
	if (s != MP_OK) {
		free(st->path);
		free(st);
		return s;
	}
	st->key->len = VFS_KEY_SIZE;
	st->slot = -1;
	*out = st;
	return MP_OK;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->db)
		sqlite3_close_v2(st->db);
	if (st->attached)
		vfs_detach(shim_name, st->path);
	secret_free(st->key);
	sodium_memzero(&st->hdr, sizeof(st->hdr));
	free(st->path);
	free(st);
}

/* Attach the key and open SQLite through the shim. */
static enum mp_status open_sqlite(struct store *st, int create,
				  struct mp_error *err)
{
	int rc;

	if (vfs_register() != SQLITE_OK)
		return mp_error_set(err, MP_ERR_INTERNAL,
				    "cannot register the encrypting VFS");
	rc = vfs_attach(shim_name, st->path, st->key->data, st->hdr.file_id);
	if (rc != SQLITE_OK)
		return mp_error_set(err, MP_ERR_INTERNAL,
				    "cannot attach the key for %s", st->path);
	st->attached = 1;
	rc = sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READWRITE,
			     shim_name);
	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "opening the store", err);
	if (create) {
		int reserve = VFS_RESERVE;
		rc = sqlite3_file_control(st->db, "main",
					  SQLITE_FCNTL_RESERVE_BYTES, &reserve);
		if (rc != SQLITE_OK)
			return store_sqlite_error(st, rc, "creating the store",
						  err);
	}
	return configure(st, err);
}

enum mp_status store_read_header(const char *path, unsigned char *buf,
				 size_t *n, struct mp_error *err)
{
	struct stat sb;
	ssize_t got;
	/* O_NONBLOCK: a FIFO named as the store must not hang the open;
	 * it is refused below as not a regular file. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			return mp_error_set(err, MP_ERR_NOT_FOUND,
					    "there is no store at %s; create "
					    "one with 'mentorpact init'",
					    path);
		return store_errno(errno, "open", path, err);
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return mp_error_set(err, MP_ERR_NOT_STORE,
				    "%s is not a mentorpact store (not a "
				    "regular file)",
				    path);
	}
	got = pread(fd, buf, VFS_HEADER_SIZE, 0);
	close(fd);
	if (got < 0)
		return store_errno(errno, "read", path, err);
	*n = (size_t)got;
	return MP_OK;
}

enum mp_status store_check_size(const char *path, struct mp_error *err)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return store_errno(errno, "examine", path, err);
	if (sb.st_size <= VFS_HEADER_SIZE)
		return mp_error_set(err, MP_ERR_DAMAGED,
				    "%s ends part way through its header or "
				    "holds no pages: it was cut short",
				    path);
	if ((sb.st_size - VFS_HEADER_SIZE) % VFS_PAGE_SIZE == 0)
		return MP_OK;
	return mp_error_set(err, MP_ERR_DAMAGED,
			    "%s ends part way through page %lld: it was cut "
			    "short or has bytes added at the end",
			    path,
			    (long long)((sb.st_size - VFS_HEADER_SIZE) /
					VFS_PAGE_SIZE) +
				    1);
}

static double monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum mp_status store_unlock_header(const char *path,
				   const struct mp_secret *pass,
				   struct header *h, int *slot,
				   int *copies_ok, unsigned char *key,
				   double *kdf_seconds, struct mp_error *err)
{
	unsigned char buf[VFS_HEADER_SIZE];
	struct mp_secret *kek;
	enum mp_status s;
	size_t n = 0;
	double t0;

	if ((s = store_read_header(path, buf, &n, err)) != MP_OK)
		return s;
	if ((s = header_choose(buf, n, path, h, copies_ok, err)) != MP_OK)
		return s;
	if ((s = header_check_kdf(h, path, err)) != MP_OK)
		return s;
	if ((s = secret_alloc(VFS_KEY_SIZE, &kek, err)) != MP_OK)
		return s;
	t0 = monotonic_seconds();
	s = header_derive(h, pass->data, pass->len, kek->data, err);
	if (kdf_seconds)
		*kdf_seconds = monotonic_seconds() - t0;
	*slot = -1;
	for (int i = 0; s == MP_OK && i < HEADER_SLOTS && *slot < 0; i++)
		if (header_slot_open(h, i, kek->data, key) == 0)
			*slot = i;
	secret_free(kek);
	if (s == MP_OK && *slot < 0)
		s = h->kdf_level != STORE_KDF_SENSITIVE
			    ? mp_error_set(err, MP_ERR_PASSPHRASE,
					   "wrong passphrase for %s; nothing "
					   "was changed",
					   path)
			    : mp_error_set(
				      err, MP_ERR_PASSPHRASE,
				      "wrong passphrase for %s (its header "
				      "asks for the %s key-derivation level: "
				      "if the store was made at a lower "
				      "level, its header was altered); "
				      "nothing was changed",
				      path, header_kdf_level_name(h->kdf_level));
	return s;
}

enum mp_status store_unlock(const char *path, const struct mp_secret *pass,
			    struct store **out, int *copies_ok,
			    struct mp_error *err)
{
	struct store *st;
	enum mp_status s;

	if ((s = store_alloc(path, &st, err)) != MP_OK)
		return s;
	s = store_unlock_header(path, pass, &st->hdr, &st->slot, copies_ok,
				st->key->data, &st->kdf_seconds, err);
	if (s != MP_OK) {
		store_close(st);
		return s;
	}
	*out = st;
	return MP_OK;
}

enum mp_status store_open_sqlite(struct store *st, enum store_mode mode,
				 struct mp_error *err)
{
	enum mp_status s = open_sqlite(st, mode == STORE_MODE_CREATE, err);

	return s == MP_OK && mode == STORE_MODE_OPEN ? migrate(st, err) : s;
}

enum mp_status store_open(const char *path, const struct mp_secret *pass,
			  struct store **out, struct mp_error *err)
{
	struct store *st;
	enum mp_status s;
	int copies_ok;

	if ((s = store_unlock(path, pass, &st, &copies_ok, err)) != MP_OK)
		return s;
	s = store_check_size(path, err);
	if (s == MP_OK && copies_ok < 2)
		snprintf(st->warning, sizeof(st->warning),
			 "one of the two header copies of %s is damaged; the "
			 "other was used (run 'mentorpact check')",
			 path);
	if (s == MP_OK)
		s = store_open_sqlite(st, STORE_MODE_OPEN, err);
	if (s != MP_OK) {
		store_close(st);
		return s;
	}
	*out = st;
	return MP_OK;
}

enum mp_status store_write_header(const char *path, struct header *h,
				  struct mp_error *err)
{
	unsigned char copy[HEADER_COPY_SIZE];
	enum mp_status s = MP_OK;
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return store_errno(errno, "write the header of", path, err);
	h->generation++;
	header_encode(h, copy);
	/* One copy at a time, each made durable before the next is touched:
	 * a torn write can spoil at most one. */
	for (int i = 0; i < 2 && s == MP_OK; i++)
		if (pwrite(fd, copy, sizeof(copy), i * HEADER_COPY_SIZE) !=
			    (ssize_t)sizeof(copy) ||
		    fsync(fd) != 0)
			s = store_errno(errno ? errno : EIO,
					"write the header of", path, err);
	close(fd);
	sodium_memzero(copy, sizeof(copy));
	return s;
}

static enum mp_status make_parent(const char *path, struct mp_error *err)
{
	char *dir = strdup(path);
	char *slash;
	enum mp_status s = MP_OK;

	if (!dir)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	for (slash = strchr(dir + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			s = store_errno(errno, "create the folder", dir, err);
			break;
		}
		*slash = '/';
	}
	free(dir);
	return s;
}

void store_sync_parent(const char *path)
{
	char *dir = strdup(path);
	char *slash = dir ? strrchr(dir, '/') : NULL;
	int fd;

	if (!dir)
		return;
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

enum mp_status store_create_file(const char *path, const struct header *h,
				 struct mp_error *err)
{
	unsigned char copy[HEADER_COPY_SIZE];
	enum mp_status s;
	int fd;

	if ((s = make_parent(path, err)) != MP_OK)
		return s;
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return mp_error_set(err, MP_ERR_EXISTS,
					    "%s already exists; nothing was "
					    "changed",
					    path);
		return store_errno(errno, "create", path, err);
	}
	header_encode(h, copy);
	for (int i = 0; i < 2; i++)
		if (pwrite(fd, copy, sizeof(copy), i * HEADER_COPY_SIZE) !=
		    (ssize_t)sizeof(copy)) {
			s = store_errno(errno ? errno : ENOSPC, "write", path,
					err);
			break;
		}
	if (s == MP_OK && (fchmod(fd, 0600) != 0 || fsync(fd) != 0))
		s = store_errno(errno, "write", path, err);
	close(fd);
	if (s != MP_OK)
		unlink(path);
	else
		store_sync_parent(path);
	return s;
}

/* Remove a store file that could not be finished, and its journal. */
void store_remove_files(const char *path)
{
	char journal[4096];

	unlink(path);
	if (snprintf(journal, sizeof(journal), "%s-journal", path) <
	    (int)sizeof(journal))
		unlink(journal);
}

enum mp_status store_create(const char *path, const struct mp_secret *pass,
			    enum store_kdf kdf, struct store **out,
			    struct mp_error *err)
{
	struct mp_secret *kek = NULL;
	struct store *st;
	enum mp_status s;

	*out = NULL;
	if ((s = store_alloc(path, &st, err)) != MP_OK)
		return s;
	st->hdr.version = HEADER_VERSION;
	st->hdr.page_size = VFS_PAGE_SIZE;
	st->hdr.reserve = VFS_RESERVE;
	st->hdr.kdf_alg = crypto_pwhash_ALG_ARGON2ID13;
	header_kdf_params(kdf, &st->hdr.opslimit, &st->hdr.memlimit);
	st->hdr.kdf_level = kdf;
	randombytes_buf(st->hdr.file_id, sizeof(st->hdr.file_id));
	randombytes_buf(st->hdr.salt, sizeof(st->hdr.salt));
	randombytes_buf(st->key->data, VFS_KEY_SIZE);
	s = secret_alloc(VFS_KEY_SIZE, &kek, err);
	if (s == MP_OK)
		s = header_derive(&st->hdr, pass->data, pass->len, kek->data,
				  err);
	if (s == MP_OK) {
		header_slot_seal(&st->hdr, 0, kek->data, st->key->data);
		st->slot = 0;
	}
	secret_free(kek);
	if (s == MP_OK)
		s = store_create_file(path, &st->hdr, err);
	if (s == MP_OK) {
		s = open_sqlite(st, 1, err);
		if (s == MP_OK)
			s = migrate(st, err);
		if (s != MP_OK) {
			store_close(st);
			store_remove_files(path);
			return s;
		}
	}
	if (s != MP_OK) {
		store_close(st);
		return s;
	}
	*out = st;
	return MP_OK;
}
