/*
 * agreement_index.c - keeping the search tables in step with the
 * agreements (see agreement_schema.c for the tables).
 *
 * The words of each newest version's names and email addresses
 * (agreement_words.c) are kept in four tables: search_words(word, doc),
 * to find the agreements having a word that starts with what was typed;
 * search_docs(doc, id, changed, status, scheme, words), each newest
 * version's words as " w1 w2 ... " beside what the default list needs,
 * with one covering index in that list's order; search_keys, the same
 * rows once under each "key" of their words (a word's first two
 * characters), newest first within a key, with a 64-bit signature of
 * the words' first two and three characters; and search_key_counts, how
 * many agreements each key has.  Triggers note changed rows in
 * search_pending (FTS5 itself cannot be kept by triggers: trusted_schema
 * is off), and agreement_search_sync() folds them before every search.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_internal.h"

/* Pending rows folded per round of agreement_search_sync; when there
 * are more than one round's, the page cache is raised to SYNC_CACHE
 * (16 MiB) meanwhile, as each row's keys land in distant pages. */
#define SYNC_BATCH 256
#define SYNC_CACHE (-16384)

/* The distinct keys of " w1 w2 ... ": each word's first AG_KEY_CHARS
 * characters (words shorter have none).  A key left out would hide the
 * agreement from searches, so there is room for every key the words of
 * an agreement can have: its two names (TPL_TEXT_MAX characters each)
 * and two addresses (254 each) hold at most (2 * 200 + 2 * 254) / 3 words
 * of two characters or more. */
#define MAX_KEYS ((2 * TPL_TEXT_MAX + 2 * 254) / 3 + 1)
struct keys {
	char v[MAX_KEYS][4 * AG_KEY_CHARS + 1];
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
		b = j > i ? ag_prefix_bytes(words + i, j - i, AG_KEY_CHARS) : 0;
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
	struct ag_folder folder;
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
static char *join_words(const struct ag_words *w)
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
	sqlite3_int64 sig = (sqlite3_int64)ag_words_sig(words, strlen(words));
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
	struct ag_words w = {0};
	enum mp_status st = MP_OK;
	char *joined = NULL;

	sqlite3_bind_int64(row, 1, doc);
	if (sqlite3_step(row) == SQLITE_ROW) {
		for (int c = 0; c < 4 && st == MP_OK; c++)
			st = ag_fold(&s->folder,
				     (const char *)sqlite3_column_text(row, c),
				     &w, err);
		if (st == MP_OK && w.n && !(joined = join_words(&w)))
			st = mp_error_set(err, MP_ERR_NOMEM, NULL);
		if (joined)
			add_doc(s, doc, row, joined);
	}
	sqlite3_reset(row);
	if (st != MP_OK || !joined) {
		ag_words_free(&w);
		return st;
	}
	for (size_t i = 0; i < w.n; i++) {
		sqlite3_bind_text(s->q[S_ADD_WORD], 1, w.v[i], -1,
				  SQLITE_TRANSIENT);
		sqlite3_bind_int64(s->q[S_ADD_WORD], 2, doc);
		run(s, s->q[S_ADD_WORD]);
	}
	free(joined);
	ag_words_free(&w);
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
		st = ag_folder_open(s->st, &s->folder, err);
	while (st == MP_OK && done == SYNC_BATCH) {
		st = sync_batch(s, &done, err);
		if (st == MP_OK && done == SYNC_BATCH && !cache)
			cache = set_cache(s->st, SYNC_CACHE);
	}
	if (cache)
		set_cache(s->st, cache);
	ag_folder_close(&s->folder);
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
