/*
 * admin_records.c - the records (issue 15) in a data subject's export and
 * erasure: the sessions a person recorded and the forms they filled are
 * shown to them; their sealed notes are counted, never opened (only
 * their owner opens them, with the CPD export); erasing a person deletes
 * their notes, form entries and sessions, audited without content.
 *
 * The rest of an agreement's records go with its last version through
 * the schema's trigger (records_schema.c), as purge and erase delete it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_internal.h"
#include "mentorpact/audit.h"
#include "mentorpact/notes.h"

struct rec_print {
	FILE *f;
	long n;
	long long last;
};

/* Column i as text, "" for NULL. */
static const char *txt(sqlite3_stmt *q, int i)
{
	const char *s = adm_text(q, i);
	return s ? s : "";
}

static void put_lines(FILE *f, const char *label, const char *v)
{
	fprintf(f, "      %s: ", label);
	for (; *v; v++) {
		fputc(*v, f);
		if (*v == '\n' && v[1])
			fputs("        ", f);
	}
	fputc('\n', f);
}

/* A session (columns rowid, n, held, minutes, how, next, withdrawn,
 * field, value), its values one per row. */
static int print_session(void *ctx, sqlite3_stmt *q)
{
	struct rec_print *p = ctx;

	if (sqlite3_column_int64(q, 0) != p->last) {
		p->last = sqlite3_column_int64(q, 0);
		p->n++;
		fprintf(p->f, "    Session %s held %s", txt(q, 1), txt(q, 2));
		if (sqlite3_column_type(q, 3) != SQLITE_NULL)
			fprintf(p->f, ", %s minutes", txt(q, 3));
		if (*txt(q, 4))
			fprintf(p->f, ", %s", txt(q, 4));
		if (*txt(q, 5))
			fprintf(p->f, "; next meeting %s", txt(q, 5));
		fprintf(p->f, "%s\n",
			sqlite3_column_type(q, 6) != SQLITE_NULL
			    ? " (withdrawn)"
			    : "");
	}
	if (sqlite3_column_type(q, 7) != SQLITE_NULL)
		put_lines(p->f, txt(q, 7), txt(q, 8));
	return 0;
}

/* A form entry (columns rowid, form, occasion, submitted, field,
 * value). */
static int print_form(void *ctx, sqlite3_stmt *q)
{
	struct rec_print *p = ctx;

	if (sqlite3_column_int64(q, 0) != p->last) {
		p->last = sqlite3_column_int64(q, 0);
		p->n++;
		fprintf(p->f, "    Form %s (%s), %s%s\n", txt(q, 1), txt(q, 2),
			*txt(q, 3) ? "submitted " : "a draft", txt(q, 3));
	}
	if (sqlite3_column_type(q, 4) != SQLITE_NULL)
		put_lines(p->f, txt(q, 4), txt(q, 5));
	return 0;
}

enum mp_status adm_records_export(FILE *f, struct store *st, const char *id,
				  enum ag_role role, struct mp_error *err)
{
	const char *p[] = {id, agreement_role_name(role)};
	struct rec_print rp = {f, 0, 0};
	long notes[2] = {0, 0};
	enum mp_status s;

	fprintf(f, "  Sessions you recorded:\n");
	s = adm_each_row(st,
			 "SELECT s.rowid, s.n, s.held, s.minutes, s.how,"
			 " s.next, s.withdrawn, v.field, v.value"
			 " FROM sessions s LEFT JOIN session_values v"
			 " ON v.session = s.rowid WHERE s.agreement = ?1"
			 " AND s.author = ?2 ORDER BY s.n, v.field",
			 2, p, print_session, &rp, "reading sessions", err);
	if (s == MP_OK && rp.n == 0)
		fprintf(f, "    none\n");
	rp.n = rp.last = 0;
	if (s == MP_OK) {
		fprintf(f, "  Forms you filled:\n");
		s = adm_each_row(st,
				 "SELECT e.rowid, e.form, e.occasion,"
				 " e.submitted, v.field, v.value"
				 " FROM form_entries e LEFT JOIN form_values v"
				 " ON v.entry = e.rowid WHERE e.agreement = ?1"
				 " AND e.role = ?2 ORDER BY e.rowid, v.field",
				 2, p, print_form, &rp, "reading forms", err);
	}
	if (s == MP_OK && rp.n == 0)
		fprintf(f, "    none\n");
	if (s == MP_OK)
		s = notes_count(st, id, notes, err);
	if (s == MP_OK)
		fprintf(f,
			"  Private notes: %ld sealed note%s of yours %s kept "
			"here, sealed to your\n    signing key: neither the "
			"administrator nor this export can read them.\n    "
			"Only you export them, with your signing passphrase: "
			"mentorpact records\n    export %s --as %s\n",
			notes[role], notes[role] == 1 ? "" : "s",
			notes[role] == 1 ? "is" : "are", id,
			agreement_role_name(role));
	return s;
}

/* The records role wrote in agreement id: counts into n[3] (sessions,
 * form entries, notes) and, unless dry_run, deleted and audited. */
static enum mp_status erase_one(struct store *st, const char *id,
				enum ag_role role, int version, bool dry_run,
				long n[3], struct mp_error *err)
{
	static const char *const what[3][2] = {
	    {"SELECT count(*) FROM sessions WHERE agreement = ?1"
	     " AND author = ?2",
	     "DELETE FROM sessions WHERE agreement = ?1 AND author = ?2"},
	    {"SELECT count(*) FROM form_entries WHERE agreement = ?1"
	     " AND role = ?2",
	     "DELETE FROM form_entries WHERE agreement = ?1 AND role = ?2"},
	    {"SELECT count(*) FROM notes WHERE agreement = ?1 AND role = ?2",
	     "DELETE FROM notes WHERE agreement = ?1 AND role = ?2"},
	};
	const char *p[] = {id, agreement_role_name(role)};
	char detail[160];
	enum mp_status s = MP_OK;

	for (int i = 0; i < 3 && s == MP_OK; i++) {
		s = adm_query_long(st, what[i][0], 2, p, &n[i], err);
		if (s == MP_OK && n[i] && !dry_run)
			s = ag_exec(st, "erasing records", what[i][1], 2, p,
				    err);
	}
	if (s != MP_OK || dry_run || n[0] + n[1] + n[2] == 0)
		return s;
	snprintf(detail, sizeof(detail),
		 "the %s's: %ld session%s, %ld form entr%s, %ld note%s", p[1],
		 n[0], n[0] == 1 ? "" : "s", n[1], n[1] == 1 ? "y" : "ies",
		 n[2], n[2] == 1 ? "" : "s");
	return audit_append(st, id, version, ADMIN_ACTOR, "records erased",
			    detail, err);
}

enum mp_status adm_records_erase(struct store *st,
				 struct admin_erase_result *out, bool dry_run,
				 struct mp_error *err)
{
	enum mp_status s = MP_OK;

	out->sessions_erased = out->forms_erased = out->notes_erased = 0;
	for (size_t i = 0; i < out->count && s == MP_OK; i++) {
		const struct admin_erased *e = &out->items[i];
		long n[3] = {0, 0, 0};
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(out->items[j].id, e->id) &&
			       out->items[j].role == e->role;
		if (seen)
			continue;
		s = erase_one(st, e->id, e->role, e->version, dry_run, n, err);
		out->sessions_erased += n[0];
		out->forms_erased += n[1];
		out->notes_erased += n[2];
	}
	return s;
}
