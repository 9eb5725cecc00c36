/*
 * screen_forms.c - the scheme's forms after the signature (forms.h): the
 * list of those open to the pair, each party's own at each occasion; a
 * form filled with the wizard's screen and rules (the same answers, the
 * same checks, each answer saved as focus leaves it, a refused one kept
 * as typed); its submission, proven with the party's signing passphrase;
 * and a submitted form, read back.
 *
 * The pair fill theirs at one terminal in turn, or each at their own:
 * every answer is its own change in the store, so two terminals on one
 * store lose nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/forms.h"
#include "mentorpact/secret.h"
#include "tui/answers.h"
#include "tui/session.h"

static const char *const list_keys[] = {"Enter", "open", "Esc", "back", NULL};
static const char *const fill_keys[] = {"Tab",	      "next answer",  "F5/^R",
					"submit",     "^S",	      "save",
					"F10/^X/Esc", "save & leave", NULL};
static const char *const read_keys[] = {"PgUp/PgDn", "scroll", "Esc", "back",
					NULL};

/* When the form is due, in words: "after session 3", "at the start". */
static void occasion_words(const char *occasion, const char *stage, char *buf,
			   size_t size)
{
	if (!strcmp(stage, "session"))
		snprintf(buf, size, "after session %s", occasion);
	else if (!strcmp(stage, "start") || !strcmp(stage, "end"))
		snprintf(buf, size, "at the %s", stage);
	else if (!strcmp(stage, "review"))
		snprintf(buf, size, "at the review of %s", occasion);
	else
		snprintf(buf, size, "at the %s stage", stage);
}

/* A time kept as 2026-12-05T10:14:03Z, to the minute. */
static void minute(const char *utc, char *buf, size_t size)
{
	if (utc && strlen(utc) >= 16)
		snprintf(buf, size, "%.10s %.5s", utc, utc + 11);
	else
		snprintf(buf, size, "%s", utc ? utc : "");
}

/* --- one form, filled --------------------------------------------------- */

struct fill {
	struct tui_session *s;
	struct form_entry *e;
	struct wizard_model m; /* the questions this party answers */
	char line2[400];
};

static const char *entry_lookup(void *ctx, const char *key)
{
	const struct form_entry *e = ctx;
	int qi = forms_question_index(e, key);

	return qi < 0 ? NULL : e->values[qi];
}

/* The model of e's questions that e's party answers, with what was
 * typed and refused before shown again as typed.  0, or -1. */
static int fill_model(struct fill *f)
{
	const struct tpl_form *F = f->e->form;
	const struct tpl_field **qs = calloc(F->n_questions + 1, sizeof(*qs));
	size_t n = 0;
	int rc = -1;

	if (!qs)
		return -1;
	for (size_t i = 0; i < F->n_questions; i++)
		if (forms_asks(F->questions[i], f->e->role))
			qs[n++] = F->questions[i];
	if (wm_init_fields(&f->m, f->s->m.tpl, qs, n, entry_lookup, f->e) ==
	    0) {
		rc = 0;
		for (size_t i = 0; i < f->m.n_fields; i++) /* theirs */
			f->m.fields[i].who =
			    f->e->role == AG_MENTOR ? TPL_MENTOR : TPL_MENTEE;
		for (size_t i = 0; i < f->m.n_fields && rc == 0; i++) {
			int qi = forms_question_index(f->e, f->m.fields[i].key);
			if (qi >= 0 && f->e->refused[qi])
				rc = wm_restore(&f->m.fields[i],
						f->e->refused[qi],
						f->e->why[qi]);
		}
	}
	free(qs);
	return rc;
}

/* Save model field fi as the entry's answer: 0, or -1 when refused (kept
 * as typed all the same). */
static int save_one(void *ctx, size_t fi, bool *cleared)
{
	struct fill *f = ctx;
	struct wm_field *w = &f->m.fields[fi];
	int qi = forms_question_index(f->e, w->key);
	struct mp_error err;
	char *value = wm_value(w);

	(void)cleared;
	if (!value || qi < 0) {
		free(value);
		wm_failed(w, "out of memory");
		return -1;
	}
	if (forms_entry_set(f->s->app->st, f->e, (size_t)qi, value, true,
			    &err) != MP_OK) {
		free(value);
		wm_failed(w, err.message);
		return -1;
	}
	free(value);
	wm_saved(w, f->e->values[qi] ? f->e->values[qi] : "");
	return 0;
}

/* Submit the entry: 1 when done, 0 when not (the message line says why),
 * -1 when the program must end. */
static int fill_submit(struct fill *f, struct tui_answers *a)
{
	struct tui_app *app = f->s->app;
	char **problems, q[800];
	size_t n;
	bool quit = false;

	tui_answers_save(a, WM_EV_SAVE);
	if ((n = forms_entry_problems(f->e, &problems)) > 0) {
		tui_say(app, true, "Not yet: %s%s", problems[0],
			n > 1 ? " (and more: each answer is marked)" : "");
		forms_problems_free(problems, n);
		tui_answers_focus_problem(a);
		return 0;
	}
	snprintf(q, sizeof(q),
		 "Submit the %s's answers to '%s'?  Once submitted they "
		 "cannot be changed, and the scheme counts them in its "
		 "evaluation.",
		 agreement_role_name(f->e->role), f->e->form->title);
	if (!tui_ask(app, q, &quit))
		return quit ? -1 : 0;
	for (;;) {
		struct mp_secret *pass = NULL;
		struct mp_error err;
		enum mp_status st;
		snprintf(q, sizeof(q),
			 "The %s's signing passphrase proves the answers "
			 "are theirs; the other person looks away.",
			 agreement_role_name(f->e->role));
		if (tui_session_pass(f->s, f->line2, q, f->e->role, &pass,
				     &quit) != MP_OK)
			return quit ? -1 : 0;
		st = forms_entry_submit(app->st, f->e, pass, &err);
		secret_free(pass);
		if (st == MP_OK) {
			tui_say(app, false, "Submitted: the %s's '%s'.",
				agreement_role_name(f->e->role),
				f->e->form->title);
			return 1;
		}
		tui_say(app, true, "%s", err.message);
		if (st != MP_ERR_PASSPHRASE)
			return 0;
	}
}

static const char fill_help[] =
    "A form of the scheme, filled as the agreement is: each answer is "
    "checked and saved as you move to another, and one that is not "
    "accepted is kept as typed, marked, to correct.  Nothing is lost if "
    "the terminal closes.  When every required answer is given, F5 or "
    "Ctrl-R submits the form with your signing passphrase; submitted "
    "answers are final.";

static const char *const fill_help_keys[] = {
    "Tab, Enter",
    "next answer (Enter: a new line in a long text)",
    "Shift-Tab",
    "previous answer",
    "Ctrl-U",
    "empty the answer in focus",
    "F5, Ctrl-R",
    "submit, with your signing passphrase",
    "Ctrl-S",
    "save",
    "F10, Ctrl-X, Esc",
    "save and go back to the list",
    "PgUp/PgDn",
    "scroll the form's introduction",
    NULL};

/* A key the form left: 1 back to the list, -1 to end, 0 to stay. */
static int fill_key(void *ctx, struct tui_answers *a, const struct tui_key *k,
		    bool *relayout)
{
	struct fill *f = ctx;
	int r;

	switch (tui_action(k)) {
	case ACT_LEAVE:
	case ACT_BACK:
		if (tui_answers_save(a, WM_EV_LEAVE) == 0)
			tui_say(f->s->app, false, "saved");
		return 1;
	case ACT_SAVE:
		if (tui_answers_save(a, WM_EV_SAVE) == 0)
			tui_say(f->s->app, false, "saved");
		fform_reload(a->ff, 0);
		return 0;
	case ACT_REVIEW:
		r = fill_submit(f, a);
		*relayout = true;
		return r;
	default:
		return 0;
	}
}

/* Fill entry e: 0 back to the list, -1 when the program must end. */
static int fill(struct tui_session *s, struct form_entry *e)
{
	struct fill f = {.s = s, .e = e};
	char when[200], tag[96], caption[80];
	struct tui_answers a = {
	    .app = s->app,
	    .m = &f.m,
	    .intro = e->form->intro,
	    .title = s->m.tpl->name,
	    .tag = tag,
	    .line2 = f.line2,
	    .explain = "Each answer is saved as you move on; F5 or Ctrl-R "
		       "submits when all are given.",
	    .caption = caption,
	    .keys = fill_keys,
	    .narrow_keys = fill_keys + 2,
	    .at_end = "That was the last answer: F5 or Ctrl-R submits the "
		      "form; F10 saves and leaves.",
	    .help = fill_help,
	    .help_keys = fill_help_keys,
	    .save = save_one,
	    .key = fill_key,
	    .ctx = &f,
	};
	int r;

	if (fill_model(&f) != 0) {
		tui_say(s->app, true, "out of memory");
		return 0;
	}
	tui_session_tag(s, tag, sizeof(tag));
	occasion_words(e->occasion, e->stage, when, sizeof(when));
	snprintf(f.line2, sizeof(f.line2), "%s, %s: the %s's", e->form->title,
		 when, agreement_role_name(e->role));
	snprintf(caption, sizeof(caption), "The %s's answers",
		 agreement_role_name(e->role));
	r = tui_answers_run(&a);
	tui_answers_close(&a);
	wm_free(&f.m);
	return r < 0 ? -1 : 0;
}

/* --- a submitted form, read back ----------------------------------------- */

static char *answers_text(const struct form_entry *e)
{
	size_t size = 200, used = 0;
	char *text, at[40];

	for (size_t i = 0; i < e->form->n_questions; i++)
		size += strlen(e->form->questions[i]->label) + 8 +
			(e->values[i] ? strlen(e->values[i]) * 2 : 20);
	if (!(text = malloc(size)))
		return NULL;
	minute(e->submitted, at, sizeof(at));
	used = (size_t)snprintf(text, size, "Submitted %s (UTC).\n\n", at);
	for (size_t i = 0; i < e->form->n_questions; i++) {
		const struct tpl_field *q = e->form->questions[i];
		if (!forms_asks(q, e->role))
			continue;
		used += (size_t)snprintf(text + used, size - used, "%s\n",
					 q->label);
		if (!e->values[i]) {
			used += (size_t)snprintf(text + used, size - used,
						 "    (not answered)\n\n");
			continue;
		}
		for (const char *p = e->values[i]; *p;) { /* indent lines */
			size_t n = strcspn(p, "\n");
			used += (size_t)snprintf(text + used, size - used,
						 "    %.*s\n", (int)n, p);
			p += n + (p[n] == '\n');
		}
		used += (size_t)snprintf(text + used, size - used, "\n");
	}
	return text;
}

/* Read e back: 0, or -1 when the program must end. */
static int read_back(struct tui_session *s, struct form_entry *e)
{
	struct tui_view v = {0};
	char when[200], line2[400];
	int rows;

	occasion_words(e->occasion, e->stage, when, sizeof(when));
	snprintf(line2, sizeof(line2), "%s, %s: the %s's (submitted)",
		 e->form->title, when, agreement_role_name(e->role));
	for (;;) {
		struct tui_key k;
		char *text = answers_text(e);
		size_t top = v.top;
		if (!text || tui_view_set(&v, text, COLS - 4) != 0) {
			free(text);
			tui_say(s->app, true, "out of memory");
			return 0;
		}
		free(text);
		rows = LINES - 6;
		v.top = top < v.n ? top : 0;
		tui_session_frame(
		    s, line2,
		    "Submitted answers are final; this is what the store "
		    "keeps.",
		    read_keys);
		tui_view_draw(s->app, stdscr, 3, rows, &v);
		doupdate();
		tui_read(s->app, stdscr, &k);
		if (k.kind == TK_QUIT) {
			tui_view_free(&v);
			return -1;
		}
		if (tui_action(&k) == ACT_PAGE_UP ||
		    tui_action(&k) == ACT_PAGE_DOWN)
			tui_view_scroll(&v, rows,
					tui_action(&k) == ACT_PAGE_UP ? -rows
								      : rows);
		else if (k.kind != TK_RESIZE)
			break;
	}
	tui_view_free(&v);
	return 0;
}

/* --- the list ------------------------------------------------------------- */

/* "Session feedback, after session 3: the mentee's (draft, saved
 * 2026-12-05 10:14)"; a form due once, at the start or the end, is
 * named by its title alone. */
static char *slot_line(const struct form_slot *sl)
{
	char when[200], state[120], at[40];
	size_t n = strlen(sl->form->title) + 400;
	char *line = malloc(n);

	if (!line)
		return NULL;
	occasion_words(sl->occasion, sl->stage, when, sizeof(when));
	if (!strcmp(sl->stage, "start") || !strcmp(sl->stage, "end"))
		when[0] = '\0';
	minute(sl->state == FORM_SUBMITTED ? sl->submitted : sl->updated, at,
	       sizeof(at));
	if (sl->state == FORM_SUBMITTED)
		snprintf(state, sizeof(state), "submitted %s", at);
	else if (sl->state == FORM_DRAFT)
		snprintf(state, sizeof(state), "draft, saved %s", at);
	else
		snprintf(state, sizeof(state), "not started");
	snprintf(line, n, "%s%s%s: the %s's (%s)", sl->form->title,
		 when[0] ? ", " : "", when, agreement_role_name(sl->role),
		 state);
	return line;
}

/* Open slot sl: fill it, or read it back once submitted.  0, or -1 when
 * the program must end. */
static int open_slot(struct tui_session *s, const struct form_slot *sl)
{
	struct form_entry *e;
	struct mp_error err;
	int r;

	if (forms_entry_load(s->app->st, s->ag, sl->form->id, sl->occasion,
			     sl->role, &e, &err) != MP_OK) {
		tui_say(s->app, true, "%s", err.message);
		return 0;
	}
	r = e->submitted ? read_back(s, e) : fill(s, e);
	forms_entry_free(e);
	return r;
}

/* Whether sl shows: once an agreement has ended, only its forms due at
 * the end are open, and those submitted before are there to read. */
static bool open_now(const struct agreement *ag, const struct form_slot *sl)
{
	return ag->status != AG_ENDED || sl->state == FORM_SUBMITTED ||
	       !strcmp(sl->occasion, "end");
}

static const char list_help[] =
    "The forms the scheme asks for, each person's own at each occasion: "
    "at the start, after each session in the log, at named stages, at "
    "each review, at the end.  Open one to fill it in or carry on; a "
    "submitted form opens to be read.";

enum tui_next tui_screen_forms(struct tui_session *s)
{
	size_t current = 0;

	for (;;) {
		struct form_slot *sl;
		struct mp_error err;
		struct tui_key k;
		char **names;
		size_t n, m, *shown;
		int pick;
		if (forms_list(s->app->st, s->ag, -1, &sl, &n, &err) != MP_OK) {
			tui_say(s->app, true, "%s", err.message);
			return NEXT_RECORDS;
		}
		if (n == 0) {
			tui_say(s->app, false,
				"No form is open yet: forms open at the start, "
				"after each session recorded, and at the "
				"scheme's stages.");
			forms_slots_free(sl, n);
			return NEXT_RECORDS;
		}
		names = calloc(n + 1, sizeof(*names));
		shown = calloc(n + 1, sizeof(*shown));
		m = 0;
		for (size_t i = 0; names && shown && i < n; i++) {
			if (!open_now(s->ag, &sl[i]))
				continue;
			if (!(names[m] = slot_line(&sl[i])))
				names[m] = strdup("");
			shown[m++] = i;
		}
		if (names && shown && m == 0) {
			free(names);
			free(shown);
			forms_slots_free(sl, n);
			tui_say(s->app, false,
				"No form is open: the agreement has ended, and "
				"the scheme asks none at the end.");
			return NEXT_RECORDS;
		}
		tui_session_frame(
		    s, "Forms: each person's own, at each occasion",
		    "Choose a form to fill in or to read; Esc goes back.",
		    list_keys);
		tui_help_set(s->app, list_help, list_keys, true);
		pick = names && shown ? tui_menu(s->app, 4, LINES - 7,
						 (const char *const *)names, m,
						 &current, &k)
				      : -1;
		if (!names || !shown)
			k.kind = TK_QUIT;
		for (size_t i = 0; names && i < m; i++)
			free(names[i]);
		free(names);
		if (pick >= 0 && open_slot(s, &sl[shown[pick]]) < 0)
			k.kind = TK_QUIT, pick = -1;
		free(shown);
		forms_slots_free(sl, n);
		if (pick >= 0 || k.kind == TK_RESIZE)
			continue;
		if (k.kind == TK_QUIT)
			return NEXT_HOME;
		if (tui_action(&k) == ACT_BACK ||
		    (k.kind == TK_CHAR && k.code == 'q'))
			return NEXT_RECORDS;
	}
}
