/*
 * agreement_query.c - listing agreements: the newest version of each,
 * filtered, searched and sorted in SQL, one screen at a time.
 *
 * Every list walks a partial index over the newest versions (latest = 1,
 * kept by triggers) in its sort order and stops after one screen, so that
 * the first screen costs about the same in a store of a thousand
 * agreements as in one of a hundred thousand.
 *
 * Search.  The words of names and email addresses (agreement_words.c)
 * are kept in search tables (agreement_index.c), which
 * agreement_search_sync() brings up to date before every search.
 *
 * In the default order (newest change first) a search walks the key of
 * one of its words (the one with the fewest agreements) newest first,
 * tests each row's status, scheme, signature and then words in the row
 * itself, and stops after one screen: a word of two letters is its key,
 * so every row matches; a longer word or more words match a share of the
 * key's rows that does not shrink as the store grows.  When that key has
 * too many agreements to walk whole and one word is rare (few words
 * start with it, counted up to a cap), the search starts from the
 * agreements having that word and sorts them instead.  A word no key has
 * finds nothing at once.  So a screen costs about the same among 100,000
 * agreements as among 1,000: no count, estimate or sort grows with the
 * store.  (What is not bounded: words that are each common but almost
 * never found together walk their key to its end.)
 *
 * A search of one letter, or in another order, or with a review date,
 * starts from the agreements having the rarest word when few have it;
 * else walks the list's order, testing each agreement's words; or, when
 * the words are common apart but rare together, starts from the
 * agreements having all of them, which is cheaper being judged from a
 * sample (see choose).
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_internal.h"

/* A search whose rarest word starts no more words than this is answered
 * from search_words; else by walking the sort order (see above). */
#define SEARCH_DIRECT_MAX 1500
/* In the default order, the agreements under a key are walked whole when
 * they are no more than SEARCH_KEY_WALK; else a search whose rarest word
 * starts no more than SEARCH_DRIVE_MAX words starts from them. */
#define SEARCH_KEY_WALK	 2000
#define SEARCH_DRIVE_MAX 300
/* When every word of a search is common, how often they are found is
 * judged from this many agreements, and the plans weighed by these
 * costs in microseconds (measured on a store of 100,000): an index entry
 * read in order, one put in a temporary set, a row read at random (its
 * page decrypted). */
#define SEARCH_SAMPLE 1000
#define COST_ENTRY    0.3
#define COST_SET      0.2
#define COST_ROW      6.0

static const struct {
	const char *name, *order;
} sorts[AG_SORT_COUNT] = {
    [AG_SORT_CHANGED] = {"changed", "changed DESC, id"},
    [AG_SORT_ID] = {"id", "id"},
    [AG_SORT_SCHEME] = {"scheme", "scheme, changed DESC, id"},
    [AG_SORT_MENTOR] = {"mentor", "mentor_name COLLATE NOCASE, id"},
    [AG_SORT_MENTEE] = {"mentee", "mentee_name COLLATE NOCASE, id"},
    [AG_SORT_STATUS] = {"status", "status, changed DESC, id"},
    [AG_SORT_REVIEW] = {"review", "review_due IS NULL, review_due, id"},
};

const char *agreement_sort_name(enum ag_sort s)
{
	return (unsigned)s < AG_SORT_COUNT ? sorts[s].name : "?";
}

int agreement_sort_parse(const char *name)
{
	for (int i = 0; i < AG_SORT_COUNT; i++)
		if (strcmp(name, sorts[i].name) == 0)
			return i;
	return -1;
}

/* --- the query ------------------------------------------------------------ */

/* How a list finds its agreements. */
enum plan {
	PLAN_ALL,   /* no search: walk the sort order */
	PLAN_NONE,  /* a word that no agreement has: nothing to list */
	PLAN_KEY,   /* walk the agreements under a word's key, newest first */
	PLAN_DRIVE, /* from the agreements having the rarest word */
	PLAN_WALK,  /* walk the sort order, testing each agreement */
	PLAN_WALK_SET,	/* walk it, testing against each word's set */
	PLAN_INTERSECT, /* from the agreements having every word */
};

/* How a list is made: its plan, whether from search_docs alone
 * (compact), and the word it starts from (PLAN_DRIVE, PLAN_KEY). */
struct choice {
	enum plan plan;
	bool compact;
	int driver;
};

struct sql {
	char text[4096];
	size_t len;
};

static void add(struct sql *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add(struct sql *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->text + b->len, sizeof(b->text) - b->len, fmt, ap);
	va_end(ap);
	assert(n >= 0 && b->len + (size_t)n < sizeof(b->text));
	b->len += (size_t)n;
}

/* Parameters: ?1 status, ?2 scheme, ?3 review due by, ?4 limit,
 * ?5 offset, then the words (each with a space before it, as
 * search_docs.words has them), then each word's prefix range, then
 * where the sample's four runs start, then the key walked and the
 * signature bits of the words (PLAN_KEY). */
enum {
	P_STATUS = 1,
	P_SCHEME,
	P_DUE,
	P_LIMIT,
	P_OFFSET,
	P_WORDS,
	P_RANGES = P_WORDS + AG_SEARCH_WORDS,
	P_SAMPLE = P_RANGES + 2 * AG_SEARCH_WORDS,
	P_KEY = P_SAMPLE + 4,
	P_MASK
};

#define COLUMNS                                                                \
	"SELECT a.id, a.version, a.scheme, a.status, a.mentor_name,"           \
	" a.mentor_email, a.mentee_name, a.mentee_email, a.created,"           \
	" a.changed, a.review_due, a.ended, a.kept_until FROM "

/* A list in the default order that search_docs alone can make. */
static bool plain(const struct ag_filter *f)
{
	return !f->due_by && f->sort == AG_SORT_CHANGED;
}

/* "m CROSS JOIN ": the candidate agreements of a plan, as docs. */
static void add_candidates(struct sql *b, const struct ag_words *w,
			   enum plan plan, int driver)
{
	const char *range = "SELECT %sdoc FROM search_words"
			    " WHERE word >= ?%d AND word < ?%d";

	if (plan == PLAN_DRIVE) {
		add(b, "(");
		add(b, range, "DISTINCT ", P_RANGES + 2 * driver,
		    P_RANGES + 2 * driver + 1);
		add(b, ") m CROSS JOIN ");
	} else if (plan == PLAN_INTERSECT) {
		add(b, "(");
		for (size_t i = 0; i < w->n; i++) {
			add(b, "%s", i ? " INTERSECT " : "");
			add(b, range, "", P_RANGES + 2 * (int)i,
			    P_RANGES + 2 * (int)i + 1);
		}
		add(b, ") m CROSS JOIN ");
	}
}

/* "search_has(words, ?w1, ?w2, ...)": words holds every word. */
static void add_has(struct sql *b, const char *words, const struct ag_words *w)
{
	add(b, "search_has(%s", words);
	for (size_t i = 0; i < w->n; i++)
		add(b, ", ?%d", P_WORDS + (int)i);
	add(b, ")");
}

/* The tests on each candidate's words that its plan leaves to do. */
static void add_tests(struct sql *b, const char *words,
		      const struct ag_words *w, enum plan plan)
{
	if (plan == PLAN_INTERSECT || (plan == PLAN_DRIVE && w->n == 1))
		return;
	add(b, " AND ");
	add_has(b, words, w);
}

/* Is the search one word of AG_KEY_CHARS characters, so that its key's
 * agreements are exactly those it finds? */
static bool key_only(const struct ag_words *w)
{
	size_t n = strlen(w->v[0]);

	return w->n == 1 && ag_prefix_bytes(w->v[0], n, AG_KEY_CHARS) == n;
}

/* The status and scheme filters, on the columns of alias ("a.", or ""). */
static void add_filters(struct sql *b, const char *alias,
			const struct ag_filter *f)
{
	if (f->status >= 0)
		add(b, " AND %sstatus = ?%d", alias, P_STATUS);
	if (f->scheme)
		add(b, " AND %sscheme = ?%d", alias, P_SCHEME);
}

/* Close a subquery of search rows (alias "k." or "d.") newest first:
 * one screen of them, then their agreements in the list's order. */
static void add_screen(struct sql *b, const char *alias,
		       const struct ag_filter *f)
{
	add(b,
	    " ORDER BY %schanged DESC, %sid LIMIT ?%d OFFSET ?%d) s"
	    " CROSS JOIN agreements a ON a.rowid = s.doc"
	    " ORDER BY %s",
	    alias, alias, P_LIMIT, P_OFFSET, sorts[f->sort].order);
}

/* A search in the default order by walking search_keys under the key
 * of one of its words: newest first, each row tested by its signature
 * and then its words, stopping after one screen. */
static void build_key(struct sql *b, const struct ag_filter *f,
		      const struct ag_words *w)
{
	add(b, COLUMNS "(SELECT k.doc FROM search_keys k WHERE k.key = ?%d",
	    P_KEY);
	add_filters(b, "k.", f);
	if (!key_only(w)) {
		add(b, " AND (k.sig & ?%d) = ?%d AND ", P_MASK, P_MASK);
		add_has(b, "k.words", w);
	}
	add_screen(b, "k.", f);
}

/* A search of everything in the default order: walk (or sort) the small
 * search_docs, then read the screen's agreements. */
static void build_plain(struct sql *b, const struct ag_filter *f,
			const struct ag_words *w, enum plan plan, int driver)
{
	add(b, COLUMNS "(SELECT d.doc FROM ");
	add_candidates(b, w, plan, driver);
	add(b, "search_docs d WHERE %s",
	    plan == PLAN_WALK ? "1" : "d.doc = m.doc");
	add_filters(b, "d.", f);
	add_tests(b, "d.words", w, plan);
	add_screen(b, "d.", f);
}

static void build(struct sql *b, const struct ag_filter *f,
		  const struct ag_words *w, const struct choice *c)
{
	enum plan plan = c->plan;
	int driver = c->driver;

	if (plan == PLAN_KEY) {
		build_key(b, f, w);
		return;
	}
	if (plan != PLAN_ALL && c->compact) {
		build_plain(b, f, w, plan, driver);
		return;
	}
	add(b, COLUMNS);
	add_candidates(b, w, plan, driver);
	add(b, "agreements a WHERE a.latest = 1");
	if (plan == PLAN_DRIVE || plan == PLAN_INTERSECT)
		add(b, " AND a.rowid = m.doc");
	add_filters(b, "a.", f);
	if (f->due_by)
		add(b, " AND a.review_due <= ?%d AND a.ended IS NULL", P_DUE);
	if (plan == PLAN_WALK || (plan == PLAN_DRIVE && w->n > 1)) {
		add(b, " AND EXISTS(SELECT 1 FROM search_docs d"
		       " WHERE d.doc = a.rowid");
		add_tests(b, "d.words", w, plan);
		add(b, ")");
	}
	/* "+" keeps SQLite from starting from the sets: it walks the sort
	 * order and looks each agreement up in them. */
	for (size_t i = 0; plan == PLAN_WALK_SET && i < w->n; i++)
		add(b,
		    " AND +a.rowid IN (SELECT doc FROM search_words"
		    " WHERE word >= ?%d AND word < ?%d)",
		    P_RANGES + 2 * (int)i, P_RANGES + 2 * (int)i + 1);
	add(b, " ORDER BY %s LIMIT ?%d OFFSET ?%d", sorts[f->sort].order,
	    P_LIMIT, P_OFFSET);
}

/* Bind word's prefix range: [word, word + 0xff). */
static void bind_range(sqlite3_stmt *q, int low, const char *word)
{
	size_t n = strlen(word);
	char high[AG_WORD_MAX + 2];

	memcpy(high, word, n);
	high[n] = (char)0xff;
	sqlite3_bind_text(q, low, word, (int)n, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, low + 1, high, (int)n + 1, SQLITE_TRANSIENT);
}

/* How many (word, agreement) pairs start with word, counting to at most
 * cap + 1. */
static enum mp_status count_prefix(struct store *st, const char *word, long cap,
				   long *n, struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(store_db(st),
				    "SELECT count(*) FROM (SELECT 1 FROM"
				    " search_words WHERE word >= ?1"
				    " AND word < ?2 LIMIT ?3)",
				    -1, &q, NULL);

	if (rc == SQLITE_OK) {
		bind_range(q, 1, word);
		sqlite3_bind_int64(q, 3, cap + 1);
		if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			*n = sqlite3_column_int64(q, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_OK ? MP_OK
			       : store_sqlite_error(st, rc, "searching", err);
}

/* How often the words are found, judged from the newest agreements. */
struct estimate {
	double n;		   /* agreements, at most */
	double f[AG_SEARCH_WORDS]; /* the share having each word */
	double all;		   /* the share having every word */
	double pass;		   /* the share passing status and scheme */
};

static void bind_all(sqlite3_stmt *q, const struct ag_filter *f,
		     const struct ag_words *w);

/* The largest doc in search_docs: about how many agreements there are. */
static enum mp_status last_doc(struct store *st, double *n,
			       struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(
	    store_db(st), "SELECT max(doc) FROM search_docs", -1, &q, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		*n = sqlite3_column_double(q, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_OK ? MP_OK
			       : store_sqlite_error(st, rc, "searching", err);
}

/* " FROM (...)": SEARCH_SAMPLE agreements in four runs of consecutive
 * ones, spread over the store (made early and late, in any state). */
static void add_sample(struct sql *b)
{
	add(b, " FROM (");
	for (int k = 0; k < 4; k++)
		add(b,
		    "%sSELECT * FROM (SELECT words, status, scheme FROM"
		    " search_docs WHERE doc >= ?%d ORDER BY doc LIMIT %d)",
		    k ? " UNION ALL " : "", P_SAMPLE + k, SEARCH_SAMPLE / 4);
	add(b, ")");
}

/* Test the words and the filters on a sample of the agreements. */
static enum mp_status sample(struct store *st, const struct ag_filter *f,
			     const struct ag_words *w, struct estimate *e,
			     struct mp_error *err)
{
	struct sql b = {.len = 0};
	sqlite3_stmt *q;
	enum mp_status s = last_doc(st, &e->n, err);
	int rc;

	if (s != MP_OK)
		return s;
	add(&b, "SELECT count(*)");
	for (size_t i = 0; i < w->n; i++)
		add(&b, ", sum(search_has(words, ?%d))", P_WORDS + (int)i);
	add(&b, ", sum(1");
	add_tests(&b, "words", w, PLAN_WALK);
	add(&b, "), sum(1");
	add_filters(&b, "", f);
	add(&b, ")");
	add_sample(&b);
	rc = sqlite3_prepare_v2(store_db(st), b.text, -1, &q, NULL);
	if (rc == SQLITE_OK) {
		bind_all(q, f, w);
		for (int k = 0; k < 4; k++)
			sqlite3_bind_int64(q, P_SAMPLE + k,
					   (sqlite3_int64)(e->n * k / 4));
		rc = sqlite3_step(q);
	}
	if (rc == SQLITE_ROW) {
		double seen = sqlite3_column_double(q, 0) + 0.5;
		int k = 1 + (int)w->n;
		for (size_t i = 0; i < w->n; i++)
			e->f[i] =
			    (sqlite3_column_double(q, 1 + (int)i) + 0.5) / seen;
		e->all = (sqlite3_column_double(q, k) + 0.5) / seen;
		e->pass = (sqlite3_column_double(q, k + 1) + 0.5) / seen;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_OK ? MP_OK
			       : store_sqlite_error(st, rc, "searching", err);
}

/* Rows walked to find need of a share among n, at most n. */
static double walked(double need, double share, double n)
{
	return need / share < n ? need / share : n;
}

/*
 * The plan of least estimated cost, when every word is common: walking
 * search_docs (which holds status and scheme too), walking the
 * agreements' index for the filters and sort, testing each by reading
 * its words or against sets of the words' agreements, or starting from
 * the agreements having every word.
 */
static struct choice cheapest(const struct ag_filter *f,
			      const struct ag_words *w,
			      const struct estimate *e)
{
	struct choice c = {PLAN_WALK, false, -1};
	double sets = 0, need, in, best, cost;

	for (size_t i = 0; i < w->n; i++)
		sets += e->f[i] * e->n * COST_SET;
	need = (f->offset > 0 ? (double)f->offset : 0) +
	       (f->limit > 0 ? (double)f->limit : e->n * e->all * e->pass);
	in = walked(need, e->all, e->n * e->pass);
	best = in * COST_ROW;
	if ((cost = sets + in * COST_ENTRY) < best) {
		best = cost;
		c.plan = PLAN_WALK_SET;
	}
	cost = walked(need, e->all * e->pass, e->n) * COST_ENTRY;
	if (plain(f) && cost < best) {
		best = cost;
		c = (struct choice){PLAN_WALK, true, -1};
	}
	cost = sets + e->n * e->all * COST_ROW;
	if (w->n > 1 && cost < best)
		c = (struct choice){PLAN_INTERSECT, plain(f), -1};
	return c;
}

/* How many agreements have a word with word's key (word has one). */
static enum mp_status key_count(struct store *st, const char *word, long *n,
				struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(
	    store_db(st), "SELECT n FROM search_key_counts WHERE key = ?1", -1,
	    &q, NULL);

	*n = 0;
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(
		    q, 1, word,
		    (int)ag_prefix_bytes(word, strlen(word), AG_KEY_CHARS),
		    SQLITE_STATIC);
		if ((rc = sqlite3_step(q)) == SQLITE_ROW)
			*n = sqlite3_column_int64(q, 0);
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_OK ? MP_OK
			       : store_sqlite_error(st, rc, "searching", err);
}

/*
 * A list in the default order (see plain): walk the agreements under the
 * key of the word whose key has the fewest, when they are few enough to
 * walk whole; else start from the rarest word when few agreements have
 * it; else walk that key after all (every word being common, a screen
 * of matches comes soon).  keys[i] is how many agreements word i's key
 * has; -1 for a word shorter than a key.
 */
static enum mp_status choose_keyed(struct store *st, const struct ag_words *w,
				   const long *keys, int walk, struct choice *c,
				   struct mp_error *err)
{
	long best = SEARCH_DRIVE_MAX + 1, n = 0;
	enum mp_status s = MP_OK;

	*c = (struct choice){PLAN_KEY, true, walk};
	if (keys[walk] <= SEARCH_KEY_WALK)
		return MP_OK;
	for (size_t i = 0; i < w->n && s == MP_OK; i++) {
		if (keys[i] >= 0 &&
		    ag_prefix_bytes(w->v[i], strlen(w->v[i]), AG_KEY_CHARS) ==
			strlen(w->v[i]))
			n = keys[i]; /* the word is its key */
		else
			s = count_prefix(st, w->v[i], SEARCH_DRIVE_MAX, &n,
					 err);
		if (s == MP_OK && n < best) {
			best = n;
			*c = (struct choice){PLAN_DRIVE, true, (int)i};
		}
	}
	return s;
}

/*
 * Choose the plan.  A word whose key no agreement has finds nothing.  In
 * the default order, see choose_keyed.  Else start from the rarest word
 * when few agreements have it; else walk search_docs when nothing else
 * filters; else weigh the plans (see cheapest).
 */
static enum mp_status choose(struct store *st, const struct ag_filter *f,
			     const struct ag_words *w, struct choice *c,
			     struct mp_error *err)
{
	long best = SEARCH_DIRECT_MAX + 1, n = 0, keys[AG_SEARCH_WORDS];
	struct estimate e = {0, {0}, 1, 1};
	enum mp_status s = MP_OK;
	int walk = -1;

	*c = (struct choice){PLAN_ALL, false, -1};
	for (size_t i = 0; i < w->n && s == MP_OK; i++) {
		keys[i] = -1;
		if (!ag_prefix_bytes(w->v[i], strlen(w->v[i]), AG_KEY_CHARS))
			continue;
		s = key_count(st, w->v[i], &keys[i], err);
		if (s == MP_OK && !keys[i]) {
			*c = (struct choice){PLAN_NONE, false, -1};
			return MP_OK;
		}
		if (s == MP_OK && (walk < 0 || keys[i] < keys[walk]))
			walk = (int)i;
	}
	if (s != MP_OK || !w->n)
		return s;
	if (walk >= 0 && plain(f))
		return choose_keyed(st, w, keys, walk, c, err);
	for (size_t i = 0; i < w->n && s == MP_OK; i++) {
		s = count_prefix(st, w->v[i], SEARCH_DIRECT_MAX, &n, err);
		if (s == MP_OK && n < best) {
			best = n;
			c->driver = (int)i;
		}
	}
	if (s != MP_OK)
		return s;
	c->compact = plain(f);
	c->plan = c->driver >= 0 ? PLAN_DRIVE : PLAN_WALK;
	if (c->plan == PLAN_DRIVE ||
	    (w->n == 1 && plain(f) && f->status < 0 && !f->scheme))
		return MP_OK;
	if ((s = sample(st, f, w, &e, err)) == MP_OK)
		*c = cheapest(f, w, &e);
	return s;
}

static void bind_all(sqlite3_stmt *q, const struct ag_filter *f,
		     const struct ag_words *w)
{
	char spaced[AG_WORD_MAX + 2];

	if (f->status >= 0)
		sqlite3_bind_text(q, P_STATUS, agreement_status_name(f->status),
				  -1, SQLITE_STATIC);
	if (f->scheme)
		sqlite3_bind_text(q, P_SCHEME, f->scheme, -1, SQLITE_STATIC);
	if (f->due_by)
		sqlite3_bind_text(q, P_DUE, f->due_by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, P_LIMIT, f->limit > 0 ? f->limit : -1);
	sqlite3_bind_int64(q, P_OFFSET, f->offset > 0 ? f->offset : 0);
	for (size_t i = 0; i < w->n; i++) {
		snprintf(spaced, sizeof(spaced), " %s", w->v[i]);
		sqlite3_bind_text(q, P_WORDS + (int)i, spaced, -1,
				  SQLITE_TRANSIENT);
		bind_range(q, P_RANGES + 2 * (int)i, w->v[i]);
	}
}

static const char *col(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

/* Bind the key walked and the words' signature bits (PLAN_KEY). */
static void bind_key(sqlite3_stmt *q, const struct ag_words *w, int walk)
{
	const char *k = w->v[walk];
	sqlite3_uint64 mask = 0;

	sqlite3_bind_text(q, P_KEY, k,
			  (int)ag_prefix_bytes(k, strlen(k), AG_KEY_CHARS),
			  SQLITE_STATIC);
	for (size_t i = 0; i < w->n; i++)
		mask |= ag_word_bits(w->v[i], strlen(w->v[i]));
	sqlite3_bind_int64(q, P_MASK, (sqlite3_int64)mask);
}

static enum mp_status run_list(struct store *st, const char *sql,
			       const struct ag_filter *f,
			       const struct ag_words *w, const struct choice *c,
			       void (*each)(void *ctx, const struct ag_row *r),
			       void *ctx, struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, "listing agreements", err);
	bind_all(q, f, w);
	if (c->plan == PLAN_KEY)
		bind_key(q, w, c->driver);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct ag_row r = {col(q, 0),  sqlite3_column_int(q, 1),
				   col(q, 2),  col(q, 3),
				   col(q, 4),  col(q, 5),
				   col(q, 6),  col(q, 7),
				   col(q, 8),  col(q, 9),
				   col(q, 10), col(q, 11),
				   col(q, 12)};
		each(ctx, &r);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_sqlite_error(st, rc, "listing agreements", err);
	return MP_OK;
}

enum mp_status agreement_query(struct store *st, const struct ag_filter *f,
			       void (*each)(void *ctx, const struct ag_row *r),
			       void *ctx, struct mp_error *err)
{
	struct ag_filter g = *f;
	struct ag_words w = {0};
	struct sql b = {.len = 0};
	struct choice c;
	enum mp_status s = ag_search_words(st, f->search, &w, err);

	if ((unsigned)g.sort >= AG_SORT_COUNT)
		g.sort = AG_SORT_CHANGED;
	if (s == MP_OK && w.n)
		s = agreement_search_sync(st, err);
	if (s == MP_OK)
		s = choose(st, &g, &w, &c, err);
	if (s == MP_OK && c.plan != PLAN_NONE) {
		build(&b, &g, &w, &c);
		s = run_list(st, b.text, &g, &w, &c, each, ctx, err);
	}
	ag_words_free(&w);
	return s;
}
