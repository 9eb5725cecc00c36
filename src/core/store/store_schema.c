/*
 * store_schema.c - the schema: the steps the modules register, run in
 * their one order when a store is older than this build; the functions
 * every connection needs; and the store's own table, the settings.
 *
 * The store knows no other module's table.  Steps arrive before main
 * (STORE_STEPS in store.h), in whatever order the linker put the files;
 * store_migrate sorts them by (version, part) and refuses to run when a
 * version has no step or two steps claim the same place, so that a step
 * left out of the build cannot go unnoticed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* Blocks of steps (one per STORE_STEPS) and functions per connection. */
#define STEP_BLOCKS_MAX 16
#define STEPS_MAX	32
#define ON_CONNECT_MAX	4

static struct {
	const struct store_step *steps;
	size_t n;
} blocks[STEP_BLOCKS_MAX];
static size_t n_blocks;
static int (*on_connect[ON_CONNECT_MAX])(sqlite3 *db);
static size_t n_on_connect;
static bool overflow; /* a registration did not fit: refuse to migrate */

void store_steps_add(const struct store_step *steps, size_t n)
{
	if (n_blocks == STEP_BLOCKS_MAX) {
		overflow = true;
		return;
	}
	blocks[n_blocks].steps = steps;
	blocks[n_blocks].n = n;
	n_blocks++;
}

void store_on_connect_add(int (*fn)(sqlite3 *db))
{
	if (n_on_connect == ON_CONNECT_MAX) {
		overflow = true;
		return;
	}
	on_connect[n_on_connect++] = fn;
}

/* 1: store settings (e.g. where a scheme's agreements are sent) */
static const struct store_step store_steps[] = {
    {1, 1,
     "CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL)"
     " STRICT;",
     NULL},
};
STORE_STEPS(store_steps)

int store_connect(sqlite3 *db)
{
	int rc = SQLITE_OK;

	for (size_t i = 0; i < n_on_connect && rc == SQLITE_OK; i++)
		rc = on_connect[i](db);
	return rc;
}

static int step_before(const struct store_step *a, const struct store_step *b)
{
	return a->version < b->version ||
	       (a->version == b->version && a->part < b->part);
}

/*
 * Every registered step in (version, part) order into order[STEPS_MAX];
 * *n receives how many.  MP_ERR_INTERNAL when they do not fit, a step is
 * out of range, two share a place or a version has none.
 */
static enum mp_status ordered_steps(const struct store_step **order, size_t *n,
				    struct mp_error *err)
{
	int v = 0;

	*n = 0;
	for (size_t b = 0; b < n_blocks && !overflow; b++)
		for (size_t i = 0; i < blocks[b].n; i++) {
			const struct store_step *s = &blocks[b].steps[i];
			size_t k = *n;

			if (k == STEPS_MAX) {
				overflow = true;
				break;
			}
			for (; k > 0 && step_before(s, order[k - 1]); k--)
				order[k] = order[k - 1];
			order[k] = s;
			(*n)++;
		}
	if (overflow)
		return mp_error_set(err, MP_ERR_INTERNAL,
				    "more schema steps than the store can "
				    "hold (store_schema.c)");
	for (size_t i = 0; i < *n; i++) {
		const struct store_step *s = order[i];
		if (s->version < 1 || s->version > STORE_SCHEMA_VERSION ||
		    s->version > v + 1 ||
		    (i > 0 && !step_before(order[i - 1], s)))
			return mp_error_set(err, MP_ERR_INTERNAL,
					    "the schema's steps are not in "
					    "order at version %d part %d",
					    s->version, s->part);
		v = s->version;
	}
	if (v != STORE_SCHEMA_VERSION)
		return mp_error_set(err, MP_ERR_INTERNAL,
				    "the schema's steps stop at version %d, "
				    "not %d",
				    v, STORE_SCHEMA_VERSION);
	return MP_OK;
}

static enum mp_status schema_version(struct store *st, int *version,
				     struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc =
	    sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		*version = sqlite3_column_int(q, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_OK
		   ? MP_OK
		   : store_sqlite_error(st, rc, "reading the schema", err);
}

enum mp_status store_migrate(struct store *st, struct mp_error *err)
{
	const struct store_step *order[STEPS_MAX];
	char sql[64];
	enum mp_status s;
	size_t n;
	int v;

	if ((s = schema_version(st, &v, err)) != MP_OK)
		return s;
	if (v > STORE_SCHEMA_VERSION)
		return mp_error_set(err, MP_ERR_NOT_STORE,
				    "%s uses schema %d, newer than this "
				    "mentorpact knows (%d); upgrade mentorpact",
				    st->path, v, STORE_SCHEMA_VERSION);
	if (v == STORE_SCHEMA_VERSION)
		return MP_OK;
	if ((s = ordered_steps(order, &n, err)) != MP_OK)
		return s;
	if ((s = store_begin(st, err)) != MP_OK)
		return s;
	if ((s = schema_version(st, &v, err)) != MP_OK) /* raced? */
		goto fail;
	for (size_t i = 0; i < n; i++) {
		if (order[i]->version <= v)
			continue;
		s = store_exec(st, order[i]->sql, "upgrading the schema", err);
		if (s == MP_OK && order[i]->after)
			s = order[i]->after(st, err);
		if (s != MP_OK)
			goto fail;
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d",
		 STORE_SCHEMA_VERSION);
	if ((s = store_exec(st, sql, "upgrading the schema", err)) != MP_OK)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return s;
}

/* --- the settings ------------------------------------------------------------
 */

enum mp_status store_setting_get(struct store *st, const char *key,
				 char **value, struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc;

	*value = NULL;
	rc = sqlite3_prepare_v2(
	    st->db, "SELECT value FROM settings WHERE key = ?1", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading the settings", err);
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW &&
	    !(*value = strdup((const char *)sqlite3_column_text(q, 0))))
		rc = SQLITE_NOMEM;
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		free(*value);
		*value = NULL;
		return rc == SQLITE_NOMEM
			   ? mp_error_set(err, MP_ERR_NOMEM, NULL)
			   : store_sqlite_error(st, rc, "reading the settings",
						err);
	}
	return MP_OK;
}
