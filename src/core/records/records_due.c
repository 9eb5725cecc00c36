/*
 * records_due.c - what is due for an agreement (records.h, "what is
 * due"): its rows in records_due, recomputed whenever what they depend
 * on changes, and the counts by day that the home screen reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/template.h"
#include "records_internal.h"

static const char *const kind_names[REC_DUE_KINDS] = {"meeting", "form",
						      "review"};

const char *records_due_kind_name(enum rec_due_kind k)
{
	return (unsigned)k < REC_DUE_KINDS ? kind_names[k] : "?";
}

/* Days since 1970-01-01 of a YYYY-MM-DD date (civil calendar). */
static long day_number(const char *text)
{
	int y, m, d;

	if (!text || template_date_parse(text, &y, &m, &d) != MP_OK)
		return -1;
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static void day_text(long z, char out[11])
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp + (mp < 10 ? 3 : -9);

	y += m <= 2;
	if (y < 0 || y > 9999) /* not from a date the parser accepted */
		y = 9999;
	snprintf(out, 11, "%04d-%02u-%02u", (int)y, (unsigned)m % 13u,
		 (unsigned)d % 32u);
}

/* 1 when role has submitted form for occasion, 0 when not, -1 on error. */
static int submitted(sqlite3_stmt *q, const char *id, const char *form,
		     const char *occasion, const char *role)
{
	int rc;

	sqlite3_reset(q);
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, form, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, occasion, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, role, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

struct form_scan {
	sqlite3_stmt *q;
	const struct agreement *ag;
	long best; /* day number, -1: none */
	bool failed;
};

/* Consider one occasion of form f, due on day number due. */
static void consider(struct form_scan *fs, const struct tpl_form *f,
		     const char *occasion, long due)
{
	static const char *const roles[2] = {"mentor", "mentee"};

	if (due < 0 || (fs->best >= 0 && due >= fs->best))
		return;
	for (int r = 0; r < 2; r++) {
		if (!(f->who & (r ? TPL_MENTEE : TPL_MENTOR)))
			continue;
		int done =
		    submitted(fs->q, fs->ag->id, f->id, occasion, roles[r]);

		if (done < 0)
			fs->failed = true;
		if (done == 0) {
			fs->best = due;
			return;
		}
	}
}

static void scan_form(struct form_scan *fs, const struct tpl_form *f,
		      const struct rec_session *ss, size_t n_ss)
{
	const struct agreement *ag = fs->ag;
	long start = day_number(ag->started), end = day_number(ag->ended);
	long planned = day_number(ag->planned_end);
	char occasion[24];
	bool active = ag->status == AG_ACTIVE;

	switch (f->due) {
	case TPL_DUE_START:
		if (active && start >= 0)
			consider(fs, f, "start", start + 14);
		break;
	case TPL_DUE_END:
		if (ag->status == AG_ENDED && end >= 0)
			consider(fs, f, "end", end + 14);
		break;
	case TPL_DUE_SESSION:
		for (size_t i = 0; active && i < n_ss; i++) {
			if (ss[i].withdrawn)
				continue;
			snprintf(occasion, sizeof(occasion), "%ld", ss[i].n);
			consider(fs, f, occasion, day_number(ss[i].held) + 7);
		}
		break;
	case TPL_DUE_STAGES:
		if (!active || start < 0 || planned < start || !f->n_stages)
			break;
		for (size_t i = 0; i < f->n_stages; i++)
			consider(fs, f, f->stages[i],
				 start + (long)((planned - start) * (i + 1) /
						(long)f->n_stages));
		break;
	case TPL_DUE_REVIEW:
		if (active && ag->review_due)
			consider(fs, f, ag->review_due,
				 day_number(ag->review_due));
		break;
	default:
		break;
	}
}

static enum mp_status put(struct store *st, const char *id, enum rec_due_kind k,
			  const char *due, struct mp_error *err)
{
	const char *a[] = {id, kind_names[k], due};

	if (!due || !*due)
		return rec_exec(st, "noting what is due",
				"DELETE FROM records_due"
				" WHERE agreement = ?1 AND kind = ?2",
				2, a, err);
	return rec_exec(st, "noting what is due",
			"INSERT INTO records_due VALUES(?1, ?2, ?3)"
			" ON CONFLICT DO UPDATE SET due = excluded.due"
			" WHERE due IS NOT excluded.due",
			3, a, err);
}

enum mp_status records_due_update(struct store *st, const struct agreement *ag,
				  struct mp_error *err)
{
	const struct tpl_records *rec = &ag->tpl->records;
	struct rec_session *ss = NULL;
	size_t n_ss = 0;
	char meeting[11] = "", form[11] = "";
	const char *latest = NULL;
	bool active = ag->status == AG_ACTIVE;
	enum mp_status s = records_sessions(st, ag, &ss, &n_ss, err);

	if (s != MP_OK)
		return s;
	for (size_t i = 0; active && i < n_ss; i++)
		if (!ss[i].withdrawn &&
		    (!latest || strcmp(ss[i].held, latest) >= 0)) {
			latest = ss[i].held;
			snprintf(meeting, sizeof(meeting), "%s",
				 ss[i].next ? ss[i].next : "");
		}
	if (rec->n_forms && rec_keys_here(st, ag)) { /* kept here */
		struct form_scan fs = {NULL, ag, -1, false};
		int rc = sqlite3_prepare_v2(
		    store_db(st),
		    "SELECT 1 FROM form_entries WHERE agreement = ?1"
		    " AND form = ?2 AND occasion = ?3 AND role = ?4"
		    " AND submitted IS NOT NULL",
		    -1, &fs.q, NULL);

		if (rc != SQLITE_OK)
			s = store_sqlite_error(st, rc, "noting what is due",
					       err);
		for (size_t i = 0; s == MP_OK && i < rec->n_forms; i++)
			scan_form(&fs, &rec->forms[i], ss, n_ss);
		sqlite3_finalize(fs.q);
		if (s == MP_OK && fs.failed)
			s = mp_error_set(err, MP_ERR_IO,
					 "reading the forms submitted failed");
		if (fs.best >= 0)
			day_text(fs.best, form);
	}
	records_sessions_free(ss, n_ss);
	if (s == MP_OK)
		s = put(st, ag->id, REC_DUE_MEETING, meeting, err);
	if (s == MP_OK)
		s = put(st, ag->id, REC_DUE_FORM, form, err);
	if (s == MP_OK)
		s = put(st, ag->id, REC_DUE_REVIEW,
			active ? ag->review_due : NULL, err);
	return s;
}

enum mp_status records_due_refresh(struct store *st, const struct agreement *ag,
				   struct mp_error *err)
{
	enum mp_status s = store_begin(st, err);

	if (s != MP_OK)
		return s;
	s = records_due_update(st, ag, err);
	if (s == MP_OK)
		s = store_commit(st, err);
	if (s != MP_OK)
		store_rollback(st);
	return s;
}

enum mp_status records_due_of(struct store *st, const char *id,
			      char due[REC_DUE_KINDS][11], struct mp_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "SELECT kind, due FROM records_due"
				    " WHERE agreement = ?1",
				    -1, &q, NULL);

	for (int k = 0; k < REC_DUE_KINDS; k++)
		due[k][0] = '\0';
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(q, 0);

		rc = SQLITE_OK;
		for (int k = 0; k < REC_DUE_KINDS; k++)
			if (strcmp(kind, kind_names[k]) == 0)
				snprintf(
				    due[k], 11, "%s",
				    (const char *)sqlite3_column_text(q, 1));
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE
		   ? MP_OK
		   : store_sqlite_error(st, rc, "reading what is due", err);
}

enum mp_status records_due_counts(struct store *st, const char *day,
				  long counts[REC_DUE_KINDS],
				  struct mp_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "SELECT kind, sum(n) FROM records_due_days"
				    " WHERE day <= ?1 GROUP BY kind",
				    -1, &q, NULL);

	for (int k = 0; k < REC_DUE_KINDS; k++)
		counts[k] = 0;
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 1, day, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(q, 0);

		rc = SQLITE_OK;
		for (int k = 0; k < REC_DUE_KINDS; k++)
			if (strcmp(kind, kind_names[k]) == 0)
				counts[k] = (long)sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE
		   ? MP_OK
		   : store_sqlite_error(st, rc, "counting what is due", err);
}
