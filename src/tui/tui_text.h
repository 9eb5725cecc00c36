/*
 * tui_text.h - text helpers for the terminal UI that need no curses:
 * UTF-8 to and from wide characters, making stored text safe to draw,
 * wrapping by display columns, laying out a multi-line answer to edit,
 * and reading a single-line form field back.
 *
 * Everything here is locale-independent UTF-8 except the column counts,
 * which come from utf8proc (mentorpact/unicode.h), as the exported text's do.
 */
#ifndef MENTORPACT_TUI_TEXT_H
#define MENTORPACT_TUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/*
 * Decode UTF-8 into a malloc'd, NUL-terminated wide string; each byte
 * that is not valid UTF-8 becomes U+FFFD.  *n (may be NULL) receives the
 * number of characters.  NULL when out of memory; s NULL reads as "".
 */
wchar_t *text_to_wcs(const char *s, size_t *n);

/* Encode n wide characters as a malloc'd UTF-8 string; characters that
 * are not Unicode scalar values become U+FFFD.  NULL when out of memory. */
char *text_from_wcs(const wchar_t *w, size_t n);

/* Encode one character as UTF-8 at out; returns the bytes written.  A
 * character that is not a Unicode scalar value becomes U+FFFD. */
size_t text_encode(wchar_t c, char out[4]);

/* 1 when c must never reach the terminal raw: C0 controls (LF excepted
 * when lf_ok), DEL, C1 controls, bidi controls, line and paragraph
 * separators and the byte order mark. */
bool text_unsafe(wchar_t c, bool lf_ok);

/*
 * A malloc'd copy of s that is safe to draw: each unsafe character
 * becomes a visible mark (the Unicode control picture for C0 and DEL,
 * U+FFFD otherwise), a tab becomes a space.  With lf_ok, LF is kept.
 */
char *text_clean(const char *s, bool lf_ok);

/* Display columns of a wide string's first n characters. */
int text_wcs_width(const wchar_t *w, size_t n);

/* Display columns of UTF-8 text. */
int text_width(const char *s);

/*
 * Wrap UTF-8 text into lines of at most width columns: at spaces where
 * it can, splitting a word longer than a line, keeping each "\n" as a
 * line break.  Unsafe characters are made visible first.  *lines is a
 * malloc'd array of malloc'd strings (text_lines_free).  Returns the
 * number of lines (at least 1), or 0 when out of memory.
 */
size_t text_wrap(const char *s, int width, char ***lines);
void text_lines_free(char **lines, size_t n);

/* A malloc'd copy of s without leading and trailing spaces. */
char *text_trim(const char *s);

/*
 * A multi-line answer as the wizard lays it out to edit it (the form
 * library cannot: see fform.c).  Row i shows characters [start, start +
 * len) of the text; a row ends at a "\n" (which no row holds) or where
 * the next word does not fit, after the last space that fits (kept on
 * the row, even one column past its end), else in the middle of a word
 * longer than a row.  Every character, and every place a cursor can be,
 * belongs to a row.
 */
struct text_row {
	size_t start, len;
};

/* Lay out n wide characters in rows of cols display columns (a double
 * width character counts two).  *rows is malloc'd; returns how many (at
 * least 1), or 0 when out of memory. */
size_t text_layout(const wchar_t *w, size_t n, int cols,
		   struct text_row **rows);

/* The row and display column of cursor position pos (0 to n). */
void text_layout_find(const struct text_row *rows, size_t n_rows,
		      const wchar_t *w, size_t pos, size_t *row, int *col);

/* The cursor position in row r at display column col, or the nearest
 * one before it on that row (col < 0: the row's start; a large col: its
 * end). */
size_t text_layout_at(const struct text_row *rows, size_t n_rows,
		      const wchar_t *w, size_t r, int col);


#endif
