/*
 * admin.h - the scheme administrator's side of the core: store settings,
 * purging what is past its keep-until date (the retention itself is the
 * agreement's, agreement.h), a data subject's export and erasure, and
 * reports.
 *
 * Deleting is thorough: deleted rows are overwritten by SQLite
 * (secure_delete), and the store's VFS zeroes the unused space of every
 * page it writes, where SQLite leaves stale copies of moved cells in
 * b-tree pages that it rebuilds; so a deletion, in its own transaction,
 * leaves nothing of what went in any page (see agreement_admin.c).
 * store_scan_pages (store.h) lets tests and checks prove it.
 *
 * Dates are "YYYY-MM-DD"; a NULL today means the local date now.
 */
#ifndef MENTORPACT_ADMIN_H
#define MENTORPACT_ADMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mentorpact/agreement.h"
#include "mentorpact/status.h"
#include "mentorpact/template.h"

struct store;

/* --- settings ------------------------------------------------------------- */

/*
 * Settings are "return-address.SCHEME" (the email address the scheme's
 * signed agreements are returned to) and "retention.SCHEME" (how long
 * the scheme's records are kept after an agreement ends, a duration in
 * days, weeks, months or years, overriding the template's
 * retention_after_end).
 */
enum admin_setting_kind {
	ADMIN_RETURN_ADDRESS,
	ADMIN_RETENTION,
};

/*
 * Split a setting's key: *kind, and *scheme pointing into key.
 * MP_ERR_INVALID naming the keys there are when key is none of them.
 */
enum mp_status admin_setting_parse(const char *key,
				   enum admin_setting_kind *kind,
				   const char **scheme, struct mp_error *err);

/*
 * Set key to value, checked and normalised ("2 years"), in one
 * transaction that also records it in the audit trail (the key, not the
 * value).  A retention change recomputes the keep-until date of every
 * ended agreement of the scheme; *recomputed (may be NULL) gets how many
 * versions changed.
 */
enum mp_status admin_setting_set(struct store *st, const char *key,
				 const char *value, long *recomputed,
				 struct mp_error *err);

/* Remove key (MP_ERR_NOT_FOUND when it is not set); as admin_setting_set
 * for the audit trail and keep-until dates. */
enum mp_status admin_setting_unset(struct store *st, const char *key,
				   long *recomputed, struct mp_error *err);

/* The value of key (malloc'd), or *value NULL when it is not set. */
enum mp_status admin_setting_get(struct store *st, const char *key,
				 char **value, struct mp_error *err);

/* Call each(ctx, key, value) for every setting, in key order. */
enum mp_status admin_settings_list(struct store *st,
				   void (*each)(void *ctx, const char *key,
						const char *value),
				   void *ctx, struct mp_error *err);

/* 1 in *found when some stored agreement belongs to scheme. */
enum mp_status admin_scheme_in_store(struct store *st, const char *scheme,
				     bool *found, struct mp_error *err);

/* The address scheme's agreements are returned to (malloc'd), or *address
 * NULL when the administrator has not set one. */
enum mp_status admin_return_address(struct store *st, const char *scheme,
				    char **address, struct mp_error *err);


/* --- deleting --------------------------------------------------------------
 */

/*
 * Outside any transaction, after personal data was deleted: drop the
 * search words of what went, then rewrite the whole store in place
 * (VACUUM; same file, file id and passphrases).  Deletions need it no
 * more (see above) but for one owed by a store whose pages were written
 * before the VFS zeroed their unused space, which admin_purge and
 * admin_erase pay themselves; it needs about as much memory, and free
 * disk for the journal, as the store is large.
 */
enum mp_status admin_scrub(struct store *st, struct mp_error *err);

/* --- purge ---------------------------------------------------------------- */

/* An agreement purged or erased: its newest version's facts. */
struct admin_gone {
	char id[AG_ID_SIZE];
	int version;  /* the newest version */
	int versions; /* how many versions were (or would be) deleted */
	char *scheme, *status;
	char *created, *ended, *kept_until; /* dates; may be NULL */
};

struct admin_purge_result {
	struct admin_gone *items;
	size_t count;
	long keys_removed; /* signing keys of people left with no agreement */
	bool done;	   /* the deletion was saved (see below) */
};

/*
 * Delete every agreement whose newest version's keep-until date is
 * before today, all its versions, and the signing keys of people no
 * agreement names any more.  The audit trail keeps a tombstone of each:
 * its entries are redacted and a "purged" entry records the scheme and
 * dates.  No page, free pages included, then holds anything of what
 * went.  With dry_run nothing changes and out lists what would go.
 *
 * A store that owes a rewrite (see admin_scrub) is rewritten after the
 * deletion is saved; when that fails (out->done), the error says so and
 * the next admin_purge (even with nothing to delete) finishes it.
 * Free out with admin_purge_result_free, whatever the status.
 */
enum mp_status admin_purge(struct store *st, const char *today, bool dry_run,
			   struct admin_purge_result *out,
			   struct mp_error *err);
void admin_purge_result_free(struct admin_purge_result *r);

/* --- data subjects -------------------------------------------------------- */

/*
 * A data subject is named by an email address (matching a party with
 * that address, in any case) or, for parties recorded without one, by
 * their full name (matching a party of that name, ignoring ASCII case,
 * who has no email address).
 */

/*
 * Everything the store holds about subject, as plain text (*text is
 * malloc'd): each agreement version naming them with their role, status
 * and dates; their own details, their own and their joint answers, and
 * their signature; whether a signing key is held for them; settings
 * holding their address.  Nothing about the other party is included
 * beyond their role.  MP_ERR_NOT_FOUND when nothing names them.
 */
enum mp_status admin_subject_export(struct store *st, const char *subject,
				    char **text, struct mp_error *err);

/* What erasing did to one agreement version naming the subject. */
struct admin_erased {
	char id[AG_ID_SIZE];
	int version;
	enum ag_role role; /* the subject's role in it */
	char *scheme, *status;
	bool kept;	  /* kept whole (signed, and keep_signed asked) */
	char *kept_until; /* for a kept ended version: when purge takes it */
};

struct admin_erase_result {
	struct admin_erased *items;
	size_t count;
	bool key_removed;    /* the subject's signing key */
	long keys_orphaned;  /* other people's keys no agreement needs */
	long keys_marked;    /* the subject's keys in the register, kept
			      * under a hash of their identity only */
	long audit_redacted; /* audit entries redacted */
	/* the records the subject wrote, deleted (or, dry, to delete) in
	 * every agreement naming them, kept versions included */
	long sessions_erased, forms_erased, notes_erased;
	char **similar;	     /* ids naming the same name under another or
			      * no address: not touched, for a person to
			      * judge */
	size_t n_similar;
	char **settings; /* settings whose value is the address */
	size_t n_settings;
	bool done; /* the deletion was saved, even if the rewrite failed */
};

/*
 * Erase subject's personal data.  Every agreement version naming them is
 * deleted whole, with the other party's part of it: a signed text cannot
 * be altered without breaking its signatures, and an unsigned draft half
 * blanked is no agreement.  With keep_signed, versions signed by both
 * (active or ended) are kept whole instead, for the scheme's records
 * until purge removes them, and out says so.  Their signing key is
 * always deleted (it only serves future signatures), and so are the keys
 * of other parties that no remaining agreement names.  Agreements left
 * with no version have their audit entries redacted and an "erased"
 * entry; nothing of what went is left, as with admin_purge.  With
 * dry_run nothing changes.  MP_ERR_NOT_FOUND when nothing names subject.
 * Free out with admin_erase_result_free, whatever the status.
 */
enum mp_status admin_erase(struct store *st, const char *subject,
			   bool keep_signed, bool dry_run,
			   struct admin_erase_result *out,
			   struct mp_error *err);
void admin_erase_result_free(struct admin_erase_result *r);

/* --- report --------------------------------------------------------------- */

struct admin_scheme_counts {
	char *scheme;
	long by_status[AG_STATUS_COUNT]; /* newest versions */
	long overdue;			 /* reviews due before today */
};

struct admin_month {
	char month[8]; /* "YYYY-MM" */
	long count;    /* versions signed by both that month */
};

struct admin_report {
	char today[11];
	struct admin_scheme_counts *schemes; /* sorted by scheme */
	size_t n_schemes;
	long totals[AG_STATUS_COUNT];
	struct admin_month *months; /* oldest first */
	size_t n_months;
	long overdue;
	long signed_samples; /* versions behind the median (not imported) */
	double median_days;  /* from draft to signed by both; 0 when none */
};

/* Counts by scheme and status, signatures per month, reviews overdue
 * and the median days from draft to signed.  Free with
 * admin_report_free, whatever the status. */
enum mp_status admin_report(struct store *st, const char *today,
			    struct admin_report *out, struct mp_error *err);
void admin_report_free(struct admin_report *r);

#endif
