/*
 * sign.c - minisign-compatible signatures and public key files: written,
 * read back and checked.  (Key pairs and sealing them: sign_key.c; key
 * fingerprints and ids: sign_fp.c.)
 *
 * The byte layouts below are minisign's (src/minisign.h in its sources):
 * each file is a comment line and a base64 line, and a signature file adds
 * the trusted comment and its signature.  Keeping to them to the byte is
 * what lets "minisign -V" check an exported agreement.
 */
#include <assert.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "minisign_internal.h"
#include "mentorpact/sign.h"

#define UNTRUSTED_PREFIX "untrusted comment: "
#define TRUSTED_PREFIX	 "trusted comment: "
#define ALG_PREHASHED	 "ED" /* Ed25519 over BLAKE2b-512(message) */
#define ALG_LEGACY	 "Ed" /* Ed25519 over the message itself */
#define DEFAULT_COMMENT	 "signature from mentorpact secret key"

/* The base64 line of a signature file. */
struct sig_bytes {
	unsigned char alg[2];
	unsigned char keyid[SIGN_KEYID_BYTES];
	unsigned char sig[SIGN_SIG_BYTES];
};

/* The base64 line of a public key file; its algorithm is always "Ed". */
struct pub_bytes {
	unsigned char alg[2];
	unsigned char keyid[SIGN_KEYID_BYTES];
	unsigned char pk[SIGN_PK_BYTES];
};

_Static_assert(sizeof(struct sig_bytes) == 74, "minisign signature layout");
_Static_assert(sizeof(struct pub_bytes) == 42, "minisign public key layout");
_Static_assert(SIGN_SIG_BYTES == crypto_sign_BYTES, "signature size");

/* --- writing --------------------------------------------------------- */

/*
 * MP_OK when len bytes of s make a comment minisign writes and reads back
 * unchanged: at most max bytes, no NUL, CR, LF or other control character
 * (C0, DEL, or C1 encoded in UTF-8).  Tabs pass only with allow_tab:
 * minisign's default trusted comment holds them, so signatures made by it
 * must be readable, but mentorpact writes none.
 */
static enum mp_status check_comment(const char *what, const char *s, size_t len,
				    size_t max, int allow_tab,
				    struct mp_error *err)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len > max)
		return mp_error_set(
		    err, MP_ERR_INVALID,
		    "the %s is too long (%zu bytes, at most %zu)", what, len,
		    max);
	for (size_t i = 0; i < len; i++) {
		int c1 = u[i] == 0xc2 && i + 1 < len && u[i + 1] >= 0x80 &&
			 u[i + 1] <= 0x9f;
		if ((u[i] < 0x20 && !(u[i] == '\t' && allow_tab)) ||
		    u[i] == 0x7f || c1)
			return mp_error_set(err, MP_ERR_INVALID,
					    "the %s must be one line without "
					    "control characters (byte %zu is "
					    "0x%02x)",
					    what, i + 1, u[i]);
	}
	return MP_OK;
}

/* *out = a malloc'd string printed from fmt. */
__attribute__((format(printf, 3, 4))) static enum mp_status
text_printf(char **out, struct mp_error *err, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	*out = n < 0 ? NULL : malloc((size_t)n + 1);
	if (!*out)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	va_start(ap, fmt);
	vsnprintf(*out, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return MP_OK;
}

/* Base64 (padded, the original alphabet, as minisign) of a few bytes. */
struct b64_line {
	char text[128];
};

static enum mp_status to_b64(struct b64_line *line, const void *bin, size_t len,
			     struct mp_error *err)
{
	assert(sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL) <=
	       sizeof(line->text));
	if (!sodium_bin2base64(line->text, sizeof(line->text), bin, len,
			       sodium_base64_VARIANT_ORIGINAL))
		return mp_error_set(err, MP_ERR_INTERNAL,
				    "base64 encoding failed");
	return MP_OK;
}

/* The Ed25519 signature over sig || trusted comment (minisign's global). */
static enum mp_status global_input(const unsigned char sig[SIGN_SIG_BYTES],
				   const char *comment, unsigned char **buf,
				   size_t *len, struct mp_error *err)
{
	size_t clen = strlen(comment);

	*len = SIGN_SIG_BYTES + clen;
	*buf = malloc(*len);
	if (!*buf)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	memcpy(*buf, sig, SIGN_SIG_BYTES);
	memcpy(*buf + SIGN_SIG_BYTES, comment, clen);
	return MP_OK;
}

/* BLAKE2b-512 of the message: what an "ED" signature signs. */
static enum mp_status prehash(const void *msg, size_t len,
			      unsigned char hash[crypto_generichash_BYTES_MAX],
			      struct mp_error *err)
{
	if (crypto_generichash(hash, crypto_generichash_BYTES_MAX, msg, len,
			       NULL, 0) != 0)
		return mp_error_set(err, MP_ERR_INTERNAL, "BLAKE2b failed");
	return MP_OK;
}

/* The two signatures of a "ED" signature file. */
static enum mp_status sign_both(const struct sign_keypair *kp, const void *msg,
				size_t len, const char *trusted_comment,
				struct sig_bytes *sig,
				unsigned char global[SIGN_SIG_BYTES],
				struct mp_error *err)
{
	unsigned char hash[crypto_generichash_BYTES_MAX];
	unsigned char *buf;
	size_t buf_len;
	enum mp_status st;
	int rc;

	st = prehash(msg, len, hash, err);
	if (st != MP_OK)
		return st;
	memcpy(sig->alg, ALG_PREHASHED, sizeof(sig->alg));
	memcpy(sig->keyid, kp->keyid, sizeof(sig->keyid));
	if (crypto_sign_detached(sig->sig, NULL, hash, sizeof(hash),
				 kp->sk->data) != 0)
		return mp_error_set(err, MP_ERR_INTERNAL, "signing failed");
	st = global_input(sig->sig, trusted_comment, &buf, &buf_len, err);
	if (st != MP_OK)
		return st;
	rc = crypto_sign_detached(global, NULL, buf, buf_len, kp->sk->data);
	free(buf);
	if (rc != 0)
		return mp_error_set(err, MP_ERR_INTERNAL, "signing failed");
	return MP_OK;
}

enum mp_status sign_detached(const struct sign_keypair *kp, const void *msg,
			     size_t len, const char *untrusted_comment,
			     const char *trusted_comment, char **minisig_text,
			     struct mp_error *err)
{
	unsigned char global[SIGN_SIG_BYTES];
	struct b64_line sig_line, global_line;
	struct sig_bytes sig;
	enum mp_status st;
	const char *uc =
	    untrusted_comment ? untrusted_comment : DEFAULT_COMMENT;
	const char *tc = trusted_comment ? trusted_comment : "";

	*minisig_text = NULL;
	if (!minisign_keypair_usable(kp))
		return mp_error_set(err, MP_ERR_INVALID,
				    "the key pair's halves do not match");
	st = check_comment("untrusted comment", uc, strlen(uc),
			   SIGN_UNTRUSTED_MAX, 0, err);
	if (st == MP_OK)
		st = check_comment("trusted comment", tc, strlen(tc),
				   SIGN_TRUSTED_MAX, 0, err);
	if (st == MP_OK)
		st = sign_both(kp, msg ? msg : "", len, tc, &sig, global, err);
	if (st == MP_OK)
		st = to_b64(&sig_line, &sig, sizeof(sig), err);
	if (st == MP_OK)
		st = to_b64(&global_line, global, sizeof(global), err);
	if (st != MP_OK)
		return st;
	return text_printf(minisig_text, err, "%s%s\n%s\n%s%s\n%s\n",
			   UNTRUSTED_PREFIX, uc, sig_line.text, TRUSTED_PREFIX,
			   tc, global_line.text);
}

enum mp_status sign_pubkey_text(const unsigned char keyid[SIGN_KEYID_BYTES],
				const unsigned char pk[SIGN_PK_BYTES],
				const char *untrusted_comment, char **text,
				struct mp_error *err)
{
	char hex[SIGN_KEYID_HEX];
	struct b64_line line;
	struct pub_bytes pub;
	enum mp_status st;

	*text = NULL;
	if (untrusted_comment) {
		st = check_comment("untrusted comment", untrusted_comment,
				   strlen(untrusted_comment),
				   SIGN_UNTRUSTED_MAX, 0, err);
		if (st != MP_OK)
			return st;
	}
	memcpy(pub.alg, ALG_LEGACY, sizeof(pub.alg));
	memcpy(pub.keyid, keyid, sizeof(pub.keyid));
	memcpy(pub.pk, pk, sizeof(pub.pk));
	st = to_b64(&line, &pub, sizeof(pub), err);
	if (st != MP_OK)
		return st;
	if (untrusted_comment)
		return text_printf(text, err, "%s%s\n%s\n", UNTRUSTED_PREFIX,
				   untrusted_comment, line.text);
	sign_keyid_hex(keyid, hex);
	return text_printf(text, err, "%sminisign public key %s\n%s\n",
			   UNTRUSTED_PREFIX, hex, line.text);
}

/* --- reading --------------------------------------------------------- */

/* A cursor over text that may hold any bytes, NULs included. */
struct reader {
	const char *p, *end;
};

/*
 * The next line, without its "\n" or "\r\n".  Returns 0 at the end of the
 * text; a last line without a newline still counts.
 */
static int next_line(struct reader *r, const char **line, size_t *len)
{
	const char *nl;

	if (r->p >= r->end)
		return 0;
	nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	*line = r->p;
	*len = (size_t)((nl ? nl : r->end) - r->p);
	r->p = nl ? nl + 1 : r->end;
	if (nl && *len > 0 && (*line)[*len - 1] == '\r')
		(*len)--;
	return 1;
}

/* Decode a base64 line that must hold exactly want bytes. */
static enum mp_status decode_line(const char *what, const char *line,
				  size_t len, unsigned char *bin, size_t want,
				  struct mp_error *err)
{
	unsigned char buf[192];
	size_t got;

	assert(want <= sizeof(buf));
	if (len / 4 * 3 > sizeof(buf))
		return mp_error_set(err, MP_ERR_INVALID,
				    "the %s has the wrong length (about %zu "
				    "bytes, expected %zu)",
				    what, len / 4 * 3, want);
	if (sodium_base642bin(buf, sizeof(buf), line, len, NULL, &got, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		return mp_error_set(err, MP_ERR_INVALID,
				    "the %s is not valid base64", what);
	if (got != want)
		return mp_error_set(err, MP_ERR_INVALID,
				    "the %s has the wrong length (%zu bytes, "
				    "expected %zu)",
				    what, got, want);
	memcpy(bin, buf, want);
	return MP_OK;
}

/* Check a comment line's prefix and text, and copy the text to *out. */
static enum mp_status read_comment(const char *what, const char *prefix,
				   const char *line, size_t len, size_t max,
				   char **out, struct mp_error *err)
{
	size_t plen = strlen(prefix);
	enum mp_status st;

	if (len < plen || memcmp(line, prefix, plen) != 0)
		return mp_error_set(err, MP_ERR_INVALID,
				    "the %s line must start with \"%s\"", what,
				    prefix);
	st = check_comment(what, line + plen, len - plen, max, 1, err);
	if (st != MP_OK)
		return st;
	*out = malloc(len - plen + 1);
	if (!*out)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	memcpy(*out, line + plen, len - plen);
	(*out)[len - plen] = '\0';
	return MP_OK;
}

static enum mp_status missing(const char *what, struct mp_error *err)
{
	return mp_error_set(err, MP_ERR_INVALID, "the signature has no %s line",
			    what);
}

/* The signature line: algorithm, key id and signature. */
static enum mp_status read_sig_line(const char *line, size_t len,
				    struct sign_minisig *out,
				    struct mp_error *err)
{
	struct sig_bytes sig;
	enum mp_status st;

	st = decode_line("signature", line, len, (unsigned char *)&sig,
			 sizeof(sig), err);
	if (st != MP_OK)
		return st;
	if (memcmp(sig.alg, ALG_PREHASHED, 2) == 0)
		out->prehashed = 1;
	else if (memcmp(sig.alg, ALG_LEGACY, 2) != 0)
		return mp_error_set(err, MP_ERR_INVALID,
				    "unknown signature algorithm "
				    "0x%02x%02x (expected \"ED\" or \"Ed\")",
				    sig.alg[0], sig.alg[1]);
	memcpy(out->keyid, sig.keyid, sizeof(out->keyid));
	memcpy(out->sig, sig.sig, sizeof(out->sig));
	return MP_OK;
}

/* The four lines, read in order; stops at the first fault. */
static enum mp_status read_minisig(struct reader *r, struct sign_minisig *out,
				   struct mp_error *err)
{
	const char *line;
	size_t len;
	enum mp_status st;

	if (!next_line(r, &line, &len))
		return missing("untrusted comment", err);
	st = read_comment("untrusted comment", UNTRUSTED_PREFIX, line, len,
			  SIGN_UNTRUSTED_MAX, &out->untrusted_comment, err);
	if (st != MP_OK)
		return st;
	if (!next_line(r, &line, &len))
		return missing("signature", err);
	st = read_sig_line(line, len, out, err);
	if (st != MP_OK)
		return st;
	if (!next_line(r, &line, &len))
		return missing("trusted comment", err);
	st = read_comment("trusted comment", TRUSTED_PREFIX, line, len,
			  SIGN_TRUSTED_MAX, &out->trusted_comment, err);
	if (st != MP_OK)
		return st;
	if (!next_line(r, &line, &len))
		return missing("global signature", err);
	st = decode_line("global signature", line, len, out->global_sig,
			 sizeof(out->global_sig), err);
	if (st != MP_OK)
		return st;
	while (next_line(r, &line, &len))
		if (len != 0)
			return mp_error_set(err, MP_ERR_INVALID,
					    "unexpected text after the "
					    "signature's global signature "
					    "line");
	return MP_OK;
}

enum mp_status sign_minisig_parse(const char *text, size_t len,
				  struct sign_minisig *out,
				  struct mp_error *err)
{
	struct reader r = {text, text + len};
	enum mp_status st;

	memset(out, 0, sizeof(*out));
	if (!text)
		return missing("untrusted comment", err);
	st = read_minisig(&r, out, err);
	if (st != MP_OK)
		sign_minisig_free(out);
	return st;
}

void sign_minisig_free(struct sign_minisig *sig)
{
	if (!sig)
		return;
	free(sig->untrusted_comment);
	free(sig->trusted_comment);
	sig->untrusted_comment = NULL;
	sig->trusted_comment = NULL;
}

enum mp_status sign_pubkey_parse(const char *text, size_t len,
				 unsigned char keyid_out[SIGN_KEYID_BYTES],
				 unsigned char pk_out[SIGN_PK_BYTES],
				 struct mp_error *err)
{
	struct reader r = {text, text + (text ? len : 0)};
	size_t plen = strlen(UNTRUSTED_PREFIX);
	struct pub_bytes pub;
	const char *line;
	size_t n;
	enum mp_status st;

	if (!next_line(&r, &line, &n))
		return mp_error_set(err, MP_ERR_INVALID,
				    "the public key is empty");
	if (n >= plen && memcmp(line, UNTRUSTED_PREFIX, plen) == 0) {
		st = check_comment("public key's comment", line + plen,
				   n - plen, SIGN_UNTRUSTED_MAX, 1, err);
		if (st != MP_OK)
			return st;
		if (!next_line(&r, &line, &n))
			return mp_error_set(err, MP_ERR_INVALID,
					    "the public key file has no key "
					    "line after its comment");
	}
	st = decode_line("public key", line, n, (unsigned char *)&pub,
			 sizeof(pub), err);
	if (st != MP_OK)
		return st;
	if (memcmp(pub.alg, ALG_LEGACY, 2) != 0)
		return mp_error_set(err, MP_ERR_INVALID,
				    "unknown public key algorithm 0x%02x%02x "
				    "(expected \"Ed\")",
				    pub.alg[0], pub.alg[1]);
	while (next_line(&r, &line, &n))
		if (n != 0)
			return mp_error_set(err, MP_ERR_INVALID,
					    "unexpected text after the public "
					    "key line");
	memcpy(keyid_out, pub.keyid, sizeof(pub.keyid));
	memcpy(pk_out, pub.pk, sizeof(pub.pk));
	return MP_OK;
}

/* --- verifying ------------------------------------------------------- */

/* Check the signature over the message, then the global signature. */
static enum mp_status check_sigs(const struct sign_minisig *sig,
				 const unsigned char pk[SIGN_PK_BYTES],
				 const void *msg, size_t msg_len,
				 struct mp_error *err)
{
	unsigned char hash[crypto_generichash_BYTES_MAX];
	unsigned char *buf;
	size_t buf_len;
	enum mp_status st;
	int rc;

	if (sig->prehashed) {
		st = prehash(msg, msg_len, hash, err);
		if (st != MP_OK)
			return st;
		msg = hash;
		msg_len = sizeof(hash);
	}
	if (crypto_sign_verify_detached(sig->sig, msg, msg_len, pk) != 0)
		return mp_error_set(err, MP_ERR_VERIFY,
				    "the signed text was changed or the "
				    "signature is damaged");
	st = global_input(sig->sig, sig->trusted_comment, &buf, &buf_len, err);
	if (st != MP_OK)
		return st;
	rc = crypto_sign_verify_detached(sig->global_sig, buf, buf_len, pk);
	free(buf);
	if (rc != 0)
		return mp_error_set(err, MP_ERR_VERIFY,
				    "the trusted comment was changed");
	return MP_OK;
}

enum mp_status sign_verify(const char *minisig_text, size_t sig_len,
			   const unsigned char keyid[SIGN_KEYID_BYTES],
			   const unsigned char pk[SIGN_PK_BYTES],
			   const void *msg, size_t msg_len,
			   struct sign_verified *out, struct mp_error *err)
{
	char have[SIGN_KEYID_HEX], want[SIGN_KEYID_HEX];
	struct sign_minisig sig;
	enum mp_status st;

	if (out)
		memset(out, 0, sizeof(*out));
	st = sign_minisig_parse(minisig_text, sig_len, &sig, err);
	if (st != MP_OK)
		return st;
	if (memcmp(sig.keyid, keyid, SIGN_KEYID_BYTES) != 0) {
		sign_keyid_hex(sig.keyid, have);
		sign_keyid_hex(keyid, want);
		st = mp_error_set(err, MP_ERR_VERIFY,
				  "signed with a different key (key id %s, "
				  "expected %s)",
				  have, want);
	}
	if (st == MP_OK)
		st = check_sigs(&sig, pk, msg ? msg : "", msg_len, err);
	if (st == MP_OK && out) {
		out->prehashed = sig.prehashed;
		memcpy(out->keyid, sig.keyid, sizeof(out->keyid));
		out->trusted_comment = sig.trusted_comment;
		sig.trusted_comment = NULL; /* now the caller's */
	}
	sign_minisig_free(&sig);
	return st;
}

void sign_verified_free(struct sign_verified *out)
{
	if (!out)
		return;
	free(out->trusted_comment);
	out->trusted_comment = NULL;
}

