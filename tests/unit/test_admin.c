/*
 * test_admin.c - the administrator's core: listing and search (the newest
 * version of each agreement, folded words, every search plan against a
 * brute-force answer), settings and retention, the report; and purge,
 * erase and the data subject's export, proved on the file itself: every
 * page is decrypted with the store's key and searched for what should
 * (or should no longer) be there, free pages and overflow pages of long
 * answers included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>

#include "mentorpact/admin.h"
#include "mentorpact/agreement.h"
#include "mentorpact/answers.h"
#include "mentorpact/audit.h"
#include "mentorpact/vfs.h"
#include "support/testutil.h"

#define PASS "correct horse battery staple"

static char *dir;
static const char *db;
static struct store *st;
static struct template *bsw, *nhs;

static struct template *load(const char *path)
{
	struct template *t = NULL;
	struct mp_error err;

	if (template_load_file(path, &t, NULL, &err) != MP_OK)
		fail_msg("%s: %s", path, err.message);
	return t;
}

static int setup(void **state)
{
	(void)state;
	dir = tu_tempdir();
	db = strdup(tu_path(dir, "agreements.mpact"));
	st = tu_create(db, PASS);
	bsw = load("templates/bsw-hub.yaml");
	nhs = load("templates/nhs-reciprocal.yaml");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	template_free(bsw);
	template_free(nhs);
	tu_rmtree(dir);
	free(dir);
	free((char *)db);
	return 0;
}

static const struct template *lookup(void *ctx, const char *scheme)
{
	(void)ctx;
	return !strcmp(scheme, bsw->id)	  ? bsw
	       : !strcmp(scheme, nhs->id) ? nhs
					  : NULL;
}

struct party {
	const char *name, *email;
};

/* A long answer: word repeated to about 6,000 characters, so that it
 * lies on overflow pages. */
static char *long_answer(const char *word)
{
	size_t n = strlen(word) + 1, reps = 6000 / n;
	char *s = malloc(reps * n + 1);

	assert_non_null(s);
	for (size_t i = 0; i < reps; i++)
		sprintf(s + i * n, "%s ", word);
	s[reps * n - 1] = '\0';
	return s;
}

/*
 * A ready agreement of tpl between two parties (an address may be NULL).
 * For bsw-hub, joint is the (long) joint answer and own the mentee's own
 * answer; nhs-reciprocal has short answers only.
 */
static struct agreement *make_full(const struct template *tpl, struct party m,
				   struct party e, const char *joint,
				   const char *own)
{
	char *yaml, *text = joint ? long_answer(joint) : NULL;
	char mail[2][160] = {"", ""}, *rest;
	struct answers *a = NULL;
	struct agreement *ag = NULL;
	struct mp_error err;
	size_t size = 2048 + (text ? strlen(text) : 0);

	yaml = malloc(size);
	rest = malloc(size);
	assert_true(yaml && rest);
	if (m.email)
		snprintf(mail[0], sizeof(mail[0]), "  email: %s\n", m.email);
	if (e.email)
		snprintf(mail[1], sizeof(mail[1]), "  email: %s\n", e.email);
	snprintf(rest, size,
		 tpl == bsw ? "  meeting_times: %s\n  topics_to_avoid: %s\n"
			      "  notes_agreed: yes\n  challenge_agreed: yes\n"
			      "  feedback_agreed: yes\n"
			      "  progress_measures: Ratings.\n"
			    : "  notice_days: 2\n%.0s%.0s",
		 text ? text : "Tuesdays at four.", own ? own : "None.");
	snprintf(yaml, size,
		 "scheme: %s\nconfirmed: true\nmentor:\n  name: %s\n%s"
		 "mentee:\n  name: %s\n%sanswers:\n  meeting_frequency: once"
		 " a month\n  meeting_length: 1 hour\n%s",
		 tpl->id, m.name, mail[0], e.name, mail[1], rest);
	if (answers_load_buffer("test", yaml, strlen(yaml), lookup, NULL, &a,
				NULL, &err) != MP_OK)
		fail_msg("answers: %s", err.message);
	if (agreement_create(st, tpl, a, &ag, &err) != MP_OK)
		fail_msg("create: %s", err.message);
	answers_free(a);
	free(yaml);
	free(rest);
	free(text);
	return ag;
}

/* A ready agreement between two people known by name only. */
static struct agreement *make(const struct template *tpl, const char *mentor,
			      const char *mentee)
{
	return make_full(tpl, (struct party){mentor, NULL},
			 (struct party){mentee, NULL}, NULL, NULL);
}

static void sign_both(struct agreement *ag)
{
	struct mp_secret *pw = tu_pass("a signing passphrase");
	struct mp_error err;

	for (int r = 0; r < 2; r++)
		if (agreement_sign(st, ag, (enum ag_role)r,
				   ag->parties[r].details[TPL_DETAIL_NAME], pw,
				   &err) != MP_OK)
			fail_msg("sign: %s", err.message);
	secret_free(pw);
	assert_int_equal(ag->status, AG_ACTIVE);
}

/* --- listing -------------------------------------------------------------- */

struct rows {
	char ids[64][AG_ID_SIZE];
	int versions[64];
	char mentors[64][64];
	size_t n;
};

static void keep_row(void *ctx, const struct ag_row *r)
{
	struct rows *rows = ctx;

	assert_true(rows->n < 64);
	snprintf(rows->ids[rows->n], AG_ID_SIZE, "%s", r->id);
	snprintf(rows->mentors[rows->n], 64, "%s", r->mentor ? r->mentor : "");
	rows->versions[rows->n++] = r->version;
}

static struct rows list(struct ag_filter f)
{
	struct rows rows = {.n = 0};
	struct mp_error err;

	if (agreement_query(st, &f, keep_row, &rows, &err) != MP_OK)
		fail_msg("query: %s", err.message);
	return rows;
}

static int listed(const struct rows *r, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->ids[i], id) == 0)
			return (int)i;
	return -1;
}

/* Only the newest version is listed; deleting it shows the one before. */
static void test_latest_version(void **state)
{
	struct agreement *a = make(bsw, "Ada Lovelace", "Grace Hopper");
	struct agreement *v2 = NULL;
	struct mp_error err;
	struct rows r;
	char sql[128];

	(void)state;
	sign_both(a);
	assert_int_equal(agreement_recontract(st, a, &v2, &err), MP_OK);
	r = list((struct ag_filter){.status = -1});
	assert_int_equal(r.n, 1);
	assert_int_equal(r.versions[0], 2);
	r = list((struct ag_filter){.status = AG_ACTIVE});
	assert_int_equal(r.n, 0);
	snprintf(sql, sizeof(sql),
		 "DELETE FROM agreements WHERE id = '%s'"
		 " AND version = 2",
		 a->id);
	tu_exec(st, sql);
	r = list((struct ag_filter){.status = AG_ACTIVE});
	assert_int_equal(r.n, 1);
	assert_int_equal(r.versions[0], 1);
	agreement_free(v2);
	agreement_free(a);
}

static void test_filters_and_sorts(void **state)
{
	struct agreement *a = make(bsw, "Yusuf Adeyemi", "Beth Carter");
	struct agreement *b = make(nhs, "Aisha Khan", "Tom Evans");
	struct agreement *c = make(nhs, "Mei Lin", "Owen Price");
	struct rows r;

	(void)state;
	r = list((struct ag_filter){.status = -1, .scheme = "nhs-reciprocal"});
	assert_int_equal(r.n, 2);
	assert_int_equal(listed(&r, a->id), -1);
	r = list((struct ag_filter){.status = -1, .sort = AG_SORT_MENTOR});
	assert_int_equal(r.n, 3);
	assert_string_equal(r.mentors[0], "Aisha Khan");
	assert_string_equal(r.mentors[2], "Yusuf Adeyemi");
	r = list((struct ag_filter){
	    .status = -1, .sort = AG_SORT_MENTOR, .limit = 1, .offset = 1});
	assert_int_equal(r.n, 1);
	assert_string_equal(r.mentors[0], "Mei Lin");
	r = list((struct ag_filter){.status = AG_DRAFT});
	assert_int_equal(r.n, 0);
	r = list((struct ag_filter){.status = AG_READY, .scheme = "bsw-hub"});
	assert_int_equal(r.n, 1);
	assert_string_equal(r.ids[0], a->id);
	agreement_free(a);
	agreement_free(b);
	agreement_free(c);
}

/* Words are folded (case, accents) and matched from their start. */
static void test_search_folding(void **state)
{
	struct agreement *a =
	    make(bsw, "Siobhán Ó Súilleabháin", "Zoë Ångström");
	struct agreement *b = make(bsw, "Ana Lucía Núñez", "Bob Smith");
	struct ag_change ch;
	struct mp_error err;
	struct rows r;

	(void)state;
	r = list((struct ag_filter){.status = -1, .search = "suil"});
	assert_int_equal(r.n, 1);
	assert_string_equal(r.ids[0], a->id);
	r = list((struct ag_filter){.status = -1, .search = "ZOE ang"});
	assert_int_equal(r.n, 1);
	r = list((struct ag_filter){.status = -1, .search = "nunez lu"});
	assert_int_equal(r.n, 1);
	assert_string_equal(r.ids[0], b->id);
	/* From the start of a word only, and every word must match. */
	assert_int_equal(
	    list((struct ag_filter){.status = -1, .search = "mith"}).n, 0);
	assert_int_equal(
	    list((struct ag_filter){.status = -1, .search = "bob zoe"}).n, 0);
	/* A changed name is found under the new one only. */
	assert_int_equal(agreement_set(st, b, "mentee.name", "Robert Smythe",
				       TPL_BOTH, &ch, &err),
			 MP_OK);
	assert_int_equal(agreement_set(st, b, "mentee.email",
				       "r.smythe@example.ac.uk", TPL_BOTH, &ch,
				       &err),
			 MP_OK);
	assert_int_equal(
	    list((struct ag_filter){.status = -1, .search = "bob"}).n, 0);
	r = list((struct ag_filter){.status = -1, .search = "smy example.ac"});
	assert_int_equal(r.n, 1);
	assert_string_equal(r.ids[0], b->id);
	agreement_free(a);
	agreement_free(b);
}

/* Names of as many distinct two-letter words as fit in a name: every
 * word still finds the agreement, the last as well as the first. */
static void test_search_every_key(void **state)
{
	char mentor[TPL_TEXT_MAX + 1], mentee[TPL_TEXT_MAX + 1], w[3];
	struct agreement *ag;
	size_t n = 0, m = 0;
	struct rows r;

	(void)state;
	for (int i = 0; n + 3 <= TPL_TEXT_MAX; i++)
		n += (size_t)snprintf(mentor + n, sizeof(mentor) - n, "%s%c%c",
				      n ? " " : "", 'a' + i / 26, 'a' + i % 26);
	for (int i = 0; m + 3 <= TPL_TEXT_MAX; i++)
		m += (size_t)snprintf(mentee + m, sizeof(mentee) - m, "%s%c%c",
				      m ? " " : "", 'p' + i / 26, 'a' + i % 26);
	ag = make(bsw, mentor, mentee);
	snprintf(w, sizeof(w), "%s", mentee + m - 2);
	for (const char *word = mentor; word < mentor + n; word += 3) {
		char one[3] = {word[0], word[1], '\0'};
		r = list((struct ag_filter){.status = -1, .search = one});
		if (listed(&r, ag->id) < 0)
			fail_msg("\"%s\" does not find %s", one, ag->id);
	}
	r = list((struct ag_filter){.status = -1, .search = w});
	assert_int_equal(r.n, 1);
	assert_string_equal(r.ids[0], ag->id);
	agreement_free(ag);
}

/* --- search at scale, against a brute-force answer ------------------------ */

#define MANY 4000

static const char *const firsts[] = {"amara", "ben",  "chloe", "dev",
				     "elif",  "femi", "gwen",  "hamza"};
static const char *const lasts[] = {"okafor", "jones", "patel",
				    "nowak",  "oduya", "smith"};

static void person(unsigned i, char *buf, size_t size)
{
	snprintf(buf, size, "%s %s", firsts[i % 8], lasts[(i / 8) % 6]);
}

/* MANY newest versions, written straight into the table. */
static void fill_many(void)
{
	sqlite3_stmt *q;
	char mentor[64], mentee[64], id[16], changed[32];
	struct mp_error err;

	assert_int_equal(store_begin(st, &err), MP_OK);
	tu_exec(st, "INSERT INTO templates VALUES('h', 'many', 'x')");
	assert_int_equal(
	    sqlite3_prepare_v2(store_db(st),
			       "INSERT INTO agreements(id, version, scheme,"
			       " template_hash, status, created, changed,"
			       " mentor_name, mentee_name, mentee_email,"
			       " review_due) VALUES(?1, 1, 'many', 'h', ?2,"
			       " ?3, ?3, ?4, ?5, replace(?5, ' ', '.') || ?6,"
			       " '2026-06-01')",
			       -1, &q, NULL),
	    SQLITE_OK);
	for (unsigned i = 0; i < MANY; i++) {
		snprintf(id, sizeof(id), "M%03u-%04u", i / 1000, i % 1000);
		snprintf(changed, sizeof(changed), "2026-01-01T%02u:%02u:%02uZ",
			 (i * 7 % 24), (i * 13) % 60, i % 60);
		person(i, mentor, sizeof(mentor));
		person(i * 5 + 3, mentee, sizeof(mentee));
		sqlite3_bind_text(q, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, i % 3 ? "ready" : "draft", -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(q, 3, changed, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 4, mentor, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 5, mentee, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 6, i % 2 ? "@uni.ac.uk" : "@trust.nhs.uk",
				  -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(q), SQLITE_DONE);
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);
	assert_int_equal(store_commit(st, &err), MP_OK);
}

/* Does a word of text (words end at anything but a letter) start with
 * w? */
static int word_starts(const char *text, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = text; p && *p; p++)
		if ((p == text || !isalpha((unsigned char)p[-1])) &&
		    strncmp(p, w, n) == 0)
			return 1;
	return 0;
}

/* The ids (changed DESC, id) whose names have every word of q. */
static size_t expected(const char *const *words, size_t n_words,
		       const char *status, char out[][AG_ID_SIZE], size_t max)
{
	sqlite3_stmt *q;
	size_t n = 0;

	assert_int_equal(sqlite3_prepare_v2(store_db(st),
					    "SELECT id, mentor_name,"
					    " mentee_name || ' ' ||"
					    " mentee_email, status FROM"
					    " agreements WHERE scheme = 'many'"
					    " ORDER BY changed DESC, id",
					    -1, &q, NULL),
			 SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW && n < max) {
		const char *m = (const char *)sqlite3_column_text(q, 1);
		const char *e = (const char *)sqlite3_column_text(q, 2);
		int all =
		    !status ||
		    !strcmp(status, (const char *)sqlite3_column_text(q, 3));
		for (size_t i = 0; i < n_words; i++)
			all &= word_starts(m, words[i]) ||
			       word_starts(e, words[i]);
		if (all)
			snprintf(out[n++], AG_ID_SIZE, "%s",
				 (const char *)sqlite3_column_text(q, 0));
	}
	sqlite3_finalize(q);
	return n;
}

/*
 * A screen of 40 agreements from offset found by search (with status, or
 * -1) must be the brute-force answer's, however it is found: from the
 * search words alone, with the scheme filter too, or with a review date
 * filter (which all the agreements pass) that makes it walk the
 * agreements' own indexes.
 */
static void check_page(const char *search, const char *const *words,
		       size_t n_words, int status, long offset)
{
	static char want[1000][AG_ID_SIZE];
	struct ag_filter f = {
	    .status = status, .search = search, .limit = 40, .offset = offset};
	struct rows got[3];
	size_t n;

	got[0] = list(f);
	f.scheme = "many";
	got[1] = list(f);
	f.due_by = "9999-12-31";
	got[2] = list(f);
	n = expected(words, n_words,
		     status >= 0 ? agreement_status_name(status) : NULL, want,
		     (size_t)offset + 40);
	n = n > (size_t)offset ? n - (size_t)offset : 0;
	for (int k = 0; k < 3; k++) {
		assert_int_equal(got[k].n, n);
		for (size_t i = 0; i < n; i++)
			assert_string_equal(got[k].ids[i],
					    want[offset + (long)i]);
	}
}

static void check_search(const char *search, const char *const *words,
			 size_t n_words, int status)
{
	check_page(search, words, n_words, status, 0);
}

/*
 * A rare word is answered from the word index, a common one by walking
 * the sort order: both must give exactly the brute-force screen.
 */
static void test_search_many(void **state)
{
	const char *all[] = {"uk"};	       /* every mentee's address */
	const char *common[] = {"o"};	       /* okafor, oduya */
	const char *pair[] = {"am", "okaf"};   /* amara okafor */
	const char *mixed[] = {"uk", "chloe"}; /* the rare word leads */
	const char *both[] = {"trust", "uk"};  /* each common */
	const char *never[] = {"nhs", "ac"};   /* each common, never both */
	const char *odd[] = {"tr", "ok"};      /* common, rarer together */
	const char *both_o[] = {"uk", "o"};
	const char *rare[] = {"hamza", "nowak"};
	const char *none[] = {"zz"};

	(void)state;
	fill_many();
	check_search("UK", all, 1, -1);
	check_search("uk", all, 1, AG_DRAFT);
	check_search("uk chloe", mixed, 2, AG_READY);
	check_search("trust uk", both, 2, -1);
	check_search("UK Trust", both, 2, AG_READY);
	check_search("nhs ac", never, 2, -1);
	check_search("tr ok", odd, 2, AG_DRAFT);
	/* Further screens: deep enough, a walk tests against sets. */
	check_page("o", common, 1, -1, 300);
	check_page("uk o", both_o, 2, AG_READY, 120);
	check_search("O", common, 1, -1);
	check_search("o", common, 1, AG_DRAFT);
	check_search("Am OKAF", pair, 2, -1);
	check_search("hamza nowak", rare, 2, AG_READY);
	check_search("zz", none, 1, -1);
	/* Punctuation alone searches nothing: everything is listed. */
	assert_int_equal(list((struct ag_filter){.status = -1,
						 .scheme = "many",
						 .search = "@.-",
						 .limit = 10})
			     .n,
			 10);
}

/* --- search by key, against a brute-force answer ------------------------- */

static long count(const char *sql);

#define KEYED 3000

/*
 * KEYED newest versions of scheme "keyed", written straight into the
 * table, with words as common and as rare as a search's plans need: a
 * key with more agreements than are walked whole ("ok": okafor in half,
 * okoro in a fifth), words rare enough to start from (okeke, zebedee),
 * words found only in the oldest agreements (okeke, okonkwo, which is
 * too common to start from), every mentee's address ("uk").  Agreements
 * change in threes in the same second (ties go by id, which is not in
 * the order they were made).
 */
static void fill_keyed(void)
{
	static const char *const given[] = {"Amara", "Ben",  "Chloe",
					    "Dev",   "Elif", "Femi"};
	sqlite3_stmt *q;
	char id[16], changed[32], mentor[64], mentor_mail[96], mentee[64],
	    mentee_mail[96];
	struct mp_error err;

	assert_int_equal(store_begin(st, &err), MP_OK);
	tu_exec(st, "INSERT INTO templates VALUES('k', 'keyed', 'x')");
	assert_int_equal(
	    sqlite3_prepare_v2(store_db(st),
			       "INSERT INTO agreements(id, version, scheme,"
			       " template_hash, status, created, changed,"
			       " mentor_name, mentor_email, mentee_name,"
			       " mentee_email, review_due) VALUES(?1, 1,"
			       " 'keyed', 'k', ?2, ?3, ?3, ?4, ?5, ?6, ?7,"
			       " '2026-06-01')",
			       -1, &q, NULL),
	    SQLITE_OK);
	for (unsigned i = 0; i < KEYED; i++) {
		const char *sur = i % 2 == 0		       ? "Okafor"
				  : i % 10 == 1 || i % 10 == 3 ? "Okoro"
							       : "Smith";
		const char *who = i < 100	? "Ngozi Okeke"
				  : i < 500	? "Ngozi Okonkwo"
				  : i % 97 == 5 ? "Zebedee Jones"
				  : i % 2	? "Grace Patel"
						: "Grace Nowak";
		unsigned t = i / 3;
		char *p;

		snprintf(id, sizeof(id), "K%04u", (i * 7919) % KEYED);
		snprintf(changed, sizeof(changed), "2026-01-01T%02u:%02u:%02uZ",
			 t / 3600, t / 60 % 60, t % 60);
		snprintf(mentor, sizeof(mentor), "%s %s", given[i % 6], sur);
		snprintf(mentor_mail, sizeof(mentor_mail), "%s@mail.example",
			 mentor);
		snprintf(mentee, sizeof(mentee), "%s", who);
		snprintf(mentee_mail, sizeof(mentee_mail), "%s@%s", who,
			 i % 10 < 7 ? "uni.ac.uk" : "trust.nhs.uk");
		for (p = mentor_mail; *p; p++)
			*p = *p == ' ' ? '.' : (char)tolower((unsigned char)*p);
		for (p = mentee_mail; *p; p++)
			*p = *p == ' ' ? '.' : (char)tolower((unsigned char)*p);
		sqlite3_bind_text(q, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, agreement_status_name((int)(i % 5)), -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(q, 3, changed, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 4, mentor, -1, SQLITE_TRANSIENT);
		if (i % 3 == 0)
			sqlite3_bind_text(q, 5, mentor_mail, -1,
					  SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(q, 5);
		sqlite3_bind_text(q, 6, mentee, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 7, mentee_mail, -1, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(q), SQLITE_DONE);
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);
	assert_int_equal(store_commit(st, &err), MP_OK);
}

/* The ids (changed DESC, id) of the scheme's newest versions whose names
 * and addresses have a word starting with each of words, and status. */
static size_t expected_keyed(const char *search, const char *status,
			     char out[][AG_ID_SIZE], size_t max)
{
	char text[256], *words[8], *save = NULL, *w;
	size_t n = 0, n_words = 0;
	sqlite3_stmt *q;

	snprintf(text, sizeof(text), "%s", search);
	for (char *p = text; *p; p++)
		*p = isalnum((unsigned char)*p)
			 ? (char)tolower((unsigned char)*p)
			 : ' ';
	for (w = strtok_r(text, " ", &save); w && n_words < 8;
	     w = strtok_r(NULL, " ", &save))
		words[n_words++] = w;
	assert_int_equal(
	    sqlite3_prepare_v2(
		store_db(st),
		"SELECT id, lower(coalesce(mentor_name, '') || ' ' ||"
		" coalesce(mentor_email, '') || ' ' ||"
		" coalesce(mentee_name, '') || ' ' ||"
		" coalesce(mentee_email, '')), status FROM agreements"
		" WHERE scheme = 'keyed' AND latest = 1"
		" ORDER BY changed DESC, id",
		-1, &q, NULL),
	    SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW && n < max) {
		const char *t = (const char *)sqlite3_column_text(q, 1);
		int all =
		    !status ||
		    !strcmp(status, (const char *)sqlite3_column_text(q, 2));
		for (size_t i = 0; i < n_words; i++)
			all &= word_starts(t, words[i]);
		if (all)
			snprintf(out[n++], AG_ID_SIZE, "%s",
				 (const char *)sqlite3_column_text(q, 0));
	}
	sqlite3_finalize(q);
	return n;
}

/*
 * A screen of 40 from offset must be the brute-force answer's: in the
 * default order (with and without the scheme filter, which every
 * agreement passes) and, walking the agreements' own indexes, with a
 * review date filter.
 */
static void check_keyed(const char *search, int status, long offset)
{
	static char want[KEYED][AG_ID_SIZE];
	struct ag_filter f = {
	    .status = status, .search = search, .limit = 40, .offset = offset};
	struct rows got[3];
	size_t n;

	got[0] = list(f);
	f.scheme = "keyed";
	got[1] = list(f);
	f.due_by = "9999-12-31";
	f.status = status;
	got[2] = list(f);
	n = expected_keyed(search,
			   status >= 0 ? agreement_status_name(status) : NULL,
			   want, (size_t)offset + 40);
	n = n > (size_t)offset ? n - (size_t)offset : 0;
	for (int k = 0; k < 3; k++) {
		if (got[k].n != n)
			fail_msg("'%s' (status %d, offset %ld, way %d): %zu"
				 " listed, %zu expected",
				 search, status, offset, k, got[k].n, n);
		for (size_t i = 0; i < n; i++)
			if (strcmp(got[k].ids[i], want[offset + (long)i]))
				fail_msg("'%s' (status %d, offset %ld, way"
					 " %d): row %zu is %s, not %s",
					 search, status, offset, k, i,
					 got[k].ids[i], want[offset + (long)i]);
	}
}

/* The searches the plans are chosen among, each against brute force. */
static void check_keyed_all(void)
{
	static const char *const searches[] = {
	    /* one letter: common, rare, absent */
	    "o", "z", "x",
	    /* prefixes of a word in half of them, under a key that is too
	     * long to walk whole */
	    "OK", "oka", "okaf", "Okafor",
	    /* a rarer word under that key; one found only in the oldest
	     * (too common to start from); one rare and old */
	    "okor", "okon", "okonkwo", "okeke",
	    /* two words: under a short key; both common; rare and common;
	     * each common, never together; the same key twice */
	    "amara okafor", "okafor uk", "uk okafor", "okoro trust",
	    "zebedee uk", "uk okeke", "okafor okoro", "ok okaf", "ngozi okeke",
	    /* addresses, typed whole */
	    "amara.okafor@mail.example", "ngozi.okonkwo@uni.ac.uk",
	    /* nothing: an absent key, an absent word under a key, a word
	     * beside an absent one */
	    "qq", "okq", "uk qq"};

	for (size_t i = 0; i < sizeof(searches) / sizeof(searches[0]); i++) {
		check_keyed(searches[i], -1, 0);
		check_keyed(searches[i], AG_ACTIVE, 0);
	}
	/* Status with search, and later screens. */
	check_keyed("ok", AG_DRAFT, 0);
	check_keyed("okon", AG_ENDED, 0);
	check_keyed("amara okafor", AG_READY, 0);
	check_keyed("ok", -1, 200);
	check_keyed("okon", -1, 360);
	check_keyed("okor", AG_SIGNED, 80);
	check_keyed("uk", -1, 1000);
	check_keyed("o", -1, 2000);
}

/* search_keys and search_key_counts hold exactly what search_docs and
 * search_words say they should. */
static void check_keys_kept(void)
{
	assert_int_equal(count("SELECT count(*) FROM search_pending"), 0);
	assert_int_equal(
	    count("SELECT count(*) FROM (SELECT substr(w.word, 1, 2),"
		  " d.changed, d.id, d.doc, d.status, d.scheme,"
		  " search_sig(d.words), d.words FROM search_words w"
		  " JOIN search_docs d ON d.doc = w.doc"
		  " WHERE length(w.word) >= 2"
		  " EXCEPT SELECT * FROM search_keys)"),
	    0);
	assert_int_equal(
	    count("SELECT count(*) FROM (SELECT * FROM search_keys EXCEPT"
		  " SELECT substr(w.word, 1, 2), d.changed, d.id, d.doc,"
		  " d.status, d.scheme, search_sig(d.words), d.words"
		  " FROM search_words w JOIN search_docs d ON d.doc = w.doc"
		  " WHERE length(w.word) >= 2)"),
	    0);
	assert_int_equal(count("SELECT count(*) FROM (SELECT key, count(*) FROM"
			       " search_keys GROUP BY key EXCEPT SELECT * FROM"
			       " search_key_counts)"),
			 0);
	assert_int_equal(
	    count("SELECT count(*) FROM (SELECT * FROM search_key_counts"
		  " EXCEPT SELECT key, count(*) FROM search_keys"
		  " GROUP BY key)"),
	    0);
}

/*
 * Every search plan in the default order (walking a key whole or until
 * a screen is found, starting from a rare word, walking search_docs for
 * one letter, finding nothing) gives exactly the brute-force screen,
 * before and after names, statuses and times change and agreements go.
 */
static void test_search_keys(void **state)
{
	struct mp_error err;

	(void)state;
	fill_keyed();
	assert_int_equal(agreement_search_sync(st, &err), MP_OK);
	check_keys_kept();
	assert_true(count("SELECT n FROM search_key_counts WHERE key = 'ok'") >
		    2000);
	check_keyed_all();
	/* Renamed, moved on, gone. */
	tu_exec(st, "UPDATE agreements SET mentor_name = 'Amara Okwu',"
		    " changed = '2026-02-01T00:00:00Z' WHERE scheme = 'keyed'"
		    " AND rowid % 7 = 0");
	tu_exec(st, "UPDATE agreements SET status = 'ended'"
		    " WHERE scheme = 'keyed' AND rowid % 11 = 0");
	tu_exec(st, "UPDATE agreements SET mentee_name = 'Zebedee Okeke'"
		    " WHERE scheme = 'keyed' AND rowid % 13 = 0");
	tu_exec(st, "DELETE FROM agreements WHERE scheme = 'keyed'"
		    " AND rowid % 17 = 0");
	check_keyed_all();
	check_keyed("okwu", -1, 0);
	check_keyed("amara okwu", AG_ENDED, 0);
	check_keys_kept();
}

/* The first four columns of sql's one row, as text, into out. */
static void first_row(const char *sql, char *out, size_t size)
{
	sqlite3_stmt *q;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	snprintf(out, size, "%s %s %s %s", sqlite3_column_text(q, 0),
		 sqlite3_column_text(q, 1), sqlite3_column_text(q, 2),
		 sqlite3_column_text(q, 3));
	sqlite3_finalize(q);
}

/* Upgrading a store of schema 5 builds the keys as keeping them does. */
static void test_search_keys_upgrade(void **state)
{
	static const char *const dump[] = {
	    "SELECT count(*), sum(length(key || changed || id || doc ||"
	    " status || scheme || sig || words)), total(sig % 1000003),"
	    " total(doc) FROM search_keys",
	    "SELECT count(*), total(n), total(length(key) * n)"
	    " FROM search_key_counts"};
	char before[2][128], after[2][128];
	struct admin_purge_result r;
	struct mp_error err;
	int status;

	(void)state;
	fill_keyed();
	assert_int_equal(agreement_search_sync(st, &err), MP_OK);
	for (int k = 0; k < 2; k++)
		first_row(dump[k], before[k], sizeof(before[k]));
	tu_exec(st, "DROP TABLE search_keys; DROP TABLE search_key_counts;"
		    " DROP TABLE signers;"
		    TU_DROP_STEP8 " PRAGMA user_version = 5");
	assert_int_equal(count("SELECT count(*) FROM settings"), 0);
	store_close(st);
	st = tu_open(db, PASS, &status);
	assert_non_null(st);
	assert_int_equal(count("PRAGMA user_version"), STORE_SCHEMA_VERSION);
	check_keys_kept();
	/* Its pages were written before the unused space of each was
	 * zeroed: the next deletion (a purge with nothing due will do)
	 * rewrites the store once. */
	assert_int_equal(count("SELECT count(*) FROM settings WHERE key ="
			       " 'internal.scrub-pending'"),
			 1);
	assert_int_equal(admin_purge(st, NULL, false, &r, &err), MP_OK);
	assert_int_equal(r.count, 0);
	admin_purge_result_free(&r);
	assert_int_equal(count("SELECT count(*) FROM settings WHERE key ="
			       " 'internal.scrub-pending'"),
			 0);
	for (int k = 0; k < 2; k++) {
		first_row(dump[k], after[k], sizeof(after[k]));
		assert_string_equal(before[k], after[k]);
	}
	check_keyed("okafor uk", -1, 0);
	check_keyed("okon", AG_ACTIVE, 0);
}

/* --- settings and retention ----------------------------------------------- */

static void test_settings(void **state)
{
	struct mp_error err;
	enum admin_setting_kind kind;
	const char *scheme;
	char *v = NULL;
	long n = -1;

	(void)state;
	assert_int_equal(
	    admin_setting_parse("retention.img-peer", &kind, &scheme, &err),
	    MP_OK);
	assert_int_equal(kind, ADMIN_RETENTION);
	assert_string_equal(scheme, "img-peer");
	assert_int_equal(
	    admin_setting_parse("colour.img-peer", &kind, &scheme, &err),
	    MP_ERR_INVALID);
	assert_non_null(strstr(err.message, "return-address.SCHEME"));
	assert_int_equal(
	    admin_setting_parse("retention.Bad Id", &kind, &scheme, &err),
	    MP_ERR_INVALID);
	assert_int_equal(
	    admin_setting_set(st, "retention.img-peer", "soon", &n, &err),
	    MP_ERR_INVALID);
	assert_int_equal(
	    admin_setting_set(st, "retention.img-peer", "3 hours", &n, &err),
	    MP_ERR_INVALID);
	assert_int_equal(admin_setting_set(st, "return-address.img-peer",
					   "not an address", &n, &err),
			 MP_ERR_INVALID);
	assert_int_equal(admin_setting_set(st, "return-address.img-peer",
					   "  Organisers@Example.ORG ", &n,
					   &err),
			 MP_OK);
	assert_int_equal(admin_return_address(st, "img-peer", &v, &err), MP_OK);
	assert_string_equal(v, "Organisers@example.org");
	free(v);
	assert_int_equal(
	    admin_setting_unset(st, "return-address.img-peer", &n, &err),
	    MP_OK);
	assert_int_equal(
	    admin_setting_unset(st, "return-address.img-peer", &n, &err),
	    MP_ERR_NOT_FOUND);
	assert_int_equal(admin_return_address(st, "img-peer", &v, &err), MP_OK);
	assert_null(v);
}

static void kept_of(const char *id, char kept[11])
{
	struct agreement *ag;
	struct mp_error err;

	assert_int_equal(agreement_load(st, id, 0, &ag, &err), MP_OK);
	snprintf(kept, 11, "%s", ag->kept_until ? ag->kept_until : "");
	agreement_free(ag);
}

/* The retention setting overrides the template's when ending, and a
 * change reaches agreements already ended. */
static void test_retention(void **state)
{
	struct agreement *a = make(nhs, "Nia Roberts", "Ian Wood");
	struct tpl_duration d;
	struct mp_error err;
	bool set;
	char kept[11], sql[160];
	long n = 0;

	(void)state;
	assert_int_equal(agreement_retention(st, nhs, &d, &set, &err), MP_OK);
	assert_false(set);
	assert_int_equal(d.amount, 1);
	assert_int_equal(d.unit, TPL_UNIT_YEAR);
	assert_int_equal(admin_setting_set(st, "retention.nhs-reciprocal",
					   "18 months", &n, &err),
			 MP_OK);
	assert_int_equal(n, 0);
	sign_both(a);
	/* An end is recorded once it happened: start the agreement in 2020
	 * so that a known past date can end it. */
	snprintf(sql, sizeof(sql),
		 "UPDATE agreements SET started = '2020-01-01' WHERE id = '%s'",
		 a->id);
	tu_exec(st, sql);
	free(a->started);
	a->started = strdup("2020-01-01");
	assert_int_equal(agreement_end(st, a, "2099-01-31", "both", NULL, &err),
			 MP_ERR_INVALID);
	assert_int_equal(agreement_end(st, a, "2020-01-31", "both", NULL, &err),
			 MP_OK);
	assert_string_equal(a->kept_until, "2021-07-31");
	assert_int_equal(admin_setting_set(st, "retention.nhs-reciprocal",
					   "2 weeks", &n, &err),
			 MP_OK);
	assert_int_equal(n, 1);
	kept_of(a->id, kept);
	assert_string_equal(kept, "2020-02-14");
	/* Without the setting, the template's year applies again. */
	assert_int_equal(
	    admin_setting_unset(st, "retention.nhs-reciprocal", &n, &err),
	    MP_OK);
	assert_int_equal(n, 1);
	kept_of(a->id, kept);
	assert_string_equal(kept, "2021-01-31");
	/* A scheme whose template sets none keeps records without limit. */
	assert_int_equal(agreement_kept_until(st, bsw, "2099-01-31", kept, &err),
			 MP_OK);
	assert_string_equal(kept, "");
	agreement_free(a);
}

/* --- report --------------------------------------------------------------- */

static void test_report(void **state)
{
	struct agreement *a = make(nhs, "Ola Nordmann", "Kari Nordmann");
	struct agreement *b = make(nhs, "Ravi Das", "Leah Cohen");
	struct agreement *c = make(bsw, "Sam Lee", "Jo Park");
	struct admin_report r;
	struct mp_error err;
	char sql[512];

	(void)state;
	sign_both(a);
	sign_both(b);
	/* Known dates: drafts made 10 and 20 days before both signed. */
	snprintf(sql, sizeof(sql),
		 "UPDATE agreements SET created = '2026-03-01T09:00:00Z',"
		 " signed_on = '2026-03-11', review_due = '2026-09-11'"
		 " WHERE id = '%s';"
		 "UPDATE agreements SET created = '2026-03-20T09:00:00Z',"
		 " signed_on = '2026-04-09', review_due = '2027-10-09'"
		 " WHERE id = '%s'",
		 a->id, b->id);
	tu_exec(st, sql);
	assert_int_equal(admin_report(st, "2027-01-01", &r, &err), MP_OK);
	assert_int_equal(r.n_schemes, 2);
	assert_string_equal(r.schemes[0].scheme, "bsw-hub");
	assert_int_equal(r.schemes[0].by_status[AG_READY], 1);
	assert_int_equal(r.schemes[1].by_status[AG_ACTIVE], 2);
	assert_int_equal(r.totals[AG_ACTIVE], 2);
	assert_int_equal(r.overdue, 1);
	assert_int_equal(r.schemes[1].overdue, 1);
	assert_int_equal(r.n_months, 2);
	assert_string_equal(r.months[0].month, "2026-03");
	assert_int_equal(r.months[1].count, 1);
	assert_int_equal(r.signed_samples, 2);
	assert_true(r.median_days > 14.99 && r.median_days < 15.01);
	admin_report_free(&r);
	agreement_free(a);
	agreement_free(b);
	agreement_free(c);
}

static void end_now(struct agreement *ag)
{
	struct mp_error err;

	if (agreement_end(st, ag, NULL, "both", NULL, &err) != MP_OK)
		fail_msg("end: %s", err.message);
}

/* --- looking at every page ------------------------------------------------ */

static long hits(const char *needle)
{
	return tu_page_hits(st, needle);
}

static void assert_gone(const char *needle)
{
	long n = hits(needle);

	if (n)
		fail_msg("'%s' is still in %ld place(s) of the file", needle,
			 n);
}

static void assert_chain(void)
{
	struct mp_error err;
	int64_t n;

	if (audit_walk(st, NULL, NULL, NULL, &n, &err) != MP_OK)
		fail_msg("audit: %s", err.message);
}

static long count(const char *sql)
{
	sqlite3_stmt *q;
	long n;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* The local date days from now. */
static void days_ahead(int days, char out[11])
{
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/*
 * Many more agreements, written straight into the table: every third is
 * long over and due for purging (and named like the purged one), the
 * rest stay.  Then a fifth of them grow, as drafts do when filled in.
 * SQLite moves cells between pages as they grow, and rebuilds pages,
 * which is where stale copies that secure_delete cannot reach come from.
 */
static void crowd(const char *tpl_hash, unsigned n)
{
	sqlite3_stmt *q;
	struct mp_error err;
	char id[16];

	assert_int_equal(store_begin(st, &err), MP_OK);
	assert_int_equal(sqlite3_prepare_v2(
			     store_db(st),
			     "INSERT INTO agreements(id, version, scheme,"
			     " template_hash, status, created, changed,"
			     " mentor_name, mentee_name, ended, kept_until,"
			     " end_reason) VALUES(?1, 1, 'bsw-hub', ?2,"
			     " CASE WHEN ?3 % 3 THEN 'draft' ELSE 'ended'"
			     " END, '2000-01-01T00:00:00Z', ?1,"
			     " CASE WHEN ?3 % 3 THEN 'Stay Crowd' || ?3"
			     " ELSE 'Quentin Purgeworthy' || ?3 END,"
			     " 'Mentee Crowd' || ?3,"
			     " CASE WHEN ?3 % 3 THEN NULL ELSE '2000-01-01'"
			     " END, CASE WHEN ?3 % 3 THEN NULL ELSE"
			     " '2001-01-01' END, printf('%.*c', ?3 * 37 % 300,"
			     " 'r'))",
			     -1, &q, NULL),
			 SQLITE_OK);
	for (unsigned i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "C%03u-%04u", i / 1000, i % 1000);
		sqlite3_bind_text(q, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, tpl_hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(q, 3, (int)i);
		assert_int_equal(sqlite3_step(q), SQLITE_DONE);
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);
	tu_exec(st, "UPDATE agreements SET mentor_organisation ="
		    " printf('%.*c', 200 + rowid % 300, 'o')"
		    " WHERE id LIKE 'C%' AND rowid % 5 = 1");
	assert_int_equal(store_commit(st, &err), MP_OK);
	assert_int_equal(agreement_search_sync(st, &err), MP_OK);
}

/* --- purge ---------------------------------------------------------------- */

static const char *const purged_marks[] = {
    "Purgeworthy", "quentin.purgeworthy@example.org", "Vanishwood",
    "Xylophonicmarker", "Zanzibarsecret"};

static struct agreement *purge_fixture(struct agreement **kept,
				       struct agreement **draft)
{
	struct agreement *gone = make_full(
	    bsw,
	    (struct party){"Quentin Purgeworthy",
			   "quentin.purgeworthy@example.org"},
	    (struct party){"Ulla Vanishwood", "ulla@vanishwood.example"},
	    "Xylophonicmarker", "Zanzibarsecret");
	struct mp_error err;
	long n;

	*kept = make_full(
	    nhs, (struct party){"Kim Stayington", "kim@example.org"},
	    (struct party){"Lee Remaining", "lee@example.org"}, NULL, NULL);
	*draft =
	    make_full(bsw, (struct party){"Drew Draftly", "drew@example.org"},
		      (struct party){"Pat Pending", "pat@example.org"},
		      "Waitingmarker", "Notyet");
	assert_int_equal(
	    admin_setting_set(st, "retention.bsw-hub", "1 day", &n, &err),
	    MP_OK);
	crowd(gone->tpl_hash, 3000);
	sign_both(gone);
	sign_both(*kept);
	end_now(gone);
	end_now(*kept);
	return gone;
}

/*
 * An agreement past its keep-until date goes, every byte of it; one
 * still kept and a draft stay; the trail keeps a tombstone and verifies;
 * the file keeps its header (and so its file id).
 */
static void test_purge(void **state)
{
	struct agreement *kept, *draft, *gone = purge_fixture(&kept, &draft);
	struct admin_purge_result r;
	unsigned char before[VFS_HEADER_SIZE], *after;
	char later[11], sql[256];
	struct mp_error err;
	size_t len;
	struct stat sb;

	(void)state;
	days_ahead(30, later);
	for (size_t i = 0; i < 5; i++)
		assert_true(hits(purged_marks[i]) > 0);
	assert_int_equal(admin_purge(st, later, true, &r, &err), MP_OK);
	assert_int_equal(r.count, 1001);
	assert_string_equal(r.items[r.count - 1].id, gone->id);
	assert_int_equal(r.keys_removed, 2);
	admin_purge_result_free(&r);
	assert_true(hits("Purgeworthy") > 0);

	after = tu_slurp(db, &len);
	memcpy(before, after, sizeof(before));
	free(after);
	assert_int_equal(admin_purge(st, later, false, &r, &err), MP_OK);
	assert_true(r.done);
	assert_int_equal(r.count, 1001);
	admin_purge_result_free(&r);
	for (size_t i = 0; i < 5; i++)
		assert_gone(purged_marks[i]);
	assert_true(hits("Stayington") > 0);
	assert_true(hits("Waitingmarker") > 0);
	assert_chain();
	assert_int_equal(count("SELECT count(*) FROM signing_keys"), 2);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM audit WHERE agreement = '%s' AND"
		 " action = 'purged' AND detail LIKE 'scheme bsw-hub; created"
		 " %%; ended %%; kept until %%'",
		 gone->id);
	assert_int_equal(count(sql), 1);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM audit WHERE agreement = '%s' AND"
		 " action NOT IN ('purged', 'redacted')",
		 gone->id);
	assert_int_equal(count(sql), 0);
	after = tu_slurp(db, &len);
	assert_memory_equal(before, after, sizeof(before));
	free(after);
	assert_true(stat(tu_path(dir, "agreements.mpact-journal"), &sb) != 0 ||
		    sb.st_size == 0);
	/* Nothing more is due: a second purge changes nothing. */
	assert_int_equal(admin_purge(st, later, false, &r, &err), MP_OK);
	assert_int_equal(r.count, 0);
	admin_purge_result_free(&r);
	agreement_free(gone);
	agreement_free(kept);
	agreement_free(draft);
}

/* Bytes of a b-tree page that hold no cell and are not zero: the
 * unallocated space between the cell pointers and the cell content, and
 * the free blocks past their 4-byte headers.  Pages of other kinds (and
 * the 40 reserved bytes) are not looked at. */
static int stale_page(void *ctx, uint32_t pgno, const unsigned char *d,
		      size_t len)
{
	long *stale = ctx;
	unsigned hdr = pgno == 1 ? 100 : 0, type = d[hdr];
	unsigned ptrs = hdr + (type == 2 || type == 5 ? 12 : 8);
	unsigned end, top, fb;

	if (type != 2 && type != 5 && type != 10 && type != 13)
		return 0;
	end = ptrs + 2 * (unsigned)(d[hdr + 3] << 8 | d[hdr + 4]);
	top = (unsigned)(d[hdr + 5] << 8 | d[hdr + 6]);
	assert_true(end <= top && top <= len);
	for (unsigned i = end; i < top; i++)
		*stale += d[i] != 0;
	for (fb = (unsigned)(d[hdr + 1] << 8 | d[hdr + 2]); fb;
	     fb = (unsigned)(d[fb] << 8 | d[fb + 1])) {
		unsigned size = (unsigned)(d[fb + 2] << 8 | d[fb + 3]);
		assert_true(fb >= top && fb + size <= len);
		for (unsigned i = fb + 4; i < fb + size; i++)
			*stale += d[i] != 0;
	}
	return 0;
}

static long stale_bytes(void)
{
	struct mp_error err;
	long stale = 0;

	if (store_scan_pages(st, stale_page, &stale, &err) != MP_OK)
		fail_msg("scan: %s", err.message);
	return stale;
}

/*
 * No page on disk holds anything outside its cells, however SQLite moved
 * them about (crowd grows rows, which rebuilds pages), so a deletion
 * with secure_delete leaves nothing behind with no rewrite of the store:
 * not in the rows' pages, their indexes, the search words or free pages.
 */
static void test_pages_clean(void **state)
{
	struct mp_error err;

	(void)state;
	tu_exec(st, "INSERT INTO templates VALUES('h', 'bsw-hub', 'x')");
	crowd("h", 3000);
	assert_int_equal(stale_bytes(), 0);
	assert_true(hits("purgeworthy") > 0);
	tu_exec(st, "DELETE FROM agreements WHERE status = 'ended'");
	assert_int_equal(agreement_search_sync(st, &err), MP_OK);
	assert_int_equal(stale_bytes(), 0);
	assert_gone("purgeworthy");
	assert_true(hits("Stay Crowd") > 0);
	assert_int_equal(count("SELECT count(*) FROM settings WHERE key ="
			       " 'internal.scrub-pending'"),
			 0);
}

/* admin_scrub after a deletion made elsewhere: nothing of it is left,
 * not even in the search words. */
static void test_scrub(void **state)
{
	struct mp_error err;

	(void)state;
	tu_exec(st, "INSERT INTO templates VALUES('h', 'bsw-hub', 'x')");
	crowd("h", 3000);
	assert_true(hits("purgeworthy") > 0);
	tu_exec(st, "DELETE FROM agreements WHERE status = 'ended'");
	assert_int_equal(admin_scrub(st, &err), MP_OK);
	assert_gone("purgeworthy");
	assert_true(hits("Stay Crowd") > 0);
	assert_int_equal(count("SELECT count(*) FROM search_docs"), 2000);
}

/* --- erase ---------------------------------------------------------------- */

#define ERIN "erin.eraseme@example.org"

struct erase_fixture {
	struct agreement *draft, *active, *next, *namesake;
};

/* Erin is the mentor of a draft, the mentee of an active agreement and
 * of its next version; a namesake has another address. */
static void erase_fixture(struct erase_fixture *f)
{
	struct mp_error err;

	f->draft =
	    make_full(bsw, (struct party){"Erin Eraseme", ERIN},
		      (struct party){"Otto Otherparty", "otto@example.net"},
		      "Quokkamarker", "Ottoprivate");
	f->active = make_full(
	    nhs, (struct party){"Marta Mentorova", "marta@ex.org"},
	    (struct party){"Erin Eraseme", "Erin.Eraseme@example.org"}, NULL,
	    NULL);
	sign_both(f->active);
	if (agreement_recontract(st, f->active, &f->next, &err) != MP_OK)
		fail_msg("recontract: %s", err.message);
	f->namesake =
	    make_full(bsw, (struct party){"Erin Eraseme", "erin@other.example"},
		      (struct party){"Noor Bystander", "noor@example.org"},
		      "Namesakemarker", "Bystanderown");
}

static void erase_fixture_free(struct erase_fixture *f)
{
	agreement_free(f->draft);
	agreement_free(f->active);
	agreement_free(f->next);
	agreement_free(f->namesake);
}

static void test_erase(void **state)
{
	const char *gone[] = {ERIN,	      "Otherparty",  "otto@example.net",
			      "Quokkamarker", "Ottoprivate", "Mentorova",
			      "marta@ex.org"};
	struct admin_erase_result r;
	struct erase_fixture f;
	struct mp_error err;

	(void)state;
	erase_fixture(&f);
	assert_int_equal(admin_erase(st, "  " ERIN " ", false, true, &r, &err),
			 MP_OK);
	assert_int_equal(r.count, 3);
	assert_false(r.done);
	admin_erase_result_free(&r);
	for (size_t i = 0; i < 7; i++)
		assert_true(hits(gone[i]) > 0);

	assert_int_equal(
	    admin_erase(st, "ERIN.eraseme@example.org", false, false, &r, &err),
	    MP_OK);
	assert_true(r.done);
	assert_int_equal(r.count, 3);
	for (size_t i = 0; i < r.count; i++)
		assert_false(r.items[i].kept);
	assert_true(r.key_removed);
	assert_int_equal(r.n_similar, 1);
	assert_string_equal(r.similar[0], f.namesake->id);
	admin_erase_result_free(&r);
	for (size_t i = 0; i < 7; i++)
		assert_gone(gone[i]);
	assert_true(hits("Namesakemarker") > 0);
	assert_true(hits("Bystander") > 0);
	assert_chain();
	assert_int_equal(count("SELECT count(*) FROM agreements"), 1);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE action ="
			       " 'erased'"),
			 2);
	assert_int_equal(admin_erase(st, ERIN, false, false, &r, &err),
			 MP_ERR_NOT_FOUND);
	admin_erase_result_free(&r);
	erase_fixture_free(&f);
}

/* With keep_signed, the version signed by both stays whole; the rest
 * goes, and the result says which is which. */
static void test_erase_keep_signed(void **state)
{
	struct admin_erase_result r;
	struct erase_fixture f;
	struct mp_error err;
	size_t kept = 0;

	(void)state;
	erase_fixture(&f);
	assert_int_equal(admin_erase(st, ERIN, true, false, &r, &err), MP_OK);
	assert_int_equal(r.count, 3);
	for (size_t i = 0; i < r.count; i++)
		if (r.items[i].kept) {
			kept++;
			assert_string_equal(r.items[i].id, f.active->id);
			assert_int_equal(r.items[i].version, 1);
			assert_int_equal(r.items[i].role, AG_MENTEE);
		}
	assert_int_equal(kept, 1);
	admin_erase_result_free(&r);
	assert_gone("Quokkamarker");
	assert_gone("Otherparty");
	assert_true(hits("Mentorova") > 0);
	assert_int_equal(count("SELECT count(*) FROM agreements"), 2);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE action ="
			       " 'erased in part'"),
			 1);
	assert_int_equal(count("SELECT count(*) FROM signing_keys WHERE"
			       " person LIKE '%eraseme%'"),
			 0);
	assert_chain();
	erase_fixture_free(&f);
}

/* Settings holding the address are reported, never silently kept. */
static void test_erase_reports_settings(void **state)
{
	struct admin_erase_result r;
	struct erase_fixture f;
	struct mp_error err;
	long n;

	(void)state;
	erase_fixture(&f);
	assert_int_equal(
	    admin_setting_set(st, "return-address.bsw-hub", ERIN, &n, &err),
	    MP_OK);
	assert_int_equal(admin_erase(st, ERIN, false, true, &r, &err), MP_OK);
	assert_int_equal(r.n_settings, 1);
	assert_string_equal(r.settings[0], "return-address.bsw-hub");
	admin_erase_result_free(&r);
	/* A name finds the parties recorded without an address only. */
	assert_int_equal(
	    admin_erase(st, "Erin  Eraseme", false, true, &r, &err),
	    MP_ERR_NOT_FOUND);
	admin_erase_result_free(&r);
	assert_int_equal(admin_erase(st, "   ", false, true, &r, &err),
			 MP_ERR_INVALID);
	admin_erase_result_free(&r);
	erase_fixture_free(&f);
}

/* --- subject export ------------------------------------------------------- */

static void test_subject_export(void **state)
{
	struct erase_fixture f;
	struct mp_error err;
	char *text = NULL;

	(void)state;
	erase_fixture(&f);
	assert_int_equal(agreement_review(st, f.active, NULL,
					  "Goals revisited at six months",
					  &err),
			 MP_OK);
	assert_int_equal(admin_subject_export(st, ERIN, &text, &err), MP_OK);
	assert_non_null(strstr(text, "Goals revisited at six months"));
	assert_non_null(strstr(text, "Erin Eraseme"));
	assert_non_null(strstr(text, f.draft->id));
	assert_non_null(strstr(text, f.active->id));
	assert_non_null(strstr(text, "Your role: mentor"));
	assert_non_null(strstr(text, "Your role: mentee"));
	assert_non_null(strstr(text, "Quokkamarker"));
	assert_non_null(strstr(text, "Your signature: signed as \"Erin "
				     "Eraseme\""));
	assert_non_null(strstr(text, "A signing key is held for you"));
	assert_non_null(strstr(text, f.namesake->id));
	/* Nothing about the other parties, nor the namesake's content. */
	assert_null(strstr(text, "Otto"));
	assert_null(strstr(text, "otto@example.net"));
	assert_null(strstr(text, "Ottoprivate"));
	assert_null(strstr(text, "Marta"));
	assert_null(strstr(text, "marta@ex.org"));
	assert_null(strstr(text, "Namesakemarker"));
	assert_null(strstr(text, "Noor"));
	free(text);
	assert_int_equal(
	    admin_subject_export(st, "nobody@example.org", &text, &err),
	    MP_ERR_NOT_FOUND);
	assert_null(text);
	erase_fixture_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_latest_version, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_filters_and_sorts, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_search_folding, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_search_every_key, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_search_many, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_search_keys, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_search_keys_upgrade, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_settings, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_retention, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_report, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_purge, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_scrub, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pages_clean, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_erase, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_erase_keep_signed, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_erase_reports_settings, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_subject_export, setup,
					    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
