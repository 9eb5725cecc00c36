/*
 * forms.h - the scheme's forms, filled by the pair after the signature,
 * and the programme lead's evaluation of them (issue 15, points 4 and 5).
 *
 * A template's records.forms (template.h, struct tpl_form) say which
 * forms a scheme has, who fills each, and when: at the start, after each
 * session of the log, at the end, at named stages, at each review.  One
 * entry is kept per form, occasion and role (tables form_entries and
 * form_values, schema step 8.2, records_schema.c):
 *
 *	occasion	stage (what the evaluation counts it under)
 *	"start"		"start"
 *	"3"		"session"   (session 3 of the log, not withdrawn)
 *	"end"		"end"	    (open after the ending too)
 *	"mid-point"	"mid-point" (a stage's name)
 *	"2027-01-15"	"review"    (the date a review was held)
 *
 * An entry is a draft until submitted: each answer is saved as it is
 * given, checked and normalised by the template's own rules
 * (template_value_check), as the agreement's answers are.  A refused
 * answer is kept as typed, so that nothing is lost, under the question's
 * id with a '~' before it (no question id can start so): it is never a
 * value, never counted, and while one is held the entry cannot be
 * submitted.  Submitting needs every required question answered and the
 * party's signing passphrase (agreement_signer_unlock): the person proves
 * who they are, as for signing.  A submitted entry never changes (the
 * schema's triggers refuse it), and its ratings, choices and yes/no
 * answers are counted in form_tally, which the evaluation reads.
 *
 * Every change is audited without its content: the form's id, the
 * occasion and the question's id, never an answer.
 */
#ifndef MENTORPACT_FORMS_H
#define MENTORPACT_FORMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mentorpact/agreement.h"
#include "mentorpact/status.h"
#include "mentorpact/template.h"

struct store;
struct mp_secret;

enum form_state { FORM_NOT_STARTED, FORM_DRAFT, FORM_SUBMITTED };

/* "not started", "draft", "submitted". */
const char *forms_state_name(enum form_state s);

/* One form open to one party at one occasion. */
struct form_slot {
	const struct tpl_form *form; /* in the agreement's template */
	char *occasion;		     /* malloc'd */
	char *stage;		     /* malloc'd */
	enum ag_role role;
	enum form_state state;
	char *updated;	 /* last saved (UTC), or NULL when not started */
	char *submitted; /* UTC, or NULL */
};

/*
 * The forms of ag's template open to role (-1: to both), each occasion
 * of each: in the template's order of forms, then by occasion (sessions
 * and reviews oldest first), mentor before mentee.  ag must be signed by
 * both (active or ended), else MP_ERR_STATE says so.  *out is malloc'd
 * (*n entries, maybe 0); free with forms_slots_free.
 */
enum mp_status forms_list(struct store *st, const struct agreement *ag,
			  int role, struct form_slot **out, size_t *n,
			  struct mp_error *err);
void forms_slots_free(struct form_slot *slots, size_t n);

/* The form with this id in tpl, or NULL. */
const struct tpl_form *forms_find(const struct template *tpl, const char *id);

/* Whether question q of form is role's to answer. */
bool forms_asks(const struct tpl_field *q, enum ag_role role);

/* One entry: a party's answers to one form at one occasion. */
struct form_entry {
	const struct agreement *ag; /* not owned; outlives the entry */
	const struct tpl_form *form;
	char *occasion, *stage;
	enum ag_role role;
	int64_t rowid; /* 0 until the first answer is saved */
	/* per question (form->n_questions): the answer in normal form, or
	 * NULL; what was typed and refused, or NULL; and why */
	char **values, **refused, **why;
	char *updated, *submitted; /* NULL until saved, submitted */
};

/*
 * Load role's entry of form form_id at occasion (NULL: the only occasion
 * open, else the earliest not yet submitted).  A form, occasion or role
 * that is not open gives MP_ERR_NOT_FOUND naming those that are.  *out is
 * the entry (forms_entry_free), not started when nothing was saved yet.
 */
enum mp_status forms_entry_load(struct store *st, const struct agreement *ag,
				const char *form_id, const char *occasion,
				enum ag_role role, struct form_entry **out,
				struct mp_error *err);
void forms_entry_free(struct form_entry *e);

/* Index of question id in e's form, or -1. */
int forms_question_index(const struct form_entry *e, const char *id);

/*
 * Check text as the answer to question qi of e, without saving it: the
 * template's rules, and whether the question is e's party's.  *norm
 * (malloc'd) is its normal form ("" when empty).
 */
enum mp_status forms_check(const struct form_entry *e, size_t qi,
			   const char *text, char **norm, struct mp_error *err);

/*
 * Save text as the answer to question qi of e, in a change of its own
 * (the entry is made on its first answer).  An empty answer clears it.
 * A refused answer gives MP_ERR_INVALID with the reason; with keep it is
 * first kept as typed (e->refused), and a later valid answer, or the
 * stored one again, drops it.  Without keep, a refused answer changes
 * nothing.  A submitted entry, or one whose agreement is no longer open
 * to it, gives MP_ERR_STATE.
 */
enum mp_status forms_entry_set(struct store *st, struct form_entry *e,
			       size_t qi, const char *text, bool keep,
			       struct mp_error *err);

/*
 * What stands between e and its submission, one line each ("'Label' is
 * required", "'Label' was not accepted: why"), in *problems (malloc'd
 * strings; forms_problems_free).  Returns how many.
 */
size_t forms_entry_problems(const struct form_entry *e, char ***problems);
void forms_problems_free(char **problems, size_t n);

/*
 * Submit e: it must have no problems, and pass must open the signing key
 * of e's party (MP_ERR_PASSPHRASE when not; MP_ERR_NOT_FOUND when the
 * party has no key in this store).  From then on the entry is final and
 * counted in the evaluation.
 */
enum mp_status forms_entry_submit(struct store *st, struct form_entry *e,
				  const struct mp_secret *pass,
				  struct mp_error *err);

/* --- the programme lead's evaluation -------------------------------------- */

/* One count: the answers value (a rating, a choice, yes or no) given to
 * question at forms of scheme and stage; question "" and value "" count
 * the entries submitted. */
struct form_count {
	const char *scheme, *form, *stage, *question, *value;
	long n;
};

/* One free-text answer of a form the template shares with the
 * programme: the role that gave it, never the pair or the occasion. */
struct form_text {
	const char *scheme, *form, *stage, *role, *question;
	const char *text;
};

/*
 * The evaluation of scheme (NULL: every scheme), read from form_tally:
 * what it costs does not grow with the number of agreements.  count is
 * called for each row of the tally, by scheme, form, stage, question and
 * value.  When text is not NULL, it is called for each free-text answer
 * submitted to a form that shared(ctx, scheme, form) says is shared with
 * the programme (the template's "shared: true"); other forms' free text
 * is never read.  The strings live until the callback returns.
 */
enum mp_status forms_evaluation(
    struct store *st, const char *scheme,
    void (*count)(void *ctx, const struct form_count *c),
    bool (*shared)(void *ctx, const char *scheme, const char *form),
    void (*text)(void *ctx, const struct form_text *t), void *ctx,
    struct mp_error *err);

#endif
