/*
 * admin_format.c - the output of the administrator's commands: the
 * format asked for, CSV and JSON for programs, columns of UTF-8 text for
 * people (see admin.h for the formats).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "mentorpact/unicode.h"

/* s ("table", "csv" or "json") into *out: 0, or cmd's usage error. */
int parse_format(const struct cli_command *cmd, const char *s,
		 enum format *out)
{
	static const char *const names[] = {"table", "csv", "json"};

	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum format)i;
			return 0;
		}
	return cli_usage(cmd, "unknown format '%s' (table, csv or json)", s);
}

/* Today's local date, "YYYY-MM-DD". */
void local_today(char buf[11])
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
}

/* s, or "-" when it is NULL or empty. */
const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* --- writing CSV and JSON ------------------------------------------------- */

/* One CSV field, always quoted; NULL is an empty field.  Invisible
 * format characters (uc_hidden) are written as <U+XXXX>. */
static void csv_field(const char *s, int last)
{
	char *shown = uc_reveal(s);

	putchar('"');
	for (const char *p = shown ? shown : s; p && *p; p++) {
		if (*p == '"')
			putchar('"');
		putchar(*p);
	}
	fputs(last ? "\"\r\n" : "\",", stdout);
	free(shown);
}

/* One CSV line: the n fields of cols, as csv_field writes them. */
void csv_row(const char *const *cols, int n)
{
	for (int i = 0; i < n; i++)
		csv_field(cols[i], i == n - 1);
}

static unsigned long utf8_next(const char *s, int *len);

/* A JSON \u escape of the invisible format character cp (a surrogate
 * pair above U+FFFF), so that it reaches a terminal as text. */
static void json_hidden(unsigned long cp)
{
	if (cp < 0x10000) {
		printf("\\u%04lx", cp);
		return;
	}
	cp -= 0x10000;
	printf("\\u%04lx\\u%04lx", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
}

/* A JSON string, or null; invisible format characters (uc_hidden) are
 * escaped. */
void json_string(const char *s)
{
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		int len;
		unsigned long cp = c >= 0x80 ? utf8_next(s, &len) : c;

		if (c >= 0x80 && len > 1 && uc_hidden((uint32_t)cp)) {
			json_hidden(cp);
			s += len - 1;
		} else if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* --- table columns of UTF-8 text ------------------------------------------ */

/* Decode one UTF-8 character at s; *len gets its bytes (1 for a bad
 * byte, which then counts as one column). */
static unsigned long utf8_next(const char *s, int *len)
{
	const unsigned char *u = (const unsigned char *)s;
	int n = u[0] < 0x80    ? 1
		: u[0] >= 0xf0 ? 4
		: u[0] >= 0xe0 ? 3
		: u[0] >= 0xc0 ? 2
			       : 1;
	unsigned long c = n == 1 ? u[0] : u[0] & (0x3f >> (n - 1));

	for (int i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*len = 1;
			return u[0];
		}
		c = c << 6 | (u[i] & 0x3f);
	}
	*len = n;
	return c;
}

/* Columns a character takes: combining marks none, wide scripts two. */
static int char_width(unsigned long c)
{
	if ((c >= 0x300 && c <= 0x36f) || c == 0x200d ||
	    (c >= 0xfe00 && c <= 0xfe0f))
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) ||
	    (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

/* Print s in exactly width columns: cut at a character, padded. */
void column(const char *s, int width)
{
	char *shown = uc_reveal(s);
	int used = 0, len;

	for (s = or_dash(shown ? shown : s); *s; s += len) {
		int w = char_width(utf8_next(s, &len));
		if (used + w > width)
			break;
		fwrite(s, 1, (size_t)len, stdout);
		used += w;
	}
	printf("%*s", width - used + 1, "");
	free(shown);
}
