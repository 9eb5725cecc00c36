/*
 * render_diff.c - which lines of a received text differ from the text
 * it should be (render_diff_lines).
 *
 * The signatures say only that a text changed, not where.  Given the
 * original (the sender's or the administrator's own copy), the changed
 * lines are found in linear time: the longest run of equal lines from
 * the start, the longest run of equal lines from the end (never crossing
 * the first), and what lies between in each text is what differs.  This
 * is exact for one edited stretch (a changed word, a changed or added
 * or removed line or paragraph); for edits far apart it lists everything
 * between the first and the last, which is still where the changes are.
 * No quadratic diff: every byte is looked at a bounded number of times.
 */
#include <string.h>

#include "mentorpact/render.h"

/* The start of the line holding byte at (a line starts after '\n'). */
static size_t line_start(const char *s, size_t at)
{
	while (at > 0 && s[at - 1] != '\n')
		at--;
	return at;
}

/* 1 + the newlines in s[0, at). */
static size_t line_number(const char *s, size_t at)
{
	size_t n = 1;

	for (size_t i = 0; i < at; i++)
		n += s[i] == '\n';
	return n;
}

/* List the lines of s[from, to) (whole lines) as sign, numbered from
 * first, into out while there is room; counts them all. */
static void take_lines(const char *s, size_t from, size_t to, size_t first,
		       char sign, struct render_diff *out, size_t *count)
{
	size_t line = first;

	while (from < to) {
		const char *nl = memchr(s + from, '\n', to - from);
		size_t end = nl ? (size_t)(nl - s) : to;

		if (out->n < RENDER_DIFF_MAX) {
			struct render_diff_line *d = &out->lines[out->n++];
			d->sign = sign;
			d->line = line;
			d->text = s + from;
			d->len = end - from;
		}
		(*count)++;
		line++;
		from = nl ? end + 1 : to;
	}
}

void render_diff_lines(const char *old, size_t old_len, const char *new_text,
		       size_t new_len, struct render_diff *out)
{
	size_t p = 0, s = 0, most = old_len < new_len ? old_len : new_len;
	size_t old_end, new_end, first;

	memset(out, 0, sizeof(*out));
	while (p < most && old[p] == new_text[p])
		p++;
	if (p == old_len && p == new_len)
		return;
	p = line_start(old, p);
	/* equal bytes from the end, not reaching into the equal start */
	while (s < most - p &&
	       old[old_len - 1 - s] == new_text[new_len - 1 - s])
		s++;
	old_end = old_len - s;
	new_end = new_len - s;
	/* the equal end must start a line in both texts (the byte before it
	 * is where they differ, so each is looked at) */
	while (old_end < old_len &&
	       ((old_end > p && old[old_end - 1] != '\n') ||
		(new_end > p && new_text[new_end - 1] != '\n'))) {
		old_end++;
		new_end++;
	}
	first = line_number(old, p);
	out->first_line = first;
	take_lines(old, p, old_end, first, '-', out, &out->removed);
	take_lines(new_text, p, new_end, first, '+', out, &out->added);
}
