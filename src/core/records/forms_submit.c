/*
 * forms_submit.c - what stands between an entry and its submission, and
 * the submission itself: the party proves who they are with their
 * signing passphrase, as for signing (forms.h).  Once submitted the
 * schema's triggers keep the entry final and count its ratings, choices
 * and yes/no answers in form_tally; what is due is worked out again in
 * the same change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms_internal.h"
#include "mentorpact/audit.h"
#include "mentorpact/sign.h"

static int add_problem(char ***list, size_t *n, const char *fmt, const char *a,
		       const char *b)
{
	char line[1400], **p = realloc(*list, (*n + 1) * sizeof(char *));

	if (!p)
		return -1;
	*list = p;
	snprintf(line, sizeof(line), fmt, a, b);
	if (!(p[*n] = strdup(line)))
		return -1;
	(*n)++;
	return 0;
}

size_t forms_entry_problems(const struct form_entry *e, char ***problems)
{
	size_t n = 0;

	*problems = NULL;
	for (size_t i = 0; i < e->form->n_questions; i++) {
		const struct tpl_field *q = e->form->questions[i];
		int bad = 0;
		if (!forms_asks(q, e->role))
			continue;
		if (e->refused[i])
			bad = add_problem(problems, &n,
					  "'%s' was not accepted: %s", q->label,
					  e->why[i]);
		else if (q->required && !e->values[i])
			bad = add_problem(problems, &n, "'%s' is required%s",
					  q->label, "");
		if (bad)
			break; /* out of memory: what was found is returned */
	}
	return n;
}

void forms_problems_free(char **problems, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(problems[i]);
	free(problems);
}

/* MP_ERR_INVALID listing e's problems, or MP_OK when there are none. */
static enum mp_status ready(const struct form_entry *e, struct mp_error *err)
{
	char **p, list[900] = "";
	size_t n = forms_entry_problems(e, &p), used = 0;

	for (size_t i = 0; i < n && used < sizeof(list); i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used,
					 "%s%s", i ? "; " : "", p[i]);
	forms_problems_free(p, n);
	if (!n)
		return MP_OK;
	return mp_error_set(err, MP_ERR_INVALID,
			    "form '%s' (%s) cannot be submitted yet: %s",
			    e->form->id, e->occasion, list);
}

/* Inside a transaction: submit e's row; the tally triggers count it. */
static enum mp_status mark_submitted(struct store *st,
				     const struct form_entry *e,
				     const char *now, struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "UPDATE form_entries SET submitted = ?2,"
				    " updated = ?2 WHERE rowid = ?1"
				    " AND submitted IS NULL",
				    -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "submitting the form", err);
	sqlite3_bind_int64(q, 1, e->rowid);
	sqlite3_bind_text(q, 2, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "submitting the form", err);
	return MP_OK;
}

/* Inside a transaction: mark the answers the evaluation counts (they are
 * marked as they are saved; a template's copy may have changed type
 * since, and the tally must count exactly the counted types). */
static enum mp_status mark_tallied(struct store *st, const struct form_entry *e,
				   struct mp_error *err)
{
	for (size_t i = 0; i < e->form->n_questions; i++) {
		const struct tpl_field *q = e->form->questions[i];
		int counted = q->type == TPL_RATING || q->type == TPL_CHOICE ||
			      q->type == TPL_YES_NO;
		sqlite3_stmt *s;
		int rc;
		if (!e->values[i])
			continue;
		rc = sqlite3_prepare_v2(store_db(st),
					"UPDATE form_values SET tallied = ?3"
					" WHERE entry = ?1 AND field = ?2"
					" AND tallied != ?3",
					-1, &s, NULL);
		if (rc != SQLITE_OK)
			return store_sqlite_error(st, rc, "submitting", err);
		sqlite3_bind_int64(s, 1, e->rowid);
		sqlite3_bind_text(s, 2, q->id, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 3, counted);
		rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return store_sqlite_error(st, rc, "submitting", err);
	}
	return MP_OK;
}

enum mp_status forms_entry_submit(struct store *st, struct form_entry *e,
				  const struct mp_secret *pass,
				  struct mp_error *err)
{
	struct sign_keypair *kp = NULL;
	char now[32], detail[256];
	int64_t rowid = e->rowid;
	enum mp_status s;

	if (e->submitted)
		return mp_error_set(err, MP_ERR_STATE,
				    "form '%s' (%s) was submitted on %s",
				    e->form->id, e->occasion, e->submitted);
	if ((s = ready(e, err)) != MP_OK)
		return s;
	s = agreement_signer_unlock(st, e->ag, e->role, pass, &kp, err);
	sign_keypair_free(kp);
	if (s == MP_ERR_NOT_FOUND)
		return mp_error_set(err, s,
				    "the %s of agreement %s has no signing key "
				    "in this store: forms are submitted where "
				    "the pair signed",
				    agreement_role_name(e->role), e->ag->id);
	if (s != MP_OK)
		return s;
	rec_now(now);
	snprintf(detail, sizeof(detail), "%s %s", e->form->id, e->occasion);
	if ((s = store_begin(st, err)) != MP_OK)
		return s;
	s = forms_still_open(st, e, err);
	if (s == MP_OK)
		s = forms_entry_row(st, e, now, false, NULL, err);
	if (s == MP_OK)
		s = mark_tallied(st, e, err);
	if (s == MP_OK)
		s = mark_submitted(st, e, now, err);
	if (s == MP_OK) /* the form is no longer due */
		s = records_due_update(st, e->ag, err);
	if (s == MP_OK)
		s = audit_append(st, e->ag->id, e->ag->version,
				 agreement_role_name(e->role), "form submitted",
				 detail, err);
	if (s == MP_OK)
		s = store_commit(st, err);
	if (s != MP_OK) {
		store_rollback(st);
		e->rowid = rowid;
		return s;
	}
	free(e->submitted);
	free(e->updated);
	e->submitted = strdup(now);
	e->updated = strdup(now);
	if (!e->submitted || !e->updated)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	return MP_OK;
}
