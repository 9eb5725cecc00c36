/*
 * widget_popup.c - menus and popups: a menu in the rows of a screen
 * (tui_menu), and over the screen, in a panel, a menu to pick one of a
 * list (tui_pick) and a yes/no question (tui_ask).
 */
#include <stdlib.h>

#include <menu.h>
#include <panel.h>

#include "tui/tui.h"
#include "tui/tui_text.h"

struct popup {
	WINDOW *win;
	PANEL *panel;
};

static int popup_open(struct tui_app *app, struct popup *p, int h, int w,
		      const char *title)
{
	h = h > LINES - 2 ? LINES - 2 : h;
	w = w > COLS - 4 ? COLS - 4 : w;
	if (!(p->win = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2)))
		return -1;
	p->panel = new_panel(p->win);
	box_set(p->win, 0, 0);
	tui_attr_on(app, p->win, TC_LABEL, A_BOLD);
	tui_put(p->win, 0, 2, w - 4, title);
	tui_attr_off(app, p->win, TC_LABEL, A_BOLD);
	return 0;
}

static void popup_close(struct popup *p)
{
	if (p->panel)
		del_panel(p->panel);
	if (p->win)
		delwin(p->win);
	touchwin(stdscr);
	update_panels();
}

/* The items of a menu, made safe and cut to width columns. */
static ITEM **make_items(const char *const *names, size_t n, int width,
			 char ***copies)
{
	ITEM **items = calloc(n + 1, sizeof(*items));
	char **c = calloc(n + 1, sizeof(*c));

	*copies = c;
	if (!items || !c) {
		free(items);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		c[i] = tui_fit(names[i], width);
		items[i] = c[i] ? new_item(c[i], "") : NULL;
	}
	return items;
}

static void free_make_items(ITEM **items, char **copies, size_t n)
{
	for (size_t i = 0; items && i < n; i++)
		if (items[i])
			free_item(items[i]);
	for (size_t i = 0; copies && i < n; i++)
		free(copies[i]);
	free(items);
	free(copies);
}

/* Drive menu with keys until Enter (its index), or a key it does not
 * move with: -1 with that key in *k. */
static int drive(struct tui_app *app, MENU *menu, WINDOW *w, struct tui_key *k)
{
	for (;;) {
		update_panels();
		doupdate();
		tui_read(app, w, k);
		switch (tui_action(k)) {
		case ACT_ENTER:
			return item_index(current_item(menu));
		case ACT_PAGE_DOWN:
			menu_driver(menu, REQ_SCR_DPAGE);
			continue;
		case ACT_PAGE_UP:
			menu_driver(menu, REQ_SCR_UPAGE);
			continue;
		case ACT_NONE:
		case ACT_NEXT_FIELD:
			break;
		default:
			return -1;
		}
		if (k->kind == TK_KEY && k->code == KEY_DOWN)
			menu_driver(menu, REQ_DOWN_ITEM);
		else if (k->kind == TK_KEY && k->code == KEY_UP)
			menu_driver(menu, REQ_UP_ITEM);
		else if (k->kind == TK_KEY && k->code == KEY_HOME)
			menu_driver(menu, REQ_FIRST_ITEM);
		else if (k->kind == TK_KEY && k->code == KEY_END)
			menu_driver(menu, REQ_LAST_ITEM);
		else if (k->kind == TK_CHAR &&
			 (k->code == 'j' || k->code == '\t'))
			menu_driver(menu, REQ_DOWN_ITEM);
		else if (k->kind == TK_CHAR && k->code == 'k')
			menu_driver(menu, REQ_UP_ITEM);
		else
			return -1;
	}
}

/* A menu of items in sub (rows lines), selected first, driven by keys:
 * as drive; *current receives the item selected when it returns. */
static int menu_in(struct tui_app *app, WINDOW *w, WINDOW *sub, int rows,
		   ITEM **items, size_t n, size_t *current, struct tui_key *k)
{
	MENU *menu = new_menu(items);
	int chosen = -1;

	if (!menu || !sub) {
		free_menu(menu);
		delwin(sub);
		k->kind = TK_QUIT;
		return -1;
	}
	set_menu_win(menu, w);
	set_menu_sub(menu, sub);
	set_menu_format(menu, rows, 1);
	set_menu_mark(menu, "> ");
	if (*current < n)
		set_current_item(menu, items[*current]);
	post_menu(menu);
	curs_set(0);
	chosen = drive(app, menu, w, k);
	*current = (size_t)item_index(current_item(menu));
	curs_set(1);
	unpost_menu(menu);
	free_menu(menu);
	delwin(sub);
	return chosen;
}

int tui_pick(struct tui_app *app, const char *title, const char *const *names,
	     size_t n, size_t selected, bool *quit)
{
	int width = COLS - 8, rows = (int)n;
	struct popup p = {0};
	char **copies = NULL;
	ITEM **items;
	int chosen = -1;

	*quit = false;
	if (rows > LINES - 6)
		rows = LINES - 6;
	items = make_items(names, n, width - 6, &copies);
	if (items && n && popup_open(app, &p, rows + 4, width, title) == 0) {
		mvwaddstr(p.win, rows + 3, 2,
			  " Up/Down choose, Enter takes it, Esc goes back ");
		for (;;) {
			struct tui_key k;
			enum tui_act a;
			chosen = menu_in(app, p.win,
					 derwin(p.win, rows, width - 4, 2, 2),
					 rows, items, n, &selected, &k);
			if (chosen >= 0)
				break;
			a = tui_action(&k);
			*quit = a == ACT_QUIT;
			if (a == ACT_QUIT || a == ACT_RESIZE || a == ACT_BACK)
				break;
		}
	}
	popup_close(&p);
	free_make_items(items, copies, n);
	return chosen;
}

int tui_menu(struct tui_app *app, int y, int rows, const char *const *names,
	     size_t n, size_t *current, struct tui_key *other)
{
	char **copies = NULL;
	ITEM **items = make_items(names, n, COLS - 6, &copies);
	WINDOW *w = items && n ? newwin(rows, COLS - 2, y, 1) : NULL;
	int chosen = -1;

	if (!w) {
		other->kind = TK_QUIT;
	} else {
		chosen = menu_in(app, w, derwin(w, rows, COLS - 2, 0, 0), rows,
				 items, n, current, other);
		delwin(w);
	}
	free_make_items(items, copies, n);
	return chosen;
}

bool tui_ask(struct tui_app *app, const char *question, bool *quit)
{
	struct popup p = {0};
	char **lines;
	size_t n = text_wrap(question, COLS - 12, &lines);
	bool yes = false;

	*quit = false;
	if (n &&
	    popup_open(app, &p, (int)n + 4, COLS - 8, "Please answer") == 0) {
		for (size_t i = 0; i < n; i++)
			tui_put(p.win, (int)i + 1, 2, COLS - 12, lines[i]);
		mvwaddstr(p.win, (int)n + 2, 2,
			  "y or Enter: yes    n or Esc: no");
		for (;;) {
			struct tui_key k;
			update_panels();
			doupdate();
			tui_read(app, p.win, &k);
			if (k.kind == TK_QUIT) {
				*quit = true;
				break;
			}
			if (tui_action(&k) == ACT_ENTER ||
			    (k.kind == TK_CHAR &&
			     (k.code == 'y' || k.code == 'Y'))) {
				yes = true;
				break;
			}
			if (tui_action(&k) == ACT_BACK ||
			    (k.kind == TK_CHAR &&
			     (k.code == 'n' || k.code == 'N')))
				break;
		}
	}
	text_lines_free(lines, n);
	popup_close(&p);
	return yes;
}
