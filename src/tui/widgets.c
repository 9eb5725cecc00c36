/*
 * widgets.c - drawing pieces every screen uses: safe text, the header,
 * rules, the footer of keys, the message line and a scrolling text view.
 * The other widgets have files of their own: the help (widget_help.c),
 * popup menus and questions (widget_popup.c), reading a passphrase
 * without echo (widget_secret.c) and one line of text (widget_line.c).
 */
#include <stdlib.h>

#include "tui/tui.h"
#include "tui/tui_text.h"

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
/* --- a scrolling view ----------------------------------------------------- */

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
