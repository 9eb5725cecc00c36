/*
 * agreement_admin.c - how the administrator's module deletes personal
 * data, paying the store's scrub when it owes one, and deleting one
 * agreement.  The purge (admin_retention.c) and a data subject's
 * erasure (admin_erase.c) delete the same way.  See admin.h.
 *
 * Deleting personal data takes three steps, each needed, all in the one
 * transaction of the deletion (so a crash leaves the old state or the
 * new, and memory stays that of SQLite's page cache):
 *  1. DELETE with PRAGMA secure_delete on, which zeroes the cells and
 *     pages SQLite frees;
 *  2. the search words of what went, which agreement_search_sync drops;
 *  3. the unallocated space of every page written, where SQLite leaves
 *     stale copies of cells that moved to other pages when it rebuilds a
 *     page while balancing (btree.c rebuildPage does not clear it) and
 *     which secure_delete never reaches: the store's VFS zeroes it, with
 *     the bodies of free blocks, in every b-tree page it writes (vfs_page.c
 *     vfs_scrub_page), so no page on disk holds such a copy.
 * A store whose pages were written before the VFS did so owes one
 * in-place VACUUM ("scrub": every page rewritten from live content, same
 * file and file id; with temp_store=MEMORY its copy lives in memory):
 * the upgrade to schema 6 notes the debt in a setting and the next
 * purge, erase or delete pays it; a failed VACUUM (a full disk, say)
 * stays owed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "admin_internal.h"
#include "mentorpact/audit.h"
#include "mentorpact/signers.h"

#define SCRUB_KEY "internal.scrub-pending"

/* --- scrubbing: rewriting the store in place ------------------------------ */

/* VACUUM in place, then clear the debt.  Outside any transaction. */
static enum mp_status scrub(struct store *st, struct mp_error *err)
{
	const char *p[] = {SCRUB_KEY};
	struct mp_error why;
	int rc = sqlite3_exec(store_db(st), "VACUUM", NULL, NULL, NULL);

	if (rc != SQLITE_OK) {
		store_sqlite_error(st, rc, "rewriting the store", &why);
		return mp_error_set(err, why.status,
				    "the records were deleted, but rewriting "
				    "the store to clear the space they used "
				    "failed: %s; run 'mentorpact purge' again "
				    "to finish",
				    why.message);
	}
	return ag_exec(st, "rewriting the store",
		       "DELETE FROM settings WHERE key = ?1", 1, p, err);
}

enum mp_status admin_scrub(struct store *st, struct mp_error *err)
{
	enum mp_status s = agreement_search_sync(st, err);

	return s == MP_OK ? scrub(st, err) : s;
}

static enum mp_status scrub_if_owed(struct store *st, struct mp_error *err)
{
	char *owed = NULL;
	enum mp_status s = admin_setting_get(st, SCRUB_KEY, &owed, err);

	if (s == MP_OK && owed)
		s = scrub(st, err);
	free(owed);
	return s;
}

enum mp_status adm_finish_deletion(struct store *st, enum mp_status s,
				   bool *done, struct mp_error *err)
{
	if (s == MP_OK)
		s = store_commit(st, err);
	else
		store_rollback(st);
	*done = s == MP_OK;
	return s == MP_OK ? scrub_if_owed(st, err) : s;
}

/* --- deleting one agreement --------------------------------------------- */

/* Inside the caller's transaction: delete every version of ag's id,
 * redact its audit entries and leave a "deleted" tombstone. */
static enum mp_status delete_versions(struct store *st,
				      const struct agreement *ag,
				      struct mp_error *err)
{
	const char *p[] = {ag->id};
	char detail[256];
	int64_t redacted;
	enum mp_status s = ag_exec(
	    st, "deleting", "DELETE FROM agreements WHERE id = ?1", 1, p, err);

	snprintf(detail, sizeof(detail), "scheme %s; created %.10s; status %s",
		 ag->tpl->id, ag->created ? ag->created : "-",
		 agreement_status_name(ag->status));
	if (s == MP_OK)
		s = audit_redact(st, ag->id, &redacted, err);
	if (s == MP_OK)
		s = audit_append(st, ag->id, ag->version, ADMIN_ACTOR,
				 "deleted", detail, err);
	return s;
}

enum mp_status agreement_delete(struct store *st, const char *id,
				struct mp_error *err)
{
	struct agreement *ag;
	bool done;
	enum mp_status s = agreement_load(st, id, 0, &ag, err);

	if (s != MP_OK)
		return s;
	if ((s = store_begin(st, err)) == MP_OK)
		s = delete_versions(st, ag, err);
	/* Keys of people no remaining agreement names go too. */
	if (s == MP_OK)
		s = ag_exec(st, "removing signing keys",
			    "DELETE FROM signing_keys WHERE person NOT IN ("
			    "SELECT " PERSON(
				"mentor") " FROM agreements UNION"
					  " SELECT " PERSON(
					      "mentee") " FROM agreements)",
			    0, NULL, err);
	if (s == MP_OK)
		s = signers_forget_unnamed(st, err);
	if (s == MP_OK)
		s = agreement_search_sync(st, err);
	s = adm_finish_deletion(st, s, &done, err);
	agreement_free(ag);
	return s;
}
