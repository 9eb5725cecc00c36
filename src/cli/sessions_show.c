/*
 * sessions_show.c - the session log shown: "session list" (a table, or
 * JSON for programs), and the summary that "show" prints.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "agreements.h"
#include "mentorpact/store.h"
#include "mentorpact/records.h"
#include "admin.h"
#include "sessions.h"

#define SESSION (&cli_session_commands[0])

static void list_json(const struct agreement *ag, const struct rec_session *v,
		      size_t n, long held)
{
	const struct tpl_session_log *log = &ag->tpl->records.sessions;
	long planned = records_planned(ag->tpl);

	printf("{\"agreement\": \"%s\", \"held\": %ld, \"planned\": ", ag->id,
	       held);
	if (planned)
		printf("%ld", planned);
	else
		fputs("null", stdout);
	printf(", \"sessions\": [");
	for (size_t i = 0; i < n; i++) {
		printf("%s\n  {\"n\": %ld, \"author\": \"%s\", \"date\": ",
		       i ? "," : "", v[i].n, v[i].author);
		json_string(v[i].held);
		printf(", \"minutes\": ");
		if (v[i].minutes)
			printf("%ld", v[i].minutes);
		else
			fputs("null", stdout);
		printf(", \"how\": ");
		json_string(v[i].how);
		printf(", \"next\": ");
		json_string(v[i].next);
		printf(", \"created\": ");
		json_string(v[i].created);
		printf(", \"updated\": ");
		json_string(v[i].updated);
		printf(", \"withdrawn\": ");
		json_string(v[i].withdrawn);
		printf(", \"fields\": {");
		for (size_t k = 0, shown = 0; k < log->n_fields; k++) {
			if (!v[i].values[k])
				continue;
			printf("%s", shown++ ? ", " : "");
			json_string(log->fields[k]->id);
			printf(": ");
			json_string(v[i].values[k]);
		}
		printf("}}");
	}
	printf("%s]}\n", n ? "\n" : "");
}

static void list_table(const struct agreement *ag, const struct rec_session *v,
		       size_t n)
{
	const struct tpl_session_log *log = &ag->tpl->records.sessions;

	printf("%s: %s\n", ag->id, log->title ? log->title : "Session log");
	if (!n) {
		printf("  no sessions recorded yet\n");
		return;
	}
	printf("  %3s  %-10s  %-6s  %7s  %-12s  %s\n", "N", "DATE", "BY",
	       "MINUTES", "HOW", "NEXT");
	for (size_t i = 0; i < n; i++) {
		char mins[16] = "-";

		if (v[i].minutes)
			snprintf(mins, sizeof(mins), "%ld", v[i].minutes);
		printf("  %3ld  %-10s  %-6s  %7s  %-12s  %s%s\n", v[i].n,
		       v[i].held, v[i].author, mins, v[i].how ? v[i].how : "-",
		       v[i].next ? v[i].next : "-",
		       v[i].withdrawn ? "  (withdrawn)" : "");
		for (size_t k = 0; k < log->n_fields; k++)
			if (v[i].values[k] && !v[i].withdrawn)
				printf("       %s: %s\n", log->fields[k]->label,
				       v[i].values[k]);
	}
}

int sessions_list(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 1}, {NULL, 0, NULL, 0}};
	const char *v[1] = {"table"}, *id;
	struct rec_session *list = NULL;
	struct agreement *ag;
	struct mp_error err;
	struct store *st;
	size_t n = 0;
	long held = 0;
	int rc;

	if ((rc = id_with_options(SESSION, argc, argv, opts, v, &id)))
		return rc;
	if (strcmp(v[0], "table") && strcmp(v[0], "json"))
		return cli_usage(SESSION, "unknown format '%s' (table or json)",
				 v[0]);
	if ((rc = open_agreement(ctx, id, &st, &ag)))
		return rc;
	if (!ag->tpl->records.sessions.present) {
		mp_error_set(&err, MP_ERR_STATE,
			     "the scheme '%s' keeps no session log: its "
			     "template has no records.sessions",
			     ag->tpl->id);
		rc = cli_fail(&err);
	} else if (records_sessions(st, ag, &list, &n, &err) != MP_OK ||
		   records_held(st, ag->id, &held, NULL, &err) != MP_OK) {
		rc = cli_fail(&err);
	} else if (!strcmp(v[0], "json")) {
		list_json(ag, list, n, held);
	} else {
		list_table(ag, list, n);
	}
	records_sessions_free(list, n);
	close_all(st, ag);
	return rc;
}

void sessions_summary(struct store *st, const struct agreement *ag)
{
	char due[REC_DUE_KINDS][11];
	long held = 0, planned = records_planned(ag->tpl);
	struct rec_early early = {0};
	struct mp_error err;
	bool found = false;

	if (!ag->tpl->records.sessions.present || !ag->started ||
	    records_held(st, ag->id, &held, NULL, &err) != MP_OK ||
	    records_due_of(st, ag->id, due, &err) != MP_OK)
		return;
	if (planned)
		printf("Sessions:     %ld held of %ld planned\n", held,
		       planned);
	else
		printf("Sessions:     %ld held (planned: not stated)\n", held);
	if (due[REC_DUE_MEETING][0])
		printf("Next meeting: %s\n", due[REC_DUE_MEETING]);
	if (due[REC_DUE_FORM][0])
		printf("Form due:     %s\n", due[REC_DUE_FORM]);
	if (records_early(st, ag->id, &early, &found, &err) == MP_OK && found)
		printf("Ended early:  %ld of the scheme's minimum of %ld "
		       "sessions held; reason: %s\n",
		       early.held, early.minimum, early.reason);
	records_early_free(&early);
}

void sessions_due_refresh(struct store *st, const char *id)
{
	struct agreement *ag = NULL;
	struct mp_error err;

	if (agreement_load(st, id, 0, &ag, &err) != MP_OK ||
	    records_due_refresh(st, ag, &err) != MP_OK)
		fprintf(stderr,
			"mentorpact: warning: %s: what is due was not "
			"noted: %s\n",
			id, err.message);
	agreement_free(ag);
}

/* --- the columns of "list" ----------------------------------------------- */

struct sessions_cache {
	struct sessions_cache *next;
	char hash[TPL_HASH_HEX + 1];
	bool log;     /* the template keeps a session log */
	long planned; /* records_planned */
};

/* The newest version's template hash of id into hash; false if none. */
static bool template_of(struct store *st, const char *id,
			char hash[TPL_HASH_HEX + 1])
{
	sqlite3_stmt *q = NULL;
	bool found = false;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT template_hash FROM agreements"
			       " WHERE id = ?1 AND latest = 1",
			       -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0)) {
		snprintf(hash, TPL_HASH_HEX + 1, "%s",
			 (const char *)sqlite3_column_text(q, 0));
		found = true;
	}
	sqlite3_finalize(q);
	return found;
}

static const struct sessions_cache *
cached(struct store *st, struct sessions_cache **cache, const char *id)
{
	char hash[TPL_HASH_HEX + 1];
	struct sessions_cache *c;
	struct agreement *ag = NULL;
	struct mp_error err;

	if (!template_of(st, id, hash))
		return NULL;
	for (c = *cache; c; c = c->next)
		if (!strcmp(c->hash, hash))
			return c;
	if (agreement_load(st, id, 0, &ag, &err) != MP_OK ||
	    !(c = calloc(1, sizeof(*c)))) {
		agreement_free(ag);
		return NULL;
	}
	snprintf(c->hash, sizeof(c->hash), "%s", hash);
	c->log = ag->tpl->records.sessions.present;
	c->planned = records_planned(ag->tpl);
	c->next = *cache;
	*cache = c;
	agreement_free(ag);
	return c;
}

void sessions_cols(struct store *st, struct sessions_cache **cache,
		   const char *id, struct sessions_cols *out)
{
	const struct sessions_cache *c = cached(st, cache, id);
	char due[REC_DUE_KINDS][11];
	struct mp_error err;
	long held = 0;

	memset(out, 0, sizeof(*out));
	if (c && c->log && records_held(st, id, &held, NULL, &err) == MP_OK) {
		snprintf(out->held, sizeof(out->held), "%ld", held);
		if (c->planned)
			snprintf(out->planned, sizeof(out->planned), "%ld",
				 c->planned);
	}
	if (records_due_of(st, id, due, &err) == MP_OK) {
		memcpy(out->next, due[REC_DUE_MEETING], 11);
		memcpy(out->form, due[REC_DUE_FORM], 11);
	}
}

void sessions_cache_free(struct sessions_cache *cache)
{
	while (cache) {
		struct sessions_cache *next = cache->next;

		free(cache);
		cache = next;
	}
}
