/*
 * render_check.c - checking a signed text, as "mentorpact verify" does.
 *
 * A file verifies only when it is exactly what export writes: a body, a
 * signature block holding both parties' signatures, each good over the
 * body and naming this agreement, version and role, and nothing after
 * the END line but empty lines.  Everything else gets a plain reason in
 * the report (render.h lists the kinds).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <utf8proc.h>

#include "render_internal.h"

void rcheck_issue(struct render_report *report, enum render_problem kind,
		  int role, const char *fmt, ...)
{
	struct render_issue *is;
	va_list ap;

	report->status = MP_ERR_VERIFY;
	if (report->n_issues == RENDER_ISSUES_MAX)
		return;
	is = &report->issues[report->n_issues++];
	is->kind = kind;
	is->role = role;
	va_start(ap, fmt);
	vsnprintf(is->message, sizeof(is->message), fmt, ap);
	va_end(ap);
}

static const char *the_role(int r)
{
	return r == AG_MENTOR ? "the mentor" : "the mentee";
}

/* --- the header of the body ------------------------------------------- */

/* The value of the key line "Key:" in lines [from, to), unwrapped, into
 * out; false when the key is not there or does not unwrap. */
static bool key_value(const struct rlines *l, size_t from, size_t to,
		      const char *key, char *out, size_t size)
{
	char first[32];
	const char *rest = "               ";
	size_t n = 1;
	char *text;

	snprintf(first, sizeof(first), "%-*s", RBODY_KEY_COLS, key);
	for (; from < to; from++)
		if (!strncmp(l->v[from], first, strlen(first)))
			break;
	if (from == to)
		return false;
	while (from + n < to && !strncmp(l->v[from + n], rest, strlen(rest)))
		n++;
	if (rtext_unwrap(first, rest, (const char *const *)l->v + from, n,
			 &text) != MP_OK)
		return false;
	if (!rtext_safe(text, strlen(text))) {
		/* never from render_body: not to be printed */
		free(text);
		return false;
	}
	snprintf(out, size, "%s", strcmp(text, RBODY_NO_ANSWER) ? text : "");
	free(text);
	return true;
}

static bool hex64(const char *s)
{
	if (strlen(s) != TPL_HASH_HEX)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

/* "ID, version N" */
static bool agreement_line(const char *s, struct render_report *r)
{
	char id[AG_ID_SIZE + 8];
	int version, used = 0;

	if (sscanf(s, "%15[0-9A-Z-], version %d%n", id, &version, &used) != 2 ||
	    s[used] || strlen(id) != AG_ID_SIZE - 1 ||
	    strchr(id, '-') != id + 4 || strchr(id + 5, '-') || version < 1)
		return false;
	memcpy(r->id, id, AG_ID_SIZE);
	r->version = version;
	return true;
}

/* "ID (version V), hash H": the id, and H must start the full hash. */
static bool template_line(const char *s, struct render_report *r)
{
	const char *open = strstr(s, " (version "), *hash = NULL;

	/* the last one: a template's version may hold anything */
	for (const char *p = s; (p = strstr(p, "), hash ")); p++)
		hash = p;
	if (!open || !hash || (size_t)(open - s) >= sizeof(r->scheme_id))
		return false;
	memcpy(r->scheme_id, s, (size_t)(open - s));
	r->scheme_id[open - s] = '\0';
	hash += strlen("), hash ");
	return strlen(hash) == 16 && !strncmp(hash, r->tpl_hash, 16);
}

static enum mp_status header_of(const struct rlines *l, struct render_report *r,
				struct mp_error *err)
{
	char line[512];
	size_t end = 3;

	if (l->n < 8 || strcmp(l->v[0], "MENTORING AGREEMENT") ||
	    strncmp(l->v[1], "=====", 5) || *l->v[2])
		return mp_error_set(err, MP_ERR_INVALID,
				    "it does not start with a mentorpact "
				    "agreement's title");
	while (end < l->n && *l->v[end])
		end++;
	if (!hex64(l->v[l->n - 1]))
		return mp_error_set(err, MP_ERR_INVALID,
				    "its last line is not the template hash");
	memcpy(r->tpl_hash, l->v[l->n - 1], TPL_HASH_HEX + 1);
	if (!key_value(l, 3, end, "Scheme:", r->scheme, sizeof(r->scheme)) ||
	    !key_value(l, 3, end, "Agreement:", line, sizeof(line)) ||
	    !agreement_line(line, r) ||
	    !key_value(l, 3, end, "Template:", line, sizeof(line)) ||
	    !template_line(line, r) ||
	    !key_value(l, 3, end, "Mentor:", r->names[0],
		       sizeof(r->names[0])) ||
	    !key_value(l, 3, end, "Mentee:", r->names[1], sizeof(r->names[1])))
		return mp_error_set(err, MP_ERR_INVALID,
				    "its header (scheme, agreement, template, "
				    "mentor, mentee) cannot be read");
	return MP_OK;
}

enum mp_status rcheck_header(const char *body, size_t len,
			     struct render_report *report, struct mp_error *err)
{
	struct rlines l;
	enum mp_status st;

	if (!len || body[len - 1] != '\n')
		return mp_error_set(err, MP_ERR_INVALID,
				    "it does not end with a line end");
	if (rlines_split(body, len - 1, &l) != MP_OK)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	st = header_of(&l, report, err);
	rlines_free(&l);
	if (st != MP_OK) {
		memset(report->id, 0, sizeof(report->id));
		report->version = 0;
		report->scheme[0] = report->scheme_id[0] = '\0';
		report->tpl_hash[0] = '\0';
		memset(report->names, 0, sizeof(report->names));
		return st;
	}
	report->body_read = true;
	return MP_OK;
}

/* --- one signature ------------------------------------------------------ */

/* The global signature (over signature and trusted comment) holds. */
static bool comment_intact(const struct sign_minisig *ms,
			   const unsigned char pk[SIGN_PK_BYTES])
{
	size_t n = strlen(ms->trusted_comment);
	unsigned char *buf = malloc(SIGN_SIG_BYTES + n);
	bool ok;

	if (!buf)
		return false;
	memcpy(buf, ms->sig, SIGN_SIG_BYTES);
	memcpy(buf + SIGN_SIG_BYTES, ms->trusted_comment, n);
	ok = crypto_sign_verify_detached(ms->global_sig, buf,
					 SIGN_SIG_BYTES + n, pk) == 0;
	free(buf);
	return ok;
}

struct check {
	struct render_report *report;
	const char *body;
	size_t body_len;
	int role;
	struct render_signer *s;
};

/* The trusted comment is authentic: does it name this agreement, version,
 * role and party, and does the signature (holds) cover this body? */
static void check_claims(struct check *c, bool holds)
{
	struct render_report *rep = c->report;
	struct render_trusted *tc = &c->s->tc;
	int r = c->role;

	if (rep->body_read &&
	    (strcmp(tc->id, rep->id) || tc->version != rep->version)) {
		rcheck_issue(rep, RENDER_OTHER_AGREEMENT, r,
			     "%s's signature belongs to another agreement "
			     "(%s version %d), not to this one (%s version %d)",
			     the_role(r), tc->id, tc->version, rep->id,
			     rep->version);
		return;
	}
	if ((int)tc->role != r) {
		rcheck_issue(rep, RENDER_WRONG_ROLE, r,
			     "the signature given as %s's was made by %s "
			     "(%s): the two signatures were exchanged or "
			     "copied",
			     the_role(r), the_role((int)tc->role), tc->name);
		return;
	}
	if (!holds) {
		rcheck_issue(rep, RENDER_CHANGED, r,
			     "the text was changed after %s signed it: %s's "
			     "signature does not match it",
			     the_role(r), the_role(r));
		return;
	}
	if (rep->body_read && !uc_names_match(tc->name, rep->names[r])) {
		rcheck_issue(rep, RENDER_WRONG_NAME, r,
			     "%s signed as \"%s\", but the agreement names "
			     "%s as \"%s\"",
			     the_role(r), tc->name, the_role(r), rep->names[r]);
		return;
	}
	c->s->good = true;
}

static void check_parsed(struct check *c, const char *minisig,
			 const struct sign_minisig *ms,
			 const unsigned char keyid[SIGN_KEYID_BYTES],
			 const unsigned char pk[SIGN_PK_BYTES])
{
	struct render_report *rep = c->report;
	char want[SIGN_KEYID_HEX];
	int r = c->role;
	bool holds;

	sign_keyid_hex(ms->keyid, c->s->keyid);
	if (memcmp(ms->keyid, keyid, SIGN_KEYID_BYTES) != 0) {
		sign_keyid_hex(keyid, want);
		rcheck_issue(rep, RENDER_KEY_SWAPPED, r,
			     "%s's signature was made with key %s, but the "
			     "public key beside it is key %s: the key was "
			     "swapped",
			     the_role(r), c->s->keyid, want);
		return;
	}
	/* The whole signature, else whether at least its comment holds. */
	holds = sign_verify(minisig, strlen(minisig), keyid, pk, c->body,
			    c->body_len, NULL, NULL) == MP_OK;
	if (!holds && !comment_intact(ms, pk)) {
		rcheck_issue(rep, RENDER_COMMENT_CHANGED, r,
			     "%s's signature does not hold: its trusted "
			     "comment (agreement, role, name, time) was edited "
			     "or the signature is damaged",
			     the_role(r));
		return;
	}
	if (render_trusted_parse(ms->trusted_comment, &c->s->tc, NULL) !=
	    MP_OK) {
		char *shown = rtext_clean(ms->trusted_comment,
					  strlen(ms->trusted_comment), false);

		rcheck_issue(rep, RENDER_OTHER_AGREEMENT, r,
			     "%s's signature does not say which agreement it "
			     "signs (its trusted comment is \"%.120s\")",
			     the_role(r), shown ? shown : "?");
		free(shown);
		return;
	}
	c->s->tc_read = true;
	check_claims(c, holds);
}

static void check_signer(struct check *c, const struct rblock_sigs *sigs)
{
	unsigned char keyid[SIGN_KEYID_BYTES], pk[SIGN_PK_BYTES];
	struct render_report *rep = c->report;
	struct sign_minisig ms;
	struct mp_error e;
	int r = c->role;

	c->s->present = sigs->present[r];
	if (!sigs->present[r])
		return;
	if (sigs->damaged[r][0]) {
		rcheck_issue(rep, RENDER_BLOCK_DAMAGED, r,
			     "%s's part of the signature block is damaged: %s",
			     the_role(r), sigs->damaged[r]);
		return;
	}
	if (sign_pubkey_parse(sigs->pubkey[r], strlen(sigs->pubkey[r]), keyid,
			      pk, &e) != MP_OK) {
		rcheck_issue(rep, RENDER_BLOCK_DAMAGED, r,
			     "%s's public key is damaged: %s", the_role(r),
			     e.message);
		return;
	}
	if (sign_minisig_parse(sigs->minisig[r], strlen(sigs->minisig[r]), &ms,
			       &e) != MP_OK) {
		rcheck_issue(rep, RENDER_BLOCK_DAMAGED, r,
			     "%s's signature is damaged: %s", the_role(r),
			     e.message);
		return;
	}
	memcpy(c->s->pk, pk, SIGN_PK_BYTES);
	sign_fingerprint(pk, c->s->fp);
	c->s->key_read = true;
	check_parsed(c, sigs->minisig[r], &ms, keyid, pk);
	sign_minisig_free(&ms);
}

/* One key never signs for both parties, whatever names it signs under. */
static void check_two_keys(struct render_report *rep)
{
	const struct render_signer *s = rep->signers;

	if (s[0].key_read && s[1].key_read &&
	    sodium_memcmp(s[0].pk, s[1].pk, SIGN_PK_BYTES) == 0)
		rcheck_issue(rep, RENDER_ONE_KEY, -1,
			     "the mentor's and the mentee's signatures were "
			     "made with the same key: one person signed for "
			     "both parties");
}

/* --- the whole file ------------------------------------------------------ */

/* The offset of the last line that is exactly line, or -1. */
static long last_line(const char *text, size_t len, const char *line)
{
	size_t n = strlen(line);

	for (size_t at = len; at-- > 0;) {
		if ((at && text[at - 1] != '\n') || len - at < n ||
		    memcmp(text + at, line, n) != 0)
			continue;
		if (at + n == len || text[at + n] == '\n')
			return (long)at;
	}
	return -1;
}

/* The offset of the first line at or after from that is exactly line. */
static long first_line(const char *text, size_t len, size_t from,
		       const char *line)
{
	size_t n = strlen(line);

	for (size_t at = from; at + n <= len; at++) {
		if (at > from && text[at - 1] != '\n')
			continue;
		if (!memcmp(text + at, line, n) &&
		    (at + n == len || text[at + n] == '\n'))
			return (long)at;
	}
	return -1;
}

/* Lines after the END line that hold more than white space. */
static size_t trailing(const char *s, size_t len)
{
	size_t lines = 0;
	bool text = false;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n') {
			lines += text;
			text = false;
		} else if (s[i] != ' ' && s[i] != '\t') {
			text = true;
		}
	}
	return lines + text;
}

/* Both roles failed the same way over the text: one message says it. */
static void merge_changed(struct render_report *rep)
{
	if (rep->n_issues < 2)
		return;
	for (size_t i = 0; i + 1 < rep->n_issues; i++) {
		struct render_issue *a = &rep->issues[i], *b = a + 1;

		if (a->kind != RENDER_CHANGED || b->kind != RENDER_CHANGED)
			continue;
		a->role = -1;
		snprintf(a->message, sizeof(a->message),
			 "the text was changed after it was signed: neither "
			 "the mentor's nor the mentee's signature matches it");
		memmove(b, b + 1, (rep->n_issues - i - 2) * sizeof(*b));
		rep->n_issues--;
		return;
	}
}

static void check_missing(struct render_report *rep)
{
	const struct render_signer *s = rep->signers;

	if (!s[0].present && !s[1].present)
		rcheck_issue(rep, RENDER_MISSING, -1,
			     "the signature block holds no signature");
	else if (!s[0].present || !s[1].present)
		rcheck_issue(rep, RENDER_MISSING, s[0].present ? 1 : 0,
			     "%s's signature is missing: only %s has signed",
			     the_role(s[0].present ? 1 : 0),
			     the_role(s[0].present ? 0 : 1));
}

/* When both signatures hold: the block must be the one export writes. */
static enum mp_status check_block_text(struct render_report *rep,
				       const struct rblock_sigs *sigs,
				       const char *block, size_t len)
{
	struct ag_signature as[2];
	struct rbuf b = {0};
	enum mp_status st;

	memset(as, 0, sizeof(as));
	for (int r = 0; r < 2; r++) {
		as[r].present = true;
		as[r].minisig = sigs->minisig[r];
		as[r].pubkey = sigs->pubkey[r];
	}
	st = rblock_render(rep->id, as, &b, NULL);
	if (st == MP_OK && (b.len != len || memcmp(b.s, block, len) != 0)) {
		/* an export made before mail intake: its own help text */
		b.len = 0;
		st = rblock_render_as(rep->id, as, true, &b, NULL);
	}
	if (st == MP_OK && (b.len != len || memcmp(b.s, block, len) != 0))
		rcheck_issue(rep, RENDER_BLOCK_EDITED, -1,
			     "both signatures are good, but the readable "
			     "lines of the signature block were edited: this "
			     "is not the file as it was exported");
	rbuf_free(&b);
	return st;
}

struct split {
	size_t body_len;  /* bytes before the BEGIN line */
	size_t block_end; /* the byte after the END line's "\n" */
	bool has_end;
};

static bool split_file(const char *text, size_t len, struct split *sp,
		       struct render_report *rep)
{
	long begin = last_line(text, len, RENDER_BEGIN), end;

	if (begin < 0) {
		rcheck_issue(rep, RENDER_NO_BLOCK, -1,
			     "there is no signature block (no line \"%s\"): "
			     "nothing in this file is signed",
			     RENDER_BEGIN);
		return false;
	}
	sp->body_len = (size_t)begin;
	end = first_line(text, len, (size_t)begin, RENDER_END);
	sp->has_end = end >= 0;
	if (end < 0) {
		rcheck_issue(rep, RENDER_BLOCK_DAMAGED, -1,
			     "the signature block is cut short: its END line "
			     "(\"%s\") is missing",
			     RENDER_END);
		sp->block_end = len;
		return true;
	}
	sp->block_end = (size_t)end + strlen(RENDER_END);
	if (sp->block_end < len)
		sp->block_end++; /* its "\n" */
	rep->trailing_lines =
	    trailing(text + sp->block_end, len - sp->block_end);
	return true;
}

static enum mp_status check_lf(const char *text, size_t len,
			       struct render_report *rep, size_t *body_len,
			       struct rblock_sigs *sigs, struct mp_error *err)
{
	struct split sp = {0};
	struct mp_error e;
	enum mp_status st;

	if (!split_file(text, len, &sp, rep)) {
		if (rcheck_header(text, len, rep, &e) == MP_ERR_NOMEM)
			return mp_error_set(err, MP_ERR_NOMEM, NULL);
		return rep->status;
	}
	st = rcheck_header(text, sp.body_len, rep, &e);
	if (st == MP_ERR_NOMEM)
		return mp_error_set(err, st, NULL);
	if (st != MP_OK)
		rcheck_issue(rep, RENDER_NOT_AGREEMENT, -1,
			     "the text above the signature block is not a "
			     "mentorpact agreement: %s",
			     e.message);
	st = rblock_read(text + sp.body_len, sp.block_end - sp.body_len, sigs,
			 err);
	if (st != MP_OK)
		return st;
	for (int r = 0; r < 2; r++) {
		struct check c = {rep, text, sp.body_len, r, &rep->signers[r]};

		check_signer(&c, sigs);
	}
	check_two_keys(rep);
	check_missing(rep);
	merge_changed(rep);
	if (rep->status == MP_OK && sp.has_end)
		st = check_block_text(rep, sigs, text + sp.body_len,
				      sp.block_end - sp.body_len);
	if (st != MP_OK) {
		rblock_sigs_free(sigs);
		return mp_error_set(err, st, NULL);
	}
	if (rep->trailing_lines)
		rcheck_issue(rep, RENDER_TRAILING, -1,
			     "%zu line%s of text follow%s the END line of the "
			     "signature block: %s not signed and not part of "
			     "the agreement",
			     rep->trailing_lines,
			     rep->trailing_lines == 1 ? "" : "s",
			     rep->trailing_lines == 1 ? "s" : "",
			     rep->trailing_lines == 1 ? "it is" : "they are");
	if (rep->status != MP_OK) {
		rblock_sigs_free(sigs);
		return rep->status;
	}
	*body_len = sp.body_len;
	return MP_OK;
}

static bool has_crlf(const char *text, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		if (text[i] == '\r' && text[i + 1] == '\n')
			return true;
	return false;
}

/* A copy of text with each CR before a LF removed. */
static char *lf_only(const char *text, size_t len, size_t *out_len)
{
	char *out = malloc(len + 1);
	size_t n = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++)
		if (!(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n'))
			out[n++] = text[i];
	out[n] = '\0';
	*out_len = n;
	return out;
}

static void crlf_issue(struct render_report *rep)
{
	struct render_issue first = {RENDER_CRLF, -1, ""};

	if (rep->status == MP_OK)
		snprintf(first.message, sizeof(first.message),
			 "the line endings were rewritten as CR LF (as some "
			 "mail clients and editors do); with LF line endings "
			 "put back (tr -d '\\r' <FILE >FIXED) it verifies, "
			 "but this file as it stands does not");
	else
		snprintf(first.message, sizeof(first.message),
			 "the line endings were rewritten as CR LF (as some "
			 "mail clients and editors do), and even with LF line "
			 "endings put back it does not verify:");
	rep->good_with_lf = rep->status == MP_OK;
	rep->crlf = true;
	rep->status = MP_ERR_VERIFY;
	if (rep->n_issues == RENDER_ISSUES_MAX)
		rep->n_issues--;
	memmove(rep->issues + 1, rep->issues,
		rep->n_issues * sizeof(*rep->issues));
	rep->issues[0] = first;
	rep->n_issues++;
	for (int r = 0; r < 2; r++)
		rep->signers[r].good = false;
}

static bool no_block(const struct render_report *rep)
{
	for (size_t i = 0; i < rep->n_issues; i++)
		if (rep->issues[i].kind == RENDER_NO_BLOCK)
			return true;
	return false;
}

/* The offset of the first NUL byte or byte outside valid UTF-8 in text,
 * or len when it is all text. */
static size_t binary_at(const char *text, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	size_t i = 0;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(
		    p + i, (utf8proc_ssize_t)(len - i), &cp);

		if (k <= 0 || cp == 0)
			return i;
		i += (size_t)k;
	}
	return len;
}

/* A file without a signature block that is not even text (a program, a
 * picture, random bytes) is said to be that, rather than given the
 * reasons a text agreement could fail for. */
static void binary_issue(const char *text, size_t len,
			 struct render_report *rep)
{
	size_t at = binary_at(text, len);

	if (at == len || !no_block(rep))
		return;
	rep->n_issues = 0;
	rep->crlf = false;
	rcheck_issue(rep, RENDER_NOT_AGREEMENT, -1,
		     "this is not a text file (byte %zu is %s), so it is not "
		     "a mentorpact agreement: give the exported file "
		     "(agreement-ID-vN.txt) or the mail that carries it",
		     at + 1,
		     text[at] ? "not part of UTF-8 text" : "a NUL byte");
}

enum mp_status rcheck_text(const char *text, size_t len,
			   struct render_report *report, size_t *body_len,
			   struct rblock_sigs *sigs, struct mp_error *err)
{
	enum mp_status st;
	size_t lf_len;
	char *lf;

	memset(report, 0, sizeof(*report));
	memset(sigs, 0, sizeof(*sigs));
	*body_len = 0;
	if (!has_crlf(text, len)) {
		st = check_lf(text, len, report, body_len, sigs, err);
		binary_issue(text, len, report);
		return st;
	}
	lf = lf_only(text, len, &lf_len);
	if (!lf)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	st = check_lf(lf, lf_len, report, body_len, sigs, err);
	free(lf);
	rblock_sigs_free(sigs);
	*body_len = 0;
	if (st == MP_ERR_NOMEM)
		return st;
	/* without a block at all, its line endings are not the problem */
	if (!no_block(report))
		crlf_issue(report);
	binary_issue(text, len, report);
	return report->status;
}
