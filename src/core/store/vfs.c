/*
 * vfs.c - the encrypting SQLite VFS shim; see vfs.h for the file format.
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
 *   has that space zeroed (scrub_page), so no page on disk keeps a copy
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
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "mentorpact/vfs.h"

#define DATA_SIZE (VFS_PAGE_SIZE - VFS_RESERVE)
#define AD_SIZE (VFS_FILE_ID_SIZE + 1 + 4)
#define MAX_SHIMS 4
#define MAX_ATTACHED 16
#define CACHE_SLOTS 32 /* direct-mapped by page number */
/* Below this page number a page whose first byte is a b-tree page type
 * is a b-tree page (see scrub_page); store.c keeps stores below it with
 * PRAGMA max_page_count. */
#define SCRUB_MAX_PGNO (1u << 25)

struct shim {
	sqlite3_vfs vfs;
	sqlite3_vfs *base;
	char name[64];
};

/* A page as it lies on disk, decrypted and sealed: always a matching
 * pair (plain is what SQLite wrote, scrubbed; see scrub_page). */
struct cached_page {
	uint32_t pgno; /* 0: empty */
	unsigned char plain[DATA_SIZE];
	unsigned char cipher[VFS_PAGE_SIZE];
};

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

struct shim_file {
	sqlite3_file base; /* must come first */
	sqlite3_file *real;
	struct attached *store;
	int is_journal;
	struct jtrack wr, rd;
	unsigned char scratch[VFS_PAGE_SIZE];
};

static struct shim shims[MAX_SHIMS];
static struct attached attached[MAX_ATTACHED];

static unsigned get_be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void make_ad(unsigned char ad[AD_SIZE], const unsigned char *file_id,
		    uint32_t pgno)
{
	memcpy(ad, file_id, VFS_FILE_ID_SIZE);
	ad[16] = 'P';
	ad[17] = (unsigned char)(pgno >> 24);
	ad[18] = (unsigned char)(pgno >> 16);
	ad[19] = (unsigned char)(pgno >> 8);
	ad[20] = (unsigned char)pgno;
}

void vfs_page_seal(unsigned char *page, const unsigned char *key,
		   const unsigned char *file_id, uint32_t pgno)
{
	unsigned char ad[AD_SIZE];
	unsigned char *nonce = page + DATA_SIZE;
	unsigned char *tag = nonce + VFS_NONCE_SIZE;

	make_ad(ad, file_id, pgno);
	randombytes_buf(nonce, VFS_NONCE_SIZE);
	crypto_aead_xchacha20poly1305_ietf_encrypt_detached(
		page, tag, NULL, page, DATA_SIZE, ad, sizeof(ad), NULL, nonce,
		key);
}

int vfs_page_open(unsigned char *page, const unsigned char *key,
		  const unsigned char *file_id, uint32_t pgno)
{
	unsigned char ad[AD_SIZE];
	unsigned char *nonce = page + DATA_SIZE;
	unsigned char *tag = nonce + VFS_NONCE_SIZE;

	make_ad(ad, file_id, pgno);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt_detached(
		    page, NULL, page, DATA_SIZE, tag, ad, sizeof(ad), nonce,
		    key) != 0)
		return -1;
	memset(page + DATA_SIZE, 0, VFS_RESERVE);
	return 0;
}

static struct shim *shim_of(sqlite3_vfs *vfs)
{
	return (struct shim *)vfs;
}

static struct attached *find_attached(const char *path)
{
	if (!path)
		return NULL;
	for (int i = 0; i < MAX_ATTACHED; i++)
		if (attached[i].used && strcmp(attached[i].path, path) == 0)
			return &attached[i];
	return NULL;
}

static void note_damage(struct attached *a, enum vfs_damage_kind kind,
			uint32_t pgno)
{
	a->damage.kind = kind;
	a->damage.pgno = pgno;
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
			note_damage(p->store, VFS_DAMAGE_TRUNCATED, pgno);
			return SQLITE_IOERR_DATA;
		}
		return SQLITE_IOERR_SHORT_READ;
	}
	if (rc != SQLITE_OK)
		return rc;
	if (open_raw_page(p, pgno) != 0) {
		note_damage(p->store, VFS_DAMAGE_PAGE, pgno);
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

/*
 * Zero what the b-tree page d (DATA_SIZE bytes, page pgno) holds outside
 * its cells: the unallocated space between the cell pointer array and
 * the cell content area, and the free blocks but their 4-byte headers.
 * Which pages are b-tree pages: below SCRUB_MAX_PGNO pages, the first
 * byte of an overflow or freelist trunk page (the high byte of a page
 * number) is 0 or 1 and freed pages are zeroed (secure_delete), so a
 * page whose first byte (at offset 100 on page 1) is 2, 5, 10 or 13 is a
 * b-tree page of that type.  A page whose header, cell pointers or free
 * block chain do not hold together is left as it is.
 */
static void scrub_page(unsigned char *d, uint32_t pgno)
{
	unsigned hdr = pgno == 1 ? 100 : 0, type = d[hdr];
	unsigned ptrs = hdr + (type == 2 || type == 5 ? 12 : 8);
	unsigned ncell, top, end, fb, prev_end;

	if (pgno >= SCRUB_MAX_PGNO ||
	    (type != 2 && type != 5 && type != 10 && type != 13))
		return;
	ncell = get_be16(d + hdr + 3);
	top = get_be16(d + hdr + 5);
	end = ptrs + 2 * ncell;
	if (top < end || top > DATA_SIZE)
		return;
	for (unsigned i = 0; i < ncell; i++) {
		unsigned c = get_be16(d + ptrs + 2 * i);
		if (c < top || c >= DATA_SIZE)
			return;
	}
	prev_end = top;
	for (fb = get_be16(d + hdr + 1); fb; fb = get_be16(d + fb)) {
		unsigned size;
		if (fb < prev_end || fb + 4 > DATA_SIZE)
			return;
		size = get_be16(d + fb + 2);
		if (size < 4 || fb + size > DATA_SIZE)
			return;
		prev_end = fb + size;
	}
	memset(d + end, 0, top - end);
	for (fb = get_be16(d + hdr + 1); fb; fb = get_be16(d + fb))
		memset(d + fb + 4, 0, get_be16(d + fb + 2) - 4);
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
		note_damage(p->store, VFS_DAMAGE_RESERVE, 1);
		return SQLITE_IOERR_WRITE;
	}
	c->pgno = 0;
	memcpy(c->plain, buf, DATA_SIZE);
	scrub_page(c->plain, pgno);
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
 * that page, or differs from it only in the space scrub_page zeroes
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
		scrub_page(p->scratch, pgno);
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
		note_damage(p->store, VFS_DAMAGE_JOURNAL, pgno);
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

static const sqlite3_io_methods shim_methods = {
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

/* --- vfs methods ------------------------------------------------------------ */

static int shim_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f,
		     int flags, int *out_flags)
{
	struct shim *s = shim_of(vfs);
	struct shim_file *p = (struct shim_file *)f;
	struct attached *a = NULL;
	int rc;

	memset(p, 0, sizeof(*p));
	p->real = (sqlite3_file *)(p + 1);
	if (flags & SQLITE_OPEN_MAIN_DB) {
		a = find_attached(name);
	} else if (flags & SQLITE_OPEN_MAIN_JOURNAL) {
		a = find_attached(sqlite3_filename_database(name));
		p->is_journal = 1;
	} else {
		/* Temp databases, statement journals, WAL, super-journals:
		 * each would hold plaintext, so none may exist. */
		a = find_attached(name ? sqlite3_filename_database(name)
				       : NULL);
		if (a)
			note_damage(a, VFS_DAMAGE_REFUSED_FILE, 0);
		return SQLITE_CANTOPEN;
	}
	if (!a)
		return SQLITE_CANTOPEN; /* no key: never write plaintext */
	p->store = a;
	rc = s->base->xOpen(s->base, name, p->real, flags, out_flags);
	if (rc != SQLITE_OK)
		return rc;
	p->base.pMethods = &shim_methods;
	return SQLITE_OK;
}

static int shim_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	return shim_of(vfs)->base->xDelete(shim_of(vfs)->base, name, sync_dir);
}

static int shim_access(sqlite3_vfs *vfs, const char *name, int flags,
		       int *out)
{
	return shim_of(vfs)->base->xAccess(shim_of(vfs)->base, name, flags,
					   out);
}

static int shim_full_pathname(sqlite3_vfs *vfs, const char *name, int n,
			      char *out)
{
	return shim_of(vfs)->base->xFullPathname(shim_of(vfs)->base, name, n,
						 out);
}

static int shim_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	randombytes_buf(out, (size_t)n);
	return n;
}

static int shim_sleep(sqlite3_vfs *vfs, int us)
{
	return shim_of(vfs)->base->xSleep(shim_of(vfs)->base, us);
}

static int shim_current_time(sqlite3_vfs *vfs, double *t)
{
	return shim_of(vfs)->base->xCurrentTime(shim_of(vfs)->base, t);
}

static int shim_get_last_error(sqlite3_vfs *vfs, int n, char *buf)
{
	sqlite3_vfs *b = shim_of(vfs)->base;

	return b->xGetLastError ? b->xGetLastError(b, n, buf) : 0;
}

static int shim_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *t)
{
	sqlite3_vfs *b = shim_of(vfs)->base;

	if (b->iVersion >= 2 && b->xCurrentTimeInt64)
		return b->xCurrentTimeInt64(b, t);
	double d;
	int rc = b->xCurrentTime(b, &d);
	*t = (sqlite3_int64)(d * 86400000.0);
	return rc;
}

static struct shim *find_shim(const char *name)
{
	for (int i = 0; i < MAX_SHIMS; i++)
		if (shims[i].base && strcmp(shims[i].name, name) == 0)
			return &shims[i];
	return NULL;
}

int vfs_register_over(const char *name, const char *base_name)
{
	sqlite3_vfs *base = sqlite3_vfs_find(base_name);
	struct shim *s = NULL;

	if (find_shim(name))
		return SQLITE_OK;
	if (!base || strlen(name) >= sizeof(s->name))
		return SQLITE_ERROR;
	if (sodium_init() < 0)
		return SQLITE_ERROR;
	for (int i = 0; i < MAX_SHIMS && !s; i++)
		if (!shims[i].base)
			s = &shims[i];
	if (!s)
		return SQLITE_FULL;
	memset(s, 0, sizeof(*s));
	s->base = base;
	strcpy(s->name, name);
	s->vfs.iVersion = 2;
	s->vfs.szOsFile = (int)sizeof(struct shim_file) + base->szOsFile;
	s->vfs.mxPathname = base->mxPathname;
	s->vfs.zName = s->name;
	s->vfs.xOpen = shim_open;
	s->vfs.xDelete = shim_delete;
	s->vfs.xAccess = shim_access;
	s->vfs.xFullPathname = shim_full_pathname;
	s->vfs.xRandomness = shim_randomness;
	s->vfs.xSleep = shim_sleep;
	s->vfs.xCurrentTime = shim_current_time;
	s->vfs.xGetLastError = shim_get_last_error;
	s->vfs.xCurrentTimeInt64 = shim_current_time_int64;
	return sqlite3_vfs_register(&s->vfs, 0);
}

int vfs_register(void)
{
	sqlite3_vfs *def = sqlite3_vfs_find(NULL);

	if (find_shim(VFS_NAME))
		return SQLITE_OK;
	if (!def)
		return SQLITE_ERROR;
	return vfs_register_over(VFS_NAME, def->zName);
}

/*
 * The path as SQLite will name it to xOpen.  A path through a symbolic
 * link is resolved and reported as SQLITE_OK_SYMLINK: that is success,
 * and the resolved name is the one xOpen will see.
 */
static int canonical_path(struct shim *s, const char *path, char *out)
{
	int rc = s->base->xFullPathname(s->base, path, PATH_MAX, out);

	return rc == SQLITE_OK_SYMLINK ? SQLITE_OK : rc;
}

int vfs_attach(const char *vfs_name, const char *path,
	       const unsigned char *key, const unsigned char *file_id)
{
	struct shim *s = find_shim(vfs_name);
	char full[PATH_MAX + 1];
	struct attached *a;
	int rc;

	if (!s)
		return SQLITE_ERROR;
	rc = canonical_path(s, path, full);
	if (rc != SQLITE_OK)
		return rc;
	a = find_attached(full);
	for (int i = 0; i < MAX_ATTACHED && !a; i++)
		if (!attached[i].used)
			a = &attached[i];
	if (!a)
		return SQLITE_FULL;
	if (a->used) {
		/* another connection to the same store: the key is the same */
		a->used++;
		return SQLITE_OK;
	}
	memset(a, 0, sizeof(*a));
	a->cache = calloc(CACHE_SLOTS, sizeof(*a->cache));
	if (!a->cache)
		return SQLITE_NOMEM;
	a->used = 1;
	strcpy(a->path, full);
	a->key = key;
	memcpy(a->file_id, file_id, VFS_FILE_ID_SIZE);
	return SQLITE_OK;
}

void vfs_detach(const char *vfs_name, const char *path)
{
	struct shim *s = find_shim(vfs_name);
	char full[PATH_MAX + 1];
	struct attached *a;

	if (!s || canonical_path(s, path, full) != SQLITE_OK)
		return;
	a = find_attached(full);
	if (a && --a->used == 0) {
		sodium_memzero(a->cache, CACHE_SLOTS * sizeof(*a->cache));
		free(a->cache);
		memset(a, 0, sizeof(*a));
	}
}

struct vfs_damage vfs_take_damage(const char *vfs_name, const char *path)
{
	struct vfs_damage d = {VFS_DAMAGE_NONE, 0};
	struct shim *s = find_shim(vfs_name);
	char full[PATH_MAX + 1];
	struct attached *a;

	if (!s || canonical_path(s, path, full) != SQLITE_OK)
		return d;
	a = find_attached(full);
	if (a) {
		d = a->damage;
		a->damage.kind = VFS_DAMAGE_NONE;
		a->damage.pgno = 0;
	}
	return d;
}
