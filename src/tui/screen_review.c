/*
 * screen_review.c - the whole agreement exactly as it will be exported
 * (render_body), scrollable, with what is missing or not accepted listed
 * below it; Tab picks one and Enter (or its number) goes to it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/render.h"
#include "tui/session.h"

#define REVIEW_MAX_SHOWN 6

static const char *const review_keys[] = {
    "PgUp/PgDn", "scroll", "Tab",   "pick",	"Enter",  "go to it",
    "s",	 "sign",   "F3/^P", "sections", "F10/^X", "save & leave",
    NULL};

struct review {
	struct tui_session *s;
	struct tui_view body;
	char **problems;
	size_t n;
	size_t sel;
	int brows;
};

static int add_problem(struct review *r, const char *text)
{
	char **grown = realloc(r->problems, (r->n + 1) * sizeof(*grown));

	if (!grown)
		return -1;
	r->problems = grown;
	if (!(grown[r->n] = strdup(text)))
		return -1;
	r->n++;
	return 0;
}

/* Answers refused that the store does not hold as pending texts (which
 * agreement_problems lists) are only in the model: list them first. */
static void refused_problems(struct review *r)
{
	const struct wizard_model *m = &r->s->m;
	char line[1400];

	for (size_t i = 0; i < m->n_fields; i++) {
		const struct wm_field *f = &m->fields[i];
		if (!f->error || agreement_pending(r->s->ag, f->key))
			continue;
		snprintf(line, sizeof(line), "%s: '%s' was not accepted: %s",
			 f->section >= 0 ? m->sections[f->section].tpl->title
					 : "The parties",
			 f->label, f->error);
		add_problem(r, line);
	}
}

static void load(struct review *r, int width)
{
	struct mp_error err;
	char *body = NULL, **p;
	size_t len, n;

	refused_problems(r);
	n = agreement_problems(r->s->ag, &p);
	for (size_t i = 0; i < n; i++)
		add_problem(r, p[i]);
	agreement_problems_free(p, n);
	if (render_body(r->s->ag, &body, &len, &err) != MP_OK) {
		tui_view_set(&r->body, err.message, width);
		return;
	}
	tui_view_set(&r->body, body, width);
	free(body);
}

static void unload(struct review *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->problems[i]);
	free(r->problems);
	r->problems = NULL;
	r->n = 0;
	tui_view_free(&r->body);
}

static int list_rows(const struct review *r)
{
	return r->n ? (r->n < REVIEW_MAX_SHOWN ? (int)r->n : REVIEW_MAX_SHOWN)
		    : 1;
}

static void draw_problems(struct review *r, int y)
{
	int rows = list_rows(r);
	size_t first = r->sel >= (size_t)rows ? r->sel - (size_t)rows + 1 : 0;
	char line[1200];

	if (!r->n) {
		tui_attr_on(r->s->app, stdscr, TC_GOOD, A_BOLD);
		tui_put(stdscr, y, 2, COLS - 4,
			"Nothing is missing and every section is agreed: "
			"press s to sign.");
		tui_attr_off(r->s->app, stdscr, TC_GOOD, A_BOLD);
		return;
	}
	for (int i = 0; i < rows && first + (size_t)i < r->n; i++) {
		size_t k = first + (size_t)i;
		snprintf(line, sizeof(line), "%zu. %s", k + 1, r->problems[k]);
		if (k == r->sel)
			attron(A_REVERSE);
		tui_put(stdscr, y + i, 2, COLS - 4, line);
		attroff(A_REVERSE);
	}
}

static void draw(struct review *r)
{
	struct tui_app *app = r->s->app;
	char tag[96], caption[160];
	int y;

	erase();
	tui_session_tag(r->s, tag, sizeof(tag));
	tui_header(app, r->s->m.tpl->name, tag,
		   "Review: the agreement exactly as it will be signed and "
		   "sent");
	attron(A_DIM);
	tui_put(stdscr, 2, 1, COLS - 2,
		"Read it through together.  Anything still to do is listed "
		"at the bottom.");
	attroff(A_DIM);
	tui_view_draw(app, stdscr, 3, r->brows, &r->body);
	y = 3 + r->brows;
	snprintf(caption, sizeof(caption),
		 r->n ? "Still to do before signing (%zu): Tab picks, Enter "
			"goes there"
		      : "Ready to sign",
		 r->n);
	tui_rule(app, y, caption);
	draw_problems(r, y + 1);
	tui_message_line(app);
	tui_footer(app, review_keys);
	curs_set(0);
	refresh();
}

/* Go to problem k: its section, and the answer it names when it can. */
static enum tui_next go_to(struct review *r, size_t k)
{
	struct wizard_model *m = &r->s->m;
	int sec = wm_problem_section(m, r->problems[k]);

	if (sec == -2) {
		tui_say(r->s->app, true,
			"Look for it in the section list "
			"(F4 or Ctrl-L).");
		return NEXT_WIZARD;
	}
	r->s->focus = -1;
	for (size_t i = 0; i < m->n_fields; i++) {
		char quoted[600];
		snprintf(quoted, sizeof(quoted), "'%s'", m->fields[i].label);
		if (m->fields[i].section == sec &&
		    strstr(r->problems[k], quoted))
			r->s->focus = (int)i;
	}
	if (r->s->focus < 0)
		r->s->focus = wm_problem_detail(m, r->problems[k]);
	if (sec < 0)
		return NEXT_PARTIES;
	wm_jump(m, (size_t)sec);
	return NEXT_WIZARD;
}

/* To signing when nothing is listed: not while an answer on screen
 * differs from the one stored, which is what would be signed. */
static enum tui_next sign_if_ready(struct review *r)
{
	enum ag_status st = r->s->ag->status;

	if (st == AG_ACTIVE)
		return NEXT_EXPORT;
	if ((st == AG_READY || st == AG_SIGNED) && !r->n)
		return NEXT_SIGN;
	tui_say(r->s->app, true,
		"Not ready to sign yet: %zu thing%s still to do (listed "
		"below).",
		r->n, r->n == 1 ? "" : "s");
	return NEXT_REVIEW;
}

static enum tui_next key(struct review *r, const struct tui_key *k)
{
	switch (tui_action(k)) {
	case ACT_QUIT:
	case ACT_LEAVE:
		return NEXT_HOME;
	case ACT_PREV_SECTION:
	case ACT_BACK:
	case ACT_SECTIONS:
		return NEXT_WIZARD;
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
		tui_view_scroll(&r->body, r->brows,
				(tui_action(k) == ACT_PAGE_UP ? -1 : 1) *
				    (long)(r->brows - 1));
		return NEXT_REVIEW;
	case ACT_NEXT_FIELD:
		r->sel = r->n ? (r->sel + 1) % r->n : 0;
		return NEXT_REVIEW;
	case ACT_PREV_FIELD:
		r->sel = r->n ? (r->sel + r->n - 1) % r->n : 0;
		return NEXT_REVIEW;
	case ACT_ENTER:
		return r->n ? go_to(r, r->sel) : sign_if_ready(r);
	case ACT_NEXT_SECTION:
		return sign_if_ready(r);
	default:
		break;
	}
	if (k->kind == TK_KEY && (k->code == KEY_DOWN || k->code == KEY_UP))
		tui_view_scroll(&r->body, r->brows,
				k->code == KEY_DOWN ? 1 : -1);
	else if (k->kind == TK_CHAR && k->code == 's')
		return sign_if_ready(r);
	else if (k->kind == TK_CHAR && k->code >= '1' && k->code <= '9' &&
		 (size_t)(k->code - '1') < r->n)
		return go_to(r, (size_t)(k->code - '1'));
	return NEXT_REVIEW;
}

enum tui_next tui_screen_review(struct tui_session *s)
{
	struct review r = {.s = s};
	enum tui_next next = NEXT_REVIEW;
	bool fresh = true;

	while (next == NEXT_REVIEW) {
		struct tui_key k;
		if (fresh) {
			unload(&r);
			load(&r, COLS - 4);
			r.brows = LINES - 7 - list_rows(&r);
			fresh = false;
		}
		draw(&r);
		tui_read(s->app, stdscr, &k);
		fresh = k.kind == TK_RESIZE;
		next = key(&r, &k);
	}
	curs_set(1);
	unload(&r);
	return next;
}
