/*
 * admin_rows.c - the small helpers every file of the administrator's
 * module uses: running a query and reading its rows, growing an array.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_internal.h"

enum mp_status adm_prepare(struct store *st, const char *sql, sqlite3_stmt **q,
			   const char *what, struct mp_error *err)
{
	int rc = sqlite3_prepare_v2(store_db(st), sql, -1, q, NULL);

	return rc == SQLITE_OK ? MP_OK : store_sqlite_error(st, rc, what, err);
}

/* Finalize q after its rows ran out (rc SQLITE_DONE) or failed. */
static enum mp_status finish_rows(struct store *st, sqlite3_stmt *q, int rc,
				  const char *what, struct mp_error *err)
{
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? MP_OK
				 : store_sqlite_error(st, rc, what, err);
}

const char *adm_text(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

char *adm_dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

void adm_today_or(const char *today, char buf[11])
{
	if (today)
		snprintf(buf, 11, "%s", today);
	else
		ag_today(buf);
}

enum mp_status adm_each_row(struct store *st, const char *sql, int n,
			    const char *const *params,
			    int (*row)(void *ctx, sqlite3_stmt *q), void *ctx,
			    const char *what, struct mp_error *err)
{
	sqlite3_stmt *q;
	enum mp_status s = adm_prepare(st, sql, &q, what, err);
	int rc;

	if (s != MP_OK)
		return s;
	for (int i = 0; i < n; i++)
		sqlite3_bind_text(q, i + 1, params[i], -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (row(ctx, q) != 0) {
			sqlite3_finalize(q);
			return mp_error_set(err, MP_ERR_NOMEM, NULL);
		}
	return finish_rows(st, q, rc, what, err);
}

/* adm_each_row's row: the first column as a long in *(long *)ctx. */
static int first_long(void *ctx, sqlite3_stmt *q)
{
	*(long *)ctx = (long)sqlite3_column_int64(q, 0);
	return 0;
}

int adm_first_text(void *ctx, sqlite3_stmt *q)
{
	char **out = ctx;

	free(*out);
	*out = strdup(adm_text(q, 0));
	return *out ? 0 : -1;
}

enum mp_status adm_query_long(struct store *st, const char *sql, int n,
			      const char *const *params, long *out,
			      struct mp_error *err)
{
	*out = 0;
	return adm_each_row(st, sql, n, params, first_long, out,
			    "reading the store", err);
}

void *adm_append(void *where, size_t *n, size_t size)
{
	char *old, *p;

	memcpy(&old, where, sizeof(old));
	if (!(p = realloc(old, (*n + 1) * size)))
		return NULL;
	memcpy(where, &p, sizeof(p));
	memset(p + *n * size, 0, size);
	return p + (*n)++ * size;
}
