/*
 * sign_schema.c - the signing module's tables, as steps of the store's
 * schema (store.h, STORE_STEPS): the signers' sealed keys (with the
 * agreements' tables, in step 2) and the register of signers (step 7).
 * The order of every module's steps is in doc/ARCHITECTURE.md ("The
 * schema").
 */
#include "sign_internal.h"

static const struct store_step sign_steps[] = {
    /* 2: the signers' sealed keys */
    {2, 2,
     "CREATE TABLE signing_keys(person TEXT PRIMARY KEY,"
     "  sealed BLOB NOT NULL, created TEXT NOT NULL) STRICT;",
     NULL},
    /* 7: the register of signers (signers.c): every key the store has
     * met, whose it is (by a hash of the person's normalised identity,
     * with their email and name until they are erased), and from when it
     * no longer counts.  A key is one person's; a person has one key in
     * use.  Filled from the signatures already held (signers_backfill,
     * run after this). */
    {7, 1,
     "CREATE TABLE signers(rowid INTEGER PRIMARY KEY,"
     "  fp TEXT NOT NULL UNIQUE CHECK(length(fp) = 32),"
     "  ident TEXT NOT NULL, email TEXT, name TEXT,"
     "  first_seen TEXT NOT NULL, source TEXT NOT NULL, agreement TEXT,"
     "  retired TEXT, retired_why TEXT, erased TEXT) STRICT;"
     "CREATE INDEX signers_by_ident ON signers(ident);"
     "CREATE UNIQUE INDEX signers_in_use ON signers(ident)"
     "  WHERE retired IS NULL AND erased IS NULL;",
     signers_backfill},
};
STORE_STEPS(sign_steps)
