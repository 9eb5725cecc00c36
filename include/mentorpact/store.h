/*
 * store.h - the encrypted agreement store: one file, a plaintext header of
 * key slots, then SQLite pages encrypted by the VFS shim (vfs.h).
 *
 * Typical use:
 *
 *	struct store *st;
 *	if (store_open(path, passphrase, &st, &err) != MP_OK)
 *		return err.status;
 *	... queries on store_db(st), writes inside store_begin/store_commit ...
 *	store_close(st);
 *
 * Every function leaves the file as it found it when it fails.
 */
#ifndef MENTORPACT_STORE_H
#define MENTORPACT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "mentorpact/status.h"

struct mp_secret;
struct store;

/* Key-derivation strength, chosen at init (libsodium's Argon2id levels). */
enum store_kdf {
	STORE_KDF_INTERACTIVE,
	STORE_KDF_MODERATE,
	STORE_KDF_SENSITIVE,
};

#define STORE_MAX_SLOTS 8

/* The schema version this build writes; store_open migrates up to it. */
#define STORE_SCHEMA_VERSION 8

/*
 * Open stores through an encrypting shim over the SQLite VFS called base
 * instead of the default one (NULL: back to the default).  For tests that
 * put a fault-injecting VFS under the shim.
 */
void store_set_base_vfs(const char *base);

/* Parse "interactive", "moderate" or "sensitive"; -1 when unknown. */
int store_kdf_parse(const char *name);
const char *store_kdf_name(enum store_kdf kdf);

/* $XDG_DATA_HOME/mentorpact/agreements.mpact, else ~/.local/share/... */
enum mp_status store_default_path(char *buf, size_t size,
				  struct mp_error *err);

/*
 * Create a new store at path (never over an existing file; its folder is
 * made 0700 when missing), file mode 0600, with passphrase in slot 0.
 * On failure nothing is left behind.  *out is open; store_close() it.
 */
enum mp_status store_create(const char *path, const struct mp_secret *pass,
			    enum store_kdf kdf, struct store **out,
			    struct mp_error *err);

/*
 * Open an existing store.  Fails with MP_ERR_NOT_FOUND, MP_ERR_NOT_STORE,
 * MP_ERR_DAMAGED (header or page, named), MP_ERR_PASSPHRASE, MP_ERR_PERM,
 * MP_ERR_BUSY.  Migrates the schema forward when it is older.
 */
enum mp_status store_open(const char *path, const struct mp_secret *pass,
			  struct store **out, struct mp_error *err);

/* Close and wipe the key.  NULL is allowed. */
void store_close(struct store *st);

/* The open connection: every query goes through it. */
sqlite3 *store_db(struct store *st);
const char *store_path(const struct store *st);

/* A warning noticed while opening (e.g. a damaged header copy that was
 * repaired from the other), or NULL. */
const char *store_warning(const struct store *st);

/* Write transactions: BEGIN IMMEDIATE (waiting for other writers), COMMIT,
 * ROLLBACK.  store_rollback never fails from the caller's point of view. */
enum mp_status store_begin(struct store *st, struct mp_error *err);
enum mp_status store_commit(struct store *st, struct mp_error *err);
void store_rollback(struct store *st);

/*
 * Turn an SQLite result code from a call on store_db(st) into a status and
 * a message (busy, disk full, permission, damaged page N, ...).  what says
 * what was being done: "saving the draft".
 */
enum mp_status store_sqlite_error(struct store *st, int rc, const char *what,
				  struct mp_error *err);

/* How long opening st spent deriving its key (Argon2id), in seconds:
 * what opening costs beyond the key derivation is the rest. */
double store_kdf_seconds(const struct store *st);

/* The store's Argon2id limits, chosen at init; signing keys use them too. */
void store_kdf_limits(const struct store *st, unsigned long long *ops,
		      size_t *mem);

/*
 * Whether pass is one of the store's passphrases: *opens is true when it
 * opens one of its key slots.  Costs one key derivation (Argon2id at the
 * store's level); used to refuse a signing passphrase equal to the
 * store's, which the core never keeps.
 */
enum mp_status store_passphrase_opens(struct store *st,
				      const struct mp_secret *pass,
				      bool *opens, struct mp_error *err);

/* Key slots. */
struct store_slot_info {
	int index;
	int in_use;
	int unlocked_this_session; /* the slot the store was opened with */
};

/* Fill info[STORE_MAX_SLOTS]. */
void store_slots(const struct store *st,
		 struct store_slot_info info[STORE_MAX_SLOTS]);

/* Replace the passphrase of the slot this store was opened with. */
enum mp_status store_passwd(struct store *st, const struct mp_secret *newpass,
			    struct mp_error *err);

/* Add a passphrase in the first free slot; *slot receives its number. */
enum mp_status store_key_add(struct store *st, const struct mp_secret *pass,
			     int *slot, struct mp_error *err);

/* Remove slot n; refuses to remove the last one. */
enum mp_status store_key_remove(struct store *st, int n, struct mp_error *err);

/* What store_check found. */
struct store_check_report {
	uint64_t pages;		 /* pages in the file */
	uint64_t free_pages;	 /* of which on SQLite's freelist */
	uint64_t bad_page;	 /* first page failing authentication, or 0 */
	int header_copies_ok;	 /* 0, 1 or 2 */
	char integrity[256];	 /* first line of PRAGMA integrity_check */
};

/*
 * Check a store without trusting it: both header copies, every page of
 * the file authenticated (free pages too), then PRAGMA integrity_check.
 * MP_OK only when all is well; else MP_ERR_DAMAGED naming the first fault.
 */
enum mp_status store_check(const char *path, const struct mp_secret *pass,
			   struct store_check_report *report,
			   struct mp_error *err);

/*
 * Copy the open store, online, into a new store at dest (which must not
 * exist) that opens with the same passphrases.
 */
enum mp_status store_backup(struct store *st, const char *dest,
			    struct mp_error *err);

/* --- pages ---------------------------------------------------------------- */

/*
 * Read every page of the store's file as it is on disk, authenticate and
 * decrypt it, and call each(ctx, pgno, page, len) with its len plaintext
 * bytes (free pages too); each returns non-zero to stop.  Sees what is
 * committed: call it outside a write transaction.  MP_ERR_DAMAGED names
 * a page that fails.
 */
enum mp_status store_scan_pages(struct store *st,
				int (*each)(void *ctx, uint32_t pgno,
					    const unsigned char *page,
					    size_t len),
				void *ctx, struct mp_error *err);

/* --- the schema ----------------------------------------------------------
 *
 * The store knows no module's tables.  Each module owns its tables and
 * brings them as steps: step (version, part) is one part of migration
 * version, which takes the schema from version - 1 to version.  Opening a
 * store older than STORE_SCHEMA_VERSION runs, in one transaction, every
 * step of a higher version in (version, part) order, then records the
 * version.  The order of all steps, and which module owns each, is in
 * doc/ARCHITECTURE.md ("The schema"); test_schema checks what it makes.
 */
struct store_step {
	int version; /* 1 .. STORE_SCHEMA_VERSION */
	int part;    /* the order among the steps of one version */
	const char *sql;
	/* Run after sql in the same transaction (e.g. filling a new table
	 * from others), or NULL. */
	enum mp_status (*after)(struct store *st, struct mp_error *err);
};

/* Add n steps (kept, not copied) to those the store runs.  Called before
 * main through STORE_STEPS; no two steps may share a version and part. */
void store_steps_add(const struct store_step *steps, size_t n);

/* Call fn on every connection the store opens, before it migrates (e.g.
 * to register SQL functions that steps and queries use); fn returns an
 * SQLite result code.  Called before main through STORE_ON_CONNECT. */
void store_on_connect_add(int (*fn)(sqlite3 *db));

/* In a module's own file: register its array of steps, or its function
 * for every connection, when the program starts. */
#define STORE_STEPS(steps)                                                     \
	__attribute__((constructor)) static void register_##steps(void)        \
	{                                                                      \
		store_steps_add(steps, sizeof(steps) / sizeof(*(steps)));      \
	}
#define STORE_ON_CONNECT(fn)                                                   \
	__attribute__((constructor)) static void on_connect_##fn(void)         \
	{                                                                      \
		store_on_connect_add(fn);                                      \
	}

/*
 * The value of setting key into *value (malloc'd), NULL when it is not
 * set.  The settings table is the store's own: a key and a text value,
 * which the modules name (retention.SCHEME, return-address.SCHEME,
 * internal.*).
 */
enum mp_status store_setting_get(struct store *st, const char *key,
				 char **value, struct mp_error *err);

#endif
