/*
 * fform_layout.c - where a form's answers go: the slots of each answer
 * (a label row above its value, a row per list item, the confirmation
 * line), placed row by row; an answer that does not fit starts a new form
 * page.  Rows to spare on a single page go to the long texts.
 */
#include <stdlib.h>

#include "tui/fform_internal.h"

#define LONG_ROWS   4
#define ITEM_INDENT 6

static int lay_rows(struct fform *ff);

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
int ff_layout(struct fform *ff)
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
