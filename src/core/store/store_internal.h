/*
 * store_internal.h - what the store's own files (store.c, store_keys.c,
 * store_check.c; the VFS shim: vfs.c, vfs_io.c, vfs_page.c) share; not
 * part of the core's public interface.
 */
#ifndef MENTORPACT_STORE_INTERNAL_H
#define MENTORPACT_STORE_INTERNAL_H

#include <limits.h>
#include <stdint.h>

#include <sqlite3.h>

#include "mentorpact/header.h"
#include "mentorpact/store.h"
#include "mentorpact/vfs.h"

struct store {
	char *path;
	sqlite3 *db;
	struct header hdr;
	int slot;		/* the slot this store was unlocked with */
	int attached;		/* the key is attached to the shim */
	struct mp_secret *key;	/* the data key, guarded */
	char warning[256];
	double kdf_seconds;	/* how long unlocking spent in Argon2id */
};

/* The name of the shim stores are opened through. */
const char *store_vfs_name(void);

/* Map an errno from a system call on path to a status and message. */
enum mp_status store_errno(int e, const char *what, const char *path,
			   struct mp_error *err);

/* Run SQL that returns no rows; what names the action for messages. */
enum mp_status store_exec(struct store *st, const char *sql, const char *what,
			  struct mp_error *err);

/* Read the first VFS_HEADER_SIZE bytes of path; *n receives how many. */
enum mp_status store_read_header(const char *path, unsigned char *buf,
				 size_t *n, struct mp_error *err);

/* Read the header and open a slot with pass: *slot, and the data key;
 * *kdf_seconds (unless NULL) gets the time the key derivation took. */
enum mp_status store_unlock_header(const char *path,
				   const struct mp_secret *pass,
				   struct header *h, int *slot,
				   int *copies_ok, unsigned char *key,
				   double *kdf_seconds, struct mp_error *err);

/* Write both header copies, one after the other, each made durable. */
enum mp_status store_write_header(const char *path, struct header *h,
				  struct mp_error *err);

/* Create path (0600, never over a file) holding header h and no pages. */
enum mp_status store_create_file(const char *path, const struct header *h,
				 struct mp_error *err);

void store_remove_files(const char *path);

/* Fsync the folder holding path, so that a new name there is durable. */
void store_sync_parent(const char *path);

/* A closed store for path with room for a key; store_close() frees it. */
enum mp_status store_alloc(const char *path, struct store **out,
			   struct mp_error *err);

/* The first half of store_open: header read and a slot opened, no SQLite
 * yet.  *copies_ok receives how many header copies were intact. */
enum mp_status store_unlock(const char *path, const struct mp_secret *pass,
			    struct store **out, int *copies_ok,
			    struct mp_error *err);

enum store_mode {
	STORE_MODE_OPEN,   /* open and migrate the schema forward */
	STORE_MODE_CREATE, /* an empty file: set the reserve bytes first */
	STORE_MODE_CHECK,  /* open and change nothing */
};

/* The second half: attach the key, open SQLite, configure the connection
 * and, in STORE_MODE_OPEN, migrate the schema. */
enum mp_status store_open_sqlite(struct store *st, enum store_mode mode,
				 struct mp_error *err);

/* The file holds a header and a whole number of pages, at least one. */
enum mp_status store_check_size(const char *path, struct mp_error *err);

/* Run the registered functions for every connection on db
 * (store_schema.c); an SQLite result code. */
int store_connect(sqlite3 *db);

/* Bring st's schema up to STORE_SCHEMA_VERSION with the registered
 * steps, all in one transaction (store_schema.c). */
enum mp_status store_migrate(struct store *st, struct mp_error *err);

/* --- the VFS shim (vfs.c, vfs_io.c, vfs_page.c) ---------------------------- */

#define DATA_SIZE (VFS_PAGE_SIZE - VFS_RESERVE)
#define CACHE_SLOTS 32 /* direct-mapped by page number */

/* A page as it lies on disk, decrypted and sealed: always a matching
 * pair (plain is what SQLite wrote, scrubbed; see vfs_scrub_page). */
struct cached_page {
	uint32_t pgno; /* 0: empty */
	unsigned char plain[DATA_SIZE];
	unsigned char cipher[VFS_PAGE_SIZE];
};

/* A store attached to the shim (vfs.c): its key and its page cache. */
struct attached {
	int used; /* connections attached: the entry lives while > 0 */
	struct cached_page *cache; /* CACHE_SLOTS entries */
	char path[PATH_MAX + 1];
	const unsigned char *key;
	unsigned char file_id[VFS_FILE_ID_SIZE];
	struct vfs_damage damage;
};

/* Where the last 4-byte journal access left the record parser. */
struct jtrack {
	int have_pgno;		/* last access was a page number ... */
	sqlite3_int64 pgno_off; /* ... at this offset */
	uint32_t pgno;
	int want_cksum;		  /* a page image was just accessed ... */
	sqlite3_int64 cksum_off;  /* ... so its checksum comes here */
	int adjust;		  /* and must be raised by ... */
	uint32_t cksum_delta;	  /* ... this (see journal_write) */
};

/* A file opened through the shim: the store or its rollback journal. */
struct shim_file {
	sqlite3_file base; /* must come first */
	sqlite3_file *real;
	struct attached *store;
	int is_journal;
	struct jtrack wr, rd;
	unsigned char scratch[VFS_PAGE_SIZE];
};

/* Note what the shim found wrong in the attached store a (vfs.c). */
void vfs_note_damage(struct attached *a, enum vfs_damage_kind kind,
		     uint32_t pgno);

/* The io methods of every file the shim opens (vfs_io.c). */
extern const sqlite3_io_methods vfs_io_methods;

/*
 * Zero what the b-tree page d (DATA_SIZE bytes, page pgno) holds outside
 * its cells: the unallocated space and the bodies of free blocks
 * (vfs_page.c, which says which pages are b-tree pages).
 */
void vfs_scrub_page(unsigned char *d, uint32_t pgno);

#endif
