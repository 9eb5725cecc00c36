/*
 * screen_sign.c - signing: each party in turn types their full name (it
 * must match the agreement), ticks that they have read and agree, and
 * gives their signing passphrase (twice when this signature makes their
 * key).  The passphrase goes from the keyboard into guarded memory and
 * is freed as soon as the signature is made.  The second signature makes
 * the agreement active: what falls due from then on is worked out
 * (records_due_refresh), as the command line's sign does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/records.h"
#include "mentorpact/secret.h"
#include "mentorpact/signers.h"
#include "mentorpact/strength.h"
#include "mentorpact/unicode.h"
#include "tui/session.h"

static const char *const sign_keys[] = {
    "Enter",  "go on",	       "Esc", "back to the review",
    "Ctrl-C", "save and quit", NULL};

enum step { STEP_DONE, STEP_AGAIN, STEP_BACK, STEP_QUIT };

static const char *role_word(enum ag_role r)
{
	return r == AG_MENTOR ? "mentor" : "mentee";
}

static void draw(struct tui_session *s, enum ag_role r)
{
	const char *name = agreement_detail(s->ag, r, TPL_DETAIL_NAME);
	char tag[96], line2[400], text[800];
	struct tui_view v = {0};

	erase();
	tui_session_tag(s, tag, sizeof(tag));
	snprintf(line2, sizeof(line2), "Signing: the %s, %s", role_word(r),
		 name ? name : "(no name)");
	tui_header(s->app, s->m.tpl->name, tag, line2);
	snprintf(text, sizeof(text),
		 "The %s signs now.  Signing says that you have read the "
		 "agreement shown in the review and agree to it.  Your "
		 "signing passphrase is yours alone: the other person should "
		 "look away while you type it.  Nobody else can sign for you, "
		 "and the signature shows if the text is ever changed.",
		 role_word(r));
	if (tui_view_set(&v, text, COLS - 4) == 0)
		tui_view_draw(s->app, stdscr, 3, (int)v.n, &v);
	tui_view_free(&v);
	tui_message_line(s->app);
	tui_footer(s->app, sign_keys);
	refresh();
}

static enum step type_name(struct tui_session *s, enum ag_role r, char **out)
{
	const char *name = agreement_detail(s->ag, r, TPL_DETAIL_NAME);
	char prompt[400];
	bool quit;

	snprintf(prompt, sizeof(prompt),
		 "Type your full name as written (%s):", name ? name : "");
	if (!tui_read_line(s->app, 10, prompt, NULL, out, &quit))
		return quit ? STEP_QUIT : STEP_BACK;
	if (!uc_names_match(*out, name)) {
		tui_say(s->app, true,
			"That is not the %s's name in the agreement: type it "
			"as written, '%s'.",
			role_word(r), name ? name : "");
		free(*out);
		*out = NULL;
		return STEP_AGAIN;
	}
	return STEP_DONE;
}

/* "I have read and agree [ ]": Space or y ticks, Enter goes on. */
static enum step tick(struct tui_session *s)
{
	bool ticked = false;

	for (;;) {
		struct tui_key k;
		enum tui_act a;
		move(12, 0);
		clrtoeol();
		attron(A_BOLD);
		mvprintw(12, 2,
			 "I have read the agreement and agree to it [%s]",
			 ticked ? "x" : " ");
		attroff(A_BOLD);
		attron(A_DIM);
		tui_put(stdscr, 13, 2, COLS - 4,
			"Space or y ticks the box; Enter goes on.");
		attroff(A_DIM);
		refresh();
		tui_read(s->app, stdscr, &k);
		a = tui_action(&k);
		if (a == ACT_QUIT)
			return STEP_QUIT;
		if (a == ACT_BACK || a == ACT_RESIZE)
			return STEP_BACK;
		if (a == ACT_ENTER && ticked)
			return STEP_DONE;
		if (a == ACT_ENTER)
			tui_say(s->app, true,
				"Tick the box first (Space), or "
				"Esc to go back.");
		if (k.kind == TK_CHAR && (k.code == ' ' || k.code == 'y'))
			ticked = k.code == 'y' ? true : !ticked;
		tui_message_line(s->app);
	}
}

/* A new signing passphrase, until one meets the rule (pw_check_signing:
 * strong, and not the store's): the reason shows at once, and they type
 * another.  MP_OK with *out; else *quit or Escape. */
static enum mp_status new_signing_pass(struct tui_session *s, enum ag_role r,
				       struct mp_secret **out, bool *quit)
{
	const struct mp_secret *sp = s->app->store_pass;
	const char *words[] = {agreement_detail(s->ag, r, TPL_DETAIL_NAME),
			       agreement_detail(s->ag, r, TPL_DETAIL_EMAIL),
			       NULL};
	struct mp_error err;

	if (!words[0]) /* no name: the email alone, or nothing */
		words[0] = words[1], words[1] = NULL;
	for (;;) {
		if (tui_read_new_secret(s->app, 15, "New signing passphrase:",
					words, out, quit, &err) != MP_OK)
			return MP_ERR_INVALID;
		if (pw_check_signing((const char *)(*out)->data, (*out)->len,
				     sp ? (const char *)sp->data : NULL,
				     sp ? sp->len : 0, words,
				     &err) == MP_OK)
			return MP_OK;
		secret_free(*out);
		*out = NULL;
		tui_say(s->app, true, "%s", err.message);
		tui_message_line(s->app);
	}
}

static enum step passphrase(struct tui_session *s, enum ag_role r,
			    struct mp_secret **out)
{
	int fresh = !agreement_signer_has_key(s->app->st, s->ag, r);
	struct mp_secret *again = NULL;
	struct mp_error err;
	bool quit;

	if (fresh) {
		attron(A_DIM);
		tui_put(stdscr, 14, 2, COLS - 4,
			"This is your first signature here: choose a signing "
			"passphrase only you know, different from the "
			"store's.");
		attroff(A_DIM);
		if (new_signing_pass(s, r, out, &quit) != MP_OK)
			return quit ? STEP_QUIT : STEP_BACK;
	} else if (tui_read_secret(s->app, 15, "Signing passphrase:", out,
				   &quit, &err) != MP_OK) {
		return quit ? STEP_QUIT : STEP_BACK;
	}
	if (!fresh)
		return STEP_DONE;
	if (tui_read_secret(s->app, 17, "Type it again:", &again, &quit,
			    &err) == MP_OK &&
	    secret_equal(*out, again)) {
		secret_free(again);
		return STEP_DONE;
	}
	secret_free(again);
	secret_free(*out);
	*out = NULL;
	if (quit)
		return STEP_QUIT;
	tui_say(s->app, true,
		"The two passphrases differ; please start "
		"again.");
	return STEP_AGAIN;
}

static enum step sign_one(struct tui_session *s, enum ag_role r)
{
	struct mp_secret *pass = NULL;
	struct mp_error err;
	char *name = NULL;
	enum step st;

	draw(s, r);
	if ((st = type_name(s, r, &name)) != STEP_DONE)
		return st;
	if ((st = tick(s)) == STEP_DONE &&
	    (st = passphrase(s, r, &pass)) == STEP_DONE) {
		tui_say(s->app, false, "Signing...");
		tui_message_line(s->app);
		refresh();
		if (agreement_sign(s->app->st, s->ag, r, name, pass, &err) !=
		    MP_OK) {
			tui_say(s->app, true, "%s", err.message);
			st = err.status == MP_ERR_PASSPHRASE ? STEP_AGAIN
							     : STEP_BACK;
		} else {
			char fp[SIGN_FP_HEX], shown[SIGN_FP_TEXT] = "";

			if (signers_pubkey_fp(s->ag->sigs[r].pubkey, fp))
				sign_fingerprint_text(fp, shown);
			if (s->ag->status == AG_ACTIVE &&
			    records_due_refresh(s->app->st, s->ag, &err) !=
				MP_OK)
				tui_say(s->app, true,
					"Signed, but what is due was not "
					"noted: %s",
					err.message);
			else
				tui_say(s->app, false,
					"Signed; key %s: tell your programme "
					"lead",
					shown);
		}
	}
	secret_free(pass);
	free(name);
	return st;
}

enum tui_next tui_screen_sign(struct tui_session *s)
{
	for (int r = AG_MENTOR; r <= AG_MENTEE; r++) {
		enum step st = STEP_AGAIN;
		if (s->ag->sigs[r].present)
			continue;
		while (st == STEP_AGAIN)
			st = sign_one(s, (enum ag_role)r);
		if (st == STEP_QUIT)
			return NEXT_HOME;
		if (st == STEP_BACK)
			return NEXT_REVIEW;
	}
	tui_sync_confirmed(s);
	return s->ag->status == AG_ACTIVE ? NEXT_EXPORT : NEXT_REVIEW;
}
