/*
 * agreement_admin.c - what the scheme administrator does to the store as
 * a whole: settings and retention, purge, a data subject's export and
 * erasure, and the report.  See admin.h.
 *
 * Deleting personal data takes three steps, each needed, all in the one
 * transaction of the deletion (so a crash leaves the old state or the
 * new, and memory stays that of SQLite's page cache):
 *  1. DELETE with PRAGMA secure_delete on, which zeroes the cells and
 *     pages SQLite frees;
 *  2. the search words of what went, which agreement_search_sync drops;
 *  3. the unallocated space of every page written, where SQLite leaves
 *     stale copies of cells that moved to other pages when it rebuilds a
 *     page while balancing (btree.c rebuildPage does not clear it) and
 *     which secure_delete never reaches: the store's VFS zeroes it, with
 *     the bodies of free blocks, in every b-tree page it writes (vfs.c
 *     scrub_page), so no page on disk holds such a copy.
 * A store whose pages were written before the VFS did so owes one
 * in-place VACUUM ("scrub": every page rewritten from live content, same
 * file and file id; with temp_store=MEMORY its copy lives in memory):
 * the upgrade to schema 6 notes the debt in a setting and the next
 * purge, erase or delete pays it; a failed VACUUM (a full disk, say)
 * stays owed.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_internal.h"
#include "mentorpact/admin.h"
#include "mentorpact/audit.h"
#include "mentorpact/signers.h"
#include "mentorpact/unicode.h"

#define SCRUB_KEY  "internal.scrub-pending"
#define SCHEME_MAX 64

static const char *const actor = "administrator";

/* --- small helpers -------------------------------------------------------- */

static enum mp_status prepare(struct store *st, const char *sql,
			      sqlite3_stmt **q, const char *what,
			      struct mp_error *err)
{
	int rc = sqlite3_prepare_v2(store_db(st), sql, -1, q, NULL);

	return rc == SQLITE_OK ? MP_OK : store_sqlite_error(st, rc, what, err);
}

/* Finalize q after its rows ran out (rc SQLITE_DONE) or failed. */
static enum mp_status finish_rows(struct store *st, sqlite3_stmt *q, int rc,
				  const char *what, struct mp_error *err)
{
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? MP_OK
				 : store_sqlite_error(st, rc, what, err);
}

static const char *text(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void today_or(const char *today, char buf[11])
{
	if (today)
		snprintf(buf, 11, "%s", today);
	else
		ag_today(buf);
}

/* Run sql with n text parameters, handing each row to row(ctx, q), which
 * returns non-zero when it runs out of memory. */
static enum mp_status each_row(struct store *st, const char *sql, int n,
			       const char *const *params,
			       int (*row)(void *ctx, sqlite3_stmt *q),
			       void *ctx, const char *what,
			       struct mp_error *err)
{
	sqlite3_stmt *q;
	enum mp_status s = prepare(st, sql, &q, what, err);
	int rc;

	if (s != MP_OK)
		return s;
	for (int i = 0; i < n; i++)
		sqlite3_bind_text(q, i + 1, params[i], -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (row(ctx, q) != 0) {
			sqlite3_finalize(q);
			return mp_error_set(err, MP_ERR_NOMEM, NULL);
		}
	return finish_rows(st, q, rc, what, err);
}

static int first_long(void *ctx, sqlite3_stmt *q)
{
	*(long *)ctx = (long)sqlite3_column_int64(q, 0);
	return 0;
}

static int first_text(void *ctx, sqlite3_stmt *q)
{
	char **out = ctx;

	free(*out);
	*out = strdup(text(q, 0));
	return *out ? 0 : -1;
}

/* One integer from a query with text parameters (0 when no row). */
static enum mp_status query_long(struct store *st, const char *sql, int n,
				 const char *const *params, long *out,
				 struct mp_error *err)
{
	*out = 0;
	return each_row(st, sql, n, params, first_long, out,
			"reading the store", err);
}

/*
 * Add one zeroed item to the array that where points to (*n items of size
 * bytes) and count it: the new item, or NULL when out of memory (the
 * array is then as it was).  Use it as APPEND(array, n).
 */
static void *append(void *where, size_t *n, size_t size)
{
	char *old, *p;

	memcpy(&old, where, sizeof(old));
	if (!(p = realloc(old, (*n + 1) * size)))
		return NULL;
	memcpy(where, &p, sizeof(p));
	memset(p + *n * size, 0, size);
	return p + (*n)++ * size;
}

#define APPEND(array, n) append(&(array), &(n), sizeof(*(array)))

/* --- settings ------------------------------------------------------------- */

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

	c->each(c->ctx, text(q, 0), text(q, 1));
	return 0;
}

enum mp_status admin_settings_list(struct store *st,
				   void (*each)(void *ctx, const char *key,
						const char *value),
				   void *ctx, struct mp_error *err)
{
	struct setting_ctx c = {each, ctx};

	return each_row(st,
			"SELECT key, value FROM settings WHERE key"
			" NOT LIKE 'internal.%' ORDER BY key",
			0, NULL, pass_setting, &c, "reading the settings", err);
}

enum mp_status admin_scheme_in_store(struct store *st, const char *scheme,
				     bool *found, struct mp_error *err)
{
	const char *p[] = {scheme};
	long n = 0;
	enum mp_status s = query_long(st,
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


/* --- recomputing keep-until dates after a retention change ---------------- */

struct ended_row {
	sqlite3_int64 rowid;
	char ended[11], hash[TPL_HASH_HEX + 1], kept[11];
};

struct ended_rows {
	struct ended_row *v;
	size_t n;
};

static int add_ended(void *ctx, sqlite3_stmt *q)
{
	struct ended_rows *rows = ctx;
	struct ended_row *r = APPEND(rows->v, rows->n);

	if (!r)
		return -1;
	r->rowid = sqlite3_column_int64(q, 0);
	snprintf(r->ended, sizeof(r->ended), "%s", text(q, 1));
	snprintf(r->hash, sizeof(r->hash), "%s", text(q, 2));
	snprintf(r->kept, sizeof(r->kept), "%s", text(q, 3));
	return 0;
}

/* Every ended version of scheme, ordered by template. */
static enum mp_status ended_rows(struct store *st, const char *scheme,
				 struct ended_rows *rows, struct mp_error *err)
{
	const char *p[] = {scheme};

	rows->v = NULL;
	rows->n = 0;
	return each_row(st,
			"SELECT rowid, ended, template_hash,"
			" coalesce(kept_until, '') FROM agreements"
			" WHERE scheme = ?1 AND ended IS NOT NULL"
			" ORDER BY template_hash",
			1, p, add_ended, rows, "reading ended agreements", err);
}

/* The stored template copy with this hash. */
static enum mp_status stored_template(struct store *st, const char *hash,
				      struct template **tpl,
				      struct mp_error *err)
{
	sqlite3_stmt *q;
	enum mp_status s = prepare(st,
				   "SELECT canonical FROM templates"
				   " WHERE hash = ?1",
				   &q, "reading a template", err);
	int rc;

	*tpl = NULL;
	if (s != MP_OK)
		return s;
	sqlite3_bind_text(q, 1, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		s = template_load_buffer("stored template", text(q, 0),
					 (size_t)sqlite3_column_bytes(q, 0),
					 tpl, NULL, err);
	else if (rc == SQLITE_DONE)
		s = mp_error_set(err, MP_ERR_DAMAGED,
				 "a template copy is missing from the store");
	else
		s = store_sqlite_error(st, rc, "reading a template", err);
	sqlite3_finalize(q);
	return s;
}

static enum mp_status set_kept(struct store *st, const struct ended_row *r,
			       const char *kept, struct mp_error *err)
{
	char rowid[24];
	const char *p[] = {*kept ? kept : NULL, rowid};

	snprintf(rowid, sizeof(rowid), "%lld", (long long)r->rowid);
	return ag_exec(st, "recomputing keep-until dates",
		       "UPDATE agreements SET kept_until = ?1 WHERE rowid = ?2",
		       2, p, err);
}

/* Inside the caller's transaction: the keep-until date of every ended
 * version of scheme, from its end date and the retention now in force. */
static enum mp_status recompute_kept(struct store *st, const char *scheme,
				     long *count, struct mp_error *err)
{
	struct ended_rows all;
	struct ended_row *rows;
	struct template *tpl = NULL;
	char kept[11];
	enum mp_status s = ended_rows(st, scheme, &all, err);

	*count = 0;
	rows = all.v;
	for (size_t i = 0; i < all.n && s == MP_OK; i++) {
		if (i == 0 || strcmp(rows[i].hash, rows[i - 1].hash) != 0) {
			template_free(tpl);
			s = stored_template(st, rows[i].hash, &tpl, err);
		}
		if (s == MP_OK)
			s = agreement_kept_until(st, tpl, rows[i].ended, kept, err);
		if (s == MP_OK && strcmp(kept, rows[i].kept) != 0) {
			s = set_kept(st, &rows[i], kept, err);
			(*count)++;
		}
	}
	template_free(tpl);
	free(rows);
	return s;
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
		s = audit_append(st, NULL, 0, actor,
				 value ? "setting changed" : "setting removed",
				 key, err);
	if (s == MP_OK && kind == ADMIN_RETENTION)
		s = recompute_kept(st, scheme, recomputed, err);
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

/* --- scrubbing: rewriting the store in place ------------------------------ */

/* VACUUM in place, then clear the debt.  Outside any transaction. */
static enum mp_status scrub(struct store *st, struct mp_error *err)
{
	const char *p[] = {SCRUB_KEY};
	struct mp_error why;
	int rc = sqlite3_exec(store_db(st), "VACUUM", NULL, NULL, NULL);

	if (rc != SQLITE_OK) {
		store_sqlite_error(st, rc, "rewriting the store", &why);
		return mp_error_set(err, why.status,
				    "the records were deleted, but rewriting "
				    "the store to clear the space they used "
				    "failed: %s; run 'mentorpact purge' again "
				    "to finish",
				    why.message);
	}
	return ag_exec(st, "rewriting the store",
		       "DELETE FROM settings WHERE key = ?1", 1, p, err);
}

enum mp_status admin_scrub(struct store *st, struct mp_error *err)
{
	enum mp_status s = agreement_search_sync(st, err);

	return s == MP_OK ? scrub(st, err) : s;
}

static enum mp_status scrub_if_owed(struct store *st, struct mp_error *err)
{
	char *owed = NULL;
	enum mp_status s = admin_setting_get(st, SCRUB_KEY, &owed, err);

	if (s == MP_OK && owed)
		s = scrub(st, err);
	free(owed);
	return s;
}

/* End a deletion's transaction: commit it when s is MP_OK (then *done,
 * and the store is scrubbed when it owes it), else roll it back. */
static enum mp_status finish_deletion(struct store *st, enum mp_status s,
				      bool *done, struct mp_error *err)
{
	if (s == MP_OK)
		s = store_commit(st, err);
	else
		store_rollback(st);
	*done = s == MP_OK;
	return s == MP_OK ? scrub_if_owed(st, err) : s;
}

/* --- purge ---------------------------------------------------------------- */

/* clang-format off */
/* The signing-key name of a party, as agreement_sign.c forms it: its
 * email address in lower case, else its name. */
#define PERSON(role)                                                           \
	"CASE WHEN coalesce(" role "_email, '') <> ''"                         \
	" THEN 'email:' || lower(" role "_email)"                              \
	" ELSE 'name:' || lower(coalesce(" role "_name, '')) END"

/* Agreements whose newest version's keep-until date is before ?1. */
#define PURGEABLE                                                              \
	"SELECT id FROM agreements WHERE latest = 1 AND kept_until < ?1"

/* The people named by an agreement that stays. */
#define STAYING                                                                \
	"SELECT " PERSON("mentor") " FROM agreements"                         \
	" WHERE id NOT IN (" PURGEABLE ") UNION"                               \
	" SELECT " PERSON("mentee") " FROM agreements"                        \
	" WHERE id NOT IN (" PURGEABLE ")"

/* Signing keys of nobody named by an agreement that stays. */
#define ORPHAN_KEYS "FROM signing_keys WHERE person NOT IN (" STAYING ")"
/* clang-format on */

void admin_purge_result_free(struct admin_purge_result *r)
{
	for (size_t i = 0; r && i < r->count; i++) {
		free(r->items[i].scheme);
		free(r->items[i].status);
		free(r->items[i].created);
		free(r->items[i].ended);
		free(r->items[i].kept_until);
	}
	if (r)
		free(r->items);
}

/* Fill g from a row of id, versions, scheme, status, created, ended,
 * kept_until, version. */
static int read_gone(sqlite3_stmt *q, struct admin_gone *g)
{
	snprintf(g->id, sizeof(g->id), "%s", text(q, 0));
	g->versions = sqlite3_column_int(q, 1);
	g->version = sqlite3_column_int(q, 7);
	g->scheme = dup_or_null(text(q, 2));
	g->status = dup_or_null(text(q, 3));
	g->created = dup_or_null(text(q, 4));
	g->ended = dup_or_null(text(q, 5));
	g->kept_until = dup_or_null(text(q, 6));
	return g->scheme && g->status && g->created ? 0 : -1;
}

static int add_gone(void *ctx, sqlite3_stmt *q)
{
	struct admin_purge_result *out = ctx;
	struct admin_gone *g = APPEND(out->items, out->count);

	return g ? read_gone(q, g) : -1;
}

static enum mp_status purge_list(struct store *st, const char *today,
				 struct admin_purge_result *out,
				 struct mp_error *err)
{
	const char *p[] = {today};

	return each_row(
	    st,
	    "SELECT a.id, (SELECT count(*) FROM agreements b"
	    " WHERE b.id = a.id), a.scheme, a.status, a.created, a.ended,"
	    " a.kept_until, a.version FROM agreements a WHERE a.latest = 1"
	    " AND a.kept_until < ?1 ORDER BY a.kept_until, a.id",
	    1, p, add_gone, out, "finding what to purge", err);
}

/* Delete every version of g's agreement and leave its tombstone. */
static enum mp_status purge_one(struct store *st, const struct admin_gone *g,
				struct mp_error *err)
{
	const char *p[] = {g->id};
	char detail[256];
	int64_t redacted;
	enum mp_status s = ag_exec(
	    st, "purging", "DELETE FROM agreements WHERE id = ?1", 1, p, err);

	snprintf(detail, sizeof(detail),
		 "scheme %s; created %.10s; ended %s; kept until %s", g->scheme,
		 g->created, g->ended ? g->ended : "-",
		 g->kept_until ? g->kept_until : "-");
	if (s == MP_OK)
		s = audit_redact(st, g->id, &redacted, err);
	if (s == MP_OK)
		s = audit_append(st, g->id, g->version, actor, "purged", detail,
				 err);
	return s;
}

/* Inside the caller's transaction: delete what out lists, then the keys
 * of people left with no agreement, then their search words. */
static enum mp_status purge_apply(struct store *st, const char *today,
				  const struct admin_purge_result *out,
				  struct mp_error *err)
{
	const char *p[] = {today};
	enum mp_status s = MP_OK;

	for (size_t i = 0; i < out->count && s == MP_OK; i++)
		s = purge_one(st, &out->items[i], err);
	if (s == MP_OK)
		s = ag_exec(st, "removing signing keys", "DELETE " ORPHAN_KEYS,
			    1, p, err);
	if (s == MP_OK)
		s = signers_forget_unnamed(st, err);
	if (s == MP_OK)
		s = agreement_search_sync(st, err);
	return s;
}

enum mp_status admin_purge(struct store *st, const char *today, bool dry_run,
			   struct admin_purge_result *out, struct mp_error *err)
{
	char day[11];
	const char *p[] = {day};
	enum mp_status s = MP_OK;

	memset(out, 0, sizeof(*out));
	today_or(today, day);
	if (!dry_run && (s = store_begin(st, err)) != MP_OK)
		return s;
	s = purge_list(st, day, out, err);
	if (s == MP_OK)
		s = query_long(st, "SELECT count(*) " ORPHAN_KEYS, 1, p,
			       &out->keys_removed, err);
	if (dry_run)
		return s;
	if (s == MP_OK && (out->count || out->keys_removed))
		s = purge_apply(st, day, out, err);
	return finish_deletion(st, s, &out->done, err);
}

/* --- data subjects: who, and where they are named ------------------------- */

/* A data subject: an email address, or a name for parties without one. */
struct subject {
	char text[320];
	bool email;
};

static enum mp_status subject_parse(const char *in, struct subject *who,
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

/* A version naming the subject, and the name it gives them. */
struct match {
	struct admin_erased e;
	char *name;
};

struct matches {
	struct match *v;
	size_t n;
};

static void matches_free(struct matches *m)
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

	if (m->n && strcmp(m->v[m->n - 1].e.id, text(q, 0)) == 0 &&
	    m->v[m->n - 1].e.version == sqlite3_column_int(q, 1))
		return 0; /* both parties of one version: once is enough */
	if (!(v = APPEND(m->v, m->n)))
		return -1;
	snprintf(v->e.id, sizeof(v->e.id), "%s", text(q, 0));
	v->e.version = sqlite3_column_int(q, 1);
	v->e.role = sqlite3_column_int(q, 5) ? AG_MENTEE : AG_MENTOR;
	v->e.scheme = dup_or_null(text(q, 2));
	v->e.status = dup_or_null(text(q, 3));
	v->e.kept_until = dup_or_null(text(q, 4));
	v->name = dup_or_null(text(q, 6));
	return v->e.scheme && v->e.status ? 0 : -1;
}

/* Every version naming who, by id and version. */
static enum mp_status find_subject(struct store *st, const struct subject *who,
				   struct matches *m, struct mp_error *err)
{
	const char *p[] = {who->text};

	return each_row(st, match_sql[who->email], 1, p, add_match, m,
			"finding the person's records", err);
}

static enum mp_status nothing_named(const struct subject *who,
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
		if (strcmp((*l->v)[i], text(q, 0)) == 0)
			return 0;
	if (!(slot = APPEND(*l->v, *l->n)))
		return -1;
	return (*slot = strdup(text(q, 0))) ? 0 : -1;
}

/* Agreements naming someone of the same name under another address (or,
 * for a name, under any address): perhaps the same person. */
static enum mp_status similar(struct store *st, const struct subject *who,
			      const struct matches *m, char ***ids, size_t *n,
			      struct mp_error *err)
{
	struct strings l = {ids, n};
	enum mp_status s = MP_OK;

	for (size_t i = 0; i < m->n && s == MP_OK; i++) {
		const char *p[] = {m->v[i].name, who->email ? who->text : ""};
		if (m->v[i].name)
			s = each_row(
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

/* Settings whose value is who's address. */
static enum mp_status settings_holding(struct store *st,
				       const struct subject *who, char ***keys,
				       size_t *n, struct mp_error *err)
{
	struct strings l = {keys, n};
	const char *p[] = {who->text};

	if (!who->email)
		return MP_OK;
	return each_row(st,
			"SELECT key FROM settings WHERE value = ?1 COLLATE"
			" NOCASE AND key NOT LIKE 'internal.%' ORDER BY key",
			1, p, add_distinct, &l, "reading the settings", err);
}

/* The name of who's signing key, as agreement_sign.c forms it: "email:"
 * or "name:" and the address or name in lower case. */
static void subject_key_name(const struct subject *who, char *buf, size_t size)
{
	size_t n =
	    (size_t)snprintf(buf, size, "%s:", who->email ? "email" : "name");

	for (const char *c = who->text; *c && n + 1 < size; c++)
		buf[n++] = (char)tolower((unsigned char)*c);
	buf[n] = '\0';
}

/* When who's signing key was made, or *created NULL when there is none. */
static enum mp_status subject_key(struct store *st, const struct subject *who,
				  char **created, struct mp_error *err)
{
	char key[sizeof(who->text) + 8];
	const char *p[] = {key};

	*created = NULL;
	subject_key_name(who, key, sizeof(key));
	return each_row(st,
			"SELECT created FROM signing_keys WHERE person = ?1", 1,
			p, first_text, created, "reading signing keys", err);
}

/* --- erase ---------------------------------------------------------------- */

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
	enum mp_status s = query_long(st,
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
		s = audit_append(st, e->id, out->items[to - 1].version, actor,
				 left ? "erased in part" : "erased", detail,
				 err);
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
	enum mp_status s = erase_versions(st, out, err);

	subject_key_name(who, key, sizeof(key));
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
		s = query_long(st, "SELECT count(*) " ORPHAN_KEYS, 1, none,
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
	enum mp_status s = find_subject(st, who, &m, err);

	if (s == MP_OK)
		s = similar(st, who, &m, &out->similar, &out->n_similar, err);
	if (s == MP_OK)
		s = settings_holding(st, who, &out->settings, &out->n_settings,
				     err);
	if (s == MP_OK)
		s = subject_key(st, who, &key, err);
	out->key_removed = key != NULL;
	free(key);
	if (s == MP_OK)
		s = take_matches(&m, keep_signed, out, err);
	matches_free(&m);
	if (s == MP_OK && out->count == 0 && !out->key_removed)
		s = nothing_named(who, err);
	return s;
}

enum mp_status admin_erase(struct store *st, const char *subject,
			   bool keep_signed, bool dry_run,
			   struct admin_erase_result *out, struct mp_error *err)
{
	struct subject who;
	enum mp_status s;

	memset(out, 0, sizeof(*out));
	if ((s = subject_parse(subject, &who, err)) != MP_OK)
		return s;
	if (!dry_run && (s = store_begin(st, err)) != MP_OK)
		return s;
	s = erase_plan(st, &who, keep_signed, out, err);
	if (dry_run)
		return s;
	if (s == MP_OK)
		s = erase_apply(st, &who, out, err);
	return finish_deletion(st, s, &out->done, err);
}

/* --- subject export ------------------------------------------------------- */

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
	     strcmp(r, actor)))
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
	enum mp_status s = subject_key(st, who, &key, err);

	if (s == MP_OK)
		s = similar(st, who, m, &extra->similar, &extra->n_similar,
			    err);
	if (s == MP_OK)
		s = settings_holding(st, who, &extra->settings,
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
	enum mp_status s = subject_key(st, who, &key, err);

	if (s == MP_OK && !key)
		s = nothing_named(who, err);
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
	enum mp_status s = subject_parse(subject, &who, err);

	*text_out = NULL;
	if (s == MP_OK)
		s = find_subject(st, &who, &m, err);
	if (s == MP_OK && m.n == 0)
		s = key_or_nothing(st, &who, err);
	if (s != MP_OK) {
		matches_free(&m);
		return s;
	}
	if (!(f = open_memstream(text_out, &len))) {
		matches_free(&m);
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	s = export_all(f, st, &who, &m, err);
	bad = ferror(f);
	if ((fclose(f) != 0 || bad) && s == MP_OK)
		s = mp_error_set(err, MP_ERR_NOMEM, NULL);
	matches_free(&m);
	if (s != MP_OK) {
		free(*text_out);
		*text_out = NULL;
	}
	return s;
}

/* --- report --------------------------------------------------------------- */

void admin_report_free(struct admin_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_schemes; i++)
		free(r->schemes[i].scheme);
	free(r->schemes);
	free(r->months);
	memset(r, 0, sizeof(*r));
}

/* The row for scheme: the last one, or a new one (rows come sorted). */
static struct admin_scheme_counts *scheme_row(struct admin_report *r,
					      const char *scheme)
{
	struct admin_scheme_counts *c;

	if (r->n_schemes &&
	    strcmp(r->schemes[r->n_schemes - 1].scheme, scheme) == 0)
		return &r->schemes[r->n_schemes - 1];
	if (!(c = APPEND(r->schemes, r->n_schemes)))
		return NULL;
	return (c->scheme = strdup(scheme)) ? c : NULL;
}

static int add_counts(void *ctx, sqlite3_stmt *q)
{
	struct admin_report *r = ctx;
	struct admin_scheme_counts *c = scheme_row(r, text(q, 0));
	long n = (long)sqlite3_column_int64(q, 2);
	long due = (long)sqlite3_column_int64(q, 3);
	int k = agreement_status_parse(text(q, 1));

	if (!c)
		return -1;
	if (k >= 0) {
		c->by_status[k] += n;
		r->totals[k] += n;
	}
	c->overdue += due;
	r->overdue += due;
	return 0;
}

static int add_month(void *ctx, sqlite3_stmt *q)
{
	struct admin_report *r = ctx;
	struct admin_month *m = APPEND(r->months, r->n_months);

	if (!m)
		return -1;
	snprintf(m->month, sizeof(m->month), "%s", text(q, 0));
	m->count = (long)sqlite3_column_int64(q, 1);
	return 0;
}

struct days {
	double *v;
	size_t n;
};

static int add_days(void *ctx, sqlite3_stmt *q)
{
	struct days *d = ctx;
	double *day = APPEND(d->v, d->n);

	if (!day)
		return -1;
	*day = sqlite3_column_double(q, 0);
	return 0;
}

/* The median of the days from the draft to both signatures; imported
 * agreements are left out (their draft was made elsewhere). */
static enum mp_status report_median(struct store *st, struct admin_report *r,
				    struct mp_error *err)
{
	struct days d = {NULL, 0};
	enum mp_status s = each_row(
	    st,
	    "SELECT julianday(signed_on) - julianday(substr(created, 1, 10))"
	    " AS d FROM agreements WHERE signed_on IS NOT NULL"
	    " AND imported = 0 ORDER BY d",
	    0, NULL, add_days, &d, "working out the median", err);

	r->signed_samples = s == MP_OK ? (long)d.n : 0;
	if (s == MP_OK && d.n)
		r->median_days = d.n % 2
				     ? d.v[d.n / 2]
				     : (d.v[d.n / 2 - 1] + d.v[d.n / 2]) / 2;
	free(d.v);
	return s;
}

enum mp_status admin_report(struct store *st, const char *today,
			    struct admin_report *out, struct mp_error *err)
{
	const char *p[] = {out->today};
	enum mp_status s;

	memset(out, 0, sizeof(*out));
	today_or(today, out->today);
	s = each_row(st,
		     "SELECT scheme, status, count(*), coalesce(sum(ended IS"
		     " NULL AND review_due < ?1), 0) FROM agreements WHERE"
		     " latest = 1 GROUP BY scheme, status"
		     " ORDER BY scheme, status",
		     1, p, add_counts, out, "counting agreements", err);
	if (s == MP_OK)
		s = each_row(st,
			     "SELECT substr(signed_on, 1, 7), count(*) FROM"
			     " agreements WHERE signed_on IS NOT NULL"
			     " GROUP BY 1 ORDER BY 1",
			     0, NULL, add_month, out, "counting signatures",
			     err);
	if (s == MP_OK)
		s = report_median(st, out, err);
	return s;
}

/* --- deleting one agreement ------------------------------------------------
 */

/* Inside the caller's transaction: delete every version of ag's id,
 * redact its audit entries and leave a "deleted" tombstone. */
static enum mp_status delete_versions(struct store *st,
				      const struct agreement *ag,
				      struct mp_error *err)
{
	const char *p[] = {ag->id};
	char detail[256];
	int64_t redacted;
	enum mp_status s = ag_exec(
	    st, "deleting", "DELETE FROM agreements WHERE id = ?1", 1, p, err);

	snprintf(detail, sizeof(detail), "scheme %s; created %.10s; status %s",
		 ag->tpl->id, ag->created ? ag->created : "-",
		 agreement_status_name(ag->status));
	if (s == MP_OK)
		s = audit_redact(st, ag->id, &redacted, err);
	if (s == MP_OK)
		s = audit_append(st, ag->id, ag->version, actor, "deleted",
				 detail, err);
	return s;
}

enum mp_status agreement_delete(struct store *st, const char *id,
				struct mp_error *err)
{
	struct agreement *ag;
	bool done;
	enum mp_status s = agreement_load(st, id, 0, &ag, err);

	if (s != MP_OK)
		return s;
	if ((s = store_begin(st, err)) == MP_OK)
		s = delete_versions(st, ag, err);
	/* Keys of people no remaining agreement names go too. */
	if (s == MP_OK)
		s = ag_exec(st, "removing signing keys",
			    "DELETE FROM signing_keys WHERE person NOT IN ("
			    "SELECT " PERSON(
				"mentor") " FROM agreements UNION"
					  " SELECT " PERSON(
					      "mentee") " FROM agreements)",
			    0, NULL, err);
	if (s == MP_OK)
		s = signers_forget_unnamed(st, err);
	if (s == MP_OK)
		s = agreement_search_sync(st, err);
	s = finish_deletion(st, s, &done, err);
	agreement_free(ag);
	return s;
}
