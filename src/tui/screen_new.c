/*
 * screen_new.c - starting an agreement: choose the scheme from a list,
 * with the chosen scheme's description beside it; the draft is made at
 * once and the parties screen follows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <menu.h>

#include "mentorpact/agreement.h"
#include "mentorpact/template.h"
#include "tui/tui.h"

static const char *const new_keys[] = {
    "Up/Down", "choose", "Enter", "start with this scheme",
    "Esc",     "back",	 NULL};

struct picker {
	struct tui_app *app;
	ITEM **items;
	char **names;
	size_t n;
	MENU *menu;
	WINDOW *list;
	int rows;
};

static void describe(struct picker *p)
{
	const struct template *t =
	    p->app->cat->entries[item_index(current_item(p->menu))].tpl;
	struct tui_view v = {0};
	char text[4096];
	int y = 4 + p->rows;

	snprintf(text, sizeof(text), "%s\n%s%s%s", t->name,
		 t->organisation ? t->organisation : "",
		 t->organisation ? "\n\n" : "\n",
		 t->description ? t->description : "");
	for (int r = y; r < LINES - 2; r++) {
		move(r, 0);
		clrtoeol();
	}
	tui_rule(p->app, y - 1, "About this scheme");
	if (tui_view_set(&v, text, COLS - 4) == 0)
		tui_view_draw(p->app, stdscr, y, LINES - 2 - y, &v);
	tui_view_free(&v);
}

static void draw(struct picker *p)
{
	erase();
	tui_header(p->app, "mentorpact: a new agreement", NULL,
		   "Which mentoring scheme is this agreement for?");
	move(2, 0);
	attron(A_DIM);
	tui_put(stdscr, 2, 1, COLS - 2,
		"Each scheme has its own wording and questions; pick yours.");
	attroff(A_DIM);
	describe(p);
	tui_message_line(p->app);
	tui_footer(p->app, new_keys);
	wnoutrefresh(stdscr);
	wnoutrefresh(p->list);
	doupdate();
}

static int build(struct picker *p)
{
	const struct tpl_catalog *cat = p->app->cat;

	p->n = cat->count;
	p->rows = (int)p->n < (LINES - 8) / 2 ? (int)p->n : (LINES - 8) / 2;
	p->items = calloc(p->n + 1, sizeof(*p->items));
	p->names = calloc(p->n + 1, sizeof(*p->names));
	if (!p->items || !p->names)
		return -1;
	for (size_t i = 0; i < p->n; i++) {
		p->names[i] = tui_fit(cat->entries[i].tpl->name, COLS - 8);
		if (!p->names[i] || !(p->items[i] = new_item(p->names[i], "")))
			return -1;
	}
	if (!(p->list = newwin(p->rows, COLS - 2, 3, 1)) ||
	    !(p->menu = new_menu(p->items)))
		return -1;
	set_menu_win(p->menu, p->list);
	set_menu_sub(p->menu, p->list);
	set_menu_format(p->menu, p->rows, 1);
	set_menu_mark(p->menu, "> ");
	return post_menu(p->menu) == E_OK ? 0 : -1;
}

static void teardown(struct picker *p)
{
	if (p->menu) {
		unpost_menu(p->menu);
		free_menu(p->menu);
	}
	for (size_t i = 0; i < p->n; i++) {
		if (p->items && p->items[i])
			free_item(p->items[i]);
		if (p->names)
			free(p->names[i]);
	}
	free(p->items);
	free(p->names);
	if (p->list)
		delwin(p->list);
	memset(p, 0, sizeof(*p));
}

/* The chosen catalog index; -1 back, -2 lay out again, -3 quit. */
static int pick(struct picker *p)
{
	for (;;) {
		struct tui_key k;
		enum tui_act a;
		draw(p);
		tui_read(p->app, p->list, &k);
		a = tui_action(&k);
		if (a == ACT_QUIT)
			return -3;
		if (a == ACT_RESIZE)
			return -2;
		if (a == ACT_BACK || a == ACT_LEAVE)
			return -1;
		if (a == ACT_ENTER)
			return item_index(current_item(p->menu));
		if (k.kind == TK_KEY && k.code == KEY_DOWN)
			menu_driver(p->menu, REQ_DOWN_ITEM);
		else if (k.kind == TK_KEY && k.code == KEY_UP)
			menu_driver(p->menu, REQ_UP_ITEM);
		else if (k.kind == TK_CHAR && (k.code == 'j' || k.code == '\t'))
			menu_driver(p->menu, REQ_DOWN_ITEM);
		else if (k.kind == TK_CHAR && k.code == 'k')
			menu_driver(p->menu, REQ_UP_ITEM);
	}
}

void tui_screen_new(struct tui_app *app, struct agreement **out)
{
	struct mp_error err;
	int k = -2;

	*out = NULL;
	if (!app->cat->count) {
		tui_say(app, true,
			"No schemes were found: see 'mentorpact "
			"templates list'.");
		return;
	}
	curs_set(0);
	while (k == -2) {
		struct picker p = {.app = app};
		k = build(&p) == 0 ? pick(&p) : -1;
		teardown(&p);
	}
	curs_set(1);
	if (k < 0)
		return;
	if (agreement_create(app->st, app->cat->entries[k].tpl, NULL, out,
			     &err) != MP_OK)
		tui_say(app, true, "%s", err.message);
	else
		tui_say(app, false,
			"A new draft, %s, was made and is saved "
			"as you go.",
			(*out)->id);
}
