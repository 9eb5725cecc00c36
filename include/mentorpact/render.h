/*
 * render.h - the canonical plain-text agreement, its signature block,
 * and reading both back (verify and import).
 *
 * The body is UTF-8, LF line endings, lines of at most 72 columns, ending
 * in a newline; the same agreement always gives the same bytes.  The
 * body is frozen when the first party signs (agreement_sign stores it),
 * and both signatures are minisign signatures of exactly those bytes.
 * An exported file is the body followed by a delimited signature block.
 */
#ifndef MENTORPACT_RENDER_H
#define MENTORPACT_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "mentorpact/agreement.h"
#include "mentorpact/sign.h"
#include "mentorpact/status.h"

#define RENDER_WIDTH 72

/* The body of ag as it would be signed now; *out is malloc'd. */
enum mp_status render_body(const struct agreement *ag, char **out, size_t *len,
			   struct mp_error *err);

/*
 * The trusted comment of a signature, one line:
 *   "mentorpact agreement:ID version:N role:ROLE time:UTC name:NAME"
 * with NAME last (it is the only part that may hold spaces).  buf should
 * hold at least 512 bytes; control characters in name are refused.
 */
enum mp_status render_trusted_comment(const char *id, int version,
				      enum ag_role role, const char *name,
				      const char *utc_time, char *buf,
				      size_t size, struct mp_error *err);

/* What a trusted comment says. */
struct render_trusted {
	char id[AG_ID_SIZE];
	int version;
	enum ag_role role;
	char time[32];
	char name[256];
};

/* Read a trusted comment; MP_ERR_INVALID when it is not one of ours. */
enum mp_status render_trusted_parse(const char *text,
				    struct render_trusted *out,
				    struct mp_error *err);

/*
 * The whole exported file: the line RENDER_START, ag->body (which must
 * be frozen) and the signature block holding each present signature.
 * *out malloc'd.
 */
enum mp_status render_export(const struct agreement *ag, char **out,
			     size_t *len, struct mp_error *err);

/* --- reading a signed text back: verify and import -------------------- */

/* The lines that open and close the signature block.  Only the bytes
 * before the BEGIN line are signed. */
#define RENDER_BEGIN "-----BEGIN MENTORPACT SIGNATURES-----"
#define RENDER_END   "-----END MENTORPACT SIGNATURES-----"
/* The line an export starts with since mail intake (not signed): it marks
 * where the signed text begins in a message.  Exports made before it
 * start with the body's title and still verify. */
#define RENDER_START "-----BEGIN MENTORPACT AGREEMENT-----"

/* What can be wrong with a signed text, one kind per plain message. */
enum render_problem {
	RENDER_NO_BLOCK,	/* no signature block: nothing is signed */
	RENDER_BLOCK_DAMAGED,	/* the block is cut short or unreadable */
	RENDER_NOT_AGREEMENT,	/* the body is not a mentorpact agreement */
	RENDER_MISSING,		/* a party's signature is not there */
	RENDER_CHANGED,		/* the body changed after it was signed */
	RENDER_COMMENT_CHANGED, /* a signature's trusted comment edited */
	RENDER_OTHER_AGREEMENT, /* the block signs another agreement */
	RENDER_KEY_SWAPPED,	/* the key given did not make the signature */
	RENDER_WRONG_ROLE,	/* signed as the other party */
	RENDER_WRONG_NAME,	/* signed under a name the body does not give */
	RENDER_BLOCK_EDITED,	/* the block's readable lines were edited */
	RENDER_TRAILING,	/* text follows the END line */
	RENDER_CRLF,		/* line endings rewritten as CR LF */
	RENDER_ONE_KEY,		/* one key signed for both parties */
};

#define RENDER_ISSUES_MAX 12

struct render_issue {
	enum render_problem kind;
	int role; /* AG_MENTOR or AG_MENTEE, or -1 for the whole file */
	char message[400];
};

/* One party's signature as found in the block. */
struct render_signer {
	bool present; /* the block holds a signature for this role */
	bool good;    /* it holds over the body and agrees with it */
	bool tc_read; /* tc was read from the signature */
	struct render_trusted tc;
	char keyid[SIGN_KEYID_HEX]; /* the signing key's id, or "" */
	bool key_read;		    /* pk and fp were read from the block */
	unsigned char pk[SIGN_PK_BYTES];
	char fp[SIGN_FP_HEX]; /* the key's fingerprint (sign_fingerprint) */
};

/*
 * What render_parse found; verify prints it.  Nothing in it is allocated.
 * status is MP_OK only when the file is exactly a body and a block in
 * which both signatures hold and agree with the body; otherwise
 * MP_ERR_VERIFY and issues says why, most telling first.
 */
struct render_report {
	enum mp_status status;
	bool body_read; /* the fields below were read from the body */
	char id[AG_ID_SIZE];
	int version;
	char scheme[256];    /* the scheme's name */
	char scheme_id[128]; /* the template's id */
	char tpl_hash[TPL_HASH_HEX + 1];
	char names[2][256]; /* the parties' names in the body */
	struct render_signer signers[2];
	bool crlf;	       /* the file had CR LF line endings */
	bool good_with_lf;     /* ... and verifies once they are LF */
	size_t trailing_lines; /* lines of text after the END line */
	bool template_missing; /* no template with tpl_hash found */
	struct render_issue issues[RENDER_ISSUES_MAX];
	size_t n_issues;
};

/* Finds the template with this id whose template_hash is hash; NULL when
 * there is none.  The template stays the callee's. */
typedef const struct template *(*render_lookup_fn)(void *ctx,
						   const char *scheme,
						   const char *hash);

/*
 * Check a signed text (len bytes; NUL bytes allowed) and read it back.
 *
 * Splits the text into the body (every byte before the last BEGIN line,
 * less a first line RENDER_START)
 * and the signature block, decodes each signature and public key, checks
 * each with sign_verify over the body, and checks that its trusted
 * comment names this agreement, version and role.  report is always
 * filled.  Returns MP_ERR_VERIFY (err: the first issue) when the file
 * does not verify, MP_ERR_NOMEM, or:
 *
 * MP_OK when it verifies.  Then, when out is not NULL and lookup finds
 * the template the body names, *out is the agreement read back from the
 * body (id, version, template copy, parties, answers, body, signatures),
 * status AG_ACTIVE, imported; free it with agreement_free().  The body
 * is read back exactly: render_body of *out gives the signed bytes and
 * render_export of *out gives the whole file.  When lookup is NULL or
 * finds no template, *out is NULL (report->template_missing says which).
 *
 * MP_ERR_INVALID when the file verifies but its body does not read back
 * as an agreement made from that template.
 */
enum mp_status render_parse(const char *text, size_t len,
			    render_lookup_fn lookup, void *ctx,
			    struct agreement **out,
			    struct render_report *report, struct mp_error *err);

/* A render_lookup_fn over a struct tpl_catalog (ctx): the catalog's
 * template with that id, when its hash (or that of the form it had before
 * records were added to it) is hash. */
const struct template *render_catalog_lookup(void *ctx, const char *scheme,
					     const char *hash);

/* The display columns of n bytes of UTF-8 text, as the body counts them:
 * combining marks 0, wide characters 2, every other code point 1. */
size_t render_columns(const char *s, size_t n);

/* The file name of an export, "agreement-ID-vN.txt", into buf. */
void render_file_name(const char *id, int version, char *buf, size_t size);

/* --- writing an export to files --------------------------------------- */

#define RENDER_FILES_MAX 5

/* The files of an export: each path and its bytes (both owned). */
struct render_files {
	struct {
		char *path;
		char *data;
		size_t len;
	} files[RENDER_FILES_MAX];
	size_t n;
};

/*
 * The files an export of ag (signed by at least one party) writes.
 * Without detached: the whole text (render_export) at path, or at
 * agreement-ID-vN.txt in the current folder when path is NULL.  With
 * detached, path is a folder holding the body alone as
 * agreement-ID-vN.txt and, for each signer, agreement-ID-vN.txt.ROLE.minisig
 * and agreement-ID-vN.txt.ROLE.pub (ROLE: mentor, mentee), so that
 * "minisign -Vm F -x F.mentor.minisig -p F.mentor.pub" checks it.
 * Free *out with render_files_free() whatever the status.
 */
enum mp_status render_export_files(const struct agreement *ag, const char *path,
				   bool detached, struct render_files *out,
				   struct mp_error *err);
void render_files_free(struct render_files *files);

/*
 * Write each file, mode 0644, to a temporary file in its folder (made,
 * 0755, when missing), flushed, then renamed into place: a file is
 * either whole or absent.  Unless replace, nothing at all is written when
 * any of the files exists (MP_ERR_EXISTS names it, and says --force
 * replaces it).
 */
enum mp_status render_write_files(const struct render_files *files,
				  bool replace, struct mp_error *err);

/* --- which lines differ ------------------------------------------------ */

#define RENDER_DIFF_MAX 10

/* One line that differs: '-' a line of the original, '+' one of the
 * received text, with its 1-based line number there and its bytes
 * (pointing into that text, without the newline). */
struct render_diff_line {
	char sign;
	size_t line;
	const char *text;
	size_t len;
};

/* The lines that differ, at most RENDER_DIFF_MAX of them listed, the
 * original's first; removed and added count them all. */
struct render_diff {
	struct render_diff_line lines[RENDER_DIFF_MAX];
	size_t n;
	size_t first_line; /* where the differing lines start (both texts) */
	size_t removed, added;
};

/*
 * The lines in which new_text differs from old, found in linear time:
 * equal lines are skipped from the start and from the end, and what is
 * left between them in each text is listed (exact for one edited
 * stretch; edits far apart list all lines from the first to the last).
 * out->n is 0 when the texts are equal.  out points into both texts.
 */
void render_diff_lines(const char *old, size_t old_len, const char *new_text,
		       size_t new_len, struct render_diff *out);

#endif
