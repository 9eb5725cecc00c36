/*
 * forms.c - which forms are open to a pair, at which occasions, and in
 * what state (forms.h).  Loading, saving and submitting one entry are in
 * forms_entry.c; the evaluation in forms_eval.c.
 *
 * The occasions come from the agreement's own copy of its template and
 * from the records: the session log's rows not withdrawn, and the
 * reviews held (table reviews).  Everything read is one agreement's, so
 * the cost follows the size of one relationship, not of the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms_internal.h"

const char *forms_state_name(enum form_state s)
{
	static const char *const names[] = {"not started", "draft",
					    "submitted"};
	return s <= FORM_SUBMITTED ? names[s] : "?";
}

const struct tpl_form *forms_find(const struct template *tpl, const char *id)
{
	for (size_t i = 0; id && i < tpl->records.n_forms; i++)
		if (strcmp(tpl->records.forms[i].id, id) == 0)
			return &tpl->records.forms[i];
	return NULL;
}

bool forms_asks(const struct tpl_field *q, enum ag_role role)
{
	return (q->who & (1u << role)) != 0;
}

void forms_slots_free(struct form_slot *slots, size_t n)
{
	for (size_t i = 0; slots && i < n; i++) {
		free(slots[i].occasion);
		free(slots[i].stage);
		free(slots[i].updated);
		free(slots[i].submitted);
	}
	free(slots);
}

enum mp_status forms_signed_by_both(const struct agreement *ag,
				    struct mp_error *err)
{
	if (ag->status == AG_ACTIVE || ag->status == AG_ENDED)
		return MP_OK;
	return mp_error_set(err, MP_ERR_STATE,
			    "agreement %s version %d is %s: its forms open "
			    "once both have signed it",
			    ag->id, ag->version,
			    agreement_status_name(ag->status));
}

/* --- the occasions ----------------------------------------------------------
 */

struct occasions {
	char **items;
	size_t n, cap;
};

static void occasions_free(struct occasions *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->items[i]);
	free(o->items);
	o->items = NULL;
	o->n = o->cap = 0;
}

static enum mp_status occasions_add(struct occasions *o, const char *s,
				    struct mp_error *err)
{
	if (o->n && strcmp(o->items[o->n - 1], s) == 0)
		return MP_OK; /* two reviews on one day: one occasion */
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 8;
		char **p = realloc(o->items, cap * sizeof(*p));
		if (!p)
			return mp_error_set(err, MP_ERR_NOMEM, NULL);
		o->items = p;
		o->cap = cap;
	}
	if (!(o->items[o->n] = strdup(s)))
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	o->n++;
	return MP_OK;
}

/* The sessions of the log not withdrawn, by number. */
static enum mp_status session_occasions(struct store *st,
					const struct agreement *ag,
					struct occasions *o,
					struct mp_error *err)
{
	sqlite3_stmt *q;
	enum mp_status s = MP_OK;
	int rc =
	    sqlite3_prepare_v2(store_db(st),
			       "SELECT n FROM sessions WHERE agreement = ?1"
			       " AND withdrawn IS NULL ORDER BY n",
			       -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading the sessions", err);
	sqlite3_bind_text(q, 1, ag->id, -1, SQLITE_STATIC);
	while (s == MP_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		char n[24];
		snprintf(n, sizeof(n), "%lld",
			 (long long)sqlite3_column_int64(q, 0));
		s = occasions_add(o, n, err);
	}
	sqlite3_finalize(q);
	if (s == MP_OK && rc != SQLITE_DONE)
		s = store_sqlite_error(st, rc, "reading the sessions", err);
	return s;
}

static enum mp_status review_occasions(struct store *st,
				       const struct agreement *ag,
				       struct occasions *o,
				       struct mp_error *err)
{
	struct ag_review *r;
	size_t n;
	enum mp_status s = agreement_reviews(st, ag, &r, &n, err);

	for (size_t i = 0; s == MP_OK && i < n; i++)
		s = occasions_add(o, r[i].held_on, err);
	if (r)
		agreement_reviews_free(r, n);
	return s;
}

/* The occasions of form f for ag, oldest first. */
static enum mp_status form_occasions(struct store *st,
				     const struct agreement *ag,
				     const struct tpl_form *f,
				     struct occasions *o, struct mp_error *err)
{
	switch (f->due) {
	case TPL_DUE_START:
		return occasions_add(o, "start", err);
	case TPL_DUE_END:
		return occasions_add(o, "end", err);
	case TPL_DUE_SESSION:
		return session_occasions(st, ag, o, err);
	case TPL_DUE_REVIEW:
		return review_occasions(st, ag, o, err);
	default:
		for (size_t i = 0; i < f->n_stages; i++) {
			enum mp_status s = occasions_add(o, f->stages[i], err);
			if (s != MP_OK)
				return s;
		}
		return MP_OK;
	}
}

const char *forms_stage_of(const struct tpl_form *f, const char *occasion)
{
	switch (f->due) {
	case TPL_DUE_SESSION:
		return "session";
	case TPL_DUE_REVIEW:
		return "review";
	default:
		return occasion; /* "start", "end", or the stage's name */
	}
}

/* --- the list
 * ----------------------------------------------------------------- */

struct slots {
	struct form_slot *items;
	size_t n, cap;
};

static char *dup_col(sqlite3_stmt *q, int col)
{
	const unsigned char *t = sqlite3_column_text(q, col);
	return t ? strdup((const char *)t) : NULL;
}

/* Fill the state of slot from the stored entry, if there is one. */
static enum mp_status slot_state(struct store *st, const struct agreement *ag,
				 struct form_slot *slot, struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc =
	    sqlite3_prepare_v2(store_db(st),
			       "SELECT updated, submitted FROM form_entries"
			       " WHERE agreement = ?1 AND form = ?2"
			       " AND occasion = ?3 AND role = ?4",
			       -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading the forms", err);
	sqlite3_bind_text(q, 1, ag->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, slot->form->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, slot->occasion, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, agreement_role_name(slot->role), -1,
			  SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		slot->updated = dup_col(q, 0);
		slot->submitted = dup_col(q, 1);
		slot->state = slot->submitted ? FORM_SUBMITTED : FORM_DRAFT;
		if (!slot->updated) {
			sqlite3_finalize(q);
			return mp_error_set(err, MP_ERR_NOMEM, NULL);
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "reading the forms", err);
	return MP_OK;
}

static enum mp_status slots_add(struct store *st, const struct agreement *ag,
				struct slots *sl, const struct tpl_form *f,
				const char *occasion, enum ag_role role,
				struct mp_error *err)
{
	struct form_slot *slot;

	if (sl->n == sl->cap) {
		size_t cap = sl->cap ? sl->cap * 2 : 8;
		struct form_slot *p = realloc(sl->items, cap * sizeof(*p));
		if (!p)
			return mp_error_set(err, MP_ERR_NOMEM, NULL);
		sl->items = p;
		sl->cap = cap;
	}
	slot = &sl->items[sl->n];
	memset(slot, 0, sizeof(*slot));
	slot->form = f;
	slot->role = role;
	slot->occasion = strdup(occasion);
	slot->stage = strdup(forms_stage_of(f, occasion));
	sl->n++;
	if (!slot->occasion || !slot->stage)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	return slot_state(st, ag, slot, err);
}

enum mp_status forms_list(struct store *st, const struct agreement *ag,
			  int role, struct form_slot **out, size_t *n,
			  struct mp_error *err)
{
	const struct tpl_records *rec = &ag->tpl->records;
	struct slots sl = {0};
	enum mp_status s = forms_signed_by_both(ag, err);

	*out = NULL;
	*n = 0;
	for (size_t i = 0; s == MP_OK && i < rec->n_forms; i++) {
		const struct tpl_form *f = &rec->forms[i];
		struct occasions o = {0};

		s = form_occasions(st, ag, f, &o, err);
		for (size_t k = 0; s == MP_OK && k < o.n; k++)
			for (int r = AG_MENTOR; s == MP_OK && r <= AG_MENTEE;
			     r++)
				if ((role < 0 || role == r) &&
				    (f->who & (1u << r)))
					s = slots_add(st, ag, &sl, f,
						      o.items[k],
						      (enum ag_role)r, err);
		occasions_free(&o);
	}
	if (s != MP_OK) {
		forms_slots_free(sl.items, sl.n);
		return s;
	}
	*out = sl.items;
	*n = sl.n;
	return MP_OK;
}
