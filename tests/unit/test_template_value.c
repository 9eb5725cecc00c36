/*
 * test_template_value.c - the rules each field type applies to an answer:
 * what is accepted, its normal form, and the message when refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mentorpact/template.h"

/* One answer and what must come of it: its normal form, or (with an
 * error) the exact message. */
struct row {
	const char *in;
	const char *out; /* NULL: refused */
	const char *message;
};

static struct tpl_field field(enum tpl_type type, const char *label)
{
	struct tpl_field f = {0};

	f.id = "f";
	f.label = (char *)label;
	f.type = type;
	f.who = TPL_BOTH;
	f.max_length = type == TPL_LONG_TEXT ? TPL_LONG_TEXT_MAX : TPL_TEXT_MAX;
	f.max_items = TPL_LIST_ITEMS_MAX;
	return f;
}

static void check_rows(const struct tpl_field *f, const struct row *rows,
		       size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *out = (char *)"unset";
		struct mp_error err = {0};
		enum mp_status st =
		    template_value_check(f, rows[i].in, &out, &err);

		if (rows[i].out) {
			if (st != MP_OK)
				fail_msg("'%s' refused: %s", rows[i].in,
					 err.message);
			assert_string_equal(out, rows[i].out);
			free(out);
			continue;
		}
		if (st != MP_ERR_INVALID)
			fail_msg("'%s' accepted as '%s'", rows[i].in,
				 st == MP_OK ? out : "?");
		assert_null(out);
		assert_string_equal(err.message, rows[i].message);
	}
}

#define CHECK(f, rows) check_rows(&(f), rows, sizeof(rows) / sizeof(rows[0]))

static void test_text(void **state)
{
	struct tpl_field f = field(TPL_TEXT, "Name");
	static const struct row rows[] = {
	    {"  Ana María  ", "Ana María", NULL},
	    {"tab\tin", "tab\tin", NULL},
	    {"two\nlines", NULL, "Name: must be a single line"},
	    {"bell\a", NULL, "Name: contains a control character"},
	    {"c1 \xc2\x85", NULL, "Name: contains a control character"},
	    {"bad \xc3\x28", NULL, "Name: is not valid UTF-8 text"},
	    {"overlong \xc0\xaf", NULL, "Name: is not valid UTF-8 text"},
	    {"éééééééééé", NULL,
	     "Name: must be at most 9 characters (it has 10)"},
	    {"é", NULL, "Name: must be at least 2 characters (it has 1)"},
	    {"ééééééééé", "ééééééééé", NULL},
	};

	(void)state;
	f.min_length = 2;
	f.max_length = 9;
	CHECK(f, rows);
}

static void test_long_text_and_empty(void **state)
{
	struct tpl_field f = field(TPL_LONG_TEXT, "Notes");
	static const struct row rows[] = {
	    {"one\r\ntwo\rthree\n", "one\ntwo\nthree", NULL},
	    {"   \n ", NULL, "Notes: an answer is required"},
	    {"", NULL, "Notes: an answer is required"},
	};
	static const struct row optional[] = {
	    {"  \n", "", NULL},
	    {NULL, "", NULL},
	};

	(void)state;
	f.required = true;
	CHECK(f, rows);
	f.required = false;
	CHECK(f, optional);
}

static void test_email(void **state)
{
	struct tpl_field f = field(TPL_EMAIL, "Email");
	static const char *const bad[] = {
	    "a@b",	"a b@c.org", "a@@b.org", "@b.org",   "a@.b.org",
	    "a@b.org.", "a@b..org",  "ab.org",	 "a@-b.org", "a,b@c.org",
	};

	(void)state;
	static const struct row good[] = {
	    {" Name.Surname+tag@Example.ORG ", "Name.Surname+tag@example.org",
	     NULL},
	};
	CHECK(f, good);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct row r = {bad[i], NULL,
				"Email: must be an email address such as "
				"'name@example.org'"};

		check_rows(&f, &r, 1);
	}
}

static void test_phone(void **state)
{
	struct tpl_field f = field(TPL_PHONE, "Phone");
	const char *msg = "Phone: must be a phone number of 7 to 15 digits, "
			  "such as '+44 20 7946 0018'";
	const struct row rows[] = {
	    {"+44 (0)20   7946 0018", "+44 (0)20 7946 0018", NULL},
	    {"0115-496-0000", "0115-496-0000", NULL},
	    {"1234567", "1234567", NULL},
	    {"123456", NULL, msg},
	    {"1234567890123456", NULL, msg},
	    {"44+1234567", NULL, msg},
	    {"0115 496 0000 ext 2", NULL, msg},
	};

	(void)state;
	CHECK(f, rows);
}

static void test_date(void **state)
{
	struct tpl_field f = field(TPL_DATE, "Start");
	const char *shape = "Start: must be a date such as '2025-03-14' or "
			    "'14/03/2025'";
	const struct row rows[] = {
	    {"2025-03-14", "2025-03-14", NULL},
	    {"14/03/2025", "2025-03-14", NULL},
	    {"1/2/2025", "2025-02-01", NULL},
	    {"29/02/2024", "2024-02-29", NULL},
	    {"2000-02-29", "2000-02-29", NULL},
	    {"29/02/2023", NULL, "Start: '29/02/2023' is not a real date"},
	    {"1900-02-29", NULL, "Start: '1900-02-29' is not a real date"},
	    {"31/04/2025", NULL, "Start: '31/04/2025' is not a real date"},
	    {"2025-13-01", NULL, "Start: '2025-13-01' is not a real date"},
	    {"1899-12-31", NULL,
	     "Start: '1899-12-31' is outside the dates mentorpact accepts, "
	     "1900-01-01 to 2999-12-31"},
	    {"2025-3-14", NULL, shape},
	    {"14.03.2025", NULL, shape},
	    {"14/03/25", NULL, shape},
	    {"next week", NULL, shape},
	};
	int y, m, d;

	(void)state;
	CHECK(f, rows);
	assert_int_equal(template_date_parse("31/12/2024", &y, &m, &d), MP_OK);
	assert_int_equal(y * 10000 + m * 100 + d, 20241231);
	assert_int_equal(template_date_parse("30/02/2024", &y, &m, &d),
			 MP_ERR_INVALID);
}

static void test_number(void **state)
{
	struct tpl_field f = field(TPL_NUMBER, "Meetings");
	const char *msg = "Meetings: must be a whole number such as '3'";
	const struct row rows[] = {
	    {" 007 ", "7", NULL},
	    {"+12", "12", NULL},
	    {"0", NULL, "Meetings: must be at least 1"},
	    {"-3", NULL, "Meetings: must be at least 1"},
	    {"101", NULL, "Meetings: must be at most 100"},
	    {"3.5", NULL, msg},
	    {"three", NULL, msg},
	    {"-", NULL, msg},
	    {"99999999999999999999", NULL, "Meetings: is too large a number"},
	};

	(void)state;
	f.has_min = f.has_max = true;
	f.min = 1;
	f.max = 100;
	CHECK(f, rows);
}

static void test_duration(void **state)
{
	struct tpl_field f = field(TPL_DURATION, "Notice period");
	const char *msg = "Notice period: must be a duration such as "
			  "'48 hours' or '2 days'";
	const struct row rows[] = {
	    {"48 hours", "48 hours", NULL},
	    {"an hour", "1 hour", NULL},
	    {"1 hours", "1 hour", NULL},
	    {"2 Days", "2 days", NULL},
	    {"six months", "6 months", NULL},
	    {"A year", "1 year", NULL},
	    {"90 minutes", "90 minutes", NULL},
	    {"0 days", NULL, msg},
	    {"forever", NULL, msg},
	    {"48", NULL, msg},
	    {"48 hours notice", NULL, msg},
	    {"10000 days", NULL, msg},
	};

	(void)state;
	CHECK(f, rows);
}

static void test_frequency(void **state)
{
	struct tpl_field f = field(TPL_FREQUENCY, "How often");
	const char *msg = "How often: must be a frequency such as "
			  "'once a month' or 'once every 2 weeks'";
	const struct row rows[] = {
	    {"once a month", "once a month", NULL},
	    {"Monthly", "once a month", NULL},
	    {"fortnightly", "once every 2 weeks", NULL},
	    {"2 weekly", "once every 2 weeks", NULL},
	    {"2-weekly", "once every 2 weeks", NULL},
	    {"every 2 weeks", "once every 2 weeks", NULL},
	    {"every other week", "once every 2 weeks", NULL},
	    {"every week", "once a week", NULL},
	    {"twice a month", "twice a month", NULL},
	    {"twice weekly", "twice a week", NULL},
	    {"3 times a week", "3 times a week", NULL},
	    {"1 per month", "once a month", NULL},
	    {"2 per 3 months", "twice every 3 months", NULL},
	    {"once an hour", "once an hour", NULL},
	    {"annually", "once a year", NULL},
	    {"sometimes", NULL, msg},
	    {"twice", NULL, msg},
	    {"every", NULL, msg},
	    {"0 times a week", NULL, msg},
	    {"once every 101 days", NULL, msg},
	};
	struct tpl_frequency fr;
	char buf[64];

	(void)state;
	CHECK(f, rows);
	assert_int_equal(
	    template_frequency_parse("3 times every 2 months", &fr), MP_OK);
	assert_int_equal(fr.times, 3);
	assert_int_equal(fr.every, 2);
	assert_int_equal(fr.unit, TPL_UNIT_MONTH);
	template_frequency_format(&fr, buf, sizeof(buf));
	assert_string_equal(buf, "3 times every 2 months");
}

static void test_choice_and_yes_no(void **state)
{
	char *choices[] = {"the mentee", "the mentor", "both of us"};
	struct tpl_field c = field(TPL_CHOICE, "Arranged by");
	struct tpl_field y = field(TPL_YES_NO, "Notes");
	const struct row crows[] = {
	    {" the mentor ", "the mentor", NULL},
	    {"The mentor", NULL,
	     "Arranged by: must be one of 'the mentee', 'the mentor', "
	     "'both of us'"},
	};
	const struct row yrows[] = {
	    {"YES", "yes", NULL},  {"y", "yes", NULL},
	    {"true", "yes", NULL}, {"No", "no", NULL},
	    {"false", "no", NULL}, {"maybe", NULL, "Notes: must be yes or no"},
	};

	(void)state;
	c.choices = choices;
	c.n_choices = 3;
	CHECK(c, crows);
	CHECK(y, yrows);
}

static void test_list(void **state)
{
	struct tpl_field f = field(TPL_LIST, "Goals");
	const struct row rows[] = {
	    {" first \r\n second \n", "first\nsecond", NULL},
	    {"first\n\nsecond", NULL, "Goals: item 2 is empty"},
	    {"one", NULL, "Goals: must have at least 2 items (it has 1)"},
	    {"a1\nb2\nc3", NULL, "Goals: must have at most 2 items (it has 3)"},
	    {"ok\ntoo long", NULL,
	     "Goals: item 2: must be at most 6 characters (it has 8)"},
	    {"ok\nbell\a", NULL, "Goals: item 2: contains a control character"},
	};

	(void)state;
	f.min_items = 2;
	f.max_items = 2;
	f.max_length = 6;
	CHECK(f, rows);
}

static void test_names(void **state)
{
	(void)state;
	for (int t = 0; t < TPL_TYPE_COUNT; t++)
		assert_int_equal(
		    template_type_parse(template_type_name((enum tpl_type)t)),
		    t);
	assert_int_equal(template_type_parse("string"), -1);
	assert_int_equal(template_party_parse("both"), TPL_BOTH);
	assert_int_equal(template_party_parse("Mentor"), -1);
	assert_int_equal(template_detail_parse("organisation"),
			 TPL_DETAIL_ORGANISATION);
	assert_string_equal(template_detail_name(TPL_DETAIL_PHONE), "phone");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_long_text_and_empty),
	    cmocka_unit_test(test_email),
	    cmocka_unit_test(test_phone),
	    cmocka_unit_test(test_date),
	    cmocka_unit_test(test_number),
	    cmocka_unit_test(test_duration),
	    cmocka_unit_test(test_frequency),
	    cmocka_unit_test(test_choice_and_yes_no),
	    cmocka_unit_test(test_list),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
