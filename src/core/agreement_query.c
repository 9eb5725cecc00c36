/*
 * agreement_query.c - listing agreements: the newest version of each,
 * filtered, searched and sorted in SQL, one page at a time.
 */
#include <stdio.h>
#include <string.h>

#include "agreement_internal.h"

static const struct {
	const char *name, *order;
} sorts[AG_SORT_COUNT] = {
	[AG_SORT_CHANGED] = {"changed", "changed DESC, id"},
	[AG_SORT_ID] = {"id", "id"},
	[AG_SORT_SCHEME] = {"scheme", "scheme, changed DESC, id"},
	[AG_SORT_MENTOR] = {"mentor", "mentor_name COLLATE NOCASE, id"},
	[AG_SORT_MENTEE] = {"mentee", "mentee_name COLLATE NOCASE, id"},
	[AG_SORT_STATUS] = {"status", "status, changed DESC, id"},
	[AG_SORT_REVIEW] = {"review", "review_due IS NULL, review_due, id"},
};

const char *agreement_sort_name(enum ag_sort s)
{
	return (unsigned)s < AG_SORT_COUNT ? sorts[s].name : "?";
}

int agreement_sort_parse(const char *name)
{
	for (int i = 0; i < AG_SORT_COUNT; i++)
		if (strcmp(name, sorts[i].name) == 0)
			return i;
	return -1;
}

/* "a LIKE pattern" needs its own wildcards escaped. */
static void like_pattern(const char *in, char *out, size_t size)
{
	size_t n = 0;

	out[n++] = '%';
	for (; *in && n + 3 < size; in++) {
		if (*in == '%' || *in == '_' || *in == '\\')
			out[n++] = '\\';
		out[n++] = *in;
	}
	out[n++] = '%';
	out[n] = '\0';
}

static const char *col(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

enum mp_status agreement_query(struct store *st, const struct ag_filter *f,
			       void (*each)(void *ctx, const struct ag_row *r),
			       void *ctx, struct mp_error *err)
{
	char sql[1536], pattern[600];
	sqlite3_stmt *q;
	int rc;

	snprintf(sql, sizeof(sql),
		 "SELECT id, version, scheme, status, mentor_name,"
		 " mentor_email, mentee_name, mentee_email, created, changed,"
		 " review_due, ended, kept_until FROM agreements a"
		 " WHERE version = (SELECT max(version) FROM agreements b"
		 "  WHERE b.id = a.id)"
		 " AND (?1 IS NULL OR status = ?1)"
		 " AND (?2 IS NULL OR scheme = ?2)"
		 " AND (?3 IS NULL OR mentor_name LIKE ?3 ESCAPE '\\'"
		 "  OR mentee_name LIKE ?3 ESCAPE '\\'"
		 "  OR mentor_email LIKE ?3 ESCAPE '\\'"
		 "  OR mentee_email LIKE ?3 ESCAPE '\\')"
		 " AND (?4 IS NULL OR (review_due <= ?4 AND ended IS NULL))"
		 " ORDER BY %s LIMIT ?5 OFFSET ?6",
		 sorts[(unsigned)f->sort < AG_SORT_COUNT ? f->sort : 0].order);
	rc = sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "listing agreements", err);
	if (f->status >= 0)
		sqlite3_bind_text(q, 1, agreement_status_name(f->status), -1,
				  SQLITE_STATIC);
	if (f->scheme)
		sqlite3_bind_text(q, 2, f->scheme, -1, SQLITE_STATIC);
	if (f->search && *f->search) {
		like_pattern(f->search, pattern, sizeof(pattern));
		sqlite3_bind_text(q, 3, pattern, -1, SQLITE_STATIC);
	}
	if (f->due_by)
		sqlite3_bind_text(q, 4, f->due_by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, f->limit > 0 ? f->limit : -1);
	sqlite3_bind_int64(q, 6, f->offset > 0 ? f->offset : 0);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct ag_row r = {col(q, 0),  sqlite3_column_int(q, 1),
				   col(q, 2),  col(q, 3),
				   col(q, 4),  col(q, 5),
				   col(q, 6),  col(q, 7),
				   col(q, 8),  col(q, 9),
				   col(q, 10), col(q, 11),
				   col(q, 12)};
		each(ctx, &r);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "listing agreements", err);
	return MP_OK;
}
