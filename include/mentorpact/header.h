/*
 * header.h - the plaintext header at the start of a store file.
 *
 * The file begins with two copies of a 4096-byte header (bytes 0-4095 and
 * 4096-8191), so that a write torn half way through one copy cannot lose
 * the store.  Each copy, all integers little-endian:
 *
 *	   0   8  magic "MPACTSTO"
 *	   8   4  format version (1)
 *	  12   4  page size (4096)
 *	  16   4  reserved bytes per page (40)
 *	  20   4  KDF algorithm (crypto_pwhash_ALG_ARGON2ID13)
 *	  24   8  KDF opslimit
 *	  32   8  KDF memlimit
 *	  40   4  KDF level chosen at init (0 interactive, 1 moderate,
 *		  2 sensitive)
 *	  44   4  generation: +1 at every header write
 *	  48  16  file id (random)
 *	  64  16  KDF salt (random, one per store)
 *	  80  48  zero
 *	 128 640  8 key slots of 80 bytes:
 *		    0  1  1 when in use, else the slot is all zero
 *		    1  7  zero
 *		    8 24  nonce
 *		   32 48  the data key sealed with XChaCha20-Poly1305
 *			  (32 bytes + 16-byte tag)
 *	 768 ...  zero
 *	4064  32  BLAKE2b-256 of bytes 0-4063 (detects a torn or damaged copy)
 *
 * A slot's key is Argon2id(passphrase, salt, opslimit, memlimit); its
 * associated data is bytes 0-43 and 48-79 of the header (everything fixed
 * at init) followed by the slot's index, so changing a KDF parameter, the
 * file id or moving a slot makes every slot fail to open.
 */
#ifndef MENTORPACT_HEADER_H
#define MENTORPACT_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include "mentorpact/status.h"
#include "mentorpact/vfs.h"

#define HEADER_COPY_SIZE 4096
#define HEADER_MAGIC "MPACTSTO"
#define HEADER_VERSION 1
#define HEADER_SLOTS 8

struct header_slot {
	int in_use;
	unsigned char nonce[24];
	unsigned char sealed[VFS_KEY_SIZE + 16];
};

struct header {
	uint32_t version;
	uint32_t page_size;
	uint32_t reserve;
	uint32_t kdf_alg;
	uint64_t opslimit;
	uint64_t memlimit;
	uint32_t kdf_level;
	uint32_t generation;
	unsigned char file_id[VFS_FILE_ID_SIZE];
	unsigned char salt[16];
	struct header_slot slots[HEADER_SLOTS];
};

/* How one 4096-byte copy looks. */
enum header_copy_state {
	HEADER_COPY_OK,
	HEADER_COPY_NO_MAGIC, /* not ours at all (or magic damaged) */
	HEADER_COPY_BAD_SUM,  /* ours, but damaged or torn */
	HEADER_COPY_NEWER,    /* a format this build does not know */
};

/* Encode h into one copy (HEADER_COPY_SIZE bytes), checksum included. */
void header_encode(const struct header *h, unsigned char *out);

/* Decode and check one copy. */
enum header_copy_state header_decode(const unsigned char *in,
				     struct header *h);

/*
 * Choose the header from the two copies of a file's first 8192 bytes
 * (n of which could be read).  *copies_ok receives 0-2.  Returns MP_OK,
 * MP_ERR_NOT_STORE or MP_ERR_DAMAGED (with a message naming path).
 */
enum mp_status header_choose(const unsigned char *buf, size_t n,
			     const char *path, struct header *h,
			     int *copies_ok, struct mp_error *err);

/*
 * The key-derivation levels a header may ask for: 0 interactive,
 * 1 moderate, 2 sensitive, each exactly libsodium's pair of limits of that
 * name.  Anything else in a header was not written by mentorpact, and
 * paying for it would let whoever can write the file set the cost of every
 * unlock (hours, or gigabytes), so it is refused before any derivation.
 */
#define HEADER_KDF_LEVELS 3

/* The limits of level (< HEADER_KDF_LEVELS). */
void header_kdf_params(uint32_t level, uint64_t *ops, uint64_t *mem);

/* The level's name ("interactive"...), or "unknown". */
const char *header_kdf_level_name(uint32_t level);

/* MP_OK when h's level and limits are one of the levels above, else
 * MP_ERR_DAMAGED saying what the header asks for (path names the file). */
enum mp_status header_check_kdf(const struct header *h, const char *path,
				struct mp_error *err);

/* Derive the key-encryption key for passphrase into kek (guarded); refuses
 * limits header_check_kdf refuses. */
enum mp_status header_derive(const struct header *h, const unsigned char *pw,
			     size_t pw_len, unsigned char *kek,
			     struct mp_error *err);

/* Seal key into slot i under kek. */
void header_slot_seal(struct header *h, int i, const unsigned char *kek,
		      const unsigned char *key);

/* Open slot i with kek into key; 0 on success, -1 when it does not open. */
int header_slot_open(const struct header *h, int i, const unsigned char *kek,
		     unsigned char *key);

#endif
