/*
 * screen_wizard.c - the wizard, one screen per section: a header with the
 * scheme, "Section k of n: title" and a progress bar; the scheme's
 * wording, scrollable; the answers as a form; the confirmation line; a
 * help line for the answer in focus.  The parties screen (who the
 * agreement is between) is the same screen over the parties' details.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/template.h"
#include "tui/fform.h"
#include "tui/session.h"
#include "tui/tui_text.h"

struct wiz {
	struct tui_session *s;
	bool parties; /* the parties screen rather than a section */
	struct fform *ff;
	struct tui_view words;
	int wrows, frow, frows;
};

static const char *const wizard_keys[] = {
    "F2/^N",  "next", "F3/^P", "back",	 "F4/^L",	 "sections", "^R",
    "review", "^S",   "save",  "F10/^X", "save & leave", NULL};
/* The same on a narrow terminal: every action keeps its plain key. */
static const char *const narrow_keys[] = {
    "^N", "next", "^P", "back",		"^L",  "sections",    "^R", "review",
    "^S", "save", "^X", "save & leave", "Tab", "next answer", NULL};

/* --- the scheme's wording ------------------------------------------------- */

static const char *model_lookup(void *ctx, const char *id)
{
	struct wizard_model *m = ctx;
	int k = wm_find(m, id);

	return k < 0 ? NULL : m->fields[k].text;
}

struct words {
	char *s;
	size_t len;
};

static void add(struct words *w, const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b);
	char *grown = realloc(w->s, w->len + n + 1);

	if (!grown)
		return;
	w->s = grown;
	w->len += (size_t)sprintf(w->s + w->len, "%s%s", a, b);
}

/* Add text with its {field} names filled in from what is typed. */
static void add_expanded(struct words *w, struct wizard_model *m,
			 const char *prefix, const char *text)
{
	struct mp_error err;
	char *out;

	if (template_expand(text, model_lookup, m, &out, &err) == MP_OK) {
		add(w, prefix, out);
		free(out);
	} else {
		add(w, prefix, text);
	}
	add(w, "\n", "");
}

static void add_lines(struct words *w, struct wizard_model *m,
		      const struct tpl_item *it, bool numbered)
{
	char num[32];

	if (it->heading)
		add_expanded(w, m, "", it->heading);
	for (size_t i = 0; i < it->n_lines; i++) {
		snprintf(num, sizeof(num), "  %zu. ", i + 1);
		add_expanded(w, m, numbered ? num : "  \u2022 ", it->lines[i]);
	}
}

static void add_item(struct words *w, struct wizard_model *m,
		     const struct tpl_item *it)
{
	switch (it->kind) {
	case TPL_PARAGRAPH:
		add_expanded(w, m, "", it->text);
		break;
	case TPL_COMMITMENTS:
	case TPL_BULLETS:
		add_lines(w, m, it, it->numbered);
		break;
	case TPL_QUESTIONS:
		add_lines(w, m, it, true);
		break;
	case TPL_FIELD:
		add(w, "  [answered below: ", it->field->label);
		add(w, "]\n", "");
		break;
	case TPL_DETAILS:
		add(w,
		    it->party == TPL_MENTEE ? "  [the mentee's details: "
					      "below]\n"
					    : "  [the mentor's details: "
					      "below]\n",
		    "");
		break;
	case TPL_SIGNATURES:
		add(w,
		    "  [signatures: added when you sign, after the "
		    "review]\n",
		    "");
		break;
	}
}

static char *section_words(struct wizard_model *m, size_t k)
{
	const struct tpl_section *S = m->sections[k].tpl;
	struct words w = {0};

	add(&w, "", "");
	for (size_t i = 0; i < S->n_items; i++) {
		if (i)
			add(&w, "\n", "");
		add_item(&w, m, &S->items[i]);
	}
	return w.s;
}

static char *parties_words(const struct template *tpl)
{
	struct words w = {0};

	add(&w,
	    "Who is this agreement between?  Type each person's details "
	    "as they should appear in the agreement.  The names are "
	    "typed again, exactly, to sign.\n\nScheme: ",
	    tpl->name);
	add(&w, "\n", tpl->description ? tpl->description : "");
	return w.s;
}

/* --- layout ----------------------------------------------------------------
 */

static void spec_of(struct wiz *z, struct fform_spec *spec)
{
	struct wizard_model *m = &z->s->m;

	memset(spec, 0, sizeof(*spec));
	spec->m = m;
	if (z->parties) {
		spec->fields = m->party_fields;
		spec->n = m->n_party_fields;
		return;
	}
	spec->fields = m->sections[m->current].fields;
	spec->n = m->sections[m->current].n_fields;
	spec->need = m->sections[m->current].need;
	spec->confirmed = m->sections[m->current].confirmed;
}

/* Share the rows between the wording and the form, and build the form. */
static int lay_out(struct wiz *z)
{
	struct wizard_model *m = &z->s->m;
	struct fform_spec spec;
	char *text =
	    z->parties ? parties_words(m->tpl) : section_words(m, m->current);
	int avail = LINES - 7, need, least;

	fform_close(z->ff);
	z->ff = NULL;
	z->words.top = 0;
	if (!text || tui_view_set(&z->words, text, COLS - 3) != 0) {
		free(text);
		return -1;
	}
	free(text);
	spec_of(z, &spec);
	need = fform_rows_needed(&spec, COLS - 2);
	least = (int)z->words.n < avail / 3 ? (int)z->words.n : avail / 3;
	z->wrows = avail - need > least ? avail - need : least;
	if (z->wrows > (int)z->words.n)
		z->wrows = (int)z->words.n;
	z->frow = 4 + z->wrows;
	z->frows = avail - z->wrows;
	z->ff = fform_open(z->s->app, &spec, z->frow, 1, z->frows, COLS - 2);
	if (z->ff && z->s->focus >= 0)
		fform_focus_field(z->ff, (size_t)z->s->focus);
	z->s->focus = -1;
	return z->ff ? 0 : -1;
}

/* --- drawing
 * ------------------------------------------------------------------ */

static void help_line(struct wiz *z)
{
	int fi = fform_focus(z->ff);
	char line[1200];

	if (fi < 0)
		snprintf(line, sizeof(line),
			 "Space ticks the box in focus; m or F6 ticks the "
			 "mentor's, e or F7 the mentee's.  F1: help.");
	else
		fform_help_line(&z->s->m.fields[fi], line, sizeof(line));
	move(LINES - 3, 0);
	clrtoeol();
	attron(A_DIM);
	tui_put(stdscr, LINES - 3, 1, COLS - 2, line);
	attroff(A_DIM);
}

static void draw_header(struct wiz *z)
{
	struct wizard_model *m = &z->s->m;
	char tag[96], line2[512], bar[64];
	size_t k = m->current;

	tui_session_tag(z->s, tag, sizeof(tag));
	if (z->parties)
		snprintf(line2, sizeof(line2),
			 "The parties: who the "
			 "agreement is between");
	else
		snprintf(line2, sizeof(line2), "Section %zu of %zu: %s", k + 1,
			 m->n_sections, m->sections[k].tpl->title);
	tui_header(z->s->app, m->tpl->name, tag, NULL);
	attron(A_BOLD);
	tui_put(stdscr, 1, 1, COLS - 32, line2);
	attroff(A_BOLD);
	snprintf(bar, sizeof(bar), " %zu of %zu agreed", wm_confirmed_count(m),
		 m->n_sections);
	tui_progress(stdscr, 1, COLS - 30, 12, wm_confirmed_count(m),
		     m->n_sections);
	tui_put(stdscr, 1, COLS - 18, 18, bar);
	move(2, 0);
	clrtoeol();
	attron(A_DIM);
	tui_put(stdscr, 2, 1, COLS - 2,
		z->parties ? "Fill in both people's details; F2 or Ctrl-N "
			     "goes on to the agreement itself."
			   : "Read the scheme's words together, answer below, "
			     "then each tick that you agree.");
	attroff(A_DIM);
}

/* The scheme's words with the answers as typed now: a sentence such as
 * "meet once every {frequency}" follows each key. */
static void refresh_words(struct wiz *z)
{
	struct wizard_model *m = &z->s->m;
	char *text =
	    z->parties ? parties_words(m->tpl) : section_words(m, m->current);
	size_t top = z->words.top;

	if (text && tui_view_set(&z->words, text, COLS - 3) == 0)
		z->words.top = top + (size_t)z->wrows <= z->words.n ? top
			       : z->words.n > (size_t)z->wrows
				   ? z->words.n - (size_t)z->wrows
				   : 0;
	free(text);
}

static void draw(struct wiz *z)
{
	struct tui_app *app = z->s->app;
	char caption[160];
	int page, pages;

	refresh_words(z);
	erase();
	draw_header(z);
	tui_view_draw(app, stdscr, 3, z->wrows, &z->words);
	fform_pages(z->ff, &page, &pages);
	snprintf(caption, sizeof(caption), "Your answers%s%s",
		 pages > 1 ? "  (more below: Tab goes on)" : "",
		 z->words.n > (size_t)z->wrows ? "  PgUp/PgDn scroll the "
						 "words above"
					       : "");
	tui_rule(app, 3 + z->wrows, caption);
	help_line(z);
	tui_message_line(app);
	tui_footer(app, COLS >= 100 ? wizard_keys : narrow_keys);
	wnoutrefresh(stdscr);
	fform_refresh(z->ff);
	doupdate();
}

/* --- actions
 * ---------------------------------------------------------------------- */

/* Save what is typed before the screen changes; returns refusals. */
static size_t save_section(struct wiz *z, enum wm_event ev)
{
	int fi = fform_focus(z->ff);
	size_t refused = 0;

	if (fi >= 0) /* first the answer in focus, wherever it belongs */
		refused = tui_save(z->s, WM_EV_FIELD_LEFT, (size_t)fi);
	return refused + tui_save(z->s, ev, z->s->m.n_fields);
}

static void pick_section(struct wiz *z, bool *quit)
{
	struct wizard_model *m = &z->s->m;
	char **names = calloc(m->n_sections + 1, sizeof(*names));
	int k;

	if (!names)
		return;
	for (size_t i = 0; i < m->n_sections; i++) {
		const char *state = wm_section_confirmed(m, i) ? "agreed"
				    : wm_section_complete(m, i)
					? "to confirm"
					: "answers needed";
		size_t n = strlen(m->sections[i].tpl->title) + 40;
		if ((names[i] = malloc(n)))
			snprintf(names[i], n, "%2zu. %s  (%s)", i + 1,
				 m->sections[i].tpl->title, state);
	}
	k = tui_pick(z->s->app, "Go to a section", (const char *const *)names,
		     m->n_sections, m->current, quit);
	for (size_t i = 0; i < m->n_sections; i++)
		free(names[i]);
	free(names);
	if (k >= 0) {
		save_section(z, WM_EV_SECTION_CHANGE);
		z->parties = false;
		wm_jump(m, (size_t)k);
	}
}

static enum tui_next next_section(struct wiz *z)
{
	save_section(z, WM_EV_SECTION_CHANGE);
	if (z->parties) {
		z->parties = false;
		wm_jump(&z->s->m, 0);
		return NEXT_WIZARD;
	}
	if (wm_next(&z->s->m))
		return NEXT_WIZARD;
	return NEXT_REVIEW;
}

static enum tui_next prev_section(struct wiz *z)
{
	save_section(z, WM_EV_SECTION_CHANGE);
	if (!z->parties && !wm_prev(&z->s->m))
		z->parties = true;
	else if (z->parties)
		tui_say(z->s->app, false, "This is the first screen.");
	return NEXT_WIZARD;
}

/* A key the form left to the screen; NEXT_WIZARD stays. */
static enum tui_next screen_key(struct wiz *z, const struct tui_key *k,
				bool *relayout)
{
	bool quit = false;

	*relayout = true;
	switch (tui_action(k)) {
	case ACT_NEXT_SECTION:
		return next_section(z);
	case ACT_PREV_SECTION:
		return prev_section(z);
	case ACT_SECTIONS:
		pick_section(z, &quit);
		if (quit) {
			save_section(z, WM_EV_LEAVE);
			return NEXT_HOME;
		}
		return NEXT_WIZARD;
	case ACT_REVIEW:
		save_section(z, WM_EV_SECTION_CHANGE);
		return NEXT_REVIEW;
	case ACT_LEAVE:
		if (save_section(z, WM_EV_LEAVE) == 0 ||
		    tui_ask(z->s->app,
			    "An answer was not accepted (it is marked \u2717); "
			    "it is kept as typed, to correct later.  Leave "
			    "anyway?  Everything else is saved.",
			    &quit) ||
		    quit)
			return NEXT_HOME;
		return NEXT_WIZARD;
	case ACT_QUIT:
		save_section(z, WM_EV_LEAVE);
		return NEXT_HOME;
	case ACT_RESIZE:
		return NEXT_WIZARD;
	default:
		break;
	}
	*relayout = false;
	switch (tui_action(k)) {
	case ACT_SAVE:
		if (save_section(z, WM_EV_SAVE) == 0)
			tui_say(z->s->app, false, "saved");
		fform_reload(z->ff,
			     z->s->m.sections[z->s->m.current].confirmed);
		break;
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
		tui_view_scroll(&z->words, z->wrows,
				(tui_action(k) == ACT_PAGE_UP ? -1 : 1) *
				    (long)(z->wrows > 1 ? z->wrows - 1 : 1));
		break;
	case ACT_BACK:
		tui_say(z->s->app, false,
			"F10 or Ctrl-X saves and leaves; "
			"F3 or Ctrl-P goes back a section.");
		break;
	default:
		break;
	}
	return NEXT_WIZARD;
}

static void form_result(struct wiz *z, enum ff_result r,
			const struct ff_out *out)
{
	struct wizard_model *m = &z->s->m;

	if (r == FF_LEFT)
		tui_save(z->s, WM_EV_FIELD_LEFT, out->field);
	else if (r == FF_CONFIRM)
		tui_confirm(z->s, m->current, out->role, out->on);
	else
		return;
	fform_reload(z->ff, z->parties ? 0 : m->sections[m->current].confirmed);
}

static const char wizard_help[] =
    "The agreement, one section at a time.  Read the scheme's words "
    "together (at the top; they show your answers as you type them), "
    "answer below, then each tick that you agree with the section.  "
    "Everything typed is saved when you move to another answer or "
    "section, or leave.\n\n"
    "An answer that shows a default (the scheme's suggestion) is replaced "
    "by what you type first; press an arrow key first to edit it "
    "instead.  Ctrl-U empties the answer in focus.  In a list, each item "
    "has its own line.  A long text takes several lines: Enter starts a "
    "new one.";

static const char *const wizard_help_keys[] = {
    "Tab, Enter",  "next answer (Enter: a new line in a long text)",
    "Shift-Tab",   "previous answer",
    "Left/Right",  "move in the text; Home and End go to its ends",
    "Ctrl-U",	   "empty the answer in focus",
    "Ctrl-A/D",	   "add or delete a list item",
    "F6 / F7",	   "the mentor / the mentee ticks that they agree",
    "Space",	   "tick the box in focus, or choose",
    "F2, Ctrl-N",  "next section",
    "F3, Ctrl-P",  "previous section",
    "F4, Ctrl-L",  "list of sections",
    "F5, Ctrl-R",  "review",
    "Ctrl-S",	   "save",
    "F10, Ctrl-X", "save and leave",
    "PgUp/PgDn",   "scroll the scheme's words",
    NULL};

static enum tui_next run(struct wiz *z)
{
	enum tui_next next = NEXT_WIZARD;
	struct fform_place place;
	bool keep = false;

	while (next == NEXT_WIZARD) {
		struct tui_key k;
		struct ff_out out;
		bool relayout;
		enum ff_result r;
		if (!z->ff && lay_out(z) != 0) {
			tui_say(z->s->app, true, "out of memory");
			return NEXT_HOME;
		}
		if (keep) /* a resize: the focus and cursor stay put */
			fform_go(z->ff, &place);
		keep = false;
		draw(z);
		tui_help_set(z->s->app, wizard_help, wizard_help_keys,
			     !fform_typing(z->ff));
		tui_read(z->s->app, fform_window(z->ff), &k);
		if (k.kind == TK_RESIZE) {
			fform_where(z->ff, &place);
			keep = true;
		}
		r = k.kind == TK_QUIT || k.kind == TK_RESIZE
			? FF_UNHANDLED
			: fform_key(z->ff, &k, &out);
		if (r != FF_UNHANDLED) {
			form_result(z, r, &out);
			continue;
		}
		next = screen_key(z, &k, &relayout);
		if (relayout) {
			fform_close(z->ff);
			z->ff = NULL;
		}
	}
	return next;
}

static enum tui_next wizard(struct tui_session *s, bool parties)
{
	struct wiz z = {.s = s, .parties = parties};
	enum tui_next next;

	next = run(&z);
	fform_close(z.ff);
	tui_view_free(&z.words);
	return next;
}

enum tui_next tui_screen_wizard(struct tui_session *s)
{
	return wizard(s, false);
}

enum tui_next tui_screen_parties(struct tui_session *s)
{
	return wizard(s, true);
}
