/*
 * admin_retention.c - how long records are kept, and purging them after:
 * the keep-until date of every ended version, recomputed when a
 * scheme's retention setting changes (admin_settings.c), and the purge
 * of the agreements past it, their signing keys and search words (the
 * deletion as agreement_admin.c describes it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_internal.h"
#include "mentorpact/audit.h"
#include "mentorpact/signers.h"

/* --- recomputing keep-until dates after a retention change ---------------- */

struct ended_row {
	sqlite3_int64 rowid;
	char ended[11], hash[TPL_HASH_HEX + 1], kept[11];
};

struct ended_rows {
	struct ended_row *v;
	size_t n;
};

static int add_ended(void *ctx, sqlite3_stmt *q)
{
	struct ended_rows *rows = ctx;
	struct ended_row *r = APPEND(rows->v, rows->n);

	if (!r)
		return -1;
	r->rowid = sqlite3_column_int64(q, 0);
	snprintf(r->ended, sizeof(r->ended), "%s", adm_text(q, 1));
	snprintf(r->hash, sizeof(r->hash), "%s", adm_text(q, 2));
	snprintf(r->kept, sizeof(r->kept), "%s", adm_text(q, 3));
	return 0;
}

/* Every ended version of scheme, ordered by template. */
static enum mp_status ended_rows(struct store *st, const char *scheme,
				 struct ended_rows *rows, struct mp_error *err)
{
	const char *p[] = {scheme};

	rows->v = NULL;
	rows->n = 0;
	return adm_each_row(st,
			    "SELECT rowid, ended, template_hash,"
			    " coalesce(kept_until, '') FROM agreements"
			    " WHERE scheme = ?1 AND ended IS NOT NULL"
			    " ORDER BY template_hash",
			    1, p, add_ended, rows, "reading ended agreements",
			    err);
}

/* The stored template copy with this hash. */
static enum mp_status stored_template(struct store *st, const char *hash,
				      struct template **tpl,
				      struct mp_error *err)
{
	sqlite3_stmt *q;
	enum mp_status s = adm_prepare(st,
				       "SELECT canonical FROM templates"
				       " WHERE hash = ?1",
				       &q, "reading a template", err);
	int rc;

	*tpl = NULL;
	if (s != MP_OK)
		return s;
	sqlite3_bind_text(q, 1, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		s = template_load_buffer("stored template", adm_text(q, 0),
					 (size_t)sqlite3_column_bytes(q, 0),
					 tpl, NULL, err);
	else if (rc == SQLITE_DONE)
		s = mp_error_set(err, MP_ERR_DAMAGED,
				 "a template copy is missing from the store");
	else
		s = store_sqlite_error(st, rc, "reading a template", err);
	sqlite3_finalize(q);
	return s;
}

static enum mp_status set_kept(struct store *st, const struct ended_row *r,
			       const char *kept, struct mp_error *err)
{
	char rowid[24];
	const char *p[] = {*kept ? kept : NULL, rowid};

	snprintf(rowid, sizeof(rowid), "%lld", (long long)r->rowid);
	return ag_exec(st, "recomputing keep-until dates",
		       "UPDATE agreements SET kept_until = ?1 WHERE rowid = ?2",
		       2, p, err);
}

enum mp_status adm_recompute_kept(struct store *st, const char *scheme,
				  long *count, struct mp_error *err)
{
	struct ended_rows all;
	struct ended_row *rows;
	struct template *tpl = NULL;
	char kept[11];
	enum mp_status s = ended_rows(st, scheme, &all, err);

	*count = 0;
	rows = all.v;
	for (size_t i = 0; i < all.n && s == MP_OK; i++) {
		if (i == 0 || strcmp(rows[i].hash, rows[i - 1].hash) != 0) {
			template_free(tpl);
			s = stored_template(st, rows[i].hash, &tpl, err);
		}
		if (s == MP_OK)
			s = agreement_kept_until(st, tpl, rows[i].ended, kept,
						 err);
		if (s == MP_OK && strcmp(kept, rows[i].kept) != 0) {
			s = set_kept(st, &rows[i], kept, err);
			(*count)++;
		}
	}
	template_free(tpl);
	free(rows);
	return s;
}

/* --- purge ---------------------------------------------------------------- */

void admin_purge_result_free(struct admin_purge_result *r)
{
	for (size_t i = 0; r && i < r->count; i++) {
		free(r->items[i].scheme);
		free(r->items[i].status);
		free(r->items[i].created);
		free(r->items[i].ended);
		free(r->items[i].kept_until);
	}
	if (r)
		free(r->items);
}

/* Fill g from a row of id, versions, scheme, status, created, ended,
 * kept_until, version. */
static int read_gone(sqlite3_stmt *q, struct admin_gone *g)
{
	snprintf(g->id, sizeof(g->id), "%s", adm_text(q, 0));
	g->versions = sqlite3_column_int(q, 1);
	g->version = sqlite3_column_int(q, 7);
	g->scheme = adm_dup_or_null(adm_text(q, 2));
	g->status = adm_dup_or_null(adm_text(q, 3));
	g->created = adm_dup_or_null(adm_text(q, 4));
	g->ended = adm_dup_or_null(adm_text(q, 5));
	g->kept_until = adm_dup_or_null(adm_text(q, 6));
	return g->scheme && g->status && g->created ? 0 : -1;
}

static int add_gone(void *ctx, sqlite3_stmt *q)
{
	struct admin_purge_result *out = ctx;
	struct admin_gone *g = APPEND(out->items, out->count);

	return g ? read_gone(q, g) : -1;
}

static enum mp_status purge_list(struct store *st, const char *today,
				 struct admin_purge_result *out,
				 struct mp_error *err)
{
	const char *p[] = {today};

	return adm_each_row(
	    st,
	    "SELECT a.id, (SELECT count(*) FROM agreements b"
	    " WHERE b.id = a.id), a.scheme, a.status, a.created, a.ended,"
	    " a.kept_until, a.version FROM agreements a WHERE a.latest = 1"
	    " AND a.kept_until < ?1 ORDER BY a.kept_until, a.id",
	    1, p, add_gone, out, "finding what to purge", err);
}

/* Delete every version of g's agreement and leave its tombstone. */
static enum mp_status purge_one(struct store *st, const struct admin_gone *g,
				struct mp_error *err)
{
	const char *p[] = {g->id};
	char detail[256];
	int64_t redacted;
	enum mp_status s = ag_exec(
	    st, "purging", "DELETE FROM agreements WHERE id = ?1", 1, p, err);

	snprintf(detail, sizeof(detail),
		 "scheme %s; created %.10s; ended %s; kept until %s", g->scheme,
		 g->created, g->ended ? g->ended : "-",
		 g->kept_until ? g->kept_until : "-");
	if (s == MP_OK)
		s = audit_redact(st, g->id, &redacted, err);
	if (s == MP_OK)
		s = audit_append(st, g->id, g->version, ADMIN_ACTOR, "purged",
				 detail, err);
	return s;
}

/* Inside the caller's transaction: delete what out lists, then the keys
 * of people left with no agreement, then their search words. */
static enum mp_status purge_apply(struct store *st, const char *today,
				  const struct admin_purge_result *out,
				  struct mp_error *err)
{
	const char *p[] = {today};
	enum mp_status s = MP_OK;

	for (size_t i = 0; i < out->count && s == MP_OK; i++)
		s = purge_one(st, &out->items[i], err);
	if (s == MP_OK)
		s = ag_exec(st, "removing signing keys", "DELETE " ORPHAN_KEYS,
			    1, p, err);
	if (s == MP_OK)
		s = signers_forget_unnamed(st, err);
	if (s == MP_OK)
		s = agreement_search_sync(st, err);
	return s;
}

enum mp_status admin_purge(struct store *st, const char *today, bool dry_run,
			   struct admin_purge_result *out, struct mp_error *err)
{
	char day[11];
	const char *p[] = {day};
	enum mp_status s = MP_OK;

	memset(out, 0, sizeof(*out));
	adm_today_or(today, day);
	if (!dry_run && (s = store_begin(st, err)) != MP_OK)
		return s;
	s = purge_list(st, day, out, err);
	if (s == MP_OK)
		s = adm_query_long(st, "SELECT count(*) " ORPHAN_KEYS, 1, p,
				   &out->keys_removed, err);
	if (dry_run)
		return s;
	if (s == MP_OK && (out->count || out->keys_removed))
		s = purge_apply(st, day, out, err);
	return adm_finish_deletion(st, s, &out->done, err);
}
