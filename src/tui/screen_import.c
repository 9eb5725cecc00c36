/*
 * screen_import.c - importing signed agreements someone emailed: a file,
 * a saved message, an mbox or a Maildir folder is searched (mail_scan_path)
 * and each agreement whose signatures hold is kept in the store
 * (agreement_import_keys), its signers' keys judged by the register of
 * signers; several end in a count of each outcome.
 *
 * A results screen then says, for each agreement, what the register made
 * of each key: new and now recorded, known, or refused because it is NOT
 * THEIR KEY (both fingerprints).  A refused new key can be accepted on
 * purpose, as "mentorpact import --accept-key" does: the administrator
 * types the fingerprint the person read out to them by another channel,
 * and only that key is accepted (the core audits it).  What is due for
 * each agreement kept is worked out again, as the command line does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/agreement.h"
#include "mentorpact/mail.h"
#include "mentorpact/records.h"
#include "mentorpact/render.h"
#include "mentorpact/signers.h"
#include "mentorpact/template.h"
#include "tui/tui.h"

static const char *const import_keys[] = {"Enter", "import", "Esc", "back",
					  NULL};

/* The catalog's template with this id and hash (or the form it had
 * before records were added to it), or NULL. */
static const struct template *find_template(void *ctx, const char *scheme,
					    const char *hash)
{
	return template_catalog_find_hash(ctx, scheme, hash);
}

/* An agreement refused for a key that may be accepted on purpose. */
struct pending {
	struct agreement *ag;
	enum ag_role role;
	struct signer_judgement j;
};

/* What importing a file, message, mbox or Maildir came to. */
struct import_tally {
	struct tui_app *app;
	size_t imported, already, refused, none;
	char id[AG_ID_SIZE]; /* the last one kept */
	char why[1100];	     /* the first refusal */
	FILE *out;	     /* the results, a line or a few each */
	char *text;
	size_t len;
	struct pending *pend;
	size_t n_pend;
	bool nomem;
};

static void refused(struct import_tally *t, const char *fmt, const char *s)
{
	if (!t->refused++)
		snprintf(t->why, sizeof(t->why), fmt, s);
}

/* Verdicts that "import --accept-key" can overrule (signers.h). */
static bool acceptable(const struct signer_judgement *j)
{
	return j->verdict == SIGNER_CHANGED ||
	       j->verdict == SIGNER_OTHER_PERSON ||
	       (j->verdict == SIGNER_ERASED && strcmp(j->fp, j->known_fp));
}

static const char *who_of(const struct agreement *ag, enum ag_role r)
{
	const char *email = agreement_detail(ag, r, TPL_DETAIL_EMAIL);
	const char *name = agreement_detail(ag, r, TPL_DETAIL_NAME);

	return email && *email ? email : name ? name : "";
}

/* What the register made of each signer's key, for an agreement kept. */
static void say_keys(struct import_tally *t, const struct agreement *ag,
		     const struct signer_judgement j[2])
{
	char fp[SIGN_FP_TEXT], what[600];

	for (int r = 0; r < 2; r++) {
		sign_fingerprint_text(j[r].fp, fp);
		if (j[r].verdict == SIGNER_UNKNOWN)
			snprintf(what, sizeof(what),
				 "new here, now recorded as theirs; check it "
				 "with them by another channel");
		else if (acceptable(&j[r]))
			snprintf(what, sizeof(what),
				 "accepted on purpose as theirs (recorded in "
				 "the audit trail)");
		else
			signers_describe(&j[r], what, sizeof(what));
		fprintf(t->out, "  The %s %s, key %s:\n    %s\n",
			agreement_role_name((enum ag_role)r), who_of(ag, r), fp,
			what);
	}
}

/* The role whose key refused the import, or -1. */
static int refused_role(const struct signer_judgement j[2])
{
	for (int r = 0; r < 2; r++)
		if (j[r].fp[0] && !signers_trusted(j[r].verdict) &&
		    j[r].verdict != SIGNER_UNKNOWN)
			return r;
	return -1;
}

/* Keep ag (taken) to offer its new key for acceptance. */
static bool offer(struct import_tally *t, struct agreement *ag, int role,
		  const struct signer_judgement *j)
{
	struct pending *p =
	    realloc(t->pend, (t->n_pend + 1) * sizeof(*t->pend));

	if (!p) {
		t->nomem = true;
		return false;
	}
	t->pend = p;
	p[t->n_pend].ag = ag;
	p[t->n_pend].role = (enum ag_role)role;
	p[t->n_pend++].j = *j;
	return true;
}

/* Work out again what is due for agreement id, by its newest version
 * (an older one may come in after it), as the command line's import
 * does; a failure is said, the import stands. */
static void due_again(struct import_tally *t, const char *id)
{
	struct agreement *newest = NULL;
	struct mp_error err;

	if (agreement_load(t->app->st, id, 0, &newest, &err) != MP_OK ||
	    records_due_refresh(t->app->st, newest, &err) != MP_OK)
		fprintf(t->out, "  (what is due was not noted: %s)\n",
			err.message);
	agreement_free(newest);
}

/*
 * Put ag in the store, accepting the key accept_fp (NULL: none); say how
 * it went.  Returns the role whose key may still be accepted, or -1.
 */
static int keep_one(struct import_tally *t, struct agreement *ag,
		    const char *accept_fp, struct signer_judgement j[2])
{
	char fp[SIGN_FP_TEXT], known[SIGN_FP_TEXT], what[600];
	struct mp_error err;
	bool already = false;
	enum mp_status s;
	int r;

	memset(j, 0, 2 * sizeof(*j));
	s = agreement_import_keys(t->app->st, ag, accept_fp, &already, j,
				  &err);
	fprintf(t->out, "Agreement %s version %d (%s and %s):\n  ", ag->id,
		ag->version, who_of(ag, AG_MENTOR), who_of(ag, AG_MENTEE));
	if (s == MP_OK) {
		already ? t->already++ : t->imported++;
		snprintf(t->id, sizeof(t->id), "%s", ag->id);
		fprintf(t->out, "%s\n",
			already ? "already in the store; nothing was added"
				: "imported, signed by both");
		if (!already) {
			say_keys(t, ag, j);
			due_again(t, ag->id);
		}
		return -1;
	}
	refused(t, "%s", err.message);
	r = s == MP_ERR_KEY_CONFLICT ? refused_role(j) : -1;
	if (r < 0 || !acceptable(&j[r])) {
		fprintf(t->out, "NOT imported: %s\n", err.message);
		return -1;
	}
	sign_fingerprint_text(j[r].fp, fp);
	sign_fingerprint_text(j[r].known_fp, known);
	signers_describe(&j[r], what, sizeof(what));
	fprintf(t->out,
		"NOT imported.\n  The %s %s signed with the key %s,\n"
		"  but %s.\n"
		"  If they read you %s by phone or in person, press a to "
		"accept it.\n",
		agreement_role_name((enum ag_role)r), who_of(ag, r), fp, what,
		fp);
	return r;
}

/* Each agreement found: kept when both signatures hold. */
static enum mp_status import_one(void *ctx, struct mail_found *f)
{
	struct import_tally *t = ctx;
	struct signer_judgement j[2];
	int r;

	if (!f->found) {
		t->none++;
		if (f->report.n_issues)
			snprintf(t->why, sizeof(t->why), "%s",
				 f->report.issues[0].message);
	} else if (f->status != MP_OK) {
		refused(t, "%s",
			f->report.n_issues ? f->report.issues[0].message
					   : "the signatures do not hold");
		fprintf(t->out, "NOT imported: %s\n", t->why);
	} else if (!f->ag) {
		refused(t, "%s",
			"the signatures hold, but the scheme's template is "
			"not installed here.");
		fprintf(t->out, "NOT imported: %s\n", t->why);
	} else if ((r = keep_one(t, f->ag, NULL, j)) >= 0 &&
		   offer(t, f->ag, r, &j[r])) {
		f->ag = NULL; /* kept for the offer */
	}
	return t->nomem ? MP_ERR_NOMEM : MP_OK;
}

/* The count of each outcome on the message line. */
static void say_tally(struct import_tally *t)
{
	size_t n = t->imported + t->already + t->refused;

	if (n == 1 && t->refused)
		tui_say(t->app, true, "Not imported: %s", t->why);
	else if (n == 1)
		tui_say(t->app, false,
			t->already ? "Agreement %s is already in the store."
				   : "Imported agreement %s, signed by both.",
			t->id);
	else if (!n)
		tui_say(t->app, true, "Not imported: %s",
			*t->why ? t->why
				: "no signed agreement was found in it.");
	else
		tui_say(t->app, t->refused > 0,
			"Imported %zu, already there %zu, refused %zu%s%s, "
			"not an agreement %zu.",
			t->imported, t->already, t->refused,
			t->refused ? ": " : "", t->refused ? t->why : "",
			t->none);
}

/* --- the results, and accepting a new key ---------------------------------- */

static const char *const results_keys[] = {"Up/Down", "scroll", "Enter/q",
					   "back", NULL};
static const char *const offer_keys[] = {
    "a",       "accept the new key", "Up/Down", "scroll", "Enter/q",
    "back", NULL};

static const char results_help[] =
    "What the import did with each agreement, and what the register of "
    "signers made of each signer's key: new here (now recorded as theirs: "
    "check it with them by another channel), known, or NOT THEIR KEY: the "
    "person is known here by another key, or the key is someone else's. "
    "A text signed with a key that is not theirs may be a forgery, or "
    "they may have a new key (a new laptop, a forgotten passphrase). Ring "
    "them or ask the programme lead; if the fingerprint they read out is "
    "the new key, press a and type it: the key is accepted as theirs, "
    "their old key retired, and the audit trail records it.";

static void results_draw(struct import_tally *t, struct tui_view *v, int rows)
{
	erase();
	tui_header(t->app, "mentorpact: import", NULL,
		   "What the import did, and whose keys signed");
	tui_view_draw(t->app, stdscr, 2, rows, v);
	tui_message_line(t->app);
	tui_footer(t->app, t->n_pend ? offer_keys : results_keys);
	curs_set(0);
	refresh();
}

static void drop_pending(struct import_tally *t)
{
	agreement_free(t->pend[0].ag);
	memmove(t->pend, t->pend + 1, --t->n_pend * sizeof(*t->pend));
}

/* Offer the first refused key: accepted when the fingerprint typed is
 * the key in the text. */
static void accept_first(struct import_tally *t)
{
	struct pending *p = &t->pend[0];
	struct signer_judgement j[2];
	char *typed = NULL, fp[SIGN_FP_HEX], shown[SIGN_FP_TEXT], prompt[200];
	bool quit = false;
	size_t used, kept;
	int r;

	snprintf(prompt, sizeof(prompt), "Fingerprint %s read to you:",
		 who_of(p->ag, p->role));
	curs_set(1);
	if (!tui_read_line(t->app, LINES - 4, prompt, NULL, &typed, &quit))
		return;
	used = sign_fingerprint_parse(typed, fp);
	sign_fingerprint_text(p->j.fp, shown);
	if (!used || typed[used] || strcmp(fp, p->j.fp)) {
		tui_say(t->app, true,
			"That is not the key that signed (%s): nothing was "
			"accepted.  Accept it only once they read you that very "
			"fingerprint.",
			shown);
		free(typed);
		return;
	}
	free(typed);
	fprintf(t->out, "\nYou accepted the key %s as %s's:\n", shown,
		who_of(p->ag, p->role));
	t->refused--;
	kept = t->imported + t->already;
	r = keep_one(t, p->ag, p->j.fp, j);
	if (t->imported + t->already > kept)
		tui_say(t->app, false,
			"Accepted the key %s; the agreement is imported.",
			shown);
	else
		tui_say(t->app, true,
			"Nothing was imported: %s",
			r >= 0 ? "the other signer's key is not theirs either "
				 "(one key is accepted at a time)"
			       : t->why);
	drop_pending(t);
}

/* The results until they go back. */
static void results(struct import_tally *t)
{
	struct tui_view v = {0};
	const char *help = t->app->help;
	const char *const *help_keys = t->app->help_keys;
	bool question = t->app->question_help;

	while (!tui_quitting()) {
		int rows = LINES - 5 > 1 ? LINES - 5 : 1;
		size_t top = v.top;
		struct tui_key k;
		enum tui_act a;

		fflush(t->out);
		if (tui_view_set(&v, t->text ? t->text : "", COLS - 4) != 0)
			break;
		tui_view_scroll(&v, rows, (long)top);
		tui_help_set(t->app, results_help,
			     t->n_pend ? offer_keys : results_keys, true);
		results_draw(t, &v, rows);
		tui_read(t->app, stdscr, &k);
		a = tui_action(&k);
		if (a == ACT_QUIT || a == ACT_BACK || a == ACT_ENTER ||
		    (k.kind == TK_CHAR && k.code == 'q'))
			break;
		if (k.kind == TK_KEY && (k.code == KEY_DOWN || k.code == KEY_UP))
			tui_view_scroll(&v, rows, k.code == KEY_UP ? -1 : 1);
		else if (a == ACT_PAGE_DOWN || a == ACT_PAGE_UP)
			tui_view_scroll(&v, rows,
					a == ACT_PAGE_UP ? -rows : rows);
		else if (k.kind == TK_CHAR && k.code == 'a' && t->n_pend)
			accept_first(t);
	}
	tui_view_free(&v);
	tui_help_set(t->app, help, help_keys, question);
}

static void import_file(struct tui_app *app, const char *path)
{
	struct import_tally t = {.app = app};
	struct mp_error err;
	enum mp_status s;

	if (!(t.out = open_memstream(&t.text, &t.len))) {
		tui_say(app, true, "out of memory");
		return;
	}
	s = mail_scan_path(path, find_template, app->cat, import_one, &t,
			   &err);
	if (s != MP_OK)
		tui_say(app, true, "%s",
			t.nomem ? "out of memory" : err.message);
	else
		say_tally(&t);
	if (s == MP_OK && t.imported + t.already + t.refused > 0)
		results(&t);
	while (t.n_pend)
		drop_pending(&t);
	free(t.pend);
	fclose(t.out);
	free(t.text);
}

void tui_screen_import(struct tui_app *app)
{
	char *path = NULL;
	bool quit = false;

	erase();
	tui_header(app, "mentorpact: import", NULL,
		   "Import a signed agreement from a file");
	attron(A_DIM);
	tui_put(stdscr, 2, 1, COLS - 2,
		"Its signatures are checked first; only an agreement signed by "
		"both is kept.");
	tui_put(stdscr, 3, 1, COLS - 2,
		"A saved email, an mbox or a Maildir folder works too: every "
		"agreement in it is imported.");
	attroff(A_DIM);
	tui_message_line(app);
	tui_footer(app, import_keys);
	refresh();
	if (tui_read_line(app, 5, "File:", NULL, &path, &quit) && *path)
		import_file(app, path);
	free(path);
}
