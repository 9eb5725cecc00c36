/*
 * admin_settings.c - the store's settings (admin.h): their keys, checking
 * and normalising their values, listing, setting and removing them, in
 * the audit trail; a retention change recomputes keep-until dates
 * (admin_retention.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_internal.h"
#include "mentorpact/audit.h"

#define SCHEME_MAX 64

static const struct {
	const char *prefix;
	enum admin_setting_kind kind;
} setting_kinds[] = {
    {"return-address.", ADMIN_RETURN_ADDRESS},
    {"retention.", ADMIN_RETENTION},
};

static int scheme_id_ok(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= SCHEME_MAX && *s >= 'a' && *s <= 'z' &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

enum mp_status admin_setting_parse(const char *key,
				   enum admin_setting_kind *kind,
				   const char **scheme, struct mp_error *err)
{
	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(setting_kinds[i].prefix);
		if (strncmp(key, setting_kinds[i].prefix, n) != 0)
			continue;
		if (!scheme_id_ok(key + n))
			return mp_error_set(err, MP_ERR_INVALID,
					    "'%s' is not a scheme id (ids look "
					    "like img-peer; 'mentorpact "
					    "templates list' shows them)",
					    key + n);
		*kind = setting_kinds[i].kind;
		*scheme = key + n;
		return MP_OK;
	}
	return mp_error_set(err, MP_ERR_INVALID,
			    "there is no setting '%s'; the settings are "
			    "return-address.SCHEME (an email address) and "
			    "retention.SCHEME (a duration such as '1 year')",
			    key);
}

/* The normal form of value for a setting of kind (malloc'd). */
static enum mp_status check_value(enum admin_setting_kind kind,
				  const char *value, char **out,
				  struct mp_error *err)
{
	struct tpl_field email = {.id = "return address",
				  .label = "Return address",
				  .type = TPL_EMAIL,
				  .required = true,
				  .max_length = TPL_TEXT_MAX};
	struct tpl_duration d;
	char buf[64];

	*out = NULL;
	if (kind == ADMIN_RETURN_ADDRESS)
		return template_value_check(&email, value, out, err);
	if (agreement_retention_parse(value, &d, err) != MP_OK)
		return MP_ERR_INVALID;
	template_duration_format(&d, buf, sizeof(buf));
	return (*out = strdup(buf)) ? MP_OK
				    : mp_error_set(err, MP_ERR_NOMEM, NULL);
}

enum mp_status admin_setting_get(struct store *st, const char *key,
				 char **value, struct mp_error *err)
{
	return store_setting_get(st, key, value, err);
}

struct setting_ctx {
	void (*each)(void *ctx, const char *key, const char *value);
	void *ctx;
};

static int pass_setting(void *ctx, sqlite3_stmt *q)
{
	struct setting_ctx *c = ctx;

	c->each(c->ctx, adm_text(q, 0), adm_text(q, 1));
	return 0;
}

enum mp_status admin_settings_list(struct store *st,
				   void (*each)(void *ctx, const char *key,
						const char *value),
				   void *ctx, struct mp_error *err)
{
	struct setting_ctx c = {each, ctx};

	return adm_each_row(st,
			    "SELECT key, value FROM settings WHERE key"
			    " NOT LIKE 'internal.%' ORDER BY key",
			    0, NULL, pass_setting, &c, "reading the settings",
			    err);
}

enum mp_status admin_scheme_in_store(struct store *st, const char *scheme,
				     bool *found, struct mp_error *err)
{
	const char *p[] = {scheme};
	long n = 0;
	enum mp_status s =
	    adm_query_long(st,
			   "SELECT EXISTS(SELECT 1 FROM templates"
			   " WHERE scheme = ?1)",
			   1, p, &n, err);

	*found = n != 0;
	return s;
}

enum mp_status admin_return_address(struct store *st, const char *scheme,
				    char **address, struct mp_error *err)
{
	char key[sizeof("return-address.") + SCHEME_MAX];

	*address = NULL;
	snprintf(key, sizeof(key), "return-address.%s", scheme);
	return admin_setting_get(st, key, address, err);
}

/* Write (value) or remove (NULL) a setting, audited, with what follows. */
static enum mp_status change_setting(struct store *st, const char *key,
				     const char *value, long *recomputed,
				     struct mp_error *err)
{
	enum admin_setting_kind kind;
	const char *scheme, *p[] = {key, value};
	long ignored;
	enum mp_status s = admin_setting_parse(key, &kind, &scheme, err);

	recomputed = recomputed ? recomputed : &ignored;
	*recomputed = 0;
	if (s != MP_OK || (s = store_begin(st, err)) != MP_OK)
		return s;
	s = ag_exec(st, "saving the setting",
		    value ? "INSERT OR REPLACE INTO settings(key, value)"
			    " VALUES(?1, ?2)"
			  : "DELETE FROM settings WHERE key = ?1",
		    value ? 2 : 1, p, err);
	if (s == MP_OK && !value && sqlite3_changes(store_db(st)) == 0)
		s = mp_error_set(err, MP_ERR_NOT_FOUND,
				 "%s is not set; 'mentorpact settings' lists "
				 "what is",
				 key);
	if (s == MP_OK)
		s = audit_append(st, NULL, 0, ADMIN_ACTOR,
				 value ? "setting changed" : "setting removed",
				 key, err);
	if (s == MP_OK && kind == ADMIN_RETENTION)
		s = adm_recompute_kept(st, scheme, recomputed, err);
	if (s == MP_OK)
		return store_commit(st, err);
	store_rollback(st);
	*recomputed = 0;
	return s;
}

enum mp_status admin_setting_set(struct store *st, const char *key,
				 const char *value, long *recomputed,
				 struct mp_error *err)
{
	enum admin_setting_kind kind;
	const char *scheme;
	char *norm = NULL;
	enum mp_status s = admin_setting_parse(key, &kind, &scheme, err);

	if (s == MP_OK)
		s = check_value(kind, value, &norm, err);
	if (s == MP_OK)
		s = change_setting(st, key, norm, recomputed, err);
	free(norm);
	return s;
}

enum mp_status admin_setting_unset(struct store *st, const char *key,
				   long *recomputed, struct mp_error *err)
{
	return change_setting(st, key, NULL, recomputed, err);
}
