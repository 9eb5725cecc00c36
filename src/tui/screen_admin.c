/*
 * screen_admin.c - the administrator's table of agreements: id, scheme,
 * mentor, mentee, status, last change and review due, one screen at a
 * time (agreement_query with limit and offset: the store may hold
 * 100,000 agreements, and only what is on screen is ever read).
 *
 * Sorting is by any column; the core sorts one way only, so reversing
 * counts the agreements the filters select (up to REVERSE_MAX) and reads
 * each screen from the other end.  Filters: status, scheme, review due
 * by today; a search by name or email narrows the table as it is typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/agreement.h"
#include "mentorpact/template.h"
#include "tui/admin.h"
#include "tui/router.h"
#include "tui/tui_text.h"
#include "tui/wizard_model.h"

/* The most agreements a reversed table counts through. */
#define REVERSE_MAX 5000
/* The longest search typed, in bytes. */
#define SEARCH_MAX 200
/* Rows above and below the table: header (2), filters, headings; the
 * message line and footer. */
#define TABLE_TOP  4
#define TABLE_FREE 6

/* One agreement on screen: copies of what agreement_query gave. */
struct arow {
	char id[AG_ID_SIZE];
	char *scheme, *status, *mentor, *mentee, *changed, *review_due;
};

struct table {
	struct tui_app *app;
	int sort;      /* index into columns[] */
	bool reverse;  /* the sort's other way */
	int status;    /* enum ag_status, or -1 */
	long scheme;   /* catalog entry, or -1 */
	bool due_only; /* review due by today */
	char search[SEARCH_MAX + 1];
	bool typing; /* the search line has the keys */
	char today[11];
	long total;	   /* when reversed: how many the filters select */
	long top, sel;	   /* offsets of the first row shown and the chosen */
	struct arow *rows; /* the screen's rows */
	size_t n;
	bool more; /* rows follow the last one shown */
	char summary[160];
};

/* The columns, in the order Tab visits them, with what their sort means
 * each way. */
static const struct {
	const char *title, *name;
	enum ag_sort sort;
	const char *forward, *backward;
} columns[] = {
    {"ID", "id", AG_SORT_ID, "A to Z", "Z to A"},
    {"Scheme", "scheme", AG_SORT_SCHEME, "A to Z", "Z to A"},
    {"Mentor", "mentor", AG_SORT_MENTOR, "A to Z", "Z to A"},
    {"Mentee", "mentee", AG_SORT_MENTEE, "A to Z", "Z to A"},
    {"Status", "status", AG_SORT_STATUS, "A to Z", "Z to A"},
    {"Changed", "last change", AG_SORT_CHANGED, "newest first", "oldest first"},
    {"Review due", "review due", AG_SORT_REVIEW, "soonest first",
     "latest first"},
};
#define N_COLUMNS   (sizeof(columns) / sizeof(*columns))
#define COL_CHANGED 5

static int visible_rows(void)
{
	return LINES - TABLE_FREE > 1 ? LINES - TABLE_FREE : 1;
}

/* --- reading one screen --------------------------------------------------- */

static void arow_free(struct arow *r)
{
	free(r->scheme);
	free(r->status);
	free(r->mentor);
	free(r->mentee);
	free(r->changed);
	free(r->review_due);
}

static void rows_free(struct table *t)
{
	for (size_t i = 0; i < t->n; i++)
		arow_free(&t->rows[i]);
	free(t->rows);
	t->rows = NULL;
	t->n = 0;
}

/* A copy of s, at most max bytes of it ("" for NULL); NULL when out of
 * memory. */
static char *copy(const char *s, size_t max)
{
	return strndup(s ? s : "", max);
}

struct fetch {
	struct arow *rows;
	size_t n, cap;
	bool nomem;
};

/* agreement_query's callback: keep a copy of the row. */
static void keep_row(void *ctx, const struct ag_row *r)
{
	struct fetch *f = ctx;
	struct arow *a;

	if (f->nomem || f->n == f->cap)
		return;
	a = &f->rows[f->n];
	snprintf(a->id, sizeof(a->id), "%s", r->id);
	a->scheme = copy(r->scheme, 200);
	a->status = copy(r->status, 20);
	a->mentor = copy(r->mentor, 300);
	a->mentee = copy(r->mentee, 300);
	a->changed = copy(r->changed, 10); /* the date of the UTC time */
	a->review_due = copy(r->review_due, 10);
	f->n++;
	if (!a->scheme || !a->status || !a->mentor || !a->mentee ||
	    !a->changed || !a->review_due)
		f->nomem = true;
}

/* The filter the table's choices make (without limit and offset). */
static struct ag_filter filter_of(const struct table *t)
{
	struct ag_filter f = {.status = t->status};

	f.scheme =
	    t->scheme >= 0 ? t->app->cat->entries[t->scheme].tpl->id : NULL;
	f.search = t->search[0] ? t->search : NULL;
	f.due_by = t->due_only ? t->today : NULL;
	f.sort = columns[t->sort].sort;
	return f;
}

/* Turn the order round in place. */
static void flip_rows(struct arow *rows, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		struct arow tmp = rows[i];
		rows[i] = rows[n - 1 - i];
		rows[n - 1 - i] = tmp;
	}
}

/* Where the screen's rows lie in the core's order: offset and limit
 * (one more than the screen, to learn whether more follow). */
static void window_of(const struct table *t, long rows, long *offset,
		      long *limit)
{
	long end;

	if (!t->reverse) {
		*offset = t->top;
		*limit = rows + 1;
		return;
	}
	end = t->total - t->top; /* the core's rows before this screen ends */
	*offset = end - rows > 0 ? end - rows : 0;
	*limit = end - *offset > 0 ? end - *offset : 0;
}

/* Read the rows from t->top; false (and a message) when it failed. */
static bool fetch(struct table *t)
{
	struct ag_filter f = filter_of(t);
	long rows = visible_rows();
	struct fetch got = {0};
	struct mp_error err;
	enum mp_status st;

	rows_free(t);
	t->more = false;
	window_of(t, rows, &f.offset, &f.limit);
	if (f.limit == 0)
		return true;
	got.cap = (size_t)f.limit;
	if (!(got.rows = calloc(got.cap, sizeof(*got.rows)))) {
		tui_say(t->app, true, "out of memory");
		return false;
	}
	t->rows = got.rows;
	st = agreement_query(t->app->st, &f, keep_row, &got, &err);
	t->n = got.n;
	if (st != MP_OK)
		tui_say(t->app, true, "%s", err.message);
	if (got.nomem)
		tui_say(t->app, true, "out of memory");
	if (t->reverse)
		flip_rows(t->rows, t->n);
	t->more =
	    t->reverse ? t->top + (long)t->n < t->total : t->n > (size_t)rows;
	if (t->n > (size_t)rows)
		arow_free(&t->rows[--t->n]);
	return st == MP_OK && !got.nomem;
}

/* When reversed, count what the filters select; false (and reversing
 * refused) when they select more than REVERSE_MAX. */
static bool count_for_reverse(struct table *t)
{
	struct mp_error err;

	if (admin_count_to(t->app, filter_of(t), REVERSE_MAX, &t->total,
			   &err) != MP_OK) {
		tui_say(t->app, true, "%s", err.message);
		return false;
	}
	if (t->total <= REVERSE_MAX)
		return true;
	tui_say(t->app, true,
		"More than %d agreements are listed: narrow them (f, c, d or "
		"a search) before reversing the order.",
		REVERSE_MAX);
	return false;
}

/* Keep the chosen row on screen. */
static void clamp_selection(struct table *t)
{
	long last = t->top + (long)t->n - 1;

	if (t->sel > last)
		t->sel = last;
	if (t->sel < t->top)
		t->sel = t->top;
}

/* Read the screen again from t->top, stepping back a screen at a time
 * when nothing is left there (rows were deleted meanwhile). */
static void settle(struct table *t)
{
	long rows = visible_rows();

	while (fetch(t) && t->n == 0 && t->top > 0)
		t->top = t->top > rows ? t->top - rows : 0;
	clamp_selection(t);
}

/* The choices changed: count again when reversed, and read the first
 * screen (or, without reset, the same place). */
static void reload(struct table *t, bool reset)
{
	admin_today(t->today);
	if (reset)
		t->top = t->sel = 0;
	if (t->reverse && !count_for_reverse(t))
		t->reverse = false;
	settle(t);
}

/* Choose row sel (an offset in the whole list), scrolling to it. */
static void move_to(struct table *t, long sel)
{
	long rows = visible_rows();

	if (sel < 0)
		sel = 0;
	if (sel < t->top) {
		t->top = sel;
		settle(t);
	} else if (sel >= t->top + (long)t->n && t->more) {
		t->top = sel - rows + 1;
		settle(t);
	}
	t->sel = sel;
	clamp_selection(t);
}

/* Turn a page (delta rows) forward or back, the chosen row with it; on
 * the last page, PgDn goes to its last row. */
static void turn_page(struct table *t, long delta)
{
	if (delta > 0 && !t->more) {
		t->sel = t->top + (long)t->n - 1;
		clamp_selection(t);
		return;
	}
	t->top = t->top + delta > 0 ? t->top + delta : 0;
	t->sel = t->sel + delta > 0 ? t->sel + delta : 0;
	settle(t);
}

/* --- drawing -------------------------------------------------------------- */

struct layout {
	int x[N_COLUMNS], w[N_COLUMNS];
};

/* Column widths for this terminal: the names share what is left. */
static void lay_out(struct layout *l)
{
	int scheme = COLS >= 100 ? 16 : 12;
	int fixed = AG_ID_SIZE - 1 + scheme + 6 + 10 + 10 + 2 * 6 + 2;
	int names = (COLS - fixed) / 2 > 6 ? (COLS - fixed) / 2 : 6;
	int w[N_COLUMNS] = {AG_ID_SIZE - 1, scheme, names, names, 6, 10, 10};
	int x = 1;

	for (size_t i = 0; i < N_COLUMNS; i++) {
		l->x[i] = x;
		l->w[i] = w[i];
		x += w[i] + 2;
	}
}

static void draw_filters(const struct table *t)
{
	const char *scheme =
	    t->scheme >= 0 ? t->app->cat->entries[t->scheme].tpl->id : "any";
	char line[512];
	int x;

	move(2, 0);
	clrtoeol();
	snprintf(line, sizeof(line),
		 "Status: %s   Scheme: %s   Review due only: %s   Search: ",
		 t->status >= 0 ? agreement_status_name(t->status) : "any",
		 scheme, t->due_only ? "yes" : "no");
	x = 1 + tui_put(stdscr, 2, 1, COLS - 2, line);
	if (t->typing)
		tui_attr_on(t->app, stdscr, TC_LABEL, A_UNDERLINE);
	x += tui_put(stdscr, 2, x, COLS - x - 1, t->search);
	if (t->typing) {
		tui_attr_off(t->app, stdscr, TC_LABEL, A_UNDERLINE);
		move(2, x < COLS ? x : COLS - 1);
	}
}

static void draw_headings(const struct table *t, const struct layout *l)
{
	move(TABLE_TOP - 1, 0);
	clrtoeol();
	for (size_t i = 0; i < N_COLUMNS; i++) {
		attr_t a = (int)i == t->sort ? A_BOLD | A_UNDERLINE : A_BOLD;
		tui_attr_on(t->app, stdscr, TC_LABEL, a);
		tui_put(stdscr, TABLE_TOP - 1, l->x[i], l->w[i],
			columns[i].title);
		tui_attr_off(t->app, stdscr, TC_LABEL, a);
	}
}

/* A review is overdue when due by today on an agreement not ended. */
static bool overdue(const struct table *t, const struct arow *r)
{
	return *r->review_due && strcmp(r->review_due, t->today) <= 0 &&
	       strcmp(r->status, "ended") != 0;
}

static void draw_row(const struct table *t, const struct layout *l, int y,
		     const struct arow *r, bool chosen)
{
	const char *cells[N_COLUMNS] = {r->id,	      r->scheme, r->mentor,
					r->mentee,    r->status, r->changed,
					r->review_due};

	if (chosen) {
		attron(A_REVERSE);
		mvhline(y, 0, ' ', COLS);
	}
	for (size_t i = 0; i < N_COLUMNS; i++) {
		bool late = i == N_COLUMNS - 1 && overdue(t, r);
		if (late)
			tui_attr_on(t->app, stdscr, TC_ERROR, A_BOLD);
		tui_put(stdscr, y, l->x[i], l->w[i], cells[i]);
		if (late)
			tui_attr_off(t->app, stdscr, TC_ERROR, A_BOLD);
	}
	attroff(A_REVERSE);
}

static void draw_rows(const struct table *t)
{
	bool filtered =
	    t->status >= 0 || t->scheme >= 0 || t->due_only || t->search[0];
	struct layout l;

	lay_out(&l);
	draw_headings(t, &l);
	for (size_t i = 0; i < t->n; i++)
		draw_row(t, &l, TABLE_TOP + (int)i, &t->rows[i],
			 t->top + (long)i == t->sel);
	if (t->n)
		return;
	attron(A_DIM);
	tui_put(stdscr, TABLE_TOP + 1, 2, COLS - 4,
		filtered ? "No agreement matches: change the filters (f, c, "
			   "d) or the search (/, Esc clears it)."
			 : "The store holds no agreements yet.");
	attroff(A_DIM);
}

/* "Agreements 1-24 (more below), sorted by last change (newest
 * first)". */
static void position_line(const struct table *t, char *buf, size_t size)
{
	char where[96];

	if (!t->n)
		snprintf(where, sizeof(where), "No agreements");
	else if (t->reverse)
		snprintf(where, sizeof(where), "Agreements %ld-%ld of %ld",
			 t->top + 1, t->top + (long)t->n, t->total);
	else
		snprintf(where, sizeof(where), "Agreements %ld-%ld%s",
			 t->top + 1, t->top + (long)t->n,
			 t->more ? " (more below)" : "");
	snprintf(
	    buf, size, "%s, sorted by %s (%s)", where, columns[t->sort].name,
	    t->reverse ? columns[t->sort].backward : columns[t->sort].forward);
}

static void draw(struct table *t)
{
	static const char *const keys[] = {
	    "Enter",   "open",	"/",	  "search", "Tab",    "sort", "r",
	    "reverse", "f",	"status", "c",	    "scheme", "d",    "due",
	    "p",       "purge", "S",	  "signers", "q",    "back",   NULL};
	static const char *const typing_keys[] = {
	    "type",    "to search by name or email",
	    "Enter",   "done",
	    "Esc",     "clear",
	    "Up/Down", "move",
	    NULL};
	char line2[256];

	erase();
	position_line(t, line2, sizeof(line2));
	tui_header(t->app, ADMIN_TITLE, t->summary, line2);
	draw_rows(t);
	tui_message_line(t->app);
	tui_footer(t->app, t->typing ? typing_keys : keys);
	tui_help_set(t->app,
		     "The administrator's table of agreements, a page at a "
		     "time; S opens the register of signers (whose keys "
		     "signed).",
		     t->typing ? typing_keys : keys, !t->typing);
	draw_filters(t);
	curs_set(t->typing ? 1 : 0);
	refresh();
}

/* --- keys ----------------------------------------------------------------- */

static void refresh_summary(struct table *t)
{
	if (tui_admin_summary(t->app, t->summary, sizeof(t->summary)) != 0)
		t->summary[0] = '\0';
}

/* Up, Down, PgUp, PgDn, Home (and j, k outside the search); false when
 * k is none of them. */
static bool move_key(struct table *t, const struct tui_key *k, enum tui_act a)
{
	long rows = visible_rows();
	bool letters = !t->typing && k->kind == TK_CHAR;

	if (a == ACT_PAGE_DOWN || a == ACT_PAGE_UP)
		turn_page(t, a == ACT_PAGE_DOWN ? rows : -rows);
	else if ((k->kind == TK_KEY && k->code == KEY_DOWN) ||
		 (letters && k->code == 'j'))
		move_to(t, t->sel + 1);
	else if ((k->kind == TK_KEY && k->code == KEY_UP) ||
		 (letters && k->code == 'k'))
		move_to(t, t->sel - 1);
	else if (k->kind == TK_KEY && k->code == KEY_HOME)
		move_to(t, 0);
	else
		return false;
	return true;
}

/* Take away the last character typed (UTF-8). */
static void search_backspace(struct table *t)
{
	size_t n = strlen(t->search);

	while (n > 0 && ((unsigned char)t->search[n - 1] & 0xc0) == 0x80)
		n--;
	if (n > 0)
		n--;
	t->search[n] = '\0';
}

static void search_add(struct table *t, wchar_t c)
{
	char bytes[4];
	size_t n = text_encode(c, bytes), len = strlen(t->search);

	if (len + n > SEARCH_MAX) {
		tui_say(t->app, true, "A search is at most %d bytes long.",
			SEARCH_MAX);
		return;
	}
	memcpy(t->search + len, bytes, n);
	t->search[len + n] = '\0';
}

/* A key while the search line has them: every change searches again. */
static void search_key(struct table *t, const struct tui_key *k, enum tui_act a)
{
	if (move_key(t, k, a))
		return;
	if (a == ACT_ENTER) {
		t->typing = false;
		return;
	}
	if (a == ACT_BACK) {
		t->search[0] = '\0';
		t->typing = false;
	} else if ((k->kind == TK_KEY && k->code == KEY_BACKSPACE) ||
		   (k->kind == TK_CHAR && (k->code == 127 || k->code == 8))) {
		search_backspace(t);
	} else if (k->kind == TK_CHAR && a == ACT_NONE &&
		   wm_accept_char((wchar_t)k->code, false)) {
		search_add(t, (wchar_t)k->code);
	} else {
		return;
	}
	reload(t, true);
}

static void next_sort(struct table *t, int dir)
{
	t->sort = (t->sort + dir + (int)N_COLUMNS) % (int)N_COLUMNS;
	reload(t, true);
}

static void next_status(struct table *t)
{
	t->status = t->status + 1 < AG_STATUS_COUNT ? t->status + 1 : -1;
	reload(t, true);
}

static void next_scheme(struct table *t)
{
	t->scheme =
	    t->scheme + 1 < (long)t->app->cat->count ? t->scheme + 1 : -1;
	reload(t, true);
}

static void open_chosen(struct table *t)
{
	char id[AG_ID_SIZE];

	if (!t->n) {
		tui_say(t->app, true, "There is no agreement here to open.");
		return;
	}
	snprintf(id, sizeof(id), "%s", t->rows[t->sel - t->top].id);
	tui_go(t->app, &(struct tui_route){.to = TUI_ADMIN_VIEW, .id = id});
	refresh_summary(t);
	reload(t, false);
}

static void purge(struct table *t)
{
	if (tui_go(t->app, &(struct tui_route){.to = TUI_ADMIN_PURGE}) ==
	    ADMIN_CHANGED) {
		refresh_summary(t);
		reload(t, false);
	}
}

/* A letter outside the search; false to go back. */
static bool letter_key(struct table *t, wint_t c)
{
	switch (c) {
	case 'q':
		return false;
	case '/':
	case 's':
		t->typing = true;
		break;
	case 'o':
		next_sort(t, 1);
		break;
	case 'r':
		t->reverse = !t->reverse;
		reload(t, true);
		break;
	case 'f':
		next_status(t);
		break;
	case 'c':
		next_scheme(t);
		break;
	case 'd':
		t->due_only = !t->due_only;
		reload(t, true);
		break;
	case 'p':
		purge(t);
		break;
	case 'S':
		tui_go(t->app, &(struct tui_route){.to = TUI_ADMIN_SIGNERS});
		break;
	default:
		break;
	}
	return true;
}

/* Handle one key; false to go back to the home screen. */
static bool key(struct table *t, const struct tui_key *k)
{
	enum tui_act a = tui_action(k);

	if (a == ACT_QUIT)
		return false;
	if (a == ACT_RESIZE) {
		settle(t);
		return true;
	}
	if (t->typing) {
		search_key(t, k, a);
		return true;
	}
	if (move_key(t, k, a))
		return true;
	switch (a) {
	case ACT_BACK:
		return false;
	case ACT_ENTER:
		open_chosen(t);
		return true;
	case ACT_NEXT_FIELD:
	case ACT_PREV_FIELD:
		next_sort(t, a == ACT_NEXT_FIELD ? 1 : -1);
		return true;
	default:
		break;
	}
	return k->kind != TK_CHAR || letter_key(t, k->code);
}

int tui_admin_main(struct tui_app *app)
{
	struct table t = {
	    .app = app, .sort = COL_CHANGED, .status = -1, .scheme = -1};

	app->msg[0] = '\0';
	refresh_summary(&t);
	reload(&t, true);
	while (!tui_quitting()) {
		struct tui_key k;
		draw(&t);
		tui_read(app, stdscr, &k);
		if (!key(&t, &k))
			break;
	}
	rows_free(&t);
	curs_set(1);
	app->msg[0] = '\0';
	return 0;
}
