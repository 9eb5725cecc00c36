/*
 * template_path.c - where templates are found, and the catalog of every
 * template there, one per id.
 *
 * Folders are searched lowest precedence first: the installed share
 * folder, the source tree's templates/ (when the program runs from a
 * build inside one), the user's config folder, then MENTORPACT_TEMPLATE_PATH.
 * A later folder's file wins an id; the losers are kept as "shadowed" so
 * that `templates list` can say which file is in use.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "template_internal.h"

#ifndef MENTORPACT_DATADIR
#define MENTORPACT_DATADIR "/usr/local/share/mentorpact"
#endif

/* How many folders above the executable to look for the source tree:
 * ./mentorpact, build/chk/mentorpact, build/chk/tests/unit/test_x. */
#define SOURCE_TREE_DEPTH 4

/* --- the search path --------------------------------------------------------
 */

/* "dir/name" (or dir alone when name is empty), malloc'd. */
static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *out = malloc(n);

	if (out)
		snprintf(out, n, "%s%s%s", dir, *name ? "/" : "", name);
	return out;
}

static bool path_add(struct tpl_path *p, const char *dir, const char *sub)
{
	char **dirs = realloc(p->dirs, (p->count + 1) * sizeof(*dirs));
	char *joined;

	if (!dirs)
		return false;
	p->dirs = dirs;
	joined = join(dir, sub);
	if (!joined)
		return false;
	p->dirs[p->count++] = joined;
	return true;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The source tree: a folder above the running program holding both a
 * Makefile and templates/.  Not found is no error. */
static bool add_source_tree(struct tpl_path *p)
{
	char dir[PATH_MAX], probe[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);

	if (n <= 0)
		return true;
	dir[n] = '\0';
	for (int level = 0; level <= SOURCE_TREE_DEPTH; level++) {
		char *slash = strrchr(dir, '/');

		if (!slash || slash == dir)
			return true;
		*slash = '\0';
		snprintf(probe, sizeof(probe), "%s/Makefile", dir);
		if (!is_file(probe))
			continue;
		snprintf(probe, sizeof(probe), "%s/templates", dir);
		if (is_dir(probe))
			return path_add(p, probe, "");
	}
	return true;
}

static bool add_config(struct tpl_path *p)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (xdg && xdg[0] == '/')
		return path_add(p, xdg, "mentorpact/templates");
	if (home && *home)
		return path_add(p, home, ".config/mentorpact/templates");
	return true;
}

static bool add_env(struct tpl_path *p)
{
	const char *env = getenv("MENTORPACT_TEMPLATE_PATH");

	while (env && *env) {
		size_t n = strcspn(env, ":");
		char *dir = strndup(env, n);
		bool ok = dir && (!*dir || path_add(p, dir, ""));

		free(dir);
		if (!ok)
			return false;
		env += n + (env[n] == ':');
	}
	return true;
}

/* Drop a folder that a later entry names again (the later one stays). */
static void drop_repeats(struct tpl_path *p)
{
	size_t out = 0;

	for (size_t i = 0; i < p->count; i++) {
		char a[PATH_MAX], b[PATH_MAX];
		bool again = false;

		if (!realpath(p->dirs[i], a))
			snprintf(a, sizeof(a), "%s", p->dirs[i]);
		for (size_t j = i + 1; j < p->count && !again; j++) {
			if (!realpath(p->dirs[j], b))
				snprintf(b, sizeof(b), "%s", p->dirs[j]);
			again = strcmp(a, b) == 0;
		}
		if (again)
			free(p->dirs[i]);
		else
			p->dirs[out++] = p->dirs[i];
	}
	p->count = out;
}

enum mp_status template_search_path(struct tpl_path *out, struct mp_error *err)
{
	struct tpl_path p = {0};

	if (!path_add(&p, MENTORPACT_DATADIR, "templates") ||
	    !add_source_tree(&p) || !add_config(&p) || !add_env(&p)) {
		template_path_free(&p);
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	drop_repeats(&p);
	*out = p;
	return MP_OK;
}

void template_path_free(struct tpl_path *path)
{
	for (size_t i = 0; i < path->count; i++)
		free(path->dirs[i]);
	free(path->dirs);
	path->dirs = NULL;
	path->count = 0;
}

/* --- the catalog ------------------------------------------------------------
 */

static void entry_free(struct tpl_entry *e)
{
	template_free(e->tpl);
	template_free(e->earlier);
	free(e->path);
	for (size_t i = 0; i < e->n_shadowed; i++)
		free(e->shadowed[i]);
	free(e->shadowed);
}

void template_catalog_free(struct tpl_catalog *cat)
{
	if (!cat)
		return;
	for (size_t i = 0; i < cat->count; i++)
		entry_free(&cat->entries[i]);
	free(cat->entries);
	template_diags_free(&cat->diags);
	free(cat);
}

const struct tpl_entry *template_catalog_find(const struct tpl_catalog *cat,
					      const char *id)
{
	for (size_t i = 0; i < cat->count; i++)
		if (strcmp(cat->entries[i].tpl->id, id) == 0)
			return &cat->entries[i];
	return NULL;
}

enum mp_status template_before_records(const struct template *tpl,
				       struct template **out,
				       struct mp_error *err)
{
	char *now, *then;
	size_t now_len, then_len;
	enum mp_status st;

	*out = NULL;
	st = template_canonical(tpl, &now, &now_len, err);
	if (st != MP_OK)
		return st;
	st = template_canonical_before_records(tpl, &then, &then_len, err);
	if (st != MP_OK) {
		free(now);
		return st;
	}
	if (then_len != now_len || memcmp(then, now, now_len) != 0)
		st = template_load_buffer(tpl->id, then, then_len, out, NULL,
					  err);
	free(then);
	free(now);
	return st;
}

static bool hash_is(const struct template *tpl, const char *hash)
{
	char have[TPL_HASH_HEX + 1];

	return tpl && template_hash(tpl, have, NULL) == MP_OK &&
	       strcmp(have, hash) == 0;
}

const struct template *template_catalog_find_hash(struct tpl_catalog *cat,
						  const char *id,
						  const char *hash)
{
	struct tpl_entry *e =
	    (struct tpl_entry *)template_catalog_find(cat, id);

	if (!e)
		return NULL;
	if (hash_is(e->tpl, hash))
		return e->tpl;
	if (!e->earlier_tried) {
		e->earlier_tried = true;
		template_before_records(e->tpl, &e->earlier, NULL);
	}
	return hash_is(e->earlier, hash) ? e->earlier : NULL;
}

const struct template *template_catalog_lookup(void *ctx, const char *id)
{
	const struct tpl_entry *e = template_catalog_find(ctx, id);

	return e ? e->tpl : NULL;
}

/* The new file wins its id: the file it replaces joins the shadowed. */
static bool take_over(struct tpl_entry *e, struct template *tpl, char *path)
{
	char **shadowed =
	    realloc(e->shadowed, (e->n_shadowed + 1) * sizeof(*shadowed));

	if (!shadowed)
		return false;
	e->shadowed = shadowed;
	e->shadowed[e->n_shadowed++] = e->path;
	template_free(e->tpl);
	e->tpl = tpl;
	e->path = path;
	return true;
}

static bool catalog_add(struct tpl_catalog *cat, struct template *tpl,
			char *path)
{
	struct tpl_entry *e =
	    (struct tpl_entry *)template_catalog_find(cat, tpl->id);
	struct tpl_entry *entries;

	if (e)
		return take_over(e, tpl, path);
	entries = realloc(cat->entries, (cat->count + 1) * sizeof(*entries));
	if (!entries)
		return false;
	cat->entries = entries;
	cat->entries[cat->count++] =
	    (struct tpl_entry){.tpl = tpl, .path = path};
	return true;
}

static enum mp_status load_one(struct tpl_catalog *cat, const char *dir,
			       const char *name, struct mp_error *err)
{
	struct template *tpl;
	enum mp_status st;
	char *path;

	path = join(dir, name);
	if (!path)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	st = template_load_file(path, &tpl, &cat->diags, err);
	if (st == MP_OK && catalog_add(cat, tpl, path))
		return MP_OK;
	if (st == MP_OK) {
		template_free(tpl);
		st = MP_ERR_NOMEM;
	} else if (st != MP_ERR_INVALID && st != MP_ERR_NOMEM) {
		/* unreadable: noted like a broken file */
		st = template_diag_add(&cat->diags, path, 0, 0, "%s",
				       err->message);
	} else if (st == MP_ERR_INVALID) {
		st = MP_OK;
	}
	free(path);
	return st == MP_OK ? MP_OK : mp_error_set(err, st, NULL);
}

static int yaml_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 5 &&
	       strcmp(d->d_name + n - 5, ".yaml") == 0;
}

static enum mp_status load_dir(struct tpl_catalog *cat, const char *dir,
			       struct mp_error *err)
{
	struct dirent **names;
	enum mp_status st = MP_OK;
	int n = scandir(dir, &names, yaml_name, alphasort);

	if (n < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return MP_OK;
		return template_diag_add(&cat->diags, dir, 0, 0,
					 "cannot read this folder: %s",
					 strerror(errno)) == MP_OK
			   ? MP_OK
			   : mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	for (int i = 0; i < n; i++) {
		if (st == MP_OK)
			st = load_one(cat, dir, names[i]->d_name, err);
		free(names[i]);
	}
	free(names);
	return st;
}

static int by_id(const void *a, const void *b)
{
	const struct tpl_entry *x = a, *y = b;

	return strcmp(x->tpl->id, y->tpl->id);
}

enum mp_status template_catalog_load(const struct tpl_path *path,
				     struct tpl_catalog **out,
				     struct mp_error *err)
{
	struct tpl_catalog *cat = calloc(1, sizeof(*cat));
	enum mp_status st = MP_OK;

	*out = NULL;
	if (!cat)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	for (size_t i = 0; i < path->count && st == MP_OK; i++)
		st = load_dir(cat, path->dirs[i], err);
	if (st != MP_OK) {
		template_catalog_free(cat);
		return st;
	}
	if (cat->count)
		qsort(cat->entries, cat->count, sizeof(*cat->entries), by_id);
	*out = cat;
	return MP_OK;
}
