/*
 * vfs_io.c - the shim's io methods: what SQLite reads and writes of a
 * store, database pages and rollback-journal records, sealed and opened
 * on the way (vfs_page.c), with a cache of the pages last met.
 *
 * Facts about SQLite (3.40) this code relies on:
 * - database reads and writes are whole pages, except that SQLite reads
 *   100 bytes at offset 0 when it opens a database and 16 bytes at offset
 *   24 at each read transaction: both are served by decrypting the whole
 *   page into a scratch buffer and copying out the part asked for;
 * - the caller's buffer is the live page cache, so encryption happens in
 *   the scratch buffer, never in place;
 * - a rollback-journal record is three writes: the page number (4 bytes)
 *   at X, the page image at X+4, a checksum (4 bytes) at X+4+P.  Journal
 *   headers are written in chunks that can be page-sized too, and one can
 *   start right after a checksum, so a page-sized write is a page image
 *   only when the write before it was a page number at offset-4 (not the
 *   checksum that ends a record).  Hot-journal rollback reads follow the
 *   same pattern;
 * - short reads must be zero-filled and reported as SQLITE_IOERR_SHORT_READ;
 * - SQLITE_FCNTL_RESERVE_BYTES, backup and VACUUM change the reserve byte
 *   (offset 20 of page 1); a write of page 1 that does so is refused;
 * - SQLite never reads what a b-tree page holds outside its cells (the
 *   unallocated space between the cell pointer array and the cell
 *   content area, the bodies of free blocks), and rebuilding a page while
 *   balancing leaves stale copies of cells that moved elsewhere in that
 *   space, which secure_delete never reaches: every database page written
 *   has that space zeroed (vfs_scrub_page), so no page on disk keeps a copy
 *   of a deleted row.  A journal image that differs from the page on
 *   disk only there is written as that page, its record's checksum
 *   corrected (see journal_write); any other as SQLite gave it.
 *
 * Speed: a commit journals the original of every page it changes, and
 * those originals are nearly always pages this process just read or
 * wrote.  Journal images are sealed exactly like database pages (same
 * associated data), so a small cache of recent (plaintext, ciphertext)
 * pairs lets the shim write the existing ciphertext instead of sealing
 * the page again, and serve a read whose bytes on disk are unchanged
 * without decrypting.  That halves the AEAD work of a small commit.
 */
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "store_internal.h"
#include "mentorpact/vfs.h"

static uint32_t get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* --- io methods ------------------------------------------------------------ */

static int shim_close(sqlite3_file *f)
{
	struct shim_file *p = (struct shim_file *)f;
	int rc = p->real->pMethods ? p->real->pMethods->xClose(p->real)
				   : SQLITE_OK;

	sodium_memzero(p->scratch, sizeof(p->scratch));
	return rc;
}

static struct cached_page *cache_slot(struct attached *a, uint32_t pgno)
{
	return &a->cache[pgno % CACHE_SLOTS];
}

/* Remember that plain (DATA_SIZE bytes) is sealed as cipher for pgno. */
static void cache_put(struct attached *a, uint32_t pgno,
		      const unsigned char *plain, const unsigned char *cipher)
{
	struct cached_page *c = cache_slot(a, pgno);

	c->pgno = pgno;
	memcpy(c->plain, plain, DATA_SIZE);
	memcpy(c->cipher, cipher, VFS_PAGE_SIZE);
}

/* Decrypt the raw page in p->scratch, from the cache when it is known. */
static int open_raw_page(struct shim_file *p, uint32_t pgno)
{
	struct cached_page *c = cache_slot(p->store, pgno);
	unsigned char raw[VFS_PAGE_SIZE];

	if (c->pgno == pgno &&
	    memcmp(c->cipher, p->scratch, VFS_PAGE_SIZE) == 0) {
		memcpy(p->scratch, c->plain, DATA_SIZE);
		memset(p->scratch + DATA_SIZE, 0, VFS_RESERVE);
		return 0;
	}
	memcpy(raw, p->scratch, VFS_PAGE_SIZE);
	if (vfs_page_open(p->scratch, p->store->key, p->store->file_id,
			  pgno) != 0)
		return -1;
	cache_put(p->store, pgno, p->scratch, raw);
	return 0;
}

/* Read page pgno of the database into p->scratch, decrypted. */
static int read_db_page(struct shim_file *p, uint32_t pgno)
{
	sqlite3_int64 off = VFS_HEADER_SIZE +
			    (sqlite3_int64)(pgno - 1) * VFS_PAGE_SIZE;
	sqlite3_int64 size = 0;
	int rc;

	rc = p->real->pMethods->xRead(p->real, p->scratch, VFS_PAGE_SIZE, off);
	if (rc == SQLITE_IOERR_SHORT_READ) {
		if (p->real->pMethods->xFileSize(p->real, &size) == SQLITE_OK &&
		    size > off) {
			vfs_note_damage(p->store, VFS_DAMAGE_TRUNCATED, pgno);
			return SQLITE_IOERR_DATA;
		}
		return SQLITE_IOERR_SHORT_READ;
	}
	if (rc != SQLITE_OK)
		return rc;
	if (open_raw_page(p, pgno) != 0) {
		vfs_note_damage(p->store, VFS_DAMAGE_PAGE, pgno);
		return SQLITE_IOERR_DATA;
	}
	return SQLITE_OK;
}

/*
 * SQLite reads 16 bytes of page 1 at the start of every read transaction
 * to see whether the file changed.  When the page's nonce and tag on disk
 * are those of the page this process last sealed or opened, the cached
 * plaintext is that page's authentic content: serve it from the 40
 * trailing bytes alone.  (Bytes changed on disk under an unchanged tag
 * are never served; a full read or 'check' reports them.)
 */
static int read_cached_part(struct shim_file *p, uint32_t pgno, void *buf,
			    int amt, int in_page)
{
	struct cached_page *c = cache_slot(p->store, pgno);
	unsigned char trailer[VFS_RESERVE];
	sqlite3_int64 off = VFS_HEADER_SIZE +
			    (sqlite3_int64)(pgno - 1) * VFS_PAGE_SIZE +
			    DATA_SIZE;

	if (c->pgno != pgno || in_page + amt > DATA_SIZE ||
	    p->real->pMethods->xRead(p->real, trailer, VFS_RESERVE, off) !=
		    SQLITE_OK ||
	    memcmp(trailer, c->cipher + DATA_SIZE, VFS_RESERVE) != 0)
		return 0;
	memcpy(buf, c->plain + in_page, (size_t)amt);
	return 1;
}

static int db_read(struct shim_file *p, void *buf, int amt,
		   sqlite3_int64 ofst)
{
	int in_page = (int)(ofst % VFS_PAGE_SIZE);
	uint32_t pgno = (uint32_t)(ofst / VFS_PAGE_SIZE) + 1;
	int rc;

	if (amt <= 0 || in_page + amt > VFS_PAGE_SIZE)
		return SQLITE_IOERR_READ;
	if (amt < VFS_PAGE_SIZE && read_cached_part(p, pgno, buf, amt, in_page))
		return SQLITE_OK;
	rc = read_db_page(p, pgno);
	if (rc == SQLITE_IOERR_SHORT_READ) {
		memset(buf, 0, (size_t)amt);
		return rc;
	}
	if (rc == SQLITE_OK)
		memcpy(buf, p->scratch + in_page, (size_t)amt);
	return rc;
}
static int db_write(struct shim_file *p, const void *buf, int amt,
		    sqlite3_int64 ofst)
{
	uint32_t pgno = (uint32_t)(ofst / VFS_PAGE_SIZE) + 1;
	struct cached_page *c = cache_slot(p->store, pgno);
	int rc;

	if (amt != VFS_PAGE_SIZE || ofst % VFS_PAGE_SIZE != 0)
		return SQLITE_IOERR_WRITE;
	if (pgno == 1 && ((const unsigned char *)buf)[20] != VFS_RESERVE) {
		vfs_note_damage(p->store, VFS_DAMAGE_RESERVE, 1);
		return SQLITE_IOERR_WRITE;
	}
	c->pgno = 0;
	memcpy(c->plain, buf, DATA_SIZE);
	vfs_scrub_page(c->plain, pgno);
	memcpy(p->scratch, c->plain, DATA_SIZE);
	vfs_page_seal(p->scratch, p->store->key, p->store->file_id, pgno);
	rc = p->real->pMethods->xWrite(p->real, p->scratch, VFS_PAGE_SIZE,
				       VFS_HEADER_SIZE + ofst);
	if (rc == SQLITE_OK) {
		memcpy(c->cipher, p->scratch, VFS_PAGE_SIZE);
		c->pgno = pgno;
	}
	return rc;
}

/*
 * Classify a journal access of amt bytes at ofst.  Returns the page
 * number when it is a page image, else 0 (journal page numbers start at 1).
 */
static uint32_t journal_track(struct jtrack *t, const void *buf, int amt,
			      sqlite3_int64 ofst, int buf_holds_pgno)
{
	if (amt == 4) {
		if (t->want_cksum && ofst == t->cksum_off) {
			t->want_cksum = 0;
			t->have_pgno = 0;
			return 0;
		}
		t->want_cksum = 0;
		t->have_pgno = buf_holds_pgno;
		t->pgno_off = ofst;
		if (buf_holds_pgno)
			t->pgno = get_be32(buf);
		return 0;
	}
	if (amt == VFS_PAGE_SIZE && t->have_pgno &&
	    ofst == t->pgno_off + 4 && t->pgno != 0) {
		t->have_pgno = 0;
		t->want_cksum = 1;
		t->cksum_off = ofst + VFS_PAGE_SIZE;
		return t->pgno;
	}
	t->have_pgno = 0;
	t->want_cksum = 0;
	return 0;
}

/* SQLite's checksum of a journal page image, less its nonce: the sum of
 * the bytes at offsets page size - 200, - 400, ... above 0 (the
 * rollback journal's format). */
static uint32_t journal_sample_sum(const unsigned char *d)
{
	uint32_t sum = 0;

	for (int i = VFS_PAGE_SIZE - 200; i > 0; i -= 200)
		sum += d[i];
	return sum;
}

/*
 * A page image is written as the page's sealed copy on disk when it is
 * that page, or differs from it only in the space vfs_scrub_page zeroes
 * (SQLite's copy still holds what that space held).  In the latter case
 * the journal will give back the zeroed page, so the record's checksum,
 * written next, is raised by what zeroing changed in the bytes it sums.
 */
static int journal_write(struct shim_file *p, const void *buf, int amt,
			 sqlite3_int64 ofst)
{
	struct jtrack *t = &p->wr;
	int adjust = t->adjust && t->want_cksum && amt == 4 &&
		     ofst == t->cksum_off;
	uint32_t pgno = journal_track(t, buf, amt, ofst, 1);
	struct cached_page *c;
	unsigned char cksum[4];

	t->adjust = 0;
	if (adjust) {
		uint32_t v = get_be32(buf) + t->cksum_delta;
		cksum[0] = (unsigned char)(v >> 24);
		cksum[1] = (unsigned char)(v >> 16);
		cksum[2] = (unsigned char)(v >> 8);
		cksum[3] = (unsigned char)v;
		return p->real->pMethods->xWrite(p->real, cksum, 4, ofst);
	}
	if (!pgno)
		return p->real->pMethods->xWrite(p->real, buf, amt, ofst);
	c = cache_slot(p->store, pgno);
	if (c->pgno == pgno && memcmp(c->plain, buf, DATA_SIZE) == 0)
		return p->real->pMethods->xWrite(p->real, c->cipher,
						 VFS_PAGE_SIZE, ofst);
	if (c->pgno == pgno) {
		memcpy(p->scratch, buf, DATA_SIZE);
		vfs_scrub_page(p->scratch, pgno);
		if (memcmp(c->plain, p->scratch, DATA_SIZE) == 0) {
			int rc = p->real->pMethods->xWrite(
			    p->real, c->cipher, VFS_PAGE_SIZE, ofst);
			t->adjust = rc == SQLITE_OK;
			t->cksum_delta = journal_sample_sum(p->scratch) -
					 journal_sample_sum(buf);
			return rc;
		}
	}
	memcpy(p->scratch, buf, VFS_PAGE_SIZE);
	vfs_page_seal(p->scratch, p->store->key, p->store->file_id, pgno);
	return p->real->pMethods->xWrite(p->real, p->scratch, VFS_PAGE_SIZE,
					 ofst);
}

static int journal_read(struct shim_file *p, void *buf, int amt,
			sqlite3_int64 ofst)
{
	int rc = p->real->pMethods->xRead(p->real, buf, amt, ofst);
	uint32_t pgno = journal_track(&p->rd, buf, amt, ofst, rc == SQLITE_OK);

	if (rc != SQLITE_OK || !pgno)
		return rc;
	memcpy(p->scratch, buf, VFS_PAGE_SIZE);
	if (vfs_page_open(p->scratch, p->store->key, p->store->file_id,
			  pgno) != 0) {
		vfs_note_damage(p->store, VFS_DAMAGE_JOURNAL, pgno);
		memset(buf, 0, VFS_PAGE_SIZE);
		return SQLITE_IOERR_DATA;
	}
	memcpy(buf, p->scratch, VFS_PAGE_SIZE);
	return SQLITE_OK;
}

static int shim_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 ofst)
{
	struct shim_file *p = (struct shim_file *)f;

	return p->is_journal ? journal_read(p, buf, amt, ofst)
			     : db_read(p, buf, amt, ofst);
}

static int shim_write(sqlite3_file *f, const void *buf, int amt,
		      sqlite3_int64 ofst)
{
	struct shim_file *p = (struct shim_file *)f;

	return p->is_journal ? journal_write(p, buf, amt, ofst)
			     : db_write(p, buf, amt, ofst);
}

static int shim_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct shim_file *p = (struct shim_file *)f;

	if (p->is_journal) {
		memset(&p->wr, 0, sizeof(p->wr));
		return p->real->pMethods->xTruncate(p->real, size);
	}
	return p->real->pMethods->xTruncate(p->real, VFS_HEADER_SIZE + size);
}

static int shim_sync(sqlite3_file *f, int flags)
{
	struct shim_file *p = (struct shim_file *)f;

	return p->real->pMethods->xSync(p->real, flags);
}

static int shim_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	struct shim_file *p = (struct shim_file *)f;
	int rc = p->real->pMethods->xFileSize(p->real, size);

	if (rc == SQLITE_OK && !p->is_journal)
		*size = *size > VFS_HEADER_SIZE ? *size - VFS_HEADER_SIZE : 0;
	return rc;
}

static int shim_lock(sqlite3_file *f, int level)
{
	struct shim_file *p = (struct shim_file *)f;

	return p->real->pMethods->xLock(p->real, level);
}

static int shim_unlock(sqlite3_file *f, int level)
{
	struct shim_file *p = (struct shim_file *)f;

	return p->real->pMethods->xUnlock(p->real, level);
}

static int shim_check_reserved(sqlite3_file *f, int *out)
{
	struct shim_file *p = (struct shim_file *)f;

	return p->real->pMethods->xCheckReservedLock(p->real, out);
}

static int shim_file_control(sqlite3_file *f, int op, void *arg)
{
	struct shim_file *p = (struct shim_file *)f;

	switch (op) {
	case SQLITE_FCNTL_SIZE_HINT:
		if (!p->is_journal) {
			sqlite3_int64 hint = *(sqlite3_int64 *)arg +
					     VFS_HEADER_SIZE;
			return p->real->pMethods->xFileControl(p->real, op,
							       &hint);
		}
		break;
	case SQLITE_FCNTL_MMAP_SIZE:
		*(sqlite3_int64 *)arg = 0; /* never map: it bypasses us */
		return SQLITE_OK;
	case SQLITE_FCNTL_VFSNAME:
		return SQLITE_NOTFOUND;
	default:
		break;
	}
	return p->real->pMethods->xFileControl(p->real, op, arg);
}

static int shim_sector_size(sqlite3_file *f)
{
	struct shim_file *p = (struct shim_file *)f;

	return p->real->pMethods->xSectorSize(p->real);
}

static int shim_device_characteristics(sqlite3_file *f)
{
	struct shim_file *p = (struct shim_file *)f;
	int c = p->real->pMethods->xDeviceCharacteristics(p->real);

	/* Writes here are not the bytes SQLite passed: promise nothing about
	 * atomicity or appends that the encrypted layout cannot keep. */
	return c & ~(SQLITE_IOCAP_ATOMIC | SQLITE_IOCAP_ATOMIC512 |
		     SQLITE_IOCAP_ATOMIC1K | SQLITE_IOCAP_ATOMIC2K |
		     SQLITE_IOCAP_ATOMIC4K | SQLITE_IOCAP_ATOMIC8K |
		     SQLITE_IOCAP_ATOMIC16K | SQLITE_IOCAP_ATOMIC32K |
		     SQLITE_IOCAP_ATOMIC64K | SQLITE_IOCAP_SAFE_APPEND |
		     SQLITE_IOCAP_BATCH_ATOMIC);
}

const sqlite3_io_methods vfs_io_methods = {
	.iVersion = 1, /* no xShmMap (so no WAL), no xFetch (so no mmap) */
	.xClose = shim_close,
	.xRead = shim_read,
	.xWrite = shim_write,
	.xTruncate = shim_truncate,
	.xSync = shim_sync,
	.xFileSize = shim_file_size,
	.xLock = shim_lock,
	.xUnlock = shim_unlock,
	.xCheckReservedLock = shim_check_reserved,
	.xFileControl = shim_file_control,
	.xSectorSize = shim_sector_size,
	.xDeviceCharacteristics = shim_device_characteristics,
};
