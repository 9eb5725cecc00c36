/*
 * unicode.c - display widths, normalisation and name matching with
 * utf8proc.  See mentorpact/unicode.h for the contracts.
 */
#include "mentorpact/unicode.h"
#include "base_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

int uc_cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 1;
	if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
		return 1;
	return utf8proc_charwidth((utf8proc_int32_t)cp);
}

size_t uc_width(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t cols = 0;

	while (n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(
		    p, n > 4 ? 4 : (utf8proc_ssize_t)n, &cp);

		if (k <= 0) {
			cols++;
			k = 1;
		} else {
			cols += (size_t)uc_cp_width((uint32_t)cp);
		}
		p += k;
		n -= (size_t)k;
	}
	return cols;
}

char *uc_nfc(const char *s)
{
	utf8proc_uint8_t *out = NULL;

	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE |
			     UTF8PROC_COMPOSE) < 0)
		return NULL;
	return (char *)out;
}

/* The plain ASCII stand-in for a typographic apostrophe or quote, or 0. */
static char plain_quote(utf8proc_int32_t cp)
{
	switch (cp) {
	case 0x2018: /* ‘ */
	case 0x2019: /* ’ */
	case 0x201b: /* ‛ */
	case 0x02bc: /* ʼ modifier letter apostrophe */
	case 0x2032: /* ′ prime */
	case 0xff07: /* ＇ full-width */
		return '\'';
	case 0x201c: /* “ */
	case 0x201d: /* ” */
	case 0x201e: /* „ */
	case 0x201f: /* ‟ */
	case 0x2033: /* ″ double prime */
	case 0xff02: /* ＂ full-width */
		return '"';
	default:
		return 0;
	}
}

static bool is_space(utf8proc_int32_t cp)
{
	return cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' ||
	       cp == '\r' || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

/*
 * Copy name into a new buffer with its typographic quotes made plain and
 * every kind of space made ' '; NULL when name is not valid UTF-8.  The
 * result is never longer than name, since each replacement is one byte.
 */
static utf8proc_uint8_t *plain_marks(const char *name, size_t *len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)name;
	size_t n = strlen(name), o = 0;
	utf8proc_uint8_t *buf = malloc(n + 1);

	if (!buf)
		return NULL;
	while (n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(
		    p, n > 4 ? 4 : (utf8proc_ssize_t)n, &cp);
		char q;

		if (k <= 0) {
			free(buf);
			return NULL;
		}
		if ((q = plain_quote(cp)) != 0)
			buf[o++] = (utf8proc_uint8_t)q;
		else if (is_space(cp))
			buf[o++] = ' ';
		else {
			memcpy(buf + o, p, (size_t)k);
			o += (size_t)k;
		}
		p += k;
		n -= (size_t)k;
	}
	buf[o] = '\0';
	*len = o;
	return buf;
}

/* Drop leading and trailing spaces and make every run of them one. */
static void squeeze_spaces(char *s)
{
	char *w = s;

	for (const char *r = s; *r; r++) {
		if (*r == ' ' && (w == s || w[-1] == ' '))
			continue;
		*w++ = *r;
	}
	if (w > s && w[-1] == ' ')
		w--;
	*w = '\0';
}

char *uc_name_key(const char *name)
{
	size_t len;
	utf8proc_uint8_t *plain = plain_marks(name, &len), *key = NULL;
	utf8proc_ssize_t r;

	if (!plain)
		return NULL;
	r = utf8proc_map(plain, (utf8proc_ssize_t)len, &key,
			 UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
			     UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
	free(plain);
	if (r < 0)
		return NULL;
	/* Compatibility forms can make new spaces (a no-break or an
	 * ideographic space becomes ' '), so spaces are squeezed last. */
	squeeze_spaces((char *)key);
	return (char *)key;
}

bool uc_names_match(const char *a, const char *b)
{
	char *ka = uc_name_key(a ? a : ""), *kb = uc_name_key(b ? b : "");
	bool same = ka && kb && *ka && strcmp(ka, kb) == 0;

	free(ka);
	free(kb);
	return same;
}

bool uc_hidden(uint32_t cp)
{
	if (cp == 0x200c || cp == 0x200d || cp > 0x10ffff)
		return false;
	return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_CF;
}

/* The next code point of s (k bytes, or 1 for a bad byte; cp 0 then). */
static size_t next_cp(const char *s, uint32_t *cp)
{
	utf8proc_int32_t c;
	size_t n = strnlen(s, 4);
	utf8proc_ssize_t k =
	    utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);

	if (k <= 0) {
		*cp = 0;
		return 1;
	}
	*cp = (uint32_t)c;
	return (size_t)k;
}

uint32_t uc_first_hidden(const char *s)
{
	uint32_t cp;

	while (s && *s) {
		size_t k = next_cp(s, &cp);

		if (cp && uc_hidden(cp))
			return cp;
		s += k;
	}
	return 0;
}

void uc_describe(uint32_t cp, char *buf, size_t size)
{
	static const struct {
		uint32_t cp;
		const char *name;
	} names[] = {
	    {0x00ad, "SOFT HYPHEN"},
	    {0x061c, "ARABIC LETTER MARK"},
	    {0x200b, "ZERO WIDTH SPACE"},
	    {0x200e, "LEFT-TO-RIGHT MARK"},
	    {0x200f, "RIGHT-TO-LEFT MARK"},
	    {0x202a, "LEFT-TO-RIGHT EMBEDDING"},
	    {0x202b, "RIGHT-TO-LEFT EMBEDDING"},
	    {0x202c, "POP DIRECTIONAL FORMATTING"},
	    {0x202d, "LEFT-TO-RIGHT OVERRIDE"},
	    {0x202e, "RIGHT-TO-LEFT OVERRIDE"},
	    {0x2060, "WORD JOINER"},
	    {0x2061, "FUNCTION APPLICATION"},
	    {0x2062, "INVISIBLE TIMES"},
	    {0x2063, "INVISIBLE SEPARATOR"},
	    {0x2064, "INVISIBLE PLUS"},
	    {0x2066, "LEFT-TO-RIGHT ISOLATE"},
	    {0x2067, "RIGHT-TO-LEFT ISOLATE"},
	    {0x2068, "FIRST STRONG ISOLATE"},
	    {0x2069, "POP DIRECTIONAL ISOLATE"},
	    {0xfeff, "ZERO WIDTH NO-BREAK SPACE"},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].cp == cp) {
			snprintf(buf, size, "U+%04X %s", (unsigned)cp,
				 names[i].name);
			return;
		}
	snprintf(buf, size, "U+%04X (an invisible format character)",
		 (unsigned)cp);
}

char *uc_reveal(const char *s)
{
	size_t len, n = 0;
	uint32_t cp;
	char *out;

	if (!s)
		return NULL;
	len = strlen(s);
	/* "<U+10FFFF>" is 10 bytes for at least 1 byte of input */
	out = malloc(len * 10 + 1);
	if (!out)
		return NULL;
	while (*s) {
		size_t k = next_cp(s, &cp);

		if (cp && uc_hidden(cp))
			n += (size_t)sprintf(out + n, "<U+%04X>", (unsigned)cp);
		else
			memcpy(out + n, s, k), n += k;
		s += k;
	}
	out[n] = '\0';
	return out;
}
