/*
 * sign.h - signing keys and minisign-compatible signatures.
 *
 * Each person signs with an Ed25519 key.  Signatures are written in
 * minisign's own text format, so that the standard minisign tool checks
 * them and mentorpact checks minisign's:
 *
 *	untrusted comment: <text, not signed>
 *	base64("ED" | key id (8) | Ed25519(BLAKE2b-512(message)) (64))
 *	trusted comment: <text, signed>
 *	base64(Ed25519(signature (64) | trusted comment bytes) (64))
 *
 * every line ending in "\n".  A public key file is
 *
 *	untrusted comment: minisign public key <KEY ID>
 *	base64("Ed" | key id (8) | public key (32))
 *
 * The secret half of a key lives only in guarded memory (struct mp_secret)
 * and leaves it only sealed under its owner's passphrase (sign_keypair_seal).
 */
#ifndef MENTORPACT_SIGN_H
#define MENTORPACT_SIGN_H

#include <stddef.h>

#include "mentorpact/secret.h"
#include "mentorpact/status.h"

#define SIGN_KEYID_BYTES 8
#define SIGN_PK_BYTES	 32
#define SIGN_SK_BYTES	 64
#define SIGN_SIG_BYTES	 64
#define SIGN_KEYID_HEX	 17 /* 16 hex digits and a NUL */

/*
 * The longest comments minisign 0.11 reads back: its line buffers are 1024
 * and 8192 bytes, less the prefix, the newline and the NUL.
 */
#define SIGN_UNTRUSTED_MAX 1003
#define SIGN_TRUSTED_MAX   8173

/* The size of every blob sign_keypair_seal() makes. */
#define SIGN_SEALED_BYTES 177

struct sign_keypair {
	unsigned char keyid[SIGN_KEYID_BYTES];
	unsigned char pk[SIGN_PK_BYTES];
	struct mp_secret *sk; /* SIGN_SK_BYTES, guarded */
};

/* A signature file read by sign_minisig_parse(), not yet checked. */
struct sign_minisig {
	int prehashed; /* 1 for "ED", 0 for the legacy "Ed" */
	unsigned char keyid[SIGN_KEYID_BYTES];
	unsigned char sig[SIGN_SIG_BYTES];
	unsigned char global_sig[SIGN_SIG_BYTES];
	char *untrusted_comment; /* NUL-terminated, no prefix */
	char *trusted_comment;	 /* NUL-terminated, no prefix */
};

/* What a good signature said about itself. */
struct sign_verified {
	int prehashed;
	unsigned char keyid[SIGN_KEYID_BYTES];
	/* NUL-terminated; freed by sign_verified_free() */
	char *trusted_comment;
};

/*
 * Make a fresh key pair with a random key id.  On success *out is the new
 * pair, freed with sign_keypair_free(); on failure *out is NULL.
 */
enum mp_status sign_keypair_generate(struct sign_keypair **out,
				     struct mp_error *err);

/* Wipe and free a key pair; NULL is allowed. */
void sign_keypair_free(struct sign_keypair *kp);

/*
 * Seal kp's secret half under passphrase (Argon2id with opslimit and
 * memlimit, then XChaCha20-Poly1305).  Zero limits mean libsodium's
 * interactive level; other limits must lie between Argon2id's minimum and
 * its sensitive level (MP_ERR_INVALID otherwise).  On success *blob is a
 * malloc'd buffer of *blob_len (SIGN_SEALED_BYTES) bytes that the caller
 * frees with free(); it holds nothing secret in the clear.
 */
enum mp_status sign_keypair_seal(const struct sign_keypair *kp,
				 const struct mp_secret *passphrase,
				 unsigned long long opslimit, size_t memlimit,
				 unsigned char **blob, size_t *blob_len,
				 struct mp_error *err);

/*
 * Open a blob made by sign_keypair_seal().  MP_ERR_PASSPHRASE when the
 * passphrase is wrong (or the sealed bytes were changed: the two cannot be
 * told apart), MP_ERR_INVALID when the blob is not one at all.  On success
 * *out is the key pair (free with sign_keypair_free()); else NULL.
 */
enum mp_status sign_keypair_unseal(const unsigned char *blob, size_t blob_len,
				   const struct mp_secret *passphrase,
				   struct sign_keypair **out,
				   struct mp_error *err);

/*
 * The public half (and key id) of a blob made by sign_keypair_seal(),
 * which keeps them in the clear (authenticated, not secret); no
 * passphrase needed.  MP_ERR_INVALID when the blob is not one.
 */
enum mp_status sign_sealed_public(const unsigned char *blob, size_t blob_len,
				  unsigned char keyid[SIGN_KEYID_BYTES],
				  unsigned char pk[SIGN_PK_BYTES],
				  struct mp_error *err);

/*
 * Sign len bytes of msg (NULL allowed when len is 0) the way "minisign -S"
 * does ("ED", prehashed).  The comments must be one line each, without
 * control characters, at most SIGN_UNTRUSTED_MAX and SIGN_TRUSTED_MAX
 * bytes (MP_ERR_INVALID otherwise); a NULL untrusted comment becomes
 * "signature from mentorpact secret key", a NULL trusted one "".  On
 * success *minisig_text is the NUL-terminated text of the .minisig file,
 * to free with free().
 */
enum mp_status sign_detached(const struct sign_keypair *kp, const void *msg,
			     size_t len, const char *untrusted_comment,
			     const char *trusted_comment, char **minisig_text,
			     struct mp_error *err);

/*
 * The text of a minisign public key file for keyid and pk.  A NULL comment
 * becomes minisign's own "minisign public key <KEY ID>".  *text is
 * NUL-terminated and freed with free().
 */
enum mp_status sign_pubkey_text(const unsigned char keyid[SIGN_KEYID_BYTES],
				const unsigned char pk[SIGN_PK_BYTES],
				const char *untrusted_comment, char **text,
				struct mp_error *err);

/*
 * Read a public key: either a whole minisign .pub file (its comment line
 * and its key line) or the key line alone, as "minisign -P" takes it.
 * MP_ERR_INVALID with a message saying what is wrong otherwise.
 */
enum mp_status sign_pubkey_parse(const char *text, size_t len,
				 unsigned char keyid_out[SIGN_KEYID_BYTES],
				 unsigned char pk_out[SIGN_PK_BYTES],
				 struct mp_error *err);

/*
 * Read the len bytes of a .minisig file into *out without checking the
 * signature.  Lines end in "\n" or "\r\n"; only blank lines may follow the
 * fourth.  MP_ERR_INVALID names the first thing wrong (a missing line, bad
 * base64, a wrong length, an unknown algorithm, a bad comment).  On
 * success free *out's contents with sign_minisig_free(); on failure *out
 * holds nothing to free.
 */
enum mp_status sign_minisig_parse(const char *text, size_t len,
				  struct sign_minisig *out,
				  struct mp_error *err);

/* Free the comments of a parsed signature; NULL is allowed. */
void sign_minisig_free(struct sign_minisig *sig);

/*
 * Check that minisig_text (sig_len bytes) is a good signature of msg by the
 * key keyid/pk, as "minisign -V" does; legacy "Ed" signatures are accepted.
 * MP_ERR_INVALID for an unreadable signature, MP_ERR_VERIFY for a key id
 * mismatch, a changed message or a changed trusted comment, each with its
 * own message.  On success, when out is not NULL, it is filled and the
 * caller frees it with sign_verified_free(); on failure it holds nothing.
 */
enum mp_status sign_verify(const char *minisig_text, size_t sig_len,
			   const unsigned char keyid[SIGN_KEYID_BYTES],
			   const unsigned char pk[SIGN_PK_BYTES],
			   const void *msg, size_t msg_len,
			   struct sign_verified *out, struct mp_error *err);

/* Free what sign_verify() put in out; NULL is allowed. */
void sign_verified_free(struct sign_verified *out);

/*
 * Write keyid as minisign prints it: the 8 bytes read as a little-endian
 * number, in upper-case hex.  Always 16 digits, as minisign's current
 * sources print them ("%016" PRIX64); Debian's minisign 0.11 prints "%lX",
 * without leading zeros.
 */
void sign_keyid_hex(const unsigned char keyid[SIGN_KEYID_BYTES],
		    char out[SIGN_KEYID_HEX]);

/*
 * A key's fingerprint: what people read aloud to check a key.  It is the
 * first SIGN_FP_BYTES of BLAKE2b("mentorpact key fingerprint" || pk),
 * so it depends on the public key alone (a key id is chosen freely by
 * whoever makes a key, and says nothing).  hex is 32 lower-case hex
 * digits; the text form is 8 groups of 4 upper-case digits.
 */
#define SIGN_FP_BYTES 16
#define SIGN_FP_HEX   33 /* 32 hex digits and a NUL */
#define SIGN_FP_TEXT  40 /* "1A2B 3C4D 5E6F 7A8B 9C0D 1E2F 3A4B 5C6D" */

void sign_fingerprint(const unsigned char pk[SIGN_PK_BYTES],
		      char hex[SIGN_FP_HEX]);

/* The grouped, upper-case form of a fingerprint's hex digits. */
void sign_fingerprint_text(const char hex[SIGN_FP_HEX],
			   char out[SIGN_FP_TEXT]);

/*
 * Read a fingerprint as a person types it: 32 hex digits, any case, with
 * single spaces, '-' or ':' between groups allowed.  Returns the number of
 * bytes of in it took, or 0 when in does not start with a fingerprint.
 */
size_t sign_fingerprint_parse(const char *in, char hex[SIGN_FP_HEX]);

#endif
