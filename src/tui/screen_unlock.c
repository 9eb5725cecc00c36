/*
 * screen_unlock.c - the first screens: making a store on the first run
 * (passphrase twice, a word on its strength, the key-derivation level),
 * or unlocking the store (a few tries at the passphrase).
 */
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "mentorpact/secret.h"
#include "mentorpact/store.h"
#include "tui/tui.h"
#include "tui/wizard_model.h"

#define UNLOCK_TRIES 5

static const char *const no_keys[] = {"Enter",	"done", "Esc", "clear",
				      "Ctrl-C", "quit", NULL};

/* Draw a screen of explanation: header, paragraphs from row 3; returns
 * the next free row. */
static int explain(struct tui_app *app, const char *title, const char *line2,
		   const char *const *paras)
{
	int y = 3;

	erase();
	tui_header(app, title, NULL, line2);
	for (size_t i = 0; paras[i]; i++) {
		struct tui_view v = {0};
		if (tui_view_set(&v, paras[i], COLS - 4) != 0)
			continue;
		for (size_t l = 0; l < v.n && y < LINES - 6; l++)
			tui_put(stdscr, y++, 2, COLS - 4, v.lines[l]);
		tui_view_free(&v);
		y++;
	}
	tui_message_line(app);
	tui_footer(app, no_keys);
	return y;
}

/* --- first run --------------------------------------------------------------
 */

static int pick_kdf(struct tui_app *app, bool *quit)
{
	static const char *const levels[] = {
	    "moderate: recommended; opening takes about a second",
	    "interactive: quickest to open, easier to guess at",
	    "sensitive: strongest; opening takes several seconds",
	};
	static const enum store_kdf kdf[] = {
	    STORE_KDF_MODERATE, STORE_KDF_INTERACTIVE, STORE_KDF_SENSITIVE};
	int k = tui_pick(app, "How hard should guessing the passphrase be?",
			 levels, 3, 0, quit);

	return k < 0 ? -1 : (int)kdf[k];
}

/* Ask for a new passphrase twice; MP_OK with *out, else *quit or a
 * message and MP_ERR_INVALID (the caller asks again). */
static enum mp_status new_passphrase(struct tui_app *app, int y,
				     struct mp_secret **out, bool *quit)
{
	struct mp_secret *a = NULL, *b = NULL;
	struct mp_error err;

	if (tui_read_new_secret(app, y, "New passphrase:", NULL, &a, quit,
				&err) != MP_OK)
		return MP_ERR_INVALID;
	if (a->len < WM_MIN_PASSPHRASE) {
		tui_say(app, true,
			"Too short: use at least %d characters; a few "
			"unrelated words are easy to remember and hard to "
			"guess.",
			WM_MIN_PASSPHRASE);
		secret_free(a);
		return MP_ERR_INVALID;
	}
	if (tui_read_secret(app, y + 2, "Type it again:", &b, quit, &err) !=
		MP_OK ||
	    !secret_equal(a, b)) {
		if (!*quit)
			tui_say(app, true,
				"The two passphrases differ; "
				"please type them again.");
		secret_free(a);
		secret_free(b);
		return MP_ERR_INVALID;
	}
	secret_free(b);
	*out = a;
	return MP_OK;
}

static enum mp_status first_run(struct tui_app *app)
{
	const char *paras[] = {
	    "mentorpact keeps every agreement you make in one encrypted "
	    "file, the store:",
	    app->ctx->store_path,
	    "A passphrase locks it.  Nobody can read the agreements "
	    "without it, and it cannot be recovered: choose one you will "
	    "remember, or write it down and keep it somewhere safe.  A "
	    "few unrelated words make a good passphrase.",
	    NULL};
	struct mp_error err;
	bool quit = false;

	tui_say(app, false, "No store yet: make one to begin.");
	while (!quit) {
		struct mp_secret *pass = NULL;
		int y = explain(app, "mentorpact: first start",
				"Welcome.  First, make the store that keeps "
				"your agreements.",
				paras);
		int kdf;
		if (new_passphrase(app, y, &pass, &quit) != MP_OK)
			continue;
		kdf = pick_kdf(app, &quit);
		if (kdf < 0) {
			secret_free(pass);
			continue;
		}
		tui_say(app, false, "Making the store; this takes a moment...");
		explain(app, "mentorpact: first start", "Making the store.",
			paras);
		refresh();
		if (store_create(app->ctx->store_path, pass,
				 (enum store_kdf)kdf, &app->st,
				 &err) == MP_OK) {
			app->store_pass = pass;
			tui_say(app, false, "The store is ready.");
			return MP_OK;
		}
		secret_free(pass);
		tui_say(app, true, "%s", err.message);
		if (err.status != MP_ERR_INVALID)
			return err.status;
	}
	app->msg[0] = '\0';
	return MP_ERR_USAGE;
}

/* --- unlock -----------------------------------------------------------------
 */

/* Try the passphrase file given for scripts, if any. */
static bool try_passphrase_file(struct tui_app *app)
{
	struct mp_secret *pass;
	struct mp_error err;
	bool ok;

	if (!app->ctx->passphrase_file ||
	    secret_read_file(app->ctx->passphrase_file, &pass, &err) != MP_OK)
		return false;
	ok = store_open(app->ctx->store_path, pass, &app->st, &err) == MP_OK;
	if (ok)
		app->store_pass = pass;
	else
		secret_free(pass);
	return ok;
}

static enum mp_status unlock(struct tui_app *app)
{
	const char *paras[] = {
	    "Your agreements are kept, encrypted, in:", app->ctx->store_path,
	    "Type the store's passphrase to open it.", NULL};
	struct mp_error err;

	if (try_passphrase_file(app))
		return MP_OK;
	for (int tries = 1; tries <= UNLOCK_TRIES; tries++) {
		struct mp_secret *pass;
		bool quit;
		int y =
		    explain(app, "mentorpact: unlock",
			    "Unlock the store to see your agreements.", paras);
		if (tui_read_secret(app, y, "Passphrase:", &pass, &quit,
				    &err) != MP_OK) {
			if (quit)
				return MP_ERR_USAGE;
			tries--;
			continue;
		}
		tui_say(app, false, "Unlocking...");
		tui_message_line(app);
		refresh();
		if (store_open(app->ctx->store_path, pass, &app->st, &err) ==
		    MP_OK) {
			app->store_pass = pass;
			app->msg[0] = '\0';
			return MP_OK;
		}
		secret_free(pass);
		if (err.status != MP_ERR_PASSPHRASE) {
			tui_say(app, true, "%s", err.message);
			return err.status;
		}
		tui_say(app, true, "Wrong passphrase (try %d of %d).", tries,
			UNLOCK_TRIES);
	}
	tui_say(app, true, "wrong passphrase %d times; the store stays locked",
		UNLOCK_TRIES);
	return MP_ERR_PASSPHRASE;
}

enum mp_status tui_screen_unlock(struct tui_app *app)
{
	if (access(app->ctx->store_path, F_OK) != 0)
		return first_run(app);
	return unlock(app);
}
