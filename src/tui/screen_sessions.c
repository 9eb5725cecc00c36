/*
 * screen_sessions.c - the session log (records.h): the meetings held,
 * numbered, with the withdrawn ones marked; a meeting recorded by either
 * party, or changed or withdrawn by the one who recorded it, each proven
 * with that person's signing passphrase.  An entry's answers are the
 * log's own (date, length, how, the next meeting) and the scheme's
 * fields, typed with the wizard's screen and checked by the core before
 * anyone is asked for a passphrase.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mentorpact/records.h"
#include "mentorpact/secret.h"
#include "tui/answers.h"
#include "tui/session.h"

/* The entries every log has (template_session_builtins, in that order). */
static const struct tpl_field builtin[TPL_SESSION_BUILTINS] = {
    {.id = "date",
     .label = "Date of the meeting",
     .help = "The day you met, as YYYY-MM-DD: today or before.",
     .type = TPL_DATE,
     .who = TPL_BOTH,
     .required = true},
    {.id = "length",
     .label = "Length in minutes",
     .help = "How long you met, in minutes (1 to 1440); empty if you "
	     "would rather not say.",
     .type = TPL_NUMBER,
     .who = TPL_BOTH},
    {.id = "how",
     .label = "How you met",
     .help = "One line, such as 'in person', 'video call' or 'phone'.",
     .type = TPL_TEXT,
     .who = TPL_BOTH},
    {.id = "next",
     .label = "Next meeting",
     .help = "The date agreed for the next meeting, as YYYY-MM-DD; "
	     "empty when none is set.",
     .type = TPL_DATE,
     .who = TPL_BOTH},
};

static const char *const list_keys[] = {
    "Enter", "record or change", "w", "withdraw", "Esc", "back", NULL};
static const char *const entry_keys[] = {"Tab",	   "next answer", "F5/^R/^S",
					 "record", "F10/^X",	  "back",
					 "Esc",	   "back",	  NULL};

/* --- one entry ------------------------------------------------------------ */

struct entry {
	struct tui_session *s;
	const struct rec_session *old; /* the entry changed, or NULL */
	struct wizard_model m;
	char line2[200];
};

static const char *old_lookup(void *ctx, const char *key)
{
	const struct entry *e = ctx;
	const struct tpl_session_log *log = &e->s->m.tpl->records.sessions;
	static char minutes[24];

	if (!e->old)
		return NULL;
	if (!strcmp(key, "date"))
		return e->old->held;
	if (!strcmp(key, "length")) {
		if (!e->old->minutes)
			return NULL;
		snprintf(minutes, sizeof(minutes), "%ld", e->old->minutes);
		return minutes;
	}
	if (!strcmp(key, "how"))
		return e->old->how;
	if (!strcmp(key, "next"))
		return e->old->next;
	for (size_t i = 0; i < log->n_fields && i < e->old->n_values; i++)
		if (!strcmp(log->fields[i]->id, key))
			return e->old->values[i];
	return NULL;
}

static int entry_model(struct entry *e)
{
	const struct tpl_session_log *log = &e->s->m.tpl->records.sessions;
	size_t n = TPL_SESSION_BUILTINS + log->n_fields;
	const struct tpl_field **all = calloc(n + 1, sizeof(*all));
	int rc;

	if (!all)
		return -1;
	for (size_t i = 0; i < TPL_SESSION_BUILTINS; i++)
		all[i] = &builtin[i];
	for (size_t i = 0; i < log->n_fields; i++)
		all[TPL_SESSION_BUILTINS + i] = log->fields[i];
	rc = wm_init_fields(&e->m, e->s->m.tpl, all, n, old_lookup, e);
	free(all);
	if (rc == 0 && !e->old) { /* a new entry: held today, most likely */
		char today[11];
		time_t t = time(NULL);
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
		rc = wm_set_text(&e->m.fields[0], today);
	}
	return rc;
}

/* What is typed, as the core takes it: *in points into vals, which the
 * caller frees (n_fields + 4 strings). */
static int entry_values(struct entry *e, struct rec_entry *in, char **vals,
			const char **ids)
{
	const struct tpl_session_log *log = &e->s->m.tpl->records.sessions;

	for (size_t i = 0; i < e->m.n_fields; i++)
		if (!(vals[i] = wm_value(&e->m.fields[i])))
			return -1;
	memset(in, 0, sizeof(*in));
	in->date = vals[0];
	in->minutes = vals[1];
	in->how = vals[2];
	in->next = vals[3];
	for (size_t i = 0; i < log->n_fields; i++)
		ids[i] = log->fields[i]->id;
	in->fields = ids;
	in->values = (const char *const *)vals + TPL_SESSION_BUILTINS;
	in->n_set = log->n_fields;
	return 0;
}

/* Mark the answer a message from the core names ("date: ...", "next:
 * ...", "'Label' (id) is required ..."), else say it on the message
 * line. */
static void mark(struct entry *e, struct tui_answers *a, const char *message)
{
	for (size_t i = 0; i < e->m.n_fields; i++) {
		const char *key = e->m.fields[i].key;
		size_t n = strlen(key);
		char quoted[80];
		snprintf(quoted, sizeof(quoted), "(%s)", key);
		if ((!strncmp(message, key, n) && message[n] == ':') ||
		    strstr(message, quoted)) {
			wm_failed(&e->m.fields[i], message);
			tui_answers_focus_problem(a);
			break;
		}
	}
	tui_say(e->s->app, true, "%s", message);
}

/* Who records a new entry: the party whose key is here, or the one they
 * pick when both are.  -1 when they went back, -2 to end. */
static int who_records(struct entry *e)
{
	static const char *const roles[] = {
	    "The mentor records it (with the mentor's signing passphrase)",
	    "The mentee records it (with the mentee's signing passphrase)"};
	struct tui_session *s = e->s;
	bool here[2], quit;
	int r;

	if (e->old)
		return !strcmp(e->old->author, "mentor") ? AG_MENTOR
							 : AG_MENTEE;
	for (int i = 0; i < 2; i++)
		here[i] = agreement_signer_has_key(s->app->st, s->ag,
						   (enum ag_role)i) == 1;
	if (here[0] != here[1])
		return here[0] ? AG_MENTOR : AG_MENTEE;
	if (!here[0]) {
		tui_say(s->app, true,
			"Neither party has a signing key in this store: "
			"sessions are recorded in the store where the pair "
			"signed.");
		return -1;
	}
	r = tui_pick(s->app, "Who records this meeting?", roles, 2, 0, &quit);
	return quit ? -2 : r;
}

/* Check, ask the passphrase, record: 1 recorded, 0 not, -1 to end. */
static int record(void *ctx, struct tui_answers *a)
{
	struct entry *e = ctx;
	struct tui_app *app = e->s->app;
	const struct tpl_session_log *log = &e->s->m.tpl->records.sessions;
	char **vals = calloc(e->m.n_fields + 1, sizeof(*vals));
	const char **ids = calloc(log->n_fields + 1, sizeof(*ids));
	struct rec_entry in;
	struct mp_error err;
	int r = 0, role = -1;
	bool quit = false;

	for (size_t i = 0; i < e->m.n_fields; i++) { /* marks from before */
		free(e->m.fields[i].error);
		e->m.fields[i].error = NULL;
	}
	if (!vals || !ids || entry_values(e, &in, vals, ids) != 0) {
		tui_say(app, true, "out of memory: nothing was recorded");
	} else if (records_session_check(e->s->ag, &in, &err) != MP_OK) {
		mark(e, a, err.message);
	} else if ((role = who_records(e)) >= 0) {
		for (;;) {
			struct mp_secret *pass = NULL;
			enum mp_status st;
			long n = e->old ? e->old->n : 0;
			if (tui_session_pass(e->s, e->line2,
					     "Only the person who records a "
					     "meeting can change or withdraw "
					     "it; the other looks away.",
					     (enum ag_role)role, &pass,
					     &quit) != MP_OK) {
				r = quit ? -1 : 0;
				break;
			}
			st = e->old ? records_session_edit(app->st, e->s->ag,
							   (enum ag_role)role,
							   pass, n, &in, &err)
				    : records_session_add(app->st, e->s->ag,
							  (enum ag_role)role,
							  pass, &in, &n, &err);
			secret_free(pass);
			if (st == MP_OK) {
				tui_say(
				    app, false, "Session %ld %s by the %s.", n,
				    e->old ? "changed" : "recorded",
				    agreement_role_name((enum ag_role)role));
				r = 1;
				break;
			}
			tui_say(app, true, "%s", err.message);
			if (st != MP_ERR_PASSPHRASE)
				break;
		}
	} else if (role == -2) {
		r = -1;
	}
	for (size_t i = 0; vals && i < e->m.n_fields; i++)
		free(vals[i]);
	free(vals);
	free(ids);
	return r;
}

static const char entry_help[] =
    "One meeting of the session log.  Type its answers, then F5, Ctrl-R "
    "or Ctrl-S records it: each answer is checked first, then the person "
    "recording it gives their signing passphrase.  Only they can change "
    "or withdraw it later.";

static const char *const entry_help_keys[] = {
    "Tab, Enter",
    "next answer",
    "Shift-Tab",
    "previous answer",
    "Ctrl-U",
    "empty the answer in focus",
    "F5, Ctrl-R, ^S",
    "record the meeting",
    "F10, Ctrl-X, Esc",
    "back, asking first when something is typed",
    NULL};

/* Record a new meeting (old NULL) or change old: 0, or -1 to end. */
static int entry(struct tui_session *s, const struct rec_session *old)
{
	const struct tpl_session_log *log = &s->m.tpl->records.sessions;
	struct entry e = {.s = s, .old = old};
	char tag[96];
	struct tui_answers a = {
	    .app = s->app,
	    .m = &e.m,
	    .intro = log->intro,
	    .title = s->m.tpl->name,
	    .tag = tag,
	    .line2 = e.line2,
	    .explain = "Type the meeting's answers; F5 or Ctrl-R records "
		       "it.",
	    .caption = "The meeting",
	    .keys = entry_keys,
	    .narrow_keys = entry_keys + 2,
	    .at_end = "That was the last answer: F5 or Ctrl-R records the "
		      "meeting.",
	    .help = entry_help,
	    .help_keys = entry_help_keys,
	    .commit = record,
	    .drop = "Go back without recording this meeting?  What is typed "
		    "here is not kept.",
	    .ctx = &e,
	};
	int r;

	if (entry_model(&e) != 0) {
		tui_say(s->app, true, "out of memory");
		return 0;
	}
	tui_session_tag(s, tag, sizeof(tag));
	if (old)
		snprintf(e.line2, sizeof(e.line2),
			 "%s: session %ld, recorded by the %s",
			 log->title ? log->title : "Session log", old->n,
			 old->author);
	else
		snprintf(e.line2, sizeof(e.line2), "%s: a new meeting",
			 log->title ? log->title : "Session log");
	r = tui_answers_run(&a);
	tui_answers_close(&a);
	wm_free(&e.m);
	return r < 0 ? -1 : 0;
}

/* --- withdrawing ---------------------------------------------------------- */

static int withdraw(struct tui_session *s, const struct rec_session *old)
{
	enum ag_role role =
	    !strcmp(old->author, "mentor") ? AG_MENTOR : AG_MENTEE;
	struct mp_secret *pass = NULL;
	struct mp_error err;
	char q[300];
	bool quit = false;

	if (old->withdrawn) {
		tui_say(s->app, true, "Session %ld was already withdrawn.",
			old->n);
		return 0;
	}
	snprintf(q, sizeof(q),
		 "Withdraw session %ld of %s?  It stays in the log, marked "
		 "withdrawn, and no longer counts.  Only the %s, who recorded "
		 "it, can.",
		 old->n, old->held, agreement_role_name(role));
	if (!tui_ask(s->app, q, &quit))
		return quit ? -1 : 0;
	snprintf(q, sizeof(q), "Withdrawing session %ld of %s", old->n,
		 old->held);
	if (tui_session_pass(s, q,
			     "Only the person who recorded a meeting can "
			     "withdraw it.",
			     role, &pass, &quit) != MP_OK)
		return quit ? -1 : 0;
	if (records_session_withdraw(s->app->st, s->ag, role, pass, old->n,
				     &err) != MP_OK)
		tui_say(s->app, true, "%s", err.message);
	else
		tui_say(s->app, false, "Session %ld withdrawn.", old->n);
	secret_free(pass);
	return 0;
}

/* --- the log -------------------------------------------------------------- */

static char *session_line(const struct rec_session *x)
{
	char mins[32] = "", *line = malloc(600);

	if (!line)
		return NULL;
	if (x->minutes)
		snprintf(mins, sizeof(mins), "%ld min", x->minutes);
	snprintf(line, 600, "%3ld  %s  %-8s %-20.20s by the %s%s%s%s", x->n,
		 x->held, mins, x->how ? x->how : "", x->author,
		 x->next ? ", next " : "", x->next ? x->next : "",
		 x->withdrawn ? "  (withdrawn)" : "");
	return line;
}

static const char log_help[] =
    "The meetings held, as recorded.  Choose 'Record a meeting' for a "
    "new one; Enter on a meeting changes it and w withdraws it (only "
    "the person who recorded it can, with their signing passphrase).  A "
    "withdrawn meeting stays listed and no longer counts.";

/* One pass of the log screen: 1 to show it again, 0 back, -1 to end. */
static int log_once(struct tui_session *s, size_t *current)
{
	const struct tpl_session_log *log = &s->m.tpl->records.sessions;
	struct rec_session *all = NULL;
	struct mp_error err;
	struct tui_key k;
	size_t n = 0;
	char **names, line2[300], tag[96];
	long held = 0, planned = records_planned(s->m.tpl);
	int pick, r = 1;

	if (records_sessions(s->app->st, s->ag, &all, &n, &err) != MP_OK ||
	    records_held(s->app->st, s->ag->id, &held, NULL, &err) != MP_OK) {
		tui_say(s->app, true, "%s", err.message);
		return 0;
	}
	if (!(names = calloc(n + 2, sizeof(*names)))) {
		records_sessions_free(all, n);
		return -1;
	}
	names[0] = strdup("Record a meeting");
	for (size_t i = 0; i < n; i++)
		names[i + 1] = session_line(&all[i]);
	for (size_t i = 0; i <= n; i++)
		if (!names[i])
			names[i] = strdup("");
	snprintf(line2, sizeof(line2), "%s: %ld held",
		 log->title ? log->title : "Session log", held);
	if (planned)
		snprintf(line2 + strlen(line2), sizeof(line2) - strlen(line2),
			 " of %ld planned", planned);
	erase();
	tui_session_tag(s, tag, sizeof(tag));
	tui_header(s->app, s->m.tpl->name, tag, line2);
	attron(A_DIM);
	tui_put(stdscr, 2, 1, COLS - 2,
		"  #  held        length   how                  who");
	attroff(A_DIM);
	tui_message_line(s->app);
	tui_footer(s->app, list_keys);
	wnoutrefresh(stdscr);
	tui_help_set(s->app, log_help, list_keys, true);
	pick = tui_menu(s->app, 3, LINES - 6, (const char *const *)names, n + 1,
			current, &k);
	if (pick == 0)
		r = entry(s, NULL) < 0 ? -1 : 1;
	else if (pick > 0 && all[pick - 1].withdrawn)
		tui_say(s->app, true,
			"Session %ld was withdrawn; record the meeting again "
			"if it was held.",
			all[pick - 1].n);
	else if (pick > 0)
		r = entry(s, &all[pick - 1]) < 0 ? -1 : 1;
	else if (k.kind == TK_QUIT)
		r = -1;
	else if (k.kind == TK_CHAR && k.code == 'w' && *current > 0)
		r = withdraw(s, &all[*current - 1]) < 0 ? -1 : 1;
	else if (tui_action(&k) == ACT_BACK ||
		 (k.kind == TK_CHAR && k.code == 'q'))
		r = 0;
	for (size_t i = 0; i <= n; i++)
		free(names[i]);
	free(names);
	records_sessions_free(all, n);
	return r;
}

enum tui_next tui_screen_sessions(struct tui_session *s)
{
	size_t current = 0;
	int r;

	while ((r = log_once(s, &current)) > 0)
		;
	return r < 0 ? NEXT_HOME : NEXT_RECORDS;
}
