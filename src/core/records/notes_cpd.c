/*
 * notes_cpd.c - a person's CPD export (notes.h): the agreement's heading,
 * the session log, the forms they filled and their notes opened, as plain
 * text for their portfolio.
 *
 * The session log and the forms are read straight from their tables
 * (read_log, read_forms): each in one small function.  The text grows in
 * a buffer whose old copies are wiped as it grows, since it holds the
 * opened notes; the caller wipes the last with notes_text_free().
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "notes_internal.h"
#include "mentorpact/audit.h"
#include "mentorpact/render.h"

struct text {
	char *s;
	size_t len, cap;
	bool failed;
};

static void put_n(struct text *t, const char *s, size_t n)
{
	if (t->failed)
		return;
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 4096;
		char *s2;

		while (cap < t->len + n + 1)
			cap *= 2;
		if (!(s2 = malloc(cap))) {
			t->failed = true;
			return;
		}
		if (t->s) {
			memcpy(s2, t->s, t->len);
			sodium_memzero(t->s, t->cap);
			free(t->s);
		}
		t->s = s2;
		t->cap = cap;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void put(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void put(struct text *t, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		t->failed = true;
	else
		put_n(t, line,
		      (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
	sodium_memzero(line, sizeof(line));
}

/* A value of any length, its lines after the first indented by indent. */
static void put_value(struct text *t, const char *v, size_t len,
		      const char *indent)
{
	const char *end = v + len, *nl;

	for (; v < end; v = nl + 1) {
		nl = memchr(v, '\n', (size_t)(end - v));
		if (!nl)
			nl = end;
		put_n(t, v, (size_t)(nl - v));
		put_n(t, "\n", 1);
		if (nl + 1 < end)
			put_n(t, indent, strlen(indent));
	}
}

static const char *label_in(struct tpl_field *const *fields, size_t n,
			    const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(fields[i]->id, id))
			return fields[i]->label;
	return id;
}

static const char *col(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	return s ? s : "";
}

static void heading(struct text *t, const struct agreement *ag,
		    enum ag_role role)
{
	const char *who[2], *dates[][2] = {
				{"Started:", ag->started},
				{"Signed:", ag->signed_on},
				{"Review due:", ag->review_due},
				{"Planned end:", ag->planned_end},
				{"Ended:", ag->ended},
			    };
	char now[32];

	for (int r = 0; r < 2; r++) {
		who[r] = agreement_detail(ag, (enum ag_role)r, TPL_DETAIL_NAME);
		if (!who[r])
			who[r] = "(no name given)";
	}
	rec_now(now);
	put(t, "CPD record of mentoring\n\n");
	put(t, "Scheme:     %s (%s)\n", ag->tpl->name, ag->tpl->id);
	if (ag->tpl->organisation)
		put(t, "Organisation: %s\n", ag->tpl->organisation);
	put(t, "Agreement:  %s version %d (%s)\n", ag->id, ag->version,
	    agreement_status_name(ag->status));
	put(t, "Mentor:     %s\nMentee:     %s\n", who[AG_MENTOR],
	    who[AG_MENTEE]);
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
		if (dates[i][1])
			put(t, "%-12s%s\n", dates[i][0], dates[i][1]);
	put(t, "Exported by the %s (%s) on %s\n",
	    role == AG_MENTOR ? "mentor" : "mentee", who[role], now);
}

/* The session log of the relationship, read from its tables. */
static enum mp_status read_log(struct store *st, const struct agreement *ag,
			       struct text *t, struct mp_error *err)
{
	const struct tpl_session_log *log = &ag->tpl->records.sessions;
	sqlite3_stmt *q = NULL;
	int64_t last = 0;
	long n = 0;
	int rc = sqlite3_prepare_v2(
	    store_db(st),
	    "SELECT s.rowid, s.n, s.author, s.held, s.minutes, s.how,"
	    " s.next, s.withdrawn, v.field, v.value FROM sessions s"
	    " LEFT JOIN session_values v ON v.session = s.rowid"
	    " WHERE s.agreement = ?1 ORDER BY s.n, v.field",
	    -1, &q, NULL);

	put(t, "\n== %s ==\n", log->title ? log->title : "Sessions");
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 1, ag->id, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		if (sqlite3_column_int64(q, 0) != last) {
			last = sqlite3_column_int64(q, 0);
			n++;
			put(t, "\nSession %s: %s", col(q, 1), col(q, 3));
			if (sqlite3_column_type(q, 4) != SQLITE_NULL)
				put(t, ", %s minutes", col(q, 4));
			if (*col(q, 5))
				put(t, ", %s", col(q, 5));
			put(t, " (written by the %s)%s\n", col(q, 2),
			    sqlite3_column_type(q, 7) != SQLITE_NULL
				? " - withdrawn"
				: "");
			if (*col(q, 6))
				put(t, "  Next meeting: %s\n", col(q, 6));
		}
		if (sqlite3_column_type(q, 8) != SQLITE_NULL) {
			put(t, "  %s: ",
			    label_in(log->fields, log->n_fields, col(q, 8)));
			put_value(t, col(q, 9),
				  (size_t)sqlite3_column_bytes(q, 9), "    ");
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "reading the sessions", err);
	if (n == 0)
		put(t, "\nNo session is recorded.\n");
	return MP_OK;
}

static const struct tpl_form *form_of(const struct template *tpl,
				      const char *id)
{
	for (size_t i = 0; i < tpl->records.n_forms; i++)
		if (!strcmp(tpl->records.forms[i].id, id))
			return &tpl->records.forms[i];
	return NULL;
}

/* The forms role filled, read from their tables. */
static enum mp_status read_forms(struct store *st, const struct agreement *ag,
				 enum ag_role role, struct text *t,
				 struct mp_error *err)
{
	const char *rn = role == AG_MENTOR ? "mentor" : "mentee";
	const struct tpl_form *f = NULL;
	sqlite3_stmt *q = NULL;
	int64_t last = 0;
	long n = 0;
	int rc = sqlite3_prepare_v2(
	    store_db(st),
	    "SELECT e.rowid, e.form, e.occasion, e.submitted, e.updated,"
	    " v.field, v.value FROM form_entries e"
	    " LEFT JOIN form_values v ON v.entry = e.rowid"
	    " WHERE e.agreement = ?1 AND e.role = ?2"
	    " ORDER BY e.rowid, v.field",
	    -1, &q, NULL);

	put(t, "\n== Forms filled by the %s ==\n", rn);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 1, ag->id, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 2, rn, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		if (sqlite3_column_int64(q, 0) != last) {
			last = sqlite3_column_int64(q, 0);
			n++;
			f = form_of(ag->tpl, col(q, 1));
			put(t, "\n%s (%s), %s: ", f ? f->title : col(q, 1),
			    col(q, 2),
			    *col(q, 3) ? "submitted" : "draft, last saved");
			put(t, "%s\n", *col(q, 3) ? col(q, 3) : col(q, 4));
		}
		if (sqlite3_column_type(q, 5) != SQLITE_NULL) {
			put(t, "  %s: ",
			    f ? label_in(f->questions, f->n_questions,
					 col(q, 5))
			      : col(q, 5));
			put_value(t, col(q, 6),
				  (size_t)sqlite3_column_bytes(q, 6), "    ");
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "reading the forms", err);
	if (n == 0)
		put(t, "\nNo form was filled by the %s.\n", rn);
	return MP_OK;
}

static void put_notes(struct text *t, const struct note_list *l,
		      enum ag_role role)
{
	put(t, "\n== Private notes of the %s ==\n",
	    role == AG_MENTOR ? "mentor" : "mentee");
	if (l->n == 0)
		put(t, "\nNo note is kept.\n");
	for (size_t i = 0; i < l->n; i++) {
		const struct note *n = &l->items[i];
		put(t, "\nNote %" PRId64 " (written %s", n->id, n->created);
		if (strcmp(n->created, n->updated))
			put(t, ", last changed %s", n->updated);
		put(t, ")\n");
		put_value(t, n->text, n->len, "");
	}
}

enum mp_status notes_cpd_export(struct store *st, const struct agreement *ag,
				enum ag_role role, const struct mp_secret *pass,
				char **text, size_t *len, struct mp_error *err)
{
	struct note_list l = {0};
	struct text t = {0};
	bool keeps = ag->tpl->records.notes &
		     (role == AG_MENTOR ? TPL_MENTOR : TPL_MENTEE);
	enum mp_status s;

	*text = NULL;
	*len = 0;
	/* The passphrase proves who asks, even where no note is kept. */
	s = notes_list(st, ag, role, pass, &l, err);
	heading(&t, ag, role);
	if (s == MP_OK)
		s = read_log(st, ag, &t, err);
	if (s == MP_OK)
		s = read_forms(st, ag, role, &t, err);
	if (s == MP_OK && (keeps || l.n))
		put_notes(&t, &l, role);
	notes_list_free(&l);
	if (s == MP_OK && t.failed)
		s = mp_error_set(err, MP_ERR_NOMEM, NULL);
	if (s == MP_OK)
		s = audit_append(st, ag->id, ag->version,
				 role == AG_MENTOR ? "mentor" : "mentee",
				 "records exported", "CPD export", err);
	if (s != MP_OK) {
		notes_text_free(t.s, t.cap);
		return s;
	}
	*text = t.s;
	*len = t.len;
	return MP_OK;
}

void notes_text_free(char *text, size_t len)
{
	if (!text)
		return;
	sodium_memzero(text, len);
	free(text);
}

enum mp_status notes_cpd_write(const char *path, const char *text, size_t len,
			       struct mp_error *err)
{
	struct render_files files = {0};
	enum mp_status s;

	files.n = 1;
	files.files[0].path = strdup(path);
	files.files[0].data = malloc(len ? len : 1);
	if (!files.files[0].path || !files.files[0].data) {
		render_files_free(&files);
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	memcpy(files.files[0].data, text, len);
	files.files[0].len = len;
	s = render_write_files(&files, false, err);
	sodium_memzero(files.files[0].data, len);
	render_files_free(&files);
	return s;
}
