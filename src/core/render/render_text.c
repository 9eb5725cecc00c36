/*
 * render_text.c - the plain text under the agreement: a growing buffer,
 * display columns, text made safe to show, and wrapping at 72 columns in
 * a way that can be undone exactly (import reads answers back from it).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

/* --- buffer ----------------------------------------------------------- */

void rbuf_add(struct rbuf *b, const char *s, size_t n)
{
	if (b->nomem)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->s, cap);
		if (!p) {
			b->nomem = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void rbuf_puts(struct rbuf *b, const char *s)
{
	rbuf_add(b, s, strlen(s));
}

void rbuf_printf(struct rbuf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->nomem = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		rbuf_add(b, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		b->nomem = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rbuf_add(b, big, (size_t)n);
	free(big);
}

void rbuf_free(struct rbuf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

/* --- code points -------------------------------------------------------- */

size_t rtext_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t min, c;

	if (!n)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, min = 0x80, c = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, min = 0x800, c = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, min = 0x10000, c = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

size_t render_columns(const char *s, size_t n)
{
	return uc_width(s, n);
}

bool rtext_unsafe(uint32_t cp, bool lf_ok)
{
	if (cp == '\n')
		return !lf_ok;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return true;
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

bool rtext_safe(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	while (n) {
		uint32_t cp;
		size_t k = rtext_decode(p, n, &cp);

		if (!k || rtext_unsafe(cp, false))
			return false;
		p += k;
		n -= k;
	}
	return true;
}

char *rtext_clean(const char *s, size_t n, bool lf_ok)
{
	const unsigned char *p = (const unsigned char *)s;
	struct rbuf b = {0};

	rbuf_add(&b, "", 0);
	while (n) {
		uint32_t cp;
		size_t k = rtext_decode(p, n, &cp);

		if (!k) {
			rbuf_puts(&b, "\xef\xbf\xbd"); /* U+FFFD */
			k = 1;
		} else if (lf_ok && cp == '\r' && n > 1 && p[1] == '\n') {
			/* CR LF is a line end */
		} else if (rtext_unsafe(cp, lf_ok)) {
			rbuf_printf(&b, "<U+%04X>", (unsigned)cp);
		} else {
			rbuf_add(&b, (const char *)p, k);
		}
		p += k;
		n -= k;
	}
	if (b.nomem) {
		rbuf_free(&b);
		return NULL;
	}
	return b.s;
}

/* --- wrapping ---------------------------------------------------------- */

/* The bytes of the longest start of s (n bytes) that fits in cols
 * columns, keeping combining marks with their base; at least one code
 * point, so that a split always moves on.  *used (may be NULL) receives
 * its width, as uc_width would measure it. */
static size_t fit_prefix_cols(const char *s, size_t n, size_t cols,
			      size_t *used_out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t used = 0, at = 0;

	while (at < n) {
		uint32_t cp = 0xfffd;
		size_t k = rtext_decode(p + at, n - at, &cp);
		size_t w = k ? (size_t)uc_cp_width(cp) : 1;

		if (!k)
			k = 1;
		if (w && used + w > cols && at > 0)
			break;
		used += w;
		at += k;
	}
	if (used_out)
		*used_out = used;
	return at;
}

static size_t fit_prefix(const char *s, size_t n, size_t cols)
{
	return fit_prefix_cols(s, n, cols, NULL);
}

struct wrap {
	struct rbuf *b;
	const char *rest;
	size_t avail; /* columns of the current line after its prefix */
	size_t avail_rest;
	size_t col; /* columns used after the prefix */
};

static size_t avail_after(const char *prefix)
{
	size_t w = uc_width(prefix, strlen(prefix));

	/* A prefix leaves room for at least a wide character and more. */
	return w + 8 <= RENDER_WIDTH ? RENDER_WIDTH - w : 8;
}

static void new_line(struct wrap *w)
{
	rbuf_puts(w->b, "\n");
	rbuf_puts(w->b, w->rest);
	w->avail = w->avail_rest;
	w->col = 0;
}

/*
 * Each word is measured once: a word longer than a line is split by
 * taking off the width of each piece, never by measuring what is left
 * again, so that wrapping stays linear in the text's length whatever the
 * length of its words.
 */
static void put_word(struct wrap *w, const char *word, size_t n)
{
	size_t cols = uc_width(word, n);

	if (w->col && w->col + 1 + cols <= w->avail) {
		rbuf_puts(w->b, " ");
		rbuf_add(w->b, word, n);
		w->col += 1 + cols;
		return;
	}
	if (w->col)
		new_line(w);
	while (cols > w->avail) {
		size_t used = 0;
		size_t k = fit_prefix_cols(word, n, w->avail, &used);

		rbuf_add(w->b, word, k);
		word += k;
		n -= k;
		cols = used < cols ? cols - used : 0;
		new_line(w);
	}
	rbuf_add(w->b, word, n);
	w->col = cols;
}

/* Append prefix without its trailing spaces. */
static void put_trimmed(struct rbuf *b, const char *prefix)
{
	size_t n = strlen(prefix);

	while (n && prefix[n - 1] == ' ')
		n--;
	rbuf_add(b, prefix, n);
}

void rtext_wrap(struct rbuf *b, const char *first, const char *rest,
		const char *text)
{
	struct wrap w = {b, rest, avail_after(first), avail_after(rest), 0};
	const char *p = text;

	while (*p == ' ')
		p++;
	if (!*p) {
		put_trimmed(b, first);
		rbuf_puts(b, "\n");
		return;
	}
	rbuf_puts(b, first);
	while (*p) {
		size_t n = strcspn(p, " ");

		put_word(&w, p, n);
		p += n;
		while (*p == ' ')
			p++;
	}
	rbuf_puts(b, "\n");
}

/* --- unwrapping -------------------------------------------------------- */

/* Whether the break after line a (followed by line b, both without
 * prefixes) may be a long word's split: a has no space and b's first
 * character would not have fitted after it. */
static bool may_be_split(const char *a, const char *b, size_t avail)
{
	size_t k;

	if (strchr(a, ' ') || !*b)
		return false;
	k = fit_prefix(b, strlen(b), 1);
	return uc_width(a, strlen(a)) + uc_width(b, k) > avail;
}

/* Join the lines; at a possible split, join without a space when
 * split_first, else with one.  NULL when out of memory. */
static char *join(const char *const *body, size_t n, size_t avail_first,
		  size_t avail_rest, bool split_first)
{
	struct rbuf b = {0};

	rbuf_add(&b, "", 0);
	for (size_t i = 0; i < n; i++) {
		if (i) {
			size_t avail = i == 1 ? avail_first : avail_rest;
			bool split = split_first &&
				     may_be_split(body[i - 1], body[i], avail);

			if (!split)
				rbuf_puts(&b, " ");
		}
		rbuf_puts(&b, body[i]);
	}
	if (b.nomem) {
		rbuf_free(&b);
		return NULL;
	}
	return b.s;
}

/* 1 when text wraps back to exactly lines. */
static int wraps_to(const char *first, const char *rest, const char *text,
		    const char *const *lines, size_t n)
{
	struct rbuf b = {0};
	const char *p;
	int same = 1;

	rtext_wrap(&b, first, rest, text);
	if (b.nomem) {
		rbuf_free(&b);
		return -1;
	}
	p = b.s;
	for (size_t i = 0; i < n && same; i++) {
		size_t len = strlen(lines[i]);

		same = strncmp(p, lines[i], len) == 0 && p[len] == '\n';
		p += len + 1;
	}
	same = same && *p == '\0';
	rbuf_free(&b);
	return same;
}

/* The lines without their prefixes, in *body (pointers into lines). */
static enum mp_status strip(const char *first, const char *rest,
			    const char *const *lines, size_t n,
			    const char **body)
{
	for (size_t i = 0; i < n; i++) {
		const char *prefix = i ? rest : first;
		size_t len = strlen(prefix);

		if (strncmp(lines[i], prefix, len) != 0) {
			/* an empty text is the first prefix, trimmed */
			size_t t = len;

			while (t && prefix[t - 1] == ' ')
				t--;
			if (n != 1 || strlen(lines[i]) != t ||
			    strncmp(lines[i], prefix, t) != 0)
				return MP_ERR_INVALID;
			body[i] = lines[i] + t;
			continue;
		}
		body[i] = lines[i] + len;
	}
	return MP_OK;
}

enum mp_status rtext_unwrap(const char *first, const char *rest,
			    const char *const *lines, size_t n, char **out)
{
	const char **body = calloc(n ? n : 1, sizeof(*body));
	enum mp_status st = MP_ERR_INVALID;

	*out = NULL;
	if (!body)
		return MP_ERR_NOMEM;
	if (strip(first, rest, lines, n, body) != MP_OK) {
		free(body);
		return MP_ERR_INVALID;
	}
	for (int split_first = 1; split_first >= 0 && !*out; split_first--) {
		char *text = join(body, n, avail_after(first),
				  avail_after(rest), split_first);
		int same = text ? wraps_to(first, rest, text, lines, n) : -1;

		if (same < 0) {
			free(text);
			st = MP_ERR_NOMEM;
			break;
		}
		if (same) {
			*out = text;
			st = MP_OK;
		} else {
			free(text);
		}
	}
	free(body);
	return st;
}

/* --- lines ------------------------------------------------------------- */

enum mp_status rlines_split(const char *s, size_t len, struct rlines *out)
{
	size_t n = 1;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	out->buf = malloc(len + 1);
	out->v = calloc(n, sizeof(*out->v));
	if (!out->buf || !out->v) {
		rlines_free(out);
		return MP_ERR_NOMEM;
	}
	memcpy(out->buf, s, len);
	out->buf[len] = '\0';
	for (char *p = out->buf, *end = out->buf + len; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));

		out->v[out->n++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	return MP_OK;
}

void rlines_free(struct rlines *l)
{
	free(l->buf);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
