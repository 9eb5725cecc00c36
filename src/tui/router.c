/*
 * router.c - the one place where screens meet (router.h): a screen asks
 * tui_go for a place, and the router runs the screen there.
 */
#include "tui/router.h"

/* The administrator's screens are in files of their own and may not be
 * linked in: the router refers to them weakly, and tui_route_there says
 * whether they are there. */
#pragma weak admin_view
#pragma weak admin_signers
#pragma weak admin_purge_screen
#pragma weak admin_review
#pragma weak admin_end
#pragma weak admin_recontract
#pragma weak admin_delete
#pragma weak admin_export

bool tui_route_there(enum tui_place to)
{
	switch (to) {
	case TUI_ADMIN:
		return tui_admin_main;
	case TUI_ADMIN_VIEW:
		return admin_view;
	case TUI_ADMIN_SIGNERS:
		return admin_signers;
	case TUI_ADMIN_PURGE:
		return admin_purge_screen;
	case TUI_ADMIN_REVIEW:
		return admin_review;
	case TUI_ADMIN_END:
		return admin_end;
	case TUI_ADMIN_RECONTRACT:
		return admin_recontract;
	case TUI_ADMIN_DELETE:
		return admin_delete;
	case TUI_ADMIN_EXPORT:
		return admin_export;
	}
	return false;
}

enum admin_outcome tui_go(struct tui_app *app, const struct tui_route *r)
{
	if (!tui_route_there(r->to))
		return ADMIN_KEPT;
	switch (r->to) {
	case TUI_ADMIN:
		tui_admin_main(app);
		break;
	case TUI_ADMIN_VIEW:
		admin_view(app, r->id);
		break;
	case TUI_ADMIN_SIGNERS:
		admin_signers(app);
		break;
	case TUI_ADMIN_PURGE:
		return admin_purge_screen(app);
	case TUI_ADMIN_REVIEW:
		return admin_review(app, r->ag);
	case TUI_ADMIN_END:
		return admin_end(app, r->ag);
	case TUI_ADMIN_RECONTRACT:
		return admin_recontract(app, r->ag);
	case TUI_ADMIN_DELETE:
		return admin_delete(app, r->ag);
	case TUI_ADMIN_EXPORT:
		return admin_export(app, r->ag);
	}
	return ADMIN_KEPT;
}
