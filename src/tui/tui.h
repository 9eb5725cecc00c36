/*
 * tui.h - the terminal front end: what its screens share.
 *
 * tui_main() sets the terminal up, unlocks (or creates) the store and
 * runs the home screen; every screen reads keys through tui_read(), which
 * is where a resize, a too-small terminal, Ctrl-C and the signals that
 * end the program are noticed, so that each screen only has to redraw or
 * to save and leave.  The core is used as in the command line; the
 * screens never print and never exit.
 */
#ifndef MENTORPACT_TUI_H
#define MENTORPACT_TUI_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

#include "mentorpact/status.h"

struct agreement;
struct cli_ctx;
struct mp_secret;
struct store;
struct tpl_catalog;
struct tui_app;
struct wizard_model;

/* Start the terminal UI; returns the process exit code. */
int tui_main(struct cli_ctx *ctx);

/* Colour pairs (used only when colour is on). */
enum tui_colour {
	TC_TITLE = 1, /* header band */
	TC_ERROR,     /* refusals and problems */
	TC_GOOD,      /* saved, agreed */
	TC_LABEL,     /* field labels */
	TC_KEY,	      /* key names in the footer */
};

/* The running program. */
struct tui_app {
	struct cli_ctx *ctx;
	struct store *st;
	struct tpl_catalog *cat;
	bool colour;
	char msg[1024]; /* the message line */
	bool msg_error;
	/* For F1 (tui_help): a word on the screen showing, and its keys as
	 * "KEY", "what" pairs ending in NULL; set by each screen. */
	const char *help;
	const char *const *help_keys;
	bool question_help; /* ? opens the help too: no text is typed here */
	/* The store's passphrase, kept (guarded) to refuse a signing
	 * passphrase equal to it; NULL when the store was opened otherwise. */
	struct mp_secret *store_pass;
};

/* What tui_read gives back. */
enum tui_kind {
	TK_CHAR,   /* code: a character */
	TK_KEY,	   /* code: a KEY_* function key */
	TK_RESIZE, /* the terminal changed size: lay out again */
	TK_QUIT,   /* Ctrl-C, a signal or a lost terminal: save and leave */
};

struct tui_key {
	enum tui_kind kind;
	wint_t code;
};

/* What a key means, wherever it is pressed. */
enum tui_act {
	ACT_NONE,
	ACT_NEXT_FIELD,	  /* Tab */
	ACT_PREV_FIELD,	  /* Shift-Tab */
	ACT_ENTER,	  /* Enter */
	ACT_NEXT_SECTION, /* Ctrl-N, F2 */
	ACT_PREV_SECTION, /* Ctrl-P, F3 */
	ACT_SECTIONS,	  /* Ctrl-L, F4 */
	ACT_REVIEW,	  /* Ctrl-R, F5 */
	ACT_SAVE,	  /* Ctrl-S */
	ACT_LEAVE,	  /* Ctrl-X, F10 */
	ACT_BACK,	  /* Escape: cancel a dialog, go back */
	ACT_PAGE_UP,	  /* PgUp, Ctrl-B */
	ACT_PAGE_DOWN,	  /* PgDn, Ctrl-F */
	ACT_ADD_ITEM,	  /* Ctrl-A */
	ACT_DEL_ITEM,	  /* Ctrl-D */
	ACT_CLEAR,	  /* Ctrl-U: empty the answer in focus */
	ACT_AGREE_MENTOR, /* F6: the mentor ticks the section's box */
	ACT_AGREE_MENTEE, /* F7: the mentee ticks it */
	ACT_HELP,	  /* F1 (and ? where it is not typed) */
	ACT_QUIT,	  /* TK_QUIT */
	ACT_RESIZE,	  /* TK_RESIZE */
};

/* --- tui.c ------------------------------------------------------------- */

/*
 * Wait for a key on w (keypad on, 200 ms timeouts so that signals are
 * noticed).  A resize to below 80x24 shows the "please enlarge" screen
 * until the terminal is big enough, then gives TK_RESIZE.
 */
void tui_read(struct tui_app *app, WINDOW *w, struct tui_key *k);

/* The action of a key (ACT_NONE for text and keys a screen handles). */
enum tui_act tui_action(const struct tui_key *k);

/* 1 once the program has been asked to end (a signal, Ctrl-C). */
bool tui_quitting(void);

/* Set the message line (printf-style); error shows it as a problem. */
void tui_say(struct tui_app *app, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* --- widgets.c and widget_*.c --------------------------------------------- */

/* Turn a colour pair on or off (a no-op without colour), with a plain
 * attribute to use either way. */
void tui_attr_on(struct tui_app *app, WINDOW *w, enum tui_colour c,
		 attr_t plain);
void tui_attr_off(struct tui_app *app, WINDOW *w, enum tui_colour c,
		  attr_t plain);

/* Draw UTF-8 text at (y, x), made safe and cut to at most width columns
 * (an ellipsis marks a cut).  Returns the columns drawn. */
int tui_put(WINDOW *w, int y, int x, int width, const char *text);

/* A malloc'd copy of text made safe and cut to width columns, an ellipsis
 * marking the cut; for menu items. */
char *tui_fit(const char *text, int width);

/* The top two lines: title at the left, right at the right, and a second
 * line (NULL for none); every screen has one. */
void tui_header(struct tui_app *app, const char *title, const char *right,
		const char *line2);

/* A progress bar of done out of total, width columns, at (y, x). */
void tui_progress(WINDOW *w, int y, int x, int width, size_t done,
		  size_t total);

/* A rule across the screen at row y, with an optional caption. */
void tui_rule(struct tui_app *app, int y, const char *caption);

/* The bottom line: "KEY what  KEY what ..." pairs, key names in bold. */
void tui_footer(struct tui_app *app, const char *const *pairs);

/* The message line, just above the footer. */
void tui_message_line(struct tui_app *app);

/* Lines of text wrapped at width (text_wrap), kept for a scrolling view. */
struct tui_view {
	char **lines;
	size_t n;
	size_t top;
};

int tui_view_set(struct tui_view *v, const char *text, int width);
void tui_view_free(struct tui_view *v);
/* Draw rows lines from v->top into w at row y; with a scroll mark at the
 * right when there is more above or below. */
void tui_view_draw(struct tui_app *app, WINDOW *w, int y, int rows,
		   const struct tui_view *v);
/* Scroll by delta lines within a view of rows lines; false when it was
 * already at that end. */
bool tui_view_scroll(struct tui_view *v, int rows, long delta);

/*
 * A popup menu (menu library, in a panel) of n items with a title; each
 * item is one line, made safe.  Returns the chosen index, or -1 when
 * left with Escape.  *quit is set when the program must end.
 */
int tui_pick(struct tui_app *app, const char *title, const char *const *items,
	     size_t n, size_t selected, bool *quit);

/*
 * A menu of n lines (made safe, cut to the width) in rows rows of the
 * screen from row y, the item *current selected, moved with Up/Down,
 * j/k, Tab, PgUp/PgDn, Home/End.  Returns the index chosen with Enter,
 * or -1 with any other key in *other (a letter, Escape, a resize, the
 * program's end) for the screen to act on; *current receives the item
 * selected then.  n must be at least 1: with no lines, or when the
 * window cannot be made, it gives -1 and TK_QUIT.
 */
int tui_menu(struct tui_app *app, int y, int rows, const char *const *names,
	     size_t n, size_t *current, struct tui_key *other);

/*
 * The help (F1, or ? where no text is typed; tui_read opens it): the
 * message line in full, app->help on the screen showing, its keys, and
 * the keys that work everywhere, scrollable; any key closes it and the
 * screen behind comes back as it was.
 */
void tui_help(struct tui_app *app);

/* Set what F1 says on the screen about to read keys. */
void tui_help_set(struct tui_app *app, const char *help,
		  const char *const *keys, bool question);

/* A yes/no question in a popup; Enter or y is yes. */
bool tui_ask(struct tui_app *app, const char *question, bool *quit);

/*
 * Read a passphrase without echo into guarded memory at row y of stdscr,
 * after the prompt.  MP_OK and *out (secret_free it), or MP_ERR_INVALID
 * when left with Escape or empty; *quit is set when the program must end.
 */
enum mp_status tui_read_secret(struct tui_app *app, int y, const char *prompt,
			       struct mp_secret **out, bool *quit,
			       struct mp_error *err);

/* The same for a new passphrase: its strength (pw_rate, with
 * user_words: the person's names and email) and zxcvbn's advice show on
 * row y + 1 as it is typed. */
enum mp_status tui_read_new_secret(struct tui_app *app, int y,
				   const char *prompt,
				   const char *const *user_words,
				   struct mp_secret **out, bool *quit,
				   struct mp_error *err);

/*
 * Read one line of text in a one-field form at row y, after the prompt,
 * starting from initial.  1 and *out (malloc'd, trimmed) on Enter; 0 on
 * Escape or a resize, and with *quit when the program must end.
 */
int tui_read_line(struct tui_app *app, int y, const char *prompt,
		  const char *initial, char **out, bool *quit);

/* --- screens ----------------------------------------------------------------
 */

/* First run (no store: make one) or unlock.  MP_OK with app->st open. */
enum mp_status tui_screen_unlock(struct tui_app *app);

/* The home screen's choices. */
enum tui_home_choice {
	HOME_NEW,
	HOME_CONTINUE,
	HOME_ADMIN,
	HOME_IMPORT,
	HOME_QUIT,
};

/* The home screen; for HOME_CONTINUE, id receives the agreement's id. */
enum tui_home_choice tui_screen_home(struct tui_app *app, char *id,
				     size_t size);

/* Pick a scheme and make a draft: *out is the new agreement or NULL when
 * they went back. */
void tui_screen_new(struct tui_app *app, struct agreement **out);

/* Import a signed agreement from a file. */
void tui_screen_import(struct tui_app *app);

/* Everything done with one agreement: parties, wizard, review, sign,
 * export.  start_parties: begin on the parties screen (a new draft). */
void tui_agreement(struct tui_app *app, struct agreement *ag,
		   bool start_parties);

#endif
