/*
 * forms_eval.c - the programme lead's evaluation of a scheme's forms
 * (forms.h): the counts come from form_tally, which the schema's triggers
 * keep as entries are submitted and deleted, so that the report costs
 * the same whatever the number of agreements.  Free-text answers are
 * read only for the forms the caller says are shared with the programme
 * (the template's "shared: true"), through the index of step 8.6.
 */
#include <string.h>

#include "forms_internal.h"

static enum mp_status counts(struct store *st, const char *scheme,
			     void (*count)(void *, const struct form_count *),
			     void *ctx, struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(
	    store_db(st),
	    "SELECT scheme, form, stage, question, value, n FROM form_tally"
	    " WHERE (?1 IS NULL OR scheme = ?1) AND n > 0"
	    " ORDER BY scheme, form, stage, question, value",
	    -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading the tallies", err);
	if (scheme)
		sqlite3_bind_text(q, 1, scheme, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct form_count c = {(const char *)sqlite3_column_text(q, 0),
				       (const char *)sqlite3_column_text(q, 1),
				       (const char *)sqlite3_column_text(q, 2),
				       (const char *)sqlite3_column_text(q, 3),
				       (const char *)sqlite3_column_text(q, 4),
				       (long)sqlite3_column_int64(q, 5)};
		if (count)
			count(ctx, &c);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "reading the tallies", err);
	return MP_OK;
}

/* The free text submitted to form of scheme. */
static enum mp_status texts(struct store *st, const char *scheme,
			    const char *form,
			    void (*text)(void *, const struct form_text *),
			    void *ctx, struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(
	    store_db(st),
	    "SELECT e.stage, e.role, v.field, v.value FROM form_entries e"
	    " JOIN form_values v ON v.entry = e.rowid"
	    " WHERE e.scheme = ?1 AND e.form = ?2"
	    " AND e.submitted IS NOT NULL AND v.tallied = 0"
	    " AND substr(v.field, 1, 1) != '~'"
	    " ORDER BY e.stage, e.submitted, e.rowid, v.field",
	    -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading the answers", err);
	sqlite3_bind_text(q, 1, scheme, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, form, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct form_text t = {scheme,
				      form,
				      (const char *)sqlite3_column_text(q, 0),
				      (const char *)sqlite3_column_text(q, 1),
				      (const char *)sqlite3_column_text(q, 2),
				      (const char *)sqlite3_column_text(q, 3)};
		text(ctx, &t);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "reading the answers", err);
	return MP_OK;
}

enum mp_status forms_evaluation(
    struct store *st, const char *scheme,
    void (*count)(void *ctx, const struct form_count *c),
    bool (*shared)(void *ctx, const char *scheme, const char *form),
    void (*text)(void *ctx, const struct form_text *t), void *ctx,
    struct mp_error *err)
{
	sqlite3_stmt *q;
	enum mp_status s = counts(st, scheme, count, ctx, err);
	int rc;

	if (s != MP_OK || !text || !shared)
		return s;
	/* the forms with anything submitted: one tally row each per stage */
	rc = sqlite3_prepare_v2(store_db(st),
				"SELECT DISTINCT scheme, form FROM form_tally"
				" WHERE (?1 IS NULL OR scheme = ?1)"
				" AND question = '' AND n > 0"
				" ORDER BY scheme, form",
				-1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading the tallies", err);
	if (scheme)
		sqlite3_bind_text(q, 1, scheme, -1, SQLITE_STATIC);
	while (s == MP_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *sch = (const char *)sqlite3_column_text(q, 0);
		const char *form = (const char *)sqlite3_column_text(q, 1);
		if (shared(ctx, sch, form))
			s = texts(st, sch, form, text, ctx, err);
	}
	sqlite3_finalize(q);
	if (s == MP_OK && rc != SQLITE_DONE)
		s = store_sqlite_error(st, rc, "reading the tallies", err);
	return s;
}
