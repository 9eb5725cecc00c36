/*
 * store_scan.c - hand every decrypted page of an open store to a caller.
 *
 * Used to prove that deleted content is really gone (purge and erase are
 * checked this way by the tests) and useful to any check that must look
 * at free pages too, which SQLite itself never reads.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "mentorpact/secret.h"
#include "mentorpact/vfs.h"
#include "store_internal.h"

/* Pages in the file, from its size; the header is not a page. */
static uint32_t page_count(const struct stat *sb)
{
	if (sb->st_size <= VFS_HEADER_SIZE)
		return 0;
	return (uint32_t)((sb->st_size - VFS_HEADER_SIZE) / VFS_PAGE_SIZE);
}

/* Read and decrypt page pgno of fd into page. */
static enum mp_status read_page(struct store *st, int fd, uint32_t pgno,
				unsigned char *page, struct mp_error *err)
{
	off_t off = VFS_HEADER_SIZE + (off_t)(pgno - 1) * VFS_PAGE_SIZE;

	if (pread(fd, page, VFS_PAGE_SIZE, off) != VFS_PAGE_SIZE)
		return store_errno(errno ? errno : EIO, "read", st->path, err);
	if (vfs_page_open(page, st->key->data, st->hdr.file_id, pgno) != 0)
		return mp_error_set(err, MP_ERR_DAMAGED,
				    "page %lu failed authentication: %s was "
				    "damaged or tampered with",
				    (unsigned long)pgno, st->path);
	return MP_OK;
}

enum mp_status store_scan_pages(struct store *st,
				int (*each)(void *ctx, uint32_t pgno,
					    const unsigned char *page,
					    size_t len),
				void *ctx, struct mp_error *err)
{
	unsigned char *page = sodium_malloc(VFS_PAGE_SIZE);
	enum mp_status s = MP_OK;
	struct stat sb;
	uint32_t n;
	int fd;

	if (!page)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	fd = open(st->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) != 0) {
		s = store_errno(errno, "read", st->path, err);
		if (fd >= 0)
			close(fd);
		sodium_free(page);
		return s;
	}
	n = page_count(&sb);
	for (uint32_t pgno = 1; pgno <= n && s == MP_OK; pgno++) {
		s = read_page(st, fd, pgno, page, err);
		if (s == MP_OK &&
		    each(ctx, pgno, page, VFS_PAGE_SIZE - VFS_RESERVE) != 0)
			break;
	}
	close(fd);
	sodium_free(page); /* zeroes it too */
	return s;
}
