/*
 * test_template_answers.c - answers files: the sample for each scheme
 * passes, values come back normalised (defaults filled in), and each kind
 * of mistake is reported where it stands.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mentorpact/answers.h"
#include "mentorpact/template.h"

static struct tpl_catalog *cat;

/* The source tree's templates, and nothing else. */
static int setup(void **state)
{
	const char *src = getenv("SRCDIR");
	char dir[4096], *dirs[1] = {dir};
	struct tpl_path path = {dirs, 1};
	struct mp_error err;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/templates", src ? src : ".");
	if (template_catalog_load(&path, &cat, &err) != MP_OK)
		return -1;
	return cat->count == 5 && cat->diags.count == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	template_catalog_free(cat);
	return 0;
}

static struct answers *load(const char *text, struct tpl_diags *d)
{
	struct answers *a = NULL;
	struct mp_error err;

	answers_load_buffer("a.yaml", text, strlen(text),
			    template_catalog_lookup, cat, &a, d, &err);
	return a;
}

static const char *diag(const struct tpl_diags *d, size_t i)
{
	static char buf[1200];

	assert_true(i < d->count);
	return template_diag_format(&d->items[i], buf, sizeof(buf));
}

static void test_examples_pass(void **state)
{
	(void)state;
	for (size_t i = 0; i < cat->count; i++) {
		const struct template *t = cat->entries[i].tpl;
		struct tpl_diags d = {0};
		struct answers *a;
		struct mp_error err;
		char *text;
		size_t len;

		assert_int_equal(answers_example(t, &text, &len, &err), MP_OK);
		assert_int_equal(strlen(text), len);
		assert_int_equal(answers_detect(text, len), 1);
		a = load(text, &d);
		if (!a)
			fail_msg("%s: %s", t->id, d.count ? diag(&d, 0) : "?");
		assert_ptr_equal(a->tpl, t);
		assert_true(a->confirmed);
		assert_string_equal(a->details[0][TPL_DETAIL_NAME],
				    "Priya Shah");
		for (size_t f = 0; f < a->n_values; f++) {
			assert_non_null(a->values[f].value);
			assert_false(a->values[f].from_default);
		}
		answers_free(a);
		free(text);
	}
}

static void test_values_normalised(void **state)
{
	struct tpl_diags d = {0};
	struct answers *a = load("scheme: university-pilot\n"
				 "mentor: {name: ' Priya Shah '}\n"
				 "mentee: {name: Daniel Okafor, phone: "
				 "'0115  496 0000'}\n"
				 "answers:\n"
				 "  meeting_format: online\n"
				 "  other_matters: ~\n"
				 "  mentee_goals:\n"
				 "    - ' First goal '\n"
				 "    - Second goal\n",
				 &d);

	(void)state;
	assert_int_equal(d.count, 0);
	assert_non_null(a);
	assert_false(a->confirmed);
	assert_string_equal(a->details[0][TPL_DETAIL_NAME], "Priya Shah");
	assert_string_equal(a->details[1][TPL_DETAIL_PHONE], "0115 496 0000");
	assert_null(a->details[1][TPL_DETAIL_EMAIL]);
	assert_string_equal(answers_get(a, "mentee_goals"),
			    "First goal\nSecond goal");
	assert_null(answers_get(a, "other_matters"));
	/* left out: the template's defaults */
	assert_string_equal(answers_get(a, "min_meetings"), "3");
	assert_string_equal(answers_get(a, "meetings_arranged_by"),
			    "the mentee");
	assert_true(a->values[1].from_default);
	assert_null(answers_get(a, "no_such_field"));
	answers_free(a);
}

static void test_mistakes_reported(void **state)
{
	struct tpl_diags d = {0};

	(void)state;
	assert_null(load("scheme: nhs-reciprocal\n"
			 "confirmed: perhaps\n"
			 "mentor: {name: Priya Shah, fax: 123}\n"
			 "mentee: {}\n"
			 "answers:\n"
			 "  notice_day: 2\n"
			 "  meeting_frequency: now and then\n"
			 "  meeting_length: [1 hour]\n"
			 "  meeting_length: 1 hour\n",
			 &d));
	assert_int_equal(d.count, 8);
	assert_string_equal(diag(&d, 0), "a.yaml:2:12: 'confirmed' must be "
					 "true or false, not 'perhaps'");
	assert_string_equal(diag(&d, 1), "a.yaml:3:28: unknown key 'fax' in "
					 "the mentor's details");
	assert_string_equal(diag(&d, 2), "a.yaml:4:9: The mentee's name is "
					 "required by scheme 'nhs-reciprocal'");
	assert_string_equal(diag(&d, 3),
			    "a.yaml:6:3: scheme 'nhs-reciprocal' has no field "
			    "'notice_day'; did you mean 'notice_days'?");
	assert_string_equal(diag(&d, 4),
			    "a.yaml:6:3: no answer for required field "
			    "'notice_days' (Minimum notice of an amendment or "
			    "cancellation, in days)");
	assert_string_equal(diag(&d, 5),
			    "a.yaml:7:22: Frequency of meetings: must be a "
			    "frequency such as 'once a month' or 'once every 2 "
			    "weeks'");
	assert_string_equal(diag(&d, 6), "a.yaml:8:19: 'meeting_length' takes "
					 "one value, not a list");
	assert_string_equal(diag(&d, 7), "a.yaml:9:3: duplicate answer for "
					 "'meeting_length'");
	template_diags_free(&d);
}

static void test_scheme_problems(void **state)
{
	struct tpl_diags d = {0};

	(void)state;
	assert_null(load("scheme: no-such-scheme\n"
			 "mentor: {name: A}\nmentee: {name: B}\nanswers: {}\n",
			 &d));
	assert_int_equal(d.count, 1);
	assert_string_equal(diag(&d, 0),
			    "a.yaml:1:9: unknown scheme 'no-such-scheme'; "
			    "'mentorpact templates list' shows the schemes "
			    "there are");
	template_diags_free(&d);

	assert_null(load("scheme: emmp\nanswers: []\n", &d));
	assert_string_equal(diag(&d, 0), "a.yaml:1:1: missing key 'mentor' in "
					 "the answers file");
	assert_string_equal(diag(&d, 1), "a.yaml:1:1: missing key 'mentee' in "
					 "the answers file");
	assert_string_equal(diag(&d, 2), "a.yaml:2:10: 'answers' must be a "
					 "mapping of 'field: value', not a "
					 "list");
	template_diags_free(&d);

	assert_null(load("scheme: university-pilot\n"
			 "mentor: {name: A}\nmentee: {name: B}\n"
			 "answers:\n  mentee_goals: one goal\n"
			 "  meeting_format: online\n",
			 &d));
	assert_int_equal(d.count, 1);
	assert_string_equal(diag(&d, 0),
			    "a.yaml:5:17: 'mentee_goals' is a list field: give "
			    "its items as a list");
	template_diags_free(&d);
}

static void test_detect(void **state)
{
	const char *yes = "scheme: emmp\nanswers: {}\n";
	const char *no[] = {"scheme: emmp\n", "id: emmp\nsections: []\n",
			    "- scheme\n- answers\n", "[unclosed\n", ""};

	(void)state;
	assert_int_equal(answers_detect(yes, strlen(yes)), 1);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_int_equal(answers_detect(no[i], strlen(no[i])), 0);
}

static const struct template *only_this(void *ctx, const char *id)
{
	const struct template *t = ctx;

	return strcmp(t->id, id) == 0 ? t : NULL;
}

/* A template with limits but no examples still gets a sample that fits. */
static void test_made_samples_fit(void **state)
{
	static const char text[] =
	    "format: 1\nid: bare\nname: Bare\norganisation: T\n"
	    "version: '1'\nsource: Tests\ndescription: No examples.\n"
	    "parties:\n  mentor: {ask: [name, organisation]}\n"
	    "  mentee: {ask: [name]}\n"
	    "sections:\n  - id: s\n    title: S\n    confirm: mentee\n"
	    "    body:\n"
	    "      - {field: a, label: A, type: text, min_length: 20}\n"
	    "      - {field: b, label: B, type: number, min: 5, max: 9}\n"
	    "      - {field: c, label: C, type: list, min_items: 3, "
	    "max_length: 4}\n"
	    "      - {field: d, label: D, type: choice, choices: [x, y]}\n"
	    "      - {field: e, label: E, type: date}\n"
	    "      - {field: f, label: F, type: email}\n"
	    "      - {field: g, label: G, type: phone}\n"
	    "      - {field: h, label: H, type: frequency}\n"
	    "      - {field: i, label: I, type: duration}\n"
	    "      - {field: j, label: J, type: yes/no}\n"
	    "      - {field: k, label: K, type: long text, max_length: 5}\n";
	struct template *t;
	struct answers *a;
	struct tpl_diags d = {0};
	struct mp_error err;
	char *sample;
	size_t len;

	(void)state;
	assert_int_equal(template_load_buffer("bare.yaml", text, strlen(text),
					      &t, NULL, &err),
			 MP_OK);
	assert_int_equal(answers_example(t, &sample, &len, &err), MP_OK);
	assert_int_equal(answers_load_buffer("s.yaml", sample, len,
					     template_catalog_lookup, cat, &a,
					     &d, &err),
			 MP_ERR_INVALID);
	assert_string_equal(diag(&d, 0), "s.yaml:3:9: unknown scheme 'bare'; "
					 "'mentorpact templates list' shows "
					 "the schemes there are");
	template_diags_free(&d);
	assert_int_equal(answers_load_buffer("s.yaml", sample, len, only_this,
					     t, &a, &d, &err),
			 MP_OK);
	assert_string_equal(answers_get(a, "a"), "Sample answerxxxxxxx");
	assert_string_equal(answers_get(a, "b"), "5");
	assert_string_equal(answers_get(a, "c"), "Item\nItem\nItem");
	assert_string_equal(answers_get(a, "d"), "x");
	assert_string_equal(answers_get(a, "k"), "Sampl");
	assert_string_equal(a->details[0][TPL_DETAIL_ORGANISATION],
			    "Northfield Community Health Trust");
	assert_null(a->details[0][TPL_DETAIL_EMAIL]);
	for (size_t i = 0; i < a->n_values; i++)
		assert_non_null(a->values[i].value);
	answers_free(a);
	free(sample);
	template_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_examples_pass),
	    cmocka_unit_test(test_values_normalised),
	    cmocka_unit_test(test_mistakes_reported),
	    cmocka_unit_test(test_scheme_problems),
	    cmocka_unit_test(test_detect),
	    cmocka_unit_test(test_made_samples_fit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
