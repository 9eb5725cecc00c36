/*
 * render_file.c - an export's files, and writing them so that a reader
 * never sees half a file and nobody's file is replaced unasked.
 *
 * Each file goes to an unnamed temporary file (O_TMPFILE, mode 0600:
 * exports hold names, emails and phones) in its own folder, is flushed,
 * then takes its name: by linkat() when it must not replace anything (it
 * fails when the name exists, with no window between a check and the
 * write), through a temporary name and rename() when it may.  A process
 * killed part way leaves no file.  Where the file system has no
 * O_TMPFILE, a named temporary file (mkstemp, also 0600) is used.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "render_internal.h"

static enum mp_status errno_status(int e)
{
	switch (e) {
	case ENOENT:
	case ENOTDIR:
		return MP_ERR_NOT_FOUND;
	case EACCES:
	case EPERM:
	case EROFS:
		return MP_ERR_PERM;
	case ENOSPC:
	case EDQUOT:
		return MP_ERR_FULL;
	case EEXIST:
		return MP_ERR_EXISTS;
	default:
		return MP_ERR_IO;
	}
}

static enum mp_status failed(struct mp_error *err, int e, const char *what,
			     const char *path)
{
	return mp_error_set(err, errno_status(e), "cannot %s %s: %s", what,
			    path, strerror(e));
}

/* --- which files -------------------------------------------------------- */

static enum mp_status add(struct render_files *f, const char *path,
			  const char *data, size_t len, bool owned)
{
	size_t i = f->n;

	f->files[i].path = strdup(path);
	f->files[i].data = owned ? (char *)data : malloc(len + 1);
	f->files[i].len = len;
	f->n++;
	if (!f->files[i].path || !f->files[i].data)
		return MP_ERR_NOMEM;
	if (!owned)
		memcpy(f->files[i].data, data, len + 1);
	return MP_OK;
}

static enum mp_status detached(const struct agreement *ag, const char *dir,
			       struct render_files *out)
{
	char name[64], path[4200];
	enum mp_status st;

	render_file_name(ag->id, ag->version, name, sizeof(name));
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	st = add(out, path, ag->body, strlen(ag->body), false);
	for (int r = 0; r < 2 && st == MP_OK; r++) {
		const struct ag_signature *g = &ag->sigs[r];
		const char *role = rbody_role_name((enum ag_role)r);

		if (!g->present || !g->minisig || !g->pubkey)
			continue;
		snprintf(path, sizeof(path), "%s/%s.%s.minisig", dir, name,
			 role);
		st = add(out, path, g->minisig, strlen(g->minisig), false);
		snprintf(path, sizeof(path), "%s/%s.%s.pub", dir, name, role);
		if (st == MP_OK)
			st =
			    add(out, path, g->pubkey, strlen(g->pubkey), false);
	}
	return st;
}

enum mp_status render_export_files(const struct agreement *ag, const char *path,
				   bool detached_form, struct render_files *out,
				   struct mp_error *err)
{
	char name[64];
	char *text;
	size_t len;
	enum mp_status st;

	memset(out, 0, sizeof(*out));
	if (!ag->body || (!ag->sigs[0].present && !ag->sigs[1].present))
		return mp_error_set(
		    err, MP_ERR_STATE,
		    "agreement %s version %d is not signed yet: "
		    "there is nothing to export",
		    ag->id, ag->version);
	if (detached_form) {
		st = detached(ag, path ? path : ".", out);
		return st == MP_OK ? MP_OK : mp_error_set(err, st, NULL);
	}
	st = render_export(ag, &text, &len, err);
	if (st != MP_OK)
		return st;
	render_file_name(ag->id, ag->version, name, sizeof(name));
	st = add(out, path ? path : name, text, len, true);
	return st == MP_OK ? MP_OK : mp_error_set(err, st, NULL);
}

void render_files_free(struct render_files *files)
{
	for (size_t i = 0; i < files->n; i++) {
		free(files->files[i].path);
		free(files->files[i].data);
	}
	memset(files, 0, sizeof(*files));
}

/* --- writing them ------------------------------------------------------- */

/* The folder of path ("." when it names none), in buf. */
static void folder_of(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(buf, size, ".");
	else if (slash == path)
		snprintf(buf, size, "/");
	else
		snprintf(buf, size, "%.*s", (int)(slash - path), path);
}

static bool write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

/* Give the finished temporary file its name. */
static enum mp_status put_in_place(const char *tmp, const char *path,
				   bool replace, struct mp_error *err)
{
	int e;

	if (replace ? rename(tmp, path) == 0 : link(tmp, path) == 0) {
		if (!replace)
			unlink(tmp);
		return MP_OK;
	}
	e = errno;
	if (!replace && e != EEXIST && access(path, F_OK) != 0 &&
	    rename(tmp, path) == 0)
		return MP_OK; /* a file system without hard links */
	unlink(tmp);
	if (e == EEXIST)
		return mp_error_set(err, MP_ERR_EXISTS,
				    "%s already exists; nothing was written "
				    "(--force replaces it)",
				    path);
	return failed(err, e, "write", path);
}

/* Write data to fd and make it durable; 0 or an errno value. */
static int fill(int fd, const char *data, size_t len)
{
	int e = 0;

	if (!write_all(fd, data, len) || fsync(fd) != 0)
		e = errno ? errno : EIO;
	return e;
}

/*
 * Write through an unnamed file (O_TMPFILE) that gets a name only once
 * complete, so that a process killed part way leaves nothing behind.
 * Returns MP_OK, an error, or MP_ERR_FAILED with err untouched when the
 * file system cannot do it (the caller then uses a named temporary file).
 */
static enum mp_status write_unnamed(const char *dir, const char *path,
				    const char *data, size_t len, bool replace,
				    struct mp_error *err)
{
#ifdef O_TMPFILE
	char proc[64], tmp[4200];
	enum mp_status st = MP_OK;
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	int e;

	if (fd < 0)
		return MP_ERR_FAILED;
	if ((e = fill(fd, data, len)) != 0) {
		close(fd);
		return failed(err, e, "write", path);
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (!replace) {
		if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) !=
		    0)
			st = errno == EEXIST
				     ? mp_error_set(err, MP_ERR_EXISTS,
						    "%s already exists; "
						    "nothing was written "
						    "(--force replaces it)",
						    path)
				     : MP_ERR_FAILED;
		close(fd);
		return st;
	}
	/* Replacing: a name of its own first, then rename() over path. */
	snprintf(tmp, sizeof(tmp), "%s/.mentorpact-export.%08x", dir,
		 (unsigned)randombytes_random());
	if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) != 0)
		st = MP_ERR_FAILED;
	close(fd);
	return st == MP_OK ? put_in_place(tmp, path, true, err) : st;
#else
	(void)dir, (void)path, (void)data, (void)len, (void)replace, (void)err;
	return MP_ERR_FAILED;
#endif
}

static enum mp_status write_one(const char *path, const char *data, size_t len,
				bool replace, struct mp_error *err)
{
	char dir[4096], tmp[4200];
	enum mp_status st;
	int fd, e = 0;

	folder_of(path, dir, sizeof(dir));
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return failed(err, errno, "make the folder", dir);
	st = write_unnamed(dir, path, data, len, replace, err);
	if (st == MP_ERR_FAILED) {
		snprintf(tmp, sizeof(tmp), "%s/.mentorpact-export.XXXXXX", dir);
		fd = mkstemp(tmp); /* 0600 */
		if (fd < 0)
			return failed(err, errno, "write in", dir);
		e = fill(fd, data, len);
		if (close(fd) != 0 && !e)
			e = errno;
		if (e) {
			unlink(tmp);
			return failed(err, e, "write", path);
		}
		st = put_in_place(tmp, path, replace, err);
	}
	if (st == MP_OK && (fd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(fd); /* the new name, too, survives a crash */
		close(fd);
	}
	return st;
}

/* A name taken by anything, a dangling symbolic link included. */
static bool taken(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

enum mp_status render_write_files(const struct render_files *files,
				  bool replace, struct mp_error *err)
{
	enum mp_status st = MP_OK;

	size_t done = 0;

	for (size_t i = 0; i < files->n && !replace; i++)
		if (taken(files->files[i].path))
			return mp_error_set(err, MP_ERR_EXISTS,
					    "%s already exists; nothing was "
					    "written (--force replaces it)",
					    files->files[i].path);
	for (; done < files->n && st == MP_OK; done++)
		st = write_one(files->files[done].path, files->files[done].data,
			       files->files[done].len, replace, err);
	/* All or nothing: a name taken meanwhile undoes the files written
	 * before it (never a file that was there before: none was). */
	if (st != MP_OK && !replace)
		for (size_t i = 0; i + 1 < done; i++)
			unlink(files->files[i].path);
	return st;
}
