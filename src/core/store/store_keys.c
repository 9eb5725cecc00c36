/*
 * store_keys.c - passphrases: the key slots of an open store.
 *
 * The data key never changes, so changing, adding or removing a
 * passphrase rewrites only the header, never a page.  Each header write
 * happens inside an IMMEDIATE transaction so that two processes cannot
 * interleave their header writes.
 */
#include <sodium.h>

#include "mentorpact/secret.h"
#include "store_internal.h"

void store_slots(const struct store *st,
		 struct store_slot_info info[STORE_MAX_SLOTS])
{
	for (int i = 0; i < STORE_MAX_SLOTS; i++) {
		info[i].index = i;
		info[i].in_use = st->hdr.slots[i].in_use;
		info[i].unlocked_this_session = i == st->slot;
	}
}

double store_kdf_seconds(const struct store *st)
{
	return st->kdf_seconds;
}

void store_kdf_limits(const struct store *st, unsigned long long *ops,
		      size_t *mem)
{
	*ops = st->hdr.opslimit;
	*mem = (size_t)st->hdr.memlimit;
}

/* Re-read the header under the write lock: another process may have
 * changed a slot since this store was opened. */
static enum mp_status reload_header(struct store *st, struct mp_error *err)
{
	unsigned char buf[VFS_HEADER_SIZE];
	size_t n = 0;
	int copies_ok;
	enum mp_status s = store_read_header(st->path, buf, &n, err);

	if (s == MP_OK)
		s = header_choose(buf, n, st->path, &st->hdr, &copies_ok, err);
	return s;
}

/* Derive the key-encryption key of pass, and the slot it already opens. */
static enum mp_status derive(struct store *st, const struct mp_secret *pass,
			     struct mp_secret **kek, int *opens,
			     struct mp_error *err)
{
	unsigned char probe[VFS_KEY_SIZE];
	enum mp_status s = secret_alloc(VFS_KEY_SIZE, kek, err);

	*opens = -1;
	if (s == MP_OK)
		s = header_derive(&st->hdr, pass->data, pass->len,
				  (*kek)->data, err);
	for (int i = 0; s == MP_OK && i < HEADER_SLOTS && *opens < 0; i++)
		if (header_slot_open(&st->hdr, i, (*kek)->data, probe) == 0)
			*opens = i;
	sodium_memzero(probe, sizeof(probe));
	if (s != MP_OK) {
		secret_free(*kek);
		*kek = NULL;
	}
	return s;
}

enum mp_status store_passphrase_opens(struct store *st,
				      const struct mp_secret *pass,
				      bool *opens, struct mp_error *err)
{
	struct mp_secret *kek;
	int slot;
	enum mp_status s = derive(st, pass, &kek, &slot, err);

	*opens = s == MP_OK && slot >= 0;
	secret_free(kek);
	return s;
}

/* Run change(st, arg) on a freshly read header, then write it, all under
 * the store's write lock. */
static enum mp_status with_header(struct store *st,
				  enum mp_status (*change)(struct store *,
							   const void *, int *,
							   struct mp_error *),
				  const void *arg, int *out,
				  struct mp_error *err)
{
	struct header saved = st->hdr;
	enum mp_status s = store_begin(st, err);

	if (s != MP_OK)
		return s;
	s = reload_header(st, err);
	if (s == MP_OK)
		s = change(st, arg, out, err);
	if (s == MP_OK)
		s = store_write_header(st->path, &st->hdr, err);
	store_rollback(st); /* nothing in the database was changed */
	if (s != MP_OK)
		st->hdr = saved;
	sodium_memzero(&saved, sizeof(saved));
	return s;
}

static enum mp_status change_passwd(struct store *st, const void *arg,
				    int *out, struct mp_error *err)
{
	struct mp_secret *kek;
	int opens;
	enum mp_status s = derive(st, arg, &kek, &opens, err);

	(void)out;
	if (s != MP_OK)
		return s;
	if (opens >= 0 && opens != st->slot) {
		secret_free(kek);
		return mp_error_set(err, MP_ERR_EXISTS,
				    "that passphrase already opens key slot "
				    "%d; choose another",
				    opens);
	}
	header_slot_seal(&st->hdr, st->slot, kek->data, st->key->data);
	secret_free(kek);
	return MP_OK;
}

enum mp_status store_passwd(struct store *st, const struct mp_secret *newpass,
			    struct mp_error *err)
{
	return with_header(st, change_passwd, newpass, NULL, err);
}

static enum mp_status change_add(struct store *st, const void *arg, int *out,
				 struct mp_error *err)
{
	struct mp_secret *kek;
	int opens, free_slot = -1;
	enum mp_status s;

	for (int i = HEADER_SLOTS - 1; i >= 0; i--)
		if (!st->hdr.slots[i].in_use)
			free_slot = i;
	if (free_slot < 0)
		return mp_error_set(err, MP_ERR_STATE,
				    "all %d key slots are in use; remove one "
				    "with 'mentorpact keys remove N' first",
				    HEADER_SLOTS);
	if ((s = derive(st, arg, &kek, &opens, err)) != MP_OK)
		return s;
	if (opens >= 0) {
		secret_free(kek);
		return mp_error_set(err, MP_ERR_EXISTS,
				    "that passphrase already opens key slot "
				    "%d; nothing was changed",
				    opens);
	}
	header_slot_seal(&st->hdr, free_slot, kek->data, st->key->data);
	secret_free(kek);
	*out = free_slot;
	return MP_OK;
}

enum mp_status store_key_add(struct store *st, const struct mp_secret *pass,
			     int *slot, struct mp_error *err)
{
	int dummy;

	return with_header(st, change_add, pass, slot ? slot : &dummy, err);
}

static enum mp_status change_remove(struct store *st, const void *arg,
				    int *out, struct mp_error *err)
{
	int n = *(const int *)arg, used = 0;

	(void)out;
	for (int i = 0; i < HEADER_SLOTS; i++)
		used += st->hdr.slots[i].in_use;
	if (n < 0 || n >= HEADER_SLOTS || !st->hdr.slots[n].in_use)
		return mp_error_set(err, MP_ERR_NOT_FOUND,
				    "key slot %d is not in use; "
				    "'mentorpact keys list' shows the slots",
				    n);
	if (used == 1)
		return mp_error_set(err, MP_ERR_STATE,
				    "key slot %d holds the only passphrase; "
				    "add another before removing it",
				    n);
	sodium_memzero(&st->hdr.slots[n], sizeof(st->hdr.slots[n]));
	return MP_OK;
}

enum mp_status store_key_remove(struct store *st, int n, struct mp_error *err)
{
	return with_header(st, change_remove, &n, NULL, err);
}
