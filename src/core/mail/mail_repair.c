/*
 * mail_repair.c - undoing what mail does to a signed text, with the
 * signatures as the judge.
 *
 * The exact bytes are tried first, so that a text needing no repair costs
 * one verification.  Then a fixed set of candidates, each made in one
 * pass over the text:
 *
 *   base       legacy charset read as windows-1252 (when not UTF-8), byte
 *              order marks, "> " quoting (the depth of the first line),
 *              CR before LF, ">From " escaping, the final newline
 *   spaces     base, less spaces and tabs at line ends
 *   flowed     base, format=flowed undone: one leading space removed,
 *              a line ending in a space joined to the next
 *   both       flowed, then spaces
 *   double     base with UTF-8 that was read as windows-1252 and encoded
 *              as UTF-8 again turned back
 *
 * None of them can make a text verify that was not signed: each is only
 * a candidate, and it is taken when both Ed25519 signatures hold over it.
 * The base steps undo things a body can never hold (rendered bodies have
 * no CR, BOM or control characters, and no line starts with ">"), so they
 * are always safe to apply together.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail_internal.h"
#include "core/render/render_internal.h"

/* windows-1252's 0x80-0x9F; 0 where it has no character (kept as C1). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,	    0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,	    0x017D, 0,
    0,	    0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,	    0x017E, 0x0178,
};

bool mrepair_utf8(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		size_t k = u[i] < 0x80 ? 1 : rtext_decode(u + i, n - i, &cp);

		if (!k)
			return false;
		i += k;
	}
	return true;
}

static void put_cp(struct rbuf *b, uint32_t cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		rbuf_add(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		rbuf_add(b, u, 2);
	} else {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		rbuf_add(b, u, 3);
	}
}

/* n bytes of windows-1252 (or ISO-8859-1) as UTF-8, appended to b. */
static void from_cp1252(struct rbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80 && c < 0xA0 && cp1252_high[c - 0x80])
			put_cp(b, cp1252_high[c - 0x80]);
		else
			put_cp(b, c);
	}
}

/* The windows-1252 byte of cp, or -1. */
static int to_cp1252(uint32_t cp)
{
	if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
		return (int)cp;
	for (int i = 0; i < 32; i++)
		if (cp1252_high[i] == cp ||
		    (!cp1252_high[i] && cp == 0x80u + i))
			return 0x80 + i;
	return -1;
}

/*
 * Turn back UTF-8 that was read as windows-1252 and written as UTF-8
 * again ("â€™" for "’"): every code point back to its byte.  false when a
 * code point has no byte, or the bytes are not UTF-8 with more than
 * ASCII (then it was not that).
 */
static bool undo_double(const char *s, size_t n, struct rbuf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	bool high = false;
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		size_t k = u[i] < 0x80 ? 1 : rtext_decode(u + i, n - i, &cp);
		int byte = k == 1 ? u[i] : k ? to_cp1252(cp) : -1;
		char c = (char)byte;

		if (byte < 0)
			return false;
		high |= byte >= 0x80;
		rbuf_add(out, &c, 1);
		i += k;
	}
	return high && !out->nomem && mrepair_utf8(out->s, out->len);
}

/* --- the base repairs, line by line --------------------------------- */

static bool starts(const char *s, size_t n, const char *with)
{
	size_t k = strlen(with);

	return n >= k && !memcmp(s, with, k);
}

/* Strip depth levels of quoting: each a '>' and the one space after it. */
static size_t unquote(const char *s, size_t n, int depth)
{
	size_t at = 0;

	for (int d = 0; d < depth && at < n && s[at] == '>'; d++) {
		at++;
		if (at < n && s[at] == ' ')
			at++;
	}
	return at;
}

/* One line (without its LF) through the base steps, appended to out with
 * a LF; *fix collects what changed. */
static void base_line(const char *s, size_t n, int depth, struct rbuf *out,
		      unsigned *fix)
{
	size_t at;

	if (starts(s, n, "\xEF\xBB\xBF")) {
		s += 3, n -= 3;
		*fix |= MAIL_FIX_BOM;
	}
	at = unquote(s, n, depth);
	if (at) {
		s += at, n -= at;
		*fix |= MAIL_FIX_QUOTE;
	}
	if (starts(s, n, "\xEF\xBB\xBF")) {
		s += 3, n -= 3;
		*fix |= MAIL_FIX_BOM;
	}
	if (n && s[n - 1] == '\r') {
		n--;
		*fix |= MAIL_FIX_CRLF;
	}
	if (n > 5 && s[0] == '>') {
		size_t k = 0;

		while (k < n && s[k] == '>')
			k++;
		if (starts(s + k, n - k, "From ")) {
			s++, n--;
			*fix |= MAIL_FIX_FROM;
		}
	}
	rbuf_add(out, s, n);
	rbuf_add(out, "\n", 1);
}

static void base(const char *s, size_t n, int depth, struct rbuf *out,
		 unsigned *fix)
{
	struct rbuf conv = {0};

	if (!mrepair_utf8(s, n)) {
		from_cp1252(&conv, s, n);
		if (conv.nomem) {
			out->nomem = true;
			return;
		}
		s = conv.s, n = conv.len;
		*fix |= MAIL_FIX_LEGACY;
	}
	for (size_t at = 0; at < n;) {
		const char *lf = memchr(s + at, '\n', n - at);
		size_t end = lf ? (size_t)(lf - s) : n;

		base_line(s + at, end - at, depth, out, fix);
		if (!lf && end > at)
			*fix |= MAIL_FIX_FINAL_NL;
		at = end + 1;
	}
	rbuf_free(&conv);
}

/* Less the spaces and tabs at each line's end (text ends in LF). */
static void no_spaces(const char *s, size_t n, struct rbuf *out, unsigned *fix)
{
	for (size_t at = 0; at < n;) {
		const char *lf = memchr(s + at, '\n', n - at);
		size_t end = lf ? (size_t)(lf - s) : n, k = end;

		while (k > at && (s[k - 1] == ' ' || s[k - 1] == '\t'))
			k--;
		if (k != end)
			*fix |= MAIL_FIX_SPACES;
		rbuf_add(out, s + at, k - at);
		rbuf_add(out, "\n", 1);
		at = end + 1;
	}
}

/* format=flowed undone (RFC 3676): space-stuffing removed, soft line
 * breaks (a line ending in a space, not "-- ") joined. */
static void unflow(const char *s, size_t n, bool delsp, struct rbuf *out,
		   unsigned *fix)
{
	for (size_t at = 0; at < n;) {
		const char *lf = memchr(s + at, '\n', n - at);
		size_t end = lf ? (size_t)(lf - s) : n, from = at;
		bool soft;

		if (from < end && s[from] == ' ') {
			from++;
			*fix |= MAIL_FIX_FLOWED;
		}
		soft = end > from && s[end - 1] == ' ' && end + 1 < n &&
		       !(end - from == 3 && !memcmp(s + from, "-- ", 3));
		rbuf_add(out, s + from, end - from - (soft && delsp));
		if (soft)
			*fix |= MAIL_FIX_FLOWED;
		else
			rbuf_add(out, "\n", 1);
		at = end + 1;
	}
}

/* --- judging ----------------------------------------------------------- */

#define CANDIDATES 6

struct cand {
	struct rbuf b;
	unsigned fix;
};

/* Make the candidates of seg; c[0] is the base.  Returns how many. */
static size_t make(const struct mail_seg *seg, struct cand *c)
{
	size_t n = 1;

	base(seg->text, seg->len, seg->quote_depth, &c[0].b, &c[0].fix);
	if (c[0].b.nomem)
		return 0;
	/* flowed first when the part says it is flowed */
	for (int pass = 0; pass < 2; pass++) {
		if (pass == !seg->flowed) {
			c[n].fix = c[0].fix;
			unflow(c[0].b.s, c[0].b.len, seg->delsp, &c[n].b,
			       &c[n].fix);
			c[n + 1].fix = c[n].fix;
			no_spaces(c[n].b.s, c[n].b.len, &c[n + 1].b,
				  &c[n + 1].fix);
			n += 2;
		} else {
			c[n].fix = c[0].fix;
			no_spaces(c[0].b.s, c[0].b.len, &c[n].b, &c[n].fix);
			n++;
		}
	}
	c[n].fix = c[0].fix | MAIL_FIX_DOUBLE;
	if (undo_double(c[0].b.s, c[0].b.len, &c[n].b))
		n++;
	else
		rbuf_free(&c[n].b);
	for (size_t i = 0; i < n; i++) {
		rbuf_add(&c[i].b, "", 0); /* an empty text is "", not NULL */
		if (c[i].b.nomem)
			return 0;
	}
	return n;
}

/* Tried before: the same bytes as an earlier candidate or the exact. */
static bool seen(const struct mail_seg *seg, const struct cand *c, size_t i)
{
	if (c[i].b.len == seg->len && !memcmp(c[i].b.s, seg->text, seg->len))
		return true;
	for (size_t j = 0; j < i; j++)
		if (c[j].b.len == c[i].b.len &&
		    !memcmp(c[j].b.s, c[i].b.s, c[i].b.len))
			return true;
	return false;
}

/* Run render_parse over one text into f; true when the signatures hold. */
static bool judge(const char *text, size_t len, render_lookup_fn lookup,
		  void *lookup_ctx, struct mail_found *f, enum mp_status *st)
{
	struct mp_error e;

	agreement_free(f->ag);
	f->ag = NULL;
	*st = render_parse(text, len, lookup, lookup_ctx,
			   lookup ? &f->ag : NULL, &f->report, &e);
	f->status = *st == MP_ERR_NOMEM ? MP_OK : *st;
	if (*st == MP_ERR_INVALID)
		snprintf(f->invalid, sizeof(f->invalid), "%.511s", e.message);
	f->text = text;
	f->len = len;
	return *st == MP_OK || *st == MP_ERR_INVALID;
}

/* How much of the text a failed check could read: a signature that
 * holds outweighs everything else (a repair that breaks a good signature
 * is not the better reading, whatever else it reads), then a report that
 * found the block and read the body says more than "no signature
 * block". */
static int score(const struct render_report *r)
{
	int n = r->body_read ? 4 : 0;

	for (int k = 0; k < 2; k++)
		n += r->signers[k].present + 16 * r->signers[k].good;
	if (r->n_issues && r->issues[0].kind != RENDER_NO_BLOCK &&
	    r->issues[0].kind != RENDER_BLOCK_DAMAGED)
		n += 2;
	return n;
}

static void free_all(struct cand *c, size_t keep)
{
	for (size_t i = 0; i < CANDIDATES; i++)
		if (i != keep)
			rbuf_free(&c[i].b);
}

enum mp_status mrepair_judge(const struct mail_seg *seg,
			     render_lookup_fn lookup, void *lookup_ctx,
			     struct mail_found *f, char **owned,
			     struct mp_error *err)
{
	struct cand c[CANDIDATES];
	struct render_report best;
	enum mp_status st;
	size_t n, won = CANDIDATES, best_i = CANDIDATES;

	*owned = NULL;
	f->quote_depth = seg->quote_depth;
	f->repairs = 0;
	if (judge(seg->text, seg->len, lookup, lookup_ctx, f, &st))
		return MP_OK;
	if (st == MP_ERR_NOMEM)
		return mp_error_set(err, st, NULL);
	best = f->report;
	memset(c, 0, sizeof(c));
	n = make(seg, c);
	if (!n) {
		free_all(c, CANDIDATES);
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	for (size_t i = 0; i < n && won == CANDIDATES; i++) {
		if (seen(seg, c, i))
			continue;
		if (judge(c[i].b.s, c[i].b.len, lookup, lookup_ctx, f, &st))
			won = i;
		else if (st == MP_ERR_NOMEM)
			break;
		else if (score(&f->report) > score(&best) ||
			 (i == 0 && score(&f->report) == score(&best))) {
			best = f->report;
			best_i = i;
		}
	}
	if (st == MP_ERR_NOMEM) {
		free_all(c, CANDIDATES);
		return mp_error_set(err, st, NULL);
	}
	if (won == CANDIDATES) {
		/* none holds: the report that could read the most */
		won = best_i;
		f->status = MP_ERR_VERIFY;
		f->report = best;
		f->text = won < CANDIDATES ? c[won].b.s : seg->text;
		f->len = won < CANDIDATES ? c[won].b.len : seg->len;
	} else {
		f->repairs = c[won].fix;
	}
	free_all(c, won);
	if (won < CANDIDATES)
		*owned = c[won].b.s;
	return MP_OK;
}

/* --- saying what was repaired ------------------------------------------- */

void mail_repairs_text(const struct mail_found *f, char *buf, size_t size)
{
	char quote[64], charset[160];
	const char *said[12];
	size_t n = 0, at = 0;

	snprintf(quote, sizeof(quote),
		 f->quote_depth > 1 ? "removing %d levels of the '> ' quoting "
				      "of replies"
				    : "removing the '> ' quoting of a reply",
		 f->quote_depth);
	snprintf(charset, sizeof(charset),
		 "converting it from the charset the message declared (%s) "
		 "to UTF-8",
		 f->charset);
	if (f->repairs & MAIL_FIX_QUOTE)
		said[n++] = quote;
	if (f->repairs & MAIL_FIX_CHARSET)
		said[n++] = charset;
	if (f->repairs & MAIL_FIX_LEGACY)
		said[n++] = "reading it as windows-1252 (ISO-8859-1), the "
			    "legacy charset it was re-saved in, and putting "
			    "back UTF-8";
	if (f->repairs & MAIL_FIX_DOUBLE)
		said[n++] = "undoing a second conversion to UTF-8 (its UTF-8 "
			    "had been read as windows-1252)";
	if (f->repairs & MAIL_FIX_BOM)
		said[n++] = "removing a byte order mark";
	if (f->repairs & MAIL_FIX_CRLF)
		said[n++] = "putting back LF line endings (they had become "
			    "CR LF)";
	if (f->repairs & MAIL_FIX_FLOWED)
		said[n++] = "undoing format=flowed (its space-stuffing and "
			    "soft line breaks)";
	if (f->repairs & MAIL_FIX_FROM)
		said[n++] = "removing the '>' mail put before lines starting "
			    "with 'From '";
	if (f->repairs & MAIL_FIX_SPACES)
		said[n++] = "removing spaces added at the ends of lines";
	if (f->repairs & MAIL_FIX_FINAL_NL)
		said[n++] = "putting back the lost final newline";
	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < n && at < size; i++) {
		int k = snprintf(buf + at, size - at, "%s%s",
				 !i	      ? ""
				 : i + 1 == n ? " and "
					      : ", ",
				 said[i]);

		if (k < 0)
			break;
		at += (size_t)k;
	}
}

/* --- the files for minisign -------------------------------------------- */

enum mp_status mail_detached_files(const char *text, size_t len,
				   const char *dir, struct render_files *out,
				   struct mp_error *err)
{
	struct render_report rep;
	struct rblock_sigs sigs;
	struct agreement ag;
	size_t body_len, skip = 0;
	enum mp_status st;
	char *body;

	memset(out, 0, sizeof(*out));
	if (len > strlen(RENDER_START) &&
	    !memcmp(text, RENDER_START "\n", strlen(RENDER_START) + 1))
		skip = strlen(RENDER_START) + 1;
	st = rcheck_text(text + skip, len - skip, &rep, &body_len, &sigs, err);
	if (st == MP_ERR_NOMEM)
		return st;
	if (st != MP_OK)
		return mp_error_set(err, MP_ERR_VERIFY,
				    "the text does not verify, so no files "
				    "were written: %s",
				    rep.n_issues ? rep.issues[0].message : "");
	body = malloc(body_len + 1);
	if (!body) {
		rblock_sigs_free(&sigs);
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	memcpy(body, text + skip, body_len);
	body[body_len] = '\0';
	memset(&ag, 0, sizeof(ag));
	memcpy(ag.id, rep.id, sizeof(ag.id));
	ag.version = rep.version;
	ag.body = body;
	for (int r = 0; r < 2; r++) {
		ag.sigs[r].present = true;
		ag.sigs[r].minisig = sigs.minisig[r];
		ag.sigs[r].pubkey = sigs.pubkey[r];
	}
	st = render_export_files(&ag, dir, true, out, err);
	free(body);
	rblock_sigs_free(&sigs);
	return st;
}
