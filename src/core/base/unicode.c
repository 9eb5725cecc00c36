/*
 * unicode.c - display widths, normalisation and name matching with
 * utf8proc.  See mentorpact/unicode.h for the contracts.
 */
#include "mentorpact/unicode.h"

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
