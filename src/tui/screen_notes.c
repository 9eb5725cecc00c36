/*
 * screen_notes.c - a person's private reflective notes (notes.h): after
 * their signing passphrase, the notes they keep on this agreement, opened
 * for them alone; a new note written, one changed or deleted.  The
 * passphrase stays in guarded memory while the notes are open and is
 * freed when the person leaves them; the opened texts are wiped.
 *
 * The other person should not be reading the screen: the screen says so
 * before the passphrase is asked.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "mentorpact/notes.h"
#include "mentorpact/secret.h"
#include "tui/answers.h"
#include "tui/session.h"

static const struct tpl_field note_field = {
    .id = "note",
    .label = "Your note",
    .help = "Only you can read it: it is sealed with your signing key.",
    .type = TPL_LONG_TEXT,
    .who = TPL_BOTH,
    .required = true,
};

static const char *const list_keys[] = {
    "Enter", "write or open", "d", "delete", "Esc", "close the notes", NULL};
static const char *const save_keys[] = {"Enter", "write it", "Esc", "back",
					NULL};
static const char *const note_keys[] = {"F5/^R/^S", "keep the note",
					"F10/^X/Esc", "back", NULL};

struct notes_screen {
	struct tui_session *s;
	enum ag_role role;
	struct mp_secret *pass;
	char line2[200];
};

/* --- one note ------------------------------------------------------------- */

struct edit {
	struct notes_screen *ns;
	const struct note *old; /* the note changed, or NULL */
	struct wizard_model m;
};

static const char *old_text(void *ctx, const char *key)
{
	const struct edit *e = ctx;

	(void)key;
	return e->old ? e->old->text : NULL;
}

/* Keep what is typed: 1 kept, 0 not (the message line says why). */
static int keep(void *ctx, struct tui_answers *a)
{
	struct edit *e = ctx;
	struct notes_screen *ns = e->ns;
	struct mp_error err;
	char *text = wm_value(&e->m.fields[0]);
	int64_t id = e->old ? e->old->id : 0;
	enum mp_status st;

	if (!text) {
		tui_say(ns->s->app, true,
			"out of memory: the note is not kept");
		return 0;
	}
	if (!*text) {
		free(text);
		tui_say(ns->s->app, true,
			"The note is empty: type it, or Esc to go back.");
		tui_answers_focus_problem(a);
		return 0;
	}
	st = e->old ? notes_replace(ns->s->app->st, ns->s->ag, ns->role,
				    ns->pass, id, text, strlen(text), &err)
		    : notes_add(ns->s->app->st, ns->s->ag, ns->role, ns->pass,
				text, strlen(text), &id, &err);
	sodium_memzero(text, strlen(text));
	free(text);
	if (st != MP_OK) {
		tui_say(ns->s->app, true, "%s", err.message);
		return 0;
	}
	tui_say(ns->s->app, false, "Note %" PRId64 " %s, sealed for the %s.",
		id, e->old ? "changed" : "kept", agreement_role_name(ns->role));
	return 1;
}

static const char edit_help[] =
    "A reflective note of your own.  Enter starts a new line; F5, Ctrl-R "
    "or Ctrl-S keeps it, sealed with your signing key, so that neither "
    "the other person nor the scheme's administrator can read it.";

static const char *const edit_help_keys[] = {
    "Enter",
    "a new line",
    "Ctrl-U",
    "empty the note",
    "F5, ^R, ^S",
    "keep the note",
    "F10, ^X, Esc",
    "back, asking first when something is typed",
    NULL};

/* Write a new note (old NULL) or change old: 0, or -1 to end. */
static int edit(struct notes_screen *ns, const struct note *old)
{
	const struct tpl_field *fields[] = {&note_field};
	struct edit e = {.ns = ns, .old = old};
	char tag[96];
	struct tui_answers a = {
	    .app = ns->s->app,
	    .m = &e.m,
	    .title = ns->s->m.tpl->name,
	    .tag = tag,
	    .line2 = ns->line2,
	    .explain = "Only you can read this note; F5 or Ctrl-R keeps it.",
	    .caption = old ? "Changing a note" : "A new note",
	    .keys = note_keys,
	    .at_end = "F5 or Ctrl-R keeps the note.",
	    .help = edit_help,
	    .help_keys = edit_help_keys,
	    .commit = keep,
	    .drop = "Go back without keeping what is typed?",
	    .ctx = &e,
	};
	int r;

	if (wm_init_fields(&e.m, ns->s->m.tpl, fields, 1, old_text, &e) != 0) {
		tui_say(ns->s->app, true, "out of memory");
		return 0;
	}
	e.m.fields[0].who = ns->role == AG_MENTOR ? TPL_MENTOR : TPL_MENTEE;
	tui_session_tag(ns->s, tag, sizeof(tag));
	r = tui_answers_run(&a);
	tui_answers_close(&a);
	for (size_t i = 0; i < e.m.n_fields; i++) { /* the note, wiped */
		sodium_memzero(e.m.fields[i].text, strlen(e.m.fields[i].text));
		sodium_memzero(e.m.fields[i].saved,
			       strlen(e.m.fields[i].saved));
	}
	wm_free(&e.m);
	return r < 0 ? -1 : 0;
}

/* --- the list ------------------------------------------------------------- */

/* "3  2026-12-05 10:14  First line of the note" */
static char *note_line(const struct note *n)
{
	size_t first = strcspn(n->text, "\n");
	char *line = malloc(first + 80);

	if (line)
		snprintf(line, first + 80, "%3" PRId64 "  %.10s %.5s  %.*s",
			 n->id, n->updated ? n->updated : "",
			 n->updated && strlen(n->updated) > 16 ? n->updated + 11
							       : "",
			 (int)first, n->text);
	return line;
}

static void lines_free(char **lines, size_t n)
{
	for (size_t i = 0; lines && i < n; i++) {
		if (lines[i])
			sodium_memzero(lines[i], strlen(lines[i]));
		free(lines[i]);
	}
	free(lines);
}

static int remove_note(struct notes_screen *ns, const struct note *n)
{
	struct mp_error err;
	char q[200];
	bool quit = false;

	snprintf(q, sizeof(q),
		 "Delete note %" PRId64 " for good?  It cannot be brought "
		 "back.",
		 n->id);
	if (!tui_ask(ns->s->app, q, &quit))
		return quit ? -1 : 0;
	if (notes_delete(ns->s->app->st, ns->s->ag, ns->role, ns->pass, n->id,
			 &err) != MP_OK)
		tui_say(ns->s->app, true, "%s", err.message);
	else
		tui_say(ns->s->app, false, "Note %" PRId64 " deleted.", n->id);
	return 0;
}

/* The CPD export (the heading, the session log, the person's forms and
 * their notes opened) to a new file they name: 0, or -1 to end. */
static int export_cpd(struct notes_screen *ns)
{
	struct tui_session *s = ns->s;
	char def[80], *path = NULL, *text = NULL;
	struct mp_error err;
	size_t len = 0;
	bool quit = false;

	snprintf(def, sizeof(def), "cpd-%s-%s.txt", s->ag->id,
		 agreement_role_name(ns->role));
	tui_session_frame(s, ns->line2,
			  "The export holds your notes in the clear: keep it "
			  "safe, and delete it once it is in your portfolio.",
			  save_keys);
	if (!tui_read_line(s->app, 4, "Save it as:", def, &path, &quit))
		return quit ? -1 : 0;
	if (!*path)
		tui_say(s->app, true, "No file named: nothing was written.");
	else if (access(path, F_OK) == 0)
		tui_say(s->app, true,
			"%s exists: choose a new name (the export never "
			"replaces a file).",
			path);
	else if (notes_cpd_export(s->app->st, s->ag, ns->role, ns->pass, &text,
				  &len, &err) != MP_OK ||
		 notes_cpd_write(path, text, len, &err) != MP_OK)
		tui_say(s->app, true, "%s", err.message);
	else
		tui_say(s->app, false,
			"Wrote %s: your log, forms and notes, in the clear; "
			"keep it safe.",
			path);
	if (text)
		notes_text_free(text, len);
	free(path);
	return 0;
}

static const char list_help[] =
    "Your private notes on this relationship, opened with your signing "
    "passphrase: nobody else can read them, not the other person and not "
    "the scheme's administrator.  They are closed again when you leave "
    "this screen.  x exports your session log, your forms and your notes "
    "as text for your CPD portfolio, to a new file.";

/* One pass of the list: 1 to show it again, 0 back, -1 to end. */
static int list_once(struct notes_screen *ns, size_t *current)
{
	struct note_list l = {0};
	struct mp_error err;
	struct tui_key k;
	char **names;
	int pick, r = 1;

	if (notes_list(ns->s->app->st, ns->s->ag, ns->role, ns->pass, &l,
		       &err) != MP_OK) {
		tui_say(ns->s->app, true, "%s", err.message);
		notes_list_free(&l);
		return 0;
	}
	if (!(names = calloc(l.n + 2, sizeof(*names)))) {
		notes_list_free(&l);
		return -1;
	}
	names[0] = strdup("Write a new note");
	for (size_t i = 0; i < l.n; i++)
		names[i + 1] = note_line(&l.items[i]);
	for (size_t i = 0; i <= l.n; i++)
		if (!names[i])
			names[i] = strdup("");
	tui_session_frame(ns->s, ns->line2,
			  "Only you can read these; Esc closes them again.",
			  list_keys);
	tui_help_set(ns->s->app, list_help, list_keys, true);
	pick = tui_menu(ns->s->app, 4, LINES - 7, (const char *const *)names,
			l.n + 1, current, &k);
	lines_free(names, l.n + 1);
	if (pick == 0)
		r = edit(ns, NULL) < 0 ? -1 : 1;
	else if (pick > 0)
		r = edit(ns, &l.items[pick - 1]) < 0 ? -1 : 1;
	else if (k.kind == TK_QUIT)
		r = -1;
	else if (k.kind == TK_CHAR && k.code == 'x')
		r = export_cpd(ns) < 0 ? -1 : 1;
	else if (k.kind == TK_CHAR && k.code == 'd' && *current > 0)
		r = remove_note(ns, &l.items[*current - 1]) < 0 ? -1 : 1;
	else if (tui_action(&k) == ACT_BACK ||
		 (k.kind == TK_CHAR && k.code == 'q'))
		r = 0;
	notes_list_free(&l);
	return r;
}

/* Whose notes: the one party who may keep them here, else the one they
 * pick.  -1 back, -2 to end. */
static int whose(struct tui_session *s)
{
	static const char *const roles[] = {"The mentor's notes",
					    "The mentee's notes"};
	unsigned who = s->m.tpl->records.notes;
	bool quit = false;
	int r;

	if (who == TPL_MENTOR || who == TPL_MENTEE)
		return who == TPL_MENTOR ? AG_MENTOR : AG_MENTEE;
	r = tui_pick(s->app, "Whose notes?", roles, 2, 0, &quit);
	return quit ? -2 : r;
}

enum tui_next tui_screen_notes(struct tui_session *s)
{
	struct notes_screen ns = {.s = s};
	struct mp_error err;
	size_t current = 0;
	bool quit = false;
	int role = whose(s), r;

	if (role < 0)
		return role == -2 ? NEXT_HOME : NEXT_RECORDS;
	ns.role = (enum ag_role)role;
	if (notes_may_write(s->ag, ns.role, &err) != MP_OK &&
	    err.status == MP_ERR_STATE && s->ag->status == AG_ACTIVE) {
		tui_say(s->app, true, "%s", err.message);
		return NEXT_RECORDS;
	}
	snprintf(ns.line2, sizeof(ns.line2), "The %s's private notes",
		 agreement_role_name(ns.role));
	for (;;) { /* until the passphrase opens the notes */
		struct note_list l = {0};
		enum mp_status st;
		if (tui_session_pass(s, ns.line2,
				     "Only the person whose notes these are "
				     "should see the screen now; the other "
				     "looks away.",
				     ns.role, &ns.pass, &quit) != MP_OK)
			return quit ? NEXT_HOME : NEXT_RECORDS;
		st = notes_list(s->app->st, s->ag, ns.role, ns.pass, &l, &err);
		notes_list_free(&l);
		if (st == MP_OK)
			break;
		secret_free(ns.pass);
		ns.pass = NULL;
		tui_say(s->app, true, "%s", err.message);
		if (st != MP_ERR_PASSPHRASE)
			return NEXT_RECORDS;
	}
	while ((r = list_once(&ns, &current)) > 0)
		;
	secret_free(ns.pass);
	return r < 0 ? NEXT_HOME : NEXT_RECORDS;
}
