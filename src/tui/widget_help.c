/*
 * widget_help.c - the help (F1, or ? where no text is typed): what the
 * screen showing says of itself, its keys and the keys that work
 * everywhere, in a scrolling view over the screen, which comes back as
 * it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

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
