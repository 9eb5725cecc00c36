/*
 * test_render_diff.c - which lines of a changed text differ
 * (render_diff_lines): one changed line, lines added and removed, a
 * changed line next to an empty one, the cap on lines listed, equal texts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mentorpact/render.h"

static void diff(const char *a, const char *b, struct render_diff *d)
{
	render_diff_lines(a, strlen(a), b, strlen(b), d);
}

static void expect_line(const struct render_diff *d, size_t i, char sign,
			size_t line, const char *text)
{
	assert_true(i < d->n);
	assert_int_equal(d->lines[i].sign, sign);
	assert_int_equal(d->lines[i].line, line);
	assert_int_equal(d->lines[i].len, strlen(text));
	assert_memory_equal(d->lines[i].text, text, strlen(text));
}

static void test_one_word(void **state)
{
	struct render_diff d;

	(void)state;
	diff("title\nthe mentee returns it\nend\n",
	     "title\nthe Mentee returns it\nend\n", &d);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.first_line, 2);
	expect_line(&d, 0, '-', 2, "the mentee returns it");
	expect_line(&d, 1, '+', 2, "the Mentee returns it");
}

static void test_added_removed(void **state)
{
	struct render_diff d;

	(void)state;
	diff("a\nb\nc\n", "a\nb\nx\nc\n", &d);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.removed, 0);
	expect_line(&d, 0, '+', 3, "x");
	diff("a\nb\nc\n", "a\nc\n", &d);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.added, 0);
	expect_line(&d, 0, '-', 2, "b");
}

/* The bytes before the equal end differ: an empty line made " X" must
 * not be taken as an equal line start in one text only. */
static void test_empty_line(void **state)
{
	struct render_diff d;

	(void)state;
	diff("a\nb\n\nc\n", "a\nb X\n X\nc\n", &d);
	assert_int_equal(d.removed, 2);
	assert_int_equal(d.added, 2);
	expect_line(&d, 0, '-', 2, "b");
	expect_line(&d, 1, '-', 3, "");
	expect_line(&d, 2, '+', 2, "b X");
	expect_line(&d, 3, '+', 3, " X");
}

static void test_cap_and_equal(void **state)
{
	struct render_diff d;

	(void)state;
	diff("1\n2\n3\n4\n5\n6\n7\n8\nz\n", "a\nb\nc\nd\ne\nf\ng\nh\nz\n", &d);
	assert_int_equal(d.n, RENDER_DIFF_MAX);
	assert_int_equal(d.removed, 8);
	assert_int_equal(d.added, 8);
	expect_line(&d, 7, '-', 8, "8");
	expect_line(&d, 9, '+', 2, "b");
	diff("same\ntext\n", "same\ntext\n", &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(d.removed + d.added, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_one_word),
	    cmocka_unit_test(test_added_removed),
	    cmocka_unit_test(test_empty_line),
	    cmocka_unit_test(test_cap_and_equal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
