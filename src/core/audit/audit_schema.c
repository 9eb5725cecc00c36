/*
 * audit_schema.c - the audit trail's table, as steps of the store's schema
 * (store.h, STORE_STEPS).  It came with the agreements' tables in step 2;
 * the order of every module's steps is in doc/ARCHITECTURE.md ("The
 * schema").
 */
#include "audit_internal.h"

static const struct store_step audit_steps[] = {
    /* 2: the hash-chained audit trail */
    {2, 3,
     "CREATE TABLE audit("
     "  seq INTEGER PRIMARY KEY,"
     "  at TEXT NOT NULL, agreement TEXT, version INTEGER,"
     "  role TEXT NOT NULL, action TEXT NOT NULL, detail TEXT,"
     "  content_hash BLOB NOT NULL, chain BLOB NOT NULL) STRICT;"
     "CREATE INDEX audit_agreement ON audit(agreement, seq);",
     NULL},
    /* The trail is append-only; the one change allowed is redaction,
     * which blanks an entry's role, action and detail but keeps its
     * place, time, agreement id and hashes (see audit.h). */
    {2, 5,
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
     NULL},
};
STORE_STEPS(audit_steps)
