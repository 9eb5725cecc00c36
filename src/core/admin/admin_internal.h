/*
 * admin_internal.h - the administrator's module: whole-store work on top
 * of every other module (settings, retention and purge, a data subject's
 * export and erasure, the report, deleting an agreement) and its part of
 * the schema (admin_schema.c).  It owns the settings it names in the
 * store's settings table.  Not part of the core's interface.
 *
 * admin_rows.c       reading rows: the small helpers every file uses
 * admin_settings.c   settings: their keys, values, listing and changes
 * admin_retention.c  keep-until dates after a retention change; purge
 * admin_subject.c    a data subject: who, and where they are named
 * admin_erase.c      erasing a data subject
 * admin_export.c     a data subject's export
 * admin_report.c     the report
 * agreement_admin.c  how personal data is deleted (scrub), deleting one
 *                    agreement
 */
#ifndef MENTORPACT_ADMIN_INTERNAL_H
#define MENTORPACT_ADMIN_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

#include "core/agreement/agreement_internal.h"
#include "mentorpact/admin.h"
#include "mentorpact/store.h"

/* Who the administrator's changes are recorded as in the audit trail. */
#define ADMIN_ACTOR "administrator"

/* --- admin_rows.c --------------------------------------------------------- */

/* Prepare sql on st's connection into *q; what names the work in the
 * message when that fails. */
enum mp_status adm_prepare(struct store *st, const char *sql, sqlite3_stmt **q,
			   const char *what, struct mp_error *err);

/* Column i of q's row as text. */
const char *adm_text(sqlite3_stmt *q, int i);

/* A copy of s (malloc'd), or NULL for NULL (or when out of memory). */
char *adm_dup_or_null(const char *s);

/* today, or the local date now when it is NULL, into buf. */
void adm_today_or(const char *today, char buf[11]);

/* Run sql with n text parameters, handing each row to row(ctx, q), which
 * returns non-zero when it runs out of memory. */
enum mp_status adm_each_row(struct store *st, const char *sql, int n,
			    const char *const *params,
			    int (*row)(void *ctx, sqlite3_stmt *q), void *ctx,
			    const char *what, struct mp_error *err);

/* adm_each_row's row: keep the first column's text in *(char **)ctx,
 * freeing what it held. */
int adm_first_text(void *ctx, sqlite3_stmt *q);

/* One integer from a query with text parameters (0 when no row). */
enum mp_status adm_query_long(struct store *st, const char *sql, int n,
			      const char *const *params, long *out,
			      struct mp_error *err);

/*
 * Add one zeroed item to the array that where points to (*n items of size
 * bytes) and count it: the new item, or NULL when out of memory (the
 * array is then as it was).  Use it as APPEND(array, n).
 */
void *adm_append(void *where, size_t *n, size_t size);

#define APPEND(array, n) adm_append(&(array), &(n), sizeof(*(array)))

/* --- deleting (agreement_admin.c, admin_retention.c) ---------------------- */

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

/* End a deletion's transaction: commit it when s is MP_OK (then *done,
 * and the store is scrubbed when it owes it), else roll it back. */
enum mp_status adm_finish_deletion(struct store *st, enum mp_status s,
				   bool *done, struct mp_error *err);

/* Inside the caller's transaction: the keep-until date of every ended
 * version of scheme, from its end date and the retention now in force;
 * *count gets how many changed. */
enum mp_status adm_recompute_kept(struct store *st, const char *scheme,
				  long *count, struct mp_error *err);

/* --- admin_subject.c: data subjects --------------------------------------- */

/* A data subject: an email address, or a name for parties without one. */
struct subject {
	char text[320];
	bool email;
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

/* Read who from what was typed (blanks run together and trimmed);
 * MP_ERR_INVALID when that is nothing, or too long. */
enum mp_status adm_subject_parse(const char *in, struct subject *who,
				 struct mp_error *err);

void adm_matches_free(struct matches *m);

/* Every version naming who, by id and version. */
enum mp_status adm_find_subject(struct store *st, const struct subject *who,
				struct matches *m, struct mp_error *err);

/* MP_ERR_NOT_FOUND: no agreement names who. */
enum mp_status adm_nothing_named(const struct subject *who,
				 struct mp_error *err);

/* Agreements naming someone of the same name under another address (or,
 * for a name, under any address): perhaps the same person. */
enum mp_status adm_similar(struct store *st, const struct subject *who,
			   const struct matches *m, char ***ids, size_t *n,
			   struct mp_error *err);

/* Settings whose value is who's address. */
enum mp_status adm_settings_holding(struct store *st,
				    const struct subject *who, char ***keys,
				    size_t *n, struct mp_error *err);

/* The name of who's signing key, as agreement_sign.c forms it: "email:"
 * or "name:" and the address or name in lower case. */
void adm_subject_key_name(const struct subject *who, char *buf, size_t size);

/* When who's signing key was made, or *created NULL when there is none. */
enum mp_status adm_subject_key(struct store *st, const struct subject *who,
			       char **created, struct mp_error *err);

/* --- admin_records.c: the records in an export and an erasure ----------- */

/* The sessions role recorded and the forms they filled in agreement id,
 * and how many sealed notes they keep (never opened), into f. */
enum mp_status adm_records_export(FILE *f, struct store *st, const char *id,
				  enum ag_role role, struct mp_error *err);

/* Inside the caller's transaction (unless dry_run): delete the sessions,
 * form entries and notes each subject's role wrote in the agreements of
 * out, counted into out and audited without content. */
enum mp_status adm_records_erase(struct store *st,
				 struct admin_erase_result *out, bool dry_run,
				 struct mp_error *err);

#endif
