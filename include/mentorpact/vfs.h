/*
 * vfs.h - the SQLite VFS shim that encrypts every page of a store.
 *
 * The store file is a plaintext header of VFS_HEADER_SIZE bytes followed
 * by SQLite's pages.  The shim hides the header from SQLite (offsets are
 * shifted), encrypts each page's first VFS_PAGE_SIZE - VFS_RESERVE bytes
 * with XChaCha20-Poly1305 under the store's data key, and keeps the
 * 24-byte nonce and 16-byte tag in the page's 40 reserved bytes.  The
 * associated data binds the file id and the page number, so a page moved
 * within a file or copied from another store fails to authenticate.
 * Rollback-journal page images are sealed exactly as the database page
 * they preserve (same associated data).  Temporary files, statement journals, WAL
 * and super-journals are refused, and memory mapping is never offered
 * (the io methods are version 1, which has no xFetch).
 *
 * The key reaches the shim through vfs_attach() before sqlite3_open_v2(),
 * because opening reads the first page.
 */
#ifndef MENTORPACT_VFS_H
#define MENTORPACT_VFS_H

#include <stdint.h>

#define VFS_NAME "mentorpact"
#define VFS_HEADER_SIZE 8192 /* two 4096-byte header copies */
#define VFS_PAGE_SIZE 4096
#define VFS_RESERVE 40	     /* nonce (24) + tag (16) */
#define VFS_NONCE_SIZE 24
#define VFS_TAG_SIZE 16
#define VFS_KEY_SIZE 32
#define VFS_FILE_ID_SIZE 16

/* What the shim last found wrong in an attached store. */
enum vfs_damage_kind {
	VFS_DAMAGE_NONE,
	VFS_DAMAGE_PAGE,	 /* a database page failed authentication */
	VFS_DAMAGE_JOURNAL,	 /* a journal page image failed */
	VFS_DAMAGE_TRUNCATED,	 /* the file ends part way through a page */
	VFS_DAMAGE_RESERVE,	 /* a write tried to change the reserve size */
	VFS_DAMAGE_REFUSED_FILE, /* SQLite asked for a temp/WAL/other file */
};

struct vfs_damage {
	enum vfs_damage_kind kind;
	uint32_t pgno;
};

/*
 * Register the shim as VFS_NAME over SQLite's default VFS, once.
 * Returns an SQLite result code.
 */
int vfs_register(void);

/*
 * Register another instance of the shim called name over the VFS called
 * base (which must already be registered), e.g. over a fault-injecting
 * VFS in tests.  Returns an SQLite result code.
 */
int vfs_register_over(const char *name, const char *base);

/*
 * Tell the shim registered as vfs_name the key of the store at path.  key
 * (VFS_KEY_SIZE bytes) must stay valid until vfs_detach(); the caller
 * keeps it in guarded memory.  Returns an SQLite result code (SQLITE_FULL
 * when too many stores are attached at once).
 */
int vfs_attach(const char *vfs_name, const char *path,
	       const unsigned char *key, const unsigned char *file_id);
void vfs_detach(const char *vfs_name, const char *path);

/* The last damage the shim saw in the store at path, then reset it. */
struct vfs_damage vfs_take_damage(const char *vfs_name, const char *path);

/*
 * Encrypt a page in place: page holds VFS_PAGE_SIZE bytes whose last
 * VFS_RESERVE are overwritten with a fresh nonce and the tag.
 */
void vfs_page_seal(unsigned char *page, const unsigned char *key,
		   const unsigned char *file_id, uint32_t pgno);

/*
 * Authenticate and decrypt a page in place; the reserved bytes are zeroed.
 * Returns 0, or -1 when the page fails (and is then left unchanged).
 */
int vfs_page_open(unsigned char *page, const unsigned char *key,
		  const unsigned char *file_id, uint32_t pgno);

#endif
