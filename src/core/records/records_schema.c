/*
 * records_schema.c - the records module's tables, as a step of the
 * store's schema (store.h, STORE_STEPS): the session log (step 8).  The
 * order of every module's steps is in doc/ARCHITECTURE.md ("The
 * schema").
 */
#include "records_internal.h"

static const struct store_step records_steps[] = {
    /* 8: the session log.  One row per meeting, by the agreement's id
     * (every version shares it), numbered from 1 within the agreement.
     * author is the role that wrote it; held the date it took place;
     * minutes its length; how "in person", "video", "phone", "other" or
     * the pair's own words; next the next date agreed.  A withdrawn
     * entry keeps its row and is not counted.  The template's own
     * session fields' answers go in session_values, in normal form. */
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
};
STORE_STEPS(records_steps)
