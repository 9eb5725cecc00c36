/*
 * render_internal.h - what the render_*.c files share; not part of the
 * core's interface.
 *
 * render_text.c   a growing buffer, display width, making text safe to
 *                 show, wrapping it at 72 columns and undoing the wrap
 * render_body.c   the body of an agreement and the layout of its blocks
 * render_block.c  trusted comments and the signature block
 * render_check.c  checking a signed text: the report verify prints
 * render_parse.c  render_parse: checking, then reading the body back
 */
#ifndef MENTORPACT_RENDER_INTERNAL_H
#define MENTORPACT_RENDER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mentorpact/render.h"
#include "mentorpact/unicode.h"

/* --- render_text.c ------------------------------------------------------ */

/* A growing NUL-terminated text.  After a failed allocation every call is
 * a no-op and nomem stays set, so that a caller checks once at the end. */
struct rbuf {
	char *s;
	size_t len, cap;
	bool nomem;
};

void rbuf_add(struct rbuf *b, const char *s, size_t n);
void rbuf_puts(struct rbuf *b, const char *s);
void rbuf_printf(struct rbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rbuf_free(struct rbuf *b);

/* Decode one UTF-8 sequence of at most n bytes at s into *cp; returns its
 * length, or 0 when the bytes are not valid UTF-8. */
size_t rtext_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* 1 when cp must never reach the text raw: C0 controls (LF excepted when
 * lf_ok), DEL, C1 controls, bidi embeddings, overrides, isolates and
 * marks, line and paragraph separators, and the byte order mark. */
bool rtext_unsafe(uint32_t cp, bool lf_ok);

/* 1 when n bytes of s are valid UTF-8 holding nothing unsafe (and no
 * LF): safe to print to a terminal as they are. */
bool rtext_safe(const char *s, size_t n);

/*
 * A malloc'd copy of n bytes of s that is safe to show: each unsafe code
 * point becomes "<U+XXXX>", each byte that is not valid UTF-8 becomes
 * U+FFFD, and with lf_ok a CR just before a LF is dropped.  NULL when out
 * of memory.
 */
char *rtext_clean(const char *s, size_t n, bool lf_ok);

/*
 * Append text (safe, without LF) wrapped at RENDER_WIDTH: words are
 * separated by runs of spaces and joined by one; the first line starts
 * with first, later ones with rest.  A word longer than a line starts a
 * line of its own and is split at the width.  Every line ends in "\n"
 * and none ends in a space; empty text gives first (trimmed) alone.
 */
void rtext_wrap(struct rbuf *b, const char *first, const char *rest,
		const char *text);

/*
 * Undo rtext_wrap: n lines (without their "\n") that rtext_wrap made with
 * first and rest give back the text, words joined by one space, a long
 * word's pieces joined by none.  Where a break could be either, both
 * readings are tried and the one that wraps back to the same lines wins.
 * MP_ERR_INVALID when a line lacks its prefix or no reading wraps back.
 */
enum mp_status rtext_unwrap(const char *first, const char *rest,
			    const char *const *lines, size_t n, char **out);

/* Text cut into lines: v[i] points into buf (a copy of the text with each
 * "\n" replaced by a NUL); a last line without "\n" counts too. */
struct rlines {
	char *buf;
	char **v;
	size_t n;
};

enum mp_status rlines_split(const char *s, size_t len, struct rlines *out);
void rlines_free(struct rlines *l);

/* --- render_body.c ------------------------------------------------------ */

/* The data a body is made from: an agreement, or what was read back. */
struct rsrc {
	const struct template *tpl;
	const char *hash; /* TPL_HASH_HEX hex digits */
	const char *id;
	int version;
	char *const *details[2]; /* [role][enum tpl_detail], or NULL */
	char *const *values;	 /* tpl->n_fields entries, or NULL */
};

/* What a block of the body holds, for reading it back. */
enum rblock_kind {
	RB_FIXED,   /* wording, titles, facts: nothing to read back */
	RB_HEADER,  /* the key lines: names of the parties */
	RB_DETAILS, /* a party's details (index: the role) */
	RB_FIELD,   /* a field (index: its place in tpl->fields) */
};

struct rblock {
	enum rblock_kind kind;
	size_t index;
	size_t lead_lines; /* RB_FIELD: lines of the label */
};

struct rlayout {
	struct rblock *blocks;
	size_t n, cap;
	bool nomem;
};

/* Render the body of src into out; when layout is not NULL, record each
 * block (blocks are separated by one empty line; only a field's answer
 * may hold empty lines, and only before lines indented by 4). */
enum mp_status rbody_render(const struct rsrc *src, struct rbuf *out,
			    struct rlayout *layout, struct mp_error *err);

/* Key lines of the header and of details blocks: "Key:" padded to this. */
#define RBODY_KEY_COLS 15
/* The indent of answers. */
#define RBODY_ANSWER "    "
/* What an answer, detail or name left empty shows. */
#define RBODY_NO_ANSWER "(no answer)"

/* The label of detail d as the text shows it ("Email"). */
const char *rbody_detail_label(enum tpl_detail d);

/* "mentor" or "mentee". */
const char *rbody_role_name(enum ag_role r);

/* --- render_block.c ----------------------------------------------------- */

/* The signature block of agreement id holding the signatures in sigs,
 * appended to out. */
enum mp_status rblock_render(const char *id, const struct ag_signature sigs[2],
			     struct rbuf *out, struct mp_error *err);
/* The same, with the help text exports wrote before mail intake (v1). */
enum mp_status rblock_render_as(const char *id,
				const struct ag_signature sigs[2], bool v1,
				struct rbuf *out, struct mp_error *err);

/* The signatures found in a signature block, decoded. */
struct rblock_sigs {
	bool present[2];      /* a signature, or a key, for the role */
	char *minisig[2];     /* .minisig text, or NULL */
	char *pubkey[2];      /* .pub text, or NULL */
	char damaged[2][256]; /* why the role's part cannot be read, or "" */
};

/* Read the lines between BEGIN and END (block, len bytes). */
enum mp_status rblock_read(const char *block, size_t len,
			   struct rblock_sigs *out, struct mp_error *err);
void rblock_sigs_free(struct rblock_sigs *s);

/* --- render_check.c ----------------------------------------------------- */

/*
 * Check text as verify does, filling report.  On MP_OK (a clean file)
 * *body_len is the length of the signed body at the start of text and
 * sigs holds the decoded signatures (rblock_sigs_free it); otherwise
 * sigs holds nothing.  Returns MP_ERR_NOMEM, else report->status.
 */
enum mp_status rcheck_text(const char *text, size_t len,
			   struct render_report *report, size_t *body_len,
			   struct rblock_sigs *sigs, struct mp_error *err);

/* Add an issue to the report (message printf-style). */
void rcheck_issue(struct render_report *report, enum render_problem kind,
		  int role, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * Read the header of a body: id, version, scheme, template and the
 * parties' names, and the full template hash from its last line.
 * MP_ERR_INVALID with a reason when the text is not a mentorpact body.
 */
enum mp_status rcheck_header(const char *body, size_t len,
			     struct render_report *report,
			     struct mp_error *err);

/* --- render_parse.c ---------------------------------------------------- */

/*
 * Read a body (len bytes) back as an agreement of tpl, with the id,
 * version and names report gives (rcheck_header read them) and, when
 * sigs is not NULL, the signatures in it (taken over: sigs is left
 * without them).  MP_ERR_INVALID unless the agreement read renders to
 * exactly the body.  *out: free with agreement_free().
 */
enum mp_status rparse_body(const struct template *tpl,
			   const struct render_report *rep, const char *body,
			   size_t len, struct rblock_sigs *sigs,
			   struct agreement **out, struct mp_error *err);

#endif
