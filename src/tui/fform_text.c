/*
 * fform_text.c - the form's texts (a line, a long text, a list item),
 * laid out, drawn and edited here, on the model's text as a list of
 * characters and a cursor.
 *
 * Every text answer is a form field for the layout, the pages and
 * moving between answers, but it is never edited or drawn through the
 * field's buffer.  The ncurses 6.4 form library counts buffer cells as
 * columns: after double-width characters its End, and its cursor after
 * set_field_buffer, land on the wrong cell, so "before my 中文 rota"
 * edited after End saved dozens of spaces; in a multi-line field a wide
 * character in a row's last column leaves the cursor outside the field.
 * Nor has it a line break.  Here widths come from utf8proc
 * (uc_cp_width), a line scrolls sideways to keep the cursor in sight,
 * line breaks typed with Enter in a long text are real "\n", and what is
 * typed is exactly what is saved: the model's text is the answer at
 * every key.
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

#include "mentorpact/unicode.h"
#include "tui/fform_internal.h"
#include "tui/tui_text.h"

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
void ff_paint_long(struct fform *ff, const struct slot *s, bool focused, int *y,
		   int *x)
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
void ff_paint_line(struct fform *ff, const struct slot *s, bool focused, int *y,
		   int *x)
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
void ff_text_clear(struct fform *ff, const struct slot *s)
{
	ff->fresh = false;
	ff->cursor = 0;
	ff->top = 0;
	slot_store(ff, s, strdup(""));
}

/* Type c into the text in focus: it replaces a default shown untouched. */
void ff_text_type(struct fform *ff, const struct slot *s, wchar_t c)
{
	if (ff->fresh)
		ff_text_clear(ff, s);
	text_edit(ff, s, ff->cursor, 0, &c, 1);
}

/* An editing key in the text in focus: Left, Right, Home, End, Up, Down,
 * Backspace, Delete.  Home and End go to the ends of a long text's row. */
enum ff_result ff_text_key(struct fform *ff, const struct slot *s, wint_t key,
			   struct ff_out *out)
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
			return ff_move_focus(ff, key == KEY_UP ? -1 : 1, out);
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
