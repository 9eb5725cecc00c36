/*
 * tui.c - the terminal UI's entry: terminal setup and teardown, signals,
 * reading keys (where resizes and "please enlarge" are handled, in one
 * place), the message line, and the top-level flow.
 *
 * Signal handlers only set a flag; tui_read notices it within 200 ms and
 * says TK_QUIT, and each screen then saves what is being typed and
 * returns.  endwin() runs on every way out: the normal one, atexit, and
 * tui_die().
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "mentorpact/agreement.h"
#include "mentorpact/secret.h"
#include "mentorpact/store.h"
#include "mentorpact/template.h"
#include "tui/router.h"
#include "tui/tui.h"
#include "tui/wizard_model.h"

static volatile sig_atomic_t quit_signal;
static bool screen_started;

static void on_signal(int sig)
{
	quit_signal = sig;
}

bool tui_quitting(void)
{
	return quit_signal != 0;
}

/* Give the terminal back; safe to call more than once. */
static void restore_terminal(void)
{
	if (screen_started && !isendwin()) {
		curs_set(1);
		endwin();
	}
}

/* Restore the terminal first, then say what went wrong (tig's die());
 * returns the status's exit code. */
static int tui_die(enum mp_status status, const char *message)
{
	restore_terminal();
	fprintf(stderr, "mentorpact: %s\n", message);
	return mp_status_exit_code(status);
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* A UTF-8 locale from the environment, else C.UTF-8 for LC_CTYPE. */
static void set_locale(void)
{
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
}

static bool want_colour(void)
{
	const char *no = getenv("NO_COLOR");

	return has_colors() && !(no && *no);
}

static void start_colour(struct tui_app *app)
{
	app->colour = want_colour();
	if (!app->colour)
		return;
	start_color();
	use_default_colors();
	init_pair(TC_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(TC_ERROR, COLOR_RED, -1);
	init_pair(TC_GOOD, COLOR_GREEN, -1);
	init_pair(TC_LABEL, COLOR_CYAN, -1);
	init_pair(TC_KEY, COLOR_YELLOW, -1);
}

static int start_screen(struct tui_app *app)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -1;
	if (!newterm(NULL, stdout, stdin))
		return -1;
	screen_started = true;
	atexit(restore_terminal);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(50);
	start_colour(app);
	return 0;
}

/* --- the "please enlarge" screen ---------------------------------------- */

static void draw_enlarge(void)
{
	char line[160];

	erase();
	snprintf(line, sizeof(line), "This terminal is %d x %d.", COLS, LINES);
	mvaddstr(0, 0, "Please enlarge the terminal.");
	mvaddstr(1, 0, "mentorpact needs at least 80 columns and 24 rows.");
	mvaddstr(2, 0, line);
	mvaddstr(4, 0, "What you typed is kept; the screen comes back as soon");
	mvaddstr(5, 0, "as there is room.  Ctrl-C saves and leaves.");
	refresh();
}

/*
 * Keys typed while the "please enlarge" screen shows: kept, in order, and
 * given to the screen once there is room again ("What you typed is
 * kept").  A burst longer than the queue keeps its first QUEUE_MAX keys
 * and says so.
 */
#define QUEUE_MAX 4096
static struct tui_key queue[QUEUE_MAX];
static size_t queue_head, queue_len;
static bool queue_overflow;

static void queue_push(int r, wint_t c)
{
	if (queue_len == QUEUE_MAX) {
		queue_overflow = true;
		return;
	}
	queue[(queue_head + queue_len) % QUEUE_MAX] =
	    (struct tui_key){r == KEY_CODE_YES ? TK_KEY : TK_CHAR, c};
	queue_len++;
}

static bool queue_pop(struct tui_key *k)
{
	if (!queue_len)
		return false;
	*k = queue[queue_head];
	queue_head = (queue_head + 1) % QUEUE_MAX;
	queue_len--;
	return true;
}

/* Wait until the terminal is big enough, or the program must end; keys
 * typed meanwhile are queued for tui_read. */
static void wait_for_room(void)
{
	wint_t c;
	int r;

	while (!quit_signal && wm_too_small(COLS, LINES)) {
		draw_enlarge();
		timeout(200);
		r = get_wch(&c);
		if (r == OK && c == 3)
			quit_signal = SIGINT;
		else if ((r == OK || r == KEY_CODE_YES) &&
			 !(r == KEY_CODE_YES && c == KEY_RESIZE))
			queue_push(r, c);
	}
	erase();
}

/* --- keys ------------------------------------------------------------------
 */

/* True when reads keep failing at once: the terminal has gone. */
static bool terminal_lost(void)
{
	static struct timespec first;
	static int fails;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (fails == 0 || now.tv_sec - first.tv_sec > 1) {
		first = now;
		fails = 0;
	}
	return ++fails > 50;
}

/* A key read: the message on screen described the state before it, so
 * it goes (tui_say after the key sets the next one). */
static void key_read(struct tui_app *app)
{
	if (queue_overflow) {
		queue_overflow = false;
		tui_say(app, true,
			"Some keys typed while the terminal was too small "
			"were too many to keep; check the answer in focus.");
		return;
	}
	app->msg[0] = '\0';
}

void tui_read(struct tui_app *app, WINDOW *w, struct tui_key *k)
{
	for (;;) {
		wint_t c;
		int r;
		if (quit_signal) {
			k->kind = TK_QUIT;
			return;
		}
		if (queue_pop(k)) {
			if (tui_action(k) == ACT_HELP ||
			    (k->kind == TK_CHAR && k->code == '?' &&
			     app->question_help)) {
				tui_help(app);
				continue;
			}
			key_read(app);
			return;
		}
		keypad(w, TRUE);
		wtimeout(w, 200);
		r = wget_wch(w, &c);
		if (r == ERR) {
			if (errno != EINTR && terminal_lost())
				quit_signal = SIGHUP;
			continue;
		}
		if (r == KEY_CODE_YES && c == KEY_RESIZE) {
			wait_for_room();
			k->kind = quit_signal ? TK_QUIT : TK_RESIZE;
			return;
		}
		if (r == OK && c == 3) { /* Ctrl-C in raw mode */
			quit_signal = SIGINT;
			continue;
		}
		queue_push(r, c); /* in turn, after any kept while too small */
	}
}

#define CTRL(c) ((c)&0x1f)

/* What each key means; every function key has a Ctrl or plain twin. */
static const struct {
	enum tui_kind kind;
	wint_t code;
	enum tui_act act;
} key_map[] = {
    {TK_CHAR, '\t', ACT_NEXT_FIELD},
    {TK_KEY, KEY_BTAB, ACT_PREV_FIELD},
    {TK_CHAR, '\r', ACT_ENTER},
    {TK_CHAR, '\n', ACT_ENTER},
    {TK_KEY, KEY_ENTER, ACT_ENTER},
    {TK_CHAR, CTRL('n'), ACT_NEXT_SECTION},
    {TK_KEY, KEY_F(2), ACT_NEXT_SECTION},
    {TK_CHAR, CTRL('p'), ACT_PREV_SECTION},
    {TK_KEY, KEY_F(3), ACT_PREV_SECTION},
    {TK_CHAR, CTRL('l'), ACT_SECTIONS},
    {TK_KEY, KEY_F(4), ACT_SECTIONS},
    {TK_CHAR, CTRL('r'), ACT_REVIEW},
    {TK_KEY, KEY_F(5), ACT_REVIEW},
    {TK_CHAR, CTRL('s'), ACT_SAVE},
    {TK_CHAR, CTRL('x'), ACT_LEAVE},
    {TK_KEY, KEY_F(10), ACT_LEAVE},
    {TK_CHAR, 27, ACT_BACK},
    {TK_CHAR, CTRL('b'), ACT_PAGE_UP},
    {TK_KEY, KEY_PPAGE, ACT_PAGE_UP},
    {TK_CHAR, CTRL('f'), ACT_PAGE_DOWN},
    {TK_KEY, KEY_NPAGE, ACT_PAGE_DOWN},
    {TK_CHAR, CTRL('a'), ACT_ADD_ITEM},
    {TK_CHAR, CTRL('d'), ACT_DEL_ITEM},
    {TK_CHAR, CTRL('u'), ACT_CLEAR},
    {TK_KEY, KEY_F(6), ACT_AGREE_MENTOR},
    {TK_KEY, KEY_F(7), ACT_AGREE_MENTEE},
    {TK_KEY, KEY_F(1), ACT_HELP},
};

enum tui_act tui_action(const struct tui_key *k)
{
	if (k->kind == TK_QUIT)
		return ACT_QUIT;
	if (k->kind == TK_RESIZE)
		return ACT_RESIZE;
	for (size_t i = 0; i < sizeof(key_map) / sizeof(*key_map); i++)
		if (key_map[i].kind == k->kind && key_map[i].code == k->code)
			return key_map[i].act;
	return ACT_NONE;
}

void tui_say(struct tui_app *app, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->msg, sizeof(app->msg), fmt, ap);
	va_end(ap);
	app->msg_error = error;
}

/* --- the flow ----------------------------------------------------------------
 */

static int load_catalog(struct tui_app *app, struct mp_error *err)
{
	struct tpl_path path;
	enum mp_status s;

	if ((s = template_search_path(&path, err)) != MP_OK)
		return s;
	s = template_catalog_load(&path, &app->cat, err);
	template_path_free(&path);
	return s;
}

static void open_draft(struct tui_app *app, const char *id)
{
	struct agreement *ag;
	struct mp_error err;

	if (agreement_load(app->st, id, 0, &ag, &err) != MP_OK) {
		tui_say(app, true, "%s", err.message);
		return;
	}
	tui_agreement(app, ag, false);
}

static void run_home(struct tui_app *app)
{
	char id[32];

	while (!quit_signal) {
		struct agreement *ag = NULL;
		switch (tui_screen_home(app, id, sizeof(id))) {
		case HOME_NEW:
			tui_screen_new(app, &ag);
			if (ag)
				tui_agreement(app, ag, true);
			break;
		case HOME_CONTINUE:
			open_draft(app, id);
			break;
		case HOME_ADMIN:
			tui_go(app, &(struct tui_route){.to = TUI_ADMIN});
			break;
		case HOME_IMPORT:
			tui_screen_import(app);
			break;
		case HOME_QUIT:
			return;
		}
	}
}

int tui_main(struct cli_ctx *ctx)
{
	enum mp_status s = MP_OK;
	struct tui_app app;
	struct mp_error err;
	int rc = 0;

	memset(&app, 0, sizeof(app));
	app.ctx = ctx;
	set_locale();
	if (load_catalog(&app, &err) != MP_OK)
		return cli_fail(&err);
	catch_signals();
	if (start_screen(&app) != 0) {
		template_catalog_free(app.cat);
		fprintf(stderr, "mentorpact: the interface needs a terminal; "
				"'mentorpact --help' lists the commands\n");
		return mp_status_exit_code(MP_ERR_USAGE);
	}
	if (wm_too_small(COLS, LINES))
		wait_for_room();
	if (!quit_signal && (s = tui_screen_unlock(&app)) == MP_OK)
		run_home(&app);
	else if (!quit_signal && app.msg[0])
		rc = tui_die(s, app.msg);
	restore_terminal();
	if (app.st)
		store_close(app.st);
	secret_free(app.store_pass);
	template_catalog_free(app.cat);
	if (quit_signal && quit_signal != SIGINT)
		fprintf(stderr, "mentorpact: stopped by a signal; the draft "
				"was saved\n");
	return rc;
}
