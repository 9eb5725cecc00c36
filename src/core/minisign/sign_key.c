/*
 * sign_key.c - signing key pairs, and their secret half sealed under its
 * owner's passphrase (Argon2id, then XChaCha20-Poly1305) to be kept in a
 * store or carried to another.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "minisign_internal.h"
#include "mentorpact/sign.h"

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

_Static_assert(sizeof(struct sealed) == SIGN_SEALED_BYTES, "sealed layout");
_Static_assert(SIGN_PK_BYTES == crypto_sign_PUBLICKEYBYTES, "pk size");
_Static_assert(SIGN_SK_BYTES == crypto_sign_SECRETKEYBYTES, "sk size");
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
int minisign_keypair_usable(const struct sign_keypair *kp)
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
	if (!minisign_keypair_usable(kp))
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
	if (!minisign_keypair_usable(kp)) {
		sign_keypair_free(kp);
		return mp_error_set(err, MP_ERR_INVALID,
				    "the sealed signing key does not match "
				    "its public key");
	}
	*out = kp;
	return MP_OK;
}

