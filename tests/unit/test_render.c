/*
 * test_render.c - the canonical text of an agreement: golden bodies for
 * the five schemes, determinism, 72 columns, answers that try to smuggle
 * control characters, and the round trip sign -> export -> parse ->
 * export for every scheme.
 *
 * Golden files live in tests/golden/render/<scheme>.txt.  After a change
 * to the text format, RENDER_UPDATE_GOLDEN=1 rewrites them (read the diff
 * before committing it); RENDER_WRITE_CORPUS=DIR writes one signed export
 * per scheme into DIR (the fuzzer's seed corpus).
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

#include "core/render/render_internal.h"
#include "mentorpact/answers.h"
#include "mentorpact/render.h"
#include "mentorpact/sign.h"
#include "mentorpact/template.h"
#include "render_fixture.h"
#include "support/testutil.h"

static const char *const schemes[] = {
    "emmp", "university-pilot", "bsw-hub", "img-peer", "nhs-reciprocal",
};
#define N_SCHEMES (sizeof(schemes) / sizeof(*schemes))

static struct tpl_catalog *cat;

static int setup(void **state)
{
	(void)state;
	cat = rf_catalog(getenv("SRCDIR"));
	return cat && cat->count >= N_SCHEMES ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	template_catalog_free(cat);
	return 0;
}

static struct agreement *sample(const char *scheme)
{
	struct agreement *ag = NULL;
	struct mp_error err;

	if (rf_sample(cat, scheme, "7K3M-Q9TX", 1, &ag, &err) != MP_OK)
		fail_msg("%s: %s", scheme, err.message);
	return ag;
}

/* Sign ag as both parties with two fresh keys. */
static void rf_sign_both(struct agreement *ag, const char *utc_time)
{
	struct sign_keypair *kps[2] = {NULL, NULL};
	struct mp_error err;

	assert_int_equal(sign_keypair_generate(&kps[0], &err), MP_OK);
	assert_int_equal(sign_keypair_generate(&kps[1], &err), MP_OK);
	if (rf_sign_pair(ag, kps, utc_time, &err) != MP_OK)
		fail_msg("signing: %s", err.message);
	sign_keypair_free(kps[0]);
	sign_keypair_free(kps[1]);
}

/* The same parties, answers, id, version and template. */
static void rf_assert_same(const struct agreement *a, const struct agreement *b)
{
	assert_string_equal(a->id, b->id);
	assert_int_equal(a->version, b->version);
	assert_string_equal(a->tpl_hash, b->tpl_hash);
	assert_int_equal(a->tpl->n_fields, b->tpl->n_fields);
	for (int r = 0; r < 2; r++)
		for (int d = 0; d < TPL_DETAIL_COUNT; d++) {
			const char *x = a->parties[r].details[d];
			const char *y = b->parties[r].details[d];
			unsigned ask = a->tpl->parties[r].ask | 1u;

			if (!(ask & (1u << d)))
				continue;
			if (!x || !y)
				assert_ptr_equal(x, y);
			else
				assert_string_equal(x, y);
		}
	for (size_t i = 0; i < a->tpl->n_fields; i++) {
		const char *x = a->values[i], *y = b->values[i];

		if (x && !*x)
			x = NULL;
		if (!x || !y)
			assert_ptr_equal(x, y);
		else
			assert_string_equal(x, y);
	}
}

static char *body_of(const struct agreement *ag, size_t *len)
{
	struct mp_error err;
	char *body = NULL;

	if (render_body(ag, &body, len, &err) != MP_OK)
		fail_msg("render_body: %s", err.message);
	return body;
}

/* --- the shape of the text -------------------------------------------- */

/* No control character, bidi control or invalid UTF-8 reaches the text,
 * every line is at most 72 columns, and the text ends in a newline. */
static void assert_clean_text(const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t line_start = 0;

	assert_true(len > 0);
	assert_int_equal(text[len - 1], '\n');
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = rtext_decode(p + i, len - i, &cp);

		if (!k)
			fail_msg("invalid UTF-8 at byte %zu", i);
		if (cp != '\n' && rtext_unsafe(cp, false))
			fail_msg("raw U+%04X at byte %zu", (unsigned)cp, i);
		if (cp == '\n') {
			size_t cols =
			    render_columns(text + line_start, i - line_start);

			if (cols > RENDER_WIDTH)
				fail_msg("line of %zu columns: %.*s", cols,
					 (int)(i - line_start),
					 text + line_start);
			if (i > line_start && text[i - 1] == ' ')
				fail_msg("trailing space: %.*s",
					 (int)(i - line_start),
					 text + line_start);
			line_start = i + 1;
		}
		i += k;
	}
}

static char *golden_path(const char *scheme)
{
	const char *src = getenv("SRCDIR");
	char *path = malloc(4096);

	assert_non_null(path);
	snprintf(path, 4096, "%s/tests/golden/render/%s.txt", src ? src : ".",
		 scheme);
	return path;
}

static void test_golden(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_SCHEMES; i++) {
		struct agreement *ag = sample(schemes[i]);
		char *path = golden_path(schemes[i]), *want;
		size_t len, want_len;
		char *body = body_of(ag, &len);

		assert_clean_text(body, len);
		if (getenv("RENDER_UPDATE_GOLDEN"))
			assert_int_equal(rf_write(path, body, len), 0);
		want = (char *)tu_slurp(path, &want_len);
		if (!want)
			fail_msg("%s is missing (RENDER_UPDATE_GOLDEN=1 makes "
				 "it)",
				 path);
		if (want_len != len || memcmp(want, body, len) != 0)
			fail_msg("%s: the body differs from the golden file",
				 schemes[i]);
		free(want);
		free(body);
		free(path);
		agreement_free(ag);
	}
}

/* What the body must say for every scheme, whatever its wording. */
static void test_body_facts(void **state)
{
	static const char *const always[] = {
	    "MENTORING AGREEMENT\n",
	    "Agreement:     7K3M-Q9TX, version 1\n",
	    "Mentor:        Priya Shah\n",
	    "Mentee:        Daniel Okafor\n",
	    "\nElectronic signatures\n---------------------\n",
	    "Text format:   mentorpact agreement text 1\n",
	};
	static const char *const never[] = {
	    "Signed:", "Date:", "@sdsa.net", "@gmail.com", "@hee.nhs.uk",
	};
	(void)state;
	for (size_t i = 0; i < N_SCHEMES; i++) {
		struct agreement *ag = sample(schemes[i]);
		char *body = body_of(ag, NULL), want[256];

		for (size_t k = 0; k < sizeof(always) / sizeof(*always); k++)
			if (!strstr(body, always[k]))
				fail_msg("%s lacks '%s'", schemes[i],
					 always[k]);
		/* The full hash is the last line, its start in the header. */
		snprintf(want, sizeof(want), "\n%s\n", ag->tpl_hash);
		assert_non_null(strstr(body, want));
		assert_string_equal(body + strlen(body) - TPL_HASH_HEX - 1,
				    want + 1);
		snprintf(want, sizeof(want), "), hash %.16s\n", ag->tpl_hash);
		assert_non_null(strstr(body, want));
		/* No signature dates in the body, no seed's email address. */
		for (size_t k = 0; k < sizeof(never) / sizeof(*never); k++)
			if (strstr(body, never[k]))
				fail_msg("%s holds '%s'", schemes[i], never[k]);
		free(body);
		agreement_free(ag);
	}
}

/* Each scheme's facts, and wording that names answers, in its body. */
static void test_scheme_facts(void **state)
{
	static const struct {
		const char *scheme, *says[3];
	} cases[] = {
	    {"emmp",
	     {"  - The mentoring is planned to last 12 months.\n",
	      "  - Either party gives 48 hours' notice if unable to attend an "
	      "agreed\n",
	      "  - Once signed by both, the mentee returns this agreement to "
	      "the East\n"}},
	    {"img-peer",
	     {"the mentor returns this agreement to the scheme\n    "
	      "organisers, copying in the mentee.\n",
	      /* "We will aim to meet {...} for {...}." */
	      "We will aim to meet once every 2 weeks for 1 hour.",
	      "  - It lasts at most 6 months.\n"}},
	    {"nhs-reciprocal",
	     {"reviewed after 6 months.", "destroyed 1 year after it ends.",
	      "  - Amendment or cancellation to the date or time requires a "
	      "minimum of\n    2 days\xe2\x80\x99 notice"}},
	    {"university-pilot",
	     {"  - There are at least 3 sessions.\n",
	      "  - This agreement is for the mentor and mentee alone: it need "
	      "not be\n",
	      "  1. How useful was our meeting for you and please say why "
	      "this is.\n"}},
	    {"bsw-hub",
	     {"usually once a month, for 1 hour each.",
	      "[1]\nhttps://emccuk.org/Public/Accreditation/",
	      "Happy for the mentor to take notes:\n    yes\n"}},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct agreement *ag = sample(cases[i].scheme);
		char *body = body_of(ag, NULL);

		for (int k = 0; k < 3; k++)
			if (!strstr(body, cases[i].says[k]))
				fail_msg("%s lacks: %s", cases[i].scheme,
					 cases[i].says[k]);
		free(body);
		agreement_free(ag);
	}
}

static void test_deterministic(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_SCHEMES; i++) {
		struct agreement *a = sample(schemes[i]);
		struct agreement *b = sample(schemes[i]);
		size_t la, lb, lc;
		char *ba = body_of(a, &la), *bb = body_of(b, &lb);
		char *bc = body_of(a, &lc);

		assert_int_equal(la, lb);
		assert_memory_equal(ba, bb, la);
		assert_int_equal(la, lc);
		assert_memory_equal(ba, bc, la);
		/* Without a stored hash the body computes the same one. */
		a->tpl_hash[0] = '\0';
		free(bc);
		bc = body_of(a, &lc);
		assert_int_equal(la, lc);
		assert_memory_equal(ba, bc, la);
		free(ba);
		free(bb);
		free(bc);
		agreement_free(a);
		agreement_free(b);
	}
}

/* --- text that tries to break out --------------------------------------- */

static char *repeat(const char *unit, size_t times)
{
	size_t n = strlen(unit);
	char *s = malloc(n * times + 1);

	assert_non_null(s);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * n, unit, n);
	s[n * times] = '\0';
	return s;
}

static void set_value(struct agreement *ag, const char *id, const char *v)
{
	for (size_t i = 0; i < ag->tpl->n_fields; i++)
		if (!strcmp(ag->tpl->fields[i]->id, id)) {
			free(ag->values[i]);
			ag->values[i] = strdup(v);
			assert_non_null(ag->values[i]);
			return;
		}
	fail_msg("no field %s", id);
}

static void set_name(struct agreement *ag, int role, const char *v)
{
	free(ag->parties[role].details[TPL_DETAIL_NAME]);
	ag->parties[role].details[TPL_DETAIL_NAME] = strdup(v);
}

static struct agreement *hostile(void)
{
	struct agreement *ag = sample("university-pilot");
	char *long_answer = repeat("word ", 2000); /* 10,000 characters */
	char *email = repeat("x", 190);
	char *address = malloc(256);

	snprintf(address, 256, "%s@example.org", email);
	set_name(ag, 0, "Priya \x1b[31mShah\x1b[0m");
	set_name(ag, 1,
		 "Daniel \xe2\x80\xae"
		 "rekafO"); /* U+202E RIGHT-TO-LEFT OVERRIDE */
	set_value(ag, "other_matters", long_answer);
	set_value(ag, "feedback_approach",
		  "tab\there, CR\rhere, bell\a, DEL\x7f, C1 \xc2\x9b"
		  "31m, isolate \xe2\x81\xa6x\xe2\x81\xa9, bad \xff byte");
	set_value(ag, "communication_between_meetings", address);
	set_value(ag, "no_email_response",
		  "caf\xc3\xa9 \xe2\x80\x99quoted\xe2\x80\x99 \xce\xa9 "
		  "\xe4\xb8\xad\xe6\x96\x87 "
		  "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"
		  "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"
		  "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"
		  "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"
		  "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"
		  "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"
		  "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"
		  "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"
		  "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"
		  "\xe4\xb8\xad\xe6\x96\x87 e\xcc\x81");
	set_value(ag, "mentee_goals", "first \x1b]0;title\x07 goal\nsecond");
	free(long_answer);
	free(email);
	free(address);
	return ag;
}

static void test_escapes(void **state)
{
	struct agreement *ag = hostile();
	size_t len;
	char *body = body_of(ag, &len);

	(void)state;
	assert_clean_text(body, len);
	assert_non_null(strstr(body, "Priya <U+001B>[31mShah<U+001B>[0m"));
	assert_non_null(strstr(body, "Daniel <U+202E>rekafO"));
	assert_non_null(strstr(body, "tab<U+0009>here, CR<U+000D>here, "
				     "bell<U+0007>, DEL<U+007F>, C1"));
	assert_non_null(strstr(body, "<U+009B>31m, isolate <U+2066>x<U+2069>"));
	assert_non_null(strstr(body, "bad \xef\xbf\xbd byte"));
	assert_non_null(strstr(body, "    1. first <U+001B>]0;title<U+0007> "
				     "goal\n    2. second\n"));
	/* The long address is cut at the width, not lost. */
	assert_non_null(strstr(body, "    xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
				     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"));
	assert_non_null(strstr(body, "xxxxxxxx@example.org\n"));
	free(body);
	agreement_free(ag);
}

static void test_columns(void **state)
{
	(void)state;
	assert_int_equal(render_columns("abc", 3), 3);
	assert_int_equal(render_columns("caf\xc3\xa9", 5), 4);
	assert_int_equal(render_columns("e\xcc\x81", 3), 1); /* combining */
	assert_int_equal(render_columns("\xe4\xb8\xad\xe6\x96\x87", 6), 4);
	assert_int_equal(render_columns("\xf0\x9f\x98\x80", 4), 2); /* emoji */
	assert_int_equal(render_columns("\xff", 1), 1);
}

/* Wrapped text reads back exactly, including long words and wide text. */
static void test_wrap_round_trip(void **state)
{
	static const char *const texts[] = {
	    "short",
	    "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e "
	    "f g h i j k l m n o p q r s t u v w x y z",
	    "https://example.org/a/very/long/path/that/does/not/fit/on/one/"
	    "line/at/all/even/when/it/starts/a/line?query=1 and more",
	    "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad"
	    "\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"
	    "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad"
	    "\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"
	    "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad"
	    "\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"
	    "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad"
	    "\xe6\x96\x87",
	    /* a word of exactly the line's width, then another word */
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxx next",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		struct rbuf b = {0};
		struct rlines l;
		char *back = NULL;

		rtext_wrap(&b, "    ", "    ", texts[i]);
		assert_false(b.nomem);
		assert_clean_text(b.s, b.len);
		assert_int_equal(rlines_split(b.s, b.len - 1, &l), MP_OK);
		assert_int_equal(rtext_unwrap("    ", "    ",
					      (const char *const *)l.v, l.n,
					      &back),
				 MP_OK);
		/* A word exactly as wide as a line, then another, wraps
		 * like the two joined: either reading is the same text. */
		if (i + 1 < sizeof(texts) / sizeof(*texts))
			assert_string_equal(back, texts[i]);
		else
			assert_string_equal(back,
					    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
					    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
					    "xxnext");
		free(back);
		rlines_free(&l);
		rbuf_free(&b);
	}
}

/* --- trusted comments ---------------------------------------------------- */

static void test_trusted_comment(void **state)
{
	struct render_trusted tc;
	struct mp_error err;
	char buf[512];

	(void)state;
	assert_int_equal(render_trusted_comment(
			     "7K3M-Q9TX", 2, AG_MENTEE, "Daniel Okafor",
			     "2026-11-22T16:41:21Z", buf, sizeof(buf), &err),
			 MP_OK);
	assert_string_equal(buf, "mentorpact agreement:7K3M-Q9TX version:2 "
				 "role:mentee time:2026-11-22T16:41:21Z "
				 "name:Daniel Okafor");
	assert_int_equal(render_trusted_parse(buf, &tc, &err), MP_OK);
	assert_string_equal(tc.id, "7K3M-Q9TX");
	assert_int_equal(tc.version, 2);
	assert_int_equal(tc.role, AG_MENTEE);
	assert_string_equal(tc.time, "2026-11-22T16:41:21Z");
	assert_string_equal(tc.name, "Daniel Okafor");
	/* A name may hold "name:" and more spaces: it is last. */
	assert_int_equal(render_trusted_comment(
			     "7K3M-Q9TX", 1, AG_MENTOR, "Ann  name:Lee",
			     "2026-01-01T00:00:00Z", buf, sizeof(buf), &err),
			 MP_OK);
	assert_int_equal(render_trusted_parse(buf, &tc, &err), MP_OK);
	assert_string_equal(tc.name, "Ann  name:Lee");
	/* Refused: control characters, bidi overrides, empty names. */
	assert_int_equal(render_trusted_comment("7K3M-Q9TX", 1, AG_MENTOR,
						"Ann\x1b[2J", "t", buf,
						sizeof(buf), &err),
			 MP_ERR_INVALID);
	assert_int_equal(render_trusted_comment("7K3M-Q9TX", 1, AG_MENTOR,
						"Ann \xe2\x80\xae", "t", buf,
						sizeof(buf), &err),
			 MP_ERR_INVALID);
	assert_int_equal(render_trusted_comment("7K3M-Q9TX", 1, AG_MENTOR, "",
						"t", buf, sizeof(buf), &err),
			 MP_ERR_INVALID);
	assert_int_equal(render_trusted_comment("7K3M-Q9TX", 1, AG_MENTOR,
						"Ann", "t", buf, 20, &err),
			 MP_ERR_INVALID);
	/* Not ours, or not in the exact form we write. */
	assert_int_equal(
	    render_trusted_parse("timestamp:1795364939\tfile:a", &tc, &err),
	    MP_ERR_INVALID);
	assert_int_equal(render_trusted_parse("mentorpact agreement:7K3M-Q9TX "
					      "version:01 role:mentor time:t "
					      "name:Ann",
					      &tc, &err),
			 MP_ERR_INVALID);
	assert_int_equal(render_trusted_parse("mentorpact agreement:7K3M-Q9TX "
					      "version:1 role:admin time:t "
					      "name:Ann",
					      &tc, &err),
			 MP_ERR_INVALID);
}

/* --- signing, export and reading back ------------------------------------ */

static void test_round_trip(void **state)
{
	const char *corpus = getenv("RENDER_WRITE_CORPUS");

	(void)state;
	for (size_t i = 0; i < N_SCHEMES; i++) {
		struct agreement *ag = sample(schemes[i]), *back = NULL;
		struct render_report rep;
		struct mp_error err;
		size_t len, len2, blen;
		char *file, *again, *body;

		rf_sign_both(ag, "2026-11-22T16:41:21Z");
		assert_int_equal(render_export(ag, &file, &len, &err), MP_OK);
		assert_clean_text(file, len);
		if (corpus) {
			char path[4096];

			snprintf(path, sizeof(path), "%s/%s.txt", corpus,
				 schemes[i]);
			assert_int_equal(rf_write(path, file, len), 0);
		}
		if (render_parse(file, len, render_catalog_lookup, cat, &back,
				 &rep, &err) != MP_OK)
			fail_msg("%s: %s", schemes[i], err.message);
		assert_int_equal(rep.status, MP_OK);
		assert_int_equal(rep.n_issues, 0);
		assert_non_null(back);
		assert_string_equal(rep.id, "7K3M-Q9TX");
		assert_string_equal(rep.scheme_id, schemes[i]);
		assert_string_equal(rep.names[0], "Priya Shah");
		assert_true(rep.signers[0].good && rep.signers[1].good);
		/* Exporting what was read gives the same bytes... */
		assert_int_equal(render_export(back, &again, &len2, &err),
				 MP_OK);
		assert_int_equal(len, len2);
		assert_memory_equal(file, again, len);
		/* ... and it is the same agreement, answer for answer. */
		assert_int_equal(render_body(back, &body, &blen, &err), MP_OK);
		assert_string_equal(body, ag->body);
		rf_assert_same(ag, back);
		assert_string_equal(back->sigs[1].name, "Daniel Okafor");
		assert_string_equal(back->sigs[0].signed_at,
				    "2026-11-22T16:41:21Z");
		assert_int_equal(back->status, AG_ACTIVE);
		free(body);
		free(again);
		free(file);
		agreement_free(back);
		agreement_free(ag);
	}
}

/* Field id's value starts with want. */
static void rf_assert_shown(const struct agreement *ag, const char *id,
			    const char *want)
{
	for (size_t i = 0; i < ag->tpl->n_fields; i++)
		if (!strcmp(ag->tpl->fields[i]->id, id)) {
			assert_non_null(ag->values[i]);
			assert_memory_equal(ag->values[i], want, strlen(want));
			return;
		}
	fail_msg("no field %s", id);
}

/* Answers full of hostile text read back to what the text shows. */
static void test_round_trip_hostile(void **state)
{
	struct agreement *ag = hostile(), *back = NULL;
	struct render_report rep;
	struct mp_error err;
	char *file, *again;
	size_t len, len2;

	(void)state;
	/* A trusted comment cannot carry a control character: signing
	 * refuses such names, so these parties have plain ones. */
	set_name(ag, 0, "Priya Shah");
	set_name(ag, 1, "Daniel Okafor");
	rf_sign_both(ag, "2026-11-22T16:41:21Z");
	assert_int_equal(render_export(ag, &file, &len, &err), MP_OK);
	if (render_parse(file, len, render_catalog_lookup, cat, &back, &rep,
			 &err) != MP_OK)
		fail_msg("%s", err.message);
	assert_non_null(back);
	assert_int_equal(render_export(back, &again, &len2, &err), MP_OK);
	assert_int_equal(len, len2);
	assert_memory_equal(file, again, len);
	/* What is read back is what the text shows, never a raw control. */
	rf_assert_shown(back, "feedback_approach",
			"tab<U+0009>here, CR<U+000D>here, bell<U+0007>");
	rf_assert_shown(back, "mentee_goals",
			"first <U+001B>]0;title<U+0007> goal\nsecond");
	free(again);
	free(file);
	agreement_free(back);
	agreement_free(ag);
}

/* Without the template, a file still verifies but is not read back. */
static void test_template_missing(void **state)
{
	struct agreement *ag = sample("bsw-hub"), *back = NULL;
	struct render_report rep;
	struct mp_error err;
	char *file;
	size_t len;

	(void)state;
	rf_sign_both(ag, "2026-11-22T16:41:21Z");
	assert_int_equal(render_export(ag, &file, &len, &err), MP_OK);
	/* An edited template has another hash. */
	free(ag->tpl->name);
	ag->tpl->name = strdup("BSW Mentoring Hub Scheme (edited)");
	struct tpl_catalog *mine = rf_catalog(getenv("SRCDIR"));
	for (size_t i = 0; i < mine->count; i++)
		if (!strcmp(mine->entries[i].tpl->id, "bsw-hub")) {
			free(mine->entries[i].tpl->version);
			mine->entries[i].tpl->version = strdup("V3");
		}
	assert_int_equal(render_parse(file, len, render_catalog_lookup, mine,
				      &back, &rep, &err),
			 MP_OK);
	assert_null(back);
	assert_true(rep.template_missing);
	assert_string_equal(rep.scheme_id, "bsw-hub");
	assert_string_equal(rep.tpl_hash, ag->tpl_hash);
	template_catalog_free(mine);
	free(file);
	agreement_free(ag);
}

/* An export's files: names, content, 0644, and never over a file. */
static void test_export_files(void **state)
{
	struct agreement *ag = sample("img-peer");
	char *dir = tu_tempdir(), *file;
	struct render_files f;
	struct mp_error err;
	struct stat sb;
	size_t len;

	(void)state;
	rf_sign_both(ag, "2026-11-22T16:41:21Z");
	assert_int_equal(render_export_files(ag, dir, true, &f, &err), MP_OK);
	assert_int_equal(f.n, 5);
	assert_string_equal(f.files[0].path,
			    tu_path(dir, "agreement-7K3M-Q9TX-v1.txt"));
	assert_string_equal(
	    f.files[3].path,
	    tu_path(dir, "agreement-7K3M-Q9TX-v1.txt.mentee.minisig"));
	assert_string_equal(f.files[4].data, ag->sigs[1].pubkey);
	assert_int_equal(render_write_files(&f, false, &err), MP_OK);
	assert_int_equal(stat(f.files[2].path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600); /* personal data */
	file = (char *)tu_slurp(f.files[0].path, &len);
	assert_int_equal(len, strlen(ag->body));
	assert_memory_equal(file, ag->body, len);
	free(file);
	/* Again: refused, unless replacing. */
	assert_int_equal(render_write_files(&f, false, &err), MP_ERR_EXISTS);
	assert_non_null(strstr(err.message, "already exists"));
	assert_int_equal(render_write_files(&f, true, &err), MP_OK);
	render_files_free(&f);

	/* One file: the whole export, at the path given. */
	assert_int_equal(
	    render_export_files(ag, tu_path(dir, "a.txt"), false, &f, &err),
	    MP_OK);
	assert_int_equal(f.n, 1);
	assert_int_equal(render_write_files(&f, false, &err), MP_OK);
	file = (char *)tu_slurp(tu_path(dir, "a.txt"), &len);
	assert_int_equal(len, f.files[0].len);
	assert_memory_equal(file, f.files[0].data, len);
	free(file);
	render_files_free(&f);
	assert_null(tu_dir_contains(dir, "mentorpact-export"));

	/* Nothing signed, nothing to export. */
	free(ag->body);
	ag->body = NULL;
	assert_int_equal(render_export_files(ag, NULL, false, &f, &err),
			 MP_ERR_STATE);
	render_files_free(&f);
	tu_rmtree(dir);
	free(dir);
	agreement_free(ag);
}

/* A list with numbered: true is numbered as questions are, wrapped under
 * its text; the most and the offered sessions are said with the fewest. */
static void test_numbered_and_sessions(void **state)
{
	struct agreement *ag = sample("university-pilot");
	struct template *t = ag->tpl;
	bool done = false;
	char *body;

	(void)state;
	for (size_t s = 0; s < t->n_sections && !done; s++)
		for (size_t i = 0; i < t->sections[s].n_items && !done; i++)
			if (t->sections[s].items[i].kind == TPL_BULLETS)
				done = t->sections[s].items[i].numbered = true;
	assert_true(done);
	t->facts.max_sessions = 8;
	t->facts.offered_sessions = 6;
	body = body_of(ag, NULL);
	assert_clean_text(body, strlen(body));
	if (!strstr(body, "\n  1. If both partners agree that the Mentor can "
			  "speak to someone else\n      about an issue") ||
	    !strstr(body, "\n  2. If the Mentor believes"))
		fail_msg("the list is not numbered:\n%s", body);
	assert_non_null(strstr(
	    body, "  - There are at least 3 sessions, and at most 8.\n"));
	assert_non_null(
	    strstr(body, "  - The scheme typically offers 6 sessions.\n"));
	free(body);
	t->facts.min_sessions = 0;
	body = body_of(ag, NULL);
	assert_non_null(strstr(body, "  - There are at most 8 sessions.\n"));
	free(body);
	agreement_free(ag);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_columns),
	    cmocka_unit_test(test_wrap_round_trip),
	    cmocka_unit_test(test_golden),
	    cmocka_unit_test(test_body_facts),
	    cmocka_unit_test(test_scheme_facts),
	    cmocka_unit_test(test_deterministic),
	    cmocka_unit_test(test_escapes),
	    cmocka_unit_test(test_trusted_comment),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_round_trip_hostile),
	    cmocka_unit_test(test_template_missing),
	    cmocka_unit_test(test_export_files),
	    cmocka_unit_test(test_numbered_and_sessions),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
