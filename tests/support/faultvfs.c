/* faultvfs.c - the fault-injecting VFS; see faultvfs.h. */
#include <string.h>

#include <sqlite3.h>

#include "support/faultvfs.h"

struct ffile {
	sqlite3_file base;
	sqlite3_file *real;
};

static sqlite3_vfs fault_vfs;
static sqlite3_vfs *under;
static int counts[FAULT_OPS];
static int armed_op = -1, armed_k, armed_rc, fired;

static int hit(enum fault_op op)
{
	counts[op]++;
	if ((int)op == armed_op && counts[op] == armed_k) {
		fired = 1;
		return 1;
	}
	return 0;
}

#define REAL(f) (((struct ffile *)(f))->real)

static int f_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}

static int f_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
	if (hit(FAULT_READ))
		return armed_rc;
	return REAL(f)->pMethods->xRead(REAL(f), b, n, o);
}

static int f_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
	if (hit(FAULT_WRITE))
		return armed_rc;
	return REAL(f)->pMethods->xWrite(REAL(f), b, n, o);
}

static int f_truncate(sqlite3_file *f, sqlite3_int64 s)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), s);
}

static int f_sync(sqlite3_file *f, int flags)
{
	if (hit(FAULT_SYNC))
		return armed_rc;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int f_size(sqlite3_file *f, sqlite3_int64 *s)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), s);
}

static int f_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}

static int f_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}

static int f_reserved(sqlite3_file *f, int *r)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), r);
}

static int f_fcntl(sqlite3_file *f, int op, void *a)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, a);
}

static int f_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int f_devchar(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static const sqlite3_io_methods fault_methods = {
	.iVersion = 1,
	.xClose = f_close,
	.xRead = f_read,
	.xWrite = f_write,
	.xTruncate = f_truncate,
	.xSync = f_sync,
	.xFileSize = f_size,
	.xLock = f_lock,
	.xUnlock = f_unlock,
	.xCheckReservedLock = f_reserved,
	.xFileControl = f_fcntl,
	.xSectorSize = f_sector,
	.xDeviceCharacteristics = f_devchar,
};

static int f_open(sqlite3_vfs *v, const char *name, sqlite3_file *f,
		  int flags, int *out)
{
	struct ffile *p = (struct ffile *)f;
	int rc;

	(void)v;
	memset(p, 0, sizeof(*p));
	p->real = (sqlite3_file *)(p + 1);
	rc = under->xOpen(under, name, p->real, flags, out);
	if (rc == SQLITE_OK)
		p->base.pMethods = &fault_methods;
	return rc;
}

static int f_delete(sqlite3_vfs *v, const char *n, int s)
{
	(void)v;
	return under->xDelete(under, n, s);
}

static int f_access(sqlite3_vfs *v, const char *n, int fl, int *o)
{
	(void)v;
	return under->xAccess(under, n, fl, o);
}

static int f_full(sqlite3_vfs *v, const char *n, int sz, char *o)
{
	(void)v;
	return under->xFullPathname(under, n, sz, o);
}

static int f_random(sqlite3_vfs *v, int n, char *o)
{
	(void)v;
	return under->xRandomness(under, n, o);
}

static int f_sleep(sqlite3_vfs *v, int us)
{
	(void)v;
	return under->xSleep(under, us);
}

static int f_time(sqlite3_vfs *v, double *t)
{
	(void)v;
	return under->xCurrentTime(under, t);
}

int faultvfs_register(void)
{
	if (under)
		return SQLITE_OK;
	under = sqlite3_vfs_find(NULL);
	if (!under)
		return SQLITE_ERROR;
	fault_vfs.iVersion = 1;
	fault_vfs.szOsFile = (int)sizeof(struct ffile) + under->szOsFile;
	fault_vfs.mxPathname = under->mxPathname;
	fault_vfs.zName = "fault";
	fault_vfs.xOpen = f_open;
	fault_vfs.xDelete = f_delete;
	fault_vfs.xAccess = f_access;
	fault_vfs.xFullPathname = f_full;
	fault_vfs.xRandomness = f_random;
	fault_vfs.xSleep = f_sleep;
	fault_vfs.xCurrentTime = f_time;
	return sqlite3_vfs_register(&fault_vfs, 0);
}

void faultvfs_reset(void)
{
	memset(counts, 0, sizeof(counts));
	armed_op = -1;
	fired = 0;
}

void faultvfs_arm(enum fault_op op, int k, int rc)
{
	memset(counts, 0, sizeof(counts));
	armed_op = (int)op;
	armed_k = k;
	armed_rc = rc;
	fired = 0;
}

int faultvfs_count(enum fault_op op)
{
	return counts[op];
}

int faultvfs_fired(void)
{
	return fired;
}
