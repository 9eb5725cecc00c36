/*
 * records.c - questions about an agreement's session log.
 */
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
