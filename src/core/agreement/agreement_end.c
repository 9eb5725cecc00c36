/*
 * agreement_end.c - ending an agreement signed by both: who ended it,
 * why, and its keep-until date from the retention in force; and the day
 * such an event happened, which a review (agreement_review.c) is
 * recorded on too.
 */
#include <stdio.h>
#include <string.h>

#include "agreement_internal.h"

static int has_control(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

enum mp_status ag_event_day(const struct agreement *ag, const char *date,
			    const char *what, char day[11],
			    struct mp_error *err)
{
	char today[11];
	int y, m, d;

	if (!date)
		ag_today(day);
	else if (template_date_parse(date, &y, &m, &d) != MP_OK)
		return mp_error_set(err, MP_ERR_INVALID,
				    "'%s' is not a date between 1900-01-01 "
				    "and 2999-12-31; write it as YYYY-MM-DD "
				    "or DD/MM/YYYY",
				    date);
	else
		snprintf(day, 11, "%04d-%02d-%02d", y, m, d);

	/* an end or a review is recorded once it has happened */
	ag_today(today);
	if (strcmp(day, today) > 0)
		return mp_error_set(err, MP_ERR_INVALID,
				    "the %s date %s is in the future (today "
				    "is %s); record the %s on or after the "
				    "day it happens",
				    what, day, today, what);
	if (ag->started && strcmp(day, ag->started) < 0)
		return mp_error_set(err, MP_ERR_INVALID,
				    "the %s date %s is before the agreement "
				    "started (%s)",
				    what, day, ag->started);
	return MP_OK;
}

enum mp_status agreement_end(struct store *st, struct agreement *ag,
			     const char *date, const char *by,
			     const char *reason, struct mp_error *err)
{
	static const char *const who[] = {"mentor", "mentee", "both",
					  "administrator"};
	char day[11], kept[11] = "", rowid[24];
	int known = 0;
	enum mp_status s;

	if (ag->status != AG_ACTIVE)
		return mp_error_set(err, MP_ERR_STATE,
				    "agreement %s is %s; only an active "
				    "agreement (signed by both) can be ended",
				    ag->id, agreement_status_name(ag->status));
	for (size_t i = 0; i < 4; i++)
		known |= by && strcmp(by, who[i]) == 0;
	if (!known)
		return mp_error_set(err, MP_ERR_INVALID,
				    "who ended it must be mentor, mentee, both "
				    "or administrator");
	if ((s = ag_event_day(ag, date, "end", day, err)) != MP_OK)
		return s;
	if (reason && (strlen(reason) > 1000 || has_control(reason)))
		return mp_error_set(err, MP_ERR_INVALID,
				    "the reason must be one line of at most "
				    "1000 characters");
	if ((s = agreement_kept_until(st, ag->tpl, day, kept, err)) != MP_OK)
		return s;
	snprintf(rowid, sizeof(rowid), "%lld", (long long)ag->rowid);
	if ((s = store_begin(st, err)) != MP_OK)
		return s;
	const char *p[] = {day, by, reason && *reason ? reason : NULL,
			   *kept ? kept : NULL, rowid};
	s = ag_exec(st, "ending the agreement",
		    "UPDATE agreements SET ended = ?1, ended_by = ?2,"
		    " end_reason = ?3, kept_until = ?4 WHERE rowid = ?5",
		    5, p, err);
	if (s == MP_OK)
		s = ag_audit(st, ag, by, "ended", NULL, err);
	if (s == MP_OK && (ag_set_str(&ag->ended, day) ||
			   ag_set_str(&ag->ended_by, by) ||
			   ag_set_str(&ag->end_reason, p[2]) ||
			   ag_set_str(&ag->kept_until, p[3])))
		s = mp_error_set(err, MP_ERR_NOMEM, NULL);
	return ag_finish(st, ag, s, err);
}
