/*
 * forms_entry.c - one party's entry of one form at one occasion: loaded,
 * answered question by question (each answer saved at once, a refused
 * one kept as typed), and submitted with the party's signing passphrase
 * (forms.h).  The schema's triggers keep a submitted entry final and
 * count it in form_tally; this file marks the answers to count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms_internal.h"
#include "mentorpact/audit.h"
#include "mentorpact/sign.h"

void forms_entry_free(struct form_entry *e)
{
	if (!e)
		return;
	for (size_t i = 0; e->form && i < e->form->n_questions; i++) {
		free(e->values ? e->values[i] : NULL);
		free(e->refused ? e->refused[i] : NULL);
		free(e->why ? e->why[i] : NULL);
	}
	free(e->values);
	free(e->refused);
	free(e->why);
	free(e->occasion);
	free(e->stage);
	free(e->updated);
	free(e->submitted);
	free(e);
}

int forms_question_index(const struct form_entry *e, const char *id)
{
	for (size_t i = 0; id && i < e->form->n_questions; i++)
		if (strcmp(e->form->questions[i]->id, id) == 0)
			return (int)i;
	return -1;
}

/* Whether question type t is counted in the evaluation. */
static bool counted(enum tpl_type t)
{
	return t == TPL_RATING || t == TPL_CHOICE || t == TPL_YES_NO;
}

/* --- loading
 * ------------------------------------------------------------------- */

/* "a, b and c" of what is open, for a message: the forms of role, or
 * the occasions of form for role. */
static void open_names(const struct form_slot *sl, size_t n,
		       const struct tpl_form *form, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++) {
		const char *name = form ? sl[i].occasion : sl[i].form->id;
		bool seen = false;
		if (form && sl[i].form != form)
			continue;
		for (size_t k = 0; !form && k < i; k++)
			seen |= sl[k].form == sl[i].form;
		if (seen)
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 used ? ", " : "", name);
	}
	if (!buf[0])
		snprintf(buf, size, "none yet");
}

/* The slot of form at occasion (NULL: the only one, else the earliest
 * not submitted), or NULL with err set. */
static const struct form_slot *pick(const struct agreement *ag,
				    const struct form_slot *sl, size_t n,
				    const struct tpl_form *form,
				    const char *occasion, enum ag_role role,
				    struct mp_error *err)
{
	const struct form_slot *only = NULL, *first = NULL;
	size_t count = 0;
	char names[512];

	for (size_t i = 0; i < n; i++) {
		if (sl[i].form != form)
			continue;
		if (occasion && strcmp(sl[i].occasion, occasion) == 0)
			return &sl[i];
		only = &sl[i];
		count++;
		if (!first && sl[i].state != FORM_SUBMITTED)
			first = &sl[i];
	}
	if (!occasion && count == 1)
		return only;
	if (!occasion && first)
		return first;
	open_names(sl, n, form, names, sizeof(names));
	if (!occasion && count)
		mp_error_set(err, MP_ERR_STATE,
			     "every occasion of form '%s' of agreement %s is "
			     "submitted by the %s (%s)",
			     form->id, ag->id, agreement_role_name(role),
			     names);
	else
		mp_error_set(err, MP_ERR_NOT_FOUND,
			     "form '%s' of agreement %s is not open to the %s "
			     "at occasion '%s'; open occasions: %s",
			     form->id, ag->id, agreement_role_name(role),
			     occasion ? occasion : "-", names);
	return NULL;
}

static enum mp_status entry_new(const struct agreement *ag,
				const struct form_slot *slot,
				struct form_entry **out, struct mp_error *err)
{
	struct form_entry *e = calloc(1, sizeof(*e));
	size_t nq = slot->form->n_questions + 1;

	if (!e)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	e->ag = ag;
	e->form = slot->form;
	e->role = slot->role;
	e->occasion = strdup(slot->occasion);
	e->stage = strdup(slot->stage);
	e->values = calloc(nq, sizeof(char *));
	e->refused = calloc(nq, sizeof(char *));
	e->why = calloc(nq, sizeof(char *));
	if (!e->occasion || !e->stage || !e->values || !e->refused || !e->why) {
		forms_entry_free(e);
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	*out = e;
	return MP_OK;
}

/* Put a stored row (field, value) into e. */
static enum mp_status entry_put(struct form_entry *e, const char *field,
				const char *value, struct mp_error *err)
{
	bool refused = field[0] == FORMS_REFUSED_MARK;
	int qi = forms_question_index(e, field + refused);
	struct mp_error why;
	char *norm = NULL;

	if (qi < 0)
		return MP_OK; /* a question the template no longer asks */
	if (!refused)
		return (e->values[qi] = strdup(value))
			   ? MP_OK
			   : mp_error_set(err, MP_ERR_NOMEM, NULL);
	if (template_value_check(e->form->questions[qi], value, &norm, &why) ==
	    MP_OK)
		snprintf(why.message, sizeof(why.message),
			 "kept as typed; save it again");
	free(norm);
	e->refused[qi] = strdup(value);
	e->why[qi] = strdup(why.message);
	if (!e->refused[qi] || !e->why[qi])
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	return MP_OK;
}

static enum mp_status entry_read(struct store *st, struct form_entry *e,
				 struct mp_error *err)
{
	static const char *const sql[] = {
	    "SELECT rowid, updated, submitted FROM form_entries"
	    " WHERE agreement = ?1 AND form = ?2 AND occasion = ?3"
	    " AND role = ?4",
	    "SELECT field, value FROM form_values WHERE entry = ?1"};
	sqlite3_stmt *q;
	enum mp_status s = MP_OK;
	int rc = sqlite3_prepare_v2(store_db(st), sql[0], -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading the form", err);
	sqlite3_bind_text(q, 1, e->ag->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, e->form->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, e->occasion, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, agreement_role_name(e->role), -1,
			  SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *u = (const char *)sqlite3_column_text(q, 1);
		const char *sub = (const char *)sqlite3_column_text(q, 2);
		e->rowid = sqlite3_column_int64(q, 0);
		e->updated = u ? strdup(u) : NULL;
		e->submitted = sub ? strdup(sub) : NULL;
		if (!e->updated || (sub && !e->submitted))
			s = mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "reading the form", err);
	if (s != MP_OK || !e->rowid)
		return s;
	if ((rc = sqlite3_prepare_v2(store_db(st), sql[1], -1, &q, NULL)) !=
	    SQLITE_OK)
		return store_sqlite_error(st, rc, "reading the form", err);
	sqlite3_bind_int64(q, 1, e->rowid);
	while (s == MP_OK && (rc = sqlite3_step(q)) == SQLITE_ROW)
		s = entry_put(e, (const char *)sqlite3_column_text(q, 0),
			      (const char *)sqlite3_column_text(q, 1), err);
	sqlite3_finalize(q);
	if (s == MP_OK && rc != SQLITE_DONE)
		s = store_sqlite_error(st, rc, "reading the form", err);
	return s;
}

enum mp_status forms_entry_load(struct store *st, const struct agreement *ag,
				const char *form_id, const char *occasion,
				enum ag_role role, struct form_entry **out,
				struct mp_error *err)
{
	const struct tpl_form *form = forms_find(ag->tpl, form_id);
	const struct form_slot *slot;
	struct form_slot *sl;
	size_t n;
	char names[512];
	enum mp_status s;

	*out = NULL;
	if ((s = forms_list(st, ag, (int)role, &sl, &n, err)) != MP_OK)
		return s;
	if (!form || !(form->who & (1u << role))) {
		open_names(sl, n, NULL, names, sizeof(names));
		forms_slots_free(sl, n);
		return mp_error_set(err, MP_ERR_NOT_FOUND,
				    "scheme %s has no form '%s' for the %s; "
				    "the %s's forms: %s",
				    ag->tpl->id, form_id ? form_id : "",
				    agreement_role_name(role),
				    agreement_role_name(role), names);
	}
	slot = pick(ag, sl, n, form, occasion, role, err);
	s = slot ? entry_new(ag, slot, out, err) : err->status;
	forms_slots_free(sl, n);
	if (s == MP_OK && (s = entry_read(st, *out, err)) != MP_OK) {
		forms_entry_free(*out);
		*out = NULL;
	}
	return s;
}

/* --- answering
 * ----------------------------------------------------------------- */

enum mp_status forms_check(const struct form_entry *e, size_t qi,
			   const char *text, char **norm, struct mp_error *err)
{
	const struct tpl_field *q = e->form->questions[qi];

	*norm = NULL;
	if (!forms_asks(q, e->role))
		return mp_error_set(err, MP_ERR_INVALID,
				    "'%s' is for the %s to answer, not the %s",
				    q->label, template_party_name(q->who),
				    agreement_role_name(e->role));
	/* A draft may leave any question blank; submitting asks for the
	 * required ones. */
	if (!text || !text[strspn(text, " \t\r\n")])
		return (*norm = strdup(""))
			   ? MP_OK
			   : mp_error_set(err, MP_ERR_NOMEM, NULL);
	return template_value_check(q, text, norm, err);
}

enum mp_status forms_still_open(struct store *st, const struct form_entry *e,
				struct mp_error *err)
{
	sqlite3_stmt *q;
	const char *status = NULL;
	enum mp_status s = MP_OK;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "SELECT status FROM agreements"
				    " WHERE id = ?1 AND latest = 1",
				    -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading the agreement", err);
	sqlite3_bind_text(q, 1, e->ag->id, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		status = (const char *)sqlite3_column_text(q, 0);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = store_sqlite_error(st, rc, "reading the agreement", err);
	else if (!status)
		s = mp_error_set(err, MP_ERR_NOT_FOUND,
				 "agreement %s is no longer in the store",
				 e->ag->id);
	else if (strcmp(status, "active") != 0 &&
		 !(strcmp(status, "ended") == 0 &&
		   strcmp(e->occasion, "end") == 0))
		s = mp_error_set(err, MP_ERR_STATE,
				 "agreement %s is %s now: its forms are "
				 "closed (a form due at the end stays open "
				 "once it ended)",
				 e->ag->id, status);
	sqlite3_finalize(q);
	return s;
}

static enum mp_status run_sql(struct store *st, const char *sql,
			      sqlite3_int64 entry, const char *a, const char *b,
			      int tallied, struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "saving the form", err);
	/* parameters the statement does not have are left unbound */
	sqlite3_bind_int64(q, 1, entry);
	sqlite3_bind_text(q, 2, a, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_text(q, 3, b, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 4, tallied);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc == SQLITE_CONSTRAINT)
		return mp_error_set(err, MP_ERR_STATE, "%s",
				    sqlite3_errmsg(store_db(st)));
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "saving the form", err);
	return MP_OK;
}

enum mp_status forms_entry_row(struct store *st, struct form_entry *e,
			       const char *now, bool touch, char **updated,
			       struct mp_error *err)
{
	sqlite3_stmt *q;
	bool submitted = false;
	int rc = sqlite3_prepare_v2(
	    store_db(st),
	    "INSERT INTO form_entries(agreement, scheme, form, stage,"
	    " occasion, role, created, updated) VALUES(?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?7) ON CONFLICT DO UPDATE SET updated ="
	    " CASE WHEN ?8 THEN excluded.updated ELSE updated END"
	    " RETURNING rowid, submitted IS NOT NULL, updated",
	    -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "saving the form", err);
	sqlite3_bind_text(q, 1, e->ag->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, e->ag->tpl->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, e->form->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, e->stage, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, e->occasion, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, agreement_role_name(e->role), -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(q, 7, now, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 8, touch);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		e->rowid = sqlite3_column_int64(q, 0);
		submitted = sqlite3_column_int(q, 1) != 0;
		if (updated) {
			free(*updated);
			*updated =
			    strdup((const char *)sqlite3_column_text(q, 2));
		}
		rc = !updated || *updated ? sqlite3_step(q) : SQLITE_NOMEM;
	}
	sqlite3_finalize(q);
	if (rc == SQLITE_CONSTRAINT)
		return mp_error_set(err, MP_ERR_STATE, "%s",
				    sqlite3_errmsg(store_db(st)));
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "saving the form", err);
	if (submitted)
		return mp_error_set(err, MP_ERR_STATE,
				    "form '%s' (%s) of agreement %s was "
				    "already submitted by the %s: it no longer "
				    "changes",
				    e->form->id, e->occasion, e->ag->id,
				    agreement_role_name(e->role));
	return MP_OK;
}

static enum mp_status audit_entry(struct store *st, const struct form_entry *e,
				  const char *action, const char *question,
				  struct mp_error *err)
{
	char detail[256];

	snprintf(detail, sizeof(detail), "%s %s%s%s", e->form->id, e->occasion,
		 question ? " " : "", question ? question : "");
	return audit_append(st, e->ag->id, e->ag->version,
			    agreement_role_name(e->role), action, detail, err);
}

/* Inside a transaction: write the answer to qi, valid (norm) or refused
 * (typed), and audit it. */
static enum mp_status write_answer(struct store *st, struct form_entry *e,
				   size_t qi, const char *norm,
				   const char *typed, struct mp_error *err)
{
	const struct tpl_field *q = e->form->questions[qi];
	char mark[128];
	enum mp_status s;

	snprintf(mark, sizeof(mark), "%c%s", FORMS_REFUSED_MARK, q->id);
	if (typed)
		s = run_sql(st,
			    "INSERT INTO form_values VALUES(?1, ?2, ?3, 0)"
			    " ON CONFLICT DO UPDATE SET value = excluded.value",
			    e->rowid, mark, typed, 0, err);
	else if (!*norm)
		s = run_sql(st,
			    "DELETE FROM form_values WHERE entry = ?1"
			    " AND field IN (?2, ?3)",
			    e->rowid, q->id, mark, 0, err);
	else if ((s = run_sql(st,
			      "INSERT INTO form_values VALUES(?1, ?2, ?3, ?4)"
			      " ON CONFLICT DO UPDATE SET"
			      " value = excluded.value,"
			      " tallied = excluded.tallied",
			      e->rowid, q->id, norm, counted(q->type), err)) ==
		 MP_OK)
		s = run_sql(st,
			    "DELETE FROM form_values WHERE entry = ?1"
			    " AND field = ?2",
			    e->rowid, mark, NULL, 0, err);
	if (s == MP_OK)
		s = audit_entry(st, e,
				typed ? "form answer refused, kept as typed"
				      : "form answer saved",
				q->id, err);
	return s;
}

/* Replace *slot with a copy of s (NULL: none). */
static enum mp_status keep_str(char **slot, const char *s, struct mp_error *err)
{
	char *c = s ? strdup(s) : NULL;

	if (s && !c)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	free(*slot);
	*slot = c;
	return MP_OK;
}

static bool same(const char *a, const char *b)
{
	return (!a || !*a) ? (!b || !*b) : b && strcmp(a, b) == 0;
}

enum mp_status forms_entry_set(struct store *st, struct form_entry *e,
			       size_t qi, const char *text, bool keep,
			       struct mp_error *err)
{
	struct mp_error why;
	char *norm = NULL, *updated = NULL, now[32];
	int64_t rowid = e->rowid;
	enum mp_status s, valid;

	if (qi >= e->form->n_questions)
		return mp_error_set(err, MP_ERR_INVALID, "no such question");
	if (e->submitted)
		return mp_error_set(err, MP_ERR_STATE,
				    "form '%s' (%s) was submitted: it no "
				    "longer changes",
				    e->form->id, e->occasion);
	valid = forms_check(e, qi, text, &norm, &why);
	if (valid == MP_OK && same(norm, e->values[qi]) && !e->refused[qi]) {
		free(norm); /* nothing to save */
		return MP_OK;
	}
	if (valid != MP_OK &&
	    (!keep || !forms_asks(e->form->questions[qi], e->role) ||
	     valid != MP_ERR_INVALID || same(text, e->refused[qi]))) {
		if (err)
			*err = why;
		return why.status;
	}
	if ((s = store_begin(st, err)) != MP_OK) {
		free(norm);
		return s;
	}
	rec_now(now);
	s = forms_still_open(st, e, err);
	if (s == MP_OK)
		s = forms_entry_row(st, e, now, true, &updated, err);
	if (s == MP_OK)
		s = write_answer(st, e, qi, norm, valid == MP_OK ? NULL : text,
				 err);
	if (s == MP_OK)
		s = store_commit(st, err);
	if (s != MP_OK) {
		store_rollback(st);
		e->rowid = rowid;
		free(norm);
		free(updated);
		return s;
	}
	free(e->updated);
	e->updated = updated;
	if (valid == MP_OK) {
		s = keep_str(&e->values[qi], *norm ? norm : NULL, err);
		free(e->refused[qi]);
		free(e->why[qi]);
		e->refused[qi] = e->why[qi] = NULL;
	} else if ((s = keep_str(&e->refused[qi], text, err)) == MP_OK) {
		s = keep_str(&e->why[qi], why.message, err);
	}
	free(norm);
	if (s != MP_OK)
		return s;
	if (valid != MP_OK && err)
		*err = why;
	return valid;
}
