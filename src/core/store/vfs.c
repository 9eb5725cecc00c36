/*
 * vfs.c - the encrypting SQLite VFS shim; see vfs.h for the file format.
 *
 * This file: the shim's VFS methods (the store and its journal open
 * through it, any other file is refused), registering a shim, and the
 * stores attached to it with their keys and the damage last seen.  The
 * io methods that read and write a store's files are in vfs_io.c, the
 * page sealed, opened and scrubbed in vfs_page.c.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "store_internal.h"
#include "mentorpact/vfs.h"

#define MAX_SHIMS 4
#define MAX_ATTACHED 16

struct shim {
	sqlite3_vfs vfs;
	sqlite3_vfs *base;
	char name[64];
};

static struct shim shims[MAX_SHIMS];
static struct attached attached[MAX_ATTACHED];

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

void vfs_note_damage(struct attached *a, enum vfs_damage_kind kind,
		     uint32_t pgno)
{
	a->damage.kind = kind;
	a->damage.pgno = pgno;
}

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
			vfs_note_damage(a, VFS_DAMAGE_REFUSED_FILE, 0);
		return SQLITE_CANTOPEN;
	}
	if (!a)
		return SQLITE_CANTOPEN; /* no key: never write plaintext */
	p->store = a;
	rc = s->base->xOpen(s->base, name, p->real, flags, out_flags);
	if (rc != SQLITE_OK)
		return rc;
	p->base.pMethods = &vfs_io_methods;
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
