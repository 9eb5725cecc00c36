/*
 * plain.c - the screen-reader mode's start: the first run (a new store),
 * unlocking the store, and the home menu (a new agreement, carrying on
 * with one, or leaving).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/cli.h"
#include "mentorpact/agreement.h"
#include "mentorpact/secret.h"
#include "mentorpact/store.h"
#include "mentorpact/template.h"
#include "mentorpact/version.h"
#include "plain/plain.h"

/* As `mentorpact init` asks. */
#define PLAIN_MIN_PASSPHRASE 8
#define PLAIN_UNLOCK_TRIES   5

/* The number typed for one of n choices (1..n), else -1. */
static int pick_number(const char *line, size_t n)
{
	char *end;
	long k;

	if (!*line)
		return -1;
	k = strtol(line, &end, 10);
	if (*end || k < 1 || (size_t)k > n)
		return -1;
	return (int)k - 1;
}

/* --- first run and unlocking ---------------------------------------------- */

static int pick_kdf(struct plain *p)
{
	static const enum store_kdf kdf[] = {
	    STORE_KDF_MODERATE, STORE_KDF_INTERACTIVE, STORE_KDF_SENSITIVE};

	for (;;) {
		char *line = plain_ask(
		    p, "How hard should guessing the passphrase be? Type 1, 2 "
		       "or 3, or press Enter for 1.\n"
		       "1. Moderate: recommended; opening takes about a "
		       "second.\n"
		       "2. Interactive: quickest to open, easier to guess "
		       "at.\n"
		       "3. Sensitive: strongest; opening takes several "
		       "seconds.");
		int k;

		if (!line)
			return -1;
		plain_trim(line);
		k = *line ? pick_number(line, 3) : 0;
		free(line);
		if (k >= 0)
			return (int)kdf[k];
		plain_say("Please type 1, 2 or 3.\n");
	}
}

static enum mp_status create_store(struct plain *p)
{
	const struct cli_ctx *ctx = p->ctx;
	struct mp_secret *pass = NULL;
	struct mp_error err;
	int kdf;

	plain_say("Welcome to mentorpact %s.\n\n"
		  "There is no store yet at %s. Your agreements are kept "
		  "there, encrypted. Choose the administrator's passphrase: "
		  "without it nothing in the store can be read, and it "
		  "cannot be recovered. Use at least %d characters; a few "
		  "unrelated words are easy to remember and hard to guess.\n\n",
		  MENTORPACT_VERSION, ctx->store_path, PLAIN_MIN_PASSPHRASE);
	if ((kdf = pick_kdf(p)) < 0)
		return MP_ERR_USAGE;
	for (int tries = 1;; tries++) {
		enum mp_status s =
		    plain_read_secret(p, "a new passphrase for the store",
				      ctx->passphrase_file, 1, &pass, &err);
		if (s == MP_OK && pass->len < PLAIN_MIN_PASSPHRASE) {
			secret_free(pass);
			s = mp_error_set(&err, MP_ERR_INVALID,
					 "that passphrase is too short: use at "
					 "least %d characters",
					 PLAIN_MIN_PASSPHRASE);
		}
		if (s == MP_OK)
			break;
		plain_say("Not accepted: %s.\n", err.message);
		if (p->ended || ctx->passphrase_file ||
		    tries == PLAIN_UNLOCK_TRIES)
			return s;
	}
	if (store_create(ctx->store_path, pass, (enum store_kdf)kdf, &p->st,
			 &err) != MP_OK) {
		secret_free(pass);
		plain_say("The store could not be made: %s.\n", err.message);
		return err.status;
	}
	secret_free(pass);
	plain_say("The store is made, at %s.\n\n", ctx->store_path);
	return MP_OK;
}

static enum mp_status unlock_store(struct plain *p)
{
	const struct cli_ctx *ctx = p->ctx;
	struct mp_error err;

	plain_say("mentorpact %s. The store is %s.\n", MENTORPACT_VERSION,
		  ctx->store_path);
	for (int tries = 0; tries < PLAIN_UNLOCK_TRIES; tries++) {
		struct mp_secret *pass;
		enum mp_status s =
		    plain_read_secret(p, "the store's passphrase",
				      ctx->passphrase_file, 0, &pass, &err);
		if (s == MP_OK) {
			s = store_open(ctx->store_path, pass, &p->st, &err);
			secret_free(pass);
		}
		if (s == MP_OK) {
			if (store_warning(p->st))
				plain_say("Warning: %s.\n",
					  store_warning(p->st));
			plain_say("The store is open.\n\n");
			return MP_OK;
		}
		plain_say("The store could not be opened: %s.\n", err.message);
		if (p->ended || ctx->passphrase_file || s != MP_ERR_PASSPHRASE)
			return s;
	}
	return MP_ERR_PASSPHRASE;
}

/* --- home ------------------------------------------------------------------
 */

static void new_agreement(struct plain *p)
{
	const struct tpl_catalog *cat = p->cat;
	struct agreement *ag;
	struct mp_error err;

	if (cat->count == 0) {
		plain_say("No scheme templates are installed, so no agreement "
			  "can be made. Your administrator can add one; see "
			  "mentorpact-templates(5).\n\n");
		return;
	}
	for (;;) {
		char *line;
		int k;

		plain_say("Which scheme is the agreement for? Type its number "
			  "or its id, or back to go back.\n");
		for (size_t i = 0; i < cat->count; i++)
			plain_say("%zu. %s (%s)\n", i + 1,
				  cat->entries[i].tpl->name,
				  cat->entries[i].tpl->id);
		if (!(line = plain_ask(p, "Your choice:")))
			return;
		plain_trim(line);
		if (!strcasecmp(line, "back")) {
			free(line);
			return;
		}
		k = pick_number(line, cat->count);
		for (size_t i = 0; k < 0 && i < cat->count; i++)
			if (!strcmp(line, cat->entries[i].tpl->id))
				k = (int)i;
		free(line);
		if (k >= 0) {
			const struct template *tpl = cat->entries[k].tpl;
			if (agreement_create(p->st, tpl, NULL, &ag, &err) !=
			    MP_OK) {
				plain_say("It could not be made: %s.\n\n",
					  err.message);
				return;
			}
			plain_say("A new agreement for %s is made: its id is "
				  "%s. Every answer is saved as soon as it is "
				  "given.\n\n",
				  tpl->name, ag->id);
			plain_agreement(p, ag);
			return;
		}
		plain_say("There is no scheme by that number or id.\n");
	}
}

/* The agreements listed for carrying on: ids, in the query's order. */
struct plain_rows {
	char (*ids)[AG_ID_SIZE];
	size_t n, cap;
	bool nomem;
};

static void add_row(void *ctx, const struct ag_row *r)
{
	struct plain_rows *rows = ctx;

	if (rows->n == rows->cap) {
		size_t cap = rows->cap ? rows->cap * 2 : 16;
		void *more = realloc(rows->ids, cap * sizeof(*rows->ids));
		if (!more) {
			rows->nomem = true;
			return;
		}
		rows->ids = more;
		rows->cap = cap;
	}
	snprintf(rows->ids[rows->n], AG_ID_SIZE, "%s", r->id);
	rows->n++;
	plain_say("%zu. %s version %d, %s, %s: %s and %s.\n", rows->n, r->id,
		  r->version, r->scheme, r->status,
		  r->mentor && *r->mentor ? r->mentor : "no mentor named yet",
		  r->mentee && *r->mentee ? r->mentee : "no mentee named yet");
}

static void carry_on(struct plain *p)
{
	struct ag_filter f = {.status = -1, .sort = AG_SORT_CHANGED};
	struct plain_rows rows = {0};
	struct agreement *ag;
	struct mp_error err;
	char *line;
	int k;

	plain_say("The agreements in the store, most recently changed "
		  "first:\n");
	if (agreement_query(p->st, &f, add_row, &rows, &err) != MP_OK ||
	    rows.nomem) {
		plain_say("They could not be listed: %s.\n\n",
			  rows.nomem ? "out of memory" : err.message);
		free(rows.ids);
		return;
	}
	if (rows.n == 0) {
		plain_say("There are none yet.\n\n");
		return;
	}
	while ((line = plain_ask(p, "Type the number or the id of the one to "
				    "carry on with, or back to go back."))) {
		plain_trim(line);
		if (!strcasecmp(line, "back"))
			break;
		k = pick_number(line, rows.n);
		if (k >= 0 || strlen(line) == AG_ID_SIZE - 1) {
			enum mp_status s = agreement_load(
			    p->st, k >= 0 ? rows.ids[k] : line, 0, &ag, &err);
			if (s == MP_OK) {
				free(line);
				free(rows.ids);
				plain_agreement(p, ag);
				return;
			}
			plain_say("%s.\n", err.message);
		} else
			plain_say("There is no agreement by that number.\n");
		free(line);
	}
	free(line);
	free(rows.ids);
}

static void home(struct plain *p)
{
	while (!p->ended) {
		char *line =
		    plain_ask(p, "What would you like to do? Type 1, 2 or 3.\n"
				 "1. Start a new agreement.\n"
				 "2. Carry on with an agreement.\n"
				 "3. Quit.");
		int k;

		if (!line)
			return;
		plain_trim(line);
		k = pick_number(line, 3);
		if (k < 0 && !strcasecmp(line, "quit"))
			k = 2;
		free(line);
		if (k == 0)
			new_agreement(p);
		else if (k == 1)
			carry_on(p);
		else if (k == 2)
			return;
		else
			plain_say("Please type 1, 2 or 3.\n");
	}
}

static enum mp_status load_catalog(struct plain *p)
{
	struct tpl_path path = {0};
	struct mp_error err;
	enum mp_status s;

	if ((s = template_search_path(&path, &err)) == MP_OK)
		s = template_catalog_load(&path, &p->cat, &err);
	template_path_free(&path);
	if (s != MP_OK) {
		plain_say("The scheme templates could not be read: %s.\n",
			  err.message);
		return s;
	}
	for (size_t i = 0; i < p->cat->diags.count; i++) {
		char buf[1200];
		plain_say("Warning: a template was left out: %s\n",
			  template_diag_format(&p->cat->diags.items[i], buf,
					       sizeof(buf)));
	}
	return MP_OK;
}

int plain_main(const struct cli_ctx *ctx)
{
	struct plain p = {.ctx = ctx};
	enum mp_status s;

	plain_io_start();
	if ((s = load_catalog(&p)) == MP_OK)
		s = access(ctx->store_path, F_OK) != 0 ? create_store(&p)
						       : unlock_store(&p);
	if (s == MP_OK) {
		home(&p);
		plain_say(p.ended ? "\nThe input ended. Everything answered "
				    "is saved; start again to carry on.\n"
				  : "Goodbye. Everything is saved.\n");
	}
	store_close(p.st);
	template_catalog_free(p.cat);
	plain_io_finish();
	return mp_status_exit_code(s);
}
