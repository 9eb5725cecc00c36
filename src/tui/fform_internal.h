/*
 * fform_internal.h - what the form's files share (fform.c, fform_layout.c,
 * fform_text.c, fform_keys.c): the slots an answer is laid out in, the
 * form itself, and the functions each file lends the others.
 */
#ifndef MENTORPACT_TUI_FFORM_INTERNAL_H
#define MENTORPACT_TUI_FFORM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <form.h>

#include "tui/fform.h"

/* What a slot of the form shows. */
enum slot_kind {
	SL_LABEL,   /* an answer's label (inactive) */
	SL_NUMBER,  /* a list item's number (inactive) */
	SL_TEXT,    /* one line of text */
	SL_LONG,    /* several lines of text */
	SL_ITEM,    /* one list item */
	SL_CHOICE,  /* a choice, picked from a menu */
	SL_YESNO,   /* a yes/no toggle */
	SL_CONFIRM, /* "Mentor agrees [ ]" */
};

/* One form field, where it is, and what it shows: model field fi (its
 * list item, or the confirmation of role). */
struct slot {
	enum slot_kind kind;
	int fi;	     /* model field, or -1 */
	size_t item; /* list item */
	unsigned role;
	int row, col, rows, cols;
	bool page_start;
	FIELD *f;
	int page; /* the form page it is on */
};

/* A form on screen (fform.h). */
struct fform {
	struct tui_app *app;
	struct fform_spec spec;
	size_t *fields;
	WINDOW *win;
	int rows, cols;
	struct slot *slots;
	size_t n_slots, cap;
	FIELD **ff;
	FORM *form;
	size_t cur;
	size_t cursor; /* in the text in focus: a character index */
	size_t top;    /* a long text's first row shown; a line's first
			  character shown */
	bool fresh;    /* the answer in focus shows its default, untouched */
	int pages;
	int gap;	/* blank rows between answers */
	int long_extra; /* rows given to each long text beyond LONG_ROWS */
};

/* Whether a slot's text is typed into (and drawn by fform_text.c). */
static inline bool editable(enum slot_kind k)
{
	return k == SL_TEXT || k == SL_LONG || k == SL_ITEM;
}

/* Whether a slot can take the focus. */
static inline bool active(enum slot_kind k)
{
	return k != SL_LABEL && k != SL_NUMBER;
}

/* --- fform.c -------------------------------------------------------------- */

/* Put what slot s shows in its field (an editable slot's stays empty:
 * fform_text.c draws it). */
void ff_fill(struct fform *ff, struct slot *s);

/* Unpost and free the form and its fields (the slots stay). */
void ff_drop_form(struct fform *ff);

/* The first slot that can take the focus. */
size_t ff_first_active(const struct fform *ff);

/* Lay out, make a field per slot, and post the form with the focus on
 * ff->cur (or the first active slot); -1 when out of memory. */
int ff_build(struct fform *ff);

/* Find the slot showing (kind family, fi, item, role); or -1. */
long ff_find_slot(const struct fform *ff, const struct slot *like);

/* Move focus dir (+1/-1) to the next active slot; FF_LEFT when it left
 * an answer. */
enum ff_result ff_move_focus(struct fform *ff, int dir, struct ff_out *out);

/* --- fform_layout.c ------------------------------------------------------- */

/* Lay out with a blank row between answers when that fits on one page,
 * else without; ff->slots, ff->pages.  -1 when out of memory. */
int ff_layout(struct fform *ff);

/* --- fform_text.c --------------------------------------------------------- */

/* Draw a long text, or a one-line text (an answer or a list item); in
 * focus, from where the cursor is in sight, and then *y, *x (when given)
 * are the cursor's place in the window. */
void ff_paint_long(struct fform *ff, const struct slot *s, bool focused, int *y,
		   int *x);
void ff_paint_line(struct fform *ff, const struct slot *s, bool focused, int *y,
		   int *x);

/* Empty the text in focus (Ctrl-U). */
void ff_text_clear(struct fform *ff, const struct slot *s);

/* Type c into the text in focus: it replaces a default shown untouched. */
void ff_text_type(struct fform *ff, const struct slot *s, wchar_t c);

/* An editing key in the text in focus: Left, Right, Home, End, Up, Down,
 * Backspace, Delete.  Up and Down leave a line, and a long text's first
 * or last row, for the answer above or below. */
enum ff_result ff_text_key(struct fform *ff, const struct slot *s, wint_t key,
			   struct ff_out *out);

#endif
