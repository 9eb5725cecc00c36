/*
 * test_tui_text.c - the terminal UI's text helpers: UTF-8 round trips,
 * control characters made visible, wrapping by columns, laying out a
 * multi-line answer to edit (wide characters counting two columns) and
 * reading a single-line field back.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui/tui_text.c"

static void test_utf8_round_trip(void **state)
{
	const char *s = "Zoë O’Brien Ω 中文 \U0001F600";
	size_t n;
	wchar_t *w = text_to_wcs(s, &n);
	char *back;

	(void)state;
	assert_non_null(w);
	assert_int_equal(n, 18);
	assert_int_equal(w[2], 0xeb);
	assert_int_equal(w[5], 0x2019);
	back = text_from_wcs(w, n);
	assert_string_equal(back, s);
	free(back);
	free(w);
	/* Bytes that are not UTF-8 become U+FFFD, never a crash. */
	w = text_to_wcs("a\xff\xc3(b\xe2\x82", &n);
	assert_int_equal(n,
			 7); /* a ? ? ( b ? ?: a cut sequence, byte by byte */
	assert_int_equal(w[1], 0xfffd);
	assert_int_equal(w[2], 0xfffd);
	assert_int_equal(w[3], '(');
	free(w);
}

static void test_clean(void **state)
{
	char *c;

	(void)state;
	c = text_clean("red\x1b[31m bell\a\ttab\xc2\x9b", false);
	/* ESC, BEL and C1 CSI become visible marks; a tab a space. */
	assert_string_equal(c, "red\u241b[31m bell\u2407 tab\ufffd");
	free(c);
	c = text_clean("two\nlines\r\n", true);
	assert_string_equal(c, "two\nlines\u240d\n");
	free(c);
	c = text_clean("one\nline", false);
	assert_string_equal(c, "one\u240aline");
	free(c);
	c = text_clean("\u202eevil", false);
	assert_string_equal(c, "\ufffdevil");
	free(c);
}

/* text wrapped at width gives exactly the lines of want (NULL-ended). */
static void expect_wrap(const char *text, int width, const char *const *want)
{
	char **l;
	size_t n = text_wrap(text, width, &l), k = 0;

	while (want[k])
		k++;
	assert_int_equal(n, k);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(l[i], want[i]);
	text_lines_free(l, n);
}

static void test_wrap(void **state)
{
	(void)state;
	expect_wrap(
	    "the quick brown fox jumps", 10,
	    (const char *const[]){"the quick", "brown fox", "jumps", NULL});
	/* A word longer than the line is split; newlines are kept. */
	expect_wrap(
	    "abcdefghijkl\n\nend", 5,
	    (const char *const[]){"abcde", "fghij", "kl", "", "end", NULL});
	/* Wide characters take two columns. */
	expect_wrap("中文中文中文", 5,
		    (const char *const[]){"中文", "中文", "中文", NULL});
	assert_int_equal(text_width("中文é"), 5);
	/* A bullet's or a number's continuation lines hang under its text. */
	expect_wrap("  \u2022 one two three four", 12,
		    (const char *const[]){"  \u2022 one two", "    three",
					  "    four", NULL});
	expect_wrap("12. alpha beta", 10,
		    (const char *const[]){"12. alpha", "    beta", NULL});
}

/* Lay text out in rows of cols columns and check each row's text. */
static void expect_layout(const char *text, int cols, const char *const *want)
{
	size_t n, k = 0;
	wchar_t *w = text_to_wcs(text, &n);
	struct text_row *rows;
	size_t n_rows = text_layout(w, n, cols, &rows);

	assert_true(n_rows > 0);
	for (; want[k]; k++) {
		char *row;
		assert_true(k < n_rows);
		row = text_from_wcs(w + rows[k].start, rows[k].len);
		assert_string_equal(row, want[k]);
		free(row);
	}
	assert_int_equal(n_rows, k);
	/* Every character is on exactly one row, in order, but the line
	 * breaks, which are between rows. */
	for (size_t r = 0, next = 0; r < n_rows; r++) {
		if (rows[r].start != next) {
			assert_int_equal(rows[r].start, next + 1);
			assert_true(w[next] == L'\n');
		}
		next = rows[r].start + rows[r].len;
		if (r + 1 == n_rows)
			assert_int_equal(next, n);
	}
	free(rows);
	free(w);
}

static void test_layout(void **state)
{
	(void)state;
	expect_layout("", 10, (const char *const[]){"", NULL});
	expect_layout("one two\nthree", 6,
		      (const char *const[]){"one ", "two", "three", NULL});
	/* A line break at the end is an empty row to type on. */
	expect_layout("one\n", 6, (const char *const[]){"one", "", NULL});
	expect_layout("a\n\nb", 6, (const char *const[]){"a", "", "b", NULL});
	/* A word longer than a row is split where the row ends. */
	expect_layout("averyverylongword", 8,
		      (const char *const[]){"averyver", "ylongwor", "d", NULL});
	/* Wide characters count two columns: 中文 fills four. */
	expect_layout("中文中文中", 4,
		      (const char *const[]){"中文", "中文", "中", NULL});
	/* At an odd width a wide character that does not fit in the last
	 * column starts the next row, and nothing is added or lost. */
	expect_layout("ab中文中文", 5,
		      (const char *const[]){"ab中", "文中", "文", NULL});
	expect_layout("Zoë O’Brien Ω met 王小明", 9,
		      (const char *const[]){"Zoë ", "O’Brien Ω ", "met ",
					    "王小明", NULL});
	/* A space just past a full row stays on it. */
	expect_layout("abcd efg", 4,
		      (const char *const[]){"abcd ", "efg", NULL});
	/* One character wider than the row still goes somewhere. */
	expect_layout("中a", 1, (const char *const[]){"中", "a", NULL});
}

/* Cursor positions map to rows and columns and back. */
static void test_layout_cursor(void **state)
{
	const char *text = "ab中文中文\nxy";
	size_t n, n_rows, row;
	wchar_t *w = text_to_wcs(text, &n);
	struct text_row *rows;
	int col;

	(void)state;
	n_rows = text_layout(w, n, 5, &rows); /* "ab中" "文中" "文" "xy" */
	assert_int_equal(n_rows, 4);
	text_layout_find(rows, n_rows, w, 0, &row, &col);
	assert_int_equal(row, 0);
	assert_int_equal(col, 0);
	text_layout_find(rows, n_rows, w, 2, &row, &col);
	assert_int_equal(col, 2);
	/* Where a row wraps, the cursor is at the next row's start. */
	text_layout_find(rows, n_rows, w, 3, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 0);
	/* Before a line break: the end of its row. */
	text_layout_find(rows, n_rows, w, 6, &row, &col);
	assert_int_equal(row, 2);
	assert_int_equal(col, 2);
	text_layout_find(rows, n_rows, w, n, &row, &col);
	assert_int_equal(row, 3);
	assert_int_equal(col, 2);
	/* Up and down keep the column, never landing inside a wide
	 * character nor past a wrapping row's end. */
	assert_int_equal(text_layout_at(rows, n_rows, w, 0, 3), 2);
	assert_int_equal(text_layout_at(rows, n_rows, w, 0, 4), 2);
	assert_int_equal(text_layout_at(rows, n_rows, w, 1, 99), 4);
	assert_int_equal(text_layout_at(rows, n_rows, w, 2, 99), 6);
	assert_int_equal(text_layout_at(rows, n_rows, w, 3, -1), 7);
	assert_int_equal(text_layout_at(rows, n_rows, w, 3, 99), 9);
	free(rows);
	free(w);
}

static void test_long_answer(void **state)
{
	size_t n = 10000, n_rows, total = 0, breaks = 0;
	wchar_t *w = malloc((n + 1) * sizeof(*w));
	struct text_row *rows;

	(void)state;
	for (size_t i = 0; i < n; i++)
		w[i] = i % 1000 == 999 ? L'\n'
		       : i % 50 == 49  ? L' '
		       : i % 7 == 0    ? 0x4e2d /* 中 */
				       : L'x';
	w[n] = L'\0';
	for (size_t i = 0; i < n; i++)
		breaks += w[i] == L'\n';
	n_rows = text_layout(w, n, 75, &rows);
	assert_true(n_rows > 10000 / 75);
	for (size_t r = 0; r < n_rows; r++) {
		assert_true(text_wcs_width(w + rows[r].start, rows[r].len) <=
			    76);
		total += rows[r].len;
	}
	assert_int_equal(total + breaks, n); /* all but the line breaks */
	free(rows);
	free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_round_trip),
	    cmocka_unit_test(test_clean),
	    cmocka_unit_test(test_wrap),
	    cmocka_unit_test(test_layout),
	    cmocka_unit_test(test_layout_cursor),
	    cmocka_unit_test(test_long_answer),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
