/*
 * sign.c - signing keys and minisign-compatible signatures.
 *
 * The byte layouts below are minisign's (src/minisign.h in its sources):
 * each file is a comment line and a base64 line, and a signature file adds
 * the trusted comment and its signature.  Keeping to them to the byte is
 * what lets "minisign -V" check an exported agreement.
 */
#include <assert.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

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

/*
 * A sealed secret key, as kept in the store.  Everything before box is in
 * the clear and is the associated data of the AEAD, so that no field can
 * be changed without the box failing to open.  Numbers are little-endian.
 *
 *	version	  1 byte, SEALED_VERSION
 *	keyid	  8
 *	pk	 32
 *	salt	 16   Argon2id salt
 *	opslimit  8   Argon2id passes
 *	memlimit  8   Argon2id memory, in bytes
 *	nonce	 24   XChaCha20-Poly1305 nonce
 *	box	 80   the 64-byte secret key sealed, then its 16-byte tag
 */
#define SEALED_BOX_BYTES                                                       \
	(SIGN_SK_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)

struct sealed {
	unsigned char version;
	unsigned char keyid[SIGN_KEYID_BYTES];
	unsigned char pk[SIGN_PK_BYTES];
	unsigned char salt[crypto_pwhash_argon2id_SALTBYTES];
	unsigned char opslimit[8];
	unsigned char memlimit[8];
	unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	unsigned char box[SEALED_BOX_BYTES];
};

#define SEALED_VERSION 1
#define SEAL_KEY_BYTES crypto_aead_xchacha20poly1305_ietf_KEYBYTES

_Static_assert(sizeof(struct sig_bytes) == 74, "minisign signature layout");
_Static_assert(sizeof(struct pub_bytes) == 42, "minisign public key layout");
_Static_assert(sizeof(struct sealed) == SIGN_SEALED_BYTES, "sealed layout");
_Static_assert(SIGN_PK_BYTES == crypto_sign_PUBLICKEYBYTES, "pk size");
_Static_assert(SIGN_SK_BYTES == crypto_sign_SECRETKEYBYTES, "sk size");
_Static_assert(SIGN_SIG_BYTES == crypto_sign_BYTES, "signature size");
_Static_assert(SEAL_KEY_BYTES == 32, "seal key size");

static void le64_store(unsigned char p[8], uint64_t x)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(x >> (8 * i));
}

static uint64_t le64_load(const unsigned char p[8])
{
	uint64_t x = 0;

	for (int i = 7; i >= 0; i--)
		x = (x << 8) | p[i];
	return x;
}

void sign_keyid_hex(const unsigned char keyid[SIGN_KEYID_BYTES],
		    char out[SIGN_KEYID_HEX])
{
	static const char digits[] = "0123456789ABCDEF";

	/* minisign prints le64_load(keyid) with %016" PRIX64 ". */
	for (int i = 0; i < SIGN_KEYID_BYTES; i++) {
		unsigned char b = keyid[SIGN_KEYID_BYTES - 1 - i];
		out[2 * i] = digits[b >> 4];
		out[2 * i + 1] = digits[b & 15];
	}
	out[2 * SIGN_KEYID_BYTES] = '\0';
}

/* --- key pairs ------------------------------------------------------- */

/* A key pair with its guarded secret half allocated but not filled. */
static enum mp_status keypair_alloc(struct sign_keypair **out,
				    struct mp_error *err)
{
	struct sign_keypair *kp;
	enum mp_status st;

	*out = NULL;
	kp = calloc(1, sizeof(*kp));
	if (!kp)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	st = secret_alloc(SIGN_SK_BYTES, &kp->sk, err);
	if (st != MP_OK) {
		free(kp);
		return st;
	}
	kp->sk->len = SIGN_SK_BYTES;
	*out = kp;
	return MP_OK;
}

enum mp_status sign_keypair_generate(struct sign_keypair **out,
				     struct mp_error *err)
{
	struct sign_keypair *kp;
	enum mp_status st;

	st = keypair_alloc(&kp, err);
	if (st != MP_OK)
		return st;
	if (crypto_sign_keypair(kp->pk, kp->sk->data) != 0) {
		sign_keypair_free(kp);
		return mp_error_set(err, MP_ERR_INTERNAL,
				    "could not make an Ed25519 key pair");
	}
	randombytes_buf(kp->keyid, sizeof(kp->keyid));
	*out = kp;
	return MP_OK;
}

void sign_keypair_free(struct sign_keypair *kp)
{
	if (!kp)
		return;
	secret_free(kp->sk);
	sodium_memzero(kp, sizeof(*kp));
	free(kp);
}

/* 1 when kp has a whole secret half and its public half belongs to it. */
static int keypair_usable(const struct sign_keypair *kp)
{
	/* libsodium's secret key is the seed followed by the public key. */
	return kp && kp->sk && kp->sk->len == SIGN_SK_BYTES &&
	       memcmp(kp->sk->data + SIGN_SK_BYTES - SIGN_PK_BYTES, kp->pk,
		      SIGN_PK_BYTES) == 0;
}

/* --- sealing under a passphrase -------------------------------------- */

static enum mp_status check_limits(unsigned long long opslimit,
				   unsigned long long memlimit,
				   struct mp_error *err)
{
	if (opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
	    opslimit > crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE ||
	    memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
	    memlimit > crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE)
		return mp_error_set(err, MP_ERR_INVALID,
				    "key derivation limits out of range "
				    "(%llu passes, %llu bytes)",
				    opslimit, memlimit);
	return MP_OK;
}

/* The AEAD key for s, derived from passphrase into guarded memory. */
static enum mp_status derive_key(const struct sealed *s,
				 const struct mp_secret *passphrase,
				 struct mp_secret **key, struct mp_error *err)
{
	enum mp_status st;

	st = secret_alloc(SEAL_KEY_BYTES, key, err);
	if (st != MP_OK)
		return st;
	if (crypto_pwhash((*key)->data, SEAL_KEY_BYTES,
			  (const char *)passphrase->data, passphrase->len,
			  s->salt, le64_load(s->opslimit),
			  (size_t)le64_load(s->memlimit),
			  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		secret_free(*key);
		*key = NULL;
		return mp_error_set(err, MP_ERR_NOMEM,
				    "not enough memory to derive a key "
				    "from the passphrase");
	}
	(*key)->len = SEAL_KEY_BYTES;
	return MP_OK;
}

enum mp_status sign_keypair_seal(const struct sign_keypair *kp,
				 const struct mp_secret *passphrase,
				 unsigned long long opslimit, size_t memlimit,
				 unsigned char **blob, size_t *blob_len,
				 struct mp_error *err)
{
	struct mp_secret *key;
	struct sealed *s;
	enum mp_status st;
	int rc;

	*blob = NULL;
	*blob_len = 0;
	if (!passphrase)
		return mp_error_set(err, MP_ERR_INVALID, "no passphrase");
	if (!keypair_usable(kp))
		return mp_error_set(err, MP_ERR_INVALID,
				    "the key pair's halves do not match");
	if (opslimit == 0 && memlimit == 0) {
		opslimit = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
		memlimit = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
	}
	st = check_limits(opslimit, memlimit, err);
	if (st != MP_OK)
		return st;
	s = calloc(1, sizeof(*s));
	if (!s)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	s->version = SEALED_VERSION;
	memcpy(s->keyid, kp->keyid, sizeof(s->keyid));
	memcpy(s->pk, kp->pk, sizeof(s->pk));
	randombytes_buf(s->salt, sizeof(s->salt));
	le64_store(s->opslimit, opslimit);
	le64_store(s->memlimit, memlimit);
	randombytes_buf(s->nonce, sizeof(s->nonce));

	st = derive_key(s, passphrase, &key, err);
	if (st != MP_OK) {
		free(s);
		return st;
	}
	rc = crypto_aead_xchacha20poly1305_ietf_encrypt(
	    s->box, NULL, kp->sk->data, SIGN_SK_BYTES, (const unsigned char *)s,
	    offsetof(struct sealed, box), NULL, s->nonce, key->data);
	secret_free(key);
	if (rc != 0) {
		free(s);
		return mp_error_set(err, MP_ERR_INTERNAL,
				    "could not seal the signing key");
	}
	*blob = (unsigned char *)s;
	*blob_len = sizeof(*s);
	return MP_OK;
}

/* MP_OK when blob has the shape of a sealed key this version can open. */
static enum mp_status check_sealed(const unsigned char *blob, size_t blob_len,
				   struct mp_error *err)
{
	const struct sealed *s = (const struct sealed *)blob;

	if (!blob || blob_len != sizeof(*s))
		return mp_error_set(err, MP_ERR_INVALID,
				    "not a sealed signing key (%zu bytes, "
				    "expected %zu)",
				    blob_len, sizeof(*s));
	if (s->version != SEALED_VERSION)
		return mp_error_set(err, MP_ERR_INVALID,
				    "sealed signing key of unknown version %u",
				    (unsigned)s->version);
	return check_limits(le64_load(s->opslimit), le64_load(s->memlimit),
			    err);
}

enum mp_status sign_sealed_public(const unsigned char *blob, size_t blob_len,
				  unsigned char keyid[SIGN_KEYID_BYTES],
				  unsigned char pk[SIGN_PK_BYTES],
				  struct mp_error *err)
{
	const struct sealed *s = (const struct sealed *)blob;
	enum mp_status st = check_sealed(blob, blob_len, err);

	if (st != MP_OK)
		return st;
	memcpy(keyid, s->keyid, SIGN_KEYID_BYTES);
	memcpy(pk, s->pk, SIGN_PK_BYTES);
	return MP_OK;
}

enum mp_status sign_keypair_unseal(const unsigned char *blob, size_t blob_len,
				   const struct mp_secret *passphrase,
				   struct sign_keypair **out,
				   struct mp_error *err)
{
	const struct sealed *s = (const struct sealed *)blob;
	struct sign_keypair *kp;
	struct mp_secret *key;
	enum mp_status st;
	int rc;

	*out = NULL;
	if (!passphrase)
		return mp_error_set(err, MP_ERR_INVALID, "no passphrase");
	st = check_sealed(blob, blob_len, err);
	if (st != MP_OK)
		return st;
	st = keypair_alloc(&kp, err);
	if (st != MP_OK)
		return st;
	st = derive_key(s, passphrase, &key, err);
	if (st != MP_OK) {
		sign_keypair_free(kp);
		return st;
	}
	rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
	    kp->sk->data, NULL, NULL, s->box, sizeof(s->box), blob,
	    offsetof(struct sealed, box), s->nonce, key->data);
	secret_free(key);
	memcpy(kp->keyid, s->keyid, sizeof(kp->keyid));
	memcpy(kp->pk, s->pk, sizeof(kp->pk));
	if (rc != 0) {
		sign_keypair_free(kp);
		return mp_error_set(err, MP_ERR_PASSPHRASE,
				    "wrong signing passphrase (or the sealed "
				    "signing key was damaged)");
	}
	if (!keypair_usable(kp)) {
		sign_keypair_free(kp);
		return mp_error_set(err, MP_ERR_INVALID,
				    "the sealed signing key does not match "
				    "its public key");
	}
	*out = kp;
	return MP_OK;
}

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
	if (!keypair_usable(kp))
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

/* --- fingerprints ------------------------------------------------------ */

void sign_fingerprint(const unsigned char pk[SIGN_PK_BYTES],
		      char hex[SIGN_FP_HEX])
{
	static const char label[] = "mentorpact key fingerprint";
	unsigned char fp[SIGN_FP_BYTES];
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, sizeof(fp));
	crypto_generichash_update(&h, (const unsigned char *)label,
				  sizeof(label) - 1);
	crypto_generichash_update(&h, pk, SIGN_PK_BYTES);
	crypto_generichash_final(&h, fp, sizeof(fp));
	sodium_bin2hex(hex, SIGN_FP_HEX, fp, sizeof(fp));
}

void sign_fingerprint_text(const char hex[SIGN_FP_HEX],
			   char out[SIGN_FP_TEXT])
{
	size_t n = 0;

	for (size_t i = 0; i < SIGN_FP_HEX - 1 && hex[i]; i++) {
		if (i && i % 4 == 0)
			out[n++] = ' ';
		out[n++] = (char)(hex[i] >= 'a' && hex[i] <= 'f'
					  ? hex[i] - 'a' + 'A'
					  : hex[i]);
	}
	out[n] = '\0';
}

static int hex_digit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

size_t sign_fingerprint_parse(const char *in, char hex[SIGN_FP_HEX])
{
	size_t i = 0, n = 0;

	while (n < SIGN_FP_HEX - 1) {
		if (hex_digit(in[i])) {
			char c = in[i++];
			hex[n++] = (char)(c >= 'A' && c <= 'F' ? c - 'A' + 'a'
							       : c);
		} else if (n && (in[i] == ' ' || in[i] == '-' ||
				 in[i] == ':') &&
			   hex_digit(in[i + 1])) {
			i++;
		} else {
			break;
		}
	}
	hex[n] = '\0';
	if (n != SIGN_FP_HEX - 1 || hex_digit(in[i])) {
		hex[0] = '\0';
		return 0;
	}
	return i;
}
