/*
 * agreement_words.c - the words searching is made of.  Names and email
 * addresses are cut into words and folded (case and accents: "Súil"
 * finds "suil") by SQLite's own unicode61 tokenizer, the one FTS5 uses;
 * each word has a key (its first AG_KEY_CHARS characters) and signature
 * bits (of its first two and three characters), which agreement_index.c
 * keeps in the search tables and agreement_query.c searches by.  The SQL
 * functions search_has and search_sig test and sign a row's words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_internal.h"

/* What a search looks at: so many bytes of it. */
#define SEARCH_TEXT_MAX 512

/* --- folding words -------------------------------------------------------- */

void ag_words_free(struct ag_words *w)
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
	struct ag_words *w = ctx;
	size_t n = (size_t)len;

	(void)flags;
	(void)start;
	(void)end;
	if (len <= 0)
		return SQLITE_OK;
	if (n > AG_WORD_MAX) {
		n = AG_WORD_MAX;
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

enum mp_status ag_folder_open(struct store *st, struct ag_folder *f,
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

void ag_folder_close(struct ag_folder *f)
{
	if (f->tok)
		f->api.xDelete(f->tok);
	f->tok = NULL;
}

enum mp_status ag_fold(struct ag_folder *f, const char *text,
		       struct ag_words *w, struct mp_error *err)
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

size_t ag_prefix_bytes(const char *s, size_t len, int n)
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

sqlite3_uint64 ag_word_bits(const char *w, size_t len)
{
	size_t a = ag_prefix_bytes(w, len, AG_KEY_CHARS);
	size_t b = ag_prefix_bytes(w, len, AG_KEY_CHARS + 1);

	return (a ? prefix_bits(w, a) : 0) | (b ? prefix_bits(w, b) : 0);
}

sqlite3_uint64 ag_words_sig(const char *words, size_t len)
{
	sqlite3_uint64 sig = 0;
	size_t i = 0, j;

	while (i < len) {
		while (i < len && words[i] == ' ')
			i++;
		for (j = i; j < len && words[j] != ' ';)
			j++;
		if (j > i)
			sig |= ag_word_bits(words + i, j - i);
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
	    ctx, (sqlite3_int64)(words ? ag_words_sig(words, len) : 0));
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

/* --- the words of a search ----------------------------------------------- */

enum mp_status ag_search_words(struct store *st, const char *text,
			       struct ag_words *w, struct mp_error *err)
{
	struct ag_folder f;
	char cut[SEARCH_TEXT_MAX + 1];
	enum mp_status s;

	if (!text || !*text)
		return MP_OK;
	snprintf(cut, sizeof(cut), "%s", text);
	if ((s = ag_folder_open(st, &f, err)) == MP_OK)
		s = ag_fold(&f, cut, w, err);
	ag_folder_close(&f);
	if (s == MP_OK && w->n > AG_SEARCH_WORDS) {
		for (size_t i = AG_SEARCH_WORDS; i < w->n; i++)
			free(w->v[i]);
		w->n = AG_SEARCH_WORDS;
	}
	return s;
}
