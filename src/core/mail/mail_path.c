/*
 * mail_path.c - reading what mail_scan searches from the file system: a
 * file (a plain text, a saved message or an mbox) or a Maildir folder,
 * whose cur/ and new/ messages are read in name order.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mail_internal.h"

/* Larger than any mailbox read in one go. */
#define MAIL_MAX_BYTES (1u << 30)

static enum mp_status open_status(int e)
{
	return e == ENOENT || e == ENOTDIR ? MP_ERR_NOT_FOUND
	       : e == EACCES		   ? MP_ERR_PERM
					   : MP_ERR_IO;
}

/* All of f into *buf (malloc'd, NUL-terminated): 0 or an errno value. */
static int slurp(FILE *f, char **buf, size_t *len)
{
	size_t cap = 0, n = 0;
	char *s = NULL;

	while (!feof(f)) {
		if (cap - n < 4096) {
			char *p = realloc(s, cap = cap ? cap * 2 : 65536);

			if (!p) {
				free(s);
				return ENOMEM;
			}
			s = p;
		}
		n += fread(s + n, 1, cap - n - 1, f);
		if (ferror(f) || n > MAIL_MAX_BYTES) {
			free(s);
			return ferror(f) ? EIO : EFBIG;
		}
	}
	if (!s && !(s = malloc(1)))
		return ENOMEM;
	s[n] = '\0';
	*buf = s;
	*len = n;
	return 0;
}

static enum mp_status read_file(const char *path, char **text, size_t *len,
				struct mp_error *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	int e;

	*text = NULL;
	if (!f)
		return mp_error_set(err, open_status(errno),
				    "cannot read %s: %s", path,
				    strerror(errno));
	e = slurp(f, text, len);
	if (f != stdin)
		fclose(f);
	if (e == EFBIG)
		return mp_error_set(err, MP_ERR_INVALID,
				    "%s is larger than 1 GiB; split it", path);
	if (e)
		return mp_error_set(err, e == ENOMEM ? MP_ERR_NOMEM : MP_ERR_IO,
				    "cannot read %s: %s", path, strerror(e));
	return MP_OK;
}

/* What mail_scan_path hands each file's findings to. */
struct path_scan {
	render_lookup_fn lookup;
	void *lookup_ctx;
	mail_each_fn each;
	void *ctx;
	const char *file;
};

/* Sets f->file, then calls the caller's callback. */
static enum mp_status with_file(void *ctx, struct mail_found *f)
{
	struct path_scan *ps = ctx;

	f->file = ps->file;
	return ps->each(ps->ctx, f);
}

static enum mp_status one_file(const char *path, struct path_scan *ps,
			       struct mp_error *err)
{
	enum mp_status st;
	char *text;
	size_t len = 0;

	st = read_file(path, &text, &len, err);
	ps->file = path;
	if (st == MP_OK)
		st = mail_scan(text, len, ps->lookup, ps->lookup_ctx, with_file,
			       ps, err);
	free(text);
	return st;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* The messages of one Maildir subfolder (cur or new), by name. */
static enum mp_status maildir_sub(const char *dir, const char *sub,
				  struct path_scan *ps, struct mp_error *err)
{
	char path[4200];
	struct dirent **v;
	enum mp_status st = MP_OK;
	int n;

	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	n = scandir(path, &v, NULL, by_name);
	if (n < 0)
		return errno == ENOENT ? MP_OK
				       : mp_error_set(err, open_status(errno),
						      "cannot read %s: %s",
						      path, strerror(errno));
	for (int i = 0; i < n; i++) {
		struct stat sb;

		snprintf(path, sizeof(path), "%s/%s/%s", dir, sub,
			 v[i]->d_name);
		if (st == MP_OK && v[i]->d_name[0] != '.' &&
		    lstat(path, &sb) == 0 && S_ISREG(sb.st_mode))
			st = one_file(path, ps, err);
		free(v[i]);
	}
	free(v);
	return st;
}

enum mp_status mail_scan_path(const char *path, render_lookup_fn lookup,
			      void *lookup_ctx, mail_each_fn each, void *ctx,
			      struct mp_error *err)
{
	struct path_scan ps = {lookup, lookup_ctx, each, ctx, path};
	char sub[4200];
	struct stat sb;
	enum mp_status st;
	bool cur, new;

	if (!strcmp(path, "-") || stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return one_file(path, &ps, err);
	snprintf(sub, sizeof(sub), "%s/cur", path);
	cur = stat(sub, &sb) == 0 && S_ISDIR(sb.st_mode);
	snprintf(sub, sizeof(sub), "%s/new", path);
	new = stat(sub, &sb) == 0 && S_ISDIR(sb.st_mode);
	if (!cur && !new)
		return mp_error_set(err, MP_ERR_INVALID,
				    "%s is a folder but not a Maildir (it has "
				    "no cur/ or new/ folder); give the files "
				    "in it instead",
				    path);
	st = maildir_sub(path, "cur", &ps, err);
	if (st == MP_OK)
		st = maildir_sub(path, "new", &ps, err);
	return st;
}
