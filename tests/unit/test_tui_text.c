/*
 * test_tui_text.c - the terminal UI's text helpers: UTF-8 round trips,
 * control characters made visible, wrapping by columns, and a multi-line
 * form field's cells turned back into the text that was typed.
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

/* text_to_field_rows then text_from_field_rows gives the text back. */
static void round_trip(const char *text, int cols)
{
	int rows;
	char *buf = text_to_field_rows(text, cols, &rows), *back;

	assert_non_null(buf);
	back = text_from_field_rows(buf, cols);
	assert_string_equal(back, text);
	free(back);
	free(buf);
}

static void test_field_rows(void **state)
{
	int rows;
	char *buf;

	(void)state;
	buf = text_to_field_rows("one two\nthree", 6, &rows);
	assert_int_equal(rows, 3);
	assert_string_equal(buf, "one   two\u00b6  three ");
	free(buf);
	round_trip("one two\nthree", 6);
	round_trip("Meet monthly, online.\n\n- agree an agenda first\n- "
		   "notes by the mentee",
		   12);
	round_trip("averyveryverylongword that splits", 8);
	round_trip("Zoë O’Brien: Ω", 5);
	round_trip("", 10);
	/* Trailing padding and blank rows are not part of the answer. */
	buf = text_from_field_rows("hello     world               ", 10);
	assert_string_equal(buf, "hello world");
	free(buf);
}

static void test_field_line(void **state)
{
	char *t;

	(void)state;
	t = text_from_field_line("  Grace Hopper      ");
	assert_string_equal(t, "Grace Hopper");
	free(t);
	/* ncurses 6.4 leaves "^@" cells after wide characters. */
	t = text_from_field_line("中文中文^@        ");
	assert_string_equal(t, "中文中文");
	free(t);
	t = text_from_field_line("x^@ ^@  ");
	assert_string_equal(t, "x");
	free(t);
}

static void test_long_answer(void **state)
{
	size_t n = 10000;
	char *text = malloc(n + 1);

	(void)state;
	for (size_t i = 0; i < n; i++)
		text[i] = i % 1000 == 999 ? '\n' : (i % 50 == 49 ? ' ' : 'x');
	text[n - 1] = 'x';
	text[n] = '\0';
	round_trip(text, 76);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_round_trip),
	    cmocka_unit_test(test_clean),
	    cmocka_unit_test(test_wrap),
	    cmocka_unit_test(test_field_rows),
	    cmocka_unit_test(test_field_line),
	    cmocka_unit_test(test_long_answer),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
