/*
 * widget_secret.c - reading a passphrase without echo, into guarded
 * memory and never anywhere else; for a new one, its strength shows as
 * it is typed.
 */
#include <stdio.h>
#include <string.h>

#include "mentorpact/secret.h"
#include "mentorpact/strength.h"
#include "tui/tui.h"
#include "tui/tui_text.h"

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
