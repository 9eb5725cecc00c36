/*
 * admin.h - the administrator's screens in the terminal UI: a table of
 * agreements (screen_admin.c), one agreement read-only with its versions,
 * signatures and audit entries (screen_admin_view.c), and the forms that
 * change it: review, end, re-contract, delete, export and purge
 * (screen_admin_actions.c); what they share, none of it a screen, is in
 * admin_common.c.
 *
 * The screens reach each other through the router (router.h), and the
 * home screen reaches the table the same way (TUI_ADMIN); it shows
 * tui_admin_summary's line.  tui_admin_main and tui_admin_summary are
 * weak, as are the router's references to the other screens, so the
 * home screen works when these files are not linked in.
 */
#ifndef MENTORPACT_TUI_ADMIN_H
#define MENTORPACT_TUI_ADMIN_H

#include <stdbool.h>
#include <stddef.h>

#include "mentorpact/agreement.h"
#include "tui/tui.h"

/* The administrator's table of agreements (screen_admin.c), until they go
 * back; returns 0.  Declared weak so that the home screen offers it only
 * when it is linked in (tui_route_there). */
int tui_admin_main(struct tui_app *app) __attribute__((weak));

/*
 * One line for the home screen into buf, e.g. "3 reviews overdue, 2
 * records due for purging": reviews due by today on agreements not
 * ended (counted to at most ADMIN_COUNT_MAX), and agreements past their
 * keep-until date (admin_purge's dry run).  Returns 0; -1 with the
 * core's message in buf when the store cannot say.
 */
int tui_admin_summary(struct tui_app *app, char *buf, size_t size)
    __attribute__((weak));

/* --- shared by the administrator's screens (admin_common.c) --------------- */

/* Counts on the home line stop here ("more than 1000 ..."). */
#define ADMIN_COUNT_MAX 1000

/* What an action did to the agreement on screen. */
enum admin_outcome {
	ADMIN_KEPT,    /* nothing changed (cancelled, or refused) */
	ADMIN_CHANGED, /* it changed: load it again */
	ADMIN_GONE,    /* it was deleted or purged: leave it */
};

/* The title of the screens that show no one agreement. */
#define ADMIN_TITLE "mentorpact: the administrator's view"

/* The header's right part for an agreement: "Agreement ID vN (status)". */
void admin_tag(const struct agreement *ag, char *buf, size_t size);

/* Today's local date, "YYYY-MM-DD". */
void admin_today(char day[11]);

/* A growing text for the scrolling views; nomem once an append failed. */
struct admin_text {
	char *s;
	size_t len, cap;
	bool nomem;
};

void admin_text_add(struct admin_text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void admin_text_free(struct admin_text *t);

/* How many agreements f selects (its limit and offset ignored), counting
 * to at most max + 1, into *n. */
enum mp_status admin_count_to(struct tui_app *app, struct ag_filter f, long max,
			      long *n, struct mp_error *err);

/* --- the screens ---------------------------------------------------------- */

/* Show agreement id read-only, with its actions, until they go back. */
void admin_view(struct tui_app *app, const char *id);

/* The actions; each asks what it needs, calls the core, and says how it
 * went on the message line. */
enum admin_outcome admin_review(struct tui_app *app, struct agreement *ag);
enum admin_outcome admin_end(struct tui_app *app, struct agreement *ag);
enum admin_outcome admin_recontract(struct tui_app *app, struct agreement *ag);
enum admin_outcome admin_delete(struct tui_app *app, struct agreement *ag);
enum admin_outcome admin_export(struct tui_app *app, struct agreement *ag);

/* The register of signers (screen_signers.c): list, add a key told by
 * phone, retire one; until they go back. */
void admin_signers(struct tui_app *app);

/* Show what a purge would delete (a dry run) and, when they confirm,
 * purge it.  ADMIN_CHANGED when something was purged. */
enum admin_outcome admin_purge_screen(struct tui_app *app);

#endif
