/*
 * screen_export.c - writing the signed agreement to a file: a path
 * (agreement-ID-vN.txt by default) and a form (one file, or the text with
 * detached minisign signatures), then where it went, to whom the scheme
 * says to send it, and how the recipient checks it.
 *
 * The core writes the files (render_write_files: a temporary file,
 * flushed, 0644, renamed into place); an existing file is replaced only
 * when they say so.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/admin.h"
#include "mentorpact/render.h"
#include "tui/session.h"

static const char *const ask_keys[] = {"Enter", "go on", "Esc", "back", NULL};
static const char *const done_keys[] = {"Enter", "home", "e", "export again",
					NULL};

struct export
{
	struct tui_session *s;
	char *path; /* a file, or for detached a folder */
	bool detached;
	struct render_files files;
};

/* --- the screens
 * ---------------------------------------------------------------- */

/* Ask for the form and the path; 1 to write, 0 back, -1 quit. */
static int ask(struct export *x)
{
	static const char *const forms[] = {
	    "One file: the agreement with both signatures (checked with "
	    "'mentorpact verify')",
	    "Detached: the text, plus minisign signature and key files "
	    "(checked with 'minisign')"};
	char def[64];
	bool quit = false;
	int k;

	tui_session_frame(
	    x->s, "Export: write the signed agreement to a file",
	    "Signed by both.  Write it to a file to email it; Esc goes "
	    "back.",
	    ask_keys);
	k = tui_pick(x->s->app, "In which form?", forms, 2, 0, &quit);
	if (k < 0)
		return quit ? -1 : 0;
	x->detached = k == 1;
	render_file_name(x->s->ag->id, x->s->ag->version, def, sizeof(def));
	free(x->path);
	x->path = NULL;
	if (!tui_read_line(x->s->app, 4,
			   x->detached ? "Into the folder:" : "Save it as:",
			   x->detached ? "." : def, &x->path, &quit) ||
	    !*x->path)
		return quit ? -1 : 0;
	return 1;
}

static void add_line(char *buf, size_t size, const char *fmt, const char *a,
		     const char *b)
{
	size_t used = strlen(buf);

	snprintf(buf + used, size - used, fmt, a, b);
}

/* Whom the scheme says the signed copy goes to, with the address the
 * administrator set for it (address may be NULL). */
static void send_words(const struct template *t, const char *address, char *buf,
		       size_t size)
{
	const struct tpl_facts *f = &t->facts;

	if (f->pair_only) {
		add_line(buf, size, "%s%s",
			 "This agreement is for the two of you alone: keep a "
			 "copy each; nobody else needs it.",
			 "\n\n");
		return;
	}
	if (!f->returned_to)
		return;
	add_line(buf, size, "The scheme asks %s to send it to %s",
		 f->returned_by == TPL_MENTOR	? "the mentor"
		 : f->returned_by == TPL_MENTEE ? "the mentee"
						: "you",
		 f->returned_to);
	if (address)
		add_line(buf, size, " (%s)%s", address, "");
	for (size_t i = 0; i < f->n_copied; i++)
		add_line(buf, size, "%s%s", i ? " and " : ", copying in ",
			 f->copied[i]);
	add_line(buf, size, "%s%s", ".", "\n\n");
}

/* A path as shown: without a leading "./", shorter to read and type. */
static const char *shown(const char *path)
{
	return strncmp(path, "./", 2) ? path : path + 2;
}

static void done(struct export *x)
{
	const char *body = shown(x->files.files[0].path);
	char text[6000] = "", abs[PATH_MAX], *address = NULL;
	struct tui_view v = {0};
	struct mp_error err;

	add_line(text, sizeof(text), "Written to %s%s",
		 realpath(body, abs) ? abs : body,
		 x->detached ? ", with its signatures beside it:" : ".");
	for (size_t i = 1; i < x->files.n; i++)
		add_line(text, sizeof(text), "%s%s", "\n  ",
			 shown(x->files.files[i].path));
	add_line(text, sizeof(text), "%s%s", "\n\n", "");
	if (admin_return_address(x->s->app->st, x->s->m.tpl->id, &address,
				 &err) != MP_OK)
		address = NULL;
	send_words(x->s->m.tpl, address, text, sizeof(text));
	free(address);
	add_line(text, sizeof(text), "%s%s",
		 x->detached ? "Send the text and its signature files as "
			       "attachments. "
			     : "Send it as an attachment (best), or paste it "
			       "whole, first line to END line, into a "
			       "plain-text message. ",
		 "Rewrapped lines or retyped characters break it; a reply's "
		 "quoting does not.\n\n");
	if (x->detached) {
		size_t used = strlen(text);
		snprintf(
		    text + used, sizeof(text) - used,
		    "Anyone can check each signature with minisign:\n"
		    "  minisign -Vm %s -x %s.mentor.minisig -p %s.mentor.pub"
		    "\n  minisign -Vm %s -x %s.mentee.minisig -p "
		    "%s.mentee.pub",
		    body, body, body, body, body, body);
	} else {
		add_line(text, sizeof(text),
			 "Whoever receives it can check that it is exactly "
			 "what you both signed with:\n  mentorpact verify %s%s",
			 body, "");
	}
	tui_session_frame(x->s,
			  "Exported: the signed agreement is ready to send",
			  "Done.  Enter goes back to the start.", done_keys);
	if (tui_view_set(&v, text, COLS - 4) == 0)
		tui_view_draw(x->s->app, stdscr, 4, LINES - 7, &v);
	tui_view_free(&v);
	refresh();
}

/* Write the files, asking before replacing any. */
static enum mp_status write_files(struct export *x, bool *quit,
				  struct mp_error *err)
{
	char q[PATH_MAX + 100];
	enum mp_status st = render_write_files(&x->files, false, err);

	if (st != MP_ERR_EXISTS)
		return st;
	snprintf(q, sizeof(q), "%s  Replace it?", err->message);
	if (!tui_ask(x->s->app, q, quit))
		return mp_error_set(err, MP_ERR_EXISTS, "Nothing was written.");
	return render_write_files(&x->files, true, err);
}

/* Export once: 1 when written, 0 when not, -1 when quitting. */
static int export_once(struct export *x)
{
	struct mp_error err;
	bool quit = false;
	int r = ask(x);

	if (r <= 0)
		return r;
	render_files_free(&x->files);
	if (render_export_files(x->s->ag, x->path, x->detached, &x->files,
				&err) != MP_OK ||
	    write_files(x, &quit, &err) != MP_OK ||
	    agreement_note_export(x->s->app->st, x->s->ag,
				  x->files.files[0].path, &err) != MP_OK) {
		tui_say(x->s->app, err.status != MP_ERR_EXISTS, "%s",
			err.message);
		return quit ? -1 : 0;
	}
	tui_say(x->s->app, false, "Exported.");
	return 1;
}

enum tui_next tui_screen_export(struct tui_session *s)
{
	struct export x = {.s = s};
	int r;

	if (s->ag->status != AG_ACTIVE && s->ag->status != AG_ENDED) {
		tui_say(s->app, true,
			"Both must sign before it can be "
			"exported.");
		return NEXT_REVIEW;
	}
	while ((r = export_once(&x)) == 0)
		if (x.path == NULL || tui_quitting())
			break;
	while (r == 1) {
		struct tui_key k;
		done(&x);
		tui_read(s->app, stdscr, &k);
		if (k.kind == TK_CHAR && k.code == 'e')
			r = export_once(&x);
		else if (k.kind != TK_RESIZE)
			break;
	}
	free(x.path);
	render_files_free(&x.files);
	return NEXT_HOME;
}
