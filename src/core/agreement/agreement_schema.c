/*
 * agreement_schema.c - the agreement module's tables, as steps of the
 * store's schema (store.h, STORE_STEPS): agreements and their versions,
 * kept templates, answers, confirmations, signatures, refused answers,
 * reviews and the search tables; and the SQL functions searching needs on
 * every connection (agreement_words.c).  The order of every module's
 * steps is in doc/ARCHITECTURE.md ("The schema").
 */
#include "agreement_internal.h"

static const struct store_step agreement_steps[] = {
    /* 2: agreements, their versions, answers, confirmations and
     * signatures (with the sealed keys, sign_schema.c, and the audit trail,
     * audit_schema.c, in the same step) */
    {2, 1,
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
     "  PRIMARY KEY(agreement, role)) STRICT, WITHOUT ROWID;",
     NULL},
    /* Signed versions never change: a second guard under the core's. */
    {2, 4,
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
     "  BEGIN SELECT RAISE(ABORT, 'a signed agreement cannot change'); END;",
     NULL},
    /* 3: the administrator's view of large stores.  "latest" marks the
     * newest version of each agreement (kept by triggers), so that lists
     * walk partial indexes in their sort order and stop after one
     * screen.  Search words are folded by agreement_index.c into
     * search_words and search_docs (with each newest version's id,
     * changed time, status and scheme, so that a search walks one small
     * covering index);
     * triggers only note which rows changed (search_pending), because
     * virtual tables such as FTS5 may not be used in triggers here
     * (trusted_schema is off). */
    {3, 1,
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
     NULL},
    /* 4: reviews held, by agreement id (they span versions); they go
     * with the agreement's last version. */
    {4, 1,
     "CREATE TABLE reviews(agreement_id TEXT NOT NULL,"
     "  held_on TEXT NOT NULL, note TEXT, recorded TEXT NOT NULL) STRICT;"
     "CREATE INDEX reviews_by_agreement ON reviews(agreement_id, held_on);"
     "CREATE TRIGGER reviews_go_with_agreement AFTER DELETE ON agreements"
     "  WHEN NOT EXISTS (SELECT 1 FROM agreements WHERE id = OLD.id)"
     "  BEGIN DELETE FROM reviews WHERE agreement_id = OLD.id; END;",
     NULL},
    /* 5: answers typed in the wizard and refused, kept exactly as typed
     * until a valid answer replaces them, so that nothing typed is lost
     * (agreement.h, agreement_set_keep).  They go with their version,
     * like its answers; a version signed by both never holds one, and
     * one held keeps a version from being signed by both. */
    {5, 1,
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
     NULL},
    /* 6: search by key (see agreement_query.c).  Each newest version
     * is kept once under each key of its words (their first two
     * characters) with what a list in the default order needs and a
     * signature of its words' prefixes, newest first, so that a search
     * for a common word walks only the agreements under its key; and
     * how many agreements each key has, to choose which to walk.
     * search_sig is registered on every connection (STORE_ON_CONNECT
     * below). */
    {6, 1,
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
     "  GROUP BY key;",
     NULL},
};
STORE_STEPS(agreement_steps)

STORE_ON_CONNECT(agreement_search_register)
