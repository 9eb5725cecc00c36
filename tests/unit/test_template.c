/*
 * test_template.c - loading templates: the five schemes, the canonical
 * form and hash, error collection and positions, wording with {id}, and
 * the search path with its rule for two files that claim one id.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "mentorpact/template.h"
#include "support/testutil.h"

static const char *const scheme_ids[] = {
    "emmp", "university-pilot", "bsw-hub", "img-peer", "nhs-reciprocal",
};

#define N_SCHEMES (sizeof(scheme_ids) / sizeof(scheme_ids[0]))

static struct template *load_scheme(const char *id)
{
	const char *src = getenv("SRCDIR");
	char path[4096];
	struct template *t = NULL;
	struct tpl_diags diags = {0};
	struct mp_error err;

	snprintf(path, sizeof(path), "%s/templates/%s.yaml", src ? src : ".",
		 id);
	if (template_load_file(path, &t, &diags, &err) != MP_OK)
		fail_msg("%s: %s", path, err.message);
	assert_int_equal(diags.count, 0);
	return t;
}

static struct template *load_text(const char *text, struct tpl_diags *diags)
{
	struct template *t = NULL;
	struct mp_error err;

	template_load_buffer("t.yaml", text, strlen(text), &t, diags, &err);
	return t;
}

/* The one-line form of diagnostic i. */
static const char *diag(const struct tpl_diags *d, size_t i)
{
	static char buf[1200];

	assert_true(i < d->count);
	return template_diag_format(&d->items[i], buf, sizeof(buf));
}

/* A small valid template; %s is spliced into its one section's body. */
#define MINI_HEAD                                                              \
	"format: 1\n"                                                          \
	"id: mini\n"                                                           \
	"name: Mini scheme\n"                                                  \
	"organisation: Test\n"                                                 \
	"version: '1'\n"                                                       \
	"source: Written for the tests\n"                                      \
	"description: A scheme with one section.\n"                            \
	"parties:\n"                                                           \
	"  mentor: {ask: [name]}\n"                                            \
	"  mentee: {ask: [name, email], required: [name, email]}\n"            \
	"sections:\n"                                                          \
	"  - id: only\n"                                                       \
	"    title: Only section\n"                                            \
	"    confirm: both\n"                                                  \
	"    body:\n"

/* --- the five schemes ----------------------------------------------------- */

static void test_schemes_load(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_SCHEMES; i++) {
		struct template *t = load_scheme(scheme_ids[i]);

		assert_string_equal(t->id, scheme_ids[i]);
		assert_true(t->n_sections >= 4);
		for (size_t s = 0; s < t->n_sections; s++)
			assert_int_equal(t->sections[s].confirm, TPL_BOTH);
		template_free(t);
	}
}

/* The seeds' own defaults are in the templates. */
static void test_scheme_defaults(void **state)
{
	struct template *t;
	const struct tpl_field *f;

	(void)state;
	t = load_scheme("emmp");
	assert_int_equal(t->facts.notice_period.amount, 48);
	assert_int_equal(t->facts.notice_period.unit, TPL_UNIT_HOUR);
	assert_int_equal(t->facts.min_sessions, 4);
	assert_int_equal(t->facts.returned_by, TPL_MENTEE);
	assert_int_equal(t->parties[0].required, (1u << TPL_DETAIL_NAME) |
						     (1u << TPL_DETAIL_EMAIL) |
						     (1u << TPL_DETAIL_PHONE));
	template_free(t);

	t = load_scheme("university-pilot");
	assert_true(t->facts.pair_only);
	assert_null(t->facts.returned_to);
	f = template_field(t, "min_meetings");
	assert_non_null(f);
	assert_string_equal(f->def, "3");
	f = template_field(t, "mentee_goals");
	assert_int_equal(f->type, TPL_LIST);
	assert_int_equal(f->min_items, 2);
	assert_int_equal(f->max_items, 2);
	template_free(t);

	t = load_scheme("bsw-hub");
	assert_string_equal(template_field(t, "meeting_frequency")->def,
			    "once a month");
	assert_string_equal(template_field(t, "meeting_length")->def, "1 hour");
	template_free(t);

	t = load_scheme("img-peer");
	assert_int_equal(t->facts.planned_duration.amount, 4);
	assert_int_equal(t->facts.max_duration.amount, 6);
	assert_int_equal(t->facts.max_duration.unit, TPL_UNIT_MONTH);
	assert_int_equal(t->facts.returned_by, TPL_MENTOR);
	assert_int_equal(t->facts.n_copied, 1);
	assert_true(template_field(t, "meeting_length")->in_wording);
	template_free(t);

	t = load_scheme("nhs-reciprocal");
	assert_int_equal(t->facts.review_interval.amount, 6);
	assert_int_equal(t->facts.retention_after_end.unit, TPL_UNIT_YEAR);
	f = template_field(t, "notice_days");
	assert_int_equal(f->type, TPL_NUMBER);
	assert_true(f->in_wording);
	assert_null(f->def);
	template_free(t);
}

/* No named person's address is copied into a template. */
static void test_no_addresses(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_SCHEMES; i++) {
		struct template *t = load_scheme(scheme_ids[i]);
		char *canon;
		size_t len;
		struct mp_error err;

		assert_int_equal(template_canonical(t, &canon, &len, &err),
				 MP_OK);
		assert_null(strchr(canon, '@'));
		free(canon);
		template_free(t);
	}
}

/* --- canonical form and hash ------------------------------------------------
 */

static void test_canonical_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_SCHEMES; i++) {
		struct template *t = load_scheme(scheme_ids[i]), *back;
		char *c1, *c2, h1[TPL_HASH_HEX + 1], h2[TPL_HASH_HEX + 1];
		size_t l1, l2;
		struct mp_error err;

		assert_int_equal(template_canonical(t, &c1, &l1, &err), MP_OK);
		assert_int_equal(strlen(c1), l1);
		assert_int_equal(template_load_buffer("canonical", c1, l1,
						      &back, NULL, &err),
				 MP_OK);
		assert_int_equal(template_canonical(back, &c2, &l2, &err),
				 MP_OK);
		assert_int_equal(l1, l2);
		assert_memory_equal(c1, c2, l1);
		assert_int_equal(back->n_fields, t->n_fields);
		assert_int_equal(template_hash(t, h1, &err), MP_OK);
		assert_int_equal(template_hash(back, h2, &err), MP_OK);
		assert_string_equal(h1, h2);
		assert_int_equal(strlen(h1), TPL_HASH_HEX);
		assert_int_equal(strspn(h1, "0123456789abcdef"), TPL_HASH_HEX);
		free(c1);
		free(c2);
		template_free(back);
		template_free(t);
	}
}

/* Any change to the wording changes the hash. */
static void test_hash_follows_wording(void **state)
{
	struct template *t = load_scheme("emmp");
	char before[TPL_HASH_HEX + 1], after[TPL_HASH_HEX + 1];
	struct mp_error err;
	char *text = t->sections[0].items[0].text;

	(void)state;
	assert_int_equal(template_hash(t, before, &err), MP_OK);
	text[strlen(text) - 1] = ';';
	assert_int_equal(template_hash(t, after, &err), MP_OK);
	assert_string_not_equal(before, after);
	template_free(t);
}

/* Canonical text keeps normal forms and leaves out built-in defaults. */
static void test_canonical_normal_forms(void **state)
{
	struct template *t =
	    load_text(MINI_HEAD "      - field: often\n"
				"        label: How often\n"
				"        type: frequency\n"
				"        default: fortnightly\n"
				"      - field: note\n"
				"        label: Note\n"
				"        type: text\n"
				"        required: no\n",
		      NULL);
	char *c;
	size_t len;
	struct mp_error err;

	(void)state;
	assert_non_null(t);
	assert_int_equal(template_canonical(t, &c, &len, &err), MP_OK);
	assert_non_null(strstr(c, "default: \"once every 2 weeks\"\n"));
	assert_non_null(strstr(c, "required: false\n"));
	assert_null(strstr(c, "max_length"));
	assert_null(strstr(c, "facts"));
	free(c);
	template_free(t);
}

/* --- errors ------------------------------------------------------------------
 */

static void test_every_error_reported(void **state)
{
	struct tpl_diags d = {0};
	struct mp_error err;
	struct template *t;
	const char *text = MINI_HEAD "      - field: when\n"
				     "        lable: When\n"
				     "        type: date\n"
				     "      - field: when\n"
				     "        label: Again\n"
				     "        type: dat\n";

	(void)state;
	assert_int_equal(
	    template_load_buffer("t.yaml", text, strlen(text), &t, &d, &err),
	    MP_ERR_INVALID);
	assert_null(t);
	assert_int_equal(d.count, 4);
	assert_string_equal(diag(&d, 0), "t.yaml:16:9: missing key 'label' in "
					 "field 'when'");
	assert_string_equal(diag(&d, 1),
			    "t.yaml:17:9: unknown key 'lable' in field "
			    "'when'; did you mean 'label'?");
	assert_string_equal(diag(&d, 2), "t.yaml:19:16: duplicate field id "
					 "'when'; it is first defined at line "
					 "16");
	assert_string_equal(diag(&d, 3), "t.yaml:21:15: unknown type 'dat'; "
					 "did you mean 'date'?");
	assert_string_equal(err.message, "t.yaml:16:9: missing key 'label' in "
					 "field 'when' (and 3 more)");
	template_diags_free(&d);
}

static void test_yaml_problems(void **state)
{
	struct tpl_diags d = {0};

	(void)state;
	assert_null(load_text("", &d));
	assert_string_equal(diag(&d, 0), "t.yaml:1:1: the file is empty");
	template_diags_free(&d);

	assert_null(load_text("a: [1, 2\n", &d));
	assert_int_equal(d.count, 1);
	assert_non_null(strstr(diag(&d, 0), "t.yaml:2:1: YAML syntax: "));
	template_diags_free(&d);

	assert_null(load_text("a: 1\n---\nb: 2\n", &d));
	assert_non_null(strstr(diag(&d, 0), "t.yaml:2:1: a file holds one "
					    "document"));
	template_diags_free(&d);

	assert_null(load_text("a: \xff\n", &d));
	assert_non_null(strstr(diag(&d, 0), "t.yaml:1:4: not UTF-8 text"));
	template_diags_free(&d);
}

/* An alias would let a small file stand for a huge one: refused. */
static void test_alias_refused(void **state)
{
	struct tpl_diags d = {0};

	(void)state;
	assert_null(load_text(MINI_HEAD "      - &p {paragraph: Hello}\n"
					"      - *p\n",
			      &d));
	assert_int_equal(d.count, 1);
	assert_non_null(strstr(diag(&d, 0), "used again through an alias"));
	template_diags_free(&d);
}

static void test_no_error_without_diags(void **state)
{
	struct template *t;
	struct mp_error err;
	const char *text = MINI_HEAD "      - paragraph: {}\n";

	(void)state;
	assert_int_equal(
	    template_load_buffer("x.yaml", text, strlen(text), &t, NULL, &err),
	    MP_ERR_INVALID);
	assert_string_equal(err.message,
			    "x.yaml:16:20: 'paragraph' must be text, not a "
			    "mapping");
}

static void test_diag_format(void **state)
{
	struct tpl_diags d = {0};
	char buf[64];

	(void)state;
	assert_int_equal(template_diag_add(&d, "a.yaml", 3, 7, "bad %s", "x"),
			 MP_OK);
	assert_int_equal(template_diag_add(&d, "dir", 0, 0, "gone\nnow"),
			 MP_OK);
	assert_string_equal(template_diag_format(&d.items[0], buf, sizeof(buf)),
			    "a.yaml:3:7: bad x");
	assert_string_equal(template_diag_format(&d.items[1], buf, sizeof(buf)),
			    "dir: gone now");
	template_diags_free(&d);
	assert_int_equal(d.count, 0);
}

/* --- wording
 * ------------------------------------------------------------------- */

static const char *lookup(void *ctx, const char *id)
{
	(void)ctx;
	return strcmp(id, "days") == 0 ? "3" : NULL;
}

static void test_expand(void **state)
{
	char *out;
	struct mp_error err;

	(void)state;
	assert_int_equal(template_expand("a minimum of {days} days’ notice",
					 lookup, NULL, &out, &err),
			 MP_OK);
	assert_string_equal(out, "a minimum of 3 days’ notice");
	free(out);
	assert_int_equal(
	    template_expand("{{braces}} and {other}", lookup, NULL, &out, &err),
	    MP_OK);
	assert_string_equal(out, "{braces} and ……");
	free(out);
	assert_int_equal(template_expand("a } alone", lookup, NULL, &out, &err),
			 MP_ERR_INVALID);
	assert_null(out);
	assert_int_equal(template_expand("{Bad id}", lookup, NULL, &out, &err),
			 MP_ERR_INVALID);
}

static void test_wording_names_fields(void **state)
{
	struct tpl_diags d = {0};
	struct template *t;

	(void)state;
	t = load_text(MINI_HEAD "      - paragraph: Meet {often}.\n"
				"      - field: often\n"
				"        label: How often\n"
				"        type: frequency\n",
		      &d);
	assert_non_null(t);
	assert_true(t->fields[0]->in_wording);
	template_free(t);

	assert_null(load_text(MINI_HEAD "      - paragraph: Meet {oftn}.\n"
					"      - list: ['{goals}']\n"
					"      - field: goals\n"
					"        label: Goals\n"
					"        type: list\n",
			      &d));
	assert_int_equal(d.count, 2);
	assert_string_equal(diag(&d, 0), "t.yaml:16:20: the wording names "
					 "'{oftn}', but there is no field "
					 "'oftn'");
	assert_non_null(strstr(diag(&d, 1), "field 'goals' is a list"));
	template_diags_free(&d);
}

/* --- finding templates
 * ------------------------------------------------------------ */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_search_path_order(void **state)
{
	struct tpl_path p;
	struct mp_error err;

	(void)state;
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	setenv("MENTORPACT_TEMPLATE_PATH", "/one::/two", 1);
	assert_int_equal(template_search_path(&p, &err), MP_OK);
	assert_true(p.count >= 4);
	assert_non_null(strstr(p.dirs[0], "/mentorpact/templates"));
	assert_string_equal(p.dirs[p.count - 3], "/xdg/mentorpact/templates");
	assert_string_equal(p.dirs[p.count - 2], "/one");
	assert_string_equal(p.dirs[p.count - 1], "/two");
	template_path_free(&p);

	/* The same folder twice keeps only its later place. */
	setenv("MENTORPACT_TEMPLATE_PATH", "/two:/one:/two", 1);
	assert_int_equal(template_search_path(&p, &err), MP_OK);
	assert_string_equal(p.dirs[p.count - 2], "/one");
	assert_string_equal(p.dirs[p.count - 1], "/two");
	template_path_free(&p);
	unsetenv("MENTORPACT_TEMPLATE_PATH");
}

/* The later folder wins an id; a broken file claims nothing. */
static void test_catalog_precedence(void **state)
{
	char *dir = tu_tempdir(), low[4096], high[4096];
	const char *dirs[2] = {low, high};
	struct tpl_path p = {(char **)dirs, 2};
	struct tpl_catalog *cat;
	const struct tpl_entry *e;
	struct mp_error err;

	(void)state;
	snprintf(low, sizeof(low), "%s/low", dir);
	snprintf(high, sizeof(high), "%s/high", dir);
	mkdir(low, 0700);
	mkdir(high, 0700);
	write_file(tu_path(low, "a.yaml"),
		   MINI_HEAD "      - paragraph: From the low folder.\n");
	write_file(tu_path(high, "b.yaml"),
		   MINI_HEAD "      - paragraph: From the high folder.\n");
	write_file(tu_path(high, "broken.yaml"), "id: [\n");
	write_file(tu_path(high, "notes.txt"), "not a template\n");
	assert_int_equal(template_catalog_load(&p, &cat, &err), MP_OK);
	assert_int_equal(cat->count, 1);
	e = template_catalog_find(cat, "mini");
	assert_non_null(e);
	assert_string_equal(e->path, tu_path(high, "b.yaml"));
	assert_int_equal(e->n_shadowed, 1);
	assert_string_equal(e->shadowed[0], tu_path(low, "a.yaml"));
	assert_string_equal(e->tpl->sections[0].items[0].text,
			    "From the high folder.");
	assert_ptr_equal(template_catalog_lookup(cat, "mini"), e->tpl);
	assert_null(template_catalog_lookup(cat, "other"));
	assert_int_equal(cat->diags.count, 1);
	assert_non_null(strstr(cat->diags.items[0].file, "broken.yaml"));
	template_catalog_free(cat);
	tu_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_schemes_load),
	    cmocka_unit_test(test_scheme_defaults),
	    cmocka_unit_test(test_no_addresses),
	    cmocka_unit_test(test_canonical_round_trip),
	    cmocka_unit_test(test_hash_follows_wording),
	    cmocka_unit_test(test_canonical_normal_forms),
	    cmocka_unit_test(test_every_error_reported),
	    cmocka_unit_test(test_yaml_problems),
	    cmocka_unit_test(test_alias_refused),
	    cmocka_unit_test(test_no_error_without_diags),
	    cmocka_unit_test(test_diag_format),
	    cmocka_unit_test(test_expand),
	    cmocka_unit_test(test_wording_names_fields),
	    cmocka_unit_test(test_search_path_order),
	    cmocka_unit_test(test_catalog_precedence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
