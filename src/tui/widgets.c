/*
 * widgets.c - drawing pieces every screen uses: safe text, the header,
 * rules, the footer of keys, the message line, a scrolling text view,
 * popup menus and questions, and reading a passphrase without echo.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <menu.h>
#include <panel.h>

#include "mentorpact/secret.h"
#include "mentorpact/strength.h"
#include "mentorpact/unicode.h"
#include "tui/tui.h"
#include "tui/tui_text.h"
#include "tui/wizard_model.h"

void tui_attr_on(struct tui_app *app, WINDOW *w, enum tui_colour c,
		 attr_t plain)
{
	if (app->colour)
		wattron(w, COLOR_PAIR(c));
	wattron(w, plain);
}

void tui_attr_off(struct tui_app *app, WINDOW *w, enum tui_colour c,
		  attr_t plain)
{
	if (app->colour)
		wattroff(w, COLOR_PAIR(c));
	wattroff(w, plain);
}

int tui_put(WINDOW *w, int y, int x, int width, const char *text)
{
	char *clean = text_clean(text, false);
	size_t n, fit = 0;
	wchar_t *ws = clean ? text_to_wcs(clean, &n) : NULL;
	int cols;

	free(clean);
	if (!ws || width <= 0) {
		free(ws);
		return 0;
	}
	cols = text_wcs_width(ws, n);
	if (cols > width) { /* cut, leaving room for the ellipsis */
		while (fit < n && text_wcs_width(ws, fit + 1) <= width - 1)
			fit++;
		mvwaddnwstr(w, y, x, ws, (int)fit);
		waddwstr(w, L"\u2026");
		cols = text_wcs_width(ws, fit) + 1;
	} else {
		mvwaddnwstr(w, y, x, ws, (int)n);
	}
	free(ws);
	return cols;
}

void tui_header(struct tui_app *app, const char *title, const char *right,
		const char *line2)
{
	int rw = right ? text_width(right) : 0;

	tui_attr_on(app, stdscr, TC_TITLE, A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	tui_put(stdscr, 0, 1, COLS - rw - 3, title);
	if (right)
		tui_put(stdscr, 0, COLS - rw - 1, rw, right);
	tui_attr_off(app, stdscr, TC_TITLE, A_REVERSE);
	move(1, 0);
	clrtoeol();
	if (line2) {
		attron(A_BOLD);
		tui_put(stdscr, 1, 1, COLS - 2, line2);
		attroff(A_BOLD);
	}
}

void tui_progress(WINDOW *w, int y, int x, int width, size_t done, size_t total)
{
	int inner = width - 2, full;

	if (inner < 1)
		return;
	full = total ? (int)((size_t)inner * done / total) : 0;
	mvwaddch(w, y, x, '[');
	for (int i = 0; i < inner; i++)
		waddch(w, i < full ? '#' : '.');
	waddch(w, ']');
}

void tui_rule(struct tui_app *app, int y, const char *caption)
{
	(void)app;
	move(y, 0);
	clrtoeol();
	mvhline_set(y, 0, WACS_HLINE, COLS);
	if (caption && *caption) {
		int n = tui_put(stdscr, y, 2, COLS - 4, " ");
		tui_put(stdscr, y, 2 + n, COLS - 6, caption);
		addch(' ');
	}
}

void tui_footer(struct tui_app *app, const char *const *pairs)
{
	int x = 0, y = LINES - 1;

	move(y, 0);
	clrtoeol();
	for (size_t i = 0; pairs[i] && pairs[i + 1]; i += 2) {
		int need = text_width(pairs[i]) + text_width(pairs[i + 1]) + 3;
		if (x + need > COLS)
			break;
		tui_attr_on(app, stdscr, TC_KEY, A_BOLD);
		x += tui_put(stdscr, y, x, COLS - x, pairs[i]);
		tui_attr_off(app, stdscr, TC_KEY, A_BOLD);
		x += 1 + tui_put(stdscr, y, x + 1, COLS - x - 1, pairs[i + 1]);
		x += 2;
	}
}

/* The message line; a message too long for it wraps onto the row above
 * (the wizard's help line, which it covers while it shows), and one
 * longer than two rows ends "... F1 reads it all". */
void tui_message_line(struct tui_app *app)
{
	int y = LINES - 2;
	char **lines = NULL;
	size_t n = 0;

	move(y, 0);
	clrtoeol();
	if (!app->msg[0])
		return;
	if (text_width(app->msg) > COLS - 2)
		n = text_wrap(app->msg, COLS - 2, &lines);
	if (app->msg_error)
		tui_attr_on(app, stdscr, TC_ERROR, A_BOLD);
	else
		tui_attr_on(app, stdscr, TC_GOOD, A_NORMAL);
	if (n < 2) {
		tui_put(stdscr, y, 1, COLS - 2, app->msg);
	} else {
		move(y - 1, 0);
		clrtoeol();
		tui_put(stdscr, y - 1, 1, COLS - 2, lines[0]);
		if (n > 2) {
			int w = tui_put(stdscr, y, 1, COLS - 22, lines[1]);
			tui_put(stdscr, y, 1 + w, 21, " \u2026 F1 reads it all");
		} else {
			tui_put(stdscr, y, 1, COLS - 2, lines[1]);
		}
	}
	text_lines_free(lines, n);
	tui_attr_off(app, stdscr, TC_ERROR, A_BOLD);
	tui_attr_off(app, stdscr, TC_GOOD, A_NORMAL);
}

/* --- help (F1) ------------------------------------------------------------ */

static const char *const everywhere_keys[] = {
    "F1", "this help (also ? where nothing is typed)",
    "Esc", "go back, or cancel a question",
    "Ctrl-C", "save what is typed and quit",
    NULL};

void tui_help_set(struct tui_app *app, const char *help,
		  const char *const *keys, bool question)
{
	app->help = help;
	app->help_keys = keys;
	app->question_help = question;
}

static void help_add(char **text, size_t *len, const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b);
	char *grown = realloc(*text, *len + n + 1);

	if (!grown)
		return;
	*text = grown;
	memcpy(*text + *len, a, strlen(a));
	memcpy(*text + *len + strlen(a), b, strlen(b) + 1);
	*len += n;
}

static void help_keys(char **text, size_t *len, const char *const *keys)
{
	for (size_t i = 0; keys && keys[i] && keys[i + 1]; i += 2) {
		char key[40];
		snprintf(key, sizeof(key), "  %-12s ", keys[i]);
		help_add(text, len, key, keys[i + 1]);
		help_add(text, len, "\n", "");
	}
}

/* The help's text, malloc'd (NULL when out of memory). */
static char *help_text(const struct tui_app *app)
{
	char *text = NULL;
	size_t len = 0;

	help_add(&text, &len, "", "");
	if (app->msg[0])
		help_add(&text, &len, app->msg, "\n\n");
	if (app->help)
		help_add(&text, &len, app->help, "\n\n");
	if (app->help_keys) {
		help_add(&text, &len, "Keys here:\n", "");
		help_keys(&text, &len, app->help_keys);
		help_add(&text, &len, "\n", "");
	}
	help_add(&text, &len, "Keys everywhere:\n", "");
	help_keys(&text, &len, everywhere_keys);
	return text;
}

void tui_help(struct tui_app *app)
{
	WINDOW *saved = dupwin(newscr), *w = newwin(LINES, COLS, 0, 0);
	char *text = help_text(app);
	struct tui_view v = {0};
	int y, x, rows = LINES - 4;

	getyx(newscr, y, x);
	if (!saved || !w || !text || tui_view_set(&v, text, COLS - 4) != 0)
		goto out;
	keypad(w, TRUE);
	for (;;) {
		wint_t c;
		int r;
		werase(w);
		tui_attr_on(app, w, TC_TITLE, A_REVERSE);
		mvwhline(w, 0, 0, ' ', COLS);
		tui_put(w, 0, 1, COLS - 2, "Help");
		tui_attr_off(app, w, TC_TITLE, A_REVERSE);
		tui_view_draw(app, w, 2, rows, &v);
		wattron(w, A_DIM);
		tui_put(w, LINES - 1, 1, COLS - 2,
			"PgUp/PgDn or Up/Down scroll; any other key goes "
			"back to where you were.");
		wattroff(w, A_DIM);
		wrefresh(w);
		wtimeout(w, 200);
		r = wget_wch(w, &c);
		if (tui_quitting())
			break;
		if (r == ERR)
			continue;
		if (r == KEY_CODE_YES && (c == KEY_NPAGE || c == KEY_DOWN))
			tui_view_scroll(&v, rows, c == KEY_DOWN ? 1 : rows - 1);
		else if (r == KEY_CODE_YES && (c == KEY_PPAGE || c == KEY_UP))
			tui_view_scroll(&v, rows,
					c == KEY_UP ? -1 : -(long)(rows - 1));
		else if (r == KEY_CODE_YES && c == KEY_RESIZE) {
			ungetch(KEY_RESIZE); /* the screen lays out again */
			break;
		} else {
			break;
		}
	}
out:
	tui_view_free(&v);
	free(text);
	if (w)
		delwin(w);
	if (saved) { /* the screen behind, as it was */
		touchwin(saved);
		wmove(saved, y, x);
		wnoutrefresh(saved);
		doupdate();
		delwin(saved);
	}
}

/* --- a scrolling view ---------------------------------------------------- */

int tui_view_set(struct tui_view *v, const char *text, int width)
{
	char **lines;
	size_t n = text_wrap(text, width, &lines);

	if (!n)
		return -1;
	tui_view_free(v);
	v->lines = lines;
	v->n = n;
	return 0;
}

void tui_view_free(struct tui_view *v)
{
	text_lines_free(v->lines, v->n);
	v->lines = NULL;
	v->n = 0;
}

void tui_view_draw(struct tui_app *app, WINDOW *w, int y, int rows,
		   const struct tui_view *v)
{
	int width = getmaxx(w);

	for (int r = 0; r < rows; r++) {
		size_t i = v->top + (size_t)r;
		wmove(w, y + r, 0);
		wclrtoeol(w);
		if (i < v->n)
			tui_put(w, y + r, 1, width - 3, v->lines[i]);
	}
	tui_attr_on(app, w, TC_KEY, A_BOLD);
	if (v->top > 0)
		mvwaddwstr(w, y, width - 1, L"\u2191");
	if (v->top + (size_t)rows < v->n)
		mvwaddwstr(w, y + rows - 1, width - 1, L"\u2193");
	tui_attr_off(app, w, TC_KEY, A_BOLD);
}

bool tui_view_scroll(struct tui_view *v, int rows, long delta)
{
	long last = (long)v->n - rows, top = (long)v->top + delta;

	if (last < 0)
		last = 0;
	if (top > last)
		top = last;
	if (top < 0)
		top = 0;
	if ((size_t)top == v->top)
		return false;
	v->top = (size_t)top;
	return true;
}

/* --- popups ------------------------------------------------------------------
 */

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

char *tui_fit(const char *text, int width)
{
	char *clean = text_clean(text, false), *out;
	size_t n, fit = 0;
	wchar_t *ws = clean ? text_to_wcs(clean, &n) : NULL;

	free(clean);
	if (!ws)
		return NULL;
	if (text_wcs_width(ws, n) <= width) {
		out = text_from_wcs(ws, n);
	} else {
		while (fit < n && text_wcs_width(ws, fit + 1) <= width - 1)
			fit++;
		ws[fit++] = L'\u2026';
		out = text_from_wcs(ws, fit);
	}
	free(ws);
	return out;
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

/* Drive menu with keys until Enter (its index), Escape or the end. */
static int run_menu(struct tui_app *app, MENU *menu, WINDOW *w, bool *quit)
{
	for (;;) {
		struct tui_key k;
		update_panels();
		doupdate();
		tui_read(app, w, &k);
		switch (tui_action(&k)) {
		case ACT_QUIT:
			*quit = true;
			return -1;
		case ACT_RESIZE:
		case ACT_BACK:
			return -1;
		case ACT_ENTER:
			return item_index(current_item(menu));
		case ACT_PAGE_DOWN:
			menu_driver(menu, REQ_SCR_DPAGE);
			continue;
		case ACT_PAGE_UP:
			menu_driver(menu, REQ_SCR_UPAGE);
			continue;
		default:
			break;
		}
		if (k.kind == TK_KEY && k.code == KEY_DOWN)
			menu_driver(menu, REQ_DOWN_ITEM);
		else if (k.kind == TK_KEY && k.code == KEY_UP)
			menu_driver(menu, REQ_UP_ITEM);
		else if (k.kind == TK_KEY && k.code == KEY_HOME)
			menu_driver(menu, REQ_FIRST_ITEM);
		else if (k.kind == TK_KEY && k.code == KEY_END)
			menu_driver(menu, REQ_LAST_ITEM);
		else if (k.kind == TK_CHAR && (k.code == 'j' || k.code == '\t'))
			menu_driver(menu, REQ_DOWN_ITEM);
		else if (k.kind == TK_CHAR && k.code == 'k')
			menu_driver(menu, REQ_UP_ITEM);
	}
}

int tui_pick(struct tui_app *app, const char *title, const char *const *names,
	     size_t n, size_t selected, bool *quit)
{
	int width = COLS - 8, rows = (int)n;
	struct popup p = {0};
	char **copies = NULL;
	ITEM **items;
	MENU *menu = NULL;
	int chosen = -1;

	*quit = false;
	if (rows > LINES - 6)
		rows = LINES - 6;
	items = make_items(names, n, width - 6, &copies);
	if (items && popup_open(app, &p, rows + 4, width, title) == 0 &&
	    (menu = new_menu(items))) {
		set_menu_win(menu, p.win);
		set_menu_sub(menu, derwin(p.win, rows, width - 4, 2, 2));
		set_menu_format(menu, rows, 1);
		set_menu_mark(menu, "> ");
		if (selected < n)
			set_current_item(menu, items[selected]);
		post_menu(menu);
		mvwaddstr(p.win, rows + 3, 2,
			  " Up/Down choose, Enter takes it, Esc goes back ");
		curs_set(0);
		chosen = run_menu(app, menu, p.win, quit);
		curs_set(1);
		unpost_menu(menu);
		delwin(menu_sub(menu));
		free_menu(menu);
	}
	popup_close(&p);
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

/* --- passphrases
 * --------------------------------------------------------------- */

/* Remove the last UTF-8 character of s. */
static void secret_backspace(struct mp_secret *s)
{
	while (s->len > 0) {
		unsigned char c = s->data[--s->len];
		s->data[s->len] = 0;
		if ((c & 0xc0) != 0x80)
			break;
	}
}

/* Append c as UTF-8, without ever leaving a copy outside s. */
static void secret_append(struct mp_secret *s, wchar_t c)
{
	char bytes[4];
	size_t n = text_encode(c, bytes);

	if (s->len + n < s->cap) {
		memcpy(s->data + s->len, bytes, n);
		s->len += n;
		s->data[s->len] = 0;
	}
	memset(bytes, 0, sizeof(bytes));
	__asm__ __volatile__("" : : "r"(bytes) : "memory");
}

/* The strength of what is typed so far, at row y: zxcvbn's word and its
 * advice (the passphrase itself is never shown). */
static void show_strength(struct tui_app *app, int y, const struct mp_secret *s,
			  const char *const *user_words)
{
	struct pw_strength st;
	char line[400];

	move(y, 0);
	clrtoeol();
	if (!s->len)
		return;
	pw_rate((const char *)s->data, s->len, user_words, &st);
	snprintf(line, sizeof(line), "Strength: %s%s%s", st.word,
		 st.advice[0] ? ".  " : "", st.advice);
	if (st.score < PW_SIGNING_MIN_SCORE)
		tui_attr_on(app, stdscr, TC_ERROR, A_NORMAL);
	tui_put(stdscr, y, 4, COLS - 6, line);
	tui_attr_off(app, stdscr, TC_ERROR, A_NORMAL);
}

static enum mp_status read_secret_keys(struct tui_app *app, int y,
				  const char *prompt, bool rate,
				  const char *const *user_words,
				  struct mp_secret **out, bool *quit,
				  struct mp_error *err)
{
	struct mp_secret *s;
	enum mp_status st;
	int x;

	*out = NULL;
	*quit = false;
	if ((st = secret_alloc(SECRET_PASSPHRASE_MAX + 1, &s, err)) != MP_OK)
		return st;
	move(y, 0);
	clrtoeol();
	x = tui_put(stdscr, y, 2, COLS - 4, prompt) + 3;
	attron(A_DIM);
	tui_put(stdscr, y, x, COLS - x - 1, "(not shown as you type)");
	attroff(A_DIM);
	for (;;) {
		struct tui_key k;
		enum tui_act a;
		if (rate)
			show_strength(app, y + 1, s, user_words);
		move(y, x - 1);
		refresh();
		tui_read(app, stdscr, &k);
		a = tui_action(&k);
		if (a == ACT_QUIT || a == ACT_BACK || a == ACT_RESIZE) {
			*quit = a == ACT_QUIT;
			secret_free(s);
			return mp_error_set(err, MP_ERR_INVALID, "not given");
		}
		if (a == ACT_ENTER)
			break;
		if ((k.kind == TK_KEY && k.code == KEY_BACKSPACE) ||
		    (k.kind == TK_CHAR && (k.code == 127 || k.code == 8)))
			secret_backspace(s);
		else if (k.kind == TK_CHAR && k.code >= 0x20 && k.code != 0x7f)
			secret_append(s, (wchar_t)k.code);
	}
	if (s->len == 0) {
		secret_free(s);
		return mp_error_set(err, MP_ERR_INVALID, "nothing was typed");
	}
	*out = s;
	return MP_OK;
}

/* Read a secret at row y; with rate, its strength shows on row y + 1 as
 * it is typed.  ? is typed here, not a call for help. */
static enum mp_status read_secret(struct tui_app *app, int y,
				  const char *prompt, bool rate,
				  const char *const *user_words,
				  struct mp_secret **out, bool *quit,
				  struct mp_error *err)
{
	bool help = app->question_help;
	enum mp_status st;

	app->question_help = false;
	st = read_secret_keys(app, y, prompt, rate, user_words, out, quit,
			      err);
	app->question_help = help;
	return st;
}

enum mp_status tui_read_secret(struct tui_app *app, int y, const char *prompt,
			       struct mp_secret **out, bool *quit,
			       struct mp_error *err)
{
	return read_secret(app, y, prompt, false, NULL, out, quit, err);
}

enum mp_status tui_read_new_secret(struct tui_app *app, int y,
				   const char *prompt,
				   const char *const *user_words,
				   struct mp_secret **out, bool *quit,
				   struct mp_error *err)
{
	return read_secret(app, y, prompt, true, user_words, out, quit, err);
}

/* --- one line of text ------------------------------------------------------ */

/*
 * A line typed at a prompt (a name, a file, a reason), edited in its own
 * small buffer of code points rather than a form field: a combining mark
 * typed after its letter (a name typed in NFD) stays with it, a wide
 * character takes two columns, and the view scrolls to keep the cursor
 * in sight.  Left, Right, Home, End, Backspace, Delete and Ctrl-U edit.
 */
struct line {
	wchar_t *s;
	size_t n, cap, cur;
};

static bool line_insert(struct line *l, wchar_t c)
{
	if (l->n + 1 >= l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		wchar_t *g = realloc(l->s, cap * sizeof(*g));

		if (!g)
			return false;
		l->s = g;
		l->cap = cap;
	}
	memmove(l->s + l->cur + 1, l->s + l->cur,
		(l->n - l->cur) * sizeof(*l->s));
	l->s[l->cur++] = c;
	l->n++;
	return true;
}

static void line_delete(struct line *l, size_t at)
{
	memmove(l->s + at, l->s + at + 1, (l->n - at - 1) * sizeof(*l->s));
	l->n--;
}

/* Put UTF-8 text in (at its end); invalid bytes are skipped. */
static void line_set(struct line *l, const char *text)
{
	mbstate_t ps;
	const char *p = text ? text : "";
	size_t left = strlen(p);

	memset(&ps, 0, sizeof(ps));
	while (left) {
		wchar_t c;
		size_t k = mbrtowc(&c, p, left, &ps);

		if (k == (size_t)-1 || k == (size_t)-2) {
			memset(&ps, 0, sizeof(ps));
			k = 1;
		} else if (!k || !line_insert(l, c)) {
			break;
		}
		p += k;
		left -= k;
	}
}

/* The first code point shown, so that the cursor fits in cols. */
static size_t line_view(const struct line *l, int cols)
{
	size_t from = l->cur;
	int used = 1; /* the cursor's own cell */

	while (from > 0) {
		int w = uc_cp_width((uint32_t)l->s[from - 1]);

		if (used + w > cols)
			break;
		used += w;
		from--;
	}
	/* never start on a combining mark: show its letter with it */
	while (from > 0 && from < l->n && !uc_cp_width((uint32_t)l->s[from]))
		from++;
	return from;
}

static void line_draw(WINDOW *w, const struct line *l, int cols)
{
	size_t from = line_view(l, cols), i;
	int used = 0, cx = 0;

	werase(w);
	wattron(w, A_UNDERLINE);
	wmove(w, 0, 0);
	for (i = from; i < l->n; i++) {
		int cw = uc_cp_width((uint32_t)l->s[i]);

		if (i == l->cur)
			cx = used;
		if (used + cw > cols)
			break;
		waddnwstr(w, &l->s[i], 1);
		used += cw;
	}
	if (l->cur >= i && l->cur == l->n)
		cx = used;
	while (used++ < cols)
		waddch(w, ' ');
	wattroff(w, A_UNDERLINE);
	wmove(w, 0, cx < cols ? cx : cols - 1);
	wrefresh(w);
}

/* An editing key; false when it is not one. */
static bool line_key(struct line *l, const struct tui_key *k)
{
	bool back = (k->kind == TK_KEY && k->code == KEY_BACKSPACE) ||
		    (k->kind == TK_CHAR && (k->code == 127 || k->code == 8));

	if (back) {
		if (l->cur)
			line_delete(l, --l->cur);
	} else if (tui_action(k) == ACT_CLEAR) {
		l->n = l->cur = 0;
	} else if (k->kind != TK_KEY) {
		return false;
	} else if (k->code == KEY_LEFT) {
		l->cur -= l->cur > 0;
	} else if (k->code == KEY_RIGHT) {
		l->cur += l->cur < l->n;
	} else if (k->code == KEY_HOME) {
		l->cur = 0;
	} else if (k->code == KEY_END) {
		l->cur = l->n;
	} else if (k->code == KEY_DC) {
		if (l->cur < l->n)
			line_delete(l, l->cur);
	} else {
		return false;
	}
	return true;
}

/* The line as UTF-8 without spaces at either end (malloc'd). */
static char *line_text(const struct line *l)
{
	size_t cap = l->n * MB_LEN_MAX + 1, at = 0;
	char *out = malloc(cap), *t;
	mbstate_t ps;

	if (!out)
		return NULL;
	memset(&ps, 0, sizeof(ps));
	for (size_t i = 0; i < l->n; i++) {
		size_t k = wcrtomb(out + at, l->s[i], &ps);

		if (k != (size_t)-1)
			at += k;
	}
	out[at] = '\0';
	t = text_trim(out);
	free(out);
	return t;
}

/* Edit l in w until Enter (1), Escape (0) or the end. */
static int line_loop(struct tui_app *app, struct line *l, WINDOW *w, int cols,
		     bool *quit)
{
	for (;;) {
		struct tui_key k;
		enum tui_act a;

		line_draw(w, l, cols);
		tui_read(app, w, &k);
		a = tui_action(&k);
		if (a == ACT_QUIT || a == ACT_RESIZE || a == ACT_BACK) {
			*quit = a == ACT_QUIT;
			return 0;
		}
		if (a == ACT_ENTER)
			return 1;
		if (line_key(l, &k) || k.kind != TK_CHAR)
			continue;
		if (wm_accept_char((wchar_t)k.code, false))
			line_insert(l, (wchar_t)k.code);
	}
}

int tui_read_line(struct tui_app *app, int y, const char *prompt,
		  const char *initial, char **out, bool *quit)
{
	int x = text_width(prompt) + 3, ok = 0, cols = COLS - x - 2;
	bool help = app->question_help;
	struct line l = {NULL, 0, 0, 0};
	WINDOW *w;

	*out = NULL;
	*quit = false;
	move(y, 0);
	clrtoeol();
	tui_attr_on(app, stdscr, TC_LABEL, A_BOLD);
	tui_put(stdscr, y, 2, COLS - 4, prompt);
	tui_attr_off(app, stdscr, TC_LABEL, A_BOLD);
	wnoutrefresh(stdscr);
	if (cols < 2 || !(w = newwin(1, cols + 1, y, x)))
		return 0;
	keypad(w, TRUE);
	line_set(&l, initial);
	app->question_help = false; /* ? is typed here */
	ok = line_loop(app, &l, w, cols, quit);
	app->question_help = help;
	if (ok)
		*out = line_text(&l);
	free(l.s);
	delwin(w);
	touchwin(stdscr);
	return ok && *out;
}
