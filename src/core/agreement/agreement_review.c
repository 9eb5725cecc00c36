/*
 * agreement_review.c - reviews of active agreements (the seeds' "review
 * at six months"): when one was held, an optional note, and when the next
 * falls due.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_internal.h"

static int note_ok(const char *note)
{
	if (!note)
		return 1;
	if (strlen(note) > 2000)
		return 0;
	for (const unsigned char *p = (const unsigned char *)note; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

enum mp_status agreement_review(struct store *st, struct agreement *ag,
				const char *date, const char *note,
				struct mp_error *err)
{
	const struct tpl_duration *every = &ag->tpl->facts.review_interval;
	char day[11], next[11] = "", now[32], rowid[24];
	enum mp_status s;

	if (ag->status != AG_ACTIVE)
		return mp_error_set(err, MP_ERR_STATE,
				    "agreement %s is %s; reviews are recorded "
				    "for active agreements",
				    ag->id, agreement_status_name(ag->status));
	if ((s = ag_event_day(ag, date, "review", day, err)) != MP_OK)
		return s;
	if (!note_ok(note))
		return mp_error_set(err, MP_ERR_INVALID,
				    "the note must be one paragraph of at most "
				    "2000 characters");
	if (every->unit != TPL_UNIT_NONE)
		ag_date_add(day, every, next);
	ag_now(now);
	snprintf(rowid, sizeof(rowid), "%lld", (long long)ag->rowid);
	if ((s = store_begin(st, err)) != MP_OK)
		return s;
	const char *r[] = {ag->id, day, note && *note ? note : NULL, now};
	s = ag_exec(st, "recording the review",
		    "INSERT INTO reviews(agreement_id, held_on, note, recorded)"
		    " VALUES(?1, ?2, ?3, ?4)",
		    4, r, err);
	const char *u[] = {*next ? next : NULL, rowid};
	if (s == MP_OK)
		s = ag_exec(st, "recording the review",
			    "UPDATE agreements SET review_due = ?1"
			    " WHERE rowid = ?2",
			    2, u, err);
	if (s == MP_OK)
		s = ag_audit(st, ag, "administrator", "reviewed", day, err);
	if (s == MP_OK && ag_set_str(&ag->review_due, u[0]))
		s = mp_error_set(err, MP_ERR_NOMEM, NULL);
	return ag_finish(st, ag, s, err);
}

void agreement_reviews_free(struct ag_review *r, size_t n)
{
	for (size_t i = 0; r && i < n; i++) {
		free(r[i].held_on);
		free(r[i].note);
		free(r[i].recorded);
	}
	free(r);
}

enum mp_status agreement_reviews(struct store *st, const struct agreement *ag,
				 struct ag_review **out, size_t *n,
				 struct mp_error *err)
{
	struct ag_review *list = NULL, *grown;
	sqlite3_stmt *q;
	size_t count = 0;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "SELECT held_on, note, recorded FROM reviews"
				    " WHERE agreement_id = ?1"
				    " ORDER BY held_on, recorded",
				    -1, &q, NULL);

	*out = NULL;
	*n = 0;
	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading reviews", err);
	sqlite3_bind_text(q, 1, ag->id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		grown = realloc(list, (count + 1) * sizeof(*list));
		if (!grown)
			break;
		list = grown;
		memset(&list[count], 0, sizeof(list[count]));
		if (ag_set_str(&list[count].held_on,
			       (const char *)sqlite3_column_text(q, 0)) ||
		    ag_set_str(&list[count].note,
			       (const char *)sqlite3_column_text(q, 1)) ||
		    ag_set_str(&list[count].recorded,
			       (const char *)sqlite3_column_text(q, 2))) {
			count++;
			break;
		}
		count++;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		agreement_reviews_free(list, count);
		return rc == SQLITE_ROW ? mp_error_set(err, MP_ERR_NOMEM, NULL)
					: store_sqlite_error(st, rc,
							     "reading reviews",
							     err);
	}
	*out = list;
	*n = count;
	return MP_OK;
}
