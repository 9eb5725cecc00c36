/*
 * fform.c - a screen's answers as an ncurses form (see fform.h): what
 * each field shows, building the form, reading it back, the focus and
 * keeping the place across a new layout.
 *
 * Each answer is a group of form fields: an inactive label field, then
 * one value field (text, long text, choice, yes/no) or, for a list, a
 * number and a field per item; fform_layout.c places them on form pages.
 * Texts are drawn and edited in fform_text.c, keys are handled in
 * fform_keys.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tui/fform_internal.h"

/* --- what each field shows ------------------------------------------------ */

/* The keys a type is typed with beyond the usual ones; NULL for none.
 * They are shown beside a field's own help too. */
static const char *type_keys(enum tpl_type t)
{
	switch (t) {
	case TPL_LONG_TEXT:
		return "Enter starts a new line; Tab moves on.";
	case TPL_LIST:
		return "Ctrl-A adds an item, Ctrl-D deletes this one.";
	case TPL_CHOICE:
		return "Space or Enter shows the choices; Left/Right steps "
		       "through them.";
	case TPL_YES_NO:
		return "Space changes the answer; y is yes, n is no.";
	default:
		return NULL;
	}
}

/* The program's words on a type's answers, for a field without help of
 * its own: a field's help says what its answer is instead. */
static const char *type_hint(enum tpl_type t)
{
	switch (t) {
	case TPL_LIST:
		return "One item a line: Ctrl-A adds an item, Ctrl-D deletes "
		       "this one.";
	case TPL_EMAIL:
		return "An email address such as name@example.org.";
	case TPL_DATE:
		return "A date such as 2025-03-31.";
	case TPL_NUMBER:
		return "A whole number.";
	case TPL_DURATION:
		return "A length of time such as '48 hours' or '6 months'.";
	case TPL_FREQUENCY:
		return "How often, such as 'once a month' or 'once every 2 "
		       "weeks'.";
	default:
		return type_keys(t) ? type_keys(t)
				    : "Type the answer; Tab or Enter moves on; "
				      "Ctrl-U empties it.";
	}
}

/* A rating's scale in words: "1 (not at all useful) to 5 (very
 * useful)". */
static void scale_words(const struct tpl_field *tf, char *buf, size_t size)
{
	snprintf(buf, size, "%lld%s%s%s to %lld%s%s%s", tf->min,
		 tf->low ? " (" : "", tf->low ? tf->low : "",
		 tf->low ? ")" : "", tf->max, tf->high ? " (" : "",
		 tf->high ? tf->high : "", tf->high ? ")" : "");
}

void fform_help_line(const struct wm_field *f, char *line, size_t size)
{
	char scale[600];

	if (f->type == TPL_RATING && f->tf) {
		scale_words(f->tf, scale, sizeof(scale));
		snprintf(line, size, "%s%sA rating from %s: type the number.",
			 f->help ? f->help : "", f->help ? "  " : "", scale);
	} else if (f->help && type_keys(f->type)) {
		snprintf(line, size, "%s  %s", f->help, type_keys(f->type));
	} else {
		snprintf(line, size, "%s",
			 f->help ? f->help : type_hint(f->type));
	}
}

static const char *who_words(enum tpl_party who)
{
	return who == TPL_MENTOR   ? "mentor"
	       : who == TPL_MENTEE ? "mentee"
				   : "both";
}

static void label_text(const struct wm_field *f, char *buf, size_t size)
{
	const char *why = f->error;
	size_t n = strlen(f->label);

	if (why && !strncmp(why, f->label, n) && !strncmp(why + n, ": ", 2))
		why += n + 2; /* the label is right beside it */
	snprintf(buf, size, "%s%s%s%s%s%s%s", f->label, f->tf ? " (" : "",
		 f->tf ? who_words(f->who) : "", f->tf ? ")" : "",
		 f->required ? " *" : "", why ? "   \u2717 " : "",
		 why ? why : "");
}

static void confirm_label(const struct fform *ff, char *buf, size_t size)
{
	snprintf(buf, size, "%s",
		 ff->spec.need == TPL_BOTH
		     ? "When you both agree with this section as it "
		       "stands, each tick your box (Space):"
		     : "When you agree with this section as it stands, "
		       "tick the box (Space):");
}

static void slot_text(const struct fform *ff, const struct slot *s, char *buf,
		      size_t size)
{
	const struct wm_field *f =
	    s->fi >= 0 ? &ff->spec.m->fields[s->fi] : NULL;

	buf[0] = '\0';
	switch (s->kind) {
	case SL_LABEL:
		if (f)
			label_text(f, buf, size);
		else
			confirm_label(ff, buf, size);
		break;
	case SL_NUMBER:
		snprintf(buf, size, "%zu.", s->item + 1);
		break;
	case SL_CHOICE:
		snprintf(buf, size, "< %s >   (Space or Enter: choose)",
			 *f->text ? f->text : "not chosen yet");
		break;
	case SL_YESNO:
		snprintf(buf, size, "(%s) yes    (%s) no    (Space: change)",
			 !strcmp(f->text, "yes") ? "x" : " ",
			 !strcmp(f->text, "no") ? "x" : " ");
		break;
	case SL_CONFIRM:
		snprintf(buf, size, "%s agrees [%s]",
			 s->role == TPL_MENTOR ? "Mentor" : "Mentee",
			 ff->spec.confirmed & s->role ? "x" : " ");
		break;
	default:
		break;
	}
}

/* Put what slot s shows in its field (an editable slot's stays empty:
 * fform_text.c draws it). */
void ff_fill(struct fform *ff, struct slot *s)
{
	char buf[1400];

	if (editable(s->kind)) { /* drawn by paint_text */
		set_field_buffer(s->f, 0, "");
		return;
	}
	slot_text(ff, s, buf, sizeof(buf));
	char *fit = tui_fit(buf, s->cols);
	set_field_buffer(s->f, 0, fit ? fit : "");
	free(fit);
}

static void style(struct fform *ff, struct slot *s, bool focused)
{
	struct tui_app *app = ff->app;
	const struct wm_field *f =
	    s->fi >= 0 ? &ff->spec.m->fields[s->fi] : NULL;
	chtype colour = 0;

	if (s->kind == SL_LABEL) {
		if (app->colour)
			colour =
			    COLOR_PAIR(f && f->error ? TC_ERROR : TC_LABEL);
		set_field_fore(s->f, colour | A_BOLD);
		return;
	}
	if (editable(s->kind))
		set_field_back(s->f,
			       focused ? A_UNDERLINE | A_BOLD : A_UNDERLINE);
	else if (active(s->kind))
		set_field_back(s->f, focused ? A_REVERSE : A_NORMAL);
}

/* --- building the form ---------------------------------------------------- */

static FIELD *make_field(struct slot *s)
{
	FIELD *f = new_field(s->rows, s->cols, s->row, s->col, 0, 0);

	if (!f)
		return NULL;
	field_opts_off(f, O_AUTOSKIP | O_BLANK);
	if (!active(s->kind)) {
		field_opts_off(f, O_ACTIVE);
	} else {
		field_opts_off(f, O_EDIT); /* texts are edited here */
	}
	if (s->page_start)
		set_new_page(f, TRUE);
	return f;
}

/* Unpost and free the form and its fields (the slots stay). */
void ff_drop_form(struct fform *ff)
{
	if (ff->form) {
		unpost_form(ff->form);
		free_form(ff->form);
		ff->form = NULL;
	}
	for (size_t i = 0; ff->ff && ff->ff[i]; i++)
		free_field(ff->ff[i]);
	free(ff->ff);
	ff->ff = NULL;
}

/* Whether the answer of slot s shows its field's default. */
static bool shows_default(const struct fform *ff, const struct slot *s)
{
	const struct wm_field *f =
	    s->fi >= 0 ? &ff->spec.m->fields[s->fi] : NULL;

	return f && editable(s->kind) && s->kind != SL_ITEM && f->tf &&
	       f->tf->def && *f->tf->def && !strcmp(f->text, f->tf->def);
}

/* The first slot that can take the focus. */
size_t ff_first_active(const struct fform *ff)
{
	for (size_t i = 0; i < ff->n_slots; i++)
		if (active(ff->slots[i].kind))
			return i;
	return 0;
}

/* Lay out, make a field per slot, and post the form with the focus on
 * ff->cur (or the first active slot); -1 when out of memory. */
int ff_build(struct fform *ff)
{
	if (ff_layout(ff) != 0 ||
	    !(ff->ff = calloc(ff->n_slots + 1, sizeof(*ff->ff))))
		return -1;
	for (size_t i = 0; i < ff->n_slots; i++) {
		if (!(ff->slots[i].f = ff->ff[i] = make_field(&ff->slots[i])))
			return -1;
		ff_fill(ff, &ff->slots[i]);
		style(ff, &ff->slots[i], false);
	}
	if (!(ff->form = new_form(ff->ff)))
		return -1;
	/* Backspace at an answer's start must not move to the one before
	 * behind this file's back (which keeps the focus). */
	form_opts_off(ff->form, O_BS_OVERLOAD | O_NL_OVERLOAD);
	set_form_win(ff->form, ff->win);
	set_form_sub(ff->form, ff->win);
	if (ff->cur >= ff->n_slots || !active(ff->slots[ff->cur].kind))
		ff->cur = ff_first_active(ff);
	werase(ff->win);
	post_form(ff->form);
	set_current_field(ff->form, ff->slots[ff->cur].f);
	style(ff, &ff->slots[ff->cur], true);
	return 0;
}

struct fform *fform_open(struct tui_app *app, const struct fform_spec *spec,
			 int y, int x, int rows, int cols)
{
	struct fform *ff = calloc(1, sizeof(*ff));

	if (!ff)
		return NULL;
	ff->app = app;
	ff->spec = *spec;
	ff->cursor = SIZE_MAX; /* at the end of a long text */
	ff->rows = rows;
	ff->cols = cols;
	ff->fields = malloc((spec->n + 1) * sizeof(size_t));
	ff->win = newwin(rows, cols, y, x);
	if (!ff->fields || !ff->win) {
		fform_close(ff);
		return NULL;
	}
	memcpy(ff->fields, spec->fields, spec->n * sizeof(size_t));
	ff->spec.fields = ff->fields;
	keypad(ff->win, TRUE);
	if (ff_build(ff) != 0) {
		fform_close(ff);
		return NULL;
	}
	ff->fresh = shows_default(ff, &ff->slots[ff->cur]);
	return ff;
}

/* --- reading back --------------------------------------------------------- */

void fform_close(struct fform *ff)
{
	if (!ff)
		return;
	ff_drop_form(ff);
	if (ff->win)
		delwin(ff->win);
	free(ff->slots);
	free(ff->fields);
	free(ff);
}

/* Find the slot showing (kind family, fi, item, role); or -1. */
long ff_find_slot(const struct fform *ff, const struct slot *like)
{
	for (size_t i = 0; i < ff->n_slots; i++) {
		const struct slot *s = &ff->slots[i];
		if (!active(s->kind) || s->fi != like->fi)
			continue;
		if (s->kind == SL_CONFIRM && s->role != like->role)
			continue;
		if (s->kind == SL_ITEM && s->item != like->item)
			continue;
		return (long)i;
	}
	return -1;
}

void fform_reload(struct fform *ff, unsigned confirmed)
{
	struct slot focus = ff->slots[ff->cur];
	long at;

	ff_drop_form(ff);
	ff->spec.confirmed = confirmed;
	if (ff_layout(ff) == 0) {
		focus.item =
		    focus.item < wm_list_count(
				     focus.fi >= 0
					 ? ff->spec.m->fields[focus.fi].text
					 : "")
			? focus.item
			: 0;
		at = ff_find_slot(ff, &focus);
		ff->cur = at >= 0 ? (size_t)at : ff_first_active(ff);
	}
	if (ff_build(ff) != 0)
		tui_say(ff->app, true, "out of memory");
}

/* --- focus ---------------------------------------------------------------- */

static void set_focus(struct fform *ff, size_t to)
{
	style(ff, &ff->slots[ff->cur], false);
	ff->cur = to;
	set_current_field(ff->form, ff->slots[to].f);
	style(ff, &ff->slots[to], true);
	ff->cursor = SIZE_MAX;
	ff->top = 0;
	ff->fresh = shows_default(ff, &ff->slots[to]);
}

/* Move focus dir (+1/-1) to the next active slot; FF_LEFT when it left
 * an answer. */
enum ff_result ff_move_focus(struct fform *ff, int dir, struct ff_out *out)
{
	long to = (long)ff->cur;
	int from_fi = ff->slots[ff->cur].fi;

	do
		to += dir;
	while (to >= 0 && (size_t)to < ff->n_slots &&
	       !active(ff->slots[to].kind));
	if (to < 0 || (size_t)to >= ff->n_slots) {
		tui_say(ff->app, false, "%s",
			dir < 0		  ? "That was the first answer here."
			: ff->spec.at_end ? ff->spec.at_end
					  : "That was the last answer here: "
					    "Ctrl-N goes on to the next "
					    "section.");
		return FF_NONE;
	}
	set_focus(ff, (size_t)to);
	if (from_fi >= 0 && from_fi != ff->slots[to].fi) {
		out->field = (size_t)from_fi;
		return FF_LEFT;
	}
	return FF_NONE;
}

bool fform_typing(const struct fform *ff)
{
	return editable(ff->slots[ff->cur].kind);
}

int fform_focus(const struct fform *ff)
{
	return ff->slots[ff->cur].fi;
}

void fform_focus_field(struct fform *ff, size_t fi)
{
	for (size_t i = 0; i < ff->n_slots; i++)
		if (active(ff->slots[i].kind) && ff->slots[i].fi == (int)fi) {
			set_focus(ff, i);
			return;
		}
}

void fform_pages(const struct fform *ff, int *page, int *pages)
{
	*page = form_page(ff->form) + 1;
	*pages = ff->pages;
}

WINDOW *fform_window(const struct fform *ff)
{
	return ff->win;
}

void fform_refresh(struct fform *ff)
{
	int page = form_page(ff->form), y = -1, x = -1;

	touchwin(ff->win); /* the screen behind it was just redrawn */
	for (size_t i = 0; i < ff->n_slots; i++) {
		const struct slot *s = &ff->slots[i];
		int *py = i == ff->cur ? &y : NULL,
		    *px = i == ff->cur ? &x : NULL;
		if (s->page != page || !editable(s->kind))
			continue;
		if (s->kind == SL_LONG)
			ff_paint_long(ff, s, i == ff->cur, py, px);
		else
			ff_paint_line(ff, s, i == ff->cur, py, px);
	}
	pos_form_cursor(ff->form);
	if (y >= 0)
		wmove(ff->win, y, x);
	wnoutrefresh(ff->win);
}

/* --- keeping the place across a new layout -------------------------------- */

void fform_where(const struct fform *ff, struct fform_place *p)
{
	const struct slot *s = &ff->slots[ff->cur];

	p->fi = s->fi;
	p->item = s->item;
	p->role = s->role;
	p->cursor = ff->cursor;
	p->fresh = ff->fresh;
}

void fform_go(struct fform *ff, const struct fform_place *p)
{
	struct slot like = {.fi = p->fi, .item = p->item, .role = p->role};
	long at = ff_find_slot(ff, &like);

	if (at < 0)
		return;
	set_focus(ff, (size_t)at);
	ff->cursor = p->cursor;
	ff->fresh = p->fresh;
}
