/*
 * test_sign.c - signing keys, sealing and minisign-format signatures.
 *
 * The fixed vectors below were made by minisign 0.11 ("minisign -G -W",
 * then "minisign -S" and "minisign -S -l"), so these tests pin the format
 * to the real tool's; tests/cli/minisign_interop.sh checks it both ways
 * against the installed binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "mentorpact/sign.h"

#define MSG "We agree to meet monthly.\n"

static const char minisign_pub[] =
    "untrusted comment: minisign public key C7FF011B0EDA6065\n"
    "RWRlYNoOGwH/x/oNi7S6hq0Z26W15qiQVwrldGq1587Q5w23+f7N72sl\n";

static const char minisign_ed[] =
    "untrusted comment: signature from minisign secret key\n"
    "RURlYNoOGwH/xxtaN8Eq0Q51Q5/7Q7Ip7LPZrJ7/KmZXnUZe2cJP9o4tp17GBT0+WlLDy"
    "yQT8RBOgkHUkYYHPQYejj/x/za/0Qc=\n"
    "trusted comment: agreement 1 version 1 mentor\n"
    "xw5NulH5IZhHlPfdl4geKyMk7qq8Xic22uLktHf0aQiyD7AJ3BV0Vl15dWoUJC7mm9/Uv"
    "Bkj0c9wbySrjqr+Dw==\n";

static const char minisign_legacy[] =
    "untrusted comment: signature from minisign secret key\n"
    "RWRlYNoOGwH/xy+bKIEJbRw2TUjIhOrhCCQFWvQiKuTJL2GU5mWNi9iEEaRX0dSyZ8Wfy"
    "pMJYBgMld17tYilyjy9wIN0A6Um+gE=\n"
    "trusted comment: legacy\n"
    "ChKleL9tFoSkHGdmh4yAVBvJc+I4cvq//EhITmcuwUuFFPfjDsCUyYtdoEl7q2mXPEH71"
    "sp194yMulgbCrFxDQ==\n";

/* minisign's default trusted comment, tabs and all. */
static const char minisign_default[] =
    "untrusted comment: signature from minisign secret key\n"
    "RURlYNoOGwH/xxtaN8Eq0Q51Q5/7Q7Ip7LPZrJ7/KmZXnUZe2cJP9o4tp17GBT0+WlLDy"
    "yQT8RBOgkHUkYYHPQYejj/x/za/0Qc=\n"
    "trusted comment: timestamp:1795364939\tfile:msg.txt\thashed\n"
    "YOWFL5xn3zZiO/u4Ilw7fbKFdjU2OlPMWnTEw2BGaP0xeRJwiGvo5q2Ltj+pgZ6gnrUGv"
    "oMUFsaVxpakO8abAQ==\n";

/* Argon2id at its cheapest, so that the tests stay quick. */
#define OPS_MIN crypto_pwhash_argon2id_OPSLIMIT_MIN
#define MEM_MIN crypto_pwhash_argon2id_MEMLIMIT_MIN

static struct sign_keypair *new_keypair(void)
{
	struct sign_keypair *kp = NULL;
	struct mp_error err;

	assert_int_equal(sign_keypair_generate(&kp, &err), MP_OK);
	assert_non_null(kp);
	return kp;
}

static struct mp_secret *passphrase(const char *text)
{
	struct mp_secret *s = NULL;
	struct mp_error err;

	assert_int_equal(secret_from(text, strlen(text), &s, &err), MP_OK);
	return s;
}

static char *sign_msg(const struct sign_keypair *kp, const char *msg,
		      const char *trusted)
{
	struct mp_error err;
	char *text = NULL;

	assert_int_equal(
	    sign_detached(kp, msg, strlen(msg), NULL, trusted, &text, &err),
	    MP_OK);
	return text;
}

/* Verify text against kp; returns the status and leaves err filled. */
static enum mp_status verify_msg(const char *text,
				 const struct sign_keypair *kp, const char *msg,
				 struct mp_error *err)
{
	struct sign_verified out;
	enum mp_status st;

	st = sign_verify(text, strlen(text), kp->keyid, kp->pk, msg,
			 strlen(msg), &out, err);
	sign_verified_free(&out);
	return st;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void assert_error(enum mp_status got, const struct mp_error *err,
			 enum mp_status want, const char *words)
{
	if (got != want || !strstr(err->message, words))
		fail_msg("got %s \"%s\", want %s with \"%s\"",
			 mp_status_name(got), err->message,
			 mp_status_name(want), words);
}

static void test_sign_verify_round_trip(void **state)
{
	struct sign_keypair *kp = new_keypair();
	char *text = sign_msg(kp, MSG, "agreement 7 version 2 mentor");
	struct sign_verified out;
	struct mp_error err;

	(void)state;
	assert_true(starts_with(text, "untrusted comment: signature from "
				      "mentorpact secret key\nRU"));
	assert_non_null(strstr(text, "\ntrusted comment: agreement 7 "
				     "version 2 mentor\n"));
	assert_int_equal(text[strlen(text) - 1], '\n');
	assert_int_equal(sign_verify(text, strlen(text), kp->keyid, kp->pk, MSG,
				     strlen(MSG), &out, &err),
			 MP_OK);
	assert_string_equal(out.trusted_comment,
			    "agreement 7 version 2 mentor");
	assert_memory_equal(out.keyid, kp->keyid, SIGN_KEYID_BYTES);
	assert_int_equal(out.prehashed, 1);
	sign_verified_free(&out);
	free(text);
	sign_keypair_free(kp);
}

static void test_empty_message_and_comments(void **state)
{
	struct sign_keypair *kp = new_keypair();
	struct mp_error err;
	char *text = NULL;

	(void)state;
	assert_int_equal(sign_detached(kp, NULL, 0, "", "", &text, &err),
			 MP_OK);
	assert_non_null(strstr(text, "\ntrusted comment: \n"));
	assert_int_equal(verify_msg(text, kp, "", &err), MP_OK);
	free(text);
	sign_keypair_free(kp);
}

static void test_message_changed(void **state)
{
	struct sign_keypair *kp = new_keypair();
	char *text = sign_msg(kp, MSG, "t");
	char changed[] = MSG;
	struct mp_error err;

	(void)state;
	changed[3] ^= 1;
	assert_error(verify_msg(text, kp, changed, &err), &err, MP_ERR_VERIFY,
		     "the signed text was changed or the signature is "
		     "damaged");
	assert_error(verify_msg(text, kp, MSG "\n", &err), &err, MP_ERR_VERIFY,
		     "the signed text was changed");
	free(text);
	sign_keypair_free(kp);
}

static void test_trusted_comment_changed(void **state)
{
	struct sign_keypair *kp = new_keypair();
	char *text = sign_msg(kp, MSG, "role mentor");
	char *at = strstr(text, "role mentor");
	struct mp_error err;

	(void)state;
	memcpy(at, "role mentee", 11);
	assert_error(verify_msg(text, kp, MSG, &err), &err, MP_ERR_VERIFY,
		     "the trusted comment was changed");
	free(text);
	sign_keypair_free(kp);
}

static void test_untrusted_comment_is_not_signed(void **state)
{
	struct sign_keypair *kp = new_keypair();
	struct mp_error err;
	char *text = NULL, *copy;

	(void)state;
	assert_int_equal(
	    sign_detached(kp, MSG, strlen(MSG), "aaaa", "t", &text, &err),
	    MP_OK);
	copy = strdup(text);
	memcpy(strstr(copy, "aaaa"), "bbbb", 4);
	assert_int_equal(verify_msg(copy, kp, MSG, &err), MP_OK);
	free(copy);
	free(text);
	sign_keypair_free(kp);
}

static void test_key_id_mismatch(void **state)
{
	struct sign_keypair *kp = new_keypair(), *other = new_keypair();
	char *text = sign_msg(kp, MSG, "t");
	char have[SIGN_KEYID_HEX], want[SIGN_KEYID_HEX], words[128];
	struct mp_error err;

	(void)state;
	sign_keyid_hex(kp->keyid, have);
	sign_keyid_hex(other->keyid, want);
	snprintf(words, sizeof(words),
		 "signed with a different key (key id %s, expected %s)", have,
		 want);
	assert_error(verify_msg(text, other, MSG, &err), &err, MP_ERR_VERIFY,
		     words);
	/* The same key id on another key still fails, on the signature. */
	memcpy(other->keyid, kp->keyid, SIGN_KEYID_BYTES);
	assert_error(verify_msg(text, other, MSG, &err), &err, MP_ERR_VERIFY,
		     "the signed text was changed");
	free(text);
	sign_keypair_free(kp);
	sign_keypair_free(other);
}

static void test_keyid_hex(void **state)
{
	static const unsigned char id[8] = {1, 2, 3, 4, 5, 6, 0xab, 0xcd};
	static const unsigned char small[8] = {0x61, 0xa6, 0xe1, 0x4e,
					       0xf3, 0xe1, 0x5f, 0x0b};
	char hex[SIGN_KEYID_HEX];

	(void)state;
	sign_keyid_hex(id, hex);
	assert_string_equal(hex, "CDAB060504030201");
	/* Always 16 digits, as current minisign prints them. */
	sign_keyid_hex(small, hex);
	assert_string_equal(hex, "0B5FE1F34EE1A661");
}

static void test_pubkey_text_and_parse(void **state)
{
	struct sign_keypair *kp = new_keypair();
	unsigned char id[SIGN_KEYID_BYTES], pk[SIGN_PK_BYTES];
	char hex[SIGN_KEYID_HEX], first[64], *text = NULL;
	const char *line2;
	struct mp_error err;

	(void)state;
	assert_int_equal(sign_pubkey_text(kp->keyid, kp->pk, NULL, &text, &err),
			 MP_OK);
	sign_keyid_hex(kp->keyid, hex);
	snprintf(first, sizeof(first),
		 "untrusted comment: minisign public key %s\nRW", hex);
	assert_true(starts_with(text, first));
	assert_int_equal(strlen(text), strlen(first) - 2 + 56 + 1);
	assert_int_equal(sign_pubkey_parse(text, strlen(text), id, pk, &err),
			 MP_OK);
	assert_memory_equal(id, kp->keyid, sizeof(id));
	assert_memory_equal(pk, kp->pk, sizeof(pk));
	/* The key line alone, with or without its newline. */
	line2 = strchr(text, '\n') + 1;
	memset(pk, 0, sizeof(pk));
	assert_int_equal(sign_pubkey_parse(line2, 56, id, pk, &err), MP_OK);
	assert_memory_equal(pk, kp->pk, sizeof(pk));
	assert_int_equal(sign_pubkey_parse(line2, 57, id, pk, &err), MP_OK);
	free(text);
	assert_int_equal(
	    sign_pubkey_text(kp->keyid, kp->pk, "Ann Smith", &text, &err),
	    MP_OK);
	assert_true(starts_with(text, "untrusted comment: Ann Smith\nRW"));
	free(text);
	assert_error(sign_pubkey_text(kp->keyid, kp->pk, "a\nb", &text, &err),
		     &err, MP_ERR_INVALID, "control characters");
	assert_null(text);
	sign_keypair_free(kp);
}

static void test_pubkey_parse_errors(void **state)
{
	unsigned char id[SIGN_KEYID_BYTES], pk[SIGN_PK_BYTES];
	struct mp_error err;
	static const struct {
		const char *text, *words;
	} bad[] = {
	    {"", "empty"},
	    {"untrusted comment: x\n", "no key line"},
	    {"untrusted comment: x\nRWRl!!\n", "not valid base64"},
	    {"untrusted comment: x\nRWRlYNoO\n", "wrong length"},
	    /* "ED" where a public key has "Ed" */
	    {"RURlYNoOGwH/x/oNi7S6hq0Z26W15qiQVwrldGq1587Q5w23+f7N72sl",
	     "unknown public key algorithm 0x4544"},
	    {"RWRlYNoOGwH/x/oNi7S6hq0Z26W15qiQVwrldGq1587Q5w23+f7N72sl\n"
	     "more\n",
	     "unexpected text"},
	    {"untrusted comment: a\x1b[2Jb\n"
	     "RWRlYNoOGwH/x/oNi7S6hq0Z26W15qiQVwrldGq1587Q5w23+f7N72sl\n",
	     "control characters"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_error(sign_pubkey_parse(bad[i].text, strlen(bad[i].text),
					       id, pk, &err),
			     &err, MP_ERR_INVALID, bad[i].words);
	assert_error(sign_pubkey_parse(NULL, 0, id, pk, &err), &err,
		     MP_ERR_INVALID, "empty");
}

/* The four lines of a signature, to take apart and put together. */
struct lines {
	char l[4][256];
};

static void split(const char *text, struct lines *out)
{
	for (int i = 0; i < 4; i++) {
		const char *nl = strchr(text, '\n');
		assert_non_null(nl);
		assert_true((size_t)(nl - text) < sizeof(out->l[i]));
		memcpy(out->l[i], text, (size_t)(nl - text));
		out->l[i][nl - text] = '\0';
		text = nl + 1;
	}
}

/* Base64 of the signature line's bytes with the algorithm replaced. */
static void set_alg(char *line, const char *alg)
{
	unsigned char bin[74];
	size_t len;

	assert_int_equal(sodium_base642bin(bin, sizeof(bin), line, strlen(line),
					   NULL, &len, NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
	memcpy(bin, alg, 2);
	assert_non_null(sodium_bin2base64(line, 256, bin, len,
					  sodium_base64_VARIANT_ORIGINAL));
}

static void test_malformed_minisig(void **state)
{
	struct sign_keypair *kp = new_keypair();
	char *text = sign_msg(kp, MSG, "t"), buf[1200], alg_xx[256];
	struct sign_minisig sig;
	struct mp_error err;
	struct lines x;

	(void)state;
	split(text, &x);
	strcpy(alg_xx, x.l[1]);
	set_alg(alg_xx, "XY");
	const struct {
		const char *a, *b, *c, *d, *words;
	} bad[] = {
	    {"", "", "", "", "no untrusted comment line"},
	    {x.l[0], "", "", "", "no signature line"},
	    {x.l[0], x.l[1], "", "", "no trusted comment line"},
	    {x.l[0], x.l[1], x.l[2], "", "no global signature line"},
	    {"comment: x", x.l[1], x.l[2], x.l[3],
	     "untrusted comment line must start with"},
	    {x.l[0], "RUR*", x.l[2], x.l[3], "signature is not valid base64"},
	    {x.l[0], "RURlYNoOGwH/", x.l[2], x.l[3],
	     "signature has the wrong length (9 bytes, expected 74)"},
	    {x.l[0], alg_xx, x.l[2], x.l[3],
	     "unknown signature algorithm 0x5859"},
	    {x.l[0], x.l[1], "trusted: t", x.l[3],
	     "trusted comment line must start with"},
	    {x.l[0], x.l[1], "trusted comment: a\rb", x.l[3],
	     "control characters"},
	    {x.l[0], x.l[1], x.l[2], "xw5N ulH5",
	     "global signature is not valid base64"},
	    {x.l[0], x.l[1], x.l[2], x.l[1],
	     "global signature has the wrong length (74 bytes, "
	     "expected 64)"},
	    {x.l[0], x.l[1], x.l[2], x.l[3] + 1,
	     "global signature is not valid base64"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int n = snprintf(buf, sizeof(buf), "%s%s%s%s%s%s%s", bad[i].a,
				 *bad[i].b ? "\n" : "", bad[i].b,
				 *bad[i].c ? "\n" : "", bad[i].c,
				 *bad[i].d ? "\n" : "", bad[i].d);
		assert_error(sign_minisig_parse(buf, (size_t)n, &sig, &err),
			     &err, MP_ERR_INVALID, bad[i].words);
		assert_null(sig.trusted_comment);
		assert_error(verify_msg(buf, kp, MSG, &err), &err,
			     MP_ERR_INVALID, bad[i].words);
	}
	snprintf(buf, sizeof(buf), "%sjunk\n", text);
	assert_error(sign_minisig_parse(buf, strlen(buf), &sig, &err), &err,
		     MP_ERR_INVALID, "unexpected text after");
	free(text);
	sign_keypair_free(kp);
}

static void test_parse_line_endings(void **state)
{
	struct sign_keypair *kp = new_keypair();
	char *text = sign_msg(kp, MSG, "t"), buf[1200];
	struct sign_minisig sig;
	struct mp_error err;
	struct lines x;

	(void)state;
	split(text, &x);
	/* CRLF, as a mail client may leave it, and no final newline. */
	snprintf(buf, sizeof(buf), "%s\r\n%s\r\n%s\r\n%s\r\n", x.l[0], x.l[1],
		 x.l[2], x.l[3]);
	assert_int_equal(verify_msg(buf, kp, MSG, &err), MP_OK);
	snprintf(buf, sizeof(buf), "%s\n%s\n%s\n%s", x.l[0], x.l[1], x.l[2],
		 x.l[3]);
	assert_int_equal(verify_msg(buf, kp, MSG, &err), MP_OK);
	snprintf(buf, sizeof(buf), "%s\n\n", text);
	assert_int_equal(sign_minisig_parse(buf, strlen(buf), &sig, &err),
			 MP_OK);
	assert_string_equal(sig.untrusted_comment,
			    "signature from mentorpact secret key");
	assert_string_equal(sig.trusted_comment, "t");
	assert_int_equal(sig.prehashed, 1);
	sign_minisig_free(&sig);
	/* A NUL inside the text is not a line end. */
	memcpy(buf, text, strlen(text));
	buf[strlen(x.l[0]) + 1 + strlen(x.l[1]) + 1 + 17] = '\0';
	assert_error(sign_minisig_parse(buf, strlen(text), &sig, &err), &err,
		     MP_ERR_INVALID, "control characters");
	free(text);
	sign_keypair_free(kp);
}

static void test_comments_refused(void **state)
{
	static const char *const bad[] = {
	    "a\nb", "a\rb", "\x1b[31m", "tab\there", "del\x7f", "c1 \xc2\x9b"};
	struct sign_keypair *kp = new_keypair();
	char *text = NULL, *long_comment;
	struct mp_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_error(
		    sign_detached(kp, MSG, 3, NULL, bad[i], &text, &err), &err,
		    MP_ERR_INVALID, "control characters");
		assert_error(
		    sign_detached(kp, MSG, 3, bad[i], "ok", &text, &err), &err,
		    MP_ERR_INVALID, "untrusted comment");
		assert_null(text);
	}
	long_comment = calloc(1, SIGN_TRUSTED_MAX + 2);
	memset(long_comment, 'a', SIGN_TRUSTED_MAX + 1);
	assert_error(sign_detached(kp, MSG, 3, NULL, long_comment, &text, &err),
		     &err, MP_ERR_INVALID, "too long");
	long_comment[SIGN_TRUSTED_MAX] = '\0';
	assert_int_equal(
	    sign_detached(kp, MSG, 3, NULL, long_comment, &text, &err), MP_OK);
	free(text);
	long_comment[SIGN_UNTRUSTED_MAX + 1] = '\0';
	assert_error(sign_detached(kp, MSG, 3, long_comment, "t", &text, &err),
		     &err, MP_ERR_INVALID, "too long");
	free(long_comment);
	/* Names in UTF-8 are fine. */
	assert_int_equal(sign_detached(kp, MSG, 3, NULL,
				       "name Jos\xc3\xa9 \xc5\x81ukasz", &text,
				       &err),
			 MP_OK);
	free(text);
	sign_keypair_free(kp);
}

/* A legacy "Ed" signature, made by hand the way minisign -l makes one. */
static char *legacy_sign(const struct sign_keypair *kp, const char *msg,
			 const char *trusted)
{
	unsigned char bin[74], global[64], buf[64 + 64];
	char l2[128], l4[128], *text;

	memcpy(bin, "Ed", 2);
	memcpy(bin + 2, kp->keyid, 8);
	assert_int_equal(crypto_sign_detached(bin + 10, NULL,
					      (const unsigned char *)msg,
					      strlen(msg), kp->sk->data),
			 0);
	memcpy(buf, bin + 10, 64);
	memcpy(buf + 64, trusted, strlen(trusted));
	assert_int_equal(crypto_sign_detached(global, NULL, buf,
					      64 + strlen(trusted),
					      kp->sk->data),
			 0);
	assert_non_null(sodium_bin2base64(l2, sizeof(l2), bin, sizeof(bin),
					  sodium_base64_VARIANT_ORIGINAL));
	assert_non_null(sodium_bin2base64(l4, sizeof(l4), global,
					  sizeof(global),
					  sodium_base64_VARIANT_ORIGINAL));
	text = malloc(512);
	snprintf(text, 512,
		 "untrusted comment: x\n%s\ntrusted comment: %s\n%s\n", l2,
		 trusted, l4);
	return text;
}

static void test_legacy_verify(void **state)
{
	struct sign_keypair *kp = new_keypair();
	char *text = legacy_sign(kp, MSG, "old");
	struct sign_verified out;
	struct mp_error err;

	(void)state;
	assert_int_equal(sign_verify(text, strlen(text), kp->keyid, kp->pk, MSG,
				     strlen(MSG), &out, &err),
			 MP_OK);
	assert_int_equal(out.prehashed, 0);
	assert_string_equal(out.trusted_comment, "old");
	sign_verified_free(&out);
	assert_error(verify_msg(text, kp, "We agree.\n", &err), &err,
		     MP_ERR_VERIFY, "the signed text was changed");
	free(text);
	sign_keypair_free(kp);
}

/* Signatures made by minisign 0.11 itself. */
static void test_minisign_vectors(void **state)
{
	unsigned char id[SIGN_KEYID_BYTES], pk[SIGN_PK_BYTES];
	char hex[SIGN_KEYID_HEX];
	struct sign_verified out;
	struct mp_error err;
	static const struct {
		const char *text, *comment;
		int prehashed;
	} v[] = {
	    {minisign_ed, "agreement 1 version 1 mentor", 1},
	    {minisign_legacy, "legacy", 0},
	    {minisign_default, "timestamp:1795364939\tfile:msg.txt\thashed", 1},
	};

	(void)state;
	assert_int_equal(
	    sign_pubkey_parse(minisign_pub, strlen(minisign_pub), id, pk, &err),
	    MP_OK);
	sign_keyid_hex(id, hex);
	assert_string_equal(hex, "C7FF011B0EDA6065");
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_int_equal(sign_verify(v[i].text, strlen(v[i].text), id,
					     pk, MSG, strlen(MSG), &out, &err),
				 MP_OK);
		assert_string_equal(out.trusted_comment, v[i].comment);
		assert_int_equal(out.prehashed, v[i].prehashed);
		sign_verified_free(&out);
		assert_int_equal(sign_verify(v[i].text, strlen(v[i].text), id,
					     pk, MSG, 5, NULL, &err),
				 MP_ERR_VERIFY);
	}
}

/*
 * minisign's unencrypted (-W) secret key for minisign_pub: "Ed", no KDF,
 * "B2", salt (32), opslimit (8), memlimit (8), key id (8), secret key (64),
 * checksum (32).  Ed25519 is deterministic, so signing with it must give
 * minisign's own signature file to the byte.
 */
static const char minisign_sec[] =
    "RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAZWDaDhsB/8fpIxbTe5noStRdluMOMuE48OL5oRA7abvUOFw2NaHUm/oNi7S6hq0Z26"
    "W15qiQVwrldGq1587Q5w23+f7N72slAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAA=";

static void test_same_bytes_as_minisign(void **state)
{
	struct sign_keypair kp;
	unsigned char bin[158];
	struct mp_error err;
	char *text = NULL;
	size_t len;

	(void)state;
	assert_int_equal(sodium_base642bin(bin, sizeof(bin), minisign_sec,
					   strlen(minisign_sec), NULL, &len,
					   NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
	assert_int_equal(len, sizeof(bin));
	memcpy(kp.keyid, bin + 54, SIGN_KEYID_BYTES);
	memcpy(kp.pk, bin + 62 + 32, SIGN_PK_BYTES);
	assert_int_equal(secret_from(bin + 62, SIGN_SK_BYTES, &kp.sk, &err),
			 MP_OK);
	assert_int_equal(sign_detached(&kp, MSG, strlen(MSG),
				       "signature from minisign secret key",
				       "agreement 1 version 1 mentor", &text,
				       &err),
			 MP_OK);
	assert_string_equal(text, minisign_ed);
	free(text);
	assert_int_equal(sign_pubkey_text(kp.keyid, kp.pk, NULL, &text, &err),
			 MP_OK);
	assert_string_equal(text, minisign_pub);
	free(text);
	secret_free(kp.sk);
	sodium_memzero(bin, sizeof(bin));
}

static void test_seal_round_trip(void **state)
{
	struct sign_keypair *kp = new_keypair(), *back = NULL;
	struct mp_secret *pass = passphrase("correct horse");
	unsigned char *blob = NULL;
	size_t len = 0;
	struct mp_error err;
	char *text;

	(void)state;
	assert_int_equal(
	    sign_keypair_seal(kp, pass, OPS_MIN, MEM_MIN, &blob, &len, &err),
	    MP_OK);
	assert_int_equal(len, SIGN_SEALED_BYTES);
	assert_int_equal(blob[0], 1);
	/* Nothing of the secret half is in the clear. */
	for (size_t i = 0; i + 32 <= len; i++)
		assert_true(memcmp(blob + i, kp->sk->data, 32) != 0);
	assert_int_equal(sign_keypair_unseal(blob, len, pass, &back, &err),
			 MP_OK);
	assert_memory_equal(back->keyid, kp->keyid, SIGN_KEYID_BYTES);
	assert_memory_equal(back->pk, kp->pk, SIGN_PK_BYTES);
	assert_memory_equal(back->sk->data, kp->sk->data, SIGN_SK_BYTES);
	text = sign_msg(back, MSG, "t");
	assert_int_equal(verify_msg(text, kp, MSG, &err), MP_OK);
	free(text);
	free(blob);
	sign_keypair_free(back);
	secret_free(pass);
	sign_keypair_free(kp);
}

static void test_seal_default_limits(void **state)
{
	struct sign_keypair *kp = new_keypair(), *back = NULL;
	struct mp_secret *pass = passphrase("pass");
	unsigned char *blob = NULL;
	size_t len = 0;
	struct mp_error err;

	(void)state;
	assert_int_equal(sign_keypair_seal(kp, pass, 0, 0, &blob, &len, &err),
			 MP_OK);
	assert_int_equal(sign_keypair_unseal(blob, len, pass, &back, &err),
			 MP_OK);
	assert_memory_equal(back->sk->data, kp->sk->data, SIGN_SK_BYTES);
	free(blob);
	sign_keypair_free(back);
	secret_free(pass);
	sign_keypair_free(kp);
}

static void test_unseal_wrong_passphrase(void **state)
{
	struct sign_keypair *kp = new_keypair(), *back = NULL;
	struct mp_secret *pass = passphrase("correct horse");
	struct mp_secret *wrong = passphrase("correct hose");
	unsigned char *blob = NULL;
	size_t len = 0;
	struct mp_error err;

	(void)state;
	assert_int_equal(
	    sign_keypair_seal(kp, pass, OPS_MIN, MEM_MIN, &blob, &len, &err),
	    MP_OK);
	assert_error(sign_keypair_unseal(blob, len, wrong, &back, &err), &err,
		     MP_ERR_PASSPHRASE, "wrong signing passphrase");
	assert_null(back);
	free(blob);
	secret_free(wrong);
	secret_free(pass);
	sign_keypair_free(kp);
}

static void test_unseal_tampered(void **state)
{
	struct sign_keypair *kp = new_keypair(), *back = NULL;
	struct mp_secret *pass = passphrase("pw");
	unsigned char *blob = NULL, copy[SIGN_SEALED_BYTES];
	size_t len = 0;
	struct mp_error err;

	(void)state;
	assert_int_equal(
	    sign_keypair_seal(kp, pass, OPS_MIN, MEM_MIN, &blob, &len, &err),
	    MP_OK);
	/* Any changed byte of the key id, key, salt, nonce or box fails. */
	const size_t at[] = {1, 9, 41, 57 + 16, 97, SIGN_SEALED_BYTES - 1};
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		memcpy(copy, blob, len);
		copy[at[i]] ^= 0x20;
		assert_error(sign_keypair_unseal(copy, len, pass, &back, &err),
			     &err, MP_ERR_PASSPHRASE, "damaged");
		assert_null(back);
	}
	assert_error(sign_keypair_unseal(blob, len - 1, pass, &back, &err),
		     &err, MP_ERR_INVALID, "not a sealed signing key");
	assert_error(sign_keypair_unseal(NULL, 0, pass, &back, &err), &err,
		     MP_ERR_INVALID, "not a sealed signing key");
	memcpy(copy, blob, len);
	copy[0] = 2;
	assert_error(sign_keypair_unseal(copy, len, pass, &back, &err), &err,
		     MP_ERR_INVALID, "unknown version 2");
	memcpy(copy, blob, len);
	copy[57 + 7] = 0x80; /* an absurd opslimit */
	assert_error(sign_keypair_unseal(copy, len, pass, &back, &err), &err,
		     MP_ERR_INVALID, "out of range");
	memcpy(copy, blob, len);
	copy[65 + 6] = 0x01; /* a 256 TiB memlimit */
	assert_error(sign_keypair_unseal(copy, len, pass, &back, &err), &err,
		     MP_ERR_INVALID, "out of range");
	assert_null(back);
	free(blob);
	secret_free(pass);
	sign_keypair_free(kp);
}

static void test_seal_refuses(void **state)
{
	struct sign_keypair *kp = new_keypair();
	struct mp_secret *pass = passphrase("pw");
	unsigned char *blob = NULL;
	char *text = NULL;
	size_t len = 0;
	struct mp_error err;

	(void)state;
	assert_error(
	    sign_keypair_seal(kp, pass, 100, MEM_MIN, &blob, &len, &err), &err,
	    MP_ERR_INVALID, "out of range");
	assert_error(
	    sign_keypair_seal(kp, pass, OPS_MIN, 1024, &blob, &len, &err), &err,
	    MP_ERR_INVALID, "out of range");
	kp->pk[0] ^= 1;
	assert_error(
	    sign_keypair_seal(kp, pass, OPS_MIN, MEM_MIN, &blob, &len, &err),
	    &err, MP_ERR_INVALID, "halves do not match");
	assert_error(sign_detached(kp, MSG, 3, NULL, "t", &text, &err), &err,
		     MP_ERR_INVALID, "halves do not match");
	assert_null(text);
	assert_null(blob);
	assert_int_equal(len, 0);
	secret_free(pass);
	sign_keypair_free(kp);
	sign_keypair_free(NULL);
	sign_minisig_free(NULL);
	sign_verified_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sign_verify_round_trip),
	    cmocka_unit_test(test_empty_message_and_comments),
	    cmocka_unit_test(test_message_changed),
	    cmocka_unit_test(test_trusted_comment_changed),
	    cmocka_unit_test(test_untrusted_comment_is_not_signed),
	    cmocka_unit_test(test_key_id_mismatch),
	    cmocka_unit_test(test_keyid_hex),
	    cmocka_unit_test(test_pubkey_text_and_parse),
	    cmocka_unit_test(test_pubkey_parse_errors),
	    cmocka_unit_test(test_malformed_minisig),
	    cmocka_unit_test(test_parse_line_endings),
	    cmocka_unit_test(test_comments_refused),
	    cmocka_unit_test(test_legacy_verify),
	    cmocka_unit_test(test_minisign_vectors),
	    cmocka_unit_test(test_same_bytes_as_minisign),
	    cmocka_unit_test(test_seal_round_trip),
	    cmocka_unit_test(test_seal_default_limits),
	    cmocka_unit_test(test_unseal_wrong_passphrase),
	    cmocka_unit_test(test_unseal_tampered),
	    cmocka_unit_test(test_seal_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
