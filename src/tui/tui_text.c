/*
 * tui_text.c - UTF-8, safe drawing, wrapping and field-buffer conversion
 * for the terminal UI; no curses here, so the unit tests can reach it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui_text.h"
#include "mentorpact/unicode.h"

#define REPLACEMENT 0xfffd

/* Decode one UTF-8 sequence at s (NUL-terminated); *len gets its length
 * (1 for an invalid byte, which decodes as U+FFFD). */
static wchar_t decode_one(const unsigned char *s, size_t *len)
{
	static const uint32_t mins[] = {0, 0, 0x80, 0x800, 0x10000};
	uint32_t cp;
	size_t n, i;

	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	n = s[0] >= 0xf0 && s[0] < 0xf5	  ? 4
	    : s[0] >= 0xe0 && s[0] < 0xf0 ? 3
	    : s[0] >= 0xc2 && s[0] < 0xe0 ? 2
					  : 0;
	*len = 1;
	if (!n)
		return REPLACEMENT;
	cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return REPLACEMENT;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < mins[n] || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
		return REPLACEMENT;
	*len = n;
	return (wchar_t)cp;
}

wchar_t *text_to_wcs(const char *s, size_t *n)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len = strlen((const char *)p), k = 0, step;
	wchar_t *w = malloc((len + 1) * sizeof(*w));

	if (!w)
		return NULL;
	while (*p) {
		w[k++] = decode_one(p, &step);
		p += step;
	}
	w[k] = L'\0';
	if (n)
		*n = k;
	return w;
}

size_t text_encode(wchar_t wc, char out[4])
{
	uint32_t c = (uint32_t)wc;

	if (c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
		c = REPLACEMENT;
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3f));
	out[2] = (char)(0x80 | (c >> 6 & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

char *text_from_wcs(const wchar_t *w, size_t n)
{
	char *out = malloc(n * 4 + 1), *p = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++)
		p += text_encode(w[i], p);
	*p = '\0';
	return out;
}

bool text_unsafe(wchar_t c, bool lf_ok)
{
	uint32_t u = (uint32_t)c;

	if (u == '\n')
		return !lf_ok;
	return u < 0x20 || (u >= 0x7f && u < 0xa0) || u == 0x061c ||
	       u == 0x200e || u == 0x200f || (u >= 0x202a && u <= 0x202e) ||
	       (u >= 0x2066 && u <= 0x2069) || u == 0x2028 || u == 0x2029 ||
	       u == 0xfeff;
}

/* The visible stand-in for an unsafe character. */
static wchar_t visible_mark(wchar_t c)
{
	if (c == L'\t')
		return L' ';
	if ((uint32_t)c < 0x20)
		return (wchar_t)(0x2400 + (uint32_t)c);
	if (c == 0x7f)
		return (wchar_t)0x2421;
	return (wchar_t)REPLACEMENT;
}

char *text_clean(const char *s, bool lf_ok)
{
	size_t n;
	wchar_t *w = text_to_wcs(s, &n);
	char *out;

	if (!w)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (text_unsafe(w[i], lf_ok))
			w[i] = visible_mark(w[i]);
	out = text_from_wcs(w, n);
	free(w);
	return out;
}

int text_wcs_width(const wchar_t *w, size_t n)
{
	int cols = 0;

	for (size_t i = 0; i < n && w[i]; i++) {
		cols += uc_cp_width((uint32_t)w[i]);
	}
	return cols;
}

int text_width(const char *s)
{
	size_t n;
	wchar_t *w = text_to_wcs(s, &n);
	int cols = w ? text_wcs_width(w, n) : 0;

	free(w);
	return cols;
}

/* A growing array of lines. */
struct lines {
	char **v;
	size_t n, cap;
	bool nomem;
};

static void lines_add(struct lines *l, const wchar_t *w, size_t n)
{
	char *s;

	if (l->nomem)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		char **v = realloc(l->v, cap * sizeof(*v));
		if (!v) {
			l->nomem = true;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	if (!(s = text_from_wcs(w, n))) {
		l->nomem = true;
		return;
	}
	l->v[l->n++] = s;
}

/* The columns a wrapped line's continuation is indented by: its leading
 * spaces, and a bullet ("\u2022 ", "- ") or a number ("12. ") after them. */
static size_t hanging_indent(const wchar_t *w, size_t n)
{
	size_t i = 0, j;

	while (i < n && w[i] == L' ')
		i++;
	if (i + 1 < n && (w[i] == 0x2022 || w[i] == L'-') && w[i + 1] == L' ')
		return i + 2;
	for (j = i; j < n && w[j] >= L'0' && w[j] <= L'9'; j++)
		;
	if (j > i && j + 1 < n && w[j] == L'.' && w[j + 1] == L' ')
		return j + 2;
	return i;
}

/* Add n characters of w as a line, after indent spaces. */
static void lines_add_indented(struct lines *l, size_t indent, const wchar_t *w,
			       size_t n)
{
	wchar_t *buf;

	if (!indent) {
		lines_add(l, w, n);
		return;
	}
	if (!(buf = malloc((indent + n + 1) * sizeof(*buf)))) {
		l->nomem = true;
		return;
	}
	wmemset(buf, L' ', indent);
	wmemcpy(buf + indent, w, n);
	lines_add(l, buf, indent + n);
	free(buf);
}

/*
 * Wrap one line without "\n" (w, n characters) at width, measured by
 * measure (columns or cells): break after the last space that fits, or
 * split a word that fills a whole line.  With hang, continuation lines
 * are indented as hanging_indent says.
 */
static void wrap_line(struct lines *l, const wchar_t *w, size_t n, int width,
		      int (*measure)(const wchar_t *, size_t), bool hang)
{
	size_t indent = hang ? hanging_indent(w, n) : 0, pad = 0;
	int avail = width;

	if (indent * 2 > (size_t)width)
		indent = 0;
	while (n > 0) {
		size_t fit = 0, brk = 0, take;
		while (fit < n && measure(w, fit + 1) <= avail)
			fit++;
		if (fit == 0)
			fit = 1; /* a character wider than the line */
		if (fit < n)
			for (size_t i = fit; i > 0; i--)
				if (w[i] == L' ') {
					brk = i;
					break;
				}
		take = fit == n ? n : brk ? brk : fit;
		lines_add_indented(l, pad, w, take);
		if (take < n && w[take] == L' ')
			take++;
		w += take;
		n -= take;
		pad = indent;
		avail = width - (int)indent;
	}
}

/* Split w at each "\n" and wrap each part; an empty part is a line. */
static void wrap_all(struct lines *l, const wchar_t *w, size_t n, int width,
		     int (*measure)(const wchar_t *, size_t), bool hang)
{
	size_t start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i < n && w[i] != L'\n')
			continue;
		if (i == start)
			lines_add(l, w, 0);
		else
			wrap_line(l, w + start, i - start, width, measure,
				  hang);
		start = i + 1;
	}
}

size_t text_wrap(const char *s, int width, char ***out)
{
	struct lines l = {0};
	char *clean = text_clean(s, true);
	wchar_t *w = clean ? text_to_wcs(clean, NULL) : NULL;

	*out = NULL;
	if (w)
		wrap_all(&l, w, wcslen(w), width < 1 ? 1 : width,
			 text_wcs_width, true);
	free(clean);
	free(w);
	if (!w || l.nomem || l.n == 0) {
		text_lines_free(l.v, l.n);
		return 0;
	}
	*out = l.v;
	return l.n;
}

void text_lines_free(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

char *text_trim(const char *s)
{
	size_t n;

	s = s ? s : "";
	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	return strndup(s, n);
}

/* Display columns of one character (a control, which is never drawn
 * raw, counts one). */
static int char_width(wchar_t c)
{
	return uc_cp_width((uint32_t)c);
}

static int add_row(struct text_row **rows, size_t *n, size_t *cap, size_t start,
		   size_t len)
{
	if (*n == *cap) {
		size_t more = *cap ? *cap * 2 : 16;
		struct text_row *v = realloc(*rows, more * sizeof(*v));
		if (!v)
			return -1;
		*rows = v;
		*cap = more;
	}
	(*rows)[(*n)++] = (struct text_row){start, len};
	return 0;
}

/* The characters of w[p..end) that go on one row of cols columns. */
static size_t row_take(const wchar_t *w, size_t p, size_t end, int cols)
{
	size_t fit = 0;
	int width = 0;

	while (p + fit < end && width + char_width(w[p + fit]) <= cols)
		width += char_width(w[p + fit++]);
	if (p + fit == end)
		return fit;
	if (fit == 0)
		return 1; /* a character wider than the row */
	for (size_t i = fit; i > 0; i--)
		if (w[p + i] == L' ')
			return i + 1; /* the space stays on the row */
	return fit;
}

size_t text_layout(const wchar_t *w, size_t n, int cols, struct text_row **rows)
{
	size_t count = 0, cap = 0, start = 0;

	*rows = NULL;
	cols = cols < 1 ? 1 : cols;
	for (;;) {
		size_t end = start, p = start;
		while (end < n && w[end] != L'\n')
			end++;
		do {
			size_t take = row_take(w, p, end, cols);
			if (add_row(rows, &count, &cap, p, take) != 0) {
				free(*rows);
				*rows = NULL;
				return 0;
			}
			p += take;
		} while (p < end);
		if (end >= n)
			return count;
		start = end + 1;
	}
}

void text_layout_find(const struct text_row *rows, size_t n_rows,
		      const wchar_t *w, size_t pos, size_t *row, int *col)
{
	size_t r = 0;

	for (size_t i = 0; i < n_rows && rows[i].start <= pos; i++)
		r = i;
	*row = r;
	*col = 0;
	for (size_t i = rows[r].start; i < pos; i++)
		*col += char_width(w[i]);
}

size_t text_layout_at(const struct text_row *rows, size_t n_rows,
		      const wchar_t *w, size_t r, int col)
{
	size_t pos, last;
	int x = 0;

	if (r >= n_rows)
		r = n_rows - 1;
	pos = rows[r].start;
	last = pos + rows[r].len;
	/* The end of a row that wraps is the next row's start: stop on its
	 * last character instead. */
	if (rows[r].len && r + 1 < n_rows && rows[r + 1].start == last)
		last--;
	while (pos < last && x + char_width(w[pos]) <= col)
		x += char_width(w[pos++]);
	return pos;
}
