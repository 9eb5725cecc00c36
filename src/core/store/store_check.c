/*
 * store_check.c - check a store page by page, and copy it (backup).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

#include <sodium.h>

#include "mentorpact/secret.h"
#include "store_internal.h"

/* Authenticate every page of the file, free pages included. */
static enum mp_status scan_pages(struct store *st,
				 struct store_check_report *r,
				 struct mp_error *err)
{
	unsigned char page[VFS_PAGE_SIZE];
	enum mp_status s = MP_OK;
	struct stat sb;
	int fd = open(st->path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &sb) != 0) {
		s = store_errno(errno, "read", st->path, err);
		if (fd >= 0)
			close(fd);
		return s;
	}
	r->pages = sb.st_size > VFS_HEADER_SIZE
			   ? (uint64_t)(sb.st_size - VFS_HEADER_SIZE) /
				     VFS_PAGE_SIZE
			   : 0;
	for (uint64_t pgno = 1; pgno <= r->pages; pgno++) {
		off_t off = VFS_HEADER_SIZE + (off_t)(pgno - 1) * VFS_PAGE_SIZE;
		if (pread(fd, page, sizeof(page), off) != (ssize_t)sizeof(page)) {
			s = store_errno(errno ? errno : EIO, "read", st->path,
					err);
			break;
		}
		if (vfs_page_open(page, st->key->data, st->hdr.file_id,
				  (uint32_t)pgno) != 0) {
			r->bad_page = pgno;
			s = mp_error_set(err, MP_ERR_DAMAGED,
					 "page %llu failed authentication: "
					 "%s was damaged or tampered with",
					 (unsigned long long)pgno, st->path);
			break;
		}
	}
	sodium_memzero(page, sizeof(page));
	close(fd);
	return s;
}

static enum mp_status pragma_text(struct store *st, const char *sql,
				  char *out, size_t size, struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);

	out[0] = '\0';
	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		snprintf(out, size, "%s",
			 (const char *)sqlite3_column_text(q, 0));
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_OK ? MP_OK
			       : store_sqlite_error(st, rc, "checking", err);
}

enum mp_status store_check(const char *path, const struct mp_secret *pass,
			   struct store_check_report *r, struct mp_error *err)
{
	struct store *st;
	enum mp_status s;
	char freelist[32];

	memset(r, 0, sizeof(*r));
	s = store_unlock(path, pass, &st, &r->header_copies_ok, err);
	if (s != MP_OK)
		return s;
	s = scan_pages(st, r, err);
	if (s == MP_OK)
		s = store_check_size(path, err);
	if (s == MP_OK)
		s = store_open_sqlite(st, STORE_MODE_CHECK, err);
	if (s == MP_OK)
		s = pragma_text(st, "PRAGMA integrity_check", r->integrity,
				sizeof(r->integrity), err);
	if (s == MP_OK && strcmp(r->integrity, "ok") != 0)
		s = mp_error_set(err, MP_ERR_DAMAGED,
				 "the database inside %s fails its integrity "
				 "check: %s",
				 path, r->integrity);
	if (s == MP_OK)
		s = pragma_text(st, "PRAGMA freelist_count", freelist,
				sizeof(freelist), err);
	if (s == MP_OK) {
		r->free_pages = (uint64_t)strtoull(freelist, NULL, 10);
		if (r->header_copies_ok < 2)
			s = mp_error_set(err, MP_ERR_DAMAGED,
					 "one of the two header copies of %s "
					 "is damaged (the other is intact and "
					 "was used); changing a passphrase "
					 "rewrites both",
					 path);
	}
	store_close(st);
	return s;
}

/* Copy every page of src into the empty store dst. */
static enum mp_status copy_pages(struct store *src, struct store *dst,
				 struct mp_error *err)
{
	sqlite3_backup *b = sqlite3_backup_init(dst->db, "main", src->db,
						"main");
	int rc;

	if (!b)
		return store_sqlite_error(dst, sqlite3_errcode(dst->db),
					  "starting the backup", err);
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(dst, rc, "writing the backup", err);
	return MP_OK;
}

/*
 * Give the finished copy at tmp the name dest without ever replacing a
 * file there: link() fails when dest exists, where rename() would not.
 * Where the file system has no hard links, rename() is used after a last
 * look at dest.
 */
static enum mp_status publish(const char *tmp, const char *dest,
			      struct mp_error *err)
{
	struct stat sb;

	if (link(tmp, dest) == 0) {
		unlink(tmp);
	} else if (errno == EEXIST) {
		return mp_error_set(err, MP_ERR_EXISTS,
				    "%s appeared while the backup was being "
				    "written; nothing was changed",
				    dest);
	} else if (errno == EPERM || errno == EOPNOTSUPP || errno == ENOSYS ||
		   errno == EMLINK) {
		if (lstat(dest, &sb) == 0)
			return mp_error_set(err, MP_ERR_EXISTS,
					    "%s already exists; nothing was "
					    "changed",
					    dest);
		if (rename(tmp, dest) != 0)
			return store_errno(errno, "name the backup", dest, err);
	} else {
		return store_errno(errno, "name the backup", dest, err);
	}
	store_sync_parent(dest);
	return MP_OK;
}

/* Write a copy of st into the new store file at path. */
static enum mp_status write_copy(struct store *st, const char *path,
				 struct mp_error *err)
{
	struct store *dst;
	char result[256];
	enum mp_status s;

	if ((s = store_alloc(path, &dst, err)) != MP_OK)
		return s;
	dst->hdr = st->hdr; /* same slots, so the same passphrases open it */
	dst->slot = st->slot;
	memcpy(dst->key->data, st->key->data, VFS_KEY_SIZE);
	s = store_create_file(path, &dst->hdr, err);
	if (s != MP_OK) {
		store_close(dst);
		return s;
	}
	s = store_open_sqlite(dst, STORE_MODE_CREATE, err);
	if (s == MP_OK)
		s = copy_pages(st, dst, err);
	if (s == MP_OK)
		s = pragma_text(dst, "PRAGMA quick_check", result,
				sizeof(result), err);
	if (s == MP_OK && strcmp(result, "ok") != 0)
		s = mp_error_set(err, MP_ERR_FAILED,
				 "the backup at %s does not check out (%s); "
				 "it was removed",
				 path, result);
	store_close(dst);
	return s;
}

enum mp_status store_backup(struct store *st, const char *dest,
			    struct mp_error *err)
{
	struct stat sb;
	enum mp_status s;
	char *tmp;
	size_t n = strlen(dest) + 32;
	char journal[4200];

	if (lstat(dest, &sb) == 0)
		return mp_error_set(err, MP_ERR_EXISTS,
				    "%s already exists; nothing was changed",
				    dest);
	if (!(tmp = malloc(n)))
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	snprintf(tmp, n, "%s.partial-%08x", dest,
		 (unsigned)randombytes_random());
	s = write_copy(st, tmp, err);
	if (s == MP_OK)
		s = publish(tmp, dest, err);
	if (s != MP_OK) {
		store_remove_files(tmp);
	} else if (snprintf(journal, sizeof(journal), "%s-journal", tmp) <
		   (int)sizeof(journal)) {
		unlink(journal); /* the copy's empty journal */
	}
	free(tmp);
	return s;
}
