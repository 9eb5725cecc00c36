/*
 * template.h - scheme templates: one YAML file per mentoring scheme.
 *
 * A template holds a scheme's own wording, the fields a mentor and mentee
 * fill in, and the scheme's facts (durations, notice, who returns the
 * signed copy).  doc/templates.md describes the file format for programme
 * leads; this header describes the loaded form.
 *
 * Loading never stops at the first problem: every error found in a file
 * goes into a struct tpl_diags, each with its line and column, so that an
 * author can mend a file in one pass:
 *
 *	struct tpl_diags diags = {0};
 *	struct template *tpl;
 *	if (template_load_file(path, &tpl, &diags, &err) != MP_OK) {
 *		for (size_t i = 0; i < diags.count; i++)
 *			... template_diag_format(&diags.items[i], ...) ...
 *	}
 *	template_diags_free(&diags);
 *
 * A template also has a canonical form (YAML written by libyaml in a fixed
 * key order) and a hash of it, so that an agreement can keep the exact
 * template it was made from and load it back with template_load_buffer().
 */
#ifndef MENTORPACT_TEMPLATE_H
#define MENTORPACT_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "mentorpact/status.h"

/* The template format this build reads and writes ("format: 1"). */
#define TPL_FORMAT 1

/* Hex digits of a template hash (BLAKE2b-256), without the NUL. */
#define TPL_HASH_HEX 64

/* Built-in length caps, in characters, when a field sets none. */
#define TPL_TEXT_MAX	   200
#define TPL_LONG_TEXT_MAX  10000
#define TPL_LIST_ITEMS_MAX 100

enum tpl_type {
	TPL_TEXT,
	TPL_LONG_TEXT,
	TPL_EMAIL,
	TPL_PHONE,
	TPL_DATE,
	TPL_NUMBER,
	TPL_DURATION,
	TPL_FREQUENCY,
	TPL_CHOICE,
	TPL_YES_NO,
	TPL_LIST,
	TPL_RATING, /* a whole number on the field's scale, min to max */
	TPL_TYPE_COUNT
};

/* Parties are bits, so that "both" is mentor | mentee. */
enum tpl_party {
	TPL_NOBODY = 0,
	TPL_MENTOR = 1,
	TPL_MENTEE = 2,
	TPL_BOTH = 3,
};

/* The built-in details every party has; a template says which it asks. */
enum tpl_detail {
	TPL_DETAIL_NAME,
	TPL_DETAIL_EMAIL,
	TPL_DETAIL_PHONE,
	TPL_DETAIL_ORGANISATION,
	TPL_DETAIL_COUNT
};

enum tpl_unit {
	TPL_UNIT_NONE, /* a duration or frequency that is not stated */
	TPL_UNIT_MINUTE,
	TPL_UNIT_HOUR,
	TPL_UNIT_DAY,
	TPL_UNIT_WEEK,
	TPL_UNIT_MONTH,
	TPL_UNIT_YEAR,
};

/* "48 hours": amount 48, unit hours.  Unit NONE means not stated. */
struct tpl_duration {
	long amount;
	enum tpl_unit unit;
};

/* "once every 2 weeks": times 1, every 2, unit weeks. */
struct tpl_frequency {
	long times;
	long every;
	enum tpl_unit unit;
};

struct tpl_field {
	char *id;      /* [a-z][a-z0-9_]*, unique within the template */
	char *label;   /* one line, shown beside the answer */
	char *help;    /* NULL when none */
	char *def;     /* default in normal form; NULL when none */
	char *example; /* sample answer in normal form; NULL when none */
	enum tpl_type type;
	enum tpl_party who; /* whose answer it is */
	bool required;
	long min_length, max_length; /* characters; text types, list items */
	bool has_min, has_max;	     /* number range; a rating's scale */
	long long min, max;
	long min_items, max_items; /* list */
	char **choices;		   /* choice */
	size_t n_choices;
	bool in_wording; /* named as {id} in the template's wording */
	bool person_name; /* a party's name: no uc_hidden characters */
	char *low, *high; /* rating: what its ends mean; NULL when unsaid */
};

/* A rating's scale is min to max (both set), at most this many points. */
#define TPL_RATING_POINTS_MAX 11

enum tpl_item_kind {
	TPL_PARAGRAPH,	 /* text */
	TPL_COMMITMENTS, /* heading (may be NULL), party, lines */
	TPL_BULLETS,	 /* heading (may be NULL), lines, numbered */
	TPL_QUESTIONS,	 /* heading (may be NULL), lines; always numbered */
	TPL_FIELD,	 /* field */
	TPL_DETAILS,	 /* party: where the party's details are shown */
	TPL_SIGNATURES,	 /* party: where the party's signature is shown */
};

/*
 * One item of a section's body, in the order the scheme's document has
 * them.  Wording (text, heading, lines) may name a field as {id}: the
 * renderer puts the answer there (template_expand does it).
 */
struct tpl_item {
	enum tpl_item_kind kind;
	char *text;
	char *heading;
	enum tpl_party party;
	char **lines;
	size_t n_lines;
	bool numbered; /* TPL_BULLETS: "1." "2." rather than bullets */
	struct tpl_field *field;
};

struct tpl_section {
	char *id;
	char *title;
	enum tpl_party confirm; /* who must confirm it; never TPL_NOBODY */
	struct tpl_item *items;
	size_t n_items;
	size_t n_fields;
};

/* What a template asks of one party: bits (1 << enum tpl_detail). */
struct tpl_party_spec {
	unsigned ask;
	unsigned required;
};

/* The scheme's facts; each may be left out (unit NONE, 0, NULL). */
struct tpl_facts {
	struct tpl_duration planned_duration;
	struct tpl_duration max_duration;
	long min_sessions;     /* 0: not stated */
	long max_sessions;     /* the most the scheme provides; 0: not stated */
	long offered_sessions; /* the sessions the scheme offers; 0: not stated */
	struct tpl_frequency meeting_frequency;
	struct tpl_duration meeting_length;
	struct tpl_duration notice_period;
	struct tpl_duration review_interval;
	struct tpl_duration retention_after_end;
	enum tpl_party returned_by; /* TPL_MENTOR, TPL_MENTEE or NOBODY */
	char *returned_to;	    /* a role, e.g. "the programme lead" */
	char **copied;		    /* roles copied in */
	size_t n_copied;
	bool pair_only; /* the agreement is for the pair alone */
};

/*
 * What follows the signature: the records a scheme asks the pair to keep
 * (doc/templates.md, "Records").  A template without records: all zero,
 * and its canonical form and hash are what they were before records.
 */

/* When a form is due. */
enum tpl_due {
	TPL_DUE_SESSION, /* after each session in the log */
	TPL_DUE_START,	 /* once, when the agreement is active */
	TPL_DUE_END,	 /* once, when the relationship ends */
	TPL_DUE_STAGES,	 /* once at each of the form's named stages */
	TPL_DUE_REVIEW,	 /* at each review of the agreement */
	TPL_DUE_COUNT
};

/* A form: feedback after a session, a survey, an evaluation, a closing
 * reflection.  Its questions are fields (a rating is TPL_RATING), with
 * ids of their own: unique within the form, and free to repeat an id of
 * the agreement or of another form. */
struct tpl_form {
	char *id;    /* [a-z][a-z0-9_]*, unique among the forms */
	char *title; /* one line */
	char *intro; /* text shown above the questions; NULL when none */
	/* who fills it: TPL_MENTOR, TPL_MENTEE, or TPL_BOTH (each their
	 * own); each question's who is within it */
	enum tpl_party who;
	enum tpl_due due;
	char **stages; /* TPL_DUE_STAGES: the stages' names, in order */
	size_t n_stages;
	/* free-text answers go to the programme too; ratings, choices and
	 * yes/no answers are always counted in the scheme's evaluation */
	bool shared;
	struct tpl_field **questions; /* owned */
	size_t n_questions;
};

/* The fields every entry of a session log has, before the scheme's own:
 * "date" (of the meeting), "length", "how" (how the pair met) and "next"
 * (the date of the next meeting).  The scheme's fields may not use these
 * ids. */
#define TPL_SESSION_BUILTINS 4
extern const char *const template_session_builtins[TPL_SESSION_BUILTINS];

/* The session log: one entry per meeting. */
struct tpl_session_log {
	bool present;  /* the scheme keeps one */
	char *title;   /* the scheme's name for it, e.g. "Activity Log" */
	char *intro;   /* text shown above an entry; NULL when none */
	struct tpl_field **fields; /* the scheme's own fields; owned */
	size_t n_fields;
};

struct tpl_records {
	bool present; /* the template has a records: mapping */
	struct tpl_session_log sessions;
	/* Private reflective notes: who may keep them (TPL_NOBODY: no
	 * notes).  A mentor's notes may need the mentee's yes first: the id
	 * of a yes/no field of the agreement that the mentee answers, NULL
	 * when no consent is asked. */
	enum tpl_party notes;
	char *mentor_notes_consent;
	struct tpl_form *forms;
	size_t n_forms;
};

struct template
{
	char *id; /* [a-z][a-z0-9-]* */
	char *name;
	char *organisation;
	char *version;
	char *source;
	char *description;
	struct tpl_facts facts;
	struct tpl_party_spec parties[2]; /* [0] mentor, [1] mentee */
	struct tpl_section *sections;
	size_t n_sections;
	struct tpl_field **fields; /* every field, in order; not owned */
	size_t n_fields;
	struct tpl_records records;
};

/* One problem found in a file.  line and column are 1-based; 0 when the
 * problem concerns the whole file (it cannot be read, say). */
struct tpl_diag {
	char *file;
	unsigned line, column;
	char *message;
};

struct tpl_diags {
	struct tpl_diag *items;
	size_t count, cap;
};

/*
 * Load a template from memory.  name is used in diagnostics only.  On
 * success *out is a valid template (template_free it).  When the text has
 * errors, every one found is appended to diags (which may be NULL), *out
 * is NULL, err holds the first, and MP_ERR_INVALID is returned; other
 * statuses (MP_ERR_NOMEM) likewise leave *out NULL.
 */
enum mp_status template_load_buffer(const char *name, const char *buf,
				    size_t len, struct template **out,
				    struct tpl_diags *diags,
				    struct mp_error *err);

/* As template_load_buffer, reading the file at path (named by path). */
enum mp_status template_load_file(const char *path, struct template **out,
				  struct tpl_diags *diags,
				  struct mp_error *err);

/* Read a whole file into *buf (malloc'd, with a NUL after the *len
 * bytes).  Files much larger than a template can be are cut short, so
 * that the loaders report them as too large.  Fails with "cannot read
 * PATH: reason" and MP_ERR_NOT_FOUND, MP_ERR_PERM or MP_ERR_IO. */
enum mp_status template_read_file(const char *path, char **buf, size_t *len,
				  struct mp_error *err);

/* Free a template and everything it holds.  NULL is allowed. */
void template_free(struct template *tpl);

/* The field with this id, or NULL. */
const struct tpl_field *template_field(const struct template *tpl,
				       const char *id);

/*
 * The canonical form: the template written as YAML by libyaml in a fixed
 * key order, which template_load_buffer loads back to an equal template
 * (whose canonical form is the same bytes).  *out is NUL-terminated and
 * malloc'd; free() it.
 */
enum mp_status template_canonical(const struct template *tpl, char **out,
				  size_t *len, struct mp_error *err);

/*
 * The canonical form of the template as it was before records were added
 * to it: without its records and what came with them (the facts
 * max_sessions and offered_sessions, numbered lists).  For a template
 * without these it is the canonical form.  An agreement made from the
 * earlier template names it by this text's hash, so that adding records
 * to a scheme does not lose the agreements made before.
 */
enum mp_status template_canonical_before_records(const struct template *tpl,
						char **out, size_t *len,
						struct mp_error *err);

/* BLAKE2b-256 of the canonical form, as lowercase hex plus a NUL. */
enum mp_status template_hash(const struct template *tpl,
			     char hex[TPL_HASH_HEX + 1], struct mp_error *err);

/*
 * Check one answer against its field's rules and give its normal form in
 * *normalised (malloc'd; free it).  A list's items are separated by "\n".
 * An empty answer (only spaces) is accepted as "" unless the field is
 * required.  On failure err names the field's label and the rule, e.g.
 * "Notice period: must be a duration such as '48 hours' or '2 days'".
 */
enum mp_status template_value_check(const struct tpl_field *f,
				    const char *value, char **normalised,
				    struct mp_error *err);

/*
 * Replace each {id} in a template's wording by lookup(ctx, id), or by a
 * dotted blank when lookup gives NULL or "".  "{{" and "}}" stand for
 * braces.  *out is malloc'd.
 */
enum mp_status template_expand(const char *text,
			       const char *(*lookup)(void *ctx, const char *id),
			       void *ctx, char **out, struct mp_error *err);

/* Parse and format the value types that facts use too.  The parsers
 * accept what template_value_check accepts and return MP_ERR_INVALID
 * for anything else; the formatters write the normal form. */
enum mp_status template_duration_parse(const char *text,
				       struct tpl_duration *out);
void template_duration_format(const struct tpl_duration *d, char *buf,
			      size_t size);
enum mp_status template_frequency_parse(const char *text,
					struct tpl_frequency *out);
void template_frequency_format(const struct tpl_frequency *f, char *buf,
			       size_t size);
/* A date as year, month, day; rejects dates that do not exist. */
enum mp_status template_date_parse(const char *text, int *year, int *month,
				   int *day);

/* Names as the file format spells them ("long text", "mentee", "phone").
 * The parsers return -1 for an unknown name. */
const char *template_type_name(enum tpl_type type);
int template_type_parse(const char *name);
const char *template_party_name(enum tpl_party party);
int template_party_parse(const char *name);
const char *template_detail_name(enum tpl_detail detail);
int template_detail_parse(const char *name);
/* "after each session", "at start", "at end", "at stages", "at review". */
const char *template_due_name(enum tpl_due due);
int template_due_parse(const char *name);

/* A rating's scale as the canonical form writes it: "1 to 5". */
void template_scale_format(long long min, long long max, char *buf,
			   size_t size);

/* Append a diagnostic (message printf-style).  Returns MP_ERR_NOMEM when
 * it could not be kept, else MP_OK. */
enum mp_status template_diag_add(struct tpl_diags *diags, const char *file,
				 unsigned line, unsigned column,
				 const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* "file:line:column: message" (or "file: message" when line is 0) into
 * buf, truncated to size; returns buf. */
char *template_diag_format(const struct tpl_diag *d, char *buf, size_t size);

/* Free every diagnostic and reset diags to empty. */
void template_diags_free(struct tpl_diags *diags);

/* --- finding templates ------------------------------------------------ */

/* The folders searched, lowest precedence first (see doc/templates.md):
 * the installed share folder, the source tree's templates/ when the
 * program runs from one, $XDG_CONFIG_HOME/mentorpact/templates (else
 * ~/.config/...), then each folder of $MENTORPACT_TEMPLATE_PATH. */
struct tpl_path {
	char **dirs;
	size_t count;
};

enum mp_status template_search_path(struct tpl_path *out, struct mp_error *err);
void template_path_free(struct tpl_path *path);

/* A template in use, the file it came from, and the files of lower
 * precedence that claimed the same id. */
struct tpl_entry {
	struct template *tpl;
	char *path;
	char **shadowed;
	size_t n_shadowed;
	/* tpl as it was before records were added to it, loaded when a
	 * lookup by hash first needs it (template_catalog_find_hash) */
	struct template *earlier;
	bool earlier_tried;
};

struct tpl_catalog {
	struct tpl_entry *entries; /* sorted by id */
	size_t count;
	struct tpl_diags diags; /* files in the folders that failed to load */
};

/*
 * Load every *.yaml file in the folders of path.  When two files claim
 * one id, the one in the later folder wins (within a folder, the later
 * file name); the other is listed in the winner's shadowed.  A file that
 * fails to load claims nothing: its errors go to catalog->diags.  Missing
 * folders are skipped.  Free with template_catalog_free().
 */
enum mp_status template_catalog_load(const struct tpl_path *path,
				     struct tpl_catalog **out,
				     struct mp_error *err);
void template_catalog_free(struct tpl_catalog *cat);

/* The entry for id, or NULL. */
const struct tpl_entry *template_catalog_find(const struct tpl_catalog *cat,
					      const char *id);

/* The template with this id whose hash is hash: the entry in use, or
 * the form it had before records were added to it; else NULL. */
const struct template *template_catalog_find_hash(struct tpl_catalog *cat,
						  const char *id,
						  const char *hash);

/* The template as it was before records were added to it, loaded from
 * template_canonical_before_records(); *out is NULL when that is tpl's
 * own canonical form. */
enum mp_status template_before_records(const struct template *tpl,
				       struct template **out,
				       struct mp_error *err);

/* template_catalog_find for a callback: ctx is a struct tpl_catalog. */
const struct template *template_catalog_lookup(void *ctx, const char *id);

#endif
