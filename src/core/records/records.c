/*
 * records.c - questions about an agreement's session log: its entries,
 * how many were held, and how many the scheme plans.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records_internal.h"

enum mp_status records_held(struct store *st, const char *id, long *held,
			    long *logged, struct mp_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	rc = sqlite3_prepare_v2(store_db(st),
				"SELECT count(*) FILTER (WHERE withdrawn IS"
				" NULL), count(*) FROM sessions"
				" WHERE agreement = ?1",
				-1, &q, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(q);
		return store_sqlite_error(st, rc, "counting sessions", err);
	}
	if (held)
		*held = sqlite3_column_int64(q, 0);
	if (logged)
		*logged = sqlite3_column_int64(q, 1);
	sqlite3_finalize(q);
	return MP_OK;
}

long records_planned(const struct template *tpl)
{
	if (tpl->facts.offered_sessions)
		return tpl->facts.offered_sessions;
	if (tpl->facts.max_sessions)
		return tpl->facts.max_sessions;
	return tpl->facts.min_sessions;
}

enum mp_status rec_session_rowid(struct store *st, const char *id, long n,
				 char rowid[24], struct mp_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "SELECT rowid FROM sessions"
				    " WHERE agreement = ?1 AND n = ?2",
				    -1, &q, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(q, 2, n);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		snprintf(rowid, 24, "%lld",
			 (long long)sqlite3_column_int64(q, 0));
	sqlite3_finalize(q);
	if (rc == SQLITE_DONE)
		return mp_error_set(err, MP_ERR_NOT_FOUND,
				    "%s has no session %ld", id, n);
	return rc == SQLITE_ROW
		   ? MP_OK
		   : store_sqlite_error(st, rc, "finding the session", err);
}

void records_sessions_free(struct rec_session *s, size_t count)
{
	for (size_t i = 0; s && i < count; i++) {
		free(s[i].held);
		free(s[i].how);
		free(s[i].next);
		free(s[i].created);
		free(s[i].updated);
		free(s[i].withdrawn);
		for (size_t k = 0; s[i].values && k < s[i].n_values; k++)
			free(s[i].values[k]);
		free(s[i].values);
	}
	free(s);
}

static bool dup_col(sqlite3_stmt *q, int col, char **out)
{
	const char *t = (const char *)sqlite3_column_text(q, col);

	*out = NULL;
	if (!t)
		return true;
	*out = strdup(t);
	return *out != NULL;
}

static int field_of(const struct tpl_session_log *log, const char *id)
{
	for (size_t i = 0; i < log->n_fields; i++)
		if (strcmp(log->fields[i]->id, id) == 0)
			return (int)i;
	return -1;
}

/* The answers of the template's own fields, into the entries by rowid:
 * one query over the agreement's values, in session order. */
static enum mp_status read_values(struct store *st, const struct agreement *ag,
				  struct rec_session *list, size_t count,
				  struct mp_error *err)
{
	const struct tpl_session_log *log = &ag->tpl->records.sessions;
	sqlite3_stmt *q = NULL;
	size_t at = 0;
	int rc =
	    sqlite3_prepare_v2(store_db(st),
			       "SELECT s.n, v.field, v.value FROM sessions s"
			       " JOIN session_values v ON v.session = s.rowid"
			       " WHERE s.agreement = ?1 ORDER BY s.n",
			       -1, &q, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 1, ag->id, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		long n = (long)sqlite3_column_int64(q, 0);
		int k = field_of(log, (const char *)sqlite3_column_text(q, 1));

		rc = SQLITE_OK;
		while (at < count && list[at].n < n)
			at++;
		if (at == count || list[at].n != n || k < 0 ||
		    list[at].values[k])
			continue; /* a field the template no longer has */
		if (!dup_col(q, 2, &list[at].values[k])) {
			sqlite3_finalize(q);
			return mp_error_set(err, MP_ERR_NOMEM, NULL);
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE
		   ? MP_OK
		   : store_sqlite_error(st, rc, "reading sessions", err);
}

enum mp_status records_sessions(struct store *st, const struct agreement *ag,
				struct rec_session **out, size_t *count,
				struct mp_error *err)
{
	size_t nf = ag->tpl->records.sessions.n_fields, n = 0, cap = 0;
	struct rec_session *list = NULL, *e;
	sqlite3_stmt *q = NULL;
	enum mp_status s = MP_OK;
	int rc = sqlite3_prepare_v2(
	    store_db(st),
	    "SELECT n, author, held, minutes, how, next, created, updated,"
	    " withdrawn FROM sessions WHERE agreement = ?1 ORDER BY n",
	    -1, &q, NULL);

	*out = NULL;
	*count = 0;
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 1, ag->id, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		if (n == cap) {
			size_t want = cap ? 2 * cap : 8;
			struct rec_session *grown =
			    realloc(list, want * sizeof(*list));

			if (!grown) {
				s = MP_ERR_NOMEM;
				break;
			}
			list = grown;
			cap = want;
		}
		e = &list[n++];
		memset(e, 0, sizeof(*e));
		e->n = (long)sqlite3_column_int64(q, 0);
		snprintf(e->author, sizeof(e->author), "%s",
			 (const char *)sqlite3_column_text(q, 1));
		e->minutes = (long)sqlite3_column_int64(q, 3);
		e->n_values = nf;
		e->values = calloc(nf + 1, sizeof(*e->values));
		if (!e->values || !dup_col(q, 2, &e->held) ||
		    !dup_col(q, 4, &e->how) || !dup_col(q, 5, &e->next) ||
		    !dup_col(q, 6, &e->created) ||
		    !dup_col(q, 7, &e->updated) ||
		    !dup_col(q, 8, &e->withdrawn)) {
			s = MP_ERR_NOMEM;
			break;
		}
	}
	sqlite3_finalize(q);
	if (s == MP_ERR_NOMEM)
		s = mp_error_set(err, s, NULL);
	else if (rc != SQLITE_DONE)
		s = store_sqlite_error(st, rc, "reading sessions", err);
	if (s == MP_OK)
		s = read_values(st, ag, list, n, err);
	if (s != MP_OK) {
		records_sessions_free(list, n);
		return s;
	}
	*out = list;
	*count = n;
	return MP_OK;
}
