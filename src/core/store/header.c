/* header.c - encode, decode and choose the store header; see header.h. */
#include <string.h>

#include <sodium.h>

#include "mentorpact/header.h"

#define SLOTS_AT 128
#define SLOT_SIZE 80
#define SUM_AT (HEADER_COPY_SIZE - 32)

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get32(const unsigned char *p)
{
	uint32_t v = 0;
	for (int i = 3; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Bytes 0-127 of a copy: everything but the slots and the checksum. */
static void encode_fixed(const struct header *h, unsigned char *out)
{
	memset(out, 0, SLOTS_AT);
	memcpy(out, HEADER_MAGIC, 8);
	put32(out + 8, h->version);
	put32(out + 12, h->page_size);
	put32(out + 16, h->reserve);
	put32(out + 20, h->kdf_alg);
	put64(out + 24, h->opslimit);
	put64(out + 32, h->memlimit);
	put32(out + 40, h->kdf_level);
	put32(out + 44, h->generation);
	memcpy(out + 48, h->file_id, VFS_FILE_ID_SIZE);
	memcpy(out + 64, h->salt, sizeof(h->salt));
}

void header_encode(const struct header *h, unsigned char *out)
{
	memset(out, 0, HEADER_COPY_SIZE);
	encode_fixed(h, out);
	for (int i = 0; i < HEADER_SLOTS; i++) {
		unsigned char *s = out + SLOTS_AT + i * SLOT_SIZE;
		if (!h->slots[i].in_use)
			continue;
		s[0] = 1;
		memcpy(s + 8, h->slots[i].nonce, 24);
		memcpy(s + 32, h->slots[i].sealed, sizeof(h->slots[i].sealed));
	}
	crypto_generichash(out + SUM_AT, 32, out, SUM_AT, NULL, 0);
}

enum header_copy_state header_decode(const unsigned char *in,
				     struct header *h)
{
	unsigned char sum[32];

	if (memcmp(in, HEADER_MAGIC, 8) != 0)
		return HEADER_COPY_NO_MAGIC;
	crypto_generichash(sum, sizeof(sum), in, SUM_AT, NULL, 0);
	if (sodium_memcmp(sum, in + SUM_AT, sizeof(sum)) != 0)
		return HEADER_COPY_BAD_SUM;
	memset(h, 0, sizeof(*h));
	h->version = get32(in + 8);
	if (h->version != HEADER_VERSION)
		return HEADER_COPY_NEWER;
	h->page_size = get32(in + 12);
	h->reserve = get32(in + 16);
	h->kdf_alg = get32(in + 20);
	h->opslimit = get64(in + 24);
	h->memlimit = get64(in + 32);
	h->kdf_level = get32(in + 40);
	h->generation = get32(in + 44);
	memcpy(h->file_id, in + 48, VFS_FILE_ID_SIZE);
	memcpy(h->salt, in + 64, sizeof(h->salt));
	if (h->page_size != VFS_PAGE_SIZE || h->reserve != VFS_RESERVE ||
	    h->kdf_alg != crypto_pwhash_ALG_ARGON2ID13)
		return HEADER_COPY_BAD_SUM;
	for (int i = 0; i < HEADER_SLOTS; i++) {
		const unsigned char *s = in + SLOTS_AT + i * SLOT_SIZE;
		h->slots[i].in_use = s[0] == 1;
		memcpy(h->slots[i].nonce, s + 8, 24);
		memcpy(h->slots[i].sealed, s + 32, sizeof(h->slots[i].sealed));
	}
	return HEADER_COPY_OK;
}

enum mp_status header_choose(const unsigned char *buf, size_t n,
			     const char *path, struct header *h,
			     int *copies_ok, struct mp_error *err)
{
	enum header_copy_state st[2] = {HEADER_COPY_NO_MAGIC,
					HEADER_COPY_NO_MAGIC};
	struct header copy[2];

	*copies_ok = 0;
	for (int i = 0; i < 2; i++)
		if (n >= (size_t)(i + 1) * HEADER_COPY_SIZE)
			st[i] = header_decode(buf + i * HEADER_COPY_SIZE,
					      &copy[i]);
	for (int i = 0; i < 2; i++)
		*copies_ok += st[i] == HEADER_COPY_OK;
	if (st[0] == HEADER_COPY_NEWER || st[1] == HEADER_COPY_NEWER)
		return mp_error_set(err, MP_ERR_NOT_STORE,
				    "%s was made by a newer mentorpact "
				    "(store format %u); upgrade mentorpact "
				    "to open it",
				    path, copy[st[0] == HEADER_COPY_NEWER ? 0 : 1]
						  .version);
	if (*copies_ok == 2)
		*h = copy[1].generation > copy[0].generation ? copy[1]
							     : copy[0];
	else if (*copies_ok == 1)
		*h = copy[st[0] == HEADER_COPY_OK ? 0 : 1];
	else if (st[0] == HEADER_COPY_NO_MAGIC && st[1] == HEADER_COPY_NO_MAGIC)
		return mp_error_set(
			err, MP_ERR_NOT_STORE,
			n >= 16 && memcmp(buf, "SQLite format 3", 16) == 0
				? "%s is a plain SQLite database, not a "
				  "mentorpact store"
				: "%s is not a mentorpact store",
			path);
	else
		return mp_error_set(err, MP_ERR_DAMAGED,
				    "the header of %s is damaged in both "
				    "copies; restore the store from a backup",
				    path);
	return MP_OK;
}

static const struct {
	const char *name;
	uint64_t ops;
	uint64_t mem;
} kdf_levels[HEADER_KDF_LEVELS] = {
	{"interactive", crypto_pwhash_OPSLIMIT_INTERACTIVE,
	 crypto_pwhash_MEMLIMIT_INTERACTIVE},
	{"moderate", crypto_pwhash_OPSLIMIT_MODERATE,
	 crypto_pwhash_MEMLIMIT_MODERATE},
	{"sensitive", crypto_pwhash_OPSLIMIT_SENSITIVE,
	 crypto_pwhash_MEMLIMIT_SENSITIVE},
};

void header_kdf_params(uint32_t level, uint64_t *ops, uint64_t *mem)
{
	*ops = kdf_levels[level].ops;
	*mem = kdf_levels[level].mem;
}

const char *header_kdf_level_name(uint32_t level)
{
	return level < HEADER_KDF_LEVELS ? kdf_levels[level].name : "unknown";
}

enum mp_status header_check_kdf(const struct header *h, const char *path,
				struct mp_error *err)
{
	if (h->kdf_level < HEADER_KDF_LEVELS &&
	    h->opslimit == kdf_levels[h->kdf_level].ops &&
	    h->memlimit == kdf_levels[h->kdf_level].mem)
		return MP_OK;
	return mp_error_set(
		err, MP_ERR_DAMAGED,
		"the header of %s asks for Argon2id with %llu passes and "
		"%llu MiB (level %u), which is not one of mentorpact's "
		"levels (interactive: %llu passes, %llu MiB; moderate: %llu, "
		"%llu MiB; sensitive: %llu, %llu MiB): the header was altered "
		"or is damaged, and no key was derived; restore the store "
		"from a backup",
		path, (unsigned long long)h->opslimit,
		(unsigned long long)(h->memlimit >> 20), h->kdf_level,
		(unsigned long long)kdf_levels[0].ops,
		(unsigned long long)(kdf_levels[0].mem >> 20),
		(unsigned long long)kdf_levels[1].ops,
		(unsigned long long)(kdf_levels[1].mem >> 20),
		(unsigned long long)kdf_levels[2].ops,
		(unsigned long long)(kdf_levels[2].mem >> 20));
}

enum mp_status header_derive(const struct header *h, const unsigned char *pw,
			     size_t pw_len, unsigned char *kek,
			     struct mp_error *err)
{
	enum mp_status s = header_check_kdf(h, "the store", err);

	if (s != MP_OK)
		return s;
	if (crypto_pwhash(kek, VFS_KEY_SIZE, (const char *)pw, pw_len,
			  h->salt, h->opslimit, (size_t)h->memlimit,
			  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return mp_error_set(err, MP_ERR_NOMEM,
				    "not enough memory to derive the key "
				    "(%llu MiB needed)",
				    (unsigned long long)(h->memlimit >> 20));
	return MP_OK;
}

/* Associated data of slot i: the fixed header fields and the index. */
static void slot_ad(const struct header *h, int i, unsigned char ad[77])
{
	unsigned char fixed[SLOTS_AT];

	encode_fixed(h, fixed);
	memcpy(ad, fixed, 44);
	memcpy(ad + 44, fixed + 48, 32);
	ad[76] = (unsigned char)i;
}

void header_slot_seal(struct header *h, int i, const unsigned char *kek,
		      const unsigned char *key)
{
	unsigned char ad[77];
	struct header_slot *s = &h->slots[i];

	slot_ad(h, i, ad);
	randombytes_buf(s->nonce, sizeof(s->nonce));
	crypto_aead_xchacha20poly1305_ietf_encrypt(s->sealed, NULL, key,
						   VFS_KEY_SIZE, ad,
						   sizeof(ad), NULL, s->nonce,
						   kek);
	s->in_use = 1;
}

int header_slot_open(const struct header *h, int i, const unsigned char *kek,
		     unsigned char *key)
{
	unsigned char ad[77];
	const struct header_slot *s = &h->slots[i];

	if (!s->in_use)
		return -1;
	slot_ad(h, i, ad);
	return crypto_aead_xchacha20poly1305_ietf_decrypt(
		       key, NULL, NULL, s->sealed, sizeof(s->sealed), ad,
		       sizeof(ad), s->nonce, kek) == 0
		       ? 0
		       : -1;
}
