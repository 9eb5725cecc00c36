/*
 * plain_sign.c - the end of the way: the review (what still blocks the
 * agreement, else its whole text), each party's signature, and the
 * export of the signed text to a file.  Once both signed here, what
 * falls due from then on is worked out (records_due_refresh), as the
 * command line's sign does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "mentorpact/agreement.h"
#include "mentorpact/records.h"
#include "mentorpact/render.h"
#include "mentorpact/secret.h"
#include "mentorpact/signers.h"
#include "plain/plain.h"

static const char *const role_words[2] = {"mentor", "mentee"};

/* What a line typed at the review asked for: 1 handled (*out set), 0 not
 * a command. */
static int review_command(const char *line, size_t n_steps, size_t *step,
			  enum plain_review *out)
{
	char *end;
	long k;

	if (!strcasecmp(line, "quit")) {
		*out = PLAIN_REVIEW_QUIT;
		return 1;
	}
	if (!strcasecmp(line, "back")) {
		*step = n_steps - 1;
		*out = PLAIN_REVIEW_GOTO;
		return 1;
	}
	if (strncasecmp(line, "goto ", 5) != 0)
		return 0;
	k = strtol(line + 5, &end, 10);
	if (!line[5] || *end || k < 0 || (size_t)k >= n_steps) {
		plain_say("There is no section %s: type goto and a number from "
			  "0 to %zu.\n",
			  line + 5, n_steps - 1);
		return 0;
	}
	*step = (size_t)k;
	*out = PLAIN_REVIEW_GOTO;
	return 1;
}

/* Say the text as it is (or will be) signed, line by line. */
static void say_text(const struct agreement *ag)
{
	struct mp_error err;
	char *body = NULL;
	size_t len = 0;

	if (!ag->body && render_body(ag, &body, &len, &err) != MP_OK) {
		plain_say("The text could not be made: %s.\n", err.message);
		return;
	}
	plain_say(
	    "Here is the whole agreement as %s, from its first line to "
	    "its last.\n\n%s\nThat is the end of the agreement's text.\n\n",
	    ag->body ? "it was signed" : "it will be signed",
	    ag->body ? ag->body : body);
	free(body);
}

/* Ask which step to mend, after saying what blocks signing. */
static enum plain_review blocked(struct plain *p, struct agreement *ag,
				 size_t n_steps, size_t *step)
{
	char **problems;
	size_t n = agreement_problems(ag, &problems);
	enum plain_review r;

	plain_say("Review. Before the agreement can be signed, %zu thing%s "
		  "must be mended:\n",
		  n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++)
		plain_say("%zu. %s\n", i + 1, problems[i]);
	agreement_problems_free(problems, n);
	for (;;) {
		char *line = plain_ask(p, "Type goto and a section number to "
					  "mend one (goto 0 is the parties' "
					  "details), back, or quit.");
		if (!line)
			return PLAIN_REVIEW_QUIT;
		plain_trim(line);
		if (review_command(line, n_steps, step, &r)) {
			free(line);
			return r;
		}
		free(line);
	}
}

/* One party signs: the name typed, then the signing passphrase.
 * Returns -1 to leave the review (*r set), 0 when signed. */
static int sign_one(struct plain *p, struct agreement *ag, enum ag_role role,
		    size_t n_steps, size_t *step, enum plain_review *r)
{
	for (;;) {
		int fresh = !agreement_signer_has_key(p->st, ag, role);
		struct mp_secret *pass = NULL;
		struct mp_error err;
		char prompt[300], what[80];
		char *line;
		enum mp_status s;

		snprintf(
		    prompt, sizeof(prompt),
		    "The %s signs now. %s, type your full name as it is "
		    "written in the agreement, or back, goto and a number, "
		    "or quit.",
		    role_words[role], role == AG_MENTOR ? "Mentor" : "Mentee");
		if (!(line = plain_ask(p, prompt))) {
			*r = PLAIN_REVIEW_QUIT;
			return -1;
		}
		plain_trim(line);
		if (review_command(line, n_steps, step, r)) {
			free(line);
			return -1;
		}
		if (fresh)
			plain_say(
			    "This is the %s's first signature here: choose "
			    "a signing passphrase only the %s knows.\n",
			    role_words[role], role_words[role]);
		snprintf(what, sizeof(what), "%s signing passphrase",
			 role == AG_MENTOR ? "the mentor's" : "the mentee's");
		s = plain_read_secret(p, what, p->ctx->signing_passphrase_file,
				      fresh, &pass, &err);
		if (s == MP_OK)
			s = agreement_sign(p->st, ag, role, line, pass, &err);
		secret_free(pass);
		free(line);
		if (s == MP_OK) {
			char fp[SIGN_FP_HEX], shown[SIGN_FP_TEXT];

			plain_say("Saved: signed by the %s.\n",
				  role_words[role]);
			if (signers_pubkey_fp(ag->sigs[role].pubkey, fp)) {
				sign_fingerprint_text(fp, shown);
				plain_say("The %s's key fingerprint is %s. Give "
					  "it to your programme lead by phone, "
					  "letter or in person, so that your "
					  "signatures can be told from anyone "
					  "else's.\n",
					  role_words[role], shown);
			}
			return 0;
		}
		plain_say("Not signed: %s.\n", err.message);
		if (p->ended) {
			*r = PLAIN_REVIEW_QUIT;
			return -1;
		}
	}
}

/* Write the files of an export; 0 when written, -1 to ask again. */
static int write_export(struct plain *p, struct agreement *ag, const char *path)
{
	struct render_files files = {0};
	struct mp_error err;
	enum mp_status s = render_export_files(ag, path, false, &files, &err);

	if (s == MP_OK)
		s = render_write_files(&files, false, &err);
	if (s == MP_ERR_EXISTS) {
		char prompt[4300];
		char *line;
		snprintf(prompt, sizeof(prompt),
			 "%s already exists. Type yes to replace it, or no to "
			 "give another name.",
			 files.files[0].path);
		if ((line = plain_ask(p, prompt)) && plain_yes_no(line) == 1)
			s = render_write_files(&files, true, &err);
		free(line);
		if (s == MP_ERR_EXISTS) {
			render_files_free(&files);
			return -1;
		}
	}
	if (s == MP_OK && agreement_note_export(p->st, ag, files.files[0].path,
						&err) == MP_OK) {
		const struct tpl_facts *f = &ag->tpl->facts;
		plain_say("Saved: the signed agreement is written to %s.\n",
			  files.files[0].path);
		if (f->returned_by == TPL_MENTOR ||
		    f->returned_by == TPL_MENTEE)
			plain_say(
			    "The scheme asks the %s to send it to %s.\n",
			    f->returned_by == TPL_MENTOR ? "mentor" : "mentee",
			    f->returned_to ? f->returned_to : "the scheme");
	} else if (s == MP_OK || !p->ended)
		plain_say("It could not be written: %s.\n", err.message);
	render_files_free(&files);
	return s == MP_OK ? 0 : -1;
}

static enum plain_review export_text(struct plain *p, struct agreement *ag)
{
	char def[64], prompt[300];

	render_file_name(ag->id, ag->version, def, sizeof(def));
	snprintf(prompt, sizeof(prompt),
		 "Where should the signed agreement be written? Press Enter "
		 "for %s in the current folder, type a file name, or quit.",
		 def);
	for (;;) {
		char *line = plain_ask(p, prompt);
		int done;
		if (!line)
			return PLAIN_REVIEW_QUIT;
		plain_trim(line);
		if (!strcasecmp(line, "quit")) {
			free(line);
			return PLAIN_REVIEW_QUIT;
		}
		done = write_export(p, ag, *line ? line : NULL) == 0;
		free(line);
		if (done)
			return PLAIN_REVIEW_SIGNED;
		if (p->ended)
			return PLAIN_REVIEW_QUIT;
	}
}

enum plain_review plain_review(struct plain *p, struct agreement **agp,
			       size_t n_steps, size_t *step)
{
	struct agreement *ag = *agp;
	struct mp_error err;
	bool signed_here = false;
	enum plain_review r;

	if (ag->status == AG_DRAFT || ag->n_pending)
		return blocked(p, ag, n_steps, step);
	if (ag->status == AG_ENDED) {
		plain_say("This agreement has ended; it can be exported, not "
			  "changed.\n");
		return export_text(p, ag);
	}
	say_text(ag);
	if (ag->status == AG_READY) {
		for (;;) {
			char *line = plain_ask(
			    p,
			    "Everything is answered and agreed. Type sign to "
			    "sign it now, goto and a number to change "
			    "something, back, or quit.");
			if (!line)
				return PLAIN_REVIEW_QUIT;
			plain_trim(line);
			if (!strcasecmp(line, "sign")) {
				free(line);
				break;
			}
			if (review_command(line, n_steps, step, &r)) {
				free(line);
				return r;
			}
			free(line);
		}
	}
	for (int k = 0; k < 2; k++) {
		if (ag->status == AG_ACTIVE || ag->sigs[k].present)
			continue;
		if (sign_one(p, ag, (enum ag_role)k, n_steps, step, &r) != 0)
			return r;
		signed_here = true;
	}
	if (ag->status != AG_ACTIVE) {
		plain_say("The agreement is not active yet: %s.\n",
			  agreement_status_name(ag->status));
		return PLAIN_REVIEW_QUIT;
	}
	plain_say("Signed by both: the agreement is active.\n");
	if (signed_here && records_due_refresh(p->st, ag, &err) != MP_OK)
		plain_say("What falls due from now on was not noted: %s.\n",
			  err.message);
	return export_text(p, ag);
}
