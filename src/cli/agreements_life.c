/*
 * agreements_life.c - an agreement's life once drafted, from the command
 * line: sign, then end, review and recontract.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "agreements.h"
#include "sessions.h"
#include "mentorpact/agreement.h"
#include "mentorpact/records.h"
#include "mentorpact/secret.h"
#include "mentorpact/signers.h"

/* --- sign ---------------------------------------------------------------- */

static enum mp_status signing_passphrase(const struct cli_ctx *ctx, int new_key,
					 struct mp_secret **out,
					 struct mp_error *err)
{
	if (ctx->signing_passphrase_file)
		return secret_read_file(ctx->signing_passphrase_file, out, err);
	if (new_key)
		fprintf(stderr, "This is your first signature here: choose a "
				"signing passphrase only you know.\n");
	return secret_read_tty(new_key ? "New signing passphrase: "
				       : "Signing passphrase: ",
			       new_key, out, err);
}

int cmd_sign(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"as", required_argument, NULL, 1},
	    {"name", required_argument, NULL, 2},
	    {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = CMD("sign");
	const char *values[2] = {NULL, NULL}, *id;
	const char *as, *name;
	struct mp_secret *pass = NULL;
	struct agreement *ag;
	struct mp_error err;
	struct store *st;
	enum ag_role role = AG_MENTOR;
	char typed[256];
	int rc;

	if ((rc = id_with_options(cmd, argc, argv, opts, values, &id)))
		return rc;
	as = values[0];
	name = values[1];
	if ((rc = parse_role(cmd, as, &role)))
		return rc;
	if (!name) {
		if (cli_read_line_tty("Type your full name as it is written "
				      "in the agreement: ",
				      typed, sizeof(typed), &err) != MP_OK)
			return cli_fail(&err);
		name = typed;
	}
	if ((rc = open_agreement(ctx, id, &st, &ag)))
		return rc;
	if (signing_passphrase(ctx, !agreement_signer_has_key(st, ag, role),
			       &pass, &err) != MP_OK ||
	    agreement_sign(st, ag, role, name, pass, &err) != MP_OK) {
		rc = cli_fail(&err);
	} else {
		char fp[SIGN_FP_HEX], shown[SIGN_FP_TEXT];

		if (ag->status == AG_ACTIVE)
			sessions_due_refresh(st, ag->id);

		printf("%s: signed by the %s; %s\n", ag->id,
		       agreement_role_name(role),
		       ag->status == AG_ACTIVE
			   ? "signed by both: the agreement is active"
			   : "waiting for the other signature");
		if (signers_pubkey_fp(ag->sigs[role].pubkey, fp)) {
			sign_fingerprint_text(fp, shown);
			printf("Your key's fingerprint: %s\n"
			       "Give it to your programme lead (by phone, "
			       "letter or in person), so that\nyour signatures "
			       "can be told from anyone else's.\n",
			       shown);
		}
	}
	secret_free(pass);
	close_all(st, ag);
	return rc;
}

/* --- end, recontract ----------------------------------------------------- */

int cmd_end(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"date", required_argument, NULL, 1},
	    {"by", required_argument, NULL, 2},
	    {"reason", required_argument, NULL, 3},
	    {"reason-file", required_argument, NULL, 4},
	    {"early-reason", required_argument, NULL, 5},
	    {"early-reason-file", required_argument, NULL, 6},
	    {NULL, 0, NULL, 0}};
	const char *v[6] = {NULL, "both", NULL, NULL, NULL, NULL}, *id;
	const char *date, *by, *reason;
	char *from_file = NULL, *early_file = NULL;
	struct agreement *ag;
	struct mp_error err;
	struct store *st;
	bool early = false;
	int rc;

	if ((rc = id_with_options(CMD("end"), argc, argv, opts, v, &id)))
		return rc;
	if (v[2] && v[3])
		return cli_usage(CMD("end"),
				 "give --reason or --reason-file, not both");
	if (v[4] && v[5])
		return cli_usage(CMD("end"), "give --early-reason or "
					     "--early-reason-file, not both");
	if (v[3] && (rc = read_value(v[3], &from_file)))
		return rc;
	if (v[5] && (rc = read_value(v[5], &early_file))) {
		free(from_file);
		return rc;
	}
	if ((rc = open_agreement(ctx, id, &st, &ag))) {
		free(from_file);
		free(early_file);
		return rc;
	}
	date = v[0];
	by = v[1];
	reason = from_file ? from_file : v[2];
	if (records_end(st, ag, date, by, reason,
			early_file ? early_file : v[4], &early,
			&err) != MP_OK) {
		rc = cli_fail(&err);
	} else {
		printf("%s: ended %s by %s; records kept until %s\n", ag->id,
		       ag->ended, ag->ended_by,
		       ag->kept_until ? ag->kept_until
				      : "deleted (the scheme sets no limit)");
		if (early)
			printf("Ended before the scheme's minimum of %ld "
			       "sessions: the reason is kept\n",
			       ag->tpl->facts.min_sessions);
	}
	free(from_file);
	free(early_file);
	close_all(st, ag);
	return rc;
}

int cmd_review(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"date", required_argument, NULL, 1},
	    {"note", required_argument, NULL, 2},
	    {"note-file", required_argument, NULL, 3},
	    {NULL, 0, NULL, 0}};
	const char *v[3] = {NULL, NULL, NULL}, *id;
	char *from_file = NULL;
	struct agreement *ag;
	struct mp_error err;
	struct store *st;
	int rc;

	if ((rc = id_with_options(CMD("review"), argc, argv, opts, v, &id)))
		return rc;
	if (v[1] && v[2])
		return cli_usage(CMD("review"),
				 "give --note or --note-file, not both");
	if (v[2] && (rc = read_value(v[2], &from_file)))
		return rc;
	if ((rc = open_agreement(ctx, id, &st, &ag))) {
		free(from_file);
		return rc;
	}
	if (agreement_review(st, ag, v[0], from_file ? from_file : v[1],
			     &err) != MP_OK)
		rc = cli_fail(&err);
	else {
		sessions_due_refresh(st, ag->id);
		printf("%s: review recorded; next review due %s\n", ag->id,
		       ag->review_due ? ag->review_due
				      : "never (the scheme sets no interval)");
	}
	free(from_file);
	close_all(st, ag);
	return rc;
}

int cmd_recontract(struct cli_ctx *ctx, int argc, char **argv)
{
	struct agreement *ag, *next = NULL;
	struct mp_error err;
	struct store *st;
	int rc;

	if (argc != 2)
		return cli_usage(CMD("recontract"), "expected ID");
	if ((rc = open_agreement(ctx, argv[1], &st, &ag)))
		return rc;
	/* While the next version is drafted the records are closed: nothing
	 * falls due until it is signed by both. */
	if (agreement_recontract(st, ag, &next, &err) != MP_OK ||
	    records_due_refresh(st, next, &err) != MP_OK)
		rc = cli_fail(&err);
	else
		printf("%s: version %d made from version %d, as a draft\n",
		       next->id, next->version, ag->version);
	agreement_free(next);
	close_all(st, ag);
	return rc;
}
