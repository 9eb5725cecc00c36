/*
 * agreement_query.c - listing agreements: the newest version of each,
 * filtered, searched and sorted in SQL, one screen at a time.
 *
 * Every list walks a partial index over the newest versions (latest = 1,
 * kept by triggers) in its sort order and stops after one screen, so that
 * the first screen costs about the same in a store of a thousand
 * agreements as in one of a hundred thousand.
 *
 * Search.  Names and email addresses are cut into words and folded (case
 * and accents: "Súil" finds "suil") by SQLite's own unicode61 tokenizer,
 * the one FTS5 uses, and kept in four tables: search_words(word, doc), to
 * find the agreements having a word that starts with what was typed;
 * search_docs(doc, id, changed, status, scheme, words), each newest
 * version's words as " w1 w2 ... " beside what the default list needs,
 * with one covering index in that list's order; search_keys, the same
 * rows once under each "key" of their words (a word's first two
 * characters), newest first within a key, with a 64-bit signature of
 * the words' first two and three characters; and search_key_counts, how
 * many agreements each key has.  Triggers note changed rows in
 * search_pending (FTS5 itself cannot be kept by triggers: trusted_schema
 * is off), and agreement_search_sync() folds them before every search.
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

/* Words longer than this are cut (at a character boundary). */
#define WORD_MAX 64
/* What a search looks at: its first words, and so many bytes of it. */
#define SEARCH_WORDS	8
#define SEARCH_TEXT_MAX 512
/* A search whose rarest word starts no more words than this is answered
 * from search_words; else by walking the sort order (see above). */
#define SEARCH_DIRECT_MAX 1500
/* Keys are the first KEY_CHARS characters of words.  In the default
 * order, the agreements under a key are walked whole when they are no
 * more than SEARCH_KEY_WALK; else a search whose rarest word starts no
 * more than SEARCH_DRIVE_MAX words starts from them. */
#define KEY_CHARS	 2
#define SEARCH_KEY_WALK	 2000
#define SEARCH_DRIVE_MAX 300
/* Pending rows folded per round of agreement_search_sync; when there
 * are more than one round's, the page cache is raised to SYNC_CACHE
 * (16 MiB) meanwhile, as each row's keys land in distant pages. */
#define SYNC_BATCH 256
#define SYNC_CACHE (-16384)
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

/* --- folding words -------------------------------------------------------- */

/* The distinct folded words of some text: all of them, since a word
 * left out would hide its agreement from searches. */
struct words {
	char **v;
	size_t n, cap;
	int nomem;
};

static void words_free(struct words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	w->v = NULL;
	w->n = w->cap = 0;
}

static int add_word(void *ctx, int flags, const char *tok, int len, int start,
		    int end)
{
	struct words *w = ctx;
	size_t n = (size_t)len;

	(void)flags;
	(void)start;
	(void)end;
	if (len <= 0)
		return SQLITE_OK;
	if (n > WORD_MAX) {
		n = WORD_MAX;
		while (n > 0 && ((unsigned char)tok[n] & 0xc0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < w->n; i++)
		if (strlen(w->v[i]) == n && memcmp(w->v[i], tok, n) == 0)
			return SQLITE_OK;
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 16;
		char **v = realloc(w->v, cap * sizeof(*v));
		if (!v) {
			w->nomem = 1;
			return SQLITE_NOMEM;
		}
		w->v = v;
		w->cap = cap;
	}
	if (!(w->v[w->n] = strndup(tok, n))) {
		w->nomem = 1;
		return SQLITE_NOMEM;
	}
	w->n++;
	return SQLITE_OK;
}

/* SQLite's unicode61 tokenizer, folding case and removing accents. */
struct folder {
	fts5_tokenizer api;
	Fts5Tokenizer *tok;
};

static enum mp_status folder_open(struct store *st, struct folder *f,
				  struct mp_error *err)
{
	const char *args[] = {"remove_diacritics", "2"};
	fts5_api *api = NULL;
	sqlite3_stmt *q;
	void *data = NULL;
	int rc;

	f->tok = NULL;
	rc = sqlite3_prepare_v2(store_db(st), "SELECT fts5(?1)", -1, &q, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_pointer(q, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(q);
		sqlite3_finalize(q);
	}
	if (!api ||
	    api->xFindTokenizer(api, "unicode61", &data, &f->api) != SQLITE_OK)
		return mp_error_set(err, MP_ERR_INTERNAL,
				    "this SQLite has no unicode61 tokenizer "
				    "(FTS5), which searching needs");
	if (f->api.xCreate(data, args, 2, &f->tok) != SQLITE_OK)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	return MP_OK;
}

static void folder_close(struct folder *f)
{
	if (f->tok)
		f->api.xDelete(f->tok);
	f->tok = NULL;
}

/* Add the folded words of text (NULL allowed) to w. */
static enum mp_status fold(struct folder *f, const char *text, struct words *w,
			   struct mp_error *err)
{
	size_t len = text ? strlen(text) : 0;

	if (len > SEARCH_TEXT_MAX * 8)
		len = SEARCH_TEXT_MAX * 8;
	if (len && f->api.xTokenize(f->tok, w, FTS5_TOKENIZE_DOCUMENT, text,
				    (int)len, add_word) != SQLITE_OK)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	return w->nomem ? mp_error_set(err, MP_ERR_NOMEM, NULL) : MP_OK;
}

/* --- keys and signatures ------------------------------------------------ */

/* Bytes taken by the first n characters of s (len bytes), or 0 when s has
 * fewer than n. */
static size_t prefix_bytes(const char *s, size_t len, int n)
{
	size_t i = 0;
	int c = 0;

	while (i < len && c < n) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		c++;
	}
	return c == n ? i : 0;
}

/* Two bits of a signature for a word's prefix (FNV-1a). */
static sqlite3_uint64 prefix_bits(const char *p, size_t n)
{
	unsigned h = 2166136261u;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 16777619u;
	}
	return (1ull << (h & 63)) | (1ull << ((h >> 6) & 63));
}

/* A word's bits: those of its first KEY_CHARS and KEY_CHARS + 1
 * characters.  A word that starts with w has all of w's bits. */
static sqlite3_uint64 word_bits(const char *w, size_t len)
{
	size_t a = prefix_bytes(w, len, KEY_CHARS);
	size_t b = prefix_bytes(w, len, KEY_CHARS + 1);

	return (a ? prefix_bits(w, a) : 0) | (b ? prefix_bits(w, b) : 0);
}

/* The signature of " w1 w2 ... ": the bits of all its words. */
static sqlite3_uint64 words_sig(const char *words, size_t len)
{
	sqlite3_uint64 sig = 0;
	size_t i = 0, j;

	while (i < len) {
		while (i < len && words[i] == ' ')
			i++;
		for (j = i; j < len && words[j] != ' ';)
			j++;
		if (j > i)
			sig |= word_bits(words + i, j - i);
		i = j;
	}
	return sig;
}

/* Is needle (n bytes, starting with a space) in hay (len bytes)? */
static int has_text(const char *hay, size_t len, const char *needle, size_t n)
{
	const char *end = hay + len, *p = hay;

	if (!n)
		return 1;
	while ((size_t)(end - p) >= n) {
		if (!(p = memchr(p, needle[0], (size_t)(end - p) - n + 1)))
			return 0;
		if (memcmp(p, needle, n) == 0)
			return 1;
		p++;
	}
	return 0;
}

/* search_has(words, ' w1', ' w2', ...): 1 when words holds every one of
 * them (a word of the agreement starts with each), else 0.  As instr()
 * but without counting characters: the walks call it once a row. */
static void sql_has(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *hay = (const char *)sqlite3_value_text(argv[0]);
	size_t len = (size_t)sqlite3_value_bytes(argv[0]);

	for (int i = 1; i < argc; i++) {
		const char *n = (const char *)sqlite3_value_text(argv[i]);
		size_t n_len = (size_t)sqlite3_value_bytes(argv[i]);

		if (!hay || !n || !has_text(hay, len, n, n_len)) {
			sqlite3_result_int(ctx, 0);
			return;
		}
	}
	sqlite3_result_int(ctx, 1);
}

/* search_sig(words): the signature kept in search_keys.sig. */
static void sql_sig(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *words = (const char *)sqlite3_value_text(argv[0]);
	size_t len = (size_t)sqlite3_value_bytes(argv[0]);

	(void)argc;
	sqlite3_result_int64(
	    ctx, (sqlite3_int64)(words ? words_sig(words, len) : 0));
}

int agreement_search_register(sqlite3 *db)
{
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc = sqlite3_create_function_v2(db, "search_has", -1, flags, NULL,
					    sql_has, NULL, NULL, NULL);

	if (rc == SQLITE_OK)
		rc =
		    sqlite3_create_function_v2(db, "search_sig", 1, flags, NULL,
					       sql_sig, NULL, NULL, NULL);
	return rc;
}

/* The distinct keys of " w1 w2 ... ": each word's first KEY_CHARS
 * characters (words shorter have none).  A key left out would hide the
 * agreement from searches, so there is room for every key the words of
 * an agreement can have: its two names (TPL_TEXT_MAX characters each)
 * and two addresses (254 each) hold at most (2 * 200 + 2 * 254) / 3 words
 * of two characters or more. */
#define MAX_KEYS ((2 * TPL_TEXT_MAX + 2 * 254) / 3 + 1)
struct keys {
	char v[MAX_KEYS][4 * KEY_CHARS + 1];
	size_t n;
};

static void words_keys(const char *words, struct keys *k)
{
	size_t len = strlen(words), i = 0, j, b;

	k->n = 0;
	while (i < len) {
		while (i < len && words[i] == ' ')
			i++;
		for (j = i; j < len && words[j] != ' ';)
			j++;
		b = j > i ? prefix_bytes(words + i, j - i, KEY_CHARS) : 0;
		if (b && b < sizeof(k->v[0])) {
			size_t m = 0;
			while (m < k->n && (strlen(k->v[m]) != b ||
					    memcmp(k->v[m], words + i, b)))
				m++;
			if (m == k->n &&
			    k->n < sizeof(k->v) / sizeof(k->v[0])) {
				memcpy(k->v[k->n], words + i, b);
				k->v[k->n++][b] = '\0';
			}
		}
		i = j;
	}
}

/* --- keeping the search words in step ------------------------------------- */

enum {
	S_NEXT,
	S_OLD,
	S_DEL_WORD,
	S_DEL_DOC,
	S_DEL_KEY,
	S_KEY_LESS,
	S_KEY_GONE,
	S_ROW,
	S_ADD_DOC,
	S_ADD_WORD,
	S_ADD_KEY,
	S_KEY_MORE,
	S_DONE,
	S_COUNT
};

static const char *const sync_sql[S_COUNT] = {
    [S_NEXT] = "SELECT doc FROM search_pending ORDER BY doc LIMIT ?1",
    [S_OLD] = "SELECT words, changed, id FROM search_docs WHERE doc = ?1",
    [S_DEL_WORD] = "DELETE FROM search_words WHERE word = ?1 AND doc = ?2",
    [S_DEL_DOC] = "DELETE FROM search_docs WHERE doc = ?1",
    [S_DEL_KEY] = "DELETE FROM search_keys WHERE key = ?1 AND changed = ?2"
		  " AND id = ?3 AND doc = ?4",
    [S_KEY_LESS] = "UPDATE search_key_counts SET n = n - 1 WHERE key = ?1",
    [S_KEY_GONE] = "DELETE FROM search_key_counts WHERE key = ?1 AND n <= 0",
    [S_ROW] = "SELECT mentor_name, mentor_email, mentee_name,"
	      " mentee_email, id, changed, status, scheme FROM agreements"
	      " WHERE rowid = ?1 AND latest = 1",
    [S_ADD_DOC] = "INSERT INTO search_docs(doc, id, changed, status,"
		  " scheme, words) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    [S_ADD_WORD] = "INSERT OR IGNORE INTO search_words(word, doc)"
		   " VALUES(?1, ?2)",
    [S_ADD_KEY] = "INSERT INTO search_keys(key, changed, id, doc, status,"
		  " scheme, sig, words) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [S_KEY_MORE] = "INSERT INTO search_key_counts(key, n) VALUES(?1, 1)"
		   " ON CONFLICT(key) DO UPDATE SET n = n + 1",
    [S_DONE] = "DELETE FROM search_pending WHERE doc = ?1",
};

struct syncer {
	struct store *st;
	sqlite3_stmt *q[S_COUNT];
	struct folder folder;
	int rc; /* the first SQLite failure */
};

/* Step q (bound by the caller) to its end; remember a failure. */
static void run(struct syncer *s, sqlite3_stmt *q)
{
	int rc = sqlite3_step(q);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW && s->rc == SQLITE_OK)
		s->rc = rc;
	sqlite3_reset(q);
}

/* Remove doc's keys, as its words in search_docs give them. */
static void unindex_keys(struct syncer *s, sqlite3_int64 doc, const char *words,
			 const char *changed, const char *id)
{
	sqlite3_stmt *del = s->q[S_DEL_KEY];
	struct keys k;

	words_keys(words, &k);
	for (size_t i = 0; i < k.n; i++) {
		sqlite3_bind_text(del, 1, k.v[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(del, 2, changed, -1, SQLITE_STATIC);
		sqlite3_bind_text(del, 3, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(del, 4, doc);
		run(s, del);
		if (!sqlite3_changes(store_db(s->st)))
			continue;
		sqlite3_bind_text(s->q[S_KEY_LESS], 1, k.v[i], -1,
				  SQLITE_STATIC);
		run(s, s->q[S_KEY_LESS]);
		sqlite3_bind_text(s->q[S_KEY_GONE], 1, k.v[i], -1,
				  SQLITE_STATIC);
		run(s, s->q[S_KEY_GONE]);
	}
}

/* Remove doc's words, keys and row, as search_docs lists them. */
static void unindex(struct syncer *s, sqlite3_int64 doc)
{
	sqlite3_stmt *old = s->q[S_OLD], *del = s->q[S_DEL_WORD];
	char *words = NULL, *changed = NULL, *id = NULL, *w, *save = NULL;

	sqlite3_bind_int64(old, 1, doc);
	if (sqlite3_step(old) == SQLITE_ROW && sqlite3_column_text(old, 0)) {
		words = strdup((const char *)sqlite3_column_text(old, 0));
		changed = strdup((const char *)sqlite3_column_text(old, 1));
		id = strdup((const char *)sqlite3_column_text(old, 2));
		if ((!words || !changed || !id) && s->rc == SQLITE_OK)
			s->rc = SQLITE_NOMEM;
	}
	sqlite3_reset(old);
	if (words && changed && id)
		unindex_keys(s, doc, words, changed, id);
	free(changed);
	free(id);
	for (w = words ? strtok_r(words, " ", &save) : NULL; w;
	     w = strtok_r(NULL, " ", &save)) {
		sqlite3_bind_text(del, 1, w, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(del, 2, doc);
		run(s, del);
	}
	free(words);
	sqlite3_bind_int64(s->q[S_DEL_DOC], 1, doc);
	run(s, s->q[S_DEL_DOC]);
}

/* " w1 w2 ... " from w, malloc'd. */
static char *join_words(const struct words *w)
{
	size_t len = 2;
	char *out, *p;

	for (size_t i = 0; i < w->n; i++)
		len += strlen(w->v[i]) + 1;
	if (!(out = malloc(len)))
		return NULL;
	p = out;
	*p++ = ' ';
	for (size_t i = 0; i < w->n; i++)
		p += sprintf(p, "%s ", w->v[i]);
	*p = '\0';
	return out;
}

/* Add doc to search_docs: its id, when it changed, its status and
 * scheme, and its words; and to search_keys under each of its keys. */
static void add_doc(struct syncer *s, sqlite3_int64 doc, sqlite3_stmt *row,
		    const char *words)
{
	sqlite3_stmt *q = s->q[S_ADD_DOC], *k = s->q[S_ADD_KEY];
	sqlite3_int64 sig = (sqlite3_int64)words_sig(words, strlen(words));
	struct keys keys;

	sqlite3_bind_int64(q, 1, doc);
	for (int c = 4; c < 8; c++)
		sqlite3_bind_value(q, c - 2, sqlite3_column_value(row, c));
	sqlite3_bind_text(q, 6, words, -1, SQLITE_STATIC);
	run(s, q);
	words_keys(words, &keys);
	for (size_t i = 0; i < keys.n; i++) {
		sqlite3_bind_text(k, 1, keys.v[i], -1, SQLITE_STATIC);
		sqlite3_bind_value(k, 2, sqlite3_column_value(row, 5));
		sqlite3_bind_value(k, 3, sqlite3_column_value(row, 4));
		sqlite3_bind_int64(k, 4, doc);
		sqlite3_bind_value(k, 5, sqlite3_column_value(row, 6));
		sqlite3_bind_value(k, 6, sqlite3_column_value(row, 7));
		sqlite3_bind_int64(k, 7, sig);
		sqlite3_bind_text(k, 8, words, -1, SQLITE_STATIC);
		run(s, k);
		sqlite3_bind_text(s->q[S_KEY_MORE], 1, keys.v[i], -1,
				  SQLITE_STATIC);
		run(s, s->q[S_KEY_MORE]);
	}
}

/* Fold the names and addresses of doc, when it is a newest version. */
static enum mp_status index_doc(struct syncer *s, sqlite3_int64 doc,
				struct mp_error *err)
{
	sqlite3_stmt *row = s->q[S_ROW];
	struct words w = {0};
	enum mp_status st = MP_OK;
	char *joined = NULL;

	sqlite3_bind_int64(row, 1, doc);
	if (sqlite3_step(row) == SQLITE_ROW) {
		for (int c = 0; c < 4 && st == MP_OK; c++)
			st = fold(&s->folder,
				  (const char *)sqlite3_column_text(row, c), &w,
				  err);
		if (st == MP_OK && w.n && !(joined = join_words(&w)))
			st = mp_error_set(err, MP_ERR_NOMEM, NULL);
		if (joined)
			add_doc(s, doc, row, joined);
	}
	sqlite3_reset(row);
	if (st != MP_OK || !joined) {
		words_free(&w);
		return st;
	}
	for (size_t i = 0; i < w.n; i++) {
		sqlite3_bind_text(s->q[S_ADD_WORD], 1, w.v[i], -1,
				  SQLITE_TRANSIENT);
		sqlite3_bind_int64(s->q[S_ADD_WORD], 2, doc);
		run(s, s->q[S_ADD_WORD]);
	}
	free(joined);
	words_free(&w);
	return MP_OK;
}

/* Fold up to SYNC_BATCH pending rows; *done is how many. */
static enum mp_status sync_batch(struct syncer *s, int *done,
				 struct mp_error *err)
{
	sqlite3_int64 docs[SYNC_BATCH];
	sqlite3_stmt *next = s->q[S_NEXT];
	enum mp_status st = MP_OK;
	int n = 0, rc;

	sqlite3_bind_int(next, 1, SYNC_BATCH);
	while (n < SYNC_BATCH && (rc = sqlite3_step(next)) == SQLITE_ROW)
		docs[n++] = sqlite3_column_int64(next, 0);
	sqlite3_reset(next);
	for (int i = 0; i < n && st == MP_OK && s->rc == SQLITE_OK; i++) {
		unindex(s, docs[i]);
		st = index_doc(s, docs[i], err);
		sqlite3_bind_int64(s->q[S_DONE], 1, docs[i]);
		run(s, s->q[S_DONE]);
	}
	*done = n;
	if (st == MP_OK && s->rc != SQLITE_OK)
		st = store_sqlite_error(s->st, s->rc,
					"updating the search words", err);
	return st;
}

/* Set PRAGMA cache_size to size (negative: KiB); the size it replaces,
 * or 0 when it cannot be set. */
static int set_cache(struct store *st, int size)
{
	sqlite3_stmt *q;
	char sql[64];
	int old = 0;

	if (sqlite3_prepare_v2(store_db(st), "PRAGMA cache_size", -1, &q,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		old = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	snprintf(sql, sizeof(sql), "PRAGMA cache_size=%d", size);
	if (!old ||
	    sqlite3_exec(store_db(st), sql, NULL, NULL, NULL) != SQLITE_OK)
		return 0;
	return old;
}

static enum mp_status sync_all(struct syncer *s, struct mp_error *err)
{
	enum mp_status st = MP_OK;
	int done = SYNC_BATCH, cache = 0;

	for (int k = 0; k < S_COUNT && s->rc == SQLITE_OK; k++)
		s->rc = sqlite3_prepare_v2(store_db(s->st), sync_sql[k], -1,
					   &s->q[k], NULL);
	if (s->rc != SQLITE_OK)
		st = store_sqlite_error(s->st, s->rc,
					"updating the search words", err);
	if (st == MP_OK)
		st = folder_open(s->st, &s->folder, err);
	while (st == MP_OK && done == SYNC_BATCH) {
		st = sync_batch(s, &done, err);
		if (st == MP_OK && done == SYNC_BATCH && !cache)
			cache = set_cache(s->st, SYNC_CACHE);
	}
	if (cache)
		set_cache(s->st, cache);
	folder_close(&s->folder);
	for (int k = 0; k < S_COUNT; k++)
		sqlite3_finalize(s->q[k]);
	return st;
}

static enum mp_status any_pending(struct store *st, int *pending,
				  struct mp_error *err)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(
	    store_db(st), "SELECT EXISTS(SELECT 1 FROM search_pending)", -1, &q,
	    NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		*pending = sqlite3_column_int(q, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_OK ? MP_OK
			       : store_sqlite_error(
				     st, rc, "reading the search words", err);
}

enum mp_status agreement_search_sync(struct store *st, struct mp_error *err)
{
	struct syncer s = {.st = st, .rc = SQLITE_OK};
	int own = sqlite3_get_autocommit(store_db(st)), pending = 0;
	enum mp_status status = any_pending(st, &pending, err);

	if (status != MP_OK || !pending)
		return status;
	if (own && (status = store_begin(st, err)) != MP_OK)
		return status;
	status = sync_all(&s, err);
	if (own && status == MP_OK)
		return store_commit(st, err);
	if (own)
		store_rollback(st);
	return status;
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
	P_RANGES = P_WORDS + SEARCH_WORDS,
	P_SAMPLE = P_RANGES + 2 * SEARCH_WORDS,
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
static void add_candidates(struct sql *b, const struct words *w, enum plan plan,
			   int driver)
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
static void add_has(struct sql *b, const char *words, const struct words *w)
{
	add(b, "search_has(%s", words);
	for (size_t i = 0; i < w->n; i++)
		add(b, ", ?%d", P_WORDS + (int)i);
	add(b, ")");
}

/* The tests on each candidate's words that its plan leaves to do. */
static void add_tests(struct sql *b, const char *words, const struct words *w,
		      enum plan plan)
{
	if (plan == PLAN_INTERSECT || (plan == PLAN_DRIVE && w->n == 1))
		return;
	add(b, " AND ");
	add_has(b, words, w);
}

/* Is the search one word of KEY_CHARS characters, so that its key's
 * agreements are exactly those it finds? */
static bool key_only(const struct words *w)
{
	size_t n = strlen(w->v[0]);

	return w->n == 1 && prefix_bytes(w->v[0], n, KEY_CHARS) == n;
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
		      const struct words *w)
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
			const struct words *w, enum plan plan, int driver)
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
		  const struct words *w, const struct choice *c)
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
	char high[WORD_MAX + 2];

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
	double n;		/* agreements, at most */
	double f[SEARCH_WORDS]; /* the share having each word */
	double all;		/* the share having every word */
	double pass;		/* the share passing status and scheme */
};

static void bind_all(sqlite3_stmt *q, const struct ag_filter *f,
		     const struct words *w);

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
			     const struct words *w, struct estimate *e,
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
static struct choice cheapest(const struct ag_filter *f, const struct words *w,
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
		    (int)prefix_bytes(word, strlen(word), KEY_CHARS),
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
static enum mp_status choose_keyed(struct store *st, const struct words *w,
				   const long *keys, int walk, struct choice *c,
				   struct mp_error *err)
{
	long best = SEARCH_DRIVE_MAX + 1, n = 0;
	enum mp_status s = MP_OK;

	*c = (struct choice){PLAN_KEY, true, walk};
	if (keys[walk] <= SEARCH_KEY_WALK)
		return MP_OK;
	for (size_t i = 0; i < w->n && s == MP_OK; i++) {
		if (keys[i] >= 0 && prefix_bytes(w->v[i], strlen(w->v[i]),
						 KEY_CHARS) == strlen(w->v[i]))
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
			     const struct words *w, struct choice *c,
			     struct mp_error *err)
{
	long best = SEARCH_DIRECT_MAX + 1, n = 0, keys[SEARCH_WORDS];
	struct estimate e = {0, {0}, 1, 1};
	enum mp_status s = MP_OK;
	int walk = -1;

	*c = (struct choice){PLAN_ALL, false, -1};
	for (size_t i = 0; i < w->n && s == MP_OK; i++) {
		keys[i] = -1;
		if (!prefix_bytes(w->v[i], strlen(w->v[i]), KEY_CHARS))
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

/* Fold the search text into words; none when f has no search. */
static enum mp_status search_words(struct store *st, const char *text,
				   struct words *w, struct mp_error *err)
{
	struct folder f;
	char cut[SEARCH_TEXT_MAX + 1];
	enum mp_status s;

	if (!text || !*text)
		return MP_OK;
	snprintf(cut, sizeof(cut), "%s", text);
	if ((s = folder_open(st, &f, err)) == MP_OK)
		s = fold(&f, cut, w, err);
	folder_close(&f);
	if (s == MP_OK && w->n > SEARCH_WORDS) {
		for (size_t i = SEARCH_WORDS; i < w->n; i++)
			free(w->v[i]);
		w->n = SEARCH_WORDS;
	}
	return s;
}

static void bind_all(sqlite3_stmt *q, const struct ag_filter *f,
		     const struct words *w)
{
	char spaced[WORD_MAX + 2];

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
static void bind_key(sqlite3_stmt *q, const struct words *w, int walk)
{
	const char *k = w->v[walk];
	sqlite3_uint64 mask = 0;

	sqlite3_bind_text(q, P_KEY, k,
			  (int)prefix_bytes(k, strlen(k), KEY_CHARS),
			  SQLITE_STATIC);
	for (size_t i = 0; i < w->n; i++)
		mask |= word_bits(w->v[i], strlen(w->v[i]));
	sqlite3_bind_int64(q, P_MASK, (sqlite3_int64)mask);
}

static enum mp_status run_list(struct store *st, const char *sql,
			       const struct ag_filter *f, const struct words *w,
			       const struct choice *c,
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
	struct words w = {0};
	struct sql b = {.len = 0};
	struct choice c;
	enum mp_status s = search_words(st, f->search, &w, err);

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
	words_free(&w);
	return s;
}
