/*
 * admin_export.c - a data subject's export (admin.h): every version
 * naming them, with their details, their answers and the joint ones,
 * what they typed that was refused, signatures, reviews and the audit
 * trail; then their signing key, the settings holding their address and
 * the agreements that may be about them; as one text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_internal.h"
#include "mentorpact/audit.h"
#include "mentorpact/unicode.h"

static unsigned role_bit(enum ag_role r)
{
	return r == AG_MENTOR ? TPL_MENTOR : TPL_MENTEE;
}

/* "label: value", a value of several lines indented under it. */
/* One value, its invisible format characters (uc_hidden) as <U+XXXX>. */
static void put_value(FILE *f, const char *label, const char *value)
{
	char *shown = uc_reveal(value);

	fprintf(f, "    %s: ", label);
	for (const char *v = shown ? shown : value; *v; v++) {
		fputc(*v, f);
		if (*v == '\n' && v[1])
			fputs("      ", f);
	}
	fputc('\n', f);
	free(shown);
}

static void put_date(FILE *f, const char *label, const char *value)
{
	if (value)
		fprintf(f, "  %s: %s\n", label, value);
}

static void export_dates(FILE *f, const struct agreement *ag)
{
	put_date(f, "Created", ag->created);
	put_date(f, "Last changed", ag->changed);
	put_date(f, "Started (signed by both)", ag->started);
	put_date(f, "Review due", ag->review_due);
	put_date(f, "Planned end", ag->planned_end);
	put_date(f, "Ended", ag->ended);
	put_date(f, "Ended by", ag->ended_by);
	put_date(f, "Reason for ending", ag->end_reason);
	put_date(f, "Records kept until", ag->kept_until);
}

/* What was typed for label and refused, kept until it is corrected (a
 * pending text, agreement.h): personal data like an answer. */
static void put_pending(FILE *f, const char *label, const struct ag_pending *p)
{
	char line[600];

	if (!p)
		return;
	snprintf(line, sizeof(line), "%s (typed, not accepted)", label);
	put_value(f, line, p->text);
}

/* The subject's details and the answers that are theirs or joint, with
 * what was typed for them and refused. */
static void export_answers(FILE *f, const struct agreement *ag, enum ag_role r)
{
	const struct template *t = ag->tpl;
	size_t others = 0;
	char key[32];

	fprintf(f, "  Your details:\n");
	for (int d = 0; d < TPL_DETAIL_COUNT; d++) {
		const char *name = template_detail_name((enum tpl_detail)d);
		if (ag->parties[r].details[d])
			put_value(f, name, ag->parties[r].details[d]);
		ag_detail_key(r, (enum tpl_detail)d, key, sizeof(key));
		put_pending(f, name, agreement_pending(ag, key));
	}
	fprintf(f, "  Your answers, and the answers you gave jointly:\n");
	for (size_t i = 0; i < t->n_fields; i++) {
		const struct ag_pending *p =
		    agreement_pending(ag, t->fields[i]->id);
		bool answered = ag->values[i] && *ag->values[i];
		if (!answered && !p)
			continue;
		if (!(t->fields[i]->who & role_bit(r) ||
		      t->fields[i]->who == TPL_NOBODY)) {
			others++;
			continue;
		}
		if (answered)
			put_value(f, t->fields[i]->label, ag->values[i]);
		put_pending(f, t->fields[i]->label, p);
	}
	if (others)
		fprintf(f,
			"  (%zu answer%s the %s gave alone %s not shown: "
			"they are the %s's.)\n",
			others, others == 1 ? "" : "s", agreement_role_name(!r),
			others == 1 ? "is" : "are", agreement_role_name(!r));
}

static void export_signatures(FILE *f, const struct agreement *ag,
			      enum ag_role r)
{
	const struct ag_signature *mine = &ag->sigs[r], *theirs = &ag->sigs[!r];

	fprintf(f, "  Sections you confirmed:");
	for (size_t s = 0, n = 0; s < ag->tpl->n_sections; s++)
		if (ag->confirmed[s] & role_bit(r))
			fprintf(f, "%s %s", n++ ? "," : "",
				ag->tpl->sections[s].id);
	fputc('\n', f);
	if (mine->present)
		fprintf(f, "  Your signature: signed as \"%s\" at %s\n",
			mine->name, mine->signed_at);
	else
		fprintf(f, "  Your signature: not signed\n");
	fprintf(f, "  The %s's signature: %s%s\n", agreement_role_name(!r),
		theirs->present ? "signed at " : "not signed",
		theirs->present ? theirs->signed_at : "");
	if (ag->body)
		fprintf(f,
			"  The signed text is held; it names both parties, "
			"so it is not repeated here\n  ('mentorpact export "
			"%s' gives a copy).\n",
			ag->id);
}

struct audit_ctx {
	FILE *f;
	int version;
	const char *role;
};

/* Entries of the version made by the subject, the pair or the
 * administrator; details are left out (they name fields and files). */
static void export_entry(void *ctx, const struct audit_entry *e)
{
	const struct audit_ctx *a = ctx;
	const char *r = e->role ? e->role : "";

	if (e->version != a->version ||
	    (strcmp(r, a->role) && strcmp(r, "pair") && strcmp(r, "both") &&
	     strcmp(r, ADMIN_ACTOR)))
		return;
	fprintf(a->f, "    %s  %-13s %s\n", e->at, r,
		e->action ? e->action : "");
}

/* The reviews held of ag's agreement (they belong to all its versions). */
static enum mp_status export_reviews(FILE *f, struct store *st,
				     const struct agreement *ag,
				     struct mp_error *err)
{
	struct ag_review *r;
	size_t n;
	enum mp_status s = agreement_reviews(st, ag, &r, &n, err);

	for (size_t i = 0; s == MP_OK && i < n; i++)
		fprintf(f, "  Review held %s%s%s\n", r[i].held_on,
			r[i].note ? ": " : "", r[i].note ? r[i].note : "");
	agreement_reviews_free(r, s == MP_OK ? n : 0);
	return s;
}

/* One version naming the subject; with_reviews for an agreement's last. */
static enum mp_status export_version(FILE *f, struct store *st,
				     const struct admin_erased *e,
				     bool with_reviews, struct mp_error *err)
{
	struct agreement *ag;
	struct audit_ctx a = {f, e->version, agreement_role_name(e->role)};
	int64_t n;
	enum mp_status s = agreement_load(st, e->id, e->version, &ag, err);

	if (s != MP_OK)
		return s;
	fprintf(f, "\nAgreement %s, version %d: %s (scheme %s)\n", ag->id,
		ag->version, ag->tpl->name, ag->tpl->id);
	fprintf(f, "  Your role: %s\n  Status: %s%s\n", a.role,
		agreement_status_name(ag->status),
		ag->imported ? " (imported from a signed file)" : "");
	export_dates(f, ag);
	export_answers(f, ag, e->role);
	export_signatures(f, ag, e->role);
	if (with_reviews)
		s = export_reviews(f, st, ag, err);
	if (with_reviews && s == MP_OK)
		s = adm_records_export(f, st, ag->id, e->role, err);
	fprintf(f, "  What happened to it (audit trail):\n");
	if (s == MP_OK)
		s = audit_walk(st, ag->id, export_entry, &a, &n, err);
	agreement_free(ag);
	return s;
}

static void export_list(FILE *f, const char *intro, char **items, size_t n)
{
	if (!n)
		return;
	fprintf(f, "\n%s\n", intro);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %s\n", items[i]);
}

/* What is held besides agreements: a key, settings, similar records. */
static enum mp_status export_rest(FILE *f, struct store *st,
				  const struct subject *who,
				  const struct matches *m,
				  struct admin_erase_result *extra,
				  struct mp_error *err)
{
	char *key = NULL;
	enum mp_status s = adm_subject_key(st, who, &key, err);

	if (s == MP_OK)
		s = adm_similar(st, who, m, &extra->similar, &extra->n_similar,
				err);
	if (s == MP_OK)
		s = adm_settings_holding(st, who, &extra->settings,
					 &extra->n_settings, err);
	if (s == MP_OK && key)
		fprintf(f,
			"\nA signing key is held for you (made %s); its "
			"secret half is sealed\nunder your own signing "
			"passphrase.\n",
			key);
	else if (s == MP_OK)
		fprintf(f, "\nNo signing key is held for you.\n");
	free(key);
	if (s != MP_OK)
		return s;
	export_list(f, "Settings holding your address:", extra->settings,
		    extra->n_settings);
	export_list(f,
		    "Agreements naming someone of the same name under another "
		    "address or none;\nthey may or may not be about you and "
		    "are not shown:",
		    extra->similar, extra->n_similar);
	return MP_OK;
}

static enum mp_status export_all(FILE *f, struct store *st,
				 const struct subject *who,
				 const struct matches *m, struct mp_error *err)
{
	struct admin_erase_result extra = {0};
	char now[32];
	enum mp_status s = MP_OK;
	char *shown = uc_reveal(who->text);

	ag_now(now);
	fprintf(f, "Personal data held about %s\nin %s, as of %s\n",
		shown ? shown : who->text, store_path(st), now);
	free(shown);
	fprintf(f, "\n%zu agreement version%s name%s you.\n", m->n,
		m->n == 1 ? "" : "s", m->n == 1 ? "s" : "");
	for (size_t i = 0; i < m->n && s == MP_OK; i++)
		s = export_version(f, st, &m->v[i].e,
				   i + 1 == m->n ||
				       strcmp(m->v[i + 1].e.id, m->v[i].e.id),
				   err);
	if (s == MP_OK)
		s = export_rest(f, st, who, m, &extra, err);
	admin_erase_result_free(&extra);
	return s;
}

/* MP_OK when who has a signing key, though no agreement names them. */
static enum mp_status key_or_nothing(struct store *st,
				     const struct subject *who,
				     struct mp_error *err)
{
	char *key = NULL;
	enum mp_status s = adm_subject_key(st, who, &key, err);

	if (s == MP_OK && !key)
		s = adm_nothing_named(who, err);
	free(key);
	return s;
}

enum mp_status admin_subject_export(struct store *st, const char *subject,
				    char **text_out, struct mp_error *err)
{
	struct subject who;
	struct matches m = {0};
	size_t len = 0;
	FILE *f;
	int bad;
	enum mp_status s = adm_subject_parse(subject, &who, err);

	*text_out = NULL;
	if (s == MP_OK)
		s = adm_find_subject(st, &who, &m, err);
	if (s == MP_OK && m.n == 0)
		s = key_or_nothing(st, &who, err);
	if (s != MP_OK) {
		adm_matches_free(&m);
		return s;
	}
	if (!(f = open_memstream(text_out, &len))) {
		adm_matches_free(&m);
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	s = export_all(f, st, &who, &m, err);
	bad = ferror(f);
	if ((fclose(f) != 0 || bad) && s == MP_OK)
		s = mp_error_set(err, MP_ERR_NOMEM, NULL);
	adm_matches_free(&m);
	if (s != MP_OK) {
		free(*text_out);
		*text_out = NULL;
	}
	return s;
}
