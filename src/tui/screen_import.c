/*
 * screen_import.c - importing a signed agreement someone emailed: the
 * file is verified (render_parse) and, when both signatures hold, kept in
 * the store (agreement_import).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/agreement.h"
#include "mentorpact/render.h"
#include "mentorpact/template.h"
#include "tui/tui.h"

#define IMPORT_MAX_BYTES (4 << 20)

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

static enum mp_status read_all(const char *path, char **buf, size_t *len,
			       struct mp_error *err)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	*buf = NULL;
	if (!f)
		return mp_error_set(err, MP_ERR_NOT_FOUND, "cannot read %s: %s",
				    path, strerror(errno));
	if (!(*buf = malloc(IMPORT_MAX_BYTES + 1))) {
		fclose(f);
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	n = fread(*buf, 1, IMPORT_MAX_BYTES + 1, f);
	fclose(f);
	if (n > IMPORT_MAX_BYTES) {
		free(*buf);
		*buf = NULL;
		return mp_error_set(err, MP_ERR_INVALID,
				    "%s is too large to be an agreement", path);
	}
	(*buf)[n] = '\0';
	*len = n;
	return MP_OK;
}

static void import_file(struct tui_app *app, const char *path)
{
	struct render_report report;
	struct agreement *ag = NULL;
	struct mp_error err;
	char *text;
	size_t len = 0;
	bool already = false;

	if (read_all(path, &text, &len, &err) != MP_OK) {
		tui_say(app, true, "%s", err.message);
		return;
	}
	if (render_parse(text, len, find_template, app->cat, &ag, &report,
			 &err) != MP_OK) {
		tui_say(app, true, "Not imported: %s", err.message);
	} else if (!ag) {
		tui_say(app, true,
			"Not imported: the signatures hold, but "
			"the scheme's template is not installed "
			"here.");
	} else if (agreement_import(app->st, ag, &already, &err) != MP_OK) {
		tui_say(app, true, "Not imported: %s", err.message);
	} else {
		tui_say(app, false,
			already ? "Agreement %s is already in the store."
				: "Imported agreement %s, signed by both.",
			ag->id);
	}
	agreement_free(ag);
	free(text);
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
	attroff(A_DIM);
	tui_message_line(app);
	tui_footer(app, import_keys);
	refresh();
	if (tui_read_line(app, 4, "File:", NULL, &path, &quit) && *path)
		import_file(app, path);
	free(path);
}
