/*
 * fform.c - a screen's answers as an ncurses form (see fform.h).
 *
 * Each answer is a group of form fields: an inactive label field, then
 * one value field (text, long text, choice, yes/no) or, for a list, a
 * number and a field per item.  Groups are placed row by row; one that
 * does not fit starts a new form page.
 *
 * Every text answer (a line, a long text, a list item) is a form field
 * for the layout, the pages and moving between answers, but it is edited
 * and drawn here, on the model's text as a list of characters and a
 * cursor, and never through the field's buffer.  The ncurses 6.4 form
 * library counts buffer cells as columns: after double-width characters
 * its End, and its cursor after set_field_buffer, land on the wrong cell,
 * so "before my 中文 rota" edited after End saved dozens of spaces; in a
 * multi-line field a wide character in a row's last column leaves the
 * cursor outside the field.  Nor has it a line break.  Here widths come
 * from utf8proc (uc_cp_width), a line scrolls sideways to keep the cursor
 * in sight, line breaks typed with Enter in a long text are real "\n",
 * and what is typed is exactly what is saved: the model's text is the
 * answer at every key.
 *
 * Typing over a default: when focus comes to an answer that shows its
 * field's default, the first character typed replaces it (as a selected
 * text is replaced); any editing key first keeps it.  Ctrl-U clears the
 * answer in focus.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <form.h>

#include "tui/fform.h"
#include "tui/tui_text.h"
#include "mentorpact/unicode.h"

#define LONG_ROWS   4
#define ITEM_INDENT 6

enum slot_kind {
	SL_LABEL,   /* an answer's label (inactive) */
	SL_NUMBER,  /* a list item's number (inactive) */
	SL_TEXT,    /* one line of text */
	SL_LONG,    /* several lines of text */
	SL_ITEM,    /* one list item */
	SL_CHOICE,  /* a choice, picked from a menu */
	SL_YESNO,   /* a yes/no toggle */
	SL_CONFIRM, /* "Mentor agrees [ ]" */
};

struct slot {
	enum slot_kind kind;
	int fi;	     /* model field, or -1 */
	size_t item; /* list item */
	unsigned role;
	int row, col, rows, cols;
	bool page_start;
	FIELD *f;
	int page; /* the form page it is on */
};

struct fform {
	struct tui_app *app;
	struct fform_spec spec;
	size_t *fields;
	WINDOW *win;
	int rows, cols;
	struct slot *slots;
	size_t n_slots, cap;
	FIELD **ff;
	FORM *form;
	size_t cur;
	size_t cursor; /* in the text in focus: a character index */
	size_t top;    /* a long text's first row shown; a line's first
			  character shown */
	bool fresh;    /* the answer in focus shows its default, untouched */
	int pages;
	int gap;	/* blank rows between answers */
	int long_extra; /* rows given to each long text beyond LONG_ROWS */
};

static bool editable(enum slot_kind k)
{
	return k == SL_TEXT || k == SL_LONG || k == SL_ITEM;
}

static bool active(enum slot_kind k)
{
	return k != SL_LABEL && k != SL_NUMBER;
}

/* --- layout -----------------------------------------------------------------
 */

static int lay_rows(struct fform *ff);
static void paint_long(struct fform *ff, const struct slot *s, bool focused,
		       int *y, int *x);
static void paint_line(struct fform *ff, const struct slot *s, bool focused,
		       int *y, int *x);

static int add_slot(struct fform *ff, struct slot s)
{
	if (ff->n_slots == ff->cap) {
		size_t cap = ff->cap ? ff->cap * 2 : 32;
		struct slot *v = realloc(ff->slots, cap * sizeof(*v));
		if (!v)
			return -1;
		ff->slots = v;
		ff->cap = cap;
	}
	ff->slots[ff->n_slots++] = s;
	return 0;
}

static int long_rows(const struct fform *ff)
{
	int want = LONG_ROWS + ff->long_extra, rows = ff->rows;

	return rows - 1 < want ? (rows > 2 ? rows - 1 : 1) : want;
}

/* The slots of one answer, from row 0; returns the rows they take. */
static int group_slots(struct fform *ff, int fi, int cols)
{
	const struct wm_field *f = &ff->spec.m->fields[fi];
	struct slot label = {SL_LABEL, fi, 0, 0, 0, 0, 1, cols, false, NULL, 0};
	struct slot v = {SL_TEXT, fi, 0, 0, 1, 2, 1, cols - 3, false, NULL, 0};

	if (add_slot(ff, label) != 0)
		return -1;
	switch (f->type) {
	case TPL_LONG_TEXT:
		v.kind = SL_LONG;
		v.rows = long_rows(ff);
		break;
	case TPL_CHOICE:
		v.kind = SL_CHOICE;
		break;
	case TPL_YES_NO:
		v.kind = SL_YESNO;
		break;
	case TPL_LIST: {
		size_t n = wm_list_count(f->text);
		for (size_t i = 0; i < n; i++) {
			struct slot num = {SL_NUMBER,  fi,   i, 0,
					   1 + (int)i, 2,    1, ITEM_INDENT - 2,
					   false,      NULL, 0};
			struct slot it = {
			    SL_ITEM,	fi,	     i, 0,
			    1 + (int)i, ITEM_INDENT, 1, cols - ITEM_INDENT - 1,
			    false,	NULL,	     0};
			if (add_slot(ff, num) != 0 || add_slot(ff, it) != 0)
				return -1;
		}
		return 1 + (int)n;
	}
	default:
		break;
	}
	return add_slot(ff, v) != 0 ? -1 : 1 + v.rows;
}

static int confirm_slots(struct fform *ff, int cols)
{
	struct slot label = {SL_LABEL, -1, 0, 0, 0, 0, 1, cols, false, NULL, 0};
	int x = 2;

	if (add_slot(ff, label) != 0)
		return -1;
	for (unsigned bit = TPL_MENTOR; bit <= TPL_MENTEE; bit <<= 1) {
		struct slot c = {SL_CONFIRM, -1, 0,	bit,  1, x,
				 1,	     20, false, NULL, 0};
		if (!(ff->spec.need & bit))
			continue;
		if (add_slot(ff, c) != 0)
			return -1;
		x += 22;
	}
	return 2;
}

/* Move the slots from index first (laid out from row 0) to row *row of
 * the current page, or to a new page when they do not fit. */
static void place(struct fform *ff, size_t first, int height, int *row)
{
	bool new_page = *row > 0 && *row + height > ff->rows;

	if (new_page) {
		*row = 0;
		ff->pages++;
		ff->slots[first].page_start = true;
	}
	for (size_t i = first; i < ff->n_slots; i++) {
		ff->slots[i].row += *row;
		if (ff->slots[i].row + ff->slots[i].rows > ff->rows &&
		    ff->slots[i].row > 0 && i > first) { /* a long list */
			int shift = ff->slots[i].row;
			for (size_t j = i; j < ff->n_slots; j++)
				ff->slots[j].row -= shift;
			ff->slots[i].page_start = true;
			ff->pages++;
		}
		ff->slots[i].page = ff->pages - 1;
	}
	*row = ff->slots[ff->n_slots - 1].row +
	       ff->slots[ff->n_slots - 1].rows + ff->gap;
}

/* Lay out with a blank row between answers when that fits on one page,
 * else without. */
static int layout(struct fform *ff)
{
	int longs = 0, spare;

	ff->gap = 1;
	ff->long_extra = 0;
	if (lay_rows(ff) != 0)
		return -1;
	if (ff->pages > 1) {
		ff->gap = 0;
		return lay_rows(ff);
	}
	/* One page with rows to spare: give them to the long texts. */
	for (size_t i = 0; i < ff->n_slots; i++)
		longs += ff->slots[i].kind == SL_LONG;
	spare = ff->rows - (ff->slots[ff->n_slots - 1].row +
			    ff->slots[ff->n_slots - 1].rows);
	if (!longs || spare < longs)
		return 0;
	ff->long_extra = spare / longs > 8 ? 8 : spare / longs;
	return lay_rows(ff);
}

static int lay_rows(struct fform *ff)
{
	int row = 0;

	ff->n_slots = 0;
	ff->pages = 1;
	for (size_t i = 0; i < ff->spec.n; i++) {
		size_t first = ff->n_slots;
		int h = group_slots(ff, (int)ff->spec.fields[i], ff->cols);
		if (h < 0)
			return -1;
		place(ff, first, h, &row);
	}
	if (ff->spec.need) {
		size_t first = ff->n_slots;
		if (confirm_slots(ff, ff->cols) < 0)
			return -1;
		place(ff, first, 2, &row);
	}
	return 0;
}

int fform_rows_needed(const struct fform_spec *spec, int cols)
{
	int rows = spec->need ? 2 : 0;

	(void)cols;
	for (size_t i = 0; i < spec->n; i++) {
		const struct wm_field *f = &spec->m->fields[spec->fields[i]];
		rows += 1 + (f->type == TPL_LONG_TEXT ? LONG_ROWS
			     : f->type == TPL_LIST ? (int)wm_list_count(f->text)
						   : 1);
	}
	return rows;
}

/* --- what each field shows
 * ----------------------------------------------------- */

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

/* An editable slot's text, malloc'd: the answer, or the list item. */
static char *slot_value(const struct fform *ff, const struct slot *s)
{
	const struct wm_field *f = &ff->spec.m->fields[s->fi];

	return s->kind == SL_ITEM ? wm_list_item(f->text, s->item)
				  : strdup(f->text);
}

/* Put text (malloc'd or NULL) back as the slot's text, and free it. */
static void slot_store(struct fform *ff, const struct slot *s, char *text)
{
	struct wm_field *f = &ff->spec.m->fields[s->fi];

	if (text && s->kind == SL_ITEM)
		wm_list_put(f, s->item, text);
	else if (text)
		wm_set_text(f, text);
	free(text);
}

static void fill(struct fform *ff, struct slot *s)
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

/* --- building the form
 * -------------------------------------------------------- */

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

static void drop_form(struct fform *ff)
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

static size_t first_active(const struct fform *ff)
{
	for (size_t i = 0; i < ff->n_slots; i++)
		if (active(ff->slots[i].kind))
			return i;
	return 0;
}

static int build(struct fform *ff)
{
	if (layout(ff) != 0 ||
	    !(ff->ff = calloc(ff->n_slots + 1, sizeof(*ff->ff))))
		return -1;
	for (size_t i = 0; i < ff->n_slots; i++) {
		if (!(ff->slots[i].f = ff->ff[i] = make_field(&ff->slots[i])))
			return -1;
		fill(ff, &ff->slots[i]);
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
		ff->cur = first_active(ff);
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
	if (build(ff) != 0) {
		fform_close(ff);
		return NULL;
	}
	ff->fresh = shows_default(ff, &ff->slots[ff->cur]);
	return ff;
}

/* --- reading back
 * ------------------------------------------------------------------ */

void fform_close(struct fform *ff)
{
	if (!ff)
		return;
	drop_form(ff);
	if (ff->win)
		delwin(ff->win);
	free(ff->slots);
	free(ff->fields);
	free(ff);
}

/* Find the slot showing (kind family, fi, item, role); or -1. */
static long find_slot(const struct fform *ff, const struct slot *like)
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

	drop_form(ff);
	ff->spec.confirmed = confirmed;
	if (layout(ff) == 0) {
		focus.item =
		    focus.item < wm_list_count(
				     focus.fi >= 0
					 ? ff->spec.m->fields[focus.fi].text
					 : "")
			? focus.item
			: 0;
		at = find_slot(ff, &focus);
		ff->cur = at >= 0 ? (size_t)at : first_active(ff);
	}
	if (build(ff) != 0)
		tui_say(ff->app, true, "out of memory");
}

/* --- focus
 * ----------------------------------------------------------------------------
 */

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
static enum ff_result move_focus(struct fform *ff, int dir, struct ff_out *out)
{
	long to = (long)ff->cur;
	int from_fi = ff->slots[ff->cur].fi;

	do
		to += dir;
	while (to >= 0 && (size_t)to < ff->n_slots &&
	       !active(ff->slots[to].kind));
	if (to < 0 || (size_t)to >= ff->n_slots) {
		tui_say(ff->app, false, "%s",
			dir > 0 ? "That was the last answer here: Ctrl-N "
				  "goes on to the next section."
				: "That was the first answer here.");
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
		int *py = i == ff->cur ? &y : NULL, *px = i == ff->cur ? &x : NULL;
		if (s->page != page || !editable(s->kind))
			continue;
		if (s->kind == SL_LONG)
			paint_long(ff, s, i == ff->cur, py, px);
		else
			paint_line(ff, s, i == ff->cur, py, px);
	}
	pos_form_cursor(ff->form);
	if (y >= 0)
		wmove(ff->win, y, x);
	wnoutrefresh(ff->win);
}

/* --- texts: laid out, drawn and edited here (see the top) ----------------- */

/* The model's text of a long text slot as wide characters, laid out. */
struct long_text {
	wchar_t *w;
	size_t n;
	struct text_row *rows;
	size_t n_rows;
};

static int long_open(const char *text, int cols, struct long_text *t)
{
	memset(t, 0, sizeof(*t));
	if (!(t->w = text_to_wcs(text, &t->n)))
		return -1;
	if (!(t->n_rows = text_layout(t->w, t->n, cols, &t->rows))) {
		free(t->w);
		return -1;
	}
	return 0;
}

static void long_close(struct long_text *t)
{
	free(t->w);
	free(t->rows);
}

/* Draw the characters w[from, n) at (y, x) within cols columns, padding
 * the rest with underlined spaces. */
static void paint_chars(struct fform *ff, int y, int x, int cols,
			const wchar_t *w, size_t from, size_t n, attr_t attr)
{
	int used = 0;

	wattr_set(ff->win, attr, 0, NULL);
	wmove(ff->win, y, x);
	for (size_t k = from; k < n; k++) {
		wchar_t c[2] = {w[k], L'\0'};
		int width = uc_cp_width((uint32_t)c[0]);
		cchar_t cell;
		if (used + width > cols)
			break; /* a space past the row's end */
		setcchar(&cell, c, attr, 0, NULL);
		wadd_wch(ff->win, &cell);
		used += width;
	}
	for (; used < cols; used++)
		waddch(ff->win, ' ' | attr);
	wattr_set(ff->win, A_NORMAL, 0, NULL);
}

/*
 * Draw slot s's text from its first row, or, in focus, from the row that
 * keeps the cursor in sight; then *y, *x (when given) are the cursor's
 * place in the window.  Unsafe characters show as marks (text_clean
 * keeps one character for one).
 */
static void paint_long(struct fform *ff, const struct slot *s, bool focused,
		       int *y, int *x)
{
	const struct wm_field *f = &ff->spec.m->fields[s->fi];
	attr_t attr = A_UNDERLINE | (focused ? A_BOLD : 0);
	char *clean = text_clean(f->text, true);
	struct long_text t;
	size_t top = 0, row = 0;
	int col = 0;

	if (!clean || long_open(clean, s->cols, &t) != 0) {
		free(clean);
		return;
	}
	free(clean);
	if (focused) {
		if (ff->cursor > t.n)
			ff->cursor = t.n;
		text_layout_find(t.rows, t.n_rows, t.w, ff->cursor, &row, &col);
		if (ff->top + (size_t)s->rows > t.n_rows)
			ff->top = t.n_rows > (size_t)s->rows
				      ? t.n_rows - (size_t)s->rows
				      : 0;
		if (row < ff->top)
			ff->top = row;
		if (row >= ff->top + (size_t)s->rows)
			ff->top = row - (size_t)s->rows + 1;
		top = ff->top;
	}
	for (int i = 0; i < s->rows; i++) {
		size_t r = top + (size_t)i;
		size_t from = r < t.n_rows ? t.rows[r].start : 0;
		size_t len = r < t.n_rows ? t.rows[r].len : 0;
		paint_chars(ff, s->row + i, s->col, s->cols, t.w, from,
			    from + len, attr);
	}
	if (y && x) {
		*y = s->row + (int)(row - top);
		*x = s->col + (col < s->cols ? col : s->cols);
	}
	long_close(&t);
}

/*
 * Draw a one-line text (an answer or a list item).  In focus it scrolls
 * sideways so that the cursor stays in sight, with a column to spare at
 * the right for the cursor after the last character; *y, *x (when given)
 * are the cursor's place.
 */
static void paint_line(struct fform *ff, const struct slot *s, bool focused,
		       int *y, int *x)
{
	attr_t attr = A_UNDERLINE | (focused ? A_BOLD : 0);
	char *text = slot_value(ff, s);
	char *clean = text ? text_clean(text, false) : NULL;
	size_t n = 0, left = 0;
	wchar_t *w = clean ? text_to_wcs(clean, &n) : NULL;

	free(text);
	free(clean);
	if (!w)
		return;
	if (focused) {
		if (ff->cursor > n)
			ff->cursor = n;
		if (ff->top > ff->cursor)
			ff->top = ff->cursor;
		while (ff->top < ff->cursor &&
		       text_wcs_width(w + ff->top, ff->cursor - ff->top) >
			   s->cols - 1)
			ff->top++;
		left = ff->top;
	}
	paint_chars(ff, s->row, s->col, s->cols, w, left, n, attr);
	if (y && x) {
		int col = text_wcs_width(w + left, ff->cursor - left);
		*y = s->row;
		*x = s->col + (col < s->cols ? col : s->cols - 1);
	}
	free(w);
}

/* Replace the characters [at, at + del) of the text in focus by the n
 * characters ins, and put the cursor after what changed. */
static void text_edit(struct fform *ff, const struct slot *s, size_t at,
		      size_t del, const wchar_t *ins, size_t n_ins)
{
	char *old = slot_value(ff, s);
	size_t n;
	wchar_t *w = old ? text_to_wcs(old, &n) : NULL, *out;

	free(old);
	if (!w)
		return;
	if (at > n)
		at = n;
	if (del > n - at)
		del = n - at;
	if ((out = malloc((n + n_ins + 1) * sizeof(*out)))) {
		size_t k = at;
		wmemcpy(out, w, at);
		wmemcpy(out + k, ins, n_ins);
		k += n_ins;
		ff->cursor = k;
		wmemcpy(out + k, w + at + del, n - at - del);
		k += n - at - del;
		slot_store(ff, s, text_from_wcs(out, k));
		free(out);
	}
	free(w);
}

/* Empty the text in focus (Ctrl-U). */
static void text_clear(struct fform *ff, const struct slot *s)
{
	ff->fresh = false;
	ff->cursor = 0;
	ff->top = 0;
	slot_store(ff, s, strdup(""));
}

/* Type c into the text in focus: it replaces a default shown untouched. */
static void text_type(struct fform *ff, const struct slot *s, wchar_t c)
{
	if (ff->fresh)
		text_clear(ff, s);
	text_edit(ff, s, ff->cursor, 0, &c, 1);
}

/* An editing key in the text in focus: Left, Right, Home, End, Up, Down,
 * Backspace, Delete.  Home and End go to the ends of a long text's row. */
static enum ff_result text_key(struct fform *ff, const struct slot *s,
			       wint_t key, struct ff_out *out)
{
	char *text = s->kind == SL_LONG ? NULL : slot_value(ff, s);
	const struct wm_field *f = &ff->spec.m->fields[s->fi];
	struct long_text t;
	size_t row = 0;
	int col = 0;

	ff->fresh = false;
	if (long_open(s->kind == SL_LONG ? f->text : text, s->kind == SL_LONG
							 ? s->cols
							 : INT_MAX / 2,
		      &t) != 0) {
		free(text);
		return FF_NONE;
	}
	free(text);
	if (ff->cursor > t.n)
		ff->cursor = t.n;
	text_layout_find(t.rows, t.n_rows, t.w, ff->cursor, &row, &col);
	switch (key) {
	case KEY_LEFT:
		ff->cursor -= ff->cursor > 0;
		break;
	case KEY_RIGHT:
		ff->cursor += ff->cursor < t.n;
		break;
	case KEY_HOME:
		ff->cursor = s->kind == SL_LONG
				 ? text_layout_at(t.rows, t.n_rows, t.w, row, -1)
				 : 0;
		break;
	case KEY_END:
		ff->cursor =
		    s->kind == SL_LONG
			? text_layout_at(t.rows, t.n_rows, t.w, row, INT_MAX)
			: t.n;
		break;
	case KEY_UP:
	case KEY_DOWN:
		if (s->kind != SL_LONG ||
		    (key == KEY_UP ? row == 0 : row + 1 >= t.n_rows)) {
			long_close(&t);
			return move_focus(ff, key == KEY_UP ? -1 : 1, out);
		}
		ff->cursor =
		    text_layout_at(t.rows, t.n_rows, t.w,
				   key == KEY_UP ? row - 1 : row + 1, col);
		break;
	case KEY_BACKSPACE:
		if (ff->cursor > 0)
			text_edit(ff, s, ff->cursor - 1, 1, NULL, 0);
		break;
	case KEY_DC:
		text_edit(ff, s, ff->cursor, 1, NULL, 0);
		break;
	default:
		break;
	}
	long_close(&t);
	return FF_NONE;
}

/* --- keys
 * ------------------------------------------------------------------------------
 */

static void choose(struct fform *ff, struct slot *s)
{
	struct wm_field *f = &ff->spec.m->fields[s->fi];
	const struct tpl_field *tf = f->tf;
	size_t sel = 0;
	bool quit;
	int k;

	for (size_t i = 0; tf && i < tf->n_choices; i++)
		if (!strcmp(tf->choices[i], f->text))
			sel = i;
	if (!tf || !tf->n_choices)
		return;
	k = tui_pick(ff->app, f->label, (const char *const *)tf->choices,
		     tf->n_choices, sel, &quit);
	if (k >= 0)
		wm_set_text(f, tf->choices[k]);
	fill(ff, s);
}

static void cycle_choice(struct fform *ff, struct slot *s, int dir)
{
	struct wm_field *f = &ff->spec.m->fields[s->fi];
	const struct tpl_field *tf = f->tf;
	long at = -1, n = tf ? (long)tf->n_choices : 0;

	if (!n)
		return;
	for (long i = 0; i < n; i++)
		if (!strcmp(tf->choices[i], f->text))
			at = i;
	at = at < 0 ? (dir > 0 ? 0 : n - 1) : (at + dir + n) % n;
	wm_set_text(f, tf->choices[at]);
	fill(ff, s);
}

static void set_yesno(struct fform *ff, struct slot *s, const char *v)
{
	struct wm_field *f = &ff->spec.m->fields[s->fi];

	if (!v) /* toggle: nothing -> yes -> no -> yes */
		v = !strcmp(f->text, "yes") ? "no" : "yes";
	wm_set_text(f, v);
	fill(ff, s);
}

static enum ff_result confirm(struct fform *ff, unsigned role,
			      struct ff_out *out)
{
	if (!(ff->spec.need & role))
		return FF_NONE;
	out->role = role;
	out->on = !(ff->spec.confirmed & role);
	out->field = 0;
	return FF_CONFIRM;
}

static enum ff_result list_key(struct fform *ff, struct slot *s, enum tui_act a)
{
	struct wm_field *f = &ff->spec.m->fields[s->fi];
	struct slot focus = *s;
	long at;

	if (a == ACT_ADD_ITEM) {
		int k = wm_list_add(f, s->item);
		if (k < 0) {
			tui_say(ff->app, true, "%s takes at most %ld items.",
				f->label, f->tf ? f->tf->max_items : 0L);
			return FF_NONE;
		}
		focus.item = (size_t)k;
	} else {
		focus.item = wm_list_delete(f, s->item);
	}
	drop_form(ff);
	layout(ff);
	at = find_slot(ff, &focus);
	ff->cur = at >= 0 ? (size_t)at : first_active(ff);
	if (build(ff) != 0)
		tui_say(ff->app, true, "out of memory");
	return FF_NONE;
}

static enum ff_result edit_key(struct fform *ff, struct slot *s, wint_t c,
			       struct ff_out *out)
{
	if (editable(s->kind) &&
	    (c == KEY_LEFT || c == KEY_RIGHT || c == KEY_UP || c == KEY_DOWN ||
	     c == KEY_HOME || c == KEY_END || c == KEY_BACKSPACE ||
	     c == KEY_DC))
		return text_key(ff, s, c, out);
	switch (c) {
	case KEY_LEFT:
	case KEY_RIGHT:
		if (s->kind == SL_CHOICE)
			cycle_choice(ff, s, c == KEY_LEFT ? -1 : 1);
		else if (s->kind == SL_YESNO)
			set_yesno(ff, s, NULL);
		else if (s->kind == SL_CONFIRM)
			return move_focus(ff, c == KEY_LEFT ? -1 : 1, out);
		return FF_NONE;
	case KEY_DOWN:
		return move_focus(ff, 1, out);
	case KEY_UP:
		return move_focus(ff, -1, out);
	case KEY_HOME:
	case KEY_END:
	case KEY_BACKSPACE:
	case KEY_DC:
		return FF_NONE;
	default:
		return FF_UNHANDLED;
	}
}

static enum ff_result char_key(struct fform *ff, struct slot *s, wint_t c,
			       struct ff_out *out)
{
	if (c == 127 || c == 8) {
		if (editable(s->kind))
			return text_key(ff, s, KEY_BACKSPACE, out);
		return FF_NONE;
	}
	switch (s->kind) {
	case SL_CHOICE:
		if (c == ' ')
			choose(ff, s);
		return FF_NONE;
	case SL_YESNO:
		if (c == ' ' || c == 'y' || c == 'n')
			set_yesno(ff, s,
				  c == 'y'   ? "yes"
				  : c == 'n' ? "no"
					     : NULL);
		return FF_NONE;
	case SL_CONFIRM:
		if (c == ' ')
			return confirm(ff, s->role, out);
		if (c == 'm' || c == 'e')
			return confirm(ff, c == 'm' ? TPL_MENTOR : TPL_MENTEE,
				       out);
		return FF_NONE;
	default:
		break;
	}
	if (!wm_accept_char((wchar_t)c, false)) {
		tui_say(ff->app, true,
			"That character cannot go into an "
			"answer; it was left out.");
		return FF_NONE;
	}
	text_type(ff, s, (wchar_t)c);
	return FF_NONE;
}

static enum ff_result enter(struct fform *ff, struct slot *s,
			    struct ff_out *out)
{
	if (s->kind == SL_LONG) { /* a line break */
		text_type(ff, s, L'\n');
		return FF_NONE;
	}
	if (s->kind == SL_CHOICE) {
		choose(ff, s);
		return FF_NONE;
	}
	if (s->kind == SL_CONFIRM)
		return confirm(ff, s->role, out);
	return move_focus(ff, 1, out);
}

/* Ctrl-U: empty the answer in focus (a choice or yes/no too). */
static enum ff_result clear_key(struct fform *ff, struct slot *s)
{
	if (editable(s->kind)) {
		text_clear(ff, s);
	} else if (s->kind == SL_CHOICE || s->kind == SL_YESNO) {
		wm_set_text(&ff->spec.m->fields[s->fi], "");
		fill(ff, s);
	} else {
		tui_say(ff->app, false, "Ctrl-U clears the answer in focus.");
	}
	return FF_NONE;
}

enum ff_result fform_key(struct fform *ff, const struct tui_key *k,
			 struct ff_out *out)
{
	struct slot *s = &ff->slots[ff->cur];
	enum tui_act a = tui_action(k);

	switch (a) {
	case ACT_NEXT_FIELD:
		return move_focus(ff, 1, out);
	case ACT_PREV_FIELD:
		return move_focus(ff, -1, out);
	case ACT_ENTER:
		return enter(ff, s, out);
	case ACT_CLEAR:
		return clear_key(ff, s);
	case ACT_AGREE_MENTOR:
	case ACT_AGREE_MENTEE:
		if (!ff->spec.need) {
			tui_say(ff->app, false,
				"There is nothing to agree to on this screen: "
				"each section of the agreement is agreed on "
				"its own.");
			return FF_NONE;
		}
		if (!(ff->spec.need &
		      (a == ACT_AGREE_MENTOR ? TPL_MENTOR : TPL_MENTEE))) {
			tui_say(ff->app, false,
				"The %s does not confirm this section.",
				a == ACT_AGREE_MENTOR ? "mentor" : "mentee");
			return FF_NONE;
		}
		return confirm(ff,
			       a == ACT_AGREE_MENTOR ? TPL_MENTOR : TPL_MENTEE,
			       out);
	case ACT_ADD_ITEM:
	case ACT_DEL_ITEM:
		if (s->kind == SL_ITEM)
			return list_key(ff, s, a);
		tui_say(ff->app, false,
			"Ctrl-A and Ctrl-D add and delete the "
			"items of a list.");
		return FF_NONE;
	case ACT_NONE:
		break;
	default:
		return FF_UNHANDLED;
	}
	if (k->kind == TK_KEY)
		return edit_key(ff, s, k->code, out);
	return char_key(ff, s, k->code, out);
}

/* --- keeping the place across a new layout ------------------------------- */

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
	long at = find_slot(ff, &like);

	if (at < 0)
		return;
	set_focus(ff, (size_t)at);
	ff->cursor = p->cursor;
	ff->fresh = p->fresh;
}
