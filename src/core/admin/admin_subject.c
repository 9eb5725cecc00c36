/*
 * admin_subject.c - a data subject (an email address, or the name of
 * parties recorded without one) and where the store names them: the
 * agreement versions, agreements naming someone of the same name,
 * settings holding their address, their signing key.  Erasing them
 * (admin_erase.c) and their export (admin_export.c) start here.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_internal.h"

enum mp_status adm_subject_parse(const char *in, struct subject *who,
				 struct mp_error *err)
{
	size_t n = 0;

	for (; *in == ' ' || *in == '\t'; in++)
		;
	for (; *in && n + 1 < sizeof(who->text); in++) {
		int space = *in == ' ' || *in == '\t';
		if (space && (n == 0 || who->text[n - 1] == ' '))
			continue;
		who->text[n++] = space ? ' ' : *in;
	}
	while (n && who->text[n - 1] == ' ')
		n--;
	who->text[n] = '\0';
	who->email = strchr(who->text, '@') != NULL;
	if (n == 0 || *in)
		return mp_error_set(
		    err, MP_ERR_INVALID,
		    "say whose data: an email address, or the "
		    "full name of someone recorded without one");
	return MP_OK;
}

/* Where a party is the subject: by address, or by name and no address. */
#define NAMED_BY_EMAIL(role) role "_email = ?1 COLLATE NOCASE"
#define NAMED_BY_NAME(role)                                                    \
	"coalesce(" role "_email, '') = '' AND " role                          \
	"_name = ?1 COLLATE NOCASE"
#define MATCH_ROLE(role, n, cond)                                              \
	"SELECT id, version, scheme, status, kept_until, " n ", " role         \
	"_name FROM agreements WHERE " cond

static const char *const match_sql[2] = {
    MATCH_ROLE("mentor", "0", NAMED_BY_NAME("mentor")) " UNION ALL " MATCH_ROLE(
	"mentee", "1", NAMED_BY_NAME("mentee")) " ORDER BY 1, 2",
    MATCH_ROLE(
	"mentor", "0",
	NAMED_BY_EMAIL(
	    "mentor")) " UNION ALL " MATCH_ROLE("mentee", "1",
						NAMED_BY_EMAIL(
						    "mentee")) " ORDER BY 1, 2",
};

void adm_matches_free(struct matches *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].e.scheme);
		free(m->v[i].e.status);
		free(m->v[i].e.kept_until);
		free(m->v[i].name);
	}
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

static int add_match(void *ctx, sqlite3_stmt *q)
{
	struct matches *m = ctx;
	struct match *v;

	if (m->n && strcmp(m->v[m->n - 1].e.id, adm_text(q, 0)) == 0 &&
	    m->v[m->n - 1].e.version == sqlite3_column_int(q, 1))
		return 0; /* both parties of one version: once is enough */
	if (!(v = APPEND(m->v, m->n)))
		return -1;
	snprintf(v->e.id, sizeof(v->e.id), "%s", adm_text(q, 0));
	v->e.version = sqlite3_column_int(q, 1);
	v->e.role = sqlite3_column_int(q, 5) ? AG_MENTEE : AG_MENTOR;
	v->e.scheme = adm_dup_or_null(adm_text(q, 2));
	v->e.status = adm_dup_or_null(adm_text(q, 3));
	v->e.kept_until = adm_dup_or_null(adm_text(q, 4));
	v->name = adm_dup_or_null(adm_text(q, 6));
	return v->e.scheme && v->e.status ? 0 : -1;
}

enum mp_status adm_find_subject(struct store *st, const struct subject *who,
				struct matches *m, struct mp_error *err)
{
	const char *p[] = {who->text};

	return adm_each_row(st, match_sql[who->email], 1, p, add_match, m,
			    "finding the person's records", err);
}

enum mp_status adm_nothing_named(const struct subject *who,
				 struct mp_error *err)
{
	return mp_error_set(err, MP_ERR_NOT_FOUND,
			    who->email ? "no agreement in this store names "
					 "anyone with the address %s"
				       : "no agreement in this store names "
					 "'%s' without an email address",
			    who->text);
}

/* A list of strings: where it is kept. */
struct strings {
	char ***v;
	size_t *n;
};

/* Add the first column to a list of strings, once. */
static int add_distinct(void *ctx, sqlite3_stmt *q)
{
	struct strings *l = ctx;
	char **slot;

	for (size_t i = 0; i < *l->n; i++)
		if (strcmp((*l->v)[i], adm_text(q, 0)) == 0)
			return 0;
	if (!(slot = APPEND(*l->v, *l->n)))
		return -1;
	return (*slot = strdup(adm_text(q, 0))) ? 0 : -1;
}

enum mp_status adm_similar(struct store *st, const struct subject *who,
			   const struct matches *m, char ***ids, size_t *n,
			   struct mp_error *err)
{
	struct strings l = {ids, n};
	enum mp_status s = MP_OK;

	for (size_t i = 0; i < m->n && s == MP_OK; i++) {
		const char *p[] = {m->v[i].name, who->email ? who->text : ""};
		if (m->v[i].name)
			s = adm_each_row(
			    st,
			    "SELECT DISTINCT id FROM agreements WHERE"
			    " (mentor_name = ?1 COLLATE NOCASE AND"
			    " coalesce(mentor_email, '') <> ?2 COLLATE NOCASE)"
			    " OR (mentee_name = ?1 COLLATE NOCASE AND"
			    " coalesce(mentee_email, '') <> ?2 COLLATE NOCASE)"
			    " ORDER BY 1",
			    2, p, add_distinct, &l, "reading the store", err);
	}
	return s;
}

enum mp_status adm_settings_holding(struct store *st, const struct subject *who,
				    char ***keys, size_t *n,
				    struct mp_error *err)
{
	struct strings l = {keys, n};
	const char *p[] = {who->text};

	if (!who->email)
		return MP_OK;
	return adm_each_row(
	    st,
	    "SELECT key FROM settings WHERE value = ?1 COLLATE"
	    " NOCASE AND key NOT LIKE 'internal.%' ORDER BY key",
	    1, p, add_distinct, &l, "reading the settings", err);
}

void adm_subject_key_name(const struct subject *who, char *buf, size_t size)
{
	size_t n =
	    (size_t)snprintf(buf, size, "%s:", who->email ? "email" : "name");

	for (const char *c = who->text; *c && n + 1 < size; c++)
		buf[n++] = (char)tolower((unsigned char)*c);
	buf[n] = '\0';
}

enum mp_status adm_subject_key(struct store *st, const struct subject *who,
			       char **created, struct mp_error *err)
{
	char key[sizeof(who->text) + 8];
	const char *p[] = {key};

	*created = NULL;
	adm_subject_key_name(who, key, sizeof(key));
	return adm_each_row(
	    st, "SELECT created FROM signing_keys WHERE person = ?1", 1, p,
	    adm_first_text, created, "reading signing keys", err);
}
