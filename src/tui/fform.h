/*
 * fform.h - the answers on a screen as an ncurses form: a label row
 * (whose answer it is, a mark when required, the reason when refused)
 * above each answer, laid out on form pages that fit the window; text
 * fields (multi-line for long text), choices from a menu, yes/no
 * toggles, lists whose items grow and shrink, and the confirmation line
 * "Mentor agrees [ ]  Mentee agrees [ ]".
 *
 * The form edits the model's texts; it never saves.  It tells its caller
 * when focus has left an answer (FF_LEFT: save it, then fform_reload) and
 * when a confirmation box was ticked (FF_CONFIRM).
 */
#ifndef MENTORPACT_TUI_FFORM_H
#define MENTORPACT_TUI_FFORM_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/tui.h"
#include "tui/wizard_model.h"

struct fform;

struct fform_spec {
	struct wizard_model *m;
	const size_t *fields; /* model indexes, in order */
	size_t n;
	unsigned need;	    /* who confirms (TPL_* bits); 0: no line */
	unsigned confirmed; /* who has */
	/* said when Tab is pressed on the last answer; NULL: the wizard's
	 * "Ctrl-N goes on to the next section" */
	const char *at_end;
};

enum ff_result {
	FF_NONE,      /* handled */
	FF_LEFT,      /* out->field was left: save it */
	FF_CONFIRM,   /* out->role asks to confirm (out->on) or withdraw */
	FF_UNHANDLED, /* not the form's key: the screen's */
};

struct ff_out {
	size_t field;
	unsigned role;
	bool on;
};

/* The line of help shown under the answers for f: its own help and the
 * keys its type is typed with, else the program's words on its type (a
 * rating's scale, with what its ends mean). */
void fform_help_line(const struct wm_field *f, char *line, size_t size);

/* Lay the form out in the window at (y, x) of rows x cols and post it.
 * NULL when out of memory or the window cannot be made. */
struct fform *fform_open(struct tui_app *app, const struct fform_spec *spec,
			 int y, int x, int rows, int cols);

/* Free the form (what is typed is in the model at every key).  NULL is
 * allowed. */
void fform_close(struct fform *ff);

/* Rebuild from the model (after a save changed a text or a refusal, or
 * the confirmations changed), keeping the focus. */
void fform_reload(struct fform *ff, unsigned confirmed);

/* Handle one key. */
enum ff_result fform_key(struct fform *ff, const struct tui_key *k,
			 struct ff_out *out);

/* Whether the focus is in a text, where every character is typed. */
bool fform_typing(const struct fform *ff);

/* The model field in focus, or -1 (on the confirmation line). */
int fform_focus(const struct fform *ff);
/* Put the focus on model field fi (its first item), if shown. */
void fform_focus_field(struct fform *ff, size_t fi);

/* Where the focus is: the answer, list item or box, and the cursor in
 * it; kept across a new layout (a resize) with fform_go. */
struct fform_place {
	int fi;
	size_t item;
	unsigned role;
	size_t cursor;
	bool fresh;
};
void fform_where(const struct fform *ff, struct fform_place *p);
/* Put the focus back where p says, when that is still shown. */
void fform_go(struct fform *ff, const struct fform_place *p);

/* The page shown and how many there are. */
void fform_pages(const struct fform *ff, int *page, int *pages);

/* The rows the form would need at this width to show on one page. */
int fform_rows_needed(const struct fform_spec *spec, int cols);

/* The form's window: read keys from it, so that the cursor stays in the
 * focused field. */
WINDOW *fform_window(const struct fform *ff);

/* Refresh the form's window into the virtual screen, cursor in the
 * focused field. */
void fform_refresh(struct fform *ff);

#endif
