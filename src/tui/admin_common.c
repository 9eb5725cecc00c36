/*
 * admin_common.c - what the administrator's screens share, none of them
 * a screen: today's date, an agreement's tag for the header, a growing
 * text for the scrolling views, counting agreements, and the home
 * screen's line about reviews overdue and records due for purging.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mentorpact/admin.h"
#include "mentorpact/agreement.h"
#include "tui/admin.h"

void admin_today(char day[11])
{
	time_t now = time(NULL);
	struct tm tm;

	if (!localtime_r(&now, &tm) || !strftime(day, 11, "%Y-%m-%d", &tm))
		snprintf(day, 11, "1970-01-01");
}

void admin_tag(const struct agreement *ag, char *buf, size_t size)
{
	snprintf(buf, size, "Agreement %s v%d (%s)", ag->id, ag->version,
		 agreement_status_name(ag->status));
}

/* --- a growing text ------------------------------------------------------- */

void admin_text_add(struct admin_text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->nomem)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (t->len + (size_t)n + 1 > t->cap) {
		size_t cap = (t->len + (size_t)n + 1) * 2;
		char *s = realloc(t->s, cap);
		if (!s) {
			t->nomem = true;
			return;
		}
		t->s = s;
		t->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

void admin_text_free(struct admin_text *t)
{
	free(t->s);
	t->s = NULL;
	t->len = t->cap = 0;
	t->nomem = false;
}

/* --- counting ------------------------------------------------------------- */

static void count_row(void *ctx, const struct ag_row *r)
{
	(void)r;
	(*(long *)ctx)++;
}

/* How many agreements f selects, counting to at most max + 1. */
enum mp_status admin_count_to(struct tui_app *app, struct ag_filter f, long max,
			      long *n, struct mp_error *err)
{
	*n = 0;
	f.limit = max + 1;
	f.offset = 0;
	return agreement_query(app->st, &f, count_row, n, err);
}

/* --- the home screen's line ----------------------------------------------- */

int tui_admin_summary(struct tui_app *app, char *buf, size_t size)
{
	struct admin_purge_result due = {0};
	struct ag_filter f = {.status = -1};
	struct mp_error err;
	char today[11];
	long late = 0;

	admin_today(today);
	f.due_by = today;
	if (admin_count_to(app, f, ADMIN_COUNT_MAX, &late, &err) != MP_OK ||
	    admin_purge(app->st, NULL, true, &due, &err) != MP_OK) {
		admin_purge_result_free(&due);
		snprintf(buf, size, "%s", err.message);
		return -1;
	}
	snprintf(buf, size,
		 "%s%ld review%s overdue, %zu record%s due for "
		 "purging",
		 late > ADMIN_COUNT_MAX ? "more than " : "",
		 late > ADMIN_COUNT_MAX ? (long)ADMIN_COUNT_MAX : late,
		 late == 1 ? "" : "s", due.count, due.count == 1 ? "" : "s");
	admin_purge_result_free(&due);
	return 0;
}
