/*
 * screen_home.c - the home screen: start an agreement, continue one
 * (listed by names and scheme), the administrator's review when it is
 * linked in, import, quit; above them, what is due by today (meetings,
 * forms, reviews), counted from the per-day counts (records.h), so that
 * it costs the same at a hundred thousand agreements as at a thousand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "mentorpact/agreement.h"
#include "mentorpact/records.h"
#include "mentorpact/store.h"
#include "mentorpact/template.h"
#include "tui/admin.h"
#include "tui/router.h"
#include "tui/tui.h"

#define HOME_MAX_DRAFTS 200

struct home_entry {
	enum tui_home_choice choice;
	char id[AG_ID_SIZE];
	char *text;
};

struct home {
	struct tui_app *app;
	struct home_entry *e;
	size_t n, cap;
	bool nomem;
	char due[200]; /* what is due by today, or "" when nothing is */
};

static void add_entry(struct home *h, enum tui_home_choice c, const char *id,
		      const char *text)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 16;
		struct home_entry *e = realloc(h->e, cap * sizeof(*e));
		if (!e) {
			h->nomem = true;
			return;
		}
		h->e = e;
		h->cap = cap;
	}
	h->e[h->n].choice = c;
	snprintf(h->e[h->n].id, AG_ID_SIZE, "%s", id ? id : "");
	if (!(h->e[h->n].text = tui_fit(text, COLS - 6))) {
		h->nomem = true;
		return;
	}
	h->n++;
}

static const char *scheme_name(struct tui_app *app, const char *id)
{
	const struct tpl_entry *e = template_catalog_find(app->cat, id);

	return e ? e->tpl->name : id;
}

static const char *status_words(const char *status)
{
	return !strcmp(status, "draft")	   ? "draft"
	       : !strcmp(status, "ready")  ? "ready to sign"
	       : !strcmp(status, "signed") ? "signed by one"
	       : !strcmp(status, "active") ? "signed by both"
	       : !strcmp(status, "ended")  ? "ended; a form is open"
					   : status;
}

/* Whether ended agreement id still has a form to fill (at the end). */
static bool form_open(struct home *h, const char *id)
{
	char due[REC_DUE_KINDS][11];
	struct mp_error err;

	return records_due_of(h->app->st, id, due, &err) == MP_OK &&
	       due[REC_DUE_FORM][0];
}

/* One agreement from agreement_query: listed unless it has ended and
 * has no form left to fill. */
static void add_row(void *ctx, const struct ag_row *r)
{
	struct home *h = ctx;
	char line[1024];

	if (!strcmp(r->status, "ended") && !form_open(h, r->id))
		return;
	snprintf(line, sizeof(line), "Continue: %s and %s, %s (%s, %.10s)",
		 r->mentor && *r->mentor ? r->mentor : "(mentor not named)",
		 r->mentee && *r->mentee ? r->mentee : "(mentee not named)",
		 scheme_name(h->app, r->scheme), status_words(r->status),
		 r->changed ? r->changed : "");
	add_entry(h, HOME_CONTINUE, r->id, line);
}

static const char *plural(long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* "Due by today: 2 meetings, 1 form, 0 reviews", or "" when none. */
static void count_due(struct home *h)
{
	long c[REC_DUE_KINDS];
	struct mp_error err;
	char today[11];
	time_t t = time(NULL);
	struct tm tm;

	h->due[0] = '\0';
	localtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	if (records_due_counts(h->app->st, today, c, &err) != MP_OK) {
		tui_say(h->app, true, "%s", err.message);
		return;
	}
	if (c[REC_DUE_MEETING] + c[REC_DUE_FORM] + c[REC_DUE_REVIEW] == 0)
		return;
	snprintf(h->due, sizeof(h->due), "Due by today: %ld %s, %ld %s, %ld %s",
		 c[REC_DUE_MEETING],
		 plural(c[REC_DUE_MEETING], "meeting", "meetings"),
		 c[REC_DUE_FORM], plural(c[REC_DUE_FORM], "form", "forms"),
		 c[REC_DUE_REVIEW],
		 plural(c[REC_DUE_REVIEW], "review", "reviews"));
}

static void build(struct home *h)
{
	/* The agreements most recently changed — one page, newest first,
	 * as the store may hold a hundred thousand — less the ended ones:
	 * the pair come back to finish one, or to export it once both have
	 * signed. */
	struct ag_filter f = {.status = -1, .limit = HOME_MAX_DRAFTS};
	struct mp_error err;
	char line[300], summary[200];

	count_due(h);
	add_entry(h, HOME_NEW, NULL, "Start a new agreement");
	if (agreement_query(h->app->st, &f, add_row, h, &err) != MP_OK)
		tui_say(h->app, true, "%s", err.message);
	if (tui_route_there(TUI_ADMIN)) {
		summary[0] = '\0';
		if (tui_admin_summary &&
		    tui_admin_summary(h->app, summary, sizeof(summary)) != 0) {
			tui_say(h->app, true, "%s", summary);
			summary[0] = '\0';
		}
		snprintf(line, sizeof(line),
			 "Review agreements (the administrator's view)%s%s",
			 summary[0] ? ": " : "", summary);
		add_entry(h, HOME_ADMIN, NULL, line);
	}
	add_entry(h, HOME_IMPORT, NULL,
		  "Import a signed agreement from a file");
	add_entry(h, HOME_QUIT, NULL, "Quit");
}

static void clear_entries(struct home *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->e[i].text);
	free(h->e);
	h->e = NULL;
	h->n = h->cap = 0;
}

static void draw(struct home *h)
{
	static const char *const keys[] = {
	    "Up/Down", "choose", "Enter", "open", "n", "new",
	    "i",       "import", "q",	  "quit", NULL};
	struct tui_app *app = h->app;

	char where[4200];

	erase();
	tui_header(app, "mentorpact: mentoring agreements", NULL,
		   "What would you like to do?");
	snprintf(where, sizeof(where),
		 "Make, sign and keep mentoring agreements together.  They are "
		 "kept, encrypted, in %s",
		 store_path(app->st));
	attron(A_DIM);
	tui_put(stdscr, 2, 1, COLS - 2, where);
	attroff(A_DIM);
	if (h->due[0])
		tui_put(stdscr, 3, 1, COLS - 2, h->due);
	tui_message_line(app);
	tui_footer(app, keys);
	wnoutrefresh(stdscr);
}

/* A letter that picks an entry straight away, or -1. */
static int shortcut(const struct home *h, const struct tui_key *k)
{
	enum tui_home_choice c;

	if (k->kind != TK_CHAR)
		return -1;
	switch (k->code) {
	case 'n':
		c = HOME_NEW;
		break;
	case 'i':
		c = HOME_IMPORT;
		break;
	case 'q':
		c = HOME_QUIT;
		break;
	case 'a':
		c = HOME_ADMIN;
		break;
	default:
		return -1;
	}
	for (size_t i = 0; i < h->n; i++)
		if (h->e[i].choice == c)
			return (int)i;
	return -1;
}

/* Show the menu in the free rows until something is chosen; -1 to lay it
 * out again (a resize), -2 to quit. */
static int show(struct home *h)
{
	const char **names = calloc(h->n + 1, sizeof(*names));
	size_t current = 0;
	int pick = -2;

	if (!names)
		return -2;
	for (size_t i = 0; i < h->n; i++)
		names[i] = h->e[i].text;
	draw(h);
	for (;;) {
		struct tui_key k;
		enum tui_act a;
		pick =
		    tui_menu(h->app, 4, LINES - 7, names, h->n, &current, &k);
		if (pick >= 0)
			break;
		a = tui_action(&k);
		if (a == ACT_QUIT || a == ACT_RESIZE) {
			pick = a == ACT_QUIT ? -2 : -1;
			break;
		}
		if ((pick = shortcut(h, &k)) >= 0)
			break;
	}
	free(names);
	return pick;
}

enum tui_home_choice tui_screen_home(struct tui_app *app, char *id, size_t size)
{
	struct home h = {.app = app};
	enum tui_home_choice c = HOME_QUIT;
	int pick = -1;

	while (pick == -1 && !tui_quitting()) {
		build(&h);
		if (h.nomem) {
			clear_entries(&h);
			return HOME_QUIT;
		}
		pick = show(&h);
		if (pick >= 0) {
			c = h.e[pick].choice;
			snprintf(id, size, "%s", h.e[pick].id);
		}
		clear_entries(&h);
	}
	app->msg[0] = '\0';
	return c;
}
