/*
 * test_render_verify.c - what verify says about a signed text that was
 * tampered with, damaged or mangled in the post.  Each case builds a
 * signed export of an agreement in memory, spoils it one way, and checks
 * the kind of problem, whose it is, the message and the status.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mentorpact/render.h"
#include "render_fixture.h"

#define WHEN "2026-11-22T16:41:21Z"

static struct tpl_catalog *cat;
static struct sign_keypair *keys[3]; /* mentor, mentee, a stranger */

static int setup(void **state)
{
	struct mp_error err;

	(void)state;
	cat = rf_catalog(getenv("SRCDIR"));
	for (int i = 0; i < 3; i++)
		if (sign_keypair_generate(&keys[i], &err) != MP_OK)
			return -1;
	return cat ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < 3; i++)
		sign_keypair_free(keys[i]);
	template_catalog_free(cat);
	return 0;
}

/* An unsigned agreement of scheme with id. */
static struct agreement *draft(const char *scheme, const char *id)
{
	struct agreement *ag = NULL;
	struct mp_error err;

	if (rf_sample(cat, scheme, id, 1, &ag, &err) != MP_OK)
		fail_msg("%s", err.message);
	return ag;
}

static struct agreement *signed_by_both(const char *scheme, const char *id)
{
	struct agreement *ag = draft(scheme, id);
	struct mp_error err;

	if (rf_sign_pair(ag, keys, WHEN, &err) != MP_OK)
		fail_msg("%s", err.message);
	return ag;
}

static char *export(const struct agreement *ag)
{
	struct mp_error err;
	char *text = NULL;

	if (render_export(ag, &text, NULL, &err) != MP_OK)
		fail_msg("%s", err.message);
	return text;
}

static char *good_file(void)
{
	struct agreement *ag = signed_by_both("emmp", "7K3M-Q9TX");
	char *text = export(ag);

	agreement_free(ag);
	return text;
}

/* Replace the first occurrence of from in text by to (a new string). */
static char *replace(char *text, const char *from, const char *to)
{
	char *at = strstr(text, from), *out;
	size_t head, n;

	if (!at)
		fail_msg("'%s' not found", from);
	head = (size_t)(at - text);
	n = strlen(text) - strlen(from) + strlen(to);
	out = malloc(n + 1);
	assert_non_null(out);
	memcpy(out, text, head);
	strcpy(out + head, to);
	strcat(out, at + strlen(from));
	free(text);
	return out;
}

static struct render_report report;

/* Verify text: expect status and, as the first issue, kind, role and a
 * message containing words. */
static void expect(const char *text, size_t len, enum mp_status status,
		   enum render_problem kind, int role, const char *words)
{
	struct mp_error err;
	enum mp_status st;

	st = render_parse(text, len, NULL, NULL, NULL, &report, &err);
	assert_int_equal(st, status);
	assert_int_equal(report.status, status);
	if (status == MP_OK) {
		assert_int_equal(report.n_issues, 0);
		return;
	}
	assert_true(report.n_issues >= 1);
	if (report.issues[0].kind != kind ||
	    !strstr(report.issues[0].message, words))
		fail_msg("got kind %d: %s", report.issues[0].kind,
			 report.issues[0].message);
	assert_int_equal(report.issues[0].role, role);
	assert_string_equal(err.message, report.issues[0].message);
}

static void expect_str(const char *text, enum mp_status status,
		       enum render_problem kind, int role, const char *words)
{
	expect(text, strlen(text), status, kind, role, words);
}

static void test_good(void **state)
{
	char *text = good_file();

	(void)state;
	expect_str(text, MP_OK, 0, 0, NULL);
	assert_true(report.body_read);
	assert_string_equal(report.id, "7K3M-Q9TX");
	assert_int_equal(report.version, 1);
	assert_string_equal(report.scheme, "East Midlands Mentoring Programme");
	assert_string_equal(report.scheme_id, "emmp");
	assert_string_equal(report.names[1], "Daniel Okafor");
	for (int r = 0; r < 2; r++) {
		assert_true(report.signers[r].present);
		assert_true(report.signers[r].good);
		assert_int_equal(report.signers[r].tc.role, r);
		assert_string_equal(report.signers[r].tc.time, WHEN);
	}
	free(text);
}

static void test_body_changed(void **state)
{
	char *text = good_file();

	(void)state;
	text = replace(text, "48 hours' notice", "24 hours' notice");
	expect_str(text, MP_ERR_VERIFY, RENDER_CHANGED, -1,
		   "the text was changed after it was signed");
	assert_false(report.signers[0].good || report.signers[1].good);
	free(text);
}

/* One byte anywhere in the body breaks both signatures. */
static void test_each_body_byte(void **state)
{
	char *text = good_file();
	size_t body = (size_t)(strstr(text, RENDER_BEGIN) - text);

	(void)state;
	for (size_t at = 0; at < body; at += 37) {
		struct mp_error err;

		text[at] ^= 0x01;
		assert_int_equal(render_parse(text, strlen(text), NULL, NULL,
					      NULL, &report, &err),
				 MP_ERR_VERIFY);
		assert_true(report.n_issues >= 1);
		assert_false(report.signers[0].good || report.signers[1].good);
		text[at] ^= 0x01;
	}
	expect_str(text, MP_OK, 0, 0, NULL);
	free(text);
}

static void test_signature_missing(void **state)
{
	struct agreement *ag = draft("img-peer", "7K3M-Q9TX");
	struct mp_error err;
	char *text;

	(void)state;
	assert_int_equal(rf_sign(ag, AG_MENTOR, keys[0], WHEN, &err), MP_OK);
	text = export(ag);
	assert_non_null(strstr(text, "Mentee:        not signed\n"));
	expect_str(text, MP_ERR_VERIFY, RENDER_MISSING, AG_MENTEE,
		   "the mentee's signature is missing: only the mentor has "
		   "signed");
	assert_true(report.signers[0].good);
	assert_false(report.signers[1].present);
	free(text);
	agreement_free(ag);
}

/* The block of agreement B under the body of agreement A. */
static void test_block_of_another_agreement(void **state)
{
	struct agreement *a = signed_by_both("emmp", "7K3M-Q9TX");
	struct agreement *b = signed_by_both("emmp", "QQ2R-8ZT4");
	char *ta = export(a), *tb = export(b), *mixed;

	(void)state;
	*strstr(ta, RENDER_BEGIN) = '\0';
	mixed = malloc(strlen(ta) + strlen(tb) + 1);
	assert_non_null(mixed);
	strcpy(mixed, ta);
	strcat(mixed, strstr(tb, RENDER_BEGIN));
	expect_str(mixed, MP_ERR_VERIFY, RENDER_OTHER_AGREEMENT, AG_MENTOR,
		   "belongs to another agreement (QQ2R-8ZT4 version 1), not "
		   "to this one (7K3M-Q9TX version 1)");
	assert_int_equal(report.issues[1].kind, RENDER_OTHER_AGREEMENT);
	free(mixed);
	free(ta);
	free(tb);
	agreement_free(a);
	agreement_free(b);
}

static void test_key_swapped(void **state)
{
	struct agreement *ag = signed_by_both("emmp", "7K3M-Q9TX");
	struct mp_error err;
	char *text;

	(void)state;
	free(ag->sigs[AG_MENTOR].pubkey);
	assert_int_equal(sign_pubkey_text(keys[2]->keyid, keys[2]->pk, NULL,
					  &ag->sigs[AG_MENTOR].pubkey, &err),
			 MP_OK);
	text = export(ag);
	expect_str(text, MP_ERR_VERIFY, RENDER_KEY_SWAPPED, AG_MENTOR,
		   "the key was swapped");
	assert_true(report.signers[AG_MENTEE].good);
	free(text);
	agreement_free(ag);
}

/* A stranger signs the body with the mentor's name and puts in their own
 * key: the signature holds, so only the key id tells.  verify prints it. */
static void test_stranger_key_is_shown(void **state)
{
	struct agreement *ag = draft("emmp", "7K3M-Q9TX");
	struct sign_keypair *pair[2] = {keys[2], keys[1]};
	struct mp_error err;
	char *text, hex[SIGN_KEYID_HEX];

	(void)state;
	assert_int_equal(rf_sign_pair(ag, pair, WHEN, &err), MP_OK);
	text = export(ag);
	expect_str(text, MP_OK, 0, 0, NULL);
	sign_keyid_hex(keys[2]->keyid, hex);
	assert_string_equal(report.signers[AG_MENTOR].keyid, hex);
	free(text);
	agreement_free(ag);
}

static char *with_crlf(const char *text)
{
	size_t n = strlen(text), lines = 0;
	char *out, *w;

	for (size_t i = 0; i < n; i++)
		lines += text[i] == '\n';
	out = w = malloc(n + lines + 1);
	assert_non_null(out);
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '\n')
			*w++ = '\r';
		*w++ = text[i];
	}
	*w = '\0';
	return out;
}

static void test_crlf(void **state)
{
	char *text = good_file(), *crlf = with_crlf(text);

	(void)state;
	expect_str(crlf, MP_ERR_VERIFY, RENDER_CRLF, -1,
		   "with LF line endings put back (tr -d '\\r' <FILE >FIXED) "
		   "it verifies");
	assert_true(report.crlf);
	assert_true(report.good_with_lf);
	assert_int_equal(report.n_issues, 1);
	assert_false(report.signers[0].good);
	/* Put back, it verifies. */
	expect_str(text, MP_OK, 0, 0, NULL);
	free(crlf);

	/* CR LF and a changed body: both are said. */
	text = replace(text, "12 months", "13 months");
	crlf = with_crlf(text);
	expect_str(crlf, MP_ERR_VERIFY, RENDER_CRLF, -1,
		   "even with LF line endings put back it does not verify");
	assert_false(report.good_with_lf);
	assert_int_equal(report.issues[1].kind, RENDER_CHANGED);
	free(crlf);
	free(text);
}

static void test_text_after_end(void **state)
{
	char *text = good_file();
	char *longer = malloc(strlen(text) + 200);

	(void)state;
	assert_non_null(longer);
	sprintf(longer, "%s\n-- \nIMPORTANT: we also agree to pay 500 GBP\n",
		text);
	expect_str(longer, MP_ERR_VERIFY, RENDER_TRAILING, -1,
		   "2 lines of text follow the END line of the signature "
		   "block: they are not signed");
	assert_int_equal(report.trailing_lines, 2);
	/* The text itself is never repeated as if it were signed. */
	for (size_t i = 0; i < report.n_issues; i++)
		assert_null(strstr(report.issues[i].message, "500 GBP"));
	/* Empty lines after the block are only white space. */
	sprintf(longer, "%s\n\n", text);
	expect_str(longer, MP_OK, 0, 0, NULL);
	free(longer);
	free(text);
}

static void test_no_block(void **state)
{
	char *text = good_file();

	(void)state;
	*strstr(text, RENDER_BEGIN) = '\0';
	expect_str(text, MP_ERR_VERIFY, RENDER_NO_BLOCK, -1,
		   "there is no signature block");
	assert_true(report.body_read);
	expect_str("", MP_ERR_VERIFY, RENDER_NO_BLOCK, -1, "nothing in this");
	free(text);
}

static void test_truncated_block(void **state)
{
	char *text = good_file();
	char *cut = strstr(text, "mentee signature:\n");

	(void)state;
	cut[strlen("mentee signature:\n") + 100] = '\0';
	expect_str(text, MP_ERR_VERIFY, RENDER_BLOCK_DAMAGED, -1,
		   "the signature block is cut short: its END line");
	assert_int_equal(report.issues[1].kind, RENDER_BLOCK_DAMAGED);
	assert_int_equal(report.issues[1].role, AG_MENTEE);
	assert_true(report.signers[AG_MENTOR].good);
	free(text);
}

static void test_bad_base64(void **state)
{
	char *text = good_file();
	char *sig =
	    strstr(text, "mentor signature:\n") + strlen("mentor signature:\n");

	(void)state;
	sig[10] = '*';
	expect_str(text, MP_ERR_VERIFY, RENDER_BLOCK_DAMAGED, AG_MENTOR,
		   "the mentor's");
	free(text);

	text = good_file();
	sig =
	    strstr(text, "mentor signature:\n") + strlen("mentor signature:\n");
	sig[1] = sig[1] == 'A' ? 'B' : 'A'; /* still base64, another file */
	expect_str(text, MP_ERR_VERIFY, RENDER_BLOCK_DAMAGED, AG_MENTOR,
		   "the mentor's signature is damaged");
	free(text);

	text = good_file();
	text = replace(text, "=\nmentee signature:", "\nmentee signature:");
	expect_str(text, MP_ERR_VERIFY, RENDER_BLOCK_DAMAGED, AG_MENTEE,
		   "its public key is damaged: it is not valid base64");
	free(text);
}

/* The trusted comment of the mentor's signature says another name. */
static void test_trusted_comment_edited(void **state)
{
	struct agreement *ag = signed_by_both("emmp", "7K3M-Q9TX");
	char *text;

	(void)state;
	ag->sigs[AG_MENTOR].minisig = replace(
	    ag->sigs[AG_MENTOR].minisig, "name:Priya Shah", "name:Priya Shaw");
	text = export(ag);
	expect_str(text, MP_ERR_VERIFY, RENDER_COMMENT_CHANGED, AG_MENTOR,
		   "its trusted comment (agreement, role, name, time) was "
		   "edited");
	free(text);
	agreement_free(ag);
}

static void test_signatures_exchanged(void **state)
{
	struct agreement *ag = signed_by_both("emmp", "7K3M-Q9TX");
	struct ag_signature tmp = ag->sigs[0];
	char *text;

	(void)state;
	ag->sigs[0] = ag->sigs[1];
	ag->sigs[1] = tmp;
	text = export(ag);
	expect_str(text, MP_ERR_VERIFY, RENDER_WRONG_ROLE, AG_MENTOR,
		   "the signature given as the mentor's was made by the "
		   "mentee (Daniel Okafor)");
	assert_int_equal(report.issues[1].kind, RENDER_WRONG_ROLE);
	assert_int_equal(report.issues[1].role, AG_MENTEE);
	free(text);
	agreement_free(ag);
}

static void test_block_lines_edited(void **state)
{
	char *text = good_file();

	(void)state;
	text = replace(text, "Signed:        " WHEN,
		       "Signed:        2020-01-01T00:00:00Z");
	expect_str(text, MP_ERR_VERIFY, RENDER_BLOCK_EDITED, -1,
		   "the readable lines of the signature block were edited");
	assert_true(report.signers[0].good && report.signers[1].good);
	free(text);
}

static void test_wrong_name(void **state)
{
	struct agreement *ag = draft("emmp", "7K3M-Q9TX");
	struct mp_error err;
	char *text;

	(void)state;
	/* Sign as "Pat Jones" a body that names Priya Shah as the mentor. */
	assert_int_equal(render_body(ag, &ag->body, NULL, &err), MP_OK);
	free(ag->parties[0].details[TPL_DETAIL_NAME]);
	ag->parties[0].details[TPL_DETAIL_NAME] = strdup("Pat Jones");
	assert_int_equal(rf_sign_pair(ag, keys, WHEN, &err), MP_OK);
	text = export(ag);
	expect_str(text, MP_ERR_VERIFY, RENDER_WRONG_NAME, AG_MENTOR,
		   "the mentor signed as \"Pat Jones\", but the agreement "
		   "names the mentor as \"Priya Shah\"");
	free(text);
	agreement_free(ag);
}

/* Any text can be signed; only an agreement's body verifies. */
static void test_not_an_agreement(void **state)
{
	struct agreement *ag = draft("emmp", "7K3M-Q9TX");
	struct mp_error err;
	char *text;

	(void)state;
	ag->body = strdup("Dear administrator, please pay the bearer.\n");
	assert_int_equal(rf_sign_pair(ag, keys, WHEN, &err), MP_OK);
	text = export(ag);
	expect_str(text, MP_ERR_VERIFY, RENDER_NOT_AGREEMENT, -1,
		   "the text above the signature block is not a mentorpact "
		   "agreement");
	assert_false(report.body_read);
	free(text);
	agreement_free(ag);
}

/* A NUL byte or invalid UTF-8 in the file is a change like any other. */
static void test_binary_junk(void **state)
{
	char *text = good_file();
	size_t len = strlen(text);

	(void)state;
	char *nul = strstr(text, "Commitments"), *bad = strstr(text, "agrees");

	bad[3] = '\xff';
	expect(text, len, MP_ERR_VERIFY, RENDER_CHANGED, -1, "changed");
	nul[3] = '\0';
	expect(text, len, MP_ERR_VERIFY, RENDER_CHANGED, -1, "changed");
	/* In the title, it is no longer an agreement's body at all. */
	text[20] = '\0';
	expect(text, len, MP_ERR_VERIFY, RENDER_NOT_AGREEMENT, -1,
	       "does not start with a mentorpact agreement's title");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good),
	    cmocka_unit_test(test_body_changed),
	    cmocka_unit_test(test_each_body_byte),
	    cmocka_unit_test(test_signature_missing),
	    cmocka_unit_test(test_block_of_another_agreement),
	    cmocka_unit_test(test_key_swapped),
	    cmocka_unit_test(test_stranger_key_is_shown),
	    cmocka_unit_test(test_crlf),
	    cmocka_unit_test(test_text_after_end),
	    cmocka_unit_test(test_no_block),
	    cmocka_unit_test(test_truncated_block),
	    cmocka_unit_test(test_bad_base64),
	    cmocka_unit_test(test_trusted_comment_edited),
	    cmocka_unit_test(test_signatures_exchanged),
	    cmocka_unit_test(test_block_lines_edited),
	    cmocka_unit_test(test_wrong_name),
	    cmocka_unit_test(test_not_an_agreement),
	    cmocka_unit_test(test_binary_junk),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
