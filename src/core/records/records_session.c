/*
 * records_session.c - writing the session log: add, edit and withdraw an
 * entry, each proved by its writer's signing passphrase, checked against
 * the template's session fields, and audited without its content.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mentorpact/audit.h"
#include "mentorpact/secret.h"
#include "mentorpact/sign.h"
#include "mentorpact/template.h"
#include "records_internal.h"

/* An entry as it will be written, in normal form. */
struct draft {
	char held[11], next[11];
	long minutes;
	char *how;
	char **values; /* n_fields of the session log */
	size_t n_values;
};

static void draft_free(struct draft *d)
{
	free(d->how);
	for (size_t i = 0; d->values && i < d->n_values; i++)
		free(d->values[i]);
	free(d->values);
}

void rec_now(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void rec_today(char buf[11])
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
}

/* A date into day (YYYY-MM-DD); what names it in the message. */
static enum mp_status date_norm(const char *text, const char *what,
				char day[11], struct mp_error *err)
{
	int y, m, d;

	if (template_date_parse(text, &y, &m, &d) != MP_OK)
		return mp_error_set(err, MP_ERR_INVALID,
				    "%s: '%s' is not a date between 1900-01-01 "
				    "and 2999-12-31; write it as YYYY-MM-DD",
				    what, text);
	snprintf(day, 11, "%04d-%02d-%02d", y, m, d);
	return MP_OK;
}

static enum mp_status minutes_norm(const char *text, long *out,
				   struct mp_error *err)
{
	char *end;
	long v;

	if (!*text) {
		*out = 0;
		return MP_OK;
	}
	v = strtol(text, &end, 10);
	if (*text < '0' || *text > '9' || *end || v < 1 || v > REC_MINUTES_MAX)
		return mp_error_set(err, MP_ERR_INVALID,
				    "length: '%s' is not a number of minutes "
				    "from 1 to %d; write it as e.g. 60",
				    text, REC_MINUTES_MAX);
	*out = v;
	return MP_OK;
}

static bool one_line(const char *s, size_t max)
{
	size_t n = strlen(s);

	return n <= max && !strpbrk(s, "\n\r\t");
}

static int field_index(const struct tpl_session_log *log, const char *id)
{
	for (size_t i = 0; i < log->n_fields; i++)
		if (strcmp(log->fields[i]->id, id) == 0)
			return (int)i;
	return -1;
}

/* Apply in to d, checking each value given and then the whole. */
static enum mp_status draft_apply(const struct tpl_session_log *log,
				  const struct rec_entry *in, struct draft *d,
				  struct mp_error *err)
{
	char today[11];
	enum mp_status s;

	if (in->date && (s = date_norm(in->date, "date", d->held, err)))
		return s;
	if (in->next && !*in->next)
		d->next[0] = '\0';
	else if (in->next && (s = date_norm(in->next, "next", d->next, err)))
		return s;
	if (in->minutes && (s = minutes_norm(in->minutes, &d->minutes, err)))
		return s;
	if (in->how) {
		if (!one_line(in->how, REC_HOW_MAX))
			return mp_error_set(err, MP_ERR_INVALID,
					    "how: write one line of at most "
					    "%d characters, e.g. 'video'",
					    REC_HOW_MAX);
		free(d->how);
		d->how = *in->how ? strdup(in->how) : NULL;
		if (*in->how && !d->how)
			return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	for (size_t i = 0; i < in->n_set; i++) {
		int k = field_index(log, in->fields[i]);
		char *norm = NULL;

		if (k < 0) {
			char known[512] = "";
			size_t used = 0;

			for (size_t j = 0; j < log->n_fields && used < 400; j++)
				used += (size_t)snprintf(
				    known + used, sizeof(known) - used, "%s%s",
				    j ? ", " : "", log->fields[j]->id);
			return mp_error_set(err, MP_ERR_INVALID,
					    "the session log has no field '%s';"
					    " its fields are: %s",
					    in->fields[i],
					    *known ? known
						   : "(none of its own)");
		}
		if ((s = template_value_check(log->fields[k], in->values[i],
					      &norm, err)))
			return s;
		free(d->values[k]);
		d->values[k] = *norm ? norm : NULL;
		if (!*norm)
			free(norm);
	}
	if (!d->held[0])
		return mp_error_set(err, MP_ERR_INVALID,
				    "give the date the session was held "
				    "(--date YYYY-MM-DD)");
	rec_today(today);
	if (strcmp(d->held, today) > 0)
		return mp_error_set(err, MP_ERR_INVALID,
				    "date: %s is in the future (today is %s); "
				    "record a session once it has been held, "
				    "and a planned one as the next meeting",
				    d->held, today);
	if (d->next[0] && strcmp(d->next, d->held) < 0)
		return mp_error_set(
		    err, MP_ERR_INVALID,
		    "next: the next meeting (%s) is before this "
		    "session (%s)",
		    d->next, d->held);
	for (size_t k = 0; k < log->n_fields; k++)
		if (log->fields[k]->required && !d->values[k])
			return mp_error_set(err, MP_ERR_INVALID,
					    "'%s' (%s) is required: give it "
					    "with --set %s=VALUE",
					    log->fields[k]->label,
					    log->fields[k]->id,
					    log->fields[k]->id);
	return MP_OK;
}

/* Refuse what cannot be written before anything is asked. */
static enum mp_status writable(const struct agreement *ag, struct mp_error *err)
{
	if (!ag->tpl->records.sessions.present)
		return mp_error_set(err, MP_ERR_STATE,
				    "the scheme '%s' keeps no session log: its "
				    "template has no records.sessions; "
				    "nothing to record for %s",
				    ag->tpl->id, ag->id);
	if (ag->status != AG_ACTIVE)
		return mp_error_set(
		    err, MP_ERR_STATE,
		    ag->status == AG_ENDED
			? "agreement %s has ended: its records are "
			  "closed"
			: "agreement %s is %s: sessions are recorded "
			  "once both have signed",
		    ag->id, agreement_status_name(ag->status));
	return MP_OK;
}

/* The writer proves themselves with their signing passphrase. */
static enum mp_status prove(struct store *st, const struct agreement *ag,
			    enum ag_role role, const struct mp_secret *pass,
			    struct mp_error *err)
{
	struct sign_keypair *kp = NULL;
	enum mp_status s =
	    agreement_signer_unlock(st, ag, role, pass, &kp, err);

	sign_keypair_free(kp);
	if (s == MP_ERR_NOT_FOUND)
		return mp_error_set(err, s,
				    "the %s of %s has no signing key in this "
				    "store: records are kept in the store "
				    "where the pair signed",
				    agreement_role_name(role), ag->id);
	if (s == MP_ERR_PASSPHRASE)
		return mp_error_set(err, s,
				    "that is not the %s's signing passphrase; "
				    "only the %s can write their records",
				    agreement_role_name(role),
				    agreement_role_name(role));
	return s;
}

enum mp_status rec_exec(struct store *st, const char *what, const char *sql,
			int n, const char *const *args, struct mp_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL);

	for (int i = 0; rc == SQLITE_OK && i < n; i++)
		rc = sqlite3_bind_text(q, i + 1, args[i], -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_sqlite_error(st, rc, what, err);
	return MP_OK;
}

/* Write d into the session of rowid (values replaced whole). */
static enum mp_status write_values(struct store *st,
				   const struct tpl_session_log *log,
				   const char *rowid, const struct draft *d,
				   struct mp_error *err)
{
	const char *del[] = {rowid};
	enum mp_status s = rec_exec(st, "saving the session",
				    "DELETE FROM session_values"
				    " WHERE session = ?1",
				    1, del, err);

	for (size_t k = 0; s == MP_OK && k < log->n_fields; k++) {
		const char *a[] = {rowid, log->fields[k]->id, d->values[k]};

		if (d->values[k])
			s = rec_exec(st, "saving the session",
				     "INSERT INTO session_values(session,"
				     " field, value) VALUES(?1, ?2, ?3)",
				     3, a, err);
	}
	return s;
}

static enum mp_status audit_n(struct store *st, const struct agreement *ag,
			      enum ag_role role, const char *action, long n,
			      struct mp_error *err)
{
	char detail[32];

	snprintf(detail, sizeof(detail), "session %ld", n);
	return audit_append(st, ag->id, ag->version, agreement_role_name(role),
			    action, detail, err);
}

static enum mp_status finish(struct store *st, enum mp_status s,
			     struct mp_error *err)
{
	if (s == MP_OK)
		s = store_commit(st, err);
	if (s != MP_OK)
		store_rollback(st);
	return s;
}

static enum mp_status draft_init(const struct tpl_session_log *log,
				 struct draft *d, struct mp_error *err)
{
	memset(d, 0, sizeof(*d));
	d->n_values = log->n_fields;
	d->values = calloc(log->n_fields + 1, sizeof(*d->values));
	return d->values ? MP_OK : mp_error_set(err, MP_ERR_NOMEM, NULL);
}

enum mp_status records_session_check(const struct agreement *ag,
				     const struct rec_entry *in,
				     struct mp_error *err)
{
	struct draft d;
	enum mp_status s;

	if ((s = writable(ag, err)) ||
	    (s = draft_init(&ag->tpl->records.sessions, &d, err)))
		return s;
	s = draft_apply(&ag->tpl->records.sessions, in, &d, err);
	draft_free(&d);
	return s;
}

enum mp_status records_session_add(struct store *st, const struct agreement *ag,
				   enum ag_role role,
				   const struct mp_secret *pass,
				   const struct rec_entry *in, long *n,
				   struct mp_error *err)
{
	const struct tpl_session_log *log = &ag->tpl->records.sessions;
	char now[32], num[24], mins[24], rowid[24];
	struct draft d;
	enum mp_status s;
	long next_n = 0;

	if ((s = writable(ag, err)) || (s = draft_init(log, &d, err)))
		return s;
	if ((s = draft_apply(log, in, &d, err)) ||
	    (s = prove(st, ag, role, pass, err)) ||
	    (s = store_begin(st, err))) {
		draft_free(&d);
		return s;
	}
	if ((s = records_held(st, ag->id, NULL, &next_n, err)) == MP_OK) {
		next_n++;
		rec_now(now);
		snprintf(num, sizeof(num), "%ld", next_n);
		snprintf(mins, sizeof(mins), "%ld", d.minutes);
		const char *a[] = {ag->id,
				   num,
				   agreement_role_name(role),
				   d.held,
				   d.minutes ? mins : NULL,
				   d.how,
				   d.next[0] ? d.next : NULL,
				   now};
		s = rec_exec(st, "adding the session",
			     "INSERT INTO sessions(agreement, n, author, held,"
			     " minutes, how, next, created, updated)"
			     " VALUES(?1, ?2, ?3, ?4, CAST(?5 AS INTEGER),"
			     " ?6, ?7, ?8, ?8)",
			     8, a, err);
	}
	if (s == MP_OK) {
		snprintf(rowid, sizeof(rowid), "%lld",
			 (long long)sqlite3_last_insert_rowid(store_db(st)));
		s = write_values(st, log, rowid, &d, err);
	}
	if (s == MP_OK)
		s = audit_n(st, ag, role, "session added", next_n, err);
	if (s == MP_OK)
		s = records_due_update(st, ag, err);
	s = finish(st, s, err);
	if (s == MP_OK && n)
		*n = next_n;
	draft_free(&d);
	return s;
}

/* Load entry n into d with its rowid, checking it is role's and open. */
static enum mp_status load_own(struct store *st, const struct agreement *ag,
			       enum ag_role role, long n, struct draft *d,
			       char rowid[24], struct mp_error *err)
{
	const struct tpl_session_log *log = &ag->tpl->records.sessions;
	struct rec_session *all = NULL;
	size_t count = 0;
	enum mp_status s = records_sessions(st, ag, &all, &count, err);
	const struct rec_session *e = NULL;

	for (size_t i = 0; s == MP_OK && i < count; i++)
		if (all[i].n == n)
			e = &all[i];
	if (s == MP_OK && !e)
		s = mp_error_set(err, MP_ERR_NOT_FOUND,
				 "%s has no session %ld; 'session list %s' "
				 "shows them",
				 ag->id, n, ag->id);
	else if (s == MP_OK && strcmp(e->author, agreement_role_name(role)))
		s = mp_error_set(
		    err, MP_ERR_PERM,
		    "session %ld was recorded by the %s; only they "
		    "can change or withdraw it",
		    n, e->author);
	else if (s == MP_OK && e->withdrawn)
		s = mp_error_set(err, MP_ERR_STATE,
				 "session %ld was withdrawn on %.10s; record "
				 "it again with 'session add'",
				 n, e->withdrawn);
	if (s == MP_OK) {
		snprintf(d->held, sizeof(d->held), "%s", e->held);
		snprintf(d->next, sizeof(d->next), "%s",
			 e->next ? e->next : "");
		d->minutes = e->minutes;
		d->how = e->how;
		for (size_t k = 0; k < log->n_fields && k < e->n_values; k++) {
			d->values[k] = e->values[k];
			all[e - all].values[k] = NULL;
		}
		all[e - all].how = NULL;
		s = rec_session_rowid(st, ag->id, n, rowid, err);
	}
	records_sessions_free(all, count);
	return s;
}

enum mp_status
records_session_edit(struct store *st, const struct agreement *ag,
		     enum ag_role role, const struct mp_secret *pass, long n,
		     const struct rec_entry *in, struct mp_error *err)
{
	const struct tpl_session_log *log = &ag->tpl->records.sessions;
	char now[32], mins[24], rowid[24];
	struct draft d;
	enum mp_status s;

	if ((s = writable(ag, err)) || (s = draft_init(log, &d, err)))
		return s;
	if ((s = load_own(st, ag, role, n, &d, rowid, err)) ||
	    (s = draft_apply(log, in, &d, err)) ||
	    (s = prove(st, ag, role, pass, err)) ||
	    (s = store_begin(st, err))) {
		draft_free(&d);
		return s;
	}
	rec_now(now);
	snprintf(mins, sizeof(mins), "%ld", d.minutes);
	const char *a[] = {rowid,
			   d.held,
			   d.minutes ? mins : NULL,
			   d.how,
			   d.next[0] ? d.next : NULL,
			   now};
	s = rec_exec(st, "changing the session",
		     "UPDATE sessions SET held = ?2, minutes = CAST(?3 AS"
		     " INTEGER), how = ?4, next = ?5, updated = ?6"
		     " WHERE rowid = ?1",
		     6, a, err);
	if (s == MP_OK)
		s = write_values(st, log, rowid, &d, err);
	if (s == MP_OK)
		s = audit_n(st, ag, role, "session changed", n, err);
	if (s == MP_OK)
		s = records_due_update(st, ag, err);
	draft_free(&d);
	return finish(st, s, err);
}

enum mp_status records_session_withdraw(struct store *st,
					const struct agreement *ag,
					enum ag_role role,
					const struct mp_secret *pass, long n,
					struct mp_error *err)
{
	const struct tpl_session_log *log = &ag->tpl->records.sessions;
	char now[32], rowid[24];
	struct draft d;
	enum mp_status s;

	if ((s = writable(ag, err)) || (s = draft_init(log, &d, err)))
		return s;
	s = load_own(st, ag, role, n, &d, rowid, err);
	draft_free(&d);
	if (s || (s = prove(st, ag, role, pass, err)) ||
	    (s = store_begin(st, err)))
		return s;
	rec_now(now);
	const char *a[] = {rowid, now};
	s = rec_exec(st, "withdrawing the session",
		     "UPDATE sessions SET withdrawn = ?2, updated = ?2"
		     " WHERE rowid = ?1",
		     2, a, err);
	if (s == MP_OK)
		s = audit_n(st, ag, role, "session withdrawn", n, err);
	if (s == MP_OK)
		s = records_due_update(st, ag, err);
	return finish(st, s, err);
}
