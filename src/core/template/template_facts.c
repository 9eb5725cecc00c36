/*
 * template_facts.c - a template's scheme facts (durations, sessions, who
 * returns the signed copy to whom) and what it asks of each party.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template_internal.h"

enum {
	F_PLANNED,
	F_MAX,
	F_MIN_SESSIONS,
	F_MAX_SESSIONS,
	F_OFFERED_SESSIONS,
	F_FREQUENCY,
	F_LENGTH,
	F_NOTICE,
	F_REVIEW,
	F_RETENTION,
	F_RETURNED_BY,
	F_RETURNED_TO,
	F_COPIED,
	F_PAIR_ONLY,
	F_COUNT
};

static const char *const fact_keys[F_COUNT] = {
    "planned_duration", "max_duration",
    "min_sessions",	"max_sessions",
    "offered_sessions", "meeting_frequency",
    "meeting_length",	"notice_period",
    "review_interval",	"retention_after_end",
    "returned_by",	"returned_to",
    "copied",		"pair_only",
};

static void load_duration(struct tload *ld, const yaml_node_t *n,
			  const char *what, struct tpl_duration *out)
{
	const char *s = tyaml_text(&ld->y, n, what);

	if (s && template_duration_parse(s, out) != MP_OK)
		tyaml_error(&ld->y, n,
			    "'%s' must be a duration such as '48 hours' or "
			    "'6 months', not '%.40s'",
			    what, s);
}

static void load_frequency(struct tload *ld, const yaml_node_t *n)
{
	const char *s = tyaml_text(&ld->y, n, "meeting_frequency");

	if (s && template_frequency_parse(
		     s, &ld->tpl->facts.meeting_frequency) != MP_OK)
		tyaml_error(&ld->y, n,
			    "'meeting_frequency' must be a frequency such as "
			    "'once a month' or 'once every 2 weeks', not "
			    "'%.40s'",
			    s);
}

static void load_copied(struct tload *ld, const yaml_node_t *n)
{
	struct tpl_facts *f = &ld->tpl->facts;
	size_t count;

	f->copied =
	    tload_seq_array(ld, n, "copied", 1, sizeof(*f->copied), &count);
	for (size_t i = 0; i < count; i++) {
		yaml_node_t *item = tyaml_seq_item(&ld->y, n, i);
		char *role =
		    item ? tload_text(ld, item, "copied", false, 200) : NULL;

		if (role)
			f->copied[f->n_copied++] = role;
	}
}

/* Minutes, roughly (a month is 30.4 days), to compare two durations. */
static long long minutes(const struct tpl_duration *d)
{
	static const long long per[] = {
	    [TPL_UNIT_MINUTE] = 1,    [TPL_UNIT_HOUR] = 60,
	    [TPL_UNIT_DAY] = 1440,    [TPL_UNIT_WEEK] = 10080,
	    [TPL_UNIT_MONTH] = 43776, [TPL_UNIT_YEAR] = 525600,
	};

	return d->amount * per[d->unit];
}

/* min_sessions, max_sessions and offered_sessions: whole numbers, the
 * fewest no more than the most, and the offer between them. */
static void load_sessions(struct tload *ld, yaml_node_t *v[])
{
	struct tpl_facts *f = &ld->tpl->facts;
	long *n[F_COUNT] = {
	    [F_MIN_SESSIONS] = &f->min_sessions,
	    [F_MAX_SESSIONS] = &f->max_sessions,
	    [F_OFFERED_SESSIONS] = &f->offered_sessions,
	};

	for (int k = F_MIN_SESSIONS; k <= F_OFFERED_SESSIONS; k++)
		if (v[k])
			tyaml_long(&ld->y, v[k], fact_keys[k], 1, 1000, n[k]);
	if (f->min_sessions && f->max_sessions &&
	    f->max_sessions < f->min_sessions)
		tyaml_error(&ld->y, v[F_MAX_SESSIONS],
			    "'max_sessions' (%ld) is fewer than 'min_sessions' "
			    "(%ld)",
			    f->max_sessions, f->min_sessions);
	if (f->offered_sessions && f->min_sessions &&
	    f->offered_sessions < f->min_sessions)
		tyaml_error(&ld->y, v[F_OFFERED_SESSIONS],
			    "'offered_sessions' (%ld) is fewer than "
			    "'min_sessions' (%ld)",
			    f->offered_sessions, f->min_sessions);
	if (f->offered_sessions && f->max_sessions &&
	    f->offered_sessions > f->max_sessions)
		tyaml_error(&ld->y, v[F_OFFERED_SESSIONS],
			    "'offered_sessions' (%ld) is more than "
			    "'max_sessions' (%ld)",
			    f->offered_sessions, f->max_sessions);
}

static void check_facts(struct tload *ld, const yaml_node_t *map,
			yaml_node_t *v[])
{
	struct tpl_facts *f = &ld->tpl->facts;
	char a[64], b[64];

	if (f->max_duration.unit && f->planned_duration.unit &&
	    minutes(&f->max_duration) < minutes(&f->planned_duration)) {
		template_duration_format(&f->max_duration, a, sizeof(a));
		template_duration_format(&f->planned_duration, b, sizeof(b));
		tyaml_error(&ld->y, v[F_MAX],
			    "'max_duration' (%s) is shorter than "
			    "'planned_duration' (%s)",
			    a, b);
	}
	if (v[F_RETURNED_BY] && !v[F_RETURNED_TO])
		tyaml_error(&ld->y, map,
			    "'returned_by' needs 'returned_to': say to whom "
			    "the signed copy goes");
	if (v[F_RETURNED_TO] && !v[F_RETURNED_BY])
		tyaml_error(&ld->y, map,
			    "'returned_to' needs 'returned_by': say who sends "
			    "the signed copy");
	if (v[F_COPIED] && !v[F_RETURNED_TO])
		tyaml_error(&ld->y, v[F_COPIED],
			    "'copied' needs 'returned_to': copies go with the "
			    "signed copy");
	if (f->pair_only && v[F_RETURNED_TO])
		tyaml_error(&ld->y, v[F_PAIR_ONLY],
			    "'pair_only' is true, but 'returned_to' sends the "
			    "agreement to someone else");
}

void tload_facts(struct tload *ld, const yaml_node_t *n)
{
	struct tpl_facts *f = &ld->tpl->facts;
	struct tpl_duration *d[F_COUNT] = {
	    [F_PLANNED] = &f->planned_duration,
	    [F_MAX] = &f->max_duration,
	    [F_LENGTH] = &f->meeting_length,
	    [F_NOTICE] = &f->notice_period,
	    [F_REVIEW] = &f->review_interval,
	    [F_RETENTION] = &f->retention_after_end,
	};
	yaml_node_t *v[F_COUNT];
	int p;

	if (!tyaml_map(&ld->y, n, "facts", fact_keys, F_COUNT, v))
		return;
	for (int k = 0; k < F_COUNT; k++)
		if (d[k] && v[k])
			load_duration(ld, v[k], fact_keys[k], d[k]);
	load_sessions(ld, v);
	if (v[F_FREQUENCY])
		load_frequency(ld, v[F_FREQUENCY]);
	if (v[F_RETURNED_BY] &&
	    (p = tload_party(ld, v[F_RETURNED_BY], "returned_by", false)) > 0)
		f->returned_by = (enum tpl_party)p;
	if (v[F_RETURNED_TO])
		f->returned_to =
		    tload_text(ld, v[F_RETURNED_TO], "returned_to", false, 200);
	if (v[F_COPIED])
		load_copied(ld, v[F_COPIED]);
	if (v[F_PAIR_ONLY])
		f->pair_only =
		    tyaml_bool(&ld->y, v[F_PAIR_ONLY], "pair_only") == 1;
	check_facts(ld, n, v);
}

/* --- parties ----------------------------------------------------------------
 */

/* A list of detail names as bits; duplicates and unknowns reported. */
static unsigned load_details(struct tload *ld, const yaml_node_t *n,
			     const char *what)
{
	static const char *const names[] = {"name", "email", "phone",
					    "organisation"};
	unsigned bits = 0;

	if (!tyaml_is_seq(&ld->y, n, what))
		return 0;
	for (size_t i = 0; i < tyaml_seq_len(n); i++) {
		yaml_node_t *item = tyaml_seq_item(&ld->y, n, i);
		const char *s = item ? tyaml_text(&ld->y, item, what) : NULL;
		const char *hint;
		int d;

		if (!s)
			continue;
		d = template_detail_parse(s);
		hint = tyaml_suggest(s, names, TPL_DETAIL_COUNT);
		if (d < 0 && hint)
			tyaml_error(&ld->y, item,
				    "unknown detail '%.40s' in '%s'; did you "
				    "mean '%s'?",
				    s, what, hint);
		else if (d < 0)
			tyaml_error(&ld->y, item,
				    "unknown detail '%.40s' in '%s'; use name, "
				    "email, phone or organisation",
				    s, what);
		else if (bits & (1u << d))
			tyaml_error(&ld->y, item, "'%s' lists '%s' twice", what,
				    s);
		else
			bits |= 1u << d;
	}
	return bits;
}

static void load_party(struct tload *ld, const yaml_node_t *n, int who)
{
	static const char *const keys[] = {"ask", "required"};
	struct tpl_party_spec *spec = &ld->tpl->parties[who];
	const char *party = who ? "mentee" : "mentor";
	yaml_node_t *v[2];
	char in[32];

	snprintf(in, sizeof(in), "the %s's details", party);
	if (!tyaml_map(&ld->y, n, in, keys, 2, v) ||
	    !tyaml_need(&ld->y, n, in, "ask", v[0]))
		return;
	spec->ask = load_details(ld, v[0], "ask");
	spec->required =
	    v[1] ? load_details(ld, v[1], "required") : 1u << TPL_DETAIL_NAME;
	if (!(spec->ask & (1u << TPL_DETAIL_NAME)))
		tyaml_error(&ld->y, v[0],
			    "'ask' must include name: the %s signs with it",
			    party);
	else if (!(spec->required & (1u << TPL_DETAIL_NAME)))
		tyaml_error(&ld->y, v[1],
			    "'required' must include name: the %s signs with "
			    "it",
			    party);
	/* the name is reported above; other required details come only
	 * from a 'required' list */
	for (int d = TPL_DETAIL_NAME + 1; v[1] && d < TPL_DETAIL_COUNT; d++)
		if ((spec->required & ~spec->ask) & (1u << d))
			tyaml_error(&ld->y, v[1],
				    "'%s' is required but not asked: add it to "
				    "'ask'",
				    template_detail_name((enum tpl_detail)d));
}

void tload_parties(struct tload *ld, const yaml_node_t *n)
{
	static const char *const keys[] = {"mentor", "mentee"};
	yaml_node_t *v[2];

	if (!tyaml_map(&ld->y, n, "parties", keys, 2, v))
		return;
	for (int who = 0; who < 2; who++)
		if (tyaml_need(&ld->y, n, "parties", keys[who], v[who]))
			load_party(ld, v[who], who);
}
