/*
 * agreement_internal.h - what the files of the agreement module (and
 * agreement_sign.c) share; not part of the core's interface.
 */
#ifndef MENTORPACT_AGREEMENT_INTERNAL_H
#define MENTORPACT_AGREEMENT_INTERNAL_H

#include "mentorpact/agreement.h"
#include "mentorpact/store.h"

/* UTC now as "YYYY-MM-DDTHH:MM:SSZ". */
void ag_now(char buf[32]);

/* Today's local date as "YYYY-MM-DD". */
void ag_today(char buf[11]);

/* date + d, as "YYYY-MM-DD" (months and years keep the day of the month
 * where it exists, else the month's last day).  MP_ERR_INVALID for a bad
 * date or a duration without a unit. */
enum mp_status ag_date_add(const char *date, const struct tpl_duration *d,
			   char out[11]);

/* Index of the field with this id in ag->tpl->fields, or -1. */
int ag_field_index(const struct template *tpl, const char *id);

/* Index of the section holding field i, or -1. */
int ag_section_of_field(const struct template *tpl, int field);

/* Index of the section showing role's details, or -1. */
int ag_section_of_details(const struct template *tpl, enum ag_role role);

/* The name a party's detail is set and kept pending under
 * ("mentor.email"), and its label in messages ("Mentor's email"). */
void ag_detail_key(enum ag_role r, enum tpl_detail d, char *buf, size_t size);
void ag_detail_label(enum ag_role r, enum tpl_detail d, char *buf, size_t size);

/* What a name like "goals" or "mentee.email" refers to. */
struct ag_target {
	int role, detail; /* a party's detail when role >= 0 */
	int field;	  /* else the template field's index */
	int section;	  /* the section it belongs to, or -1 */
	struct tpl_field synth; /* the rules of a detail */
	const struct tpl_field *rules;
	char **slot; /* where ag keeps its value */
};

/* Resolve name ("goals", "mentee.email") in ag into t; MP_ERR_NOT_FOUND
 * (saying where the names are listed) when ag has no such field. */
enum mp_status ag_resolve(struct agreement *ag, const char *name,
			  struct ag_target *t, struct mp_error *err);

/* The name t's pending text is kept under: the template field's id, or
 * "mentor.email" style for a detail. */
void ag_target_key(const struct agreement *ag, const struct ag_target *t,
		   char *buf, size_t size);

/* Index of field's pending text in ag->pending, or -1. */
long ag_pending_index(const struct agreement *ag, const char *field);

/* Forget pending text i of ag (in memory only). */
void ag_pending_forget(struct agreement *ag, long i);

/* Keep text (and message, which may be NULL) as field's pending text in
 * ag, replacing any it holds; 0, or -1 when out of memory. */
int ag_pending_put(struct agreement *ag, const char *field, const char *text,
		   const char *message);

/* Give each pending text of ag the message agreement_set refuses it
 * with; 0, or -1 when out of memory. */
int ag_pending_explain(struct agreement *ag);

/* Free ag's pending texts. */
void ag_pending_free(struct agreement *ag);

/* Recompute ag->status from its answers, confirmations and signatures. */
void ag_refresh_status(struct agreement *ag);

/*
 * Record a change: bump the revision (only when it is still the one in
 * ag: else MP_ERR_CONFLICT), set changed and status.  Inside the caller's
 * transaction.
 */
enum mp_status ag_touch(struct store *st, struct agreement *ag,
			struct mp_error *err);

/* Run one statement with text parameters (NULL binds NULL); SQLITE_DONE
 * expected.  Returns a status with what in its message. */
enum mp_status ag_exec(struct store *st, const char *what, const char *sql,
		       int n, const char *const *params, struct mp_error *err);

/* Append an audit entry for ag. */
enum mp_status ag_audit(struct store *st, const struct agreement *ag,
			const char *role, const char *action,
			const char *detail, struct mp_error *err);

/* Replace ag's content by a fresh load of the same row (after a conflict
 * or a rollback).  ag stays valid whatever happens. */
void ag_reload(struct store *st, struct agreement *ag);

/* Free and replace *slot with a copy of value (NULL allowed). */
int ag_set_str(char **slot, const char *value);

/* Keep a copy of tpl in the store, once per hash; hash receives it. */
enum mp_status ag_keep_template(struct store *st, const struct template *tpl,
				char hash[TPL_HASH_HEX + 1],
				struct mp_error *err);

/* Insert the row of a new agreement version (ag->version, ag->tpl_hash;
 * a fresh id for a new version 1 that is not imported); ag->rowid and,
 * for a new agreement, ag->id are set. */
enum mp_status ag_insert_row(struct store *st, struct agreement *ag,
			     const char *scheme, struct mp_error *err);

/* Load the agreement in row rowid into *out (agreement_load by row). */
enum mp_status ag_load_rowid(struct store *st, int64_t rowid,
			     struct agreement **out, struct mp_error *err);

struct answers;

/* Write the parties and answers of a into the freshly made ag, and the
 * confirmations when a says confirmed.  Inside the caller's transaction. */
enum mp_status ag_fill(struct store *st, struct agreement *ag,
		       const struct answers *a, struct mp_error *err);

/* Write every answer and detail of src into dst's row and dst; src's
 * template may be another copy of dst's (fields match by id). */
enum mp_status ag_copy_answers(struct store *st, const struct agreement *src,
			       struct agreement *dst, struct mp_error *err);

/* Confirm every section of ag for the parties it names. */
enum mp_status ag_confirm_all(struct store *st, struct agreement *ag,
			      struct mp_error *err);

/*
 * The day an event of ag happened: date (YYYY-MM-DD or DD/MM/YYYY), or
 * today when NULL, never before ag started nor after today (an end or a
 * review is recorded once held).  what names the event in
 * messages ("end", "review").
 */
enum mp_status ag_event_day(const struct agreement *ag, const char *date,
			    const char *what, char day[11],
			    struct mp_error *err);

/* --- searching: the words (agreement_words.c), the search tables kept
 * in step (agreement_index.c), lists (agreement_query.c) -------------- */

/* Register the SQL functions searching uses (search_has, search_sig;
 * agreement_words.c) on a connection: the store calls it for each one
 * (STORE_ON_CONNECT in agreement_schema.c), so that the schema's steps
 * may use them too.  An SQLite result code. */
int agreement_search_register(sqlite3 *db);

/* Words longer than this are cut (at a character boundary). */
#define AG_WORD_MAX 64
/* What a search looks at: its first words. */
#define AG_SEARCH_WORDS 8
/* Keys are the first AG_KEY_CHARS characters of words. */
#define AG_KEY_CHARS 2

/* The distinct folded words of some text: all of them, since a word
 * left out would hide its agreement from searches. */
struct ag_words {
	char **v;
	size_t n, cap;
	int nomem;
};

void ag_words_free(struct ag_words *w);

/* SQLite's unicode61 tokenizer, folding case and removing accents. */
struct ag_folder {
	fts5_tokenizer api;
	Fts5Tokenizer *tok;
};

/* Open f on st's connection (MP_ERR_INTERNAL when this SQLite has no
 * FTS5); ag_folder_close it in any case. */
enum mp_status ag_folder_open(struct store *st, struct ag_folder *f,
			      struct mp_error *err);
void ag_folder_close(struct ag_folder *f);

/* Add the folded words of text (NULL allowed) to w. */
enum mp_status ag_fold(struct ag_folder *f, const char *text,
		       struct ag_words *w, struct mp_error *err);

/* Fold a search text (NULL or empty: no words) into its first
 * AG_SEARCH_WORDS words. */
enum mp_status ag_search_words(struct store *st, const char *text,
			       struct ag_words *w, struct mp_error *err);

/* Bytes taken by the first n characters of s (len bytes), or 0 when s has
 * fewer than n. */
size_t ag_prefix_bytes(const char *s, size_t len, int n);

/* A word's signature bits: those of its first AG_KEY_CHARS and
 * AG_KEY_CHARS + 1 characters.  A word that starts with w has all of w's
 * bits. */
sqlite3_uint64 ag_word_bits(const char *w, size_t len);

/* The signature of " w1 w2 ... ": the bits of all its words. */
sqlite3_uint64 ag_words_sig(const char *words, size_t len);

/* End a change begun with store_begin: on MP_OK touch ag and commit;
 * otherwise (or when that fails) roll back and reload ag. */
enum mp_status ag_finish(struct store *st, struct agreement *ag,
			 enum mp_status s, struct mp_error *err);

#endif
