/*
 * mail.c - verify and import: signed agreements wherever mail put them.
 *
 * Each argument is a file (a plain text, a saved message or an mbox), a
 * Maildir folder (its cur/ and new/ messages) or "-" for standard input.
 * The core (mail_scan) finds each agreement and judges it; here verify
 * prints what it found, with the repairs named and the text around it
 * called unsigned, and import keeps every one that verifies.  verify
 * keeps apart whether a text is intact under its keys and whose keys
 * they are, which only a register of signers (a store's, or a keys file
 * with --keys) can say; import judges the keys by the store's register.
 * import reads everything first and asks for the store's passphrase only
 * when there is something to import; it ends with a summary when more
 * than one agreement or message was read.
 *
 * This file holds what both say about an agreement found; verify is in
 * mail_verify.c, import in mail_import.c.
 */
#include <stdio.h>

#include "mail.h"
#include "mentorpact/agreement.h"
#include "mentorpact/mail.h"
#include "mentorpact/render.h"
#include "mentorpact/sign.h"
#include "mentorpact/signers.h"

/* --- what verify prints ------------------------------------------------ */

static void print_signer(const struct render_report *rep, int r,
			 const struct signer_judgement *j)
{
	const struct render_signer *s = &rep->signers[r];
	const char *role = agreement_role_name((enum ag_role)r);
	char fp[SIGN_FP_TEXT], what[512];

	if (s->good)
		printf("  %s  good      %s, signed %s, key %s\n", role,
		       s->tc.name, s->tc.time, s->keyid);
	else if (!s->present)
		printf("  %s  MISSING   no signature\n", role);
	else
		printf("  %s  NOT GOOD  see below\n", role);
	if (!s->key_read)
		return;
	sign_fingerprint_text(s->fp, fp);
	printf("          fingerprint %s\n", fp);
	if (j && s->good) {
		signers_describe(j, what, sizeof(what));
		printf("          %s\n", what);
	}
}

/* How the register judged both signers: 0 all trusted, 1 some unknown,
 * 2 some refused. */
int judged_level(const struct signer_judgement j[2])
{
	int level = 0;

	for (int r = 0; r < 2; r++)
		if (j[r].verdict == SIGNER_UNKNOWN)
			level = level > 1 ? level : 1;
		else if (!signers_trusted(j[r].verdict))
			level = 2;
	return level;
}

static void print_unknown_advice(bool with_register)
{
	printf("The text is intact: it has not changed since these two keys "
	       "signed it.\n"
	       "But %s,\nso this does not show who signed: anyone can make "
	       "a key and sign under\nany name.  To check, read each "
	       "fingerprint above to its signer by another\nchannel (phone, "
	       "in person), or ask the programme lead; then verify\nwith "
	       "--keys FILE or --store STORE, where the keys are recorded\n"
	       "(mentorpact signers add).\n",
	       with_register ? "a key is not known in this register"
			     : "the keys are not known here (no register of "
			       "signers was given)");
}

/* What verify and import print about a file; j (may be NULL) says what
 * the register made of the keys. */
void print_report(const char *path, const struct render_report *rep,
		  const struct signer_judgement *j, bool with_register)
{
	if (rep->body_read)
		printf("%s: %s %s version %d, %s (template %s)\n", path,
		       rep->status == MP_OK ? "agreement"
					    : "claims to be agreement",
		       rep->id, rep->version, rep->scheme, rep->scheme_id);
	else
		printf("%s: not readable as a mentorpact agreement\n", path);
	for (int r = 0; r < 2; r++)
		print_signer(rep, r, j ? &j[r] : NULL);
	if (rep->status != MP_OK) {
		printf("It does not verify:\n");
		for (size_t i = 0; i < rep->n_issues; i++)
			printf("  - %s\n", rep->issues[i].message);
		return;
	}
	if (!j)
		return;
	switch (judged_level(j)) {
	case 0:
		printf("Both signatures are good, and both keys are the "
		       "parties' own as the register\nknows them: this is the "
		       "text the mentor and the mentee signed.\n");
		break;
	case 1:
		print_unknown_advice(with_register);
		break;
	default:
		printf("The text is intact under these keys, but they are NOT "
		       "the keys on record\nfor the people it names: do not "
		       "take it as their agreement.\n");
	}
}

/* --- what is said about each agreement found ----------------------------- */

/* "FILE" or "FILE, message 3 (...), attachment x.txt", into buf. */
void label(char *buf, size_t size, const char *name,
	   const struct mail_found *f)
{
	snprintf(buf, size, "%s%s%s", name, *f->where ? ", " : "", f->where);
}

/* The repairs and the text around it, after the report. */
void print_mail_notes(const struct mail_found *f)
{
	char said[1200];

	mail_repairs_text(f, said, sizeof(said));
	if (f->status == MP_OK && *said)
		printf("Verified after %s; nothing signed was changed.\n",
		       said);
	if (f->before || f->after)
		printf("Not signed: the %zu line%s before and %zu after the "
		       "agreement are not part of it and were not checked.\n",
		       f->before, f->before == 1 ? "" : "s", f->after);
}
