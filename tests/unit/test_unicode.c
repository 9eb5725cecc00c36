/*
 * test_unicode.c - widths, normalisation and name matching (unicode.c),
 * and passphrase strength (strength.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mentorpact/strength.h"
#include "mentorpact/unicode.h"

static void test_widths(void **state)
{
	(void)state;
	assert_int_equal(uc_cp_width('a'), 1);
	assert_int_equal(uc_cp_width(0x00e9), 1);  /* é */
	assert_int_equal(uc_cp_width(0x0301), 0);  /* combining acute */
	assert_int_equal(uc_cp_width(0x4e2d), 2);  /* 中 */
	assert_int_equal(uc_cp_width(0x1f600), 2); /* 😀 */
	assert_int_equal(uc_cp_width(0x200b), 0);  /* zero-width space */
	assert_int_equal(uc_cp_width(0x07), 1);	   /* a control: shown escaped */
	assert_int_equal(uc_cp_width(0xd800), 1);  /* not a character */
	assert_int_equal(uc_width("my \xe4\xb8\xad\xe6\x96\x87 rota", 13), 11);
	assert_int_equal(uc_width("e\xcc\x81", 3), 1);
	assert_int_equal(uc_width("\xff\xfe", 2), 2); /* invalid bytes */
	assert_int_equal(uc_width("\xe4\xb8", 2), 2); /* cut short */
}

static void test_nfc(void **state)
{
	char *s;

	(void)state;
	s = uc_nfc("Zoe\xcc\x88"); /* e + combining diaeresis */
	assert_non_null(s);
	assert_string_equal(s, "Zo\xc3\xab");
	free(s);
	assert_null(uc_nfc("bad \xff"));
}

static void test_names(void **state)
{
	(void)state;
	assert_true(uc_names_match("Ada Lovelace", "Ada Lovelace"));
	assert_true(uc_names_match("  ada   LOVELACE ", "Ada Lovelace"));
	assert_false(uc_names_match("Ada", "Ada Lovelace"));
	assert_false(uc_names_match("Ada Lovelac", "Ada Lovelace"));
	assert_false(uc_names_match("AdaLovelace", "Ada Lovelace"));
	assert_false(uc_names_match("", ""));
	assert_false(uc_names_match("   ", "   "));
	assert_false(uc_names_match("Ada", NULL));
	/* Typographic against straight apostrophes and quotes. */
	assert_true(uc_names_match("Zo\xc3\xab O'Connor",
				   "Zo\xc3\xab O\xe2\x80\x99"
				   "Connor"));
	assert_true(uc_names_match("Ann \"Nan\" Lee",
				   "Ann \xe2\x80\x9cNan\xe2\x80\x9d Lee"));
	/* NFC against NFD, and Unicode case. */
	assert_true(uc_names_match("Zo\xc3\xab", "Zoe\xcc\x88"));
	assert_true(uc_names_match("ZO\xc3\x8b", "zo\xc3\xab"));
	assert_true(uc_names_match("\xce\xa9mega", "\xcf\x89MEGA"));
	/* Tabs, no-break and ideographic spaces; invisible characters. */
	assert_true(uc_names_match("Daniel\t\xc2\xa0Okafor", "Daniel Okafor"));
	assert_true(uc_names_match("Daniel\xe3\x80\x80Okafor", "daniel okafor"));
	assert_true(uc_names_match("Dan\xe2\x80\x8biel Okafor", "Daniel Okafor"));
	/* Accents are part of a name. */
	assert_false(uc_names_match("Zoe", "Zo\xc3\xab"));
	/* Invalid UTF-8 matches nothing. */
	assert_false(uc_names_match("Ada\xff", "Ada\xff"));
}

static void test_strength(void **state)
{
	struct pw_strength st;
	struct mp_error err;
	const char *who[] = {"Daniel Okafor", "daniel.okafor@example.org",
			     NULL};
	const char *good = "paddle quince hollow marigold";

	(void)state;
	pw_rate("abc", 3, NULL, &st);
	assert_int_equal(st.score, 0);
	assert_string_equal(st.word, "very weak");
	assert_non_null(strstr(st.advice, "shorter than 8"));
	/* Character classes do not make a common password strong. */
	pw_rate("Password1!", 10, NULL, &st);
	assert_true(st.score <= 1);
	assert_non_null(strstr(st.advice, "common words"));
	pw_rate("qwertyuiop", 10, NULL, &st);
	assert_true(st.score <= 2);
	pw_rate(good, strlen(good), NULL, &st);
	assert_int_equal(st.score, 4);
	assert_string_equal(st.word, "strong");
	assert_string_equal(st.advice, "");
	/* The person's own name counts against them. */
	pw_rate("okafor2024", 10, who, &st);
	assert_non_null(strstr(st.advice, "name or email"));

	assert_int_equal(pw_check_signing("abc", 3, NULL, 0, who, &err),
			 MP_ERR_INVALID);
	assert_non_null(strstr(err.message, "must be strong"));
	assert_int_equal(pw_check_signing(good, strlen(good), good,
					  strlen(good), who, &err),
			 MP_ERR_INVALID);
	assert_non_null(strstr(err.message, "the store's passphrase"));
	assert_int_equal(pw_check_signing(good, strlen(good), "other", 5,
					  who, &err),
			 MP_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_widths),
	    cmocka_unit_test(test_nfc),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_strength),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
