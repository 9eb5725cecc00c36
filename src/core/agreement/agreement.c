/*
 * agreement.c - loading, creating and describing agreements.
 *
 * Changes to an existing agreement are in agreement_edit.c, signing in
 * agreement_sign.c.  The SQL for agreements lives in these three files.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "agreement_internal.h"
#include "mentorpact/answers.h"
#include "mentorpact/audit.h"

static const char *const status_names[AG_STATUS_COUNT] = {
	"draft", "ready", "signed", "active", "ended"};
static const char *const role_names[2] = {"mentor", "mentee"};

/* Crockford's base32: no I, L, O or U to misread. */
static const char id_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

const char *agreement_status_name(enum ag_status s)
{
	return (unsigned)s < AG_STATUS_COUNT ? status_names[s] : "?";
}

int agreement_status_parse(const char *name)
{
	for (int i = 0; i < AG_STATUS_COUNT; i++)
		if (strcmp(name, status_names[i]) == 0)
			return i;
	return -1;
}

const char *agreement_role_name(enum ag_role r)
{
	return r == AG_MENTEE ? role_names[1] : role_names[0];
}

int agreement_role_parse(const char *name)
{
	for (int i = 0; i < 2; i++)
		if (strcmp(name, role_names[i]) == 0)
			return i;
	return -1;
}

void ag_now(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void ag_today(char buf[11])
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

enum mp_status ag_date_add(const char *date, const struct tpl_duration *d,
			   char out[11])
{
	struct tm tm = {0};
	int y, m, day;
	long months = 0, days = 0;

	if (template_date_parse(date, &y, &m, &day) != MP_OK)
		return MP_ERR_INVALID;
	switch (d->unit) {
	case TPL_UNIT_YEAR:
		months = d->amount * 12;
		break;
	case TPL_UNIT_MONTH:
		months = d->amount;
		break;
	case TPL_UNIT_WEEK:
		days = d->amount * 7;
		break;
	case TPL_UNIT_DAY:
		days = d->amount;
		break;
	case TPL_UNIT_HOUR:
		days = (d->amount + 23) / 24;
		break;
	case TPL_UNIT_MINUTE:
		days = (d->amount + 1439) / 1440;
		break;
	case TPL_UNIT_NONE:
		return MP_ERR_INVALID;
	}
	if (months) {
		long total = (long)y * 12 + (m - 1) + months;
		y = (int)(total / 12);
		m = (int)(total % 12) + 1;
		if (day > days_in_month(y, m))
			day = days_in_month(y, m);
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = day + (int)days;
	tm.tm_hour = 12; /* away from any daylight-saving edge */
	if (mktime(&tm) == (time_t)-1)
		return MP_ERR_INVALID;
	strftime(out, 11, "%Y-%m-%d", &tm);
	return MP_OK;
}

int ag_set_str(char **slot, const char *value)
{
	char *copy = NULL;

	if (value && !(copy = strdup(value)))
		return -1;
	free(*slot);
	*slot = copy;
	return 0;
}

int ag_field_index(const struct template *tpl, const char *id)
{
	for (size_t i = 0; i < tpl->n_fields; i++)
		if (strcmp(tpl->fields[i]->id, id) == 0)
			return (int)i;
	return -1;
}

int ag_section_of_field(const struct template *tpl, int field)
{
	for (size_t s = 0; s < tpl->n_sections; s++)
		for (size_t i = 0; i < tpl->sections[s].n_items; i++)
			if (tpl->sections[s].items[i].kind == TPL_FIELD &&
			    tpl->sections[s].items[i].field ==
				    tpl->fields[field])
				return (int)s;
	return -1;
}

int ag_section_of_details(const struct template *tpl, enum ag_role role)
{
	unsigned bit = role == AG_MENTOR ? TPL_MENTOR : TPL_MENTEE;

	for (size_t s = 0; s < tpl->n_sections; s++)
		for (size_t i = 0; i < tpl->sections[s].n_items; i++)
			if (tpl->sections[s].items[i].kind == TPL_DETAILS &&
			    (tpl->sections[s].items[i].party & bit))
				return (int)s;
	return -1;
}

int agreement_section_index(const struct agreement *ag, const char *id)
{
	for (size_t s = 0; s < ag->tpl->n_sections; s++)
		if (strcmp(ag->tpl->sections[s].id, id) == 0)
			return (int)s;
	return -1;
}

const char *agreement_value(const struct agreement *ag, const char *field)
{
	int i = ag_field_index(ag->tpl, field);

	return i < 0 ? NULL : ag->values[i];
}

const char *agreement_detail(const struct agreement *ag, enum ag_role r,
			     enum tpl_detail d)
{
	return ag->parties[r].details[d];
}

static int blank(const char *s)
{
	return !s || !*s;
}

/* Append a formatted line to a growing array; -1 when out of memory. */
static int add_problem(char ***list, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int add_problem(char ***list, size_t *n, const char *fmt, ...)
{
	char line[512], **grown;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	grown = realloc(*list, (*n + 1) * sizeof(**list));
	if (!grown)
		return -1;
	*list = grown;
	if (!(grown[*n] = strdup(line)))
		return -1;
	(*n)++;
	return 0;
}

const struct ag_pending *agreement_pending(const struct agreement *ag,
					   const char *field)
{
	for (size_t i = 0; i < ag->n_pending; i++)
		if (strcmp(ag->pending[i].field, field) == 0)
			return &ag->pending[i];
	return NULL;
}

void ag_detail_key(enum ag_role r, enum tpl_detail d, char *buf, size_t size)
{
	snprintf(buf, size, "%s.%s", agreement_role_name(r),
		 template_detail_name(d));
}

void ag_detail_label(enum ag_role r, enum tpl_detail d, char *buf,
		     size_t size)
{
	snprintf(buf, size, "%s's %s", r == AG_MENTEE ? "Mentee" : "Mentor",
		 template_detail_name(d));
}

/* "Title: 'Label' was not accepted: why" for a pending text, the label
 * taken off the front of why when it repeats it. */
static void pending_problem(char ***list, size_t *n, const char *title,
			    const char *label, const struct ag_pending *p)
{
	const char *why = p->message ? p->message : "not accepted";
	size_t len = strlen(label);

	if (strncmp(why, label, len) == 0 && strncmp(why + len, ": ", 2) == 0)
		why += len + 2;
	add_problem(list, n, "%s: '%s' was not accepted: %s", title, label,
		    why);
}

static void party_problems(const struct agreement *ag, char ***list,
			   size_t *n)
{
	for (int r = 0; r < 2; r++) {
		const struct tpl_party_spec *spec = &ag->tpl->parties[r];
		unsigned need = spec->required | 1u << TPL_DETAIL_NAME;
		int s = ag_section_of_details(ag->tpl, (enum ag_role)r);
		for (int d = 0; d < TPL_DETAIL_COUNT; d++) {
			enum tpl_detail detail = (enum tpl_detail)d;
			char key[32], label[64], title[80];
			const struct ag_pending *p;
			ag_detail_key((enum ag_role)r, detail, key, sizeof(key));
			ag_detail_label((enum ag_role)r, detail, label,
					sizeof(label));
			snprintf(title, sizeof(title), "the %s's %s",
				 role_names[r], template_detail_name(detail));
			if ((p = agreement_pending(ag, key)))
				pending_problem(
					list, n,
					s >= 0 ? ag->tpl->sections[s].title
					       : title,
					label, p);
			else if ((need & 1u << d) &&
				 blank(ag->parties[r].details[d]))
				add_problem(list, n, "%s is not given", title);
		}
	}
}

/* Pending texts of no field or detail of the template (there should be
 * none): they hold the agreement back all the same. */
static void stray_pending(const struct agreement *ag, char ***list, size_t *n)
{
	for (size_t i = 0; i < ag->n_pending; i++) {
		const char *f = ag->pending[i].field, *dot = strchr(f, '.');
		bool detail = dot && dot - f == 6 &&
			      template_detail_parse(dot + 1) >= 0 &&
			      (!strncmp(f, "mentor", 6) ||
			       !strncmp(f, "mentee", 6));
		if (!detail && ag_field_index(ag->tpl, f) < 0)
			pending_problem(list, n, "?", f, &ag->pending[i]);
	}
}

size_t agreement_problems(const struct agreement *ag, char ***problems)
{
	const struct template *tpl = ag->tpl;
	size_t n = 0;

	*problems = NULL;
	party_problems(ag, problems, &n);
	for (size_t i = 0; i < tpl->n_fields; i++) {
		int s = ag_section_of_field(tpl, (int)i);
		const char *title = s >= 0 ? tpl->sections[s].title : "?";
		const struct ag_pending *p =
			agreement_pending(ag, tpl->fields[i]->id);
		if (p)
			pending_problem(problems, &n, title,
					tpl->fields[i]->label, p);
		else if (tpl->fields[i]->required && blank(ag->values[i]))
			add_problem(problems, &n, "%s: '%s' is not answered",
				    title, tpl->fields[i]->label);
	}
	stray_pending(ag, problems, &n);
	for (size_t s = 0; s < tpl->n_sections; s++)
		for (int r = 0; r < 2; r++) {
			unsigned bit = r == 0 ? TPL_MENTOR : TPL_MENTEE;
			if ((tpl->sections[s].confirm & bit) &&
			    !(ag->confirmed[s] & bit))
				add_problem(problems, &n,
					    "%s: not yet confirmed by the %s",
					    tpl->sections[s].title,
					    role_names[r]);
		}
	return n;
}

void agreement_problems_free(char **problems, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(problems[i]);
	free(problems);
}

void ag_refresh_status(struct agreement *ag)
{
	char **p;
	size_t n;

	if (ag->ended) {
		ag->status = AG_ENDED;
	} else if (ag->sigs[0].present && ag->sigs[1].present) {
		ag->status = AG_ACTIVE;
	} else if (ag->sigs[0].present || ag->sigs[1].present) {
		ag->status = AG_SIGNED;
	} else {
		n = agreement_problems(ag, &p);
		agreement_problems_free(p, n);
		ag->status = n ? AG_DRAFT : AG_READY;
	}
}

enum mp_status ag_exec(struct store *st, const char *what, const char *sql,
		       int n, const char *const *params, struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL);

	if (rc == SQLITE_OK) {
		for (int i = 0; i < n; i++)
			sqlite3_bind_text(q, i + 1, params[i], -1,
					  SQLITE_TRANSIENT);
		rc = sqlite3_step(q);
		sqlite3_finalize(q);
	}
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, what, err);
	return MP_OK;
}

enum mp_status ag_audit(struct store *st, const struct agreement *ag,
			const char *role, const char *action,
			const char *detail, struct mp_error *err)
{
	return audit_append(st, ag->id, ag->version, role, action, detail,
			    err);
}

enum mp_status ag_touch(struct store *st, struct agreement *ag,
			struct mp_error *err)
{
	sqlite3_stmt *q;
	char now[32];
	int rc;

	ag_now(now);
	ag_refresh_status(ag);
	rc = sqlite3_prepare_v2(store_db(st),
				"UPDATE agreements SET revision = revision + 1,"
				" changed = ?1, status = ?2"
				" WHERE rowid = ?3 AND revision = ?4",
				-1, &q, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(q, 1, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, agreement_status_name(ag->status), -1,
				  SQLITE_STATIC);
		sqlite3_bind_int64(q, 3, ag->rowid);
		sqlite3_bind_int64(q, 4, ag->revision);
		rc = sqlite3_step(q);
		sqlite3_finalize(q);
	}
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "saving the agreement", err);
	if (sqlite3_changes(store_db(st)) != 1)
		return mp_error_set(err, MP_ERR_CONFLICT,
				    "agreement %s was changed by someone else "
				    "since you opened it; nothing was saved: "
				    "open it again and redo your change",
				    ag->id);
	ag->revision++;
	return ag_set_str(&ag->changed, now) ? mp_error_set(err, MP_ERR_NOMEM,
							    NULL)
					     : MP_OK;
}

/* --- ids ------------------------------------------------------------------ */

/* Normalise a typed id to "XXXX-XXXX"; -1 when it cannot be one. */
static int normalise_id(const char *in, char out[AG_ID_SIZE])
{
	int n = 0;

	for (; *in; in++) {
		int c = toupper((unsigned char)*in);
		if (c == '-' || c == ' ')
			continue;
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		if (!strchr(id_alphabet, c) || c == 0 || n == 8)
			return -1;
		out[n < 4 ? n : n + 1] = (char)c;
		n++;
	}
	if (n != 8)
		return -1;
	out[4] = '-';
	out[9] = '\0';
	return 0;
}

static void new_id(char out[AG_ID_SIZE])
{
	for (int i = 0, j = 0; i < 8; i++, j++) {
		if (i == 4)
			out[j++] = '-';
		out[j] = id_alphabet[randombytes_uniform(32)];
	}
	out[9] = '\0';
}

/* --- loading ---------------------------------------------------------------- */

void agreement_free(struct agreement *ag)
{
	if (!ag)
		return;
	for (int r = 0; r < 2; r++) {
		for (int d = 0; d < TPL_DETAIL_COUNT; d++)
			free(ag->parties[r].details[d]);
		free(ag->sigs[r].name);
		free(ag->sigs[r].signed_at);
		free(ag->sigs[r].minisig);
		free(ag->sigs[r].pubkey);
	}
	if (ag->values)
		for (size_t i = 0; ag->tpl && i < ag->tpl->n_fields; i++)
			free(ag->values[i]);
	free(ag->values);
	free(ag->confirmed);
	ag_pending_free(ag);
	char **dates[] = {&ag->created,	   &ag->changed,     &ag->started,
			  &ag->signed_on,  &ag->review_due,  &ag->planned_end,
			  &ag->ended,	   &ag->kept_until,  &ag->ended_by,
			  &ag->end_reason, &ag->body};
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
		free(*dates[i]);
	template_free(ag->tpl);
	free(ag);
}

static const char *text(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

#define AG_COLUMNS                                                            \
	"rowid, id, version, template_hash, status, revision, imported,"      \
	" mentor_name, mentor_email, mentor_phone, mentor_organisation,"      \
	" mentee_name, mentee_email, mentee_phone, mentee_organisation,"      \
	" created, changed, started, signed_on, review_due, planned_end,"     \
	" ended, ended_by, end_reason, kept_until, body"

/* Fill ag's own columns from a row of AG_COLUMNS. */
static int read_row(sqlite3_stmt *q, struct agreement *ag)
{
	char **dates[] = {&ag->created,	  &ag->changed,	   &ag->started,
			  &ag->signed_on, &ag->review_due, &ag->planned_end,
			  &ag->ended,	  &ag->ended_by,   &ag->end_reason,
			  &ag->kept_until, &ag->body};
	int bad = 0;

	ag->rowid = sqlite3_column_int64(q, 0);
	snprintf(ag->id, sizeof(ag->id), "%s", text(q, 1));
	ag->version = sqlite3_column_int(q, 2);
	snprintf(ag->tpl_hash, sizeof(ag->tpl_hash), "%s", text(q, 3));
	ag->revision = sqlite3_column_int64(q, 5);
	ag->imported = sqlite3_column_int(q, 6) != 0;
	for (int r = 0; r < 2; r++)
		for (int d = 0; d < TPL_DETAIL_COUNT; d++)
			bad |= ag_set_str(&ag->parties[r].details[d],
					  text(q, 7 + r * 4 + d));
	for (int i = 0; i < 11; i++)
		bad |= ag_set_str(dates[i], text(q, 15 + i));
	return bad;
}

static enum mp_status load_template(struct store *st, struct agreement *ag,
				    struct mp_error *err)
{
	sqlite3_stmt *q;
	enum mp_status s;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "SELECT canonical FROM templates"
				    " WHERE hash = ?1",
				    -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading a template", err);
	sqlite3_bind_text(q, 1, ag->tpl_hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(q);
		return rc == SQLITE_DONE
			       ? mp_error_set(err, MP_ERR_DAMAGED,
					      "the template copy of agreement "
					      "%s is missing from the store",
					      ag->id)
			       : store_sqlite_error(st, rc,
						    "reading a template", err);
	}
	s = template_load_buffer("stored template", text(q, 0),
				 (size_t)sqlite3_column_bytes(q, 0), &ag->tpl,
				 NULL, err);
	sqlite3_finalize(q);
	if (s != MP_OK)
		return mp_error_set(err, MP_ERR_DAMAGED,
				    "the stored template of agreement %s does "
				    "not load: %s",
				    ag->id, err ? err->message : "");
	ag->values = calloc(ag->tpl->n_fields + 1, sizeof(*ag->values));
	ag->confirmed = calloc(ag->tpl->n_sections + 1,
			       sizeof(*ag->confirmed));
	if (!ag->values || !ag->confirmed)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	return MP_OK;
}

/* Load the answers, confirmations and signatures of ag's row. */
static enum mp_status load_children(struct store *st, struct agreement *ag,
				    struct mp_error *err)
{
	static const char *const sql[] = {
		"SELECT field, value FROM agreement_values WHERE agreement=?1",
		"SELECT section, role FROM confirmations WHERE agreement=?1",
		"SELECT role, name, signed_at, minisig, pubkey FROM signatures"
		" WHERE agreement=?1",
		"SELECT field, typed FROM pending_answers WHERE agreement=?1"
		" ORDER BY field",
	};
	int bad = 0, rc = SQLITE_OK;

	for (int k = 0; k < 4 && rc == SQLITE_OK; k++) {
		sqlite3_stmt *q;
		rc = sqlite3_prepare_v2(store_db(st), sql[k], -1, &q, NULL);
		if (rc != SQLITE_OK)
			break;
		sqlite3_bind_int64(q, 1, ag->rowid);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			int role = agreement_role_parse(text(q, k == 2 ? 0 : 1));
			if (k == 0) {
				int i = ag_field_index(ag->tpl, text(q, 0));
				if (i >= 0)
					bad |= ag_set_str(&ag->values[i],
							  text(q, 1));
			} else if (k == 3) {
				bad |= ag_pending_put(ag, text(q, 0),
						      text(q, 1), NULL);
			} else if (k == 1) {
				int s = agreement_section_index(ag, text(q, 0));
				if (s >= 0 && role >= 0)
					ag->confirmed[s] |= role == 0
								    ? TPL_MENTOR
								    : TPL_MENTEE;
			} else if (role >= 0) {
				struct ag_signature *g = &ag->sigs[role];
				g->present = true;
				bad |= ag_set_str(&g->name, text(q, 1));
				bad |= ag_set_str(&g->signed_at, text(q, 2));
				bad |= ag_set_str(&g->minisig, text(q, 3));
				bad |= ag_set_str(&g->pubkey, text(q, 4));
			}
		}
		sqlite3_finalize(q);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "reading the agreement", err);
	if (!bad)
		bad = ag_pending_explain(ag);
	return bad ? mp_error_set(err, MP_ERR_NOMEM, NULL) : MP_OK;
}

static enum mp_status load_row(struct store *st, int64_t rowid,
			       const char *id, int version,
			       struct agreement **out, struct mp_error *err)
{
	struct agreement *ag = calloc(1, sizeof(*ag));
	enum mp_status s = MP_OK;
	sqlite3_stmt *q;
	int rc;

	*out = NULL;
	if (!ag)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	rc = sqlite3_prepare_v2(
		store_db(st),
		rowid ? "SELECT " AG_COLUMNS " FROM agreements WHERE rowid=?1"
		: version > 0
			? "SELECT " AG_COLUMNS " FROM agreements"
			  " WHERE id=?2 AND version=?3"
			: "SELECT " AG_COLUMNS " FROM agreements WHERE id=?2"
			  " ORDER BY version DESC LIMIT 1",
		-1, &q, NULL);
	if (rc != SQLITE_OK) {
		free(ag);
		return store_sqlite_error(st, rc, "reading the agreement", err);
	}
	if (rowid)
		sqlite3_bind_int64(q, 1, rowid);
	else
		sqlite3_bind_text(q, 2, id, -1, SQLITE_STATIC);
	if (version > 0)
		sqlite3_bind_int(q, 3, version);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && read_row(q, ag) != 0)
		s = mp_error_set(err, MP_ERR_NOMEM, NULL);
	else if (rc == SQLITE_DONE && version > 0)
		s = mp_error_set(err, MP_ERR_NOT_FOUND,
				 "agreement %s has no version %d", id, version);
	else if (rc == SQLITE_DONE)
		s = mp_error_set(err, MP_ERR_NOT_FOUND,
				 "there is no agreement %s in this store; "
				 "'mentorpact list' shows them",
				 id);
	else if (rc != SQLITE_ROW)
		s = store_sqlite_error(st, rc, "reading the agreement", err);
	sqlite3_finalize(q);
	if (s == MP_OK)
		s = load_template(st, ag, err);
	if (s == MP_OK)
		s = load_children(st, ag, err);
	if (s != MP_OK) {
		agreement_free(ag);
		return s;
	}
	ag_refresh_status(ag);
	*out = ag;
	return MP_OK;
}

enum mp_status agreement_load(struct store *st, const char *id, int version,
			      struct agreement **out, struct mp_error *err)
{
	char norm[AG_ID_SIZE];

	*out = NULL;
	if (normalise_id(id, norm) != 0)
		return mp_error_set(err, MP_ERR_NOT_FOUND,
				    "'%s' is not an agreement id (ids look "
				    "like 7KQ2-M9XD; 'mentorpact list' shows "
				    "them)",
				    id);
	return load_row(st, 0, norm, version, out, err);
}

void ag_reload(struct store *st, struct agreement *ag)
{
	struct agreement *fresh;
	struct agreement tmp;

	if (load_row(st, ag->rowid, NULL, 0, &fresh, NULL) != MP_OK)
		return;
	tmp = *ag;
	*ag = *fresh;
	*fresh = tmp;
	agreement_free(fresh);
}

/* --- creating --------------------------------------------------------------- */

enum mp_status ag_keep_template(struct store *st,
				    const struct template *tpl,
				    char hash[TPL_HASH_HEX + 1],
				    struct mp_error *err)
{
	char *canonical = NULL;
	size_t len;
	enum mp_status s = template_canonical(tpl, &canonical, &len, err);

	if (s == MP_OK)
		s = template_hash(tpl, hash, err);
	if (s == MP_OK) {
		const char *p[] = {hash, tpl->id, canonical};
		s = ag_exec(st, "keeping the template",
			    "INSERT OR IGNORE INTO templates(hash, scheme,"
			    " canonical) VALUES(?1, ?2, ?3)",
			    3, p, err);
	}
	free(canonical);
	return s;
}

enum mp_status ag_insert_row(struct store *st, struct agreement *ag,
			     const char *scheme, struct mp_error *err)
{
	char version[16], now[32];
	enum mp_status s = MP_ERR_EXISTS;

	ag_now(now);
	snprintf(version, sizeof(version), "%d", ag->version);
	for (int tries = 0; s == MP_ERR_EXISTS && tries < 5; tries++) {
		const char *p[] = {ag->id, version, scheme, ag->tpl_hash, now};
		if (ag->version == 1 && !ag->imported)
			new_id(ag->id);
		s = ag_exec(st, "creating the agreement",
			    "INSERT INTO agreements(id, version, scheme,"
			    " template_hash, status, created, changed)"
			    " VALUES(?1, ?2, ?3, ?4, 'draft', ?5, ?5)",
			    5, p, err);
		if (s != MP_OK && (sqlite3_extended_errcode(store_db(st)) ==
				   SQLITE_CONSTRAINT_UNIQUE))
			s = MP_ERR_EXISTS;
		if (ag->version > 1 || ag->imported)
			break;
	}
	if (s == MP_OK) {
		ag->rowid = sqlite3_last_insert_rowid(store_db(st));
		ag->revision = 1;
	}
	else if (s == MP_ERR_EXISTS)
		mp_error_set(err, MP_ERR_EXISTS,
			     "agreement %s version %d already exists", ag->id,
			     ag->version);
	return s;
}

enum mp_status ag_load_rowid(struct store *st, int64_t rowid,
			     struct agreement **out, struct mp_error *err)
{
	return load_row(st, rowid, NULL, 0, out, err);
}
