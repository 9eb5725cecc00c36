/* testutil.c - helpers shared by the C tests; see testutil.h. */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mentorpact/admin.h"
#include "support/testutil.h"

static void die(const char *what)
{
	fprintf(stderr, "test helper failed: %s\n", what);
	abort();
}

char *tu_tempdir(void)
{
	const char *base = getenv("TMPDIR");
	char *t = malloc(4096);

	if (!t)
		die("malloc");
	snprintf(t, 4096, "%s/mptest.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(t))
		die("mkdtemp");
	return t;
}

void tu_rmtree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[4096];

	if (!d)
		return;
	while ((e = readdir(d))) {
		struct stat sb;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
			tu_rmtree(p);
		else
			unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

const char *tu_path(const char *dir, const char *name)
{
	static char bufs[4][4096];
	static int next;
	char *b = bufs[next++ % 4];

	snprintf(b, 4096, "%s/%s", dir, name);
	return b;
}

struct mp_secret *tu_pass(const char *text)
{
	struct mp_secret *s;

	if (secret_from(text, strlen(text), &s, NULL) != MP_OK)
		die("secret_from");
	return s;
}

struct store *tu_create(const char *path, const char *pass)
{
	struct mp_secret *p = tu_pass(pass);
	struct mp_error err;
	struct store *st;

	if (store_create(path, p, STORE_KDF_INTERACTIVE, &st, &err) != MP_OK) {
		fprintf(stderr, "%s\n", err.message);
		die("store_create");
	}
	secret_free(p);
	return st;
}

struct store *tu_open(const char *path, const char *pass, int *status)
{
	struct mp_secret *p = tu_pass(pass);
	struct mp_error err;
	struct store *st = NULL;
	enum mp_status s = store_open(path, p, &st, &err);

	secret_free(p);
	if (status)
		*status = s;
	return s == MP_OK ? st : NULL;
}

void tu_exec(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(store_db(st), sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "SQL failed: %s\n%s\n", msg, sql);
		die("tu_exec");
	}
}

unsigned char *tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	*len = 0;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die("read");
	fclose(f);
	*len = (size_t)n;
	return buf;
}

int tu_file_contains(const char *path, const char *needle)
{
	size_t len, nl = strlen(needle);
	unsigned char *buf = tu_slurp(path, &len);
	int found = 0;

	for (size_t i = 0; buf && !found && i + nl <= len; i++)
		found = memcmp(buf + i, needle, nl) == 0;
	free(buf);
	return found;
}

const char *tu_dir_contains(const char *dir, const char *needle)
{
	static char hit[4096];
	DIR *d = opendir(dir);
	struct dirent *e;
	const char *found = NULL;

	if (!d)
		return NULL;
	while (!found && (e = readdir(d))) {
		char p[4096];
		struct stat sb;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (lstat(p, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			found = tu_dir_contains(p, needle);
		} else if (S_ISREG(sb.st_mode) && tu_file_contains(p, needle)) {
			snprintf(hit, sizeof(hit), "%s", p);
			found = hit;
		}
	}
	closedir(d);
	return found;
}

void tu_flip_byte(const char *path, long offset)
{
	int fd = open(path, O_RDWR);
	unsigned char b;

	if (fd < 0 || pread(fd, &b, 1, offset) != 1)
		die("flip read");
	b ^= 0xff;
	if (pwrite(fd, &b, 1, offset) != 1)
		die("flip write");
	close(fd);
}

void tu_text(char *buf, size_t size, unsigned i)
{
	static const char *const goals[] = {
		"Build confidence in leading difficult conversations",
		"Prepare for a band 7 interview at the trust",
		"Understand how the organisation makes decisions",
		"Develop strategies to improve the work environment",
		"Increase confidence in challenging discriminatory behaviour",
	};
	static const char *const names[] = {"Amara Okafor", "Siobhán Kelly",
					    "Tomasz Nowak", "Priya Raman",
					    "Zoë Ångström"};

	snprintf(buf, size,
		 "Agreement %u: %s agrees to meet monthly for an hour; goal: "
		 "%s. Notice of 48 hours' for cancellations. Review at six "
		 "months; records destroyed one year after completion.",
		 i, names[i % 5], goals[(i / 5) % 5]);
}

struct hunt {
	const char *needle;
	long hits;
};

static int hunt_page(void *ctx, uint32_t pgno, const unsigned char *page,
		     size_t len)
{
	struct hunt *h = ctx;
	size_t n = strlen(h->needle);

	(void)pgno;
	for (size_t i = 0; i + n <= len; i++) {
		size_t k = 0;
		while (k < n && tolower(page[i + k]) ==
				    tolower((unsigned char)h->needle[k]))
			k++;
		h->hits += k == n;
	}
	return 0;
}

long tu_page_hits(struct store *st, const char *needle)
{
	struct hunt h = {needle, 0};
	struct mp_error err;

	if (store_scan_pages(st, hunt_page, &h, &err) != MP_OK) {
		fprintf(stderr, "scanning the pages: %s\n", err.message);
		die("tu_page_hits");
	}
	return h.hits;
}
