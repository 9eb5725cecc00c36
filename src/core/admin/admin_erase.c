/*
 * admin_erase.c - erasing a data subject (admin.h): the versions naming
 * them (those signed by both kept when asked), their signing key, and
 * what the register of signers holds of them, planned first and, unless
 * it is a dry run, deleted as agreement_admin.c describes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_internal.h"
#include "mentorpact/audit.h"
#include "mentorpact/signers.h"

void admin_erase_result_free(struct admin_erase_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->count; i++) {
		free(r->items[i].scheme);
		free(r->items[i].status);
		free(r->items[i].kept_until);
	}
	free(r->items);
	for (size_t i = 0; i < r->n_similar; i++)
		free(r->similar[i]);
	free(r->similar);
	for (size_t i = 0; i < r->n_settings; i++)
		free(r->settings[i]);
	free(r->settings);
	memset(r, 0, sizeof(*r));
}

static bool signed_by_both(const char *status)
{
	return strcmp(status, "active") == 0 || strcmp(status, "ended") == 0;
}

/* Move the matches into out, deciding which are kept. */
static enum mp_status take_matches(struct matches *m, bool keep_signed,
				   struct admin_erase_result *out,
				   struct mp_error *err)
{
	out->items = calloc(m->n ? m->n : 1, sizeof(*out->items));
	if (!out->items)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	for (size_t i = 0; i < m->n; i++) {
		out->items[i] = m->v[i].e;
		out->items[i].kept =
		    keep_signed && signed_by_both(m->v[i].e.status);
		m->v[i].e.scheme = m->v[i].e.status = NULL;
		m->v[i].e.kept_until = NULL;
		if (!out->items[i].kept) {
			free(out->items[i].kept_until);
			out->items[i].kept_until = NULL;
		}
	}
	out->count = m->n;
	return MP_OK;
}

/* Inside the caller's transaction: the audit entry of one agreement
 * whose versions from..to of out->items were erased. */
static enum mp_status erase_audit(struct store *st,
				  struct admin_erase_result *out, size_t from,
				  size_t to, struct mp_error *err)
{
	const struct admin_erased *e = &out->items[from];
	const char *p[] = {e->id};
	char detail[160];
	int64_t redacted = 0;
	long left = 0;
	int deleted = 0;
	enum mp_status s = adm_query_long(st,
					  "SELECT count(*) FROM agreements"
					  " WHERE id = ?1",
					  1, p, &left, err);

	for (size_t i = from; i < to; i++)
		deleted += !out->items[i].kept;
	if (s != MP_OK || deleted == 0)
		return s;
	if (left == 0)
		s = audit_redact(st, e->id, &redacted, err);
	out->audit_redacted += (long)redacted;
	snprintf(detail, sizeof(detail), "scheme %s; %d version%s deleted",
		 e->scheme, deleted, deleted == 1 ? "" : "s");
	if (s == MP_OK)
		s = audit_append(
		    st, e->id, out->items[to - 1].version, ADMIN_ACTOR,
		    left ? "erased in part" : "erased", detail, err);
	return s;
}

static enum mp_status erase_versions(struct store *st,
				     struct admin_erase_result *out,
				     struct mp_error *err)
{
	enum mp_status s = MP_OK;
	size_t from = 0;

	for (size_t i = 0; i < out->count && s == MP_OK; i++) {
		const struct admin_erased *e = &out->items[i];
		char version[16];
		const char *p[] = {e->id, version};
		snprintf(version, sizeof(version), "%d", e->version);
		if (!e->kept)
			s = ag_exec(st, "erasing",
				    "DELETE FROM agreements WHERE id = ?1"
				    " AND version = ?2",
				    2, p, err);
		if (s == MP_OK && (i + 1 == out->count ||
				   strcmp(out->items[i + 1].id, e->id) != 0)) {
			s = erase_audit(st, out, from, i + 1, err);
			from = i + 1;
		}
	}
	return s;
}

/* Inside the caller's transaction: the deletions out describes. */
static enum mp_status erase_apply(struct store *st, const struct subject *who,
				  struct admin_erase_result *out,
				  struct mp_error *err)
{
	const char *none[] = {""}; /* no agreement is purgeable before "" */
	char key[sizeof(who->text) + 8];
	const char *p[] = {key};
	enum mp_status s = adm_records_erase(st, out, false, err);

	if (s == MP_OK)
		s = erase_versions(st, out, err);

	adm_subject_key_name(who, key, sizeof(key));
	if (s == MP_OK)
		s = ag_exec(st, "erasing",
			    "DELETE FROM signing_keys WHERE person = ?1", 1, p,
			    err);
	/* The register forgets their email and name but keeps their key
	 * under their identity's hash: nobody may sign as them again here
	 * with a new key. */
	if (s == MP_OK)
		s = signers_erase(st, who->email ? who->text : NULL,
				  who->email ? NULL : who->text,
				  &out->keys_marked, err);
	if (s == MP_OK)
		s = adm_query_long(st, "SELECT count(*) " ORPHAN_KEYS, 1, none,
				   &out->keys_orphaned, err);
	if (s == MP_OK)
		s = ag_exec(st, "erasing", "DELETE " ORPHAN_KEYS, 1, none, err);
	if (s == MP_OK)
		s = signers_forget_unnamed(st, err);
	if (s == MP_OK)
		s = agreement_search_sync(st, err);
	return s;
}

/* Find and describe everything erase would do, changing nothing. */
static enum mp_status erase_plan(struct store *st, const struct subject *who,
				 bool keep_signed,
				 struct admin_erase_result *out,
				 struct mp_error *err)
{
	struct matches m = {0};
	char *key = NULL;
	enum mp_status s = adm_find_subject(st, who, &m, err);

	if (s == MP_OK)
		s = adm_similar(st, who, &m, &out->similar, &out->n_similar,
				err);
	if (s == MP_OK)
		s = adm_settings_holding(st, who, &out->settings,
					 &out->n_settings, err);
	if (s == MP_OK)
		s = adm_subject_key(st, who, &key, err);
	out->key_removed = key != NULL;
	free(key);
	if (s == MP_OK)
		s = take_matches(&m, keep_signed, out, err);
	adm_matches_free(&m);
	if (s == MP_OK)
		s = adm_records_erase(st, out, true, err);
	if (s == MP_OK && out->count == 0 && !out->key_removed)
		s = adm_nothing_named(who, err);
	return s;
}

enum mp_status admin_erase(struct store *st, const char *subject,
			   bool keep_signed, bool dry_run,
			   struct admin_erase_result *out, struct mp_error *err)
{
	struct subject who;
	enum mp_status s;

	memset(out, 0, sizeof(*out));
	if ((s = adm_subject_parse(subject, &who, err)) != MP_OK)
		return s;
	if (!dry_run && (s = store_begin(st, err)) != MP_OK)
		return s;
	s = erase_plan(st, &who, keep_signed, out, err);
	if (dry_run)
		return s;
	if (s == MP_OK)
		s = erase_apply(st, &who, out, err);
	return adm_finish_deletion(st, s, &out->done, err);
}
