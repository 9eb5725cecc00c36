/*
 * widget_line.c - one line of text typed at a prompt (tui_read_line),
 * edited as code points by display columns.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/unicode.h"
#include "tui/tui.h"
#include "tui/tui_text.h"
#include "tui/wizard_model.h"

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
