/*
 * admin_schema.c - the administrator's part of the store's schema (store.h,
 * STORE_STEPS): a store made before the VFS zeroed the unused space of
 * its pages owes one in-place rewrite (admin_scrub), noted in step 6.
 * The order of every module's steps is in doc/ARCHITECTURE.md ("The
 * schema").
 */
#include "admin_internal.h"

static const struct store_step admin_steps[] = {
    /* 6: pages written before the VFS zeroed their unused space may hold
     * stale copies of rows; a store with content owes one in-place
     * rewrite, which the next deletion makes (agreement_admin.c). */
    {6, 2,
     "INSERT OR REPLACE INTO settings(key, value)"
     "  SELECT 'internal.scrub-pending', 'yes'"
     "  WHERE EXISTS (SELECT 1 FROM agreements)"
     "  OR EXISTS (SELECT 1 FROM audit);",
     NULL},
};
STORE_STEPS(admin_steps)
