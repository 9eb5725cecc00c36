/*
 * session.c - the way through one agreement (parties, wizard, review,
 * sign, export; once signed, its records: the session log, the forms
 * and each person's private notes)
 * and saving its answers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/store.h"
#include "tui/session.h"

static const char *lookup(void *ctx, const char *key)
{
	const struct agreement *ag = ctx;
	const char *dot = strchr(key, '.');

	if (dot &&
	    (!strncmp(key, "mentor.", 7) || !strncmp(key, "mentee.", 7))) {
		int d = template_detail_parse(dot + 1);
		return d < 0 ? NULL
			     : agreement_detail(
				   ag, key[4] == 'o' ? AG_MENTOR : AG_MENTEE,
				   (enum tpl_detail)d);
	}
	return agreement_value(ag, key);
}

void tui_sync_confirmed(struct tui_session *s)
{
	for (size_t k = 0; k < s->m.n_sections; k++)
		s->m.sections[k].confirmed = s->ag->confirmed[k];
}

void tui_session_tag(const struct tui_session *s, char *buf, size_t size)
{
	snprintf(buf, size, "Agreement %s v%d (%s)", s->ag->id, s->ag->version,
		 agreement_status_name(s->ag->status));
}

void tui_session_frame(struct tui_session *s, const char *line2,
		       const char *explain, const char *const *keys)
{
	char tag[96];

	erase();
	tui_session_tag(s, tag, sizeof(tag));
	tui_header(s->app, s->m.tpl->name, tag, line2);
	attron(A_DIM);
	tui_put(stdscr, 2, 1, COLS - 2, explain);
	attroff(A_DIM);
	tui_message_line(s->app);
	tui_footer(s->app, keys);
	refresh();
}

enum mp_status tui_session_pass(struct tui_session *s, const char *line2,
				const char *explain, enum ag_role role,
				struct mp_secret **pass, bool *quit)
{
	static const char *const keys[] = {"Enter", "go on", "Esc", "back",
					   NULL};
	char prompt[80];
	struct mp_error err;

	tui_session_frame(s, line2, explain, keys);
	snprintf(prompt, sizeof(prompt), "The %s's signing passphrase:",
		 role == AG_MENTOR ? "mentor" : "mentee");
	return tui_read_secret(s->app, 5, prompt, pass, quit, &err);
}

/* Save field fi; returns 0, or -1 when refused. */
static int save_one(void *ctx, size_t fi, bool *cleared)
{
	struct tui_session *s = ctx;
	struct wm_field *f = &s->m.fields[fi];
	struct ag_change change;
	struct mp_error err;
	char *value = wm_value(f);

	if (!value)
		return -1;
	/* A refused answer is kept in the store as typed (the core's
	 * pending text), so that a lost terminal loses nothing. */
	if (agreement_set_keep(s->app->st, s->ag, f->key, value, f->who,
			       &change, &err) != MP_OK) {
		free(value);
		wm_failed(f, err.message);
		return -1;
	}
	free(value);
	wm_saved(f, lookup(s->ag, f->key));
	*cleared |= change.cleared_confirmations || change.cleared_signatures;
	return 0;
}

size_t tui_save_with(struct tui_app *app, struct wizard_model *m,
		     enum wm_event ev, size_t focus,
		     int (*one)(void *ctx, size_t fi, bool *cleared), void *ctx,
		     bool *cleared)
{
	size_t *todo = malloc((m->n_fields + 1) * sizeof(size_t));
	size_t n, refused = 0, first = 0;

	*cleared = false;
	if (!todo) {
		tui_say(app, true, "out of memory: nothing was saved");
		return 1;
	}
	n = wm_to_save(m, ev, focus, todo);
	for (size_t i = 0; i < n; i++)
		if (one(ctx, todo[i], cleared) != 0 && !refused++)
			first = todo[i];
	free(todo);
	if (refused)
		tui_say(app, true, "Not accepted (kept as typed): %s",
			m->fields[first].error ? m->fields[first].error
					       : "out of memory");
	else if (n)
		tui_say(app, false, "saved");
	return refused;
}

size_t tui_save(struct tui_session *s, enum wm_event ev, size_t focus)
{
	bool cleared;
	size_t refused =
	    tui_save_with(s->app, &s->m, ev, focus, save_one, s, &cleared);

	tui_sync_confirmed(s);
	if (!refused && cleared)
		tui_say(s->app, false,
			"saved; the answers changed, so this "
			"section needs confirming again");
	return refused;
}

void tui_confirm(struct tui_session *s, size_t k, unsigned role, bool on)
{
	struct mp_error err;
	enum ag_role r = role == TPL_MENTOR ? AG_MENTOR : AG_MENTEE;

	if (on && tui_save(s, WM_EV_SAVE, s->m.n_fields) != 0)
		return;
	if (agreement_confirm(s->app->st, s->ag, k, r, on, &err) != MP_OK)
		tui_say(s->app, true, "%s", err.message);
	else
		tui_say(s->app, false, "%s %s section %zu.",
			r == AG_MENTOR ? "The mentor" : "The mentee",
			on ? "agrees with" : "no longer agrees with", k + 1);
	tui_sync_confirmed(s);
}

/*
 * Put back what was typed and refused on an earlier visit (the store kept
 * it), marked refused with the core's reason.  Returns the first such
 * answer, in the order of the screens, or -1.
 */
static int restore_pending(struct tui_session *s)
{
	int first = -1;

	for (size_t i = 0; i < s->ag->n_pending; i++) {
		const struct ag_pending *p = &s->ag->pending[i];
		int k = wm_find(&s->m, p->field);
		if (k < 0 ||
		    wm_restore(&s->m.fields[k], p->text, p->message) != 0)
			continue;
		if (first < 0 ||
		    s->m.fields[k].section < s->m.fields[first].section ||
		    (s->m.fields[k].section == s->m.fields[first].section &&
		     k < first))
			first = k;
	}
	return first;
}

/* Where a new visit to an agreement starts: at an answer still refused,
 * else where the pair left off. */
static enum tui_next first_screen(struct tui_session *s, bool parties)
{
	int refused = restore_pending(s);

	if (refused >= 0) {
		int sec = s->m.fields[refused].section;
		s->focus = refused;
		if (sec < 0)
			return NEXT_PARTIES;
		wm_jump(&s->m, (size_t)sec);
		return NEXT_WIZARD;
	}
	while (s->m.current + 1 < s->m.n_sections &&
	       wm_section_confirmed(&s->m, s->m.current))
		s->m.current++; /* carry on where they left off */
	if (s->ag->status == AG_ACTIVE || s->ag->status == AG_ENDED)
		return s->m.tpl->records.present ? NEXT_RECORDS : NEXT_EXPORT;
	if (s->ag->status == AG_SIGNED)
		return NEXT_SIGN;
	return parties ? NEXT_PARTIES : NEXT_WIZARD;
}

/* The screen for each step, indexed by enum tui_next (not NEXT_HOME). */
static enum tui_next (*const screens[])(struct tui_session *) = {
    [NEXT_PARTIES] = tui_screen_parties, [NEXT_WIZARD] = tui_screen_wizard,
    [NEXT_REVIEW] = tui_screen_review,	 [NEXT_SIGN] = tui_screen_sign,
    [NEXT_EXPORT] = tui_screen_export,	 [NEXT_RECORDS] = tui_screen_records,
    [NEXT_FORMS] = tui_screen_forms,	 [NEXT_SESSIONS] = tui_screen_sessions,
    [NEXT_NOTES] = tui_screen_notes,
};

void tui_agreement(struct tui_app *app, struct agreement *ag,
		   bool start_parties)
{
	struct tui_session s = {.app = app, .ag = ag, .focus = -1};
	enum tui_next next;

	if (wm_init(&s.m, ag->tpl, lookup, ag) != 0) {
		tui_say(app, true, "out of memory");
		agreement_free(ag);
		return;
	}
	tui_sync_confirmed(&s);
	next = first_screen(&s, start_parties);
	while (next != NEXT_HOME && !tui_quitting())
		next = screens[next](&s);
	wm_free(&s.m);
	agreement_free(ag);
}
