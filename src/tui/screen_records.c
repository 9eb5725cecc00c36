/*
 * screen_records.c - a signed agreement's own screen: where the
 * relationship stands (sessions held against those planned, the next
 * meeting, the forms and review due, an early ending), and the way to
 * its session log, its forms and the export of its signed text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/records.h"
#include "tui/session.h"

enum choice { GO_SESSIONS, GO_FORMS, GO_NOTES, GO_EXPORT, GO_HOME };

static const char *const keys[] = {"Enter", "open",  "l", "session log",
				   "f",	    "forms", "x", "export",
				   "Esc",   "back",  NULL};

/* The lines of where the relationship stands, into text. */
static void standing(struct tui_session *s, char *text, size_t size)
{
	const struct tpl_records *rec = &s->m.tpl->records;
	char due[REC_DUE_KINDS][11];
	struct rec_early early;
	struct mp_error err;
	size_t used = 0;
	long held = 0, planned = records_planned(s->m.tpl);
	bool ended_early = false;

	text[0] = '\0';
	if (records_due_of(s->app->st, s->ag->id, due, &err) != MP_OK ||
	    records_held(s->app->st, s->ag->id, &held, NULL, &err) != MP_OK ||
	    records_early(s->app->st, s->ag->id, &early, &ended_early, &err) !=
		MP_OK) {
		snprintf(text, size, "%s", err.message);
		return;
	}
	if (rec->sessions.present) {
		used += (size_t)snprintf(
		    text + used, size - used, "%s: %ld session%s held",
		    rec->sessions.title ? rec->sessions.title : "Session log",
		    held, held == 1 ? "" : "s");
		if (planned)
			used += (size_t)snprintf(text + used, size - used,
						 " of %ld planned", planned);
		used += (size_t)snprintf(
		    text + used, size - used, ".%s%s\n",
		    due[REC_DUE_MEETING][0] ? "  Next meeting: " : "",
		    due[REC_DUE_MEETING]);
	}
	if (rec->n_forms && used < size)
		used += (size_t)snprintf(
		    text + used, size - used, "%s%s%s\n",
		    due[REC_DUE_FORM][0] ? "A form is due by "
					 : "No form is due.",
		    due[REC_DUE_FORM], due[REC_DUE_FORM][0] ? "." : "");
	if (due[REC_DUE_REVIEW][0] && used < size)
		used += (size_t)snprintf(text + used, size - used,
					 "The agreement's review is due by "
					 "%s.\n",
					 due[REC_DUE_REVIEW]);
	if (s->ag->status == AG_ENDED && used < size)
		used += (size_t)snprintf(
		    text + used, size - used,
		    "The agreement has ended: its session log is closed; "
		    "forms due at the end stay open.\n");
	if (ended_early) {
		if (used < size)
			snprintf(text + used, size - used,
				 "Ended early, after %ld of at least %ld "
				 "sessions: %s\n",
				 early.held, early.minimum, early.reason);
		records_early_free(&early);
	}
	if ((used = strlen(text)) > 0 && text[used - 1] == '\n')
		text[used - 1] = '\0';
	if (!text[0])
		snprintf(text, size,
			 "The scheme keeps no records beyond the "
			 "agreement.");
}

static const char records_help[] =
    "What follows the signature: the session log, where either of you "
    "records each meeting (proven with your own signing passphrase); the "
    "scheme's forms, each person's own; private notes that only their "
    "writer can read; and the signed agreement, to export and send.";

/* The screen until a choice: GO_*, or -1 to end the program. */
static int choose(struct tui_session *s)
{
	const struct tpl_records *rec = &s->m.tpl->records;
	const char *names[5];
	enum choice what[5];
	size_t n = 0, current = 0;
	char text[2400];
	struct tui_view v = {0};

	if (rec->sessions.present) {
		what[n] = GO_SESSIONS;
		names[n++] = "Session log: record a meeting, see those held";
	}
	if (rec->n_forms) {
		what[n] = GO_FORMS;
		names[n++] = "Forms: fill in the scheme's forms, read those "
			     "submitted";
	}
	if (rec->notes != TPL_NOBODY) {
		what[n] = GO_NOTES;
		names[n++] = "Private notes: each person's own, read by nobody "
			     "else";
	}
	what[n] = GO_EXPORT;
	names[n++] = "Export the signed agreement, to send or keep";
	what[n] = GO_HOME;
	names[n++] = "Back to the start";
	for (;;) {
		struct tui_key k;
		char tag[96];
		int pick, rows;
		standing(s, text, sizeof(text));
		erase();
		tui_session_tag(s, tag, sizeof(tag));
		tui_header(s->app, s->m.tpl->name, tag,
			   "Signed by both: the relationship's records");
		if (tui_view_set(&v, text, COLS - 4) != 0)
			return -1;
		rows = (int)v.n < LINES - 12 ? (int)v.n : LINES - 12;
		tui_view_draw(s->app, stdscr, 3, rows, &v);
		tui_message_line(s->app);
		tui_footer(s->app, keys);
		wnoutrefresh(stdscr);
		tui_help_set(s->app, records_help, keys, true);
		pick =
		    tui_menu(s->app, 4 + rows, (int)n, names, n, &current, &k);
		if (pick >= 0) {
			tui_view_free(&v);
			return (int)what[pick];
		}
		for (size_t i = 0; k.kind == TK_CHAR && i < n; i++)
			if ((k.code == 'l' && what[i] == GO_SESSIONS) ||
			    (k.code == 'f' && what[i] == GO_FORMS) ||
			    (k.code == 'n' && what[i] == GO_NOTES) ||
			    (k.code == 'x' && what[i] == GO_EXPORT) ||
			    (k.code == 'q' && what[i] == GO_HOME)) {
				tui_view_free(&v);
				return (int)what[i];
			}
		if (k.kind == TK_QUIT || tui_action(&k) == ACT_BACK) {
			tui_view_free(&v);
			return k.kind == TK_QUIT ? -1 : GO_HOME;
		}
	}
}

enum tui_next tui_screen_records(struct tui_session *s)
{
	switch (choose(s)) {
	case GO_SESSIONS:
		return NEXT_SESSIONS;
	case GO_FORMS:
		return NEXT_FORMS;
	case GO_NOTES:
		return NEXT_NOTES;
	case GO_EXPORT:
		return NEXT_EXPORT;
	default:
		return NEXT_HOME;
	}
}
