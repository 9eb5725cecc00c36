/*
 * screen_import.c - importing signed agreements someone emailed: a file,
 * a saved message, an mbox or a Maildir folder is searched (mail_scan_path)
 * and each agreement whose signatures hold is kept in the store
 * (agreement_import); several end in a count of each outcome.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/agreement.h"
#include "mentorpact/mail.h"
#include "mentorpact/render.h"
#include "mentorpact/template.h"
#include "tui/tui.h"

static const char *const import_keys[] = {"Enter", "import", "Esc", "back",
					  NULL};

/* The catalog's template with this id and hash, or NULL. */
static const struct template *find_template(void *ctx, const char *scheme,
					    const char *hash)
{
	const struct tpl_entry *e = template_catalog_find(ctx, scheme);
	char hex[TPL_HASH_HEX + 1];
	struct mp_error err;

	if (!e || template_hash(e->tpl, hex, &err) != MP_OK ||
	    strcmp(hex, hash) != 0)
		return NULL;
	return e->tpl;
}

/* What importing a file, message, mbox or Maildir came to. */
struct import_tally {
	struct tui_app *app;
	size_t imported, already, refused, none;
	char id[AG_ID_SIZE]; /* the last one kept */
	char why[1100];	     /* the first refusal */
};

static void refused(struct import_tally *t, const char *fmt, const char *s)
{
	if (!t->refused++)
		snprintf(t->why, sizeof(t->why), fmt, s);
}

/* Each agreement found: kept when both signatures hold. */
static enum mp_status import_one(void *ctx, struct mail_found *f)
{
	struct import_tally *t = ctx;
	struct mp_error err;
	bool already = false;

	if (!f->found) {
		t->none++;
		if (f->report.n_issues)
			snprintf(t->why, sizeof(t->why), "%s",
				 f->report.issues[0].message);
	} else if (f->status != MP_OK) {
		refused(t, "%s",
			f->report.n_issues ? f->report.issues[0].message
					   : "the signatures do not hold");
	} else if (!f->ag) {
		refused(t, "%s",
			"the signatures hold, but the scheme's template is "
			"not installed here.");
	} else if (agreement_import(t->app->st, f->ag, &already, &err) !=
		   MP_OK) {
		refused(t, "%s", err.message);
	} else {
		already ? t->already++ : t->imported++;
		snprintf(t->id, sizeof(t->id), "%s", f->ag->id);
	}
	return MP_OK;
}

static void import_file(struct tui_app *app, const char *path)
{
	struct import_tally t = {.app = app};
	struct mp_error err;
	size_t n;

	if (mail_scan_path(path, find_template, app->cat, import_one, &t,
			   &err) != MP_OK) {
		tui_say(app, true, "%s", err.message);
		return;
	}
	n = t.imported + t.already + t.refused;
	if (n == 1 && t.refused)
		tui_say(app, true, "Not imported: %s", t.why);
	else if (n == 1)
		tui_say(app, false,
			t.already ? "Agreement %s is already in the store."
				  : "Imported agreement %s, signed by both.",
			t.id);
	else if (!n)
		tui_say(app, true, "Not imported: %s",
			*t.why ? t.why
			       : "no signed agreement was found in it.");
	else
		tui_say(app, t.refused > 0,
			"Imported %zu, already there %zu, refused %zu%s%s, "
			"not an agreement %zu.",
			t.imported, t.already, t.refused, t.refused ? ": " : "",
			t.refused ? t.why : "", t.none);
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
