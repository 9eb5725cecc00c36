/*
 * router.h - how a screen sends the person to another.
 *
 * Screens (screen_*.c) never call each other.  A screen names where the
 * person goes, as a struct tui_route, and tui_go (router.c) runs the
 * screen found there until it is left; then the person is back on the
 * screen that sent them, which is told what happened meanwhile and draws
 * itself again.  So each screen knows the places, not the other screens'
 * functions, and the one list of who reaches whom is router.c.
 */
#ifndef MENTORPACT_TUI_ROUTER_H
#define MENTORPACT_TUI_ROUTER_H

#include <stdbool.h>

#include "tui/admin.h"
#include "tui/tui.h"

struct agreement;

/* Where a screen can send the person. */
enum tui_place {
	TUI_ADMIN,	      /* the administrator's table of agreements */
	TUI_ADMIN_VIEW,	      /* one agreement, read-only: route.id */
	TUI_ADMIN_SIGNERS,    /* the register of signers */
	TUI_ADMIN_PURGE,      /* a purge: the dry run, then the question */
	TUI_ADMIN_REVIEW,     /* record a review of route.ag */
	TUI_ADMIN_END,	      /* end route.ag */
	TUI_ADMIN_RECONTRACT, /* start route.ag's next version */
	TUI_ADMIN_DELETE,     /* delete route.ag, every version */
	TUI_ADMIN_EXPORT,     /* export route.ag's signed text */
};

/* A place and what the screen there is given. */
struct tui_route {
	enum tui_place to;
	const char *id;	      /* TUI_ADMIN_VIEW: the agreement's id */
	struct agreement *ag; /* the actions on one agreement: it */
};

/* Whether the screen at place to is linked in: the administrator's
 * screens are in files of their own, and the home screen offers them
 * only when they are there. */
bool tui_route_there(enum tui_place to);

/* Run the screen route r names until the person leaves it.  What it did
 * to the agreement on screen or to the store: ADMIN_CHANGED (read it
 * again), ADMIN_GONE (it was deleted), else ADMIN_KEPT, which is also the
 * answer of a place that changes nothing or is not linked in. */
enum admin_outcome tui_go(struct tui_app *app, const struct tui_route *r);

#endif
