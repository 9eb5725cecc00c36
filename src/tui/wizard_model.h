/*
 * wizard_model.h - what the agreement wizard knows, without curses: the
 * fields a mentor and mentee fill in, section by section, what they have
 * typed, what the store holds, which sections are complete and agreed,
 * what still blocks signing, and the small decisions the screens make
 * (when to save, whether a typed character is allowed, whether the
 * terminal is big enough, whether a typed name matches).
 *
 *	struct wizard_model m;
 *	if (wm_init(&m, ag->tpl, lookup, ag) != 0) ... out of memory
 *	wm_next(&m);                       -- Ctrl-N
 *	wm_set_text(wm_field(&m, i), "…"); -- what was typed
 *	n = wm_to_save(&m, WM_EV_FIELD_LEFT, i, todo);
 *	... agreement_set each todo[k], then wm_saved() or wm_failed() ...
 *	wm_free(&m);
 *
 * The model never touches the store: the screens save and tell it.
 */
#ifndef MENTORPACT_WIZARD_MODEL_H
#define MENTORPACT_WIZARD_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "mentorpact/template.h"

/* The smallest terminal the UI draws in. */
#define WM_MIN_COLS 80
#define WM_MIN_ROWS 24

/* The shortest store passphrase accepted (as `mentorpact init`). */
#define WM_MIN_PASSPHRASE 8

/* One answer on a screen: a template field or a party's detail. */
struct wm_field {
	char *key;	    /* the name agreement_set takes */
	char *label;	    /* "Mentor's email", or the template's label */
	const char *help;   /* one line of help, or NULL */
	enum tpl_type type; /* a detail is TEXT, EMAIL or PHONE */
	enum tpl_party who; /* whose answer it is */
	bool required;
	const struct tpl_field *tf; /* the template field; NULL: detail */
	int section; /* its section, or -1 (parties screen only) */
	char *text;  /* what is typed now, UTF-8; never NULL */
	char *saved; /* what the store holds; never NULL */
	char *error; /* why the store refused text, or NULL */
};

struct wm_section {
	const struct tpl_section *tpl;
	size_t *fields; /* indexes into the model's fields */
	size_t n_fields;
	unsigned need;	    /* TPL_MENTOR | TPL_MENTEE bits to confirm */
	unsigned confirmed; /* the bits the store holds */
};

struct wizard_model {
	const struct template *tpl;
	struct wm_field *fields;
	size_t n_fields;
	struct wm_section *sections;
	size_t n_sections;
	size_t *party_fields; /* every detail, mentor's first */
	size_t n_party_fields;
	size_t current; /* the section on screen */
};

/* Gives the stored value of a field or detail by key, or NULL. */
typedef const char *(*wm_lookup_fn)(void *ctx, const char *key);

/*
 * Build the model of tpl: each section's fields in the template's order
 * (a "details" item brings that party's asked details, the name always),
 * with text and saved taken from lookup(ctx, key) (NULL: nothing stored;
 * then text is the field's default, if it has one, waiting to be saved).
 * Returns 0, or -1 when out of memory (m then holds nothing to free).
 */
int wm_init(struct wizard_model *m, const struct template *tpl,
	    wm_lookup_fn lookup, void *ctx);
void wm_free(struct wizard_model *m);

/*
 * A model of answers that are not the agreement's: a form's questions,
 * or an entry of the session log.  One section (its tpl NULL; nobody
 * confirms it) of fields[0..n), each keyed by its id, with values from
 * lookup as wm_init has them.  tpl is the agreement's template (for the
 * scheme's name).  0, or -1 out of memory (m then holds nothing).
 */
int wm_init_fields(struct wizard_model *m, const struct template *tpl,
		   const struct tpl_field *const *fields, size_t n,
		   wm_lookup_fn lookup, void *ctx);

struct wm_field *wm_field(struct wizard_model *m, size_t i);
/* The index of the field with key, or -1. */
int wm_find(const struct wizard_model *m, const char *key);

/* --- navigation ----------------------------------------------------------- */

/* Move to the next or previous section; false at either end. */
bool wm_next(struct wizard_model *m);
bool wm_prev(struct wizard_model *m);
/* Go to section k; false (staying put) when there is none. */
bool wm_jump(struct wizard_model *m, size_t k);

/* --- answers ---------------------------------------------------------------
 */

/* Replace what is typed in f (copied).  Returns 0, -1 out of memory. */
int wm_set_text(struct wm_field *f, const char *text);

/* The value to save: text trimmed; for a list, its non-empty items, each
 * trimmed, one a line.  malloc'd; NULL when out of memory. */
char *wm_value(const struct wm_field *f);

/* 1 when what is typed differs from what the store holds. */
bool wm_dirty(const struct wm_field *f);

/* The store took f's value as normalised: both text and saved become it,
 * and the error goes. */
int wm_saved(struct wm_field *f, const char *normalised);
/* The store refused f's value with message: the text stays. */
int wm_failed(struct wm_field *f, const char *message);
/* What was typed for f and refused earlier, which the store kept
 * (struct ag_pending): it is shown again as typed, marked refused with
 * message, and saved with f's next save.  0, or -1 out of memory. */
int wm_restore(struct wm_field *f, const char *text, const char *message);

/* --- saving ----------------------------------------------------------------
 */

enum wm_event {
	WM_EV_KEY,	      /* a key typed into a field */
	WM_EV_FIELD_LEFT,     /* focus left field `focus` */
	WM_EV_SECTION_CHANGE, /* about to show another section */
	WM_EV_SAVE,	      /* Ctrl-S */
	WM_EV_LEAVE,	      /* save and leave, a signal, a lost terminal */
};

/*
 * Which fields an event saves, into out (room for m->n_fields): none for
 * a key; the field left when it is dirty or refused; the current
 * section's dirty or refused fields when the section changes; every
 * dirty or refused field for the others.  (A refused text is saved
 * again so that the store keeps what is on screen: corrected, typed back
 * to what is stored, or refused anew.)  Returns how many.
 */
size_t wm_to_save(const struct wizard_model *m, enum wm_event ev, size_t focus,
		  size_t *out);

/* --- state -------------------------------------------------------------------
 */

/* Every required field of section k has a stored value and none is
 * refused or unsaved. */
bool wm_section_complete(const struct wizard_model *m, size_t k);
/* Everyone section k needs has confirmed it. */
bool wm_section_confirmed(const struct wizard_model *m, size_t k);
/* Sections confirmed by all they need. */
size_t wm_confirmed_count(const struct wizard_model *m);

enum wm_block_kind {
	WM_BLOCK_MISSING,     /* a required answer is empty */
	WM_BLOCK_INVALID,     /* the store refused what is typed */
	WM_BLOCK_UNSAVED,     /* typed but not saved yet */
	WM_BLOCK_UNCONFIRMED, /* a party has not confirmed the section */
};

struct wm_block {
	enum wm_block_kind kind;
	int section;   /* where to go to mend it; -1: the parties screen */
	int field;     /* the field, or -1 */
	unsigned role; /* for UNCONFIRMED: TPL_MENTOR or TPL_MENTEE */
};

/*
 * What stands between the agreement and signing, in the order a pair
 * would mend it.  Writes at most max into out; returns how many there
 * are (0: it can be signed).
 */
size_t wm_blockers(const struct wizard_model *m, struct wm_block *out,
		   size_t max);

/* The section to jump to for a line of agreement_problems(), matched by
 * its "Section title: " prefix or "the mentor's"/"the mentee's"; -1 for
 * the parties screen, -2 when it names nothing known. */
int wm_problem_section(const struct wizard_model *m, const char *problem);
/* The field of the party detail a line of agreement_problems() names
 * ("the mentee's email is not given"), or -1. */
int wm_problem_detail(const struct wizard_model *m, const char *problem);

/* --- small decisions
 * ----------------------------------------------------------- */

/* Whether a typed or pasted character may go into a field: no C0 or C1
 * controls, DEL or bidi controls; a newline only in a multi-line one. */
bool wm_accept_char(wchar_t c, bool multiline);

/* Whether a cols x rows terminal is too small to draw in. */
bool wm_too_small(int cols, int rows);

/* --- lists
 * ---------------------------------------------------------------------- */

/* The number of items in a list's text (at least 1: an empty text is one
 * empty item being typed). */
size_t wm_list_count(const char *text);
/* Item i of a list's text, malloc'd ("" past the end). */
char *wm_list_item(const char *text, size_t i);
/* Replace item i by item (which must not hold "\n"). 0, or -1. */
int wm_list_put(struct wm_field *f, size_t i, const char *item);
/* Add an empty item after item i; refused (-1) at the field's maximum.
 * Returns the new item's index. */
int wm_list_add(struct wm_field *f, size_t i);
/* Delete item i; the last item left is emptied instead.  Returns the
 * item to focus next. */
size_t wm_list_delete(struct wm_field *f, size_t i);

#endif
