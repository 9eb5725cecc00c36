/*
 * agreement_edit.c - making and changing an agreement: creating it,
 * answers, confirmations, re-contracting, importing.  Ending it is in
 * agreement_end.c.
 *
 * Each change is one transaction.  The struct agreement is changed first,
 * so that its status can be worked out, then the store; when the store
 * refuses, the transaction is rolled back and the struct reloaded, so
 * that it always shows what is stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_internal.h"
#include "mentorpact/answers.h"
#include "mentorpact/audit.h"

static const char *const detail_columns[2][TPL_DETAIL_COUNT] = {
	{"mentor_name", "mentor_email", "mentor_phone", "mentor_organisation"},
	{"mentee_name", "mentee_email", "mentee_phone", "mentee_organisation"},
};

static enum mp_status check_editable(const struct agreement *ag,
				     struct mp_error *err)
{
	if (ag->status == AG_ACTIVE || ag->status == AG_ENDED)
		return mp_error_set(err, MP_ERR_STATE,
				    "agreement %s version %d is signed by "
				    "both and can never change; to change "
				    "it, re-contract: mentorpact recontract "
				    "%s",
				    ag->id, ag->version, ag->id);
	return MP_OK;
}

static int same(const char *a, const char *b)
{
	return (!a || !*a) ? (!b || !*b) : b && strcmp(a, b) == 0;
}

/* Inside the caller's transaction: drop the pending text of key, in the
 * store (whoever kept it) and in ag. */
static enum mp_status drop_pending(struct store *st, struct agreement *ag,
				   const char *key, struct mp_error *err)
{
	char rowid[24];
	const char *p[] = {rowid, key};
	long i = ag_pending_index(ag, key);
	enum mp_status s;

	snprintf(rowid, sizeof(rowid), "%lld", (long long)ag->rowid);
	s = ag_exec(st, "saving the answer",
		    "DELETE FROM pending_answers WHERE agreement = ?1"
		    " AND field = ?2",
		    2, p, err);
	if (s == MP_OK && i >= 0)
		ag_pending_forget(ag, i);
	return s;
}

/* The value stored now for t (malloc'd, or NULL). */
static enum mp_status stored_value(struct store *st,
				   const struct agreement *ag,
				   const struct ag_target *t, char **out,
				   struct mp_error *err)
{
	char sql[128];
	sqlite3_stmt *q;
	int rc;

	*out = NULL;
	if (t->role >= 0)
		snprintf(sql, sizeof(sql),
			 "SELECT %s FROM agreements WHERE rowid = ?1",
			 detail_columns[t->role][t->detail]);
	else
		snprintf(sql, sizeof(sql),
			 "SELECT value FROM agreement_values"
			 " WHERE agreement = ?1 AND field = ?2");
	rc = sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading the agreement", err);
	sqlite3_bind_int64(q, 1, ag->rowid);
	if (t->role < 0)
		sqlite3_bind_text(q, 2, ag->tpl->fields[t->field]->id, -1,
				  SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_text(q, 0))
		*out = strdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "reading the agreement", err);
	return MP_OK;
}

static enum mp_status write_value(struct store *st, const struct agreement *ag,
				  const struct ag_target *t, const char *value,
				  struct mp_error *err)
{
	char sql[128], rowid[24];

	snprintf(rowid, sizeof(rowid), "%lld", (long long)ag->rowid);
	if (t->role >= 0) {
		const char *p[] = {value, rowid};
		snprintf(sql, sizeof(sql),
			 "UPDATE agreements SET %s = ?1 WHERE rowid = ?2",
			 detail_columns[t->role][t->detail]);
		return ag_exec(st, "saving the answer", sql, 2, p, err);
	}
	const char *p[] = {rowid, ag->tpl->fields[t->field]->id, value};
	if (!value)
		return ag_exec(st, "saving the answer",
			       "DELETE FROM agreement_values"
			       " WHERE agreement = ?1 AND field = ?2",
			       2, p, err);
	return ag_exec(st, "saving the answer",
		       "INSERT OR REPLACE INTO agreement_values(agreement,"
		       " field, value) VALUES(?1, ?2, ?3)",
		       3, p, err);
}

static const char *role_word(enum tpl_party by)
{
	return by == TPL_MENTOR ? "mentor" : by == TPL_MENTEE ? "mentee" : "pair";
}

/* Clear the section's confirmations and every signature, as a change to
 * an answer must; in the store and in ag. */
static enum mp_status reopen(struct store *st, struct agreement *ag,
			     int section, const char *role,
			     struct ag_change *change, struct mp_error *err)
{
	char rowid[24];
	const char *p[] = {rowid, NULL};
	enum mp_status s = MP_OK;

	snprintf(rowid, sizeof(rowid), "%lld", (long long)ag->rowid);
	if (section >= 0 && ag->confirmed[section]) {
		p[1] = ag->tpl->sections[section].id;
		s = ag_exec(st, "saving the answer",
			    "DELETE FROM confirmations WHERE agreement = ?1"
			    " AND section = ?2",
			    2, p, err);
		if (s == MP_OK)
			s = ag_audit(st, ag, role, "confirmations cleared",
				     p[1], err);
		ag->confirmed[section] = 0;
		change->cleared_confirmations = true;
	}
	if (s == MP_OK && (ag->sigs[0].present || ag->sigs[1].present)) {
		s = ag_exec(st, "saving the answer",
			    "DELETE FROM signatures WHERE agreement = ?1", 1,
			    p, err);
		if (s == MP_OK)
			s = ag_exec(st, "saving the answer",
				    "UPDATE agreements SET body = NULL"
				    " WHERE rowid = ?1",
				    1, p, err);
		if (s == MP_OK)
			s = ag_audit(st, ag, role, "signatures cleared", NULL,
				     err);
		for (int r = 0; r < 2; r++)
			ag->sigs[r].present = false;
		ag_set_str(&ag->body, NULL);
		change->cleared_signatures = true;
	}
	return s;
}

enum mp_status ag_finish(struct store *st, struct agreement *ag,
			 enum mp_status s, struct mp_error *err)
{
	if (s == MP_OK)
		s = ag_touch(st, ag, err);
	if (s == MP_OK)
		s = store_commit(st, err);
	if (s != MP_OK) {
		store_rollback(st);
		ag_reload(st, ag);
	}
	return s;
}

static enum mp_status conflict(struct store *st, struct agreement *ag,
			       const struct ag_target *t, const char *theirs,
			       const char *mine, struct mp_error *err)
{
	mp_error_set(err, MP_ERR_CONFLICT,
		     "'%s' was changed to '%s' by someone else since you "
		     "opened agreement %s; your answer '%s' was not saved "
		     "(it is still there to re-enter)",
		     t->rules->label, theirs ? theirs : "", ag->id,
		     mine ? mine : "");
	store_rollback(st);
	ag_reload(st, ag);
	return MP_ERR_CONFLICT;
}

/*
 * Keep text, refused with why, as key's pending text, in a change of its
 * own (once more when another process changed the agreement meanwhile:
 * ag is reloaded then).  Returns why's status with why in err, or the
 * store's status when the text could not be kept.
 */
static enum mp_status keep_refused(struct store *st, struct agreement *ag,
				   const char *key, const char *text,
				   enum tpl_party by,
				   const struct mp_error *why,
				   struct mp_error *err)
{
	const struct ag_pending *held = agreement_pending(ag, key);
	struct mp_error failed;
	char rowid[24];
	const char *p[] = {rowid, key, text ? text : ""};
	enum mp_status s = MP_OK;

	if (held && strcmp(held->text, p[2]) == 0) { /* kept already */
		if (err)
			*err = *why;
		return why->status;
	}
	snprintf(rowid, sizeof(rowid), "%lld", (long long)ag->rowid);
	for (int tries = 0; tries < 2; tries++) {
		if ((s = store_begin(st, &failed)) != MP_OK)
			break;
		s = ag_exec(st, "keeping the answer typed",
			    "INSERT OR REPLACE INTO pending_answers(agreement,"
			    " field, typed) VALUES(?1, ?2, ?3)",
			    3, p, &failed);
		if (s == MP_OK)
			s = ag_audit(st, ag, role_word(by),
				     "refused answer kept", key, &failed);
		if (s == MP_OK && ag_pending_put(ag, key, p[2], why->message))
			s = mp_error_set(&failed, MP_ERR_NOMEM, NULL);
		s = ag_finish(st, ag, s, &failed);
		if (s != MP_ERR_CONFLICT)
			break;
	}
	if (s == MP_OK) {
		if (err)
			*err = *why;
		return why->status;
	}
	return mp_error_set(err, s,
			    "%s; and what was typed could not be kept: %s",
			    why->message, failed.message);
}

/*
 * Inside a change's transaction, once the field being set is known to be
 * unchanged: when another process saved the agreement since ag was loaded
 * (another field, a confirmation), load it again so that this change
 * lands on top of theirs instead of failing as a conflict.  Only a change
 * to the same field is a conflict (set_value checks that first).  t is
 * resolved again in the fresh ag.
 */
static enum mp_status catch_up(struct store *st, struct agreement *ag,
			       const char *field, struct ag_target *t,
			       struct mp_error *err)
{
	sqlite3_stmt *q;
	int64_t now = -1;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "SELECT revision FROM agreements"
				    " WHERE rowid = ?1",
				    -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading the agreement", err);
	sqlite3_bind_int64(q, 1, ag->rowid);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		now = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "reading the agreement", err);
	if (now == ag->revision)
		return MP_OK;
	ag_reload(st, ag);
	if (ag->revision != now)
		return mp_error_set(err, MP_ERR_CONFLICT,
				    "agreement %s was changed by someone else "
				    "and could not be read again; nothing was "
				    "saved: open it again and redo your change",
				    ag->id);
	enum mp_status s = check_editable(ag, err);
	return s == MP_OK ? ag_resolve(ag, field, t, err) : s;
}

static enum mp_status set_value(struct store *st, struct agreement *ag,
				const char *field, const char *value,
				enum tpl_party by, bool keep,
				struct ag_change *change, struct mp_error *err)
{
	struct ag_change ignored;
	struct mp_error why;
	struct ag_target t;
	char key[160], *norm = NULL, *now = NULL;
	bool changed;
	enum mp_status s;

	change = change ? change : &ignored;
	memset(change, 0, sizeof(*change));
	if ((s = check_editable(ag, err)) != MP_OK ||
	    (s = ag_resolve(ag, field, &t, err)) != MP_OK)
		return s;
	ag_target_key(ag, &t, key, sizeof(key));
	s = template_value_check(t.rules, value, &norm, &why);
	if (s == MP_ERR_INVALID && keep)
		return keep_refused(st, ag, key, value, by, &why, err);
	if (s != MP_OK) {
		if (err)
			*err = why;
		return s;
	}
	changed = !same(*t.slot, norm);
	if (!changed && !agreement_pending(ag, key)) {
		free(norm);
		return MP_OK;
	}
	if ((s = store_begin(st, err)) == MP_OK)
		s = stored_value(st, ag, &t, &now, err);
	if (s == MP_OK && !same(now, *t.slot)) {
		s = conflict(st, ag, &t, now, norm, err);
		free(now);
		free(norm);
		return s;
	}
	free(now);
	if (s == MP_OK)
		s = catch_up(st, ag, field, &t, err);
	/* A valid answer, or the stored one again, replaces what was
	 * refused. */
	if (s == MP_OK)
		s = drop_pending(st, ag, key, err);
	if (s == MP_OK && changed)
		s = write_value(st, ag, &t, *norm ? norm : NULL, err);
	if (s == MP_OK && changed)
		s = reopen(st, ag, t.section, role_word(by), change, err);
	if (s == MP_OK)
		s = ag_audit(st, ag, role_word(by),
			     changed ? "field changed"
				     : "refused answer dropped",
			     field, err);
	if (s == MP_OK && changed &&
	    ag_set_str(t.slot, *norm ? norm : NULL) != 0)
		s = mp_error_set(err, MP_ERR_NOMEM, NULL);
	free(norm);
	return ag_finish(st, ag, s, err);
}

enum mp_status agreement_set(struct store *st, struct agreement *ag,
			     const char *field, const char *value,
			     enum tpl_party by, struct ag_change *change,
			     struct mp_error *err)
{
	return set_value(st, ag, field, value, by, false, change, err);
}

enum mp_status agreement_set_keep(struct store *st, struct agreement *ag,
				  const char *field, const char *value,
				  enum tpl_party by, struct ag_change *change,
				  struct mp_error *err)
{
	return set_value(st, ag, field, value, by, true, change, err);
}

/* Required fields of section sec that are not answered, as one line. */
static int section_missing(const struct agreement *ag, size_t sec, char *buf,
			   size_t size)
{
	const struct tpl_section *S = &ag->tpl->sections[sec];
	int missing = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < S->n_items; i++) {
		const struct tpl_field *f = S->items[i].field;
		int k;
		if (S->items[i].kind != TPL_FIELD || !f->required)
			continue;
		k = ag_field_index(ag->tpl, f->id);
		if (k >= 0 && (!ag->values[k] || !*ag->values[k])) {
			size_t used = strlen(buf);
			snprintf(buf + used, size - used, "%s'%s'",
				 missing ? ", " : "", f->label);
			missing++;
		}
	}
	return missing;
}

/* Add "'label'" to a list being built in buf. */
static void list_label(char *buf, size_t size, int *n, const char *label)
{
	size_t used = strlen(buf);

	snprintf(buf + used, size - used, "%s'%s'", *n ? ", " : "", label);
	(*n)++;
}

/* The answers of section sec that hold a refused text, as one line. */
static int section_refused(const struct agreement *ag, size_t sec,
			   char *buf, size_t size)
{
	const struct tpl_section *S = &ag->tpl->sections[sec];
	char key[32], label[64];
	int n = 0;

	buf[0] = '\0';
	for (int r = 0; r < 2; r++) {
		if (ag_section_of_details(ag->tpl, (enum ag_role)r) != (int)sec)
			continue;
		for (int d = 0; d < TPL_DETAIL_COUNT; d++) {
			ag_detail_key((enum ag_role)r, (enum tpl_detail)d, key,
				      sizeof(key));
			ag_detail_label((enum ag_role)r, (enum tpl_detail)d,
					label, sizeof(label));
			if (agreement_pending(ag, key))
				list_label(buf, size, &n, label);
		}
	}
	for (size_t i = 0; i < S->n_items; i++)
		if (S->items[i].kind == TPL_FIELD &&
		    agreement_pending(ag, S->items[i].field->id))
			list_label(buf, size, &n, S->items[i].field->label);
	return n;
}

enum mp_status agreement_confirm(struct store *st, struct agreement *ag,
				 size_t sec, enum ag_role role, bool confirm,
				 struct mp_error *err)
{
	unsigned bit = role == AG_MENTOR ? TPL_MENTOR : TPL_MENTEE;
	const char *p[3];
	char rowid[24], now[32], missing[512];
	enum mp_status s;

	if ((s = check_editable(ag, err)) != MP_OK)
		return s;
	if (sec >= ag->tpl->n_sections)
		return mp_error_set(err, MP_ERR_NOT_FOUND, "no such section");
	if (ag->status == AG_SIGNED)
		return mp_error_set(err, MP_ERR_STATE,
				    "agreement %s is signed already; change "
				    "an answer to reopen it",
				    ag->id);
	if (!(ag->tpl->sections[sec].confirm & bit))
		return mp_error_set(err, MP_ERR_INVALID,
				    "section '%s' is not confirmed by the %s",
				    ag->tpl->sections[sec].title,
				    agreement_role_name(role));
	if (confirm && section_missing(ag, sec, missing, sizeof(missing)))
		return mp_error_set(err, MP_ERR_STATE,
				    "section '%s' still needs %s; answer "
				    "before confirming",
				    ag->tpl->sections[sec].title, missing);
	if (confirm && section_refused(ag, sec, missing, sizeof(missing)))
		return mp_error_set(err, MP_ERR_STATE,
				    "in section '%s', what was typed for %s "
				    "was not accepted; correct it before "
				    "confirming",
				    ag->tpl->sections[sec].title, missing);
	if (!!(ag->confirmed[sec] & bit) == confirm)
		return MP_OK;
	ag_now(now);
	snprintf(rowid, sizeof(rowid), "%lld", (long long)ag->rowid);
	p[0] = rowid;
	p[1] = ag->tpl->sections[sec].id;
	p[2] = agreement_role_name(role);
	if ((s = store_begin(st, err)) != MP_OK)
		return s;
	if (confirm) {
		const char *q[] = {p[0], p[1], p[2], now};
		s = ag_exec(st, "saving the confirmation",
			    "INSERT OR REPLACE INTO confirmations(agreement,"
			    " section, role, at) VALUES(?1, ?2, ?3, ?4)",
			    4, q, err);
		ag->confirmed[sec] |= bit;
	} else {
		s = ag_exec(st, "saving the confirmation",
			    "DELETE FROM confirmations WHERE agreement = ?1"
			    " AND section = ?2 AND role = ?3",
			    3, p, err);
		ag->confirmed[sec] &= ~bit;
	}
	if (s == MP_OK)
		s = ag_audit(st, ag, p[2],
			     confirm ? "confirmed" : "confirmation withdrawn",
			     p[1], err);
	return ag_finish(st, ag, s, err);
}

/* Write every answer and detail of src (an agreement in memory) into
 * dst's row; used by re-contracting and importing. */
enum mp_status ag_copy_answers(struct store *st,
				   const struct agreement *src,
				   struct agreement *dst, struct mp_error *err)
{
	enum mp_status s = MP_OK;
	struct ag_target t;

	for (int r = 0; r < 2 && s == MP_OK; r++)
		for (int d = 0; d < TPL_DETAIL_COUNT && s == MP_OK; d++) {
			const char *v = src->parties[r].details[d];
			memset(&t, 0, sizeof(t));
			t.role = r;
			t.detail = d;
			if (v)
				s = write_value(st, dst, &t, v, err);
			if (s == MP_OK &&
			    ag_set_str(&dst->parties[r].details[d], v))
				s = mp_error_set(err, MP_ERR_NOMEM, NULL);
		}
	for (size_t i = 0; i < dst->tpl->n_fields && s == MP_OK; i++) {
		const char *v = agreement_value(src, dst->tpl->fields[i]->id);
		memset(&t, 0, sizeof(t));
		t.role = -1;
		t.field = (int)i;
		if (v && *v)
			s = write_value(st, dst, &t, v, err);
		if (s == MP_OK && ag_set_str(&dst->values[i], v))
			s = mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	return s;
}

/* Confirm every section for the parties it names. */
enum mp_status ag_confirm_all(struct store *st, struct agreement *ag,
				  struct mp_error *err)
{
	enum mp_status s = MP_OK;
	char rowid[24], now[32];

	ag_now(now);
	snprintf(rowid, sizeof(rowid), "%lld", (long long)ag->rowid);
	for (size_t k = 0; k < ag->tpl->n_sections && s == MP_OK; k++)
		for (int r = 0; r < 2 && s == MP_OK; r++) {
			unsigned bit = r == 0 ? TPL_MENTOR : TPL_MENTEE;
			const char *p[] = {rowid, ag->tpl->sections[k].id,
					   agreement_role_name(r), now};
			if (!(ag->tpl->sections[k].confirm & bit))
				continue;
			s = ag_exec(st, "saving the confirmation",
				    "INSERT OR REPLACE INTO confirmations("
				    "agreement, section, role, at)"
				    " VALUES(?1, ?2, ?3, ?4)",
				    4, p, err);
			ag->confirmed[k] |= bit;
		}
	return s;
}

enum mp_status ag_fill(struct store *st, struct agreement *ag,
		       const struct answers *a, struct mp_error *err)
{
	struct agreement src = {0};
	enum mp_status s;

	/* Present the answers as an agreement over their own template. */
	src.tpl = (struct template *)a->tpl;
	src.values = calloc(a->tpl->n_fields + 1, sizeof(char *));
	if (!src.values)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	for (size_t i = 0; i < a->n_values && i < a->tpl->n_fields; i++)
		src.values[i] = a->values[i].value;
	for (int r = 0; r < 2; r++)
		for (int d = 0; d < TPL_DETAIL_COUNT; d++)
			src.parties[r].details[d] = a->details[r][d];
	s = ag_copy_answers(st, &src, ag, err);
	free(src.values);
	if (s == MP_OK && a->confirmed)
		s = ag_confirm_all(st, ag, err);
	if (s == MP_OK)
		s = ag_audit(st, ag, "pair", "filled from an answers file",
			     NULL, err);
	if (s == MP_OK)
		s = ag_touch(st, ag, err);
	return s;
}

enum mp_status agreement_recontract(struct store *st,
				    const struct agreement *ag,
				    struct agreement **out,
				    struct mp_error *err)
{
	struct agreement *newest = NULL, next = {0};
	char from[32];
	enum mp_status s;

	*out = NULL;
	if (ag->status != AG_ACTIVE)
		return mp_error_set(err, MP_ERR_STATE,
				    "agreement %s is %s; only an active "
				    "agreement can be re-contracted",
				    ag->id, agreement_status_name(ag->status));
	if ((s = agreement_load(st, ag->id, 0, &newest, err)) != MP_OK)
		return s;
	if (newest->version != ag->version) {
		s = mp_error_set(err, MP_ERR_EXISTS,
				 "agreement %s already has version %d (%s); "
				 "continue with that one",
				 ag->id, newest->version,
				 agreement_status_name(newest->status));
		agreement_free(newest);
		return s;
	}
	agreement_free(newest);
	snprintf(next.id, sizeof(next.id), "%s", ag->id);
	snprintf(next.tpl_hash, sizeof(next.tpl_hash), "%s", ag->tpl_hash);
	next.version = ag->version + 1;
	next.tpl = ag->tpl;
	next.values = calloc(ag->tpl->n_fields + 1, sizeof(char *));
	next.confirmed = calloc(ag->tpl->n_sections + 1, sizeof(unsigned));
	if (!next.values || !next.confirmed) {
		free(next.values);
		free(next.confirmed);
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	snprintf(from, sizeof(from), "from version %d", ag->version);
	if ((s = store_begin(st, err)) == MP_OK)
		s = ag_insert_row(st, &next, ag->tpl->id, err);
	if (s == MP_OK)
		s = ag_copy_answers(st, ag, &next, err);
	if (s == MP_OK)
		s = ag_audit(st, &next, "pair", "re-contracted", from, err);
	if (s == MP_OK)
		s = ag_touch(st, &next, err);
	if (s == MP_OK)
		s = store_commit(st, err);
	else
		store_rollback(st);
	next.tpl = NULL; /* borrowed */
	for (int r = 0; r < 2; r++)
		for (int d = 0; d < TPL_DETAIL_COUNT; d++)
			free(next.parties[r].details[d]);
	for (size_t i = 0; i < ag->tpl->n_fields; i++)
		free(next.values[i]);
	free(next.values);
	free(next.confirmed);
	free(next.changed);
	if (s == MP_OK)
		s = agreement_load(st, ag->id, ag->version + 1, out, err);
	return s;
}

enum mp_status agreement_note_export(struct store *st,
				     const struct agreement *ag,
				     const char *where, struct mp_error *err)
{
	enum mp_status s = store_begin(st, err);

	if (s == MP_OK)
		s = ag_audit(st, ag, "pair", "exported", where, err);
	if (s == MP_OK)
		s = store_commit(st, err);
	else
		store_rollback(st);
	return s;
}

/* --- creating --------------------------------------------------------------- */

/* A new draft starts with the scheme's defaults, written in its first
 * transaction, so that nobody has to save them one by one. */
static enum mp_status fill_defaults(struct store *st,
				    const struct agreement *draft,
				    const struct template *tpl,
				    struct mp_error *err)
{
	char rowid[24];
	enum mp_status s = MP_OK;

	snprintf(rowid, sizeof(rowid), "%lld", (long long)draft->rowid);
	for (size_t i = 0; i < tpl->n_fields && s == MP_OK; i++) {
		const char *p[] = {rowid, tpl->fields[i]->id,
				   tpl->fields[i]->def};
		if (tpl->fields[i]->def && *tpl->fields[i]->def)
			s = ag_exec(st, "creating the agreement",
				    "INSERT INTO agreement_values(agreement,"
				    " field, value) VALUES(?1, ?2, ?3)",
				    3, p, err);
	}
	return s;
}

enum mp_status agreement_create(struct store *st, const struct template *tpl,
				const struct answers *answers,
				struct agreement **out, struct mp_error *err)
{
	struct agreement draft = {0};
	enum mp_status s;

	*out = NULL;
	if ((s = store_begin(st, err)) != MP_OK)
		return s;
	draft.version = 1;
	s = ag_keep_template(st, tpl, draft.tpl_hash, err);
	if (s == MP_OK)
		s = ag_insert_row(st, &draft, tpl->id, err);
	if (s == MP_OK)
		s = audit_append(st, draft.id, 1, "pair", "created", tpl->id,
				 err);
	if (s == MP_OK && !answers)
		s = fill_defaults(st, &draft, tpl, err);
	if (s == MP_OK && answers) {
		s = ag_load_rowid(st, draft.rowid, out, err);
		if (s == MP_OK)
			s = ag_fill(st, *out, answers, err);
		agreement_free(*out);
		*out = NULL;
	}
	if (s == MP_OK)
		s = store_commit(st, err);
	else
		store_rollback(st);
	if (s == MP_OK)
		s = ag_load_rowid(st, draft.rowid, out, err);
	return s;
}
