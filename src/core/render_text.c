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

struct range {
	uint32_t lo, hi;
};

/* Combining marks (general categories Mn and Me) of the scripts people
 * write names and answers in; a mark missing here counts one column,
 * which only makes a line shorter. */
static const struct range combining[] = {
    {0x0300, 0x036f},	{0x0483, 0x0489},   {0x0591, 0x05bd}, {0x05bf, 0x05bf},
    {0x05c1, 0x05c2},	{0x05c4, 0x05c5},   {0x05c7, 0x05c7}, {0x0610, 0x061a},
    {0x064b, 0x065f},	{0x0670, 0x0670},   {0x06d6, 0x06dc}, {0x06df, 0x06e4},
    {0x06e7, 0x06e8},	{0x06ea, 0x06ed},   {0x0711, 0x0711}, {0x0730, 0x074a},
    {0x07a6, 0x07b0},	{0x07eb, 0x07f3},   {0x0900, 0x0902}, {0x093a, 0x093a},
    {0x093c, 0x093c},	{0x0941, 0x0948},   {0x094d, 0x094d}, {0x0951, 0x0957},
    {0x0962, 0x0963},	{0x0981, 0x0981},   {0x09bc, 0x09bc}, {0x09c1, 0x09c4},
    {0x09cd, 0x09cd},	{0x09e2, 0x09e3},   {0x0a01, 0x0a02}, {0x0a3c, 0x0a3c},
    {0x0a41, 0x0a51},	{0x0a70, 0x0a71},   {0x0a75, 0x0a75}, {0x0a81, 0x0a82},
    {0x0abc, 0x0abc},	{0x0ac1, 0x0ac8},   {0x0acd, 0x0acd}, {0x0b01, 0x0b01},
    {0x0b3c, 0x0b3c},	{0x0b3f, 0x0b3f},   {0x0b41, 0x0b44}, {0x0b4d, 0x0b4d},
    {0x0bc0, 0x0bc0},	{0x0bcd, 0x0bcd},   {0x0c3e, 0x0c40}, {0x0c46, 0x0c56},
    {0x0cbc, 0x0cbc},	{0x0ccc, 0x0ccd},   {0x0d41, 0x0d44}, {0x0d4d, 0x0d4d},
    {0x0dca, 0x0dca},	{0x0dd2, 0x0dd6},   {0x0e31, 0x0e31}, {0x0e34, 0x0e3a},
    {0x0e47, 0x0e4e},	{0x0eb1, 0x0eb1},   {0x0eb4, 0x0ebc}, {0x0ec8, 0x0ecd},
    {0x0f18, 0x0f19},	{0x0f35, 0x0f35},   {0x0f37, 0x0f37}, {0x0f39, 0x0f39},
    {0x0f71, 0x0f7e},	{0x0f80, 0x0f84},   {0x102d, 0x1030}, {0x1032, 0x1037},
    {0x1039, 0x103a},	{0x135d, 0x135f},   {0x1712, 0x1714}, {0x17b4, 0x17b5},
    {0x17b7, 0x17bd},	{0x17c6, 0x17c6},   {0x17c9, 0x17d3}, {0x1ab0, 0x1aff},
    {0x1dc0, 0x1dff},	{0x20d0, 0x20f0},   {0x2cef, 0x2cf1}, {0x2de0, 0x2dff},
    {0x302a, 0x302d},	{0x3099, 0x309a},   {0xa66f, 0xa672}, {0xa674, 0xa67d},
    {0xa69e, 0xa69f},	{0xa6f0, 0xa6f1},   {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f},
    {0x1f3fb, 0x1f3ff}, {0xe0100, 0xe01ef},
};

/* East Asian Wide and Fullwidth characters and emoji shown wide.  Where a
 * block mixes narrow and wide characters the whole block is taken as
 * wide: counting too many columns only makes a line shorter. */
static const struct range wide[] = {
    {0x1100, 0x115f},	{0x231a, 0x231b},   {0x2329, 0x232a},
    {0x23e9, 0x23ec},	{0x23f0, 0x23f0},   {0x23f3, 0x23f3},
    {0x25fd, 0x25fe},	{0x2614, 0x2615},   {0x2648, 0x2653},
    {0x267f, 0x267f},	{0x2693, 0x2693},   {0x26a1, 0x26a1},
    {0x26aa, 0x26ab},	{0x26bd, 0x26be},   {0x26c4, 0x26c5},
    {0x26ce, 0x26ce},	{0x26d4, 0x26d4},   {0x26ea, 0x26ea},
    {0x26f2, 0x26f5},	{0x26fa, 0x26fa},   {0x26fd, 0x26fd},
    {0x2705, 0x2705},	{0x270a, 0x270b},   {0x2728, 0x2728},
    {0x274c, 0x274c},	{0x274e, 0x274e},   {0x2753, 0x2757},
    {0x2795, 0x2797},	{0x27b0, 0x27b0},   {0x27bf, 0x27bf},
    {0x2b1b, 0x2b1c},	{0x2b50, 0x2b50},   {0x2b55, 0x2b55},
    {0x2e80, 0x303e},	{0x3041, 0x33ff},   {0x3400, 0x4dbf},
    {0x4e00, 0x9fff},	{0xa000, 0xa4cf},   {0xa960, 0xa97f},
    {0xac00, 0xd7a3},	{0xf900, 0xfaff},   {0xfe10, 0xfe19},
    {0xfe30, 0xfe6f},	{0xff00, 0xff60},   {0xffe0, 0xffe6},
    {0x16fe0, 0x16fe4}, {0x17000, 0x18cff}, {0x1b000, 0x1b2ff},
    {0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf}, {0x1f18e, 0x1f18e},
    {0x1f191, 0x1f19a}, {0x1f200, 0x1f2ff}, {0x1f300, 0x1f3fa},
    {0x1f400, 0x1f64f}, {0x1f680, 0x1f6ff}, {0x1f7e0, 0x1f7eb},
    {0x1f900, 0x1f9ff}, {0x1fa70, 0x1faff}, {0x20000, 0x2fffd},
    {0x30000, 0x3fffd},
};

static bool in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

int rtext_cp_width(uint32_t cp)
{
	if (cp < 0x300)
		return 1;
	if (in_ranges(cp, combining, sizeof(combining) / sizeof(*combining)))
		return 0;
	if (in_ranges(cp, wide, sizeof(wide) / sizeof(*wide)))
		return 2;
	return 1;
}

size_t rtext_width(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t cols = 0;

	while (n) {
		uint32_t cp;
		size_t k = rtext_decode(p, n, &cp);

		if (!k) {
			cols++;
			k = 1;
		} else {
			cols += (size_t)rtext_cp_width(cp);
		}
		p += k;
		n -= k;
	}
	return cols;
}

size_t render_columns(const char *s, size_t n)
{
	return rtext_width(s, n);
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
 * its width, as rtext_width would measure it. */
static size_t fit_prefix_cols(const char *s, size_t n, size_t cols,
			      size_t *used_out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t used = 0, at = 0;

	while (at < n) {
		uint32_t cp = 0xfffd;
		size_t k = rtext_decode(p + at, n - at, &cp);
		size_t w = k ? (size_t)rtext_cp_width(cp) : 1;

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
	size_t w = rtext_width(prefix, strlen(prefix));

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
	size_t cols = rtext_width(word, n);

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
	return rtext_width(a, strlen(a)) + rtext_width(b, k) > avail;
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
