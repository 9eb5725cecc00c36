/*
 * vfs_page.c - a store's page as it lies on disk: sealed under the data
 * key with its file id and page number as associated data, opened again,
 * and (before it is sealed) its b-tree free space zeroed, so that no page
 * written keeps a copy of a deleted row.  See vfs.h for the file format.
 */
#include <string.h>

#include <sodium.h>

#include "store_internal.h"
#include "mentorpact/vfs.h"

#define AD_SIZE (VFS_FILE_ID_SIZE + 1 + 4)

/* Below this page number a page whose first byte is a b-tree page type
 * is a b-tree page (see vfs_scrub_page); store.c keeps stores below it
 * with PRAGMA max_page_count. */
#define SCRUB_MAX_PGNO (1u << 25)

static unsigned get_be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
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
void vfs_scrub_page(unsigned char *d, uint32_t pgno)
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
