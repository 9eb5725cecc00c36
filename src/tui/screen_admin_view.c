/*
 * screen_admin_view.c - one agreement as the administrator sees it,
 * read-only, in four parts that Tab switches between: its text as
 * exported (the frozen text once someone has signed, else render_body),
 * its versions with their dates and the reviews held, its signatures
 * (each key's fingerprint and what the register of signers says of it),
 * and its audit entries with the state of the hash chain.  The letters
 * of the footer act on it (screen_admin_actions.c).
 *
 * Everything shown comes from the store and is drawn through the
 * framework's scrolling view, which makes it safe to draw.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/agreement.h"
#include "mentorpact/audit.h"
#include "mentorpact/forms.h"
#include "mentorpact/notes.h"
#include "mentorpact/records.h"
#include "mentorpact/render.h"
#include "mentorpact/signers.h"
#include "tui/admin.h"
#include "tui/router.h"

enum part {
	PART_TEXT,
	PART_VERSIONS,
	PART_SIGNATURES,
	PART_AUDIT,
	PART_RECORDS,
	N_PARTS
};

static const char *const part_names[N_PARTS] = {
    "Text", "Versions", "Signatures", "Audit", "Records"};

struct view {
	struct tui_app *app;
	struct agreement *ag;
	enum part part;
	struct tui_view v;
	int rows; /* of the scrolling view */
};

/* --- the parts ------------------------------------------------------------ */

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* The text as exported: frozen once signed, else as it would be. */
static void part_text(const struct agreement *ag, struct admin_text *t)
{
	struct mp_error err;
	char *body = NULL;
	size_t len;

	if (ag->body) {
		admin_text_add(t, "%s", ag->body);
		return;
	}
	if (render_body(ag, &body, &len, &err) != MP_OK) {
		admin_text_add(t, "The text cannot be made: %s\n", err.message);
		return;
	}
	admin_text_add(t, "(Not signed yet: the text as it stands now.)\n\n%s",
		       body);
	free(body);
}

/* One version's facts; early (NULL: none) is the relationship's early
 * ending, shown with the version that ended. */
static void version_facts(const struct agreement *v, bool newest,
			  const struct rec_early *early, struct admin_text *t)
{
	admin_text_add(
	    t, "Version %d%s: %s%s\n", v->version, newest ? " (newest)" : "",
	    agreement_status_name(v->status), v->imported ? " (imported)" : "");
	admin_text_add(t, "  Created %s, last changed %s\n",
		       or_dash(v->created), or_dash(v->changed));
	if (v->started)
		admin_text_add(t,
			       "  Started %s, signed by both %s; review due %s;"
			       " planned end %s\n",
			       v->started, or_dash(v->signed_on),
			       or_dash(v->review_due), or_dash(v->planned_end));
	if (v->ended)
		admin_text_add(t, "  Ended %s by %s%s%s\n", v->ended,
			       or_dash(v->ended_by),
			       v->end_reason ? ": " : " (no reason given)",
			       v->end_reason ? v->end_reason : "");
	if (v->ended && early)
		admin_text_add(t,
			       "  Ended early: %ld of the scheme's minimum of "
			       "%ld sessions held; reason: %s\n",
			       early->held, early->minimum, early->reason);
	if (v->kept_until)
		admin_text_add(t, "  Records kept until %s\n", v->kept_until);
	admin_text_add(t, "\n");
}

static void reviews(struct tui_app *app, const struct agreement *ag,
		    struct admin_text *t)
{
	struct ag_review *r = NULL;
	struct mp_error err;
	size_t n = 0;

	if (agreement_reviews(app->st, ag, &r, &n, &err) != MP_OK) {
		admin_text_add(t, "Reviews cannot be read: %s\n", err.message);
		return;
	}
	admin_text_add(t, "Reviews held: %s\n", n ? "" : "none recorded");
	for (size_t i = 0; i < n; i++)
		admin_text_add(t, "  %s (recorded %s)%s%s\n", r[i].held_on,
			       or_dash(r[i].recorded), r[i].note ? ": " : "",
			       r[i].note ? r[i].note : "");
	agreement_reviews_free(r, n);
}

/* Every version, newest first, then the reviews. */
static void part_versions(struct tui_app *app, const struct agreement *ag,
			  struct admin_text *t)
{
	struct rec_early early = {0};
	struct mp_error e;
	bool found = false;

	if (records_early(app->st, ag->id, &early, &found, &e) != MP_OK)
		admin_text_add(t, "The early ending cannot be read: %s\n",
			       e.message);
	version_facts(ag, true, found ? &early : NULL, t);
	records_early_free(&early);
	for (int k = ag->version - 1; k >= 1; k--) {
		struct agreement *old = NULL;
		struct mp_error err;
		if (agreement_load(app->st, ag->id, k, &old, &err) != MP_OK) {
			admin_text_add(t, "Version %d cannot be read: %s\n\n",
				       k, err.message);
			continue;
		}
		version_facts(old, false, NULL, t);
		agreement_free(old);
	}
	reviews(app, ag, t);
}

/* The sessions held, by date, length, how and who: never what the pair
 * wrote in them. */
static void sessions(struct tui_app *app, const struct agreement *ag,
		     struct admin_text *t)
{
	struct rec_session *ss = NULL;
	struct mp_error e;
	size_t n = 0;
	long held = 0, planned = records_planned(ag->tpl);

	if (records_sessions(app->st, ag, &ss, &n, &e) != MP_OK ||
	    records_held(app->st, ag->id, &held, NULL, &e) != MP_OK) {
		admin_text_add(t, "The session log cannot be read: %s\n",
			       e.message);
		records_sessions_free(ss, n);
		return;
	}
	admin_text_add(t, "Sessions held: %ld", held);
	if (planned)
		admin_text_add(t, " of %ld planned", planned);
	if (ag->tpl->facts.min_sessions)
		admin_text_add(t, " (at least %ld before an early ending)",
			       ag->tpl->facts.min_sessions);
	admin_text_add(t, "\n");
	for (size_t i = 0; i < n; i++) {
		admin_text_add(t, "  %3ld  %s", ss[i].n, ss[i].held);
		if (ss[i].minutes)
			admin_text_add(t, "  %ld min", ss[i].minutes);
		admin_text_add(t, "%s%s  by the %s%s\n", ss[i].how ? "  " : "",
			       ss[i].how ? ss[i].how : "", ss[i].author,
			       ss[i].withdrawn ? "  (withdrawn)" : "");
	}
	records_sessions_free(ss, n);
}

/* Each form open to the pair and where it stands: never its answers. */
static void forms_state(struct tui_app *app, const struct agreement *ag,
			struct admin_text *t)
{
	struct form_slot *sl = NULL;
	struct mp_error e;
	size_t n = 0;

	if (!ag->tpl->records.n_forms ||
	    (ag->status != AG_ACTIVE && ag->status != AG_ENDED))
		return;
	if (forms_list(app->st, ag, -1, &sl, &n, &e) != MP_OK) {
		admin_text_add(t, "\nThe forms cannot be read: %s\n",
			       e.message);
		return;
	}
	admin_text_add(t, "\nForms (their answers stay with the pair):\n");
	for (size_t i = 0; i < n; i++)
		admin_text_add(t, "  %-24s %-22s %-7s %s\n", sl[i].form->id,
			       sl[i].occasion, agreement_role_name(sl[i].role),
			       forms_state_name(sl[i].state));
	forms_slots_free(sl, n);
}

/* What the store keeps after the signature, as the programme lead sees
 * it: counts, dates and states, never what the pair wrote. */
static void part_records(struct tui_app *app, const struct agreement *ag,
			 struct admin_text *t)
{
	char due[REC_DUE_KINDS][11];
	long notes[2] = {0, 0};
	struct mp_error e;

	if (!ag->tpl->records.present) {
		admin_text_add(t,
			       "The scheme '%s' keeps no records after the "
			       "signature.\n",
			       ag->tpl->id);
		return;
	}
	if (records_due_of(app->st, ag->id, due, &e) == MP_OK)
		admin_text_add(t, "Next meeting: %s\nForm due: %s\n\n",
			       or_dash(due[REC_DUE_MEETING]),
			       or_dash(due[REC_DUE_FORM]));
	if (ag->tpl->records.sessions.present)
		sessions(app, ag, t);
	forms_state(app, ag, t);
	if (ag->tpl->records.notes != TPL_NOBODY &&
	    notes_count(app->st, ag->id, notes, &e) == MP_OK)
		admin_text_add(t,
			       "\nPrivate notes, sealed for their writers: %ld "
			       "of the mentor's, %ld of the mentee's\n",
			       notes[AG_MENTOR], notes[AG_MENTEE]);
	if (agreement_signer_has_key(app->st, ag, AG_MENTOR) != 1 &&
	    agreement_signer_has_key(app->st, ag, AG_MENTEE) != 1)
		admin_text_add(t, "\nNeither party signed in this store: the "
				  "pair's sessions, forms and notes are kept "
				  "where they signed.\n");
}

/* The signature's key by fingerprint, and what reg (NULL: unreadable)
 * says of it for the party of role r. */
static void key_facts(const struct agreement *ag, int r,
		      const struct signers_register *reg, struct admin_text *t)
{
	const struct ag_signature *s = &ag->sigs[r];
	unsigned char keyid[SIGN_KEYID_BYTES], pk[SIGN_PK_BYTES];
	char shown[SIGN_FP_TEXT], what[600];
	struct signer_judgement j;

	if (!s->pubkey || sign_pubkey_parse(s->pubkey, strlen(s->pubkey), keyid,
					    pk, NULL) != MP_OK) {
		admin_text_add(t, "Key: not readable\n");
		return;
	}
	if (!reg) {
		sign_fingerprint(pk, j.fp);
		sign_fingerprint_text(j.fp, shown);
		admin_text_add(t, "Key %s (the register cannot be read)\n",
			       shown);
		return;
	}
	signers_judge(reg, agreement_detail(ag, r, TPL_DETAIL_EMAIL),
		      agreement_detail(ag, r, TPL_DETAIL_NAME), pk,
		      s->signed_at, &j);
	sign_fingerprint_text(j.fp, shown);
	signers_describe(&j, what, sizeof(what));
	admin_text_add(t, "Key %s\nThe register: %s\n", shown, what);
}

static void part_signatures(struct tui_app *app, const struct agreement *ag,
			    struct admin_text *t)
{
	struct signers_register reg;
	struct mp_error err;
	bool have = signers_load(app->st, &reg, &err) == MP_OK;

	admin_text_add(t, "Signatures of version %d:\n\n", ag->version);
	if (!have)
		admin_text_add(t,
			       "The register of signers cannot be read: "
			       "%s\n\n",
			       err.message);
	for (int r = AG_MENTOR; r <= AG_MENTEE; r++) {
		const struct ag_signature *s = &ag->sigs[r];
		const char *who = agreement_role_name((enum ag_role)r);
		if (!s->present) {
			admin_text_add(t, "The %s has not signed.\n\n", who);
			continue;
		}
		admin_text_add(t, "The %s: signed as \"%s\" at %s\n", who,
			       or_dash(s->name), or_dash(s->signed_at));
		key_facts(ag, r, have ? &reg : NULL, t);
		admin_text_add(t, "Public key (minisign):\n%s\n",
			       or_dash(s->pubkey));
		admin_text_add(t, "Signature (minisign):\n%s\n\n",
			       or_dash(s->minisig));
	}
	if (have)
		signers_register_free(&reg);
}

static void audit_line(void *ctx, const struct audit_entry *e)
{
	struct admin_text *t = ctx;

	if (!e->action) {
		admin_text_add(t, "%6lld  %s  v%d  (redacted)\n",
			       (long long)e->seq, or_dash(e->at), e->version);
		return;
	}
	admin_text_add(t, "%6lld  %s  v%d  %-13s %s%s%s\n", (long long)e->seq,
		       or_dash(e->at), e->version, or_dash(e->role), e->action,
		       e->detail && *e->detail ? ": " : "",
		       e->detail ? e->detail : "");
}

static void part_audit(struct tui_app *app, const struct agreement *ag,
		       struct admin_text *t)
{
	struct mp_error err;
	int64_t n = 0;

	if (audit_walk(app->st, ag->id, audit_line, t, &n, &err) != MP_OK)
		admin_text_add(t, "\nThe audit trail is damaged: %s\n",
			       err.message);
	else
		admin_text_add(
		    t,
		    "\nThe trail holds %lld entries in all; its hash "
		    "chain is intact.\n",
		    (long long)n);
}

/* Lay the part shown out for this width, from its top. */
static void fill(struct view *w)
{
	struct admin_text t = {0};

	switch (w->part) {
	case PART_TEXT:
		part_text(w->ag, &t);
		break;
	case PART_VERSIONS:
		part_versions(w->app, w->ag, &t);
		break;
	case PART_SIGNATURES:
		part_signatures(w->app, w->ag, &t);
		break;
	case PART_RECORDS:
		part_records(w->app, w->ag, &t);
		break;
	default:
		part_audit(w->app, w->ag, &t);
		break;
	}
	w->rows = LINES - 5 > 1 ? LINES - 5 : 1;
	if (t.nomem || tui_view_set(&w->v, t.s ? t.s : "", COLS - 4) != 0)
		tui_say(w->app, true, "out of memory");
	w->v.top = 0;
	admin_text_free(&t);
}

/* --- the screen ----------------------------------------------------------- */

static void tabs(const struct view *w, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < N_PARTS && used < size; i++) {
		int n = snprintf(buf + used, size - used,
				 (int)w->part == i ? "[%s]  " : " %s   ",
				 part_names[i]);
		used += n > 0 ? (size_t)n : 0;
	}
}

/* "Priya Shah (mentor) and Daniel Okafor (mentee); review due ..." */
static void who_line(const struct agreement *ag, char *buf, size_t size)
{
	const char *mentor = agreement_detail(ag, AG_MENTOR, TPL_DETAIL_NAME);
	const char *mentee = agreement_detail(ag, AG_MENTEE, TPL_DETAIL_NAME);

	snprintf(buf, size, "%s (mentor) and %s (mentee); %s %s",
		 mentor ? mentor : "(not named)",
		 mentee ? mentee : "(not named)",
		 ag->ended ? "ended" : "review due",
		 ag->ended ? ag->ended : or_dash(ag->review_due));
}

static void draw(struct view *w)
{
	static const char *const keys[] = {
	    "Tab", "part",   "q", "back",  "e", "export",
	    "v",   "review", "x", "end",   "R", "re-contract",
	    "D",   "delete", "p", "purge", NULL};
	char right[96], line2[128], who[800];

	erase();
	admin_tag(w->ag, right, sizeof(right));
	tabs(w, line2, sizeof(line2));
	tui_header(w->app, w->ag->tpl->name, right, line2);
	who_line(w->ag, who, sizeof(who));
	attron(A_DIM);
	tui_put(stdscr, 2, 1, COLS - 2, who);
	attroff(A_DIM);
	tui_view_draw(w->app, stdscr, 3, w->rows, &w->v);
	tui_message_line(w->app);
	tui_footer(w->app, keys);
	curs_set(0);
	refresh();
}

/* Lay the part out again for the terminal's size, keeping the place. */
static void relayout(struct view *w)
{
	size_t top = w->v.top;

	fill(w);
	tui_view_scroll(&w->v, w->rows, (long)top);
}

/* Load the newest version again (after a change); false when it is gone
 * (said on the message line unless quiet: a purge said it) or cannot be
 * read. */
static bool reload(struct view *w, bool quiet)
{
	struct agreement *ag = NULL;
	struct mp_error err;
	enum mp_status s = agreement_load(w->app->st, w->ag->id, 0, &ag, &err);

	if (s != MP_OK) {
		if (!quiet || s != MP_ERR_NOT_FOUND)
			tui_say(w->app, true, "%s", err.message);
		return false;
	}
	agreement_free(w->ag);
	w->ag = ag;
	fill(w);
	return true;
}

/* The actions on the agreement shown, by their letters: where the
 * router takes it. */
static const struct {
	wint_t letter;
	enum tui_place to;
} actions[] = {
    {'e', TUI_ADMIN_EXPORT},	 {'v', TUI_ADMIN_REVIEW}, {'x', TUI_ADMIN_END},
    {'R', TUI_ADMIN_RECONTRACT}, {'D', TUI_ADMIN_DELETE},
};

/* An action's letter; false to leave the view. */
static bool act(struct view *w, wint_t c)
{
	enum admin_outcome o = ADMIN_KEPT;
	size_t i = 0;

	if (c == 'q')
		return false;
	if (c == 'p')
		return tui_go(w->app,
			      &(struct tui_route){.to = TUI_ADMIN_PURGE}) ==
			       ADMIN_CHANGED
			   ? reload(w, true)
			   : true;
	while (i < sizeof(actions) / sizeof(*actions) && actions[i].letter != c)
		i++;
	if (i == sizeof(actions) / sizeof(*actions))
		return true; /* not an action */
	o = tui_go(w->app,
		   &(struct tui_route){.to = actions[i].to, .ag = w->ag});
	if (o == ADMIN_GONE)
		return false;
	if (o == ADMIN_CHANGED)
		return reload(w, false);
	relayout(w); /* the terminal may have changed size meanwhile */
	return true;
}

/* Scrolling keys; false when k is none. */
static bool scroll_key(struct view *w, const struct tui_key *k, enum tui_act a)
{
	long page = w->rows > 1 ? w->rows - 1 : 1;

	if (a == ACT_PAGE_DOWN || a == ACT_PAGE_UP)
		tui_view_scroll(&w->v, w->rows,
				a == ACT_PAGE_UP ? -page : page);
	else if (k->kind == TK_KEY &&
		 (k->code == KEY_DOWN || k->code == KEY_UP))
		tui_view_scroll(&w->v, w->rows, k->code == KEY_UP ? -1 : 1);
	else if (k->kind == TK_KEY && k->code == KEY_HOME)
		w->v.top = 0;
	else if (k->kind == TK_CHAR && (k->code == 'j' || k->code == 'k'))
		tui_view_scroll(&w->v, w->rows, k->code == 'k' ? -1 : 1);
	else
		return false;
	return true;
}

/* Handle one key; false to go back to the table. */
static bool key(struct view *w, const struct tui_key *k)
{
	enum tui_act a = tui_action(k);

	switch (a) {
	case ACT_QUIT:
	case ACT_BACK:
		return false;
	case ACT_RESIZE:
		relayout(w);
		return true;
	case ACT_NEXT_FIELD:
	case ACT_PREV_FIELD:
		w->part = (enum part)(
		    ((int)w->part + (a == ACT_NEXT_FIELD ? 1 : N_PARTS - 1)) %
		    N_PARTS);
		fill(w);
		return true;
	default:
		break;
	}
	if (scroll_key(w, k, a))
		return true;
	return k->kind != TK_CHAR || act(w, k->code);
}

void admin_view(struct tui_app *app, const char *id)
{
	struct view w = {.app = app, .part = PART_TEXT};
	struct mp_error err;

	if (agreement_load(app->st, id, 0, &w.ag, &err) != MP_OK) {
		tui_say(app, true, "%s", err.message);
		return;
	}
	app->msg[0] = '\0';
	fill(&w);
	while (!tui_quitting()) {
		struct tui_key k;
		draw(&w);
		tui_read(app, stdscr, &k);
		if (!key(&w, &k))
			break;
	}
	tui_view_free(&w.v);
	agreement_free(w.ag);
	curs_set(1);
}
