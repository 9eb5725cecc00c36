/*
 * bench_mail.c - the cost of mail intake against plain verification.
 *
 * Makes N signed agreements in memory (the five schemes in turn, signed
 * by two keys), exports each, and writes them to DIR/plain/ and, each as
 * a base64 attachment of its own message, to the mbox DIR/inbox.mbox
 * (run.sh times the real binary on both).  Then times, per agreement:
 *
 *   verify      render_parse of each plain file (the base)
 *   scan        mail_scan of each plain file: finding it and the exact
 *               bytes verifying first (a text needing no repair)
 *   repairs     mail_scan of each file with one signed word changed:
 *               every candidate repair is built and judged (the bound)
 *   mbox        mail_scan of the whole mbox, reading each back as import
 *               does (GMime, base64, the template), per agreement
 *   import      render_parse of each plain file with its template
 *
 * usage: bench_mail DIR AGREEMENTS    (run from the source tree)
 * Prints "MAIL name seconds-per-agreement" lines that run.sh formats.
 */
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "bench/workload.h"
#include "mentorpact/mail.h"
#include "unit/render_fixture.h"

static const char *const schemes[] = {
    "emmp", "university-pilot", "bsw-hub", "img-peer", "nhs-reciprocal",
};

static void die(const char *what, const struct mp_error *err)
{
	fprintf(stderr, "bench_mail: %s: %s\n", what,
		err ? err->message : "failed");
	exit(1);
}

/* One key per person named in the samples, so that a store's register
 * of signers takes every agreement (one person, one key): the binary's
 * import in run.sh then imports them all rather than refusing most. */
struct person {
	char who[600];
	struct sign_keypair *kp;
};
static struct person people[32];
static size_t n_people;

static struct sign_keypair *key_of(const struct agreement *ag, int r)
{
	const char *name = ag->parties[r].details[TPL_DETAIL_NAME];
	const char *email = ag->parties[r].details[TPL_DETAIL_EMAIL];
	char who[600];
	struct mp_error err;

	snprintf(who, sizeof(who), "%s <%s>", name ? name : "",
		 email ? email : "");
	for (size_t i = 0; i < n_people; i++)
		if (!strcmp(people[i].who, who))
			return people[i].kp;
	if (n_people == sizeof(people) / sizeof(people[0]) ||
	    sign_keypair_generate(&people[n_people].kp, &err) != MP_OK)
		die("setting up the keys", NULL);
	memcpy(people[n_people].who, who, sizeof(who));
	return people[n_people++].kp;
}

/* The exported texts of n signed agreements. */
static char **exports(const struct tpl_catalog *cat, int n, size_t **lens)
{
	struct sign_keypair *kps[2];
	struct agreement *ag;
	struct mp_error err;
	char **files = calloc((size_t)n, sizeof(*files));
	char id[16];

	*lens = calloc((size_t)n, sizeof(**lens));
	if (!files || !*lens)
		die("setting up", NULL);
	for (int i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "M%03d-%04d", i / 10000 % 1000,
			 i % 10000);
		if (rf_sample(cat, schemes[i % 5], id, 1, &ag, &err) != MP_OK)
			die(schemes[i % 5], &err);
		kps[0] = key_of(ag, 0);
		kps[1] = key_of(ag, 1);
		if (rf_sign_pair(ag, kps, "2026-11-22T16:41:21Z", &err) !=
			MP_OK ||
		    render_export(ag, &files[i], &(*lens)[i], &err) != MP_OK)
			die(schemes[i % 5], &err);
		agreement_free(ag);
	}
	for (size_t i = 0; i < n_people; i++)
		sign_keypair_free(people[i].kp);
	return files;
}

/* One message per agreement, the export attached in base64. */
static char *mbox(char **files, const size_t *lens, int n, size_t *len)
{
	FILE *f;
	char *out = NULL;

	f = open_memstream(&out, len);
	for (int i = 0; f && i < n; i++) {
		size_t size = sodium_base64_ENCODED_LEN(
		    lens[i], sodium_base64_VARIANT_ORIGINAL);
		char *b64 = malloc(size);

		if (!b64)
			die("memory", NULL);
		sodium_bin2base64(b64, size, (unsigned char *)files[i], lens[i],
				  sodium_base64_VARIANT_ORIGINAL);
		fprintf(f,
			"From mentor@example.org Sat Dec  5 09:00:00 2026\n"
			"From: mentor@example.org\nTo: admin@example.org\n"
			"Subject: agreement %d\nMIME-Version: 1.0\n"
			"Content-Type: multipart/mixed; boundary=\"b\"\n\n"
			"--b\nContent-Type: text/plain\n\nAttached.\n\n--b\n"
			"Content-Type: text/plain; charset=utf-8\n"
			"Content-Disposition: attachment; filename=a.txt\n"
			"Content-Transfer-Encoding: base64\n\n",
			i);
		for (size_t at = 0, k = strlen(b64); at < k; at += 76)
			fprintf(f, "%.76s\n", b64 + at);
		fputs("--b--\n\n", f);
		free(b64);
	}
	if (!f || fclose(f) != 0)
		die("mbox", NULL);
	return out;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		die(path, NULL);
}

struct count {
	int good, n;
};

static enum mp_status counted(void *ctx, struct mail_found *f)
{
	struct count *c = ctx;

	c->n++;
	c->good += f->found && f->status == MP_OK;
	return MP_OK;
}

/* mail_scan of each text; want: how many must verify. */
static double time_scan(char **files, const size_t *lens, int n,
			const struct tpl_catalog *cat, int want)
{
	struct count c = {0, 0};
	struct mp_error err;
	double start = wl_now();

	for (int i = 0; i < n; i++)
		if (mail_scan(files[i], lens[i],
			      cat ? render_catalog_lookup : NULL, (void *)cat,
			      counted, &c, &err) != MP_OK)
			die("scan", &err);
	if (c.good != want)
		die("scan: not every agreement was judged as it should", NULL);
	return (wl_now() - start) / n;
}

static double time_parse(char **files, const size_t *lens, int n,
			 struct tpl_catalog *cat)
{
	struct render_report rep;
	struct agreement *ag;
	struct mp_error err;
	double start = wl_now();

	for (int i = 0; i < n; i++) {
		ag = NULL;
		if (render_parse(files[i], lens[i],
				 cat ? render_catalog_lookup : NULL, cat,
				 cat ? &ag : NULL, &rep, &err) != MP_OK)
			die("verify", &err);
		agreement_free(ag);
	}
	return (wl_now() - start) / n;
}

static double time_mbox(const char *box, size_t len, int n,
			const struct tpl_catalog *cat)
{
	struct count c = {0, 0};
	struct mp_error err;
	double start = wl_now();

	if (mail_scan(box, len, render_catalog_lookup, (void *)cat, counted, &c,
		      &err) != MP_OK ||
	    c.good != n)
		die("mbox", &err);
	return (wl_now() - start) / n;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 1000;
	struct tpl_catalog *cat = rf_catalog(NULL);
	char path[4200], **files, **changed, *box;
	size_t *lens, box_len;

	(void)wl_commits;
	(void)wl_reads;
	if (argc < 2 || n <= 0) {
		fprintf(stderr, "usage: bench_mail DIR AGREEMENTS\n");
		return 2;
	}
	if (!cat || !template_catalog_find(cat, "emmp")) {
		printf("MAIL skipped: no templates/ in the current folder\n");
		template_catalog_free(cat);
		return 0;
	}
	files = exports(cat, n, &lens);
	changed = calloc((size_t)n, sizeof(*changed));
	snprintf(path, sizeof(path), "%s/plain", argv[1]);
	mkdir(path, 0755);
	for (int i = 0; i < n; i++) {
		char *w;

		snprintf(path, sizeof(path), "%s/plain/a%05d.txt", argv[1], i);
		write_file(path, files[i], lens[i]);
		if (!changed || !(changed[i] = malloc(lens[i] + 1)))
			die("memory", NULL);
		memcpy(changed[i], files[i], lens[i] + 1);
		if ((w = strstr(changed[i], "mentor")))
			w[0] = 'M';
	}
	box = mbox(files, lens, n, &box_len);
	snprintf(path, sizeof(path), "%s/inbox.mbox", argv[1]);
	write_file(path, box, box_len);
	printf("MAIL verify %.9f\n", time_parse(files, lens, n, NULL));
	printf("MAIL scan %.9f\n", time_scan(files, lens, n, NULL, n));
	printf("MAIL repairs %.9f\n", time_scan(changed, lens, n, NULL, 0));
	printf("MAIL import %.9f\n", time_parse(files, lens, n, cat));
	printf("MAIL mbox %.9f\n", time_mbox(box, box_len, n, cat));
	printf("MAIL agreements %d\n", n);
	for (int i = 0; i < n; i++) {
		free(files[i]);
		free(changed[i]);
	}
	free(files);
	free(changed);
	free(lens);
	free(box);
	template_catalog_free(cat);
	return 0;
}
