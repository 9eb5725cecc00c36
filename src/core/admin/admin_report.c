/*
 * admin_report.c - the report (admin.h): the newest version of every
 * agreement counted by scheme and status, reviews overdue, signatures by
 * month, and the median days from a draft to both signatures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_internal.h"

void admin_report_free(struct admin_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_schemes; i++)
		free(r->schemes[i].scheme);
	free(r->schemes);
	free(r->months);
	memset(r, 0, sizeof(*r));
}

/* The row for scheme: the last one, or a new one (rows come sorted). */
static struct admin_scheme_counts *scheme_row(struct admin_report *r,
					      const char *scheme)
{
	struct admin_scheme_counts *c;

	if (r->n_schemes &&
	    strcmp(r->schemes[r->n_schemes - 1].scheme, scheme) == 0)
		return &r->schemes[r->n_schemes - 1];
	if (!(c = APPEND(r->schemes, r->n_schemes)))
		return NULL;
	return (c->scheme = strdup(scheme)) ? c : NULL;
}

static int add_counts(void *ctx, sqlite3_stmt *q)
{
	struct admin_report *r = ctx;
	struct admin_scheme_counts *c = scheme_row(r, adm_text(q, 0));
	long n = (long)sqlite3_column_int64(q, 2);
	long due = (long)sqlite3_column_int64(q, 3);
	int k = agreement_status_parse(adm_text(q, 1));

	if (!c)
		return -1;
	if (k >= 0) {
		c->by_status[k] += n;
		r->totals[k] += n;
	}
	c->overdue += due;
	r->overdue += due;
	return 0;
}

static int add_month(void *ctx, sqlite3_stmt *q)
{
	struct admin_report *r = ctx;
	struct admin_month *m = APPEND(r->months, r->n_months);

	if (!m)
		return -1;
	snprintf(m->month, sizeof(m->month), "%s", adm_text(q, 0));
	m->count = (long)sqlite3_column_int64(q, 1);
	return 0;
}

struct days {
	double *v;
	size_t n;
};

static int add_days(void *ctx, sqlite3_stmt *q)
{
	struct days *d = ctx;
	double *day = APPEND(d->v, d->n);

	if (!day)
		return -1;
	*day = sqlite3_column_double(q, 0);
	return 0;
}

/* The median of the days from the draft to both signatures; imported
 * agreements are left out (their draft was made elsewhere). */
static enum mp_status report_median(struct store *st, struct admin_report *r,
				    struct mp_error *err)
{
	struct days d = {NULL, 0};
	enum mp_status s = adm_each_row(
	    st,
	    "SELECT julianday(signed_on) - julianday(substr(created, 1, 10))"
	    " AS d FROM agreements WHERE signed_on IS NOT NULL"
	    " AND imported = 0 ORDER BY d",
	    0, NULL, add_days, &d, "working out the median", err);

	r->signed_samples = s == MP_OK ? (long)d.n : 0;
	if (s == MP_OK && d.n)
		r->median_days = d.n % 2
				     ? d.v[d.n / 2]
				     : (d.v[d.n / 2 - 1] + d.v[d.n / 2]) / 2;
	free(d.v);
	return s;
}

enum mp_status admin_report(struct store *st, const char *today,
			    struct admin_report *out, struct mp_error *err)
{
	const char *p[] = {out->today};
	enum mp_status s;

	memset(out, 0, sizeof(*out));
	adm_today_or(today, out->today);
	s = adm_each_row(
	    st,
	    "SELECT scheme, status, count(*), coalesce(sum(ended IS"
	    " NULL AND review_due < ?1), 0) FROM agreements WHERE"
	    " latest = 1 GROUP BY scheme, status"
	    " ORDER BY scheme, status",
	    1, p, add_counts, out, "counting agreements", err);
	if (s == MP_OK)
		s = adm_each_row(st,
				 "SELECT substr(signed_on, 1, 7), count(*) FROM"
				 " agreements WHERE signed_on IS NOT NULL"
				 " GROUP BY 1 ORDER BY 1",
				 0, NULL, add_month, out, "counting signatures",
				 err);
	if (s == MP_OK)
		s = report_median(st, out, err);
	return s;
}
