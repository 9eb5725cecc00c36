/*
 * records_schema.c - the records module's tables, as steps of the
 * store's schema (store.h, STORE_STEPS): the session log, forms and their
 * running tallies, sealed notes, what is due, and early endings (step 8).
 * The order of every module's steps is in doc/ARCHITECTURE.md ("The
 * schema").
 *
 * Every record is kept by the agreement's id, not one version of it: it
 * belongs to the relationship across versions and re-contracting.  Rows
 * go when the last version of their agreement goes (purge, erase), as
 * the reviews do.  Records are written only while the agreement's latest
 * version is active; once it ended they are closed, but for the forms
 * due at its end.
 */
#include "records_internal.h"

/* The status of an agreement id's latest version, in a trigger. */
#define LATEST(id)                                                             \
	"(SELECT status FROM agreements WHERE id = " id " AND latest = 1)"

static const struct store_step records_steps[] = {
    /* 8.1: the session log.  One row per meeting, numbered from 1 within
     * the agreement.  author is the role that wrote it; held the date it
     * took place; minutes its length; how "in person", "video", "phone"
     * or the pair's own words; next the date of the next meeting agreed.
     * A withdrawn entry keeps its row and is not counted.  The
     * template's own session fields' answers go in session_values, in
     * normal form. */
    {8, 1,
     "CREATE TABLE sessions(rowid INTEGER PRIMARY KEY,"
     "  agreement TEXT NOT NULL, n INTEGER NOT NULL CHECK(n > 0),"
     "  author TEXT NOT NULL CHECK(author IN ('mentor', 'mentee')),"
     "  held TEXT NOT NULL, minutes INTEGER CHECK(minutes > 0),"
     "  how TEXT, next TEXT, created TEXT NOT NULL,"
     "  updated TEXT NOT NULL, withdrawn TEXT,"
     "  UNIQUE(agreement, n)) STRICT;"
     "CREATE TABLE session_values(session INTEGER NOT NULL"
     "  REFERENCES sessions(rowid) ON DELETE CASCADE,"
     "  field TEXT NOT NULL, value TEXT NOT NULL,"
     "  PRIMARY KEY(session, field)) STRICT;",
     NULL},
    /* 8.2: forms.  One entry per form, occasion and role: occasion is
     * "start", "end", a stage's name, a session's number, or a review's
     * date; stage is what the scheme's evaluation counts it under
     * ("start", "end", the stage's name, "session", "review").  An entry
     * is a draft (autosaved as typed) until submitted; a submitted
     * entry's answers no longer change.  scheme is copied from the
     * agreement so that the tallies need not look it up.
     *
     * form_tally keeps the evaluation's counts as entries are submitted
     * or deleted: per scheme, form, stage, question and answer (ratings,
     * choices and yes/no answers: tallied = 1 on their rows), and per
     * form and stage with question '' and value '' for the number of
     * entries submitted.  The report reads the tallies, never the
     * entries, so its cost does not grow with the store. */
    {8, 2,
     "CREATE TABLE form_entries(rowid INTEGER PRIMARY KEY,"
     "  agreement TEXT NOT NULL, scheme TEXT NOT NULL, form TEXT NOT NULL,"
     "  stage TEXT NOT NULL, occasion TEXT NOT NULL,"
     "  role TEXT NOT NULL CHECK(role IN ('mentor', 'mentee')),"
     "  created TEXT NOT NULL, updated TEXT NOT NULL, submitted TEXT,"
     "  UNIQUE(agreement, form, occasion, role)) STRICT;"
     "CREATE TABLE form_values(entry INTEGER NOT NULL"
     "  REFERENCES form_entries(rowid) ON DELETE CASCADE,"
     "  field TEXT NOT NULL, value TEXT NOT NULL,"
     "  tallied INTEGER NOT NULL DEFAULT 0 CHECK(tallied IN (0, 1)),"
     "  PRIMARY KEY(entry, field)) STRICT;"
     "CREATE TABLE form_tally(scheme TEXT NOT NULL, form TEXT NOT NULL,"
     "  stage TEXT NOT NULL, question TEXT NOT NULL, value TEXT NOT NULL,"
     "  n INTEGER NOT NULL CHECK(n >= 0),"
     "  PRIMARY KEY(scheme, form, stage, question, value)) STRICT,"
     "  WITHOUT ROWID;"
     "CREATE TRIGGER form_submitted_final BEFORE UPDATE ON form_values"
     "  WHEN (SELECT submitted FROM form_entries WHERE rowid = OLD.entry)"
     "    IS NOT NULL"
     "  BEGIN SELECT RAISE(ABORT, 'a submitted form cannot change'); END;"
     "CREATE TRIGGER form_submitted_no_insert BEFORE INSERT ON form_values"
     "  WHEN (SELECT submitted FROM form_entries WHERE rowid = NEW.entry)"
     "    IS NOT NULL"
     "  BEGIN SELECT RAISE(ABORT, 'a submitted form cannot change'); END;"
     "CREATE TRIGGER form_tally_submit AFTER UPDATE OF submitted"
     "  ON form_entries"
     "  WHEN OLD.submitted IS NULL AND NEW.submitted IS NOT NULL BEGIN"
     "  INSERT INTO form_tally VALUES(NEW.scheme, NEW.form, NEW.stage,"
     "    '', '', 1) ON CONFLICT DO UPDATE SET n = n + 1;"
     "  INSERT INTO form_tally SELECT NEW.scheme, NEW.form, NEW.stage,"
     "    field, value, 1 FROM form_values"
     "    WHERE entry = NEW.rowid AND tallied = 1 AND true"
     "    ON CONFLICT DO UPDATE SET n = n + 1; END;"
     "CREATE TRIGGER form_tally_delete BEFORE DELETE ON form_entries"
     "  WHEN OLD.submitted IS NOT NULL BEGIN"
     "  UPDATE form_tally SET n = n - 1 WHERE scheme = OLD.scheme"
     "    AND form = OLD.form AND stage = OLD.stage AND question = ''"
     "    AND value = '';"
     "  UPDATE form_tally SET n = n - 1 WHERE scheme = OLD.scheme"
     "    AND form = OLD.form AND stage = OLD.stage AND (question, value)"
     "    IN (SELECT field, value FROM form_values"
     "        WHERE entry = OLD.rowid AND tallied = 1);"
     "  DELETE FROM form_tally WHERE scheme = OLD.scheme"
     "    AND form = OLD.form AND stage = OLD.stage AND n = 0; END;"
     "CREATE TRIGGER form_submitted_unsubmit BEFORE UPDATE OF submitted"
     "  ON form_entries WHEN OLD.submitted IS NOT NULL"
     "  BEGIN SELECT RAISE(ABORT, 'a submitted form cannot change'); END;",
     NULL},
    /* 8.3: private notes.  Each is sealed (crypto_box_seal) to the
     * X25519 form of its writer's signing key, whose fingerprint fp
     * names; only that key's passphrase opens it: not the store's, not
     * the other party's.  A note is replaced whole when edited. */
    {8, 3,
     "CREATE TABLE notes(rowid INTEGER PRIMARY KEY,"
     "  agreement TEXT NOT NULL,"
     "  role TEXT NOT NULL CHECK(role IN ('mentor', 'mentee')),"
     "  fp TEXT NOT NULL CHECK(length(fp) = 32),"
     "  created TEXT NOT NULL, updated TEXT NOT NULL,"
     "  sealed BLOB NOT NULL) STRICT;"
     "CREATE INDEX notes_by_agreement ON notes(agreement, role, rowid);",
     NULL},
    /* 8.4: what is due.  One row per agreement and kind ("meeting": the
     * next meeting agreed; "form": the earliest form not yet submitted;
     * "review": mirrored from the agreement's review date), with its
     * date.  records_due_days counts the rows per kind and day, kept by
     * triggers, so that "how many are due by today" reads one row per
     * day, however many agreements there are. */
    {8, 4,
     "CREATE TABLE records_due(agreement TEXT NOT NULL,"
     "  kind TEXT NOT NULL CHECK(kind IN ('meeting', 'form', 'review')),"
     "  due TEXT NOT NULL, PRIMARY KEY(agreement, kind)) STRICT,"
     "  WITHOUT ROWID;"
     "CREATE TABLE records_due_days(kind TEXT NOT NULL, day TEXT NOT NULL,"
     "  n INTEGER NOT NULL CHECK(n >= 0), PRIMARY KEY(kind, day)) STRICT,"
     "  WITHOUT ROWID;"
     "CREATE TRIGGER records_due_insert AFTER INSERT ON records_due BEGIN"
     "  INSERT INTO records_due_days VALUES(NEW.kind, NEW.due, 1)"
     "    ON CONFLICT DO UPDATE SET n = n + 1; END;"
     "CREATE TRIGGER records_due_remove AFTER DELETE ON records_due BEGIN"
     "  UPDATE records_due_days SET n = n - 1"
     "    WHERE kind = OLD.kind AND day = OLD.due;"
     "  DELETE FROM records_due_days"
     "    WHERE kind = OLD.kind AND day = OLD.due AND n = 0; END;"
     "CREATE TRIGGER records_due_change AFTER UPDATE ON records_due BEGIN"
     "  UPDATE records_due_days SET n = n - 1"
     "    WHERE kind = OLD.kind AND day = OLD.due;"
     "  DELETE FROM records_due_days"
     "    WHERE kind = OLD.kind AND day = OLD.due AND n = 0;"
     "  INSERT INTO records_due_days VALUES(NEW.kind, NEW.due, 1)"
     "    ON CONFLICT DO UPDATE SET n = n + 1; END;",
     NULL},
    /* 8.5: an ending before the scheme's minimum of sessions, passed
     * with a reason, kept with the number of sessions held then; and the
     * rules that close the records: entries are added only while the
     * latest version is active (forms due at the end also once it
     * ended), and every record goes with the agreement's last version. */
    {8, 5,
     "CREATE TABLE early_endings(agreement TEXT PRIMARY KEY,"
     "  held INTEGER NOT NULL, minimum INTEGER NOT NULL,"
     "  reason TEXT NOT NULL, recorded TEXT NOT NULL) STRICT;"
     "CREATE TRIGGER sessions_open BEFORE INSERT ON sessions"
     "  WHEN " LATEST("NEW.agreement") " IS NOT 'active'"
     "  BEGIN SELECT RAISE(ABORT, 'sessions are recorded only for an"
     " active agreement'); END;"
     "CREATE TRIGGER sessions_open_change BEFORE UPDATE ON sessions"
     "  WHEN " LATEST("OLD.agreement") " IS NOT 'active'"
     "  BEGIN SELECT RAISE(ABORT, 'the relationship has ended: its"
     " records are closed'); END;"
     "CREATE TRIGGER notes_open BEFORE INSERT ON notes"
     "  WHEN " LATEST("NEW.agreement") " IS NOT 'active'"
     "  BEGIN SELECT RAISE(ABORT, 'notes are kept only for an active"
     " agreement'); END;"
     "CREATE TRIGGER notes_open_change BEFORE UPDATE ON notes"
     "  WHEN " LATEST("OLD.agreement") " IS NOT 'active'"
     "  BEGIN SELECT RAISE(ABORT, 'the relationship has ended: its"
     " records are closed'); END;"
     "CREATE TRIGGER forms_open BEFORE INSERT ON form_entries"
     "  WHEN " LATEST("NEW.agreement") " IS NOT 'active'"
     "    AND NOT (" LATEST("NEW.agreement") " = 'ended'"
     "      AND NEW.occasion = 'end')"
     "  BEGIN SELECT RAISE(ABORT, 'forms are filled only for an active"
     " agreement, and those due at its end once it ended'); END;"
     "CREATE TRIGGER records_go_with_agreement AFTER DELETE ON agreements"
     "  WHEN NOT EXISTS (SELECT 1 FROM agreements WHERE id = OLD.id) BEGIN"
     "  DELETE FROM sessions WHERE agreement = OLD.id;"
     "  DELETE FROM form_entries WHERE agreement = OLD.id;"
     "  DELETE FROM notes WHERE agreement = OLD.id;"
     "  DELETE FROM records_due WHERE agreement = OLD.id;"
     "  DELETE FROM early_endings WHERE agreement = OLD.id; END;",
     NULL},
};
STORE_STEPS(records_steps)
