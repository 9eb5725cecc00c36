/*
 * forms_internal.h - what the forms' files (forms.c, forms_entry.c,
 * forms_eval.c) share, and nothing else includes.
 */
#ifndef MENTORPACT_FORMS_INTERNAL_H
#define MENTORPACT_FORMS_INTERNAL_H

#include "mentorpact/forms.h"
#include "records_internal.h"

/* MP_OK when ag is signed by both (active or ended), else MP_ERR_STATE
 * saying its forms are not open yet. */
enum mp_status forms_signed_by_both(const struct agreement *ag,
				    struct mp_error *err);

/* What the evaluation counts an entry of f at occasion under: "session",
 * "review", or the occasion itself ("start", "end", a stage's name). */
const char *forms_stage_of(const struct tpl_form *f, const char *occasion);

/* Inside a transaction: MP_OK when e's agreement is still open to it
 * (its latest version active, or ended for a form due at the end), else
 * MP_ERR_STATE saying why not. */
enum mp_status forms_still_open(struct store *st, const struct form_entry *e,
				struct mp_error *err);

/* Inside a transaction: e's row, made at now when nothing was saved yet,
 * its updated time set to now with touch; *updated (when not NULL)
 * receives that time.  MP_ERR_STATE when it was submitted (by another
 * process meanwhile): a submitted entry never changes. */
enum mp_status forms_entry_row(struct store *st, struct form_entry *e,
			       const char *now, bool touch, char **updated,
			       struct mp_error *err);

/* The mark before a question's id under which a refused answer is kept
 * as typed: no question id starts with it, so it is never a value. */
#define FORMS_REFUSED_MARK '~'

#endif
