/*
 * screen_admin_actions.c - what the administrator does to an agreement:
 * record a review, end the relationship (asking the reason when it ends
 * before the scheme's minimum of sessions), start re-contracting, export it,
 * delete it (after typing its id), and purge what is past its keep-until
 * date (after seeing a dry run).
 *
 * Each action asks its questions in turn on one screen, with the
 * framework's one-line form (tui_read_line) or menu (tui_pick).  The
 * core checks every value (dates as YYYY-MM-DD or DD/MM/YYYY); when it
 * refuses one, its message goes on the message line and the questions
 * come again with what was typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mentorpact/admin.h"
#include "mentorpact/agreement.h"
#include "mentorpact/records.h"
#include "mentorpact/render.h"
#include "tui/admin.h"

/* The first row of a form or a list below the frame. */
#define BODY_TOP 4

/* One question of an action: typed on a line (the framework's one-field
 * form), or one of choices picked from a menu. */
struct question {
	const char *prompt;
	const char *const *choices; /* NULL: typed */
	size_t n_choices, choice;
	char *value; /* what was typed (malloc'd), or NULL */
};

/* An action's questions and what to do with the answers. */
struct action {
	struct tui_app *app;
	struct agreement *ag;
	const char *title, *explain;
	struct question *q;
	size_t n;
	size_t from; /* the next round asks from this question on (once) */
	/* Call the core with the answers; on success say how it went. */
	enum mp_status (*apply)(struct action *a, struct mp_error *err);
};

/* --- the frame every action draws ----------------------------------------- */

/* Header (the agreement when there is one), a line of explanation, the
 * message line and the footer; not refreshed. */
static void frame(struct tui_app *app, const struct agreement *ag,
		  const char *title, const char *explain,
		  const char *const *keys)
{
	char right[96] = "";

	erase();
	if (ag)
		admin_tag(ag, right, sizeof(right));
	tui_header(app, ag ? ag->tpl->name : ADMIN_TITLE, ag ? right : NULL,
		   title);
	attron(A_DIM);
	tui_put(stdscr, 2, 1, COLS - 2, explain);
	attroff(A_DIM);
	tui_message_line(app);
	tui_footer(app, keys);
}

/* --- asking, and applying ------------------------------------------------- */

/* Show the answer to question i at its row, once it is given. */
static void show_answer(const struct action *a, size_t i)
{
	const struct question *q = &a->q[i];
	int y = BODY_TOP + 2 * (int)i, x;

	move(y, 0);
	clrtoeol();
	tui_attr_on(a->app, stdscr, TC_LABEL, A_BOLD);
	x = 3 + tui_put(stdscr, y, 2, COLS - 4, q->prompt);
	tui_attr_off(a->app, stdscr, TC_LABEL, A_BOLD);
	tui_put(stdscr, y, x, COLS - x - 1,
		q->choices ? q->choices[q->choice]
		: q->value ? q->value
			   : "");
}

/* Ask question i; false when they left (Esc, a resize, the end). */
static bool ask_one(struct action *a, size_t i)
{
	struct question *q = &a->q[i];
	char *typed = NULL;
	bool quit;
	int k;

	if (q->choices) {
		k = tui_pick(a->app, q->prompt, q->choices, q->n_choices,
			     q->choice, &quit);
		if (k < 0)
			return false;
		q->choice = (size_t)k;
	} else {
		if (!tui_read_line(a->app, BODY_TOP + 2 * (int)i, q->prompt,
				   q->value ? q->value : "", &typed, &quit))
			return false;
		free(q->value);
		q->value = typed;
	}
	show_answer(a, i);
	return true;
}

/* Ask every question in turn (from a->from, the answers before it
 * shown), on one screen; false when they left. */
static bool ask_all(struct action *a)
{
	static const char *const keys[] = {"Enter", "next", "Esc", "cancel",
					   NULL};

	size_t from = a->from < a->n ? a->from : 0;

	frame(a->app, a->ag, a->title, a->explain, keys);
	for (size_t i = 0; i < from; i++)
		show_answer(a, i);
	refresh();
	a->from = 0;
	for (size_t i = from; i < a->n; i++)
		if (!ask_one(a, i))
			return false;
	return true;
}

/*
 * Ask, and hand the answers to the core, until it accepts them
 * (ADMIN_CHANGED) or they leave.  When the core refuses a value, its
 * message goes on the message line and the questions come again with
 * what was typed; other failures end it there.
 */
static enum admin_outcome ask_and_apply(struct action *a)
{
	enum admin_outcome o = ADMIN_KEPT;
	struct mp_error err;

	while (!tui_quitting()) {
		if (!ask_all(a)) {
			tui_say(a->app, false, "Nothing was changed.");
			break;
		}
		if (a->apply(a, &err) == MP_OK) {
			o = ADMIN_CHANGED;
			break;
		}
		tui_say(a->app, true, "%s", err.message);
		if (err.status != MP_ERR_INVALID)
			break;
	}
	for (size_t i = 0; i < a->n; i++)
		free(a->q[i].value);
	return o;
}

/* A typed answer, or NULL when nothing was typed. */
static const char *given(const struct question *q)
{
	return q->value && *q->value ? q->value : NULL;
}

/* For an active agreement only (else say why not): the first question,
 * a date, starts as today's; then ask and apply. */
static enum admin_outcome ask_dated(struct action *a, const char *why)
{
	char today[11];

	if (a->ag->status != AG_ACTIVE) {
		tui_say(a->app, true, "%s; this one is %s.", why,
			agreement_status_name(a->ag->status));
		return ADMIN_KEPT;
	}
	admin_today(today);
	if (!(a->q[0].value = strdup(today))) {
		tui_say(a->app, true, "out of memory");
		return ADMIN_KEPT;
	}
	return ask_and_apply(a);
}

/* --- review and end ------------------------------------------------------- */

static enum mp_status apply_review(struct action *a, struct mp_error *err)
{
	enum mp_status s = agreement_review(a->app->st, a->ag, given(&a->q[0]),
					    given(&a->q[1]), err);

	if (s != MP_OK)
		return s;
	if (records_due_refresh(a->app->st, a->ag, err) != MP_OK)
		tui_say(a->app, true,
			"Review recorded, but what is due was not noted: %s",
			err->message);
	else
		tui_say(a->app, false, "Review recorded; the next is due %s.",
			a->ag->review_due ? a->ag->review_due
					  : "never (the scheme sets none)");
	return MP_OK;
}

enum admin_outcome admin_review(struct tui_app *app, struct agreement *ag)
{
	struct question q[] = {{.prompt = "Held on:"},
			       {.prompt = "Note (optional):"}};
	struct action a = {app,
			   ag,
			   "Record a review",
			   "The date it was held (YYYY-MM-DD or DD/MM/YYYY) "
			   "and, if you like, a note of one paragraph.",
			   q,
			   2,
			   0,
			   apply_review};

	return ask_dated(&a, "Reviews are recorded for active agreements");
}

static const char *const enders[] = {"both", "mentor", "mentee",
				     "administrator"};

/* The end's questions, and the explanation once it asks the fourth: the
 * reason it ends before the scheme's minimum of sessions (records.h,
 * "ending before the minimum"), which it asks only when the core refused
 * the end for want of it. */
struct end_action {
	struct action a; /* first: apply_end is handed &a */
	char explain[300];
};

/* After records_end refused with MP_ERR_STATE: true when the refusal is
 * the minimum-sessions rule's (fewer sessions held than the scheme's
 * minimum), with the fourth question now asked, the count in the
 * explanation and the refusal in *err as MP_ERR_INVALID, so that the
 * questions come again. */
static bool ask_early_reason(struct end_action *e, struct mp_error *err)
{
	const struct agreement *ag = e->a.ag;
	long min = ag->tpl->facts.min_sessions, held = 0;
	struct mp_error ignored;

	if (!min ||
	    records_held(e->a.app->st, ag->id, &held, NULL, &ignored) !=
		MP_OK ||
	    held >= min)
		return false;
	snprintf(e->explain, sizeof(e->explain),
		 "Sessions recorded: %ld of the scheme's minimum of %ld.  "
		 "Give the reason it ends early (or Esc).",
		 held, min);
	e->a.explain = e->explain;
	e->a.from = 3; /* that question only: the others stand */
	e->a.n = 4;
	mp_error_set(err, MP_ERR_INVALID,
		     "Not ended: %ld session%s recorded, and the scheme '%s' "
		     "expects at least %ld; give the reason it ends early.",
		     held, held == 1 ? "" : "s", ag->tpl->id, min);
	return true;
}

static enum mp_status apply_end(struct action *a, struct mp_error *err)
{
	const char *by = enders[a->q[1].choice];
	bool early = false;
	enum mp_status s =
	    records_end(a->app->st, a->ag, given(&a->q[0]), by, given(&a->q[2]),
			a->n > 3 ? given(&a->q[3]) : NULL, &early, err);

	if (s == MP_ERR_STATE && ask_early_reason((struct end_action *)a, err))
		return MP_ERR_INVALID;
	if (s == MP_OK && early)
		tui_say(a->app, false,
			"Ended on %s by %s, before the scheme's minimum of "
			"%ld sessions: the reason is kept.",
			a->ag->ended, by, a->ag->tpl->facts.min_sessions);
	else if (s == MP_OK)
		tui_say(a->app, false,
			"Ended on %s by %s; its records are kept until %s.",
			a->ag->ended, by,
			a->ag->kept_until ? a->ag->kept_until
					  : "further notice");
	return s;
}

enum admin_outcome admin_end(struct tui_app *app, struct agreement *ag)
{
	struct question q[] = {
	    {.prompt = "Ended on:"},
	    {.prompt = "Who ended it?", .choices = enders, .n_choices = 4},
	    {.prompt = "Reason (optional):"},
	    {.prompt = "Why it ends early:"}};
	struct end_action e = {{app, ag, "End the relationship",
				"When it ended, who ended it, and a reason if "
				"there is one (a no-blame ending needs none).",
				q, 3, 0, apply_end},
			       ""};

	return ask_dated(&e.a, "Only an active agreement (signed by both) "
			       "can be ended");
}

/* --- re-contract, delete -------------------------------------------------- */

enum admin_outcome admin_recontract(struct tui_app *app, struct agreement *ag)
{
	struct agreement *next = NULL;
	struct mp_error err;
	char q[256];
	bool quit;

	snprintf(q, sizeof(q),
		 "Start version %d of %s, a draft copied from version %d? The "
		 "pair then go through it and sign it again.",
		 ag->version + 1, ag->id, ag->version);
	if (!tui_ask(app, q, &quit))
		return ADMIN_KEPT;
	if (agreement_recontract(app->st, ag, &next, &err) != MP_OK) {
		tui_say(app, true, "%s", err.message);
		return ADMIN_KEPT;
	}
	if (records_due_refresh(app->st, next, &err) != MP_OK) {
		tui_say(app, true, "%s", err.message);
		agreement_free(next);
		return ADMIN_CHANGED;
	}
	tui_say(app, false,
		"Version %d started as a draft; the pair continue it from "
		"the home screen.",
		next->version);
	agreement_free(next);
	return ADMIN_CHANGED;
}

enum admin_outcome admin_delete(struct tui_app *app, struct agreement *ag)
{
	static const char *const keys[] = {"Enter", "delete", "Esc", "keep it",
					   NULL};
	char prompt[64];
	char *typed = NULL;
	struct mp_error err;
	enum admin_outcome o = ADMIN_KEPT;
	bool quit;

	frame(app, ag, "Delete this agreement",
	      "Every version goes for good: its rows are overwritten and its "
	      "audit entries redacted.  Type its id to go on.",
	      keys);
	refresh();
	snprintf(prompt, sizeof(prompt), "Type %s to delete it:", ag->id);
	if (!tui_read_line(app, BODY_TOP, prompt, "", &typed, &quit)) {
		tui_say(app, false, "Nothing was deleted.");
	} else if (strcasecmp(typed, ag->id) != 0) {
		tui_say(app, true, "'%s' is not %s; nothing was deleted.",
			typed, ag->id);
	} else if (agreement_delete(app->st, ag->id, &err) != MP_OK) {
		tui_say(app, true, "%s", err.message);
	} else {
		tui_say(app, false, "Agreement %s was deleted, every version.",
			ag->id);
		o = ADMIN_GONE;
	}
	free(typed);
	return o;
}

/* --- export --------------------------------------------------------------- */

/* Write the files, asking before replacing any. */
static enum mp_status write_export(struct tui_app *app,
				   const struct render_files *files,
				   struct mp_error *err)
{
	char q[1200];
	bool quit;
	enum mp_status s = render_write_files(files, false, err);

	if (s != MP_ERR_EXISTS)
		return s;
	snprintf(q, sizeof(q), "%s  Replace it?", err->message);
	if (!tui_ask(app, q, &quit))
		return mp_error_set(err, MP_ERR_EXISTS, "Nothing was written.");
	return render_write_files(files, true, err);
}

/* Ask how and where; false when they went back. */
static bool export_ask(struct tui_app *app, const struct agreement *ag,
		       bool *detached, char **path)
{
	static const char *const keys[] = {"Enter", "go on", "Esc", "back",
					   NULL};
	static const char *const forms[] = {
	    "One file: the text with its signatures (mentorpact verify)",
	    "Detached: the text, and minisign signature and key files"};
	char def[64];
	bool quit;
	int k;

	frame(app, ag, "Export the signed text",
	      "Write it to a file, to email or to keep.", keys);
	refresh();
	if ((k = tui_pick(app, "In which form?", forms, 2, 0, &quit)) < 0)
		return false;
	*detached = k == 1;
	render_file_name(ag->id, ag->version, def, sizeof(def));
	return tui_read_line(app, BODY_TOP,
			     *detached ? "Into the folder:" : "Save it as:",
			     *detached ? "." : def, path, &quit) &&
	       **path;
}

enum admin_outcome admin_export(struct tui_app *app, struct agreement *ag)
{
	struct render_files files = {0};
	struct mp_error err;
	enum admin_outcome o = ADMIN_KEPT;
	bool detached = false;
	char *path = NULL;

	if (!ag->body) {
		tui_say(app, true,
			"Version %d is not signed yet: there is nothing to "
			"export.",
			ag->version);
		return ADMIN_KEPT;
	}
	if (!export_ask(app, ag, &detached, &path)) {
		tui_say(app, false, "Nothing was exported.");
	} else if (render_export_files(ag, path, detached, &files, &err) !=
		       MP_OK ||
		   write_export(app, &files, &err) != MP_OK ||
		   agreement_note_export(app->st, ag, files.files[0].path,
					 &err) != MP_OK) {
		tui_say(app, err.status != MP_ERR_EXISTS, "%s", err.message);
	} else {
		tui_say(app, false, "Exported to %s.", files.files[0].path);
		o = ADMIN_CHANGED;
	}
	render_files_free(&files);
	free(path);
	return o;
}

/* --- purge ---------------------------------------------------------------- */

static void list_gone(const struct admin_purge_result *r, struct admin_text *t)
{
	admin_text_add(t,
		       "A dry run: nothing has changed yet.  These would go, "
		       "every version, with the signing keys of people no "
		       "agreement names any more (%ld):\n\n",
		       r->keys_removed);
	for (size_t i = 0; i < r->count; i++) {
		const struct admin_gone *g = &r->items[i];
		admin_text_add(t,
			       "%s  %-16s %-7s ended %s, kept until %s "
			       "(%d version%s)\n",
			       g->id, g->scheme ? g->scheme : "",
			       g->status ? g->status : "",
			       g->ended ? g->ended : "-",
			       g->kept_until ? g->kept_until : "-", g->versions,
			       g->versions == 1 ? "" : "s");
	}
}

/* Show what would go, and ask; true when they said yes. */
static bool purge_confirm(struct tui_app *app,
			  const struct admin_purge_result *dry)
{
	static const char *const keys[] = {"y", "purge", "n", "keep them",
					   NULL};
	struct admin_text t = {0};
	struct tui_view v = {0};
	char q[200];
	bool quit, yes = false;

	list_gone(dry, &t);
	frame(app, NULL, "Purge: agreements past their keep-until date",
	      "The audit trail keeps a tombstone of each: the scheme and the "
	      "dates.",
	      keys);
	if (!t.nomem && tui_view_set(&v, t.s, COLS - 4) == 0)
		tui_view_draw(app, stdscr, BODY_TOP, LINES - BODY_TOP - 2, &v);
	refresh();
	if (dry->count == 1)
		snprintf(q, sizeof(q), "Purge %s now? This cannot be undone.",
			 dry->items[0].id);
	else
		snprintf(q, sizeof(q),
			 "Purge these %zu agreements now? This cannot be "
			 "undone.",
			 dry->count);
	if (!t.nomem)
		yes = tui_ask(app, q, &quit);
	else
		tui_say(app, true, "out of memory");
	tui_view_free(&v);
	admin_text_free(&t);
	return yes;
}

static void say_purged(struct tui_app *app, const struct admin_purge_result *r)
{
	long versions = 0;

	for (size_t i = 0; i < r->count; i++)
		versions += r->items[i].versions;
	tui_say(app, false,
		"Purged %zu agreement%s (%ld version%s) and %ld signing "
		"key%s.",
		r->count, r->count == 1 ? "" : "s", versions,
		versions == 1 ? "" : "s", r->keys_removed,
		r->keys_removed == 1 ? "" : "s");
}

enum admin_outcome admin_purge_screen(struct tui_app *app)
{
	struct admin_purge_result dry = {0}, done = {0};
	enum admin_outcome o = ADMIN_KEPT;
	struct mp_error err;

	if (admin_purge(app->st, NULL, true, &dry, &err) != MP_OK)
		tui_say(app, true, "%s", err.message);
	else if (!dry.count)
		tui_say(app, false,
			"Nothing is due for purging: no agreement is past its "
			"keep-until date.");
	else if (!purge_confirm(app, &dry))
		tui_say(app, false, "Nothing was purged.");
	else if (admin_purge(app->st, NULL, false, &done, &err) != MP_OK)
		tui_say(app, true, "%s", err.message);
	else
		say_purged(app, &done);
	if (done.done)
		o = ADMIN_CHANGED;
	admin_purge_result_free(&dry);
	admin_purge_result_free(&done);
	return o;
}
