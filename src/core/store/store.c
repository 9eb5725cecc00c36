/*
 * store.c - create, open, migrate and close the encrypted store.
 *
 * Opening is: read the header (header.c), derive the key-encryption key
 * with Argon2id, open a key slot to get the data key, attach the data key
 * to the VFS shim (vfs.c), then sqlite3_open_v2 through the shim.  The
 * data key lives in guarded memory for as long as the store is open.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "mentorpact/header.h"
#include "mentorpact/secret.h"
#include "mentorpact/store.h"
#include "mentorpact/vfs.h"
#include "store_internal.h"

static char shim_name[64] = VFS_NAME;

int store_kdf_parse(const char *name)
{
	static const char *const names[] = {"interactive", "moderate",
					    "sensitive"};
	for (int i = 0; i < 3; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

const char *store_kdf_name(enum store_kdf kdf)
{
	switch (kdf) {
	case STORE_KDF_INTERACTIVE:
		return "interactive";
	case STORE_KDF_MODERATE:
		return "moderate";
	case STORE_KDF_SENSITIVE:
		return "sensitive";
	}
	return "?";
}

enum mp_status store_default_path(char *buf, size_t size,
				  struct mp_error *err)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	int n;

	if (xdg && *xdg == '/')
		n = snprintf(buf, size, "%s/mentorpact/agreements.mpact", xdg);
	else if (home && *home)
		n = snprintf(buf, size,
			     "%s/.local/share/mentorpact/agreements.mpact",
			     home);
	else
		return mp_error_set(err, MP_ERR_USAGE,
				    "neither XDG_DATA_HOME nor HOME is set; "
				    "name the store with --store FILE");
	if (n < 0 || (size_t)n >= size)
		return mp_error_set(err, MP_ERR_USAGE,
				    "the store's path is too long");
	return MP_OK;
}

void store_set_base_vfs(const char *base)
{
	if (!base) {
		snprintf(shim_name, sizeof(shim_name), "%s", VFS_NAME);
		return;
	}
	snprintf(shim_name, sizeof(shim_name), "%s+%s", VFS_NAME, base);
	vfs_register_over(shim_name, base);
}

const char *store_vfs_name(void)
{
	return shim_name;
}

sqlite3 *store_db(struct store *st)
{
	return st->db;
}

const char *store_path(const struct store *st)
{
	return st->path;
}

const char *store_warning(const struct store *st)
{
	return st->warning[0] ? st->warning : NULL;
}

enum mp_status store_errno(int e, const char *what, const char *path,
			   struct mp_error *err)
{
	enum mp_status s = e == ENOENT		      ? MP_ERR_NOT_FOUND
			   : e == EACCES || e == EPERM || e == EROFS ? MP_ERR_PERM
			   : e == ENOSPC || e == EDQUOT ? MP_ERR_FULL
			   : e == EEXIST		? MP_ERR_EXISTS
							: MP_ERR_IO;
	if (s == MP_ERR_PERM)
		return mp_error_set(err, s,
				    "permission denied: cannot %s %s (%s); "
				    "check who owns it and its folder",
				    what, path, strerror(e));
	if (s == MP_ERR_FULL)
		return mp_error_set(err, s,
				    "the disk is full: cannot %s %s; nothing "
				    "was changed",
				    what, path);
	return mp_error_set(err, s, "cannot %s %s: %s", what, path,
			    strerror(e));
}

enum mp_status store_sqlite_error(struct store *st, int rc, const char *what,
				  struct mp_error *err)
{
	struct vfs_damage d = vfs_take_damage(shim_name, st->path);
	int sys = st->db ? sqlite3_system_errno(st->db) : 0;
	const char *msg = st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);

	switch (d.kind) {
	case VFS_DAMAGE_PAGE:
		return mp_error_set(err, MP_ERR_DAMAGED,
				    "page %u failed authentication: %s was "
				    "damaged or tampered with (while %s)",
				    d.pgno, st->path, what);
	case VFS_DAMAGE_JOURNAL:
		return mp_error_set(err, MP_ERR_DAMAGED,
				    "the journal of %s is damaged at page %u "
				    "(while %s)",
				    st->path, d.pgno, what);
	case VFS_DAMAGE_TRUNCATED:
		return mp_error_set(err, MP_ERR_DAMAGED,
				    "%s ends part way through page %u: it was "
				    "cut short (while %s)",
				    st->path, d.pgno, what);
	case VFS_DAMAGE_RESERVE:
	case VFS_DAMAGE_REFUSED_FILE:
		return mp_error_set(err, MP_ERR_INTERNAL,
				    "refused an unencrypted write to %s "
				    "(while %s)",
				    st->path, what);
	case VFS_DAMAGE_NONE:
		break;
	}
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return mp_error_set(err, MP_ERR_BUSY,
				    "%s is busy: another mentorpact is using "
				    "it; try again in a moment (while %s)",
				    st->path, what);
	case SQLITE_FULL:
		return mp_error_set(err, MP_ERR_FULL,
				    "the disk holding %s is full; nothing was "
				    "changed (while %s)",
				    st->path, what);
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return mp_error_set(err, MP_ERR_PERM,
				    "permission denied writing %s (while %s)",
				    st->path, what);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return mp_error_set(err, MP_ERR_DAMAGED,
				    "the database inside %s is damaged: %s "
				    "(while %s)",
				    st->path, msg, what);
	case SQLITE_NOMEM:
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		if (sys == ENOSPC || sys == EDQUOT)
			return mp_error_set(err, MP_ERR_FULL,
					    "the disk holding %s is full; "
					    "nothing was changed (while %s)",
					    st->path, what);
		if (sys == EACCES || sys == EPERM || sys == EROFS)
			return mp_error_set(err, MP_ERR_PERM,
					    "permission denied on %s or its "
					    "folder (while %s)",
					    st->path, what);
		return mp_error_set(err, MP_ERR_IO,
				    "input/output error on %s: %s (while %s)",
				    st->path, sys ? strerror(sys) : msg, what);
	default:
		return mp_error_set(err, MP_ERR_FAILED, "%s failed: %s", what,
				    msg);
	}
}

enum mp_status store_exec(struct store *st, const char *sql, const char *what,
			  struct mp_error *err)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? MP_OK : store_sqlite_error(st, rc, what, err);
}

enum mp_status store_begin(struct store *st, struct mp_error *err)
{
	return store_exec(st, "BEGIN IMMEDIATE", "starting a change", err);
}

enum mp_status store_commit(struct store *st, struct mp_error *err)
{
	enum mp_status s = store_exec(st, "COMMIT", "saving", err);

	if (s != MP_OK)
		store_rollback(st);
	return s;
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * Wait for another process's lock in short, even steps for up to
 * STORE_BUSY_MS: SQLite's own busy timeout backs off to 100 ms sleeps, so
 * a writer committing in a loop can starve another for seconds.
 */
#define STORE_BUSY_MS 15000
static int busy_wait(void *arg, int tries)
{
	(void)arg;
	if (tries >= STORE_BUSY_MS)
		return 0;
	sqlite3_sleep(1);
	return 1;
}

/* The settings every connection needs; see DESIGN.md "The encrypted store". */
static enum mp_status configure(struct store *st, struct mp_error *err)
{
	int rc;

	sqlite3_busy_handler(st->db, busy_wait, NULL);
	sqlite3_extended_result_codes(st->db, 1);
	if ((rc = store_connect(st->db)) != SQLITE_OK)
		return store_sqlite_error(st, rc, "opening the store", err);
	return store_exec(st,
			  "PRAGMA temp_store=MEMORY;"
			  "PRAGMA mmap_size=0;"
			  "PRAGMA journal_mode=TRUNCATE;"
			  "PRAGMA synchronous=FULL;"
			  "PRAGMA foreign_keys=ON;"
			  "PRAGMA secure_delete=ON;"
			  /* below the page count at which vfs.c can no longer
			   * tell b-tree pages by their first byte: 128 GiB */
			  "PRAGMA max_page_count=33554431;"
			  "PRAGMA trusted_schema=OFF;"
			  "SELECT count(*) FROM sqlite_schema;",
			  "opening the store", err);
}

enum mp_status store_alloc(const char *path, struct store **out,
				  struct mp_error *err)
{
	struct store *st = calloc(1, sizeof(*st));
	enum mp_status s;

	*out = NULL;
	if (!st || !(st->path = strdup(path))) {
		free(st);
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	s = secret_alloc(VFS_KEY_SIZE, &st->key, err);
	if (s != MP_OK) {
		free(st->path);
		free(st);
		return s;
	}
	st->key->len = VFS_KEY_SIZE;
	st->slot = -1;
	*out = st;
	return MP_OK;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->db)
		sqlite3_close_v2(st->db);
	if (st->attached)
		vfs_detach(shim_name, st->path);
	secret_free(st->key);
	sodium_memzero(&st->hdr, sizeof(st->hdr));
	free(st->path);
	free(st);
}

/* Attach the key and open SQLite through the shim. */
static enum mp_status open_sqlite(struct store *st, int create,
				  struct mp_error *err)
{
	int rc;

	if (vfs_register() != SQLITE_OK)
		return mp_error_set(err, MP_ERR_INTERNAL,
				    "cannot register the encrypting VFS");
	rc = vfs_attach(shim_name, st->path, st->key->data, st->hdr.file_id);
	if (rc != SQLITE_OK)
		return mp_error_set(err, MP_ERR_INTERNAL,
				    "cannot attach the key for %s", st->path);
	st->attached = 1;
	rc = sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READWRITE,
			     shim_name);
	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "opening the store", err);
	if (create) {
		int reserve = VFS_RESERVE;
		rc = sqlite3_file_control(st->db, "main",
					  SQLITE_FCNTL_RESERVE_BYTES, &reserve);
		if (rc != SQLITE_OK)
			return store_sqlite_error(st, rc, "creating the store",
						  err);
	}
	return configure(st, err);
}

enum mp_status store_read_header(const char *path, unsigned char *buf,
				 size_t *n, struct mp_error *err)
{
	struct stat sb;
	ssize_t got;
	/* O_NONBLOCK: a FIFO named as the store must not hang the open;
	 * it is refused below as not a regular file. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			return mp_error_set(err, MP_ERR_NOT_FOUND,
					    "there is no store at %s; create "
					    "one with 'mentorpact init'",
					    path);
		return store_errno(errno, "open", path, err);
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return mp_error_set(err, MP_ERR_NOT_STORE,
				    "%s is not a mentorpact store (not a "
				    "regular file)",
				    path);
	}
	got = pread(fd, buf, VFS_HEADER_SIZE, 0);
	close(fd);
	if (got < 0)
		return store_errno(errno, "read", path, err);
	*n = (size_t)got;
	return MP_OK;
}

enum mp_status store_check_size(const char *path, struct mp_error *err)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return store_errno(errno, "examine", path, err);
	if (sb.st_size <= VFS_HEADER_SIZE)
		return mp_error_set(err, MP_ERR_DAMAGED,
				    "%s ends part way through its header or "
				    "holds no pages: it was cut short",
				    path);
	if ((sb.st_size - VFS_HEADER_SIZE) % VFS_PAGE_SIZE == 0)
		return MP_OK;
	return mp_error_set(err, MP_ERR_DAMAGED,
			    "%s ends part way through page %lld: it was cut "
			    "short or has bytes added at the end",
			    path,
			    (long long)((sb.st_size - VFS_HEADER_SIZE) /
					VFS_PAGE_SIZE) +
				    1);
}

static double monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum mp_status store_unlock_header(const char *path,
				   const struct mp_secret *pass,
				   struct header *h, int *slot,
				   int *copies_ok, unsigned char *key,
				   double *kdf_seconds, struct mp_error *err)
{
	unsigned char buf[VFS_HEADER_SIZE];
	struct mp_secret *kek;
	enum mp_status s;
	size_t n = 0;
	double t0;

	if ((s = store_read_header(path, buf, &n, err)) != MP_OK)
		return s;
	if ((s = header_choose(buf, n, path, h, copies_ok, err)) != MP_OK)
		return s;
	if ((s = header_check_kdf(h, path, err)) != MP_OK)
		return s;
	if ((s = secret_alloc(VFS_KEY_SIZE, &kek, err)) != MP_OK)
		return s;
	t0 = monotonic_seconds();
	s = header_derive(h, pass->data, pass->len, kek->data, err);
	if (kdf_seconds)
		*kdf_seconds = monotonic_seconds() - t0;
	*slot = -1;
	for (int i = 0; s == MP_OK && i < HEADER_SLOTS && *slot < 0; i++)
		if (header_slot_open(h, i, kek->data, key) == 0)
			*slot = i;
	secret_free(kek);
	if (s == MP_OK && *slot < 0)
		s = h->kdf_level != STORE_KDF_SENSITIVE
			    ? mp_error_set(err, MP_ERR_PASSPHRASE,
					   "wrong passphrase for %s; nothing "
					   "was changed",
					   path)
			    : mp_error_set(
				      err, MP_ERR_PASSPHRASE,
				      "wrong passphrase for %s (its header "
				      "asks for the %s key-derivation level: "
				      "if the store was made at a lower "
				      "level, its header was altered); "
				      "nothing was changed",
				      path, header_kdf_level_name(h->kdf_level));
	return s;
}

enum mp_status store_unlock(const char *path, const struct mp_secret *pass,
			    struct store **out, int *copies_ok,
			    struct mp_error *err)
{
	struct store *st;
	enum mp_status s;

	if ((s = store_alloc(path, &st, err)) != MP_OK)
		return s;
	s = store_unlock_header(path, pass, &st->hdr, &st->slot, copies_ok,
				st->key->data, &st->kdf_seconds, err);
	if (s != MP_OK) {
		store_close(st);
		return s;
	}
	*out = st;
	return MP_OK;
}

enum mp_status store_open_sqlite(struct store *st, enum store_mode mode,
				 struct mp_error *err)
{
	enum mp_status s = open_sqlite(st, mode == STORE_MODE_CREATE, err);

	return s == MP_OK && mode == STORE_MODE_OPEN ? store_migrate(st, err)
						     : s;
}

enum mp_status store_open(const char *path, const struct mp_secret *pass,
			  struct store **out, struct mp_error *err)
{
	struct store *st;
	enum mp_status s;
	int copies_ok;

	if ((s = store_unlock(path, pass, &st, &copies_ok, err)) != MP_OK)
		return s;
	s = store_check_size(path, err);
	if (s == MP_OK && copies_ok < 2)
		snprintf(st->warning, sizeof(st->warning),
			 "one of the two header copies of %s is damaged; the "
			 "other was used (run 'mentorpact check')",
			 path);
	if (s == MP_OK)
		s = store_open_sqlite(st, STORE_MODE_OPEN, err);
	if (s != MP_OK) {
		store_close(st);
		return s;
	}
	*out = st;
	return MP_OK;
}

enum mp_status store_write_header(const char *path, struct header *h,
				  struct mp_error *err)
{
	unsigned char copy[HEADER_COPY_SIZE];
	enum mp_status s = MP_OK;
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return store_errno(errno, "write the header of", path, err);
	h->generation++;
	header_encode(h, copy);
	/* One copy at a time, each made durable before the next is touched:
	 * a torn write can spoil at most one. */
	for (int i = 0; i < 2 && s == MP_OK; i++)
		if (pwrite(fd, copy, sizeof(copy), i * HEADER_COPY_SIZE) !=
			    (ssize_t)sizeof(copy) ||
		    fsync(fd) != 0)
			s = store_errno(errno ? errno : EIO,
					"write the header of", path, err);
	close(fd);
	sodium_memzero(copy, sizeof(copy));
	return s;
}

static enum mp_status make_parent(const char *path, struct mp_error *err)
{
	char *dir = strdup(path);
	char *slash;
	enum mp_status s = MP_OK;

	if (!dir)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	for (slash = strchr(dir + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			s = store_errno(errno, "create the folder", dir, err);
			break;
		}
		*slash = '/';
	}
	free(dir);
	return s;
}

void store_sync_parent(const char *path)
{
	char *dir = strdup(path);
	char *slash = dir ? strrchr(dir, '/') : NULL;
	int fd;

	if (!dir)
		return;
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

enum mp_status store_create_file(const char *path, const struct header *h,
				 struct mp_error *err)
{
	unsigned char copy[HEADER_COPY_SIZE];
	enum mp_status s;
	int fd;

	if ((s = make_parent(path, err)) != MP_OK)
		return s;
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return mp_error_set(err, MP_ERR_EXISTS,
					    "%s already exists; nothing was "
					    "changed",
					    path);
		return store_errno(errno, "create", path, err);
	}
	header_encode(h, copy);
	for (int i = 0; i < 2; i++)
		if (pwrite(fd, copy, sizeof(copy), i * HEADER_COPY_SIZE) !=
		    (ssize_t)sizeof(copy)) {
			s = store_errno(errno ? errno : ENOSPC, "write", path,
					err);
			break;
		}
	if (s == MP_OK && (fchmod(fd, 0600) != 0 || fsync(fd) != 0))
		s = store_errno(errno, "write", path, err);
	close(fd);
	if (s != MP_OK)
		unlink(path);
	else
		store_sync_parent(path);
	return s;
}

/* Remove a store file that could not be finished, and its journal. */
void store_remove_files(const char *path)
{
	char journal[4096];

	unlink(path);
	if (snprintf(journal, sizeof(journal), "%s-journal", path) <
	    (int)sizeof(journal))
		unlink(journal);
}

enum mp_status store_create(const char *path, const struct mp_secret *pass,
			    enum store_kdf kdf, struct store **out,
			    struct mp_error *err)
{
	struct mp_secret *kek = NULL;
	struct store *st;
	enum mp_status s;

	*out = NULL;
	if ((s = store_alloc(path, &st, err)) != MP_OK)
		return s;
	st->hdr.version = HEADER_VERSION;
	st->hdr.page_size = VFS_PAGE_SIZE;
	st->hdr.reserve = VFS_RESERVE;
	st->hdr.kdf_alg = crypto_pwhash_ALG_ARGON2ID13;
	header_kdf_params(kdf, &st->hdr.opslimit, &st->hdr.memlimit);
	st->hdr.kdf_level = kdf;
	randombytes_buf(st->hdr.file_id, sizeof(st->hdr.file_id));
	randombytes_buf(st->hdr.salt, sizeof(st->hdr.salt));
	randombytes_buf(st->key->data, VFS_KEY_SIZE);
	s = secret_alloc(VFS_KEY_SIZE, &kek, err);
	if (s == MP_OK)
		s = header_derive(&st->hdr, pass->data, pass->len, kek->data,
				  err);
	if (s == MP_OK) {
		header_slot_seal(&st->hdr, 0, kek->data, st->key->data);
		st->slot = 0;
	}
	secret_free(kek);
	if (s == MP_OK)
		s = store_create_file(path, &st->hdr, err);
	if (s == MP_OK) {
		s = open_sqlite(st, 1, err);
		if (s == MP_OK)
			s = store_migrate(st, err);
		if (s != MP_OK) {
			store_close(st);
			store_remove_files(path);
			return s;
		}
	}
	if (s != MP_OK) {
		store_close(st);
		return s;
	}
	*out = st;
	return MP_OK;
}
