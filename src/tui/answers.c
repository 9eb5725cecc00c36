/*
 * answers.c - a screen of answers beyond the agreement's (answers.h):
 * the layout of words and answers, drawing, saving, and the loop that
 * reads keys, as the wizard's screen does for the agreement.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tui/answers.h"
#include "tui/session.h"

size_t tui_answers_save(struct tui_answers *a, enum wm_event ev)
{
	int fi = a->ff ? fform_focus(a->ff) : -1;
	size_t refused = 0;
	bool cleared;

	if (!a->save)
		return 0;
	if (fi >= 0)
		refused = tui_save_with(a->app, a->m, WM_EV_FIELD_LEFT,
					(size_t)fi, a->save, a->ctx, &cleared);
	return refused + tui_save_with(a->app, a->m, ev, a->m->n_fields,
				       a->save, a->ctx, &cleared);
}

bool tui_answers_focus_problem(struct tui_answers *a)
{
	for (size_t i = 0; i < a->m->n_fields; i++) {
		const struct wm_field *w = &a->m->fields[i];
		const char *given = a->save ? w->saved : w->text;
		if (w->error || (w->required && !*given)) {
			if (a->ff)
				fform_focus_field(a->ff, i);
			return true;
		}
	}
	return false;
}

/* Share the rows between the words and the answers, and build the form. */
static int lay_out(struct tui_answers *a)
{
	struct fform_spec spec = {.m = a->m,
				  .fields = a->m->sections[0].fields,
				  .n = a->m->sections[0].n_fields,
				  .at_end = a->at_end};
	int avail = LINES - 7, need, least;

	fform_close(a->ff);
	a->ff = NULL;
	tui_view_free(&a->words);
	if (a->intro && tui_view_set(&a->words, a->intro, COLS - 3) != 0)
		return -1;
	need = fform_rows_needed(&spec, COLS - 2);
	least = (int)a->words.n < avail / 3 ? (int)a->words.n : avail / 3;
	a->wrows = avail - need > least ? avail - need : least;
	if (a->wrows > (int)a->words.n)
		a->wrows = (int)a->words.n;
	a->ff = fform_open(a->app, &spec, 4 + a->wrows, 1, avail - a->wrows,
			   COLS - 2);
	return a->ff ? 0 : -1;
}

static void draw(struct tui_answers *a)
{
	int fi = fform_focus(a->ff), page, pages;
	char line[1200], caption[300];

	erase();
	tui_header(a->app, a->title, a->tag, a->line2);
	attron(A_DIM);
	tui_put(stdscr, 2, 1, COLS - 2, a->explain);
	attroff(A_DIM);
	tui_view_draw(a->app, stdscr, 3, a->wrows, &a->words);
	fform_pages(a->ff, &page, &pages);
	snprintf(caption, sizeof(caption), "%s%s%s", a->caption,
		 pages > 1 ? "  (more below: Tab goes on)" : "",
		 a->words.n > (size_t)a->wrows ? "  PgUp/PgDn scroll the "
						 "words above"
					       : "");
	tui_rule(a->app, 3 + a->wrows, caption);
	line[0] = '\0';
	if (fi >= 0)
		fform_help_line(&a->m->fields[fi], line, sizeof(line));
	attron(A_DIM);
	tui_put(stdscr, LINES - 3, 1, COLS - 2, line);
	attroff(A_DIM);
	tui_message_line(a->app);
	tui_footer(a->app,
		   COLS >= 100 || !a->narrow_keys ? a->keys : a->narrow_keys);
	wnoutrefresh(stdscr);
	fform_refresh(a->ff);
	doupdate();
}

/* Whether something typed differs from what the answers hold. */
static bool typed(const struct tui_answers *a)
{
	for (size_t i = 0; i < a->m->n_fields; i++)
		if (wm_dirty(&a->m->fields[i]))
			return true;
	return false;
}

/* The keys of a screen that keeps what is typed only when told. */
static int commit_key(struct tui_answers *a, const struct tui_key *k,
		      bool *relayout)
{
	bool quit = false;

	switch (tui_action(k)) {
	case ACT_REVIEW:
	case ACT_SAVE:
		*relayout = true;
		return a->commit(a->ctx, a);
	case ACT_LEAVE:
	case ACT_BACK:
		*relayout = true;
		if (!typed(a) || tui_ask(a->app, a->drop, &quit))
			return 1;
		return quit ? -1 : 0;
	default:
		return 0;
	}
}

/* A key the form left: the screen's, or scrolling the words. */
static int screen_key(struct tui_answers *a, const struct tui_key *k,
		      bool *relayout)
{
	enum tui_act act = tui_action(k);

	*relayout = false;
	if (act == ACT_QUIT) {
		tui_answers_save(a, WM_EV_LEAVE);
		return -1;
	}
	if (act == ACT_RESIZE) {
		*relayout = true;
		return 0;
	}
	if (act == ACT_PAGE_UP || act == ACT_PAGE_DOWN) {
		long rows = a->wrows > 1 ? a->wrows - 1 : 1;
		tui_view_scroll(&a->words, a->wrows,
				act == ACT_PAGE_UP ? -rows : rows);
		return 0;
	}
	return a->key ? a->key(a->ctx, a, k, relayout)
		      : commit_key(a, k, relayout);
}

int tui_answers_run(struct tui_answers *a)
{
	struct fform_place place;
	bool keep = false;
	int r = 0;

	while (r == 0) {
		struct tui_key k;
		struct ff_out out;
		enum ff_result fr;
		bool relayout;
		if (!a->ff && lay_out(a) != 0) {
			tui_say(a->app, true, "out of memory");
			return -1;
		}
		if (keep) /* a resize: the focus and cursor stay put */
			fform_go(a->ff, &place);
		keep = false;
		draw(a);
		tui_help_set(a->app, a->help, a->help_keys,
			     !fform_typing(a->ff));
		tui_read(a->app, fform_window(a->ff), &k);
		if (k.kind == TK_RESIZE) {
			fform_where(a->ff, &place);
			keep = true;
		}
		fr = k.kind == TK_QUIT || k.kind == TK_RESIZE
			 ? FF_UNHANDLED
			 : fform_key(a->ff, &k, &out);
		if (fr == FF_LEFT && a->save) {
			bool cleared;
			tui_save_with(a->app, a->m, WM_EV_FIELD_LEFT, out.field,
				      a->save, a->ctx, &cleared);
			fform_reload(a->ff, 0);
		}
		if (fr != FF_UNHANDLED)
			continue;
		r = screen_key(a, &k, &relayout);
		if (relayout && r == 0) {
			if (!keep)
				fform_where(a->ff, &place);
			keep = true;
			fform_close(a->ff);
			a->ff = NULL;
		}
	}
	return r;
}

void tui_answers_close(struct tui_answers *a)
{
	fform_close(a->ff);
	a->ff = NULL;
	tui_view_free(&a->words);
}
