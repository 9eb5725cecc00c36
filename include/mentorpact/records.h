/*
 * records.h - what follows the signature: the session log of a mentoring
 * relationship (issue 15, point 2).
 *
 * Sessions are kept by the agreement's id, not one version of it: they
 * belong to the relationship across re-contracting.  A withdrawn entry is
 * kept, flagged, and not counted.  Entries are written only while the
 * agreement's latest version is active (the schema's triggers close them
 * after), by a party who proves themselves with their own signing
 * passphrase (agreement_signer_unlock); only an entry's author edits or
 * withdraws it.  Every change is audited without its content.
 */
#ifndef MENTORPACT_RECORDS_H
#define MENTORPACT_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "mentorpact/agreement.h"
#include "mentorpact/status.h"

struct store;
struct mp_secret;

/* The longest "how" (one line). */
#define REC_HOW_MAX 200
/* The longest session, in minutes (a day). */
#define REC_MINUTES_MAX 1440

/*
 * What to write into an entry.  Each member NULL: left as it is (on add:
 * not given).  "" clears it (but date, which every entry has).  date and
 * next are YYYY-MM-DD; minutes a whole number from 1 to REC_MINUTES_MAX;
 * how one line.  fields[i] = values[i] sets the template's own session
 * field fields[i] (tpl->records.sessions.fields), checked and normalised
 * by template_value_check.
 */
struct rec_entry {
	const char *date, *minutes, *how, *next;
	const char *const *fields;
	const char *const *values;
	size_t n_set;
};

/* One entry of the log; strings malloc'd, NULL when not given. */
struct rec_session {
	long n;		/* numbered from 1 within the relationship */
	char author[7]; /* "mentor" or "mentee" */
	char *held;	/* YYYY-MM-DD */
	long minutes;	/* 0: not given */
	char *how, *next;
	char *created, *updated, *withdrawn; /* UTC times; withdrawn NULL */
	/* the template's own session fields, in its order: n_values ==
	 * tpl->records.sessions.n_fields; an entry NULL when unanswered */
	char **values;
	size_t n_values;
};

/*
 * Add an entry to ag's session log as role, who proves themselves with
 * pass (their signing passphrase).  date is required, and the template's
 * required session fields.  *n receives its number.  MP_ERR_STATE when
 * the template keeps no session log or ag is not active; MP_ERR_NOT_FOUND
 * when role has no signing key in this store; MP_ERR_PASSPHRASE;
 * MP_ERR_INVALID with what was wrong.
 */
enum mp_status records_session_add(struct store *st, const struct agreement *ag,
				   enum ag_role role,
				   const struct mp_secret *pass,
				   const struct rec_entry *in, long *n,
				   struct mp_error *err);

/* Check in as records_session_add would, before anyone types a
 * passphrase: whether ag takes entries, and every value given (in->date
 * required).  MP_OK, or as records_session_add. */
enum mp_status records_session_check(const struct agreement *ag,
				     const struct rec_entry *in,
				     struct mp_error *err);

/* Change entry n as its author role (as records_session_add proves). */
enum mp_status
records_session_edit(struct store *st, const struct agreement *ag,
		     enum ag_role role, const struct mp_secret *pass, long n,
		     const struct rec_entry *in, struct mp_error *err);

/* Withdraw entry n as its author role: kept, flagged, not counted. */
enum mp_status records_session_withdraw(struct store *st,
					const struct agreement *ag,
					enum ag_role role,
					const struct mp_secret *pass, long n,
					struct mp_error *err);

/* Every entry of ag's log, withdrawn ones included, by number: *out is
 * a malloc'd array of *count (records_sessions_free). */
enum mp_status records_sessions(struct store *st, const struct agreement *ag,
				struct rec_session **out, size_t *count,
				struct mp_error *err);
void records_sessions_free(struct rec_session *s, size_t count);

/* How many sessions of agreement id the store holds, withdrawn ones left
 * out, into *held; *logged receives how many were ever recorded,
 * withdrawn ones included (either may be NULL). */
enum mp_status records_held(struct store *st, const char *id, long *held,
			    long *logged, struct mp_error *err);

/* The sessions the scheme plans: offered_sessions, else max_sessions,
 * else min_sessions; 0 when the template states none. */
long records_planned(const struct template *tpl);

/* --- what is due ----------------------------------------------------------
 *
 * One row per agreement and kind in records_due (doc/templates.md section
 * 15, "What is due"): "meeting", the next meeting agreed in the latest
 * session held (by date) that is not withdrawn; "review", the agreement's
 * review date while it is active; "form", the earliest due date among
 * the forms a party must fill and has not yet submitted: at start, the
 * day it started + 14 days; after each session, that session's date + 7
 * days; at end, the day it ended + 14 days; at stages, spread evenly from
 * the start to the planned end (the last stage on the planned end); at
 * review, the review date.  An ended agreement keeps only its forms due
 * at the end.  Forms are due only in the store where the pair signed (a
 * party's signing key is in it): a programme lead's store of imported
 * agreements keeps no forms, so only their reviews are due there.
 */

enum rec_due_kind {
	REC_DUE_MEETING,
	REC_DUE_FORM,
	REC_DUE_REVIEW,
	REC_DUE_KINDS
};

/* "meeting", "form", "review". */
const char *records_due_kind_name(enum rec_due_kind k);

/* Recompute ag's rows of records_due (ag: its latest version), inside
 * the caller's transaction. */
enum mp_status records_due_update(struct store *st, const struct agreement *ag,
				  struct mp_error *err);

/* As records_due_update, in a transaction of its own. */
enum mp_status records_due_refresh(struct store *st, const struct agreement *ag,
				   struct mp_error *err);

/* ag's due dates by kind into due[k] ("" when nothing is due). */
enum mp_status records_due_of(struct store *st, const char *id,
			      char due[REC_DUE_KINDS][11],
			      struct mp_error *err);

/* How many agreements have each kind due on or before day (YYYY-MM-DD):
 * read from the per-day counts, so it costs the number of days with
 * something due, not the number of agreements. */
enum mp_status records_due_counts(struct store *st, const char *day,
				  long counts[REC_DUE_KINDS],
				  struct mp_error *err);

/* --- ending before the minimum ---------------------------------------------
 *
 * An ending is early when the scheme keeps a session log and states
 * min_sessions, fewer sessions
 * than that are held, and the end falls before the planned end (any end,
 * when the agreement has no planned end).  Where the store holds the
 * pair's records (a party has a signing key in it), an early ending needs
 * a reason, kept with the number of sessions held in early_endings in the
 * same transaction as the end.  Elsewhere (a programme lead's store of
 * imported agreements) the rule does not apply: the sessions are not
 * kept there.
 */

/* The longest reason for an early ending. */
#define REC_EARLY_REASON_MAX 1000

struct rec_early {
	long held, minimum;
	char *reason;
	char *recorded; /* UTC time */
};

/*
 * End ag as agreement_end does (date NULL: today; by; reason), applying
 * the rule above: an early ending without early_reason (NULL or "") is
 * refused with MP_ERR_STATE saying how many sessions are held and the two
 * ways on; with it, the reason is kept.  *early (may be NULL) is set when
 * an early ending was recorded.  Once ended, what is due is worked out
 * again (records_due_refresh); should only that fail, the end stands and
 * its error says so.
 */
enum mp_status records_end(struct store *st, struct agreement *ag,
			   const char *date, const char *by, const char *reason,
			   const char *early_reason, bool *early,
			   struct mp_error *err);

/* The early ending kept for agreement id: *found false when none; *out
 * filled when found (records_early_free). */
enum mp_status records_early(struct store *st, const char *id,
			     struct rec_early *out, bool *found,
			     struct mp_error *err);
void records_early_free(struct rec_early *e);

#endif
