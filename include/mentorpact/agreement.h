/*
 * agreement.h - agreements: made from a template, filled in, confirmed
 * section by section, signed by both, ended; kept in the store.
 *
 * Lifecycle (DESIGN.md "Agreements"):
 *
 *	draft -> ready -> signed (by one) -> active (signed by both) -> ended
 *
 * "ready" means every required field and detail is answered and valid,
 * no refused answer is pending (struct ag_pending), and every section is
 * confirmed by the parties its template names.  A change
 * to a field clears the confirmations of its section and, when someone
 * has signed, every signature (the caller is told).  Active and ended
 * versions never change: re-contracting makes version n+1 from version n.
 *
 * An agreement is loaded whole into a struct agreement; changes go
 * straight to the store, one transaction each, and update the struct.
 */
#ifndef MENTORPACT_AGREEMENT_H
#define MENTORPACT_AGREEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mentorpact/status.h"
#include "mentorpact/template.h"

struct store;
struct mp_secret;

enum ag_status {
	AG_DRAFT,
	AG_READY,
	AG_SIGNED, /* signed by one of the two */
	AG_ACTIVE, /* signed by both */
	AG_ENDED,
	AG_STATUS_COUNT
};

/* Roles index the parties and signatures arrays. */
enum ag_role { AG_MENTOR, AG_MENTEE };

/* "XXXX-XXXX" in Crockford's base32: easy to read out and type. */
#define AG_ID_SIZE 10

struct ag_party {
	char *details[TPL_DETAIL_COUNT]; /* normal form, or NULL */
};

struct ag_signature {
	bool present;
	char *name;	 /* the full name typed when signing */
	char *signed_at; /* UTC, "2026-11-22T16:41:21Z" */
	char *minisig;	 /* the .minisig text */
	char *pubkey;	 /* the .pub text */
};

/*
 * An answer typed in the wizard that was refused, kept in the store as
 * typed until a valid answer replaces it (agreement_set_keep), so that a
 * closed terminal or a crash loses nothing typed.  While one is held the
 * agreement is not ready and cannot be signed: the pair would sign an
 * older answer than the one on their screen.
 */
struct ag_pending {
	char *field;   /* as agreement_set names it: "goals", "mentor.email" */
	char *text;    /* as typed */
	char *message; /* why it is refused, as agreement_set says */
};

struct agreement {
	char id[AG_ID_SIZE];
	int version;
	int64_t rowid;	  /* the stored version's row */
	int64_t revision; /* bumped by every change */
	struct template *tpl; /* the copy kept with the agreement (owned) */
	char tpl_hash[TPL_HASH_HEX + 1];
	struct ag_party parties[2];
	char **values;	    /* tpl->n_fields entries: normal form or NULL */
	unsigned *confirmed; /* tpl->n_sections entries: TPL_MENTOR bits */
	enum ag_status status;
	bool imported;
	/* Dates: ISO 8601 (times in UTC with Z, dates YYYY-MM-DD); NULL when
	 * not (yet) known. */
	char *created, *changed, *started, *signed_on, *review_due,
		*planned_end, *ended, *kept_until;
	char *ended_by;	  /* "mentor", "mentee", "both" or "administrator" */
	char *end_reason; /* may be NULL: a no-blame ending needs none */
	char *body;	  /* the frozen text, once someone has signed */
	struct ag_signature sigs[2];
	struct ag_pending *pending; /* refused answers kept, n_pending */
	size_t n_pending;
};

const char *agreement_status_name(enum ag_status s);
int agreement_status_parse(const char *name); /* -1 when unknown */
const char *agreement_role_name(enum ag_role r);
int agreement_role_parse(const char *name); /* -1 when unknown */

/* The value of a field by id, or NULL (unknown field, or unanswered). */
const char *agreement_value(const struct agreement *ag, const char *field);

/* A party's detail, or NULL. */
const char *agreement_detail(const struct agreement *ag, enum ag_role r,
			     enum tpl_detail d);

/*
 * What still stands between the agreement and "ready": each missing
 * answer and detail, each refused answer pending ("Section: 'Label' was
 * not accepted: why"), and each missing confirmation, one line each in
 * problems
 * (a malloc'd array of malloc'd strings).  Returns how many.
 */
size_t agreement_problems(const struct agreement *ag, char ***problems);
void agreement_problems_free(char **problems, size_t n);

struct answers;

/*
 * Create a draft of version 1 from tpl (a copy is kept with it), holding
 * the template's defaults, or filled from answers when not NULL (and, when the answers file says confirmed,
 * with every section confirmed by its parties), in one transaction.
 * *out is the new agreement, loaded.
 */
enum mp_status agreement_create(struct store *st, const struct template *tpl,
				const struct answers *answers,
				struct agreement **out, struct mp_error *err);

/*
 * Load the newest version of agreement id ("XXXX-XXXX", any case), or the
 * given version when version > 0.
 */
enum mp_status agreement_load(struct store *st, const char *id, int version,
			      struct agreement **out, struct mp_error *err);

void agreement_free(struct agreement *ag);

/* What a change did besides itself, for the caller to tell the user. */
struct ag_change {
	bool cleared_confirmations; /* of the field's section */
	bool cleared_signatures;
};

/*
 * Set a field ("mentor.goals" style ids are the template's own ids) or a
 * party detail ("mentor.name", "mentee.email", ...) to value, checked and
 * normalised.  An empty value clears it.  When the stored value differs
 * from the one in ag (another process changed it since ag was loaded),
 * nothing is written and MP_ERR_CONFLICT names both values; ag is then
 * reloaded except for the caller's own unsaved value, which stays in the
 * caller's hands.
 */
enum mp_status agreement_set(struct store *st, struct agreement *ag,
			     const char *field, const char *value,
			     enum tpl_party by, struct ag_change *change,
			     struct mp_error *err);

/*
 * As agreement_set, but when value is refused as invalid (MP_ERR_INVALID,
 * returned with the reason), it is kept in the store as the field's
 * pending text, exactly as given, in a change of its own; ag->pending
 * then holds it.  Saving a valid answer for the field, or its stored
 * answer again, drops the pending text (agreement_set does too).  The
 * wizard saves through this; the command line, whose refused command
 * should change nothing, through agreement_set.  When keeping the text
 * fails, the message says so and the status is the store's.
 */
enum mp_status agreement_set_keep(struct store *st, struct agreement *ag,
				  const char *field, const char *value,
				  enum tpl_party by, struct ag_change *change,
				  struct mp_error *err);

/* The pending text of a field or detail ("goals", "mentor.email"), or
 * NULL when none is held. */
const struct ag_pending *agreement_pending(const struct agreement *ag,
					   const char *field);

/* Confirm (or, with confirm false, withdraw) section sec for role. */
enum mp_status agreement_confirm(struct store *st, struct agreement *ag,
				 size_t sec, enum ag_role role, bool confirm,
				 struct mp_error *err);

/* Index of the section with this id, or -1. */
int agreement_section_index(const struct agreement *ag, const char *id);

/* 1 when the signer for role already has a signing key in the store (so
 * the passphrase is asked once), 0 when signing will make one. */
int agreement_signer_has_key(struct store *st, const struct agreement *ag,
			     enum ag_role role);

struct sign_keypair;

/*
 * The signing key of the party role of ag, kept in this store, opened with
 * pass (their signing passphrase): what proves a person at one terminal
 * when they write their records, and what opens their sealed notes.
 * MP_ERR_NOT_FOUND when the party has no key here (records are kept where
 * the pair signed), MP_ERR_PASSPHRASE when pass does not open it.  On
 * success *kp is the key pair (sign_keypair_free()); else NULL.
 */
enum mp_status agreement_signer_unlock(struct store *st,
				       const struct agreement *ag,
				       enum ag_role role,
				       const struct mp_secret *pass,
				       struct sign_keypair **kp,
				       struct mp_error *err);

/*
 * The public half of the same key, without its passphrase: what a note is
 * sealed to.  MP_ERR_NOT_FOUND when the party has no key here.
 */
enum mp_status agreement_signer_public(struct store *st,
				       const struct agreement *ag,
				       enum ag_role role,
				       unsigned char pk[32],
				       struct mp_error *err);

/*
 * Sign as role.  typed_name must match the party's name (ignoring case
 * and runs of spaces).  The first signature freezes the text; the key is
 * made and sealed under pass when the signer has none yet.
 */
enum mp_status agreement_sign(struct store *st, struct agreement *ag,
			      enum ag_role role, const char *typed_name,
			      const struct mp_secret *pass,
			      struct mp_error *err);

/* End an active agreement: date (YYYY-MM-DD, NULL: today), who ended it,
 * and an optional reason. */
enum mp_status agreement_end(struct store *st, struct agreement *ag,
			     const char *date, const char *by,
			     const char *reason, struct mp_error *err);

/* Make version n+1, a draft, from the active or ended version in ag;
 * *out is the new version. */
enum mp_status agreement_recontract(struct store *st,
				    const struct agreement *ag,
				    struct agreement **out,
				    struct mp_error *err);

/*
 * Store an agreement parsed from a signed text (render_parse) as active,
 * with its text, signatures and answers, and a copy of its template
 * (parsed->tpl).  Importing the same id, version and text again
 * adds nothing and sets *already; a different text under the same id
 * and version is refused (MP_ERR_CONFLICT).
 */
enum mp_status agreement_import(struct store *st, struct agreement *parsed,
				bool *already, struct mp_error *err);

struct signer_judgement;

/*
 * As agreement_import, and each signer's key is judged by the store's
 * register of signers (signers.h) in the same transaction: an unknown key
 * is recorded; a key that is not the person's on record (another key in
 * use for their email or name, a key known as someone else's, a retired
 * or erased one) refuses the import with MP_ERR_KEY_CONFLICT, unless it
 * is accept_fp (hex fingerprint; NULL: none) and may be accepted on
 * purpose (signers_import_check).  judged[role] (an array of two) says
 * what was found.
 * The same person as both parties is refused too.
 */
enum mp_status agreement_import_keys(struct store *st,
				     struct agreement *parsed,
				     const char *accept_fp, bool *already,
				     struct signer_judgement *judged,
				     struct mp_error *err);

/* Record in the audit trail that ag was exported (to where: a path). */
enum mp_status agreement_note_export(struct store *st,
				     const struct agreement *ag,
				     const char *where, struct mp_error *err);

/* --- keeping records --------------------------------------------------- */

/*
 * How long records of tpl's scheme are kept after an agreement ends: the
 * retention.SCHEME setting when there is one (*overridden true), else
 * the template's retention_after_end; unit TPL_UNIT_NONE when neither
 * says (then nothing is ever purged for it).
 */
enum mp_status agreement_retention(struct store *st,
				   const struct template *tpl,
				   struct tpl_duration *out, bool *overridden,
				   struct mp_error *err);

/* The keep-until date of an agreement of tpl ended on ended, or "" in
 * kept when its scheme keeps records without limit. */
enum mp_status agreement_kept_until(struct store *st,
				    const struct template *tpl,
				    const char *ended, char kept[11],
				    struct mp_error *err);

/* Parse a retention such as "18 months" into d: days or longer, else
 * MP_ERR_INVALID saying what a retention looks like. */
enum mp_status agreement_retention_parse(const char *value,
					 struct tpl_duration *d,
					 struct mp_error *err);

/* --- search ------------------------------------------------------------ */

/*
 * Fold the names and addresses of agreements changed since the last call
 * into the search words (agreement_query calls it before each search; the
 * triggers of the schema only note which rows changed).  Uses its own
 * transaction, or the caller's when one is open.
 */
enum mp_status agreement_search_sync(struct store *st, struct mp_error *err);

/* --- reviews and deletion (the administrator's) ------------------------ */

struct ag_review {
	char *held_on; /* YYYY-MM-DD */
	char *note;    /* may be NULL */
	char *recorded; /* UTC time it was recorded */
};

/*
 * Record that the review of an active agreement was held on date (NULL:
 * today), with an optional note (one paragraph, at most 2000
 * characters); the next review falls due the template's review interval
 * after it (none when the template sets no interval).  ag's review_due is
 * updated.
 */
enum mp_status agreement_review(struct store *st, struct agreement *ag,
				const char *date, const char *note,
				struct mp_error *err);

/* The reviews recorded for ag's id (all versions), oldest first:
 * *out is a malloc'd array of *n; free with agreement_reviews_free. */
enum mp_status agreement_reviews(struct store *st, const struct agreement *ag,
				 struct ag_review **out, size_t *n,
				 struct mp_error *err);
void agreement_reviews_free(struct ag_review *r, size_t n);

/*
 * Delete every version of agreement id, as thoroughly as a purge: its
 * rows are overwritten, its audit entries redacted, and a "deleted"
 * tombstone appended.  The caller asks for the id to be typed first.
 */
enum mp_status agreement_delete(struct store *st, const char *id,
				struct mp_error *err);

/* --- listing ------------------------------------------------------------ */

enum ag_sort {
	AG_SORT_CHANGED, /* default: most recently changed first */
	AG_SORT_ID,
	AG_SORT_SCHEME,
	AG_SORT_MENTOR,
	AG_SORT_MENTEE,
	AG_SORT_STATUS,
	AG_SORT_REVIEW,
	AG_SORT_COUNT
};

/* Which agreements to list: the newest version of each. */
struct ag_filter {
	int status;	      /* enum ag_status, or -1 for any */
	const char *scheme;   /* or NULL */
	const char *search;   /* in names and emails, or NULL */
	const char *due_by;   /* review due on or before this date, or NULL */
	enum ag_sort sort;
	long limit, offset; /* limit 0: no limit */
};

/* One listed agreement; the strings live until the callback returns. */
struct ag_row {
	const char *id;
	int version;
	const char *scheme, *status;
	const char *mentor, *mentor_email, *mentee, *mentee_email;
	const char *created, *changed, *review_due, *ended, *kept_until;
};

const char *agreement_sort_name(enum ag_sort s);
int agreement_sort_parse(const char *name); /* -1 when unknown */

/* Call each(ctx, row) for every agreement f selects, in f's order. */
enum mp_status agreement_query(struct store *st, const struct ag_filter *f,
			       void (*each)(void *ctx, const struct ag_row *r),
			       void *ctx, struct mp_error *err);

#endif
