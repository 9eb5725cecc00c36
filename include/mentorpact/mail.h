/*
 * mail.h - finding signed agreements in what mail delivers, and undoing
 * what mail does to them.
 *
 * An agreement travels by email: attached, pasted into a body, quoted in
 * a reply, saved as a message, an mbox or a Maildir.  mail_scan takes the
 * bytes of any of these, finds each signed text in them (MIME is read by
 * GMime: transfer encodings, charsets, attachments, forwarded messages),
 * and lets the signatures judge: the exact bytes first, then a fixed
 * small set of repaired candidates (each linear in the text), and only a
 * candidate under which both signatures hold is taken as the signed text.
 * The repairs are named, so that a person is told what mail changed.
 * Nothing around an agreement is ever part of it.
 */
#ifndef MENTORPACT_MAIL_H
#define MENTORPACT_MAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "mentorpact/agreement.h"
#include "mentorpact/render.h"
#include "mentorpact/status.h"

/* What mail did to a text, undone by a repair (bits of mail_found.repairs). */
enum mail_repair {
	MAIL_FIX_CRLF = 1u << 0,     /* CR LF line endings */
	MAIL_FIX_FINAL_NL = 1u << 1, /* the final newline lost */
	MAIL_FIX_SPACES = 1u << 2,   /* spaces added at line ends */
	MAIL_FIX_BOM = 1u << 3,	     /* a byte order mark */
	MAIL_FIX_QUOTE = 1u << 4,    /* "> " quoting of a reply */
	MAIL_FIX_FLOWED = 1u << 5,   /* format=flowed stuffing, soft breaks */
	MAIL_FIX_FROM = 1u << 6,     /* ">From " escaping of an mbox */
	MAIL_FIX_LEGACY = 1u << 7,   /* re-saved in windows-1252/ISO-8859-1 */
	MAIL_FIX_DOUBLE = 1u << 8,   /* UTF-8 read as windows-1252 again */
	MAIL_FIX_CHARSET = 1u << 9,  /* sent in a declared legacy charset */
};

/* One agreement found, or one message that holds none. */
struct mail_found {
	/* Where it was: "" for a plain file, else e.g. "message 3 (Subject:
	 * ...), attachment agreement.txt".  Safe to print. */
	char where[400];
	size_t message;	  /* 1-based message number in an mbox, else 0 */
	const char *file; /* with mail_scan_path: the file it is in */
	/* false: this message (or file) holds no agreement; nothing below
	 * is set. */
	bool found;
	/* MP_OK: both signatures hold over text (an exact export, repaired
	 * when repairs != 0); MP_ERR_VERIFY: no candidate verified (report
	 * says why, for the least-repaired text); MP_ERR_INVALID: it
	 * verifies but the body does not read back from its template. */
	enum mp_status status;
	struct render_report report;
	const char *text; /* the text judged (owned by mail_scan) */
	size_t len;
	unsigned repairs; /* enum mail_repair bits, when MP_OK */
	int quote_depth;  /* with MAIL_FIX_QUOTE: how many "> " */
	char charset[64]; /* with MAIL_FIX_CHARSET: the declared charset */
	/* With MP_ERR_INVALID: why the body does not read back (e.g. which
	 * section's wording differs from its template's). */
	char invalid[512];
	size_t before;	  /* lines of other text before it in its part */
	size_t after;	  /* ... and after it */
	/* With MP_OK and a lookup that found the template: the agreement
	 * read back.  The callback may take it (set it to NULL); otherwise
	 * mail_scan frees it. */
	struct agreement *ag;
};

/* Called for each agreement found and each message holding none.  A
 * status other than MP_OK stops the scan and is returned by mail_scan. */
typedef enum mp_status (*mail_each_fn)(void *ctx, struct mail_found *f);

/*
 * Find every signed agreement in data (len bytes): a plain text, one
 * message (RFC 5322, any MIME structure) or an mbox (starting "From ").
 * For each one found, verify it (see above) and call each; for each
 * message holding none, call each with found false.  lookup (may be
 * NULL) finds templates, as for render_parse.  Returns MP_OK,
 * MP_ERR_NOMEM, or what each returned.
 */
enum mp_status mail_scan(const char *data, size_t len, render_lookup_fn lookup,
			 void *lookup_ctx, mail_each_fn each, void *ctx,
			 struct mp_error *err);

/*
 * mail_scan of what path holds: a file ("-": standard input) or a
 * Maildir folder (each message in its cur/ and new/, in name order);
 * f->file names the file each finding is in.  MP_ERR_INVALID for another
 * folder, MP_ERR_NOT_FOUND/PERM/IO when a file cannot be read (err says
 * which), MP_ERR_INVALID past 1 GiB.
 */
enum mp_status mail_scan_path(const char *path, render_lookup_fn lookup,
			      void *lookup_ctx, mail_each_fn each, void *ctx,
			      struct mp_error *err);

/*
 * The repairs of f in plain words, e.g. "removing the '> ' quoting of a
 * reply and putting back the lost final newline", into buf; "" when
 * there were none.
 */
void mail_repairs_text(const struct mail_found *f, char *buf, size_t size);

/*
 * The files minisign needs, from a text that verifies (an export, as
 * mail_found.text gives it): in dir, agreement-ID-vN.txt (the signed
 * body alone) and, for each signer, .ROLE.minisig and .ROLE.pub, so that
 * "minisign -Vm F -x F.mentor.minisig -p F.mentor.pub" checks it without
 * the sender's store.  MP_ERR_VERIFY when text does not verify.  Free
 * *out with render_files_free() whatever the status.
 */
enum mp_status mail_detached_files(const char *text, size_t len,
				   const char *dir, struct render_files *out,
				   struct mp_error *err);

#endif
