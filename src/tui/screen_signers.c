/*
 * screen_signers.c - the administrator's register of signers: every key
 * the store has met (person, email, fingerprint in groups, first and last
 * seen, in use or retired and why), a page at a time, with the chosen
 * key marked; a key told by phone is added, and one that is lost is
 * retired, through the same core calls as "mentorpact signers add" and
 * "signers retire" (signers.h), which audit them.
 *
 * The register is read whole (signers_load: a few thousand keys at
 * most), and read again after each change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/signers.h"
#include "tui/admin.h"

/* Rows above the list (header, column titles) and below it (message
 * line, footer, a line for questions). */
#define LIST_TOP  3
#define LIST_FREE 6

struct signers_screen {
	struct tui_app *app;
	struct signers_register reg;
	char (*last)[32]; /* last seen, one per entry */
	long top, sel;
};

static const char *const list_keys[] = {
    "Up/Down", "choose", "PgUp/PgDn", "page", "a", "add a key",
    "r",       "retire", "q",	      "back", NULL};

static const char list_help[] =
    "The register of signers: every key this store has met, whose it is, "
    "when it was first and last seen signing, and whether it is in use. "
    "A signature is the person's only when the register knows their key. "
    "'a' adds a key a person read out to you by phone or in person, "
    "before their agreement arrives; 'r' retires the chosen key (a lost "
    "laptop, a forgotten passphrase): texts it signed before stay valid, "
    "later ones are refused. Both are recorded in the audit trail.";

static int page_rows(void)
{
	return LINES - LIST_FREE - LIST_TOP > 1 ? LINES - LIST_FREE - LIST_TOP
						: 1;
}

static void release(struct signers_screen *s)
{
	signers_register_free(&s->reg);
	free(s->last);
	s->last = NULL;
}

/* Read the register again, keeping the chosen row where it can. */
static void load(struct signers_screen *s)
{
	struct mp_error err;

	release(s);
	if (signers_load(s->app->st, &s->reg, &err) != MP_OK) {
		tui_say(s->app, true, "%s", err.message);
		return;
	}
	s->last = calloc(s->reg.n ? s->reg.n : 1, sizeof(*s->last));
	if (!s->last) {
		tui_say(s->app, true, "out of memory");
		signers_register_free(&s->reg);
		return;
	}
	if (signers_last_seen(s->app->st, &s->reg, s->last, &err) != MP_OK)
		tui_say(s->app, true, "%s", err.message);
	if (s->sel >= (long)s->reg.n)
		s->sel = (long)s->reg.n - 1;
	if (s->sel < 0)
		s->sel = 0;
}

static const char *person_of(const struct signer_entry *e)
{
	return e->name ? e->name : e->email ? "" : "(erased)";
}

/* "in use", "RETIRED 2026-12-05: laptop lost", "erased". */
static void status_of(const struct signer_entry *e, char *buf, size_t size)
{
	if (e->retired)
		snprintf(buf, size, "RETIRED %.10s%s%s", e->retired,
			 e->retired_why ? ": " : "",
			 e->retired_why ? e->retired_why : "");
	else if (e->erased)
		snprintf(buf, size, "erased %.10s", e->erased);
	else
		snprintf(buf, size, "in use");
}

static void draw_entry(struct signers_screen *s, int y, long i)
{
	const struct signer_entry *e = &s->reg.v[i];
	char fp[SIGN_FP_TEXT], line[1200], status[400];

	sign_fingerprint_text(e->fp, fp);
	status_of(e, status, sizeof(status));
	if (i == s->sel) {
		attron(A_REVERSE);
		mvhline(y, 0, ' ', COLS);
		mvhline(y + 1, 0, ' ', COLS);
	}
	snprintf(line, sizeof(line), "%-20.60s  %s", person_of(e),
		 e->email ? e->email : "-");
	tui_put(stdscr, y, 1, COLS - 2 - SIGN_FP_TEXT, line);
	tui_put(stdscr, y, COLS - SIGN_FP_TEXT, SIGN_FP_TEXT - 1, fp);
	snprintf(line, sizeof(line),
		 "    %s;  first seen %.10s (%s), last seen %.10s", status,
		 e->first_seen ? e->first_seen : "-", e->source,
		 *s->last[i] ? s->last[i] : "never here");
	if (e->retired || e->erased)
		tui_attr_on(s->app, stdscr, TC_ERROR, A_BOLD);
	tui_put(stdscr, y + 1, 1, COLS - 2, line);
	if (e->retired || e->erased)
		tui_attr_off(s->app, stdscr, TC_ERROR, A_BOLD);
	attroff(A_REVERSE);
}

static void draw(struct signers_screen *s)
{
	long per = page_rows() / 2 > 0 ? page_rows() / 2 : 1;
	char line2[160];

	if (s->sel < s->top)
		s->top = s->sel;
	if (s->sel >= s->top + per)
		s->top = s->sel - per + 1;
	erase();
	snprintf(line2, sizeof(line2), "Signer keys %ld-%ld of %zu",
		 s->reg.n ? s->top + 1 : 0,
		 s->top + per < (long)s->reg.n ? s->top + per : (long)s->reg.n,
		 s->reg.n);
	tui_header(s->app, ADMIN_TITLE, "The register of signers", line2);
	tui_attr_on(s->app, stdscr, TC_LABEL, A_BOLD);
	tui_put(stdscr, 2, 1, COLS - 2 - SIGN_FP_TEXT,
		"Person                Email");
	tui_put(stdscr, 2, COLS - SIGN_FP_TEXT, SIGN_FP_TEXT - 1,
		"Fingerprint");
	tui_attr_off(s->app, stdscr, TC_LABEL, A_BOLD);
	for (long i = s->top; i < (long)s->reg.n && i < s->top + per; i++)
		draw_entry(s, LIST_TOP + 2 * (int)(i - s->top), i);
	if (!s->reg.n)
		tui_put(stdscr, LIST_TOP + 1, 2, COLS - 4,
			"No signer keys yet: they are recorded as agreements "
			"are signed or imported, or added with 'a'.");
	tui_message_line(s->app);
	tui_footer(s->app, list_keys);
	curs_set(0);
	refresh();
}

/* The row for questions, between the list and the message line. */
static int ask_row(void)
{
	return LINES - 4;
}

/* Add a key told by phone: its fingerprint, then the person. */
static void add_key(struct signers_screen *s)
{
	char *typed = NULL, *who = NULL, fp[SIGN_FP_HEX], shown[SIGN_FP_TEXT];
	struct mp_error err;
	bool quit = false;
	size_t used;

	curs_set(1);
	if (!tui_read_line(s->app, ask_row(),
			   "Fingerprint, as they read it to you:", NULL, &typed,
			   &quit))
		goto out;
	used = sign_fingerprint_parse(typed, fp);
	if (!used || typed[used]) {
		tui_say(s->app, true,
			"'%s' is not a key's fingerprint: 32 hex digits (spaces "
			"allowed), as mentorpact shows it after signing.",
			typed);
		goto out;
	}
	if (!tui_read_line(s->app, ask_row(),
			   "Their email (or name where the scheme has none):",
			   NULL, &who, &quit) ||
	    !*who)
		goto out;
	sign_fingerprint_text(fp, shown);
	if (signers_add(s->app->st, fp, strchr(who, '@') ? who : NULL,
			strchr(who, '@') ? NULL : who, &err) != MP_OK)
		tui_say(s->app, true, "Not added: %s", err.message);
	else
		tui_say(s->app, false, "Added the key %s for %s.", shown, who);
	load(s);
out:
	free(typed);
	free(who);
}

/* Retire the chosen key, with a reason, once they confirm. */
static void retire_key(struct signers_screen *s)
{
	const struct signer_entry *e;
	char *why = NULL, shown[SIGN_FP_TEXT], fp[SIGN_FP_HEX], q[700];
	struct mp_error err;
	bool quit = false;

	if (!s->reg.n) {
		tui_say(s->app, true, "There is no key here to retire.");
		return;
	}
	e = &s->reg.v[s->sel];
	sign_fingerprint_text(e->fp, shown);
	if (e->retired) {
		tui_say(s->app, true, "The key %s was already retired on %s.",
			shown, e->retired);
		return;
	}
	snprintf(fp, sizeof(fp), "%s", e->fp);
	curs_set(1);
	if (!tui_read_line(s->app, ask_row(),
			   "Why (lost laptop, forgotten passphrase; no "
			   "personal data):",
			   NULL, &why, &quit))
		return;
	snprintf(q, sizeof(q),
		 "Retire the key %s of %s? Texts it signed before now stay "
		 "valid; later ones are refused.",
		 shown, e->email ? e->email : person_of(e));
	if (tui_ask(s->app, q, &quit)) {
		if (signers_retire(s->app->st, fp, NULL, *why ? why : NULL,
				   &err) != MP_OK)
			tui_say(s->app, true, "Not retired: %s", err.message);
		else
			tui_say(s->app, false, "Retired the key %s.", shown);
		load(s);
	}
	free(why);
}

/* Handle one key; false to go back. */
static bool key(struct signers_screen *s, const struct tui_key *k)
{
	enum tui_act a = tui_action(k);
	long per = page_rows() / 2 > 0 ? page_rows() / 2 : 1;
	long last = (long)s->reg.n - 1;

	if (a == ACT_QUIT || a == ACT_BACK)
		return false;
	if (a == ACT_PAGE_DOWN || a == ACT_PAGE_UP)
		s->sel += a == ACT_PAGE_DOWN ? per : -per;
	else if ((k->kind == TK_KEY && k->code == KEY_DOWN) ||
		 (k->kind == TK_CHAR && k->code == 'j'))
		s->sel++;
	else if ((k->kind == TK_KEY && k->code == KEY_UP) ||
		 (k->kind == TK_CHAR && k->code == 'k'))
		s->sel--;
	else if (k->kind == TK_KEY && k->code == KEY_HOME)
		s->sel = 0;
	else if (k->kind == TK_KEY && k->code == KEY_END)
		s->sel = last;
	else if (k->kind == TK_CHAR && k->code == 'q')
		return false;
	else if (k->kind == TK_CHAR && k->code == 'a')
		add_key(s);
	else if (k->kind == TK_CHAR && k->code == 'r')
		retire_key(s);
	if (s->sel > last)
		s->sel = last;
	if (s->sel < 0)
		s->sel = 0;
	return true;
}

void admin_signers(struct tui_app *app)
{
	struct signers_screen s = {.app = app};
	const char *help = app->help;
	const char *const *help_keys = app->help_keys;
	bool question = app->question_help;

	app->msg[0] = '\0';
	load(&s);
	while (!tui_quitting()) {
		struct tui_key k;

		tui_help_set(app, list_help, list_keys, true);
		draw(&s);
		tui_read(app, stdscr, &k);
		if (!key(&s, &k))
			break;
	}
	release(&s);
	tui_help_set(app, help, help_keys, question);
	curs_set(1);
	app->msg[0] = '\0';
}
