/*
 * records_end.c - ending a relationship before the scheme's minimum of
 * sessions (records.h, "ending before the minimum").
 *
 * The end itself is agreement_end's, in its own transaction.  So that
 * the early ending is kept in that same transaction, the reason waits in
 * a table of this connection's temporary database, and a temporary
 * trigger on the agreement's update (TEMP triggers may write the main
 * database) moves it into early_endings with the count of sessions held
 * at that moment: the end and its reason commit, or fail, together.
 * What is due is then worked out again, so that every front end ending
 * through records_end leaves it right.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/template.h"
#include "records_internal.h"

static const char early_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS rec_early_pending("
    "  agreement TEXT PRIMARY KEY, minimum INTEGER NOT NULL,"
    "  reason TEXT NOT NULL, recorded TEXT NOT NULL);"
    "CREATE TEMP TRIGGER IF NOT EXISTS rec_early_on_end"
    "  AFTER UPDATE OF ended ON main.agreements"
    "  WHEN NEW.ended IS NOT NULL AND OLD.ended IS NULL BEGIN"
    "  INSERT OR REPLACE INTO early_endings"
    "    SELECT p.agreement, (SELECT count(*) FROM sessions s"
    "      WHERE s.agreement = p.agreement AND s.withdrawn IS NULL),"
    "      p.minimum, p.reason, p.recorded"
    "    FROM rec_early_pending p WHERE p.agreement = NEW.id;"
    "  END;";

bool rec_keys_here(struct store *st, const struct agreement *ag)
{
	unsigned char pk[32];
	struct mp_error e;

	return agreement_signer_public(st, ag, AG_MENTOR, pk, &e) == MP_OK ||
	       agreement_signer_public(st, ag, AG_MENTEE, pk, &e) == MP_OK;
}

static bool reason_ok(const char *s)
{
	size_t n = strlen(s);
	bool text = false;

	for (const char *p = s; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
		text |= *p != ' ';
	}
	return text && n <= REC_EARLY_REASON_MAX;
}

/*
 * Whether agreement_end would refuse the end for what it checks itself
 * (who ended it, the date), so that its own message comes first; else
 * the day of the end (date, or today when NULL) into day.
 */
static bool end_refused(const struct agreement *ag, const char *date,
			const char *by, char day[11])
{
	static const char *const who[] = {"mentor", "mentee", "both",
					  "administrator"};
	char today[11];
	int y, m, d, known = 0;

	for (size_t i = 0; i < 4; i++)
		known |= by && strcmp(by, who[i]) == 0;
	rec_today(today);
	if (!date)
		memcpy(day, today, 11);
	else if (template_date_parse(date, &y, &m, &d) == MP_OK)
		snprintf(day, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
			 (unsigned)m % 13u, (unsigned)d % 32u);
	else
		return true;
	return !known || strcmp(day, today) > 0 ||
	       (ag->started && strcmp(day, ag->started) < 0);
}

/* records_end but for what is due. */
static enum mp_status end_by_rule(struct store *st, struct agreement *ag,
				  const char *date, const char *by,
				  const char *reason, const char *early_reason,
				  bool *early, struct mp_error *err)
{
	long min = ag->tpl->facts.min_sessions, held = 0;
	char now[32], minimum[24], day[11];
	struct mp_error ignored;
	enum mp_status s;

	if (early)
		*early = false;
	if (ag->status != AG_ACTIVE || !min ||
	    !ag->tpl->records.sessions.present ||
	    end_refused(ag, date, by, day) ||
	    (ag->planned_end && strcmp(day, ag->planned_end) >= 0) ||
	    !rec_keys_here(st, ag))
		return agreement_end(st, ag, date, by, reason, err);
	if ((s = records_held(st, ag->id, &held, NULL, err)) != MP_OK)
		return s;
	if (held >= min)
		return agreement_end(st, ag, date, by, reason, err);
	if (!early_reason || !*early_reason)
		return mp_error_set(
		    err, MP_ERR_STATE,
		    "agreement %s has %ld session%s recorded, and the "
		    "scheme '%s' expects at least %ld before it ends; "
		    "record the sessions that were held ('session add'),"
		    " or give the reason it ends early (--early-reason)",
		    ag->id, held, held == 1 ? "" : "s", ag->tpl->id, min);
	if (!reason_ok(early_reason))
		return mp_error_set(err, MP_ERR_INVALID,
				    "the reason for ending early must be one "
				    "line of at most %d characters",
				    REC_EARLY_REASON_MAX);
	if (sqlite3_exec(store_db(st), early_sql, NULL, NULL, NULL) !=
	    SQLITE_OK)
		return store_sqlite_error(st, sqlite3_errcode(store_db(st)),
					  "preparing the early ending", err);
	rec_now(now);
	snprintf(minimum, sizeof(minimum), "%ld", min);
	const char *a[] = {ag->id, minimum, early_reason, now};
	s = rec_exec(st, "preparing the early ending",
		     "INSERT OR REPLACE INTO temp.rec_early_pending"
		     " VALUES(?1, CAST(?2 AS INTEGER), ?3, ?4)",
		     4, a, err);
	if (s == MP_OK)
		s = agreement_end(st, ag, date, by, reason, err);
	rec_exec(st, "clearing the early ending",
		 "DELETE FROM temp.rec_early_pending WHERE agreement = ?1", 1,
		 a, &ignored);
	if (s == MP_OK && early)
		*early = true;
	return s;
}

enum mp_status records_end(struct store *st, struct agreement *ag,
			   const char *date, const char *by, const char *reason,
			   const char *early_reason, bool *early,
			   struct mp_error *err)
{
	enum mp_status s =
	    end_by_rule(st, ag, date, by, reason, early_reason, early, err);
	struct mp_error due;

	if (s != MP_OK)
		return s;
	if ((s = records_due_refresh(st, ag, &due)) != MP_OK)
		mp_error_set(err, s,
			     "agreement %s ended, but what is due was not "
			     "worked out again: %s",
			     ag->id, due.message);
	return s;
}

void records_early_free(struct rec_early *e)
{
	if (!e)
		return;
	free(e->reason);
	free(e->recorded);
	memset(e, 0, sizeof(*e));
}

enum mp_status records_early(struct store *st, const char *id,
			     struct rec_early *out, bool *found,
			     struct mp_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "SELECT held, minimum, reason, recorded"
				    " FROM early_endings WHERE agreement = ?1",
				    -1, &q, NULL);

	memset(out, 0, sizeof(*out));
	*found = false;
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->held = (long)sqlite3_column_int64(q, 0);
		out->minimum = (long)sqlite3_column_int64(q, 1);
		out->reason = strdup((const char *)sqlite3_column_text(q, 2));
		out->recorded = strdup((const char *)sqlite3_column_text(q, 3));
		*found = true;
		if (!out->reason || !out->recorded) {
			sqlite3_finalize(q);
			records_early_free(out);
			*found = false;
			return mp_error_set(err, MP_ERR_NOMEM, NULL);
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "reading the early ending",
					  err);
	return MP_OK;
}
