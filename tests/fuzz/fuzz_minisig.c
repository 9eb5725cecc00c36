/*
 * fuzz_minisig.c - libFuzzer target for the signature and public key
 * readers.  The input is read as a .minisig file and as a public key, and
 * checked as a signature of a fixed message by the key of the seed corpus
 * (tests/fuzz/corpus/minisig/), so that the verifier runs too.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mentorpact/sign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* "RWRlYNoOGwH/x/oNi7S6hq0Z26W15qiQVwrldGq1587Q5w23+f7N72sl" */
	static const unsigned char keyid[SIGN_KEYID_BYTES] = {
	    0x65, 0x60, 0xda, 0x0e, 0x1b, 0x01, 0xff, 0xc7};
	static const char msg[] = "We agree to meet monthly.\n";
	unsigned char pk[SIGN_PK_BYTES], id[SIGN_KEYID_BYTES];
	static const char pub[] =
	    "RWRlYNoOGwH/x/oNi7S6hq0Z26W15qiQVwrldGq1587Q5w23+f7N72sl";
	const char *text = (const char *)data;
	struct sign_minisig sig;
	struct sign_verified ok;
	struct mp_error err;

	if (sign_minisig_parse(text, size, &sig, &err) == MP_OK)
		sign_minisig_free(&sig);
	sign_pubkey_parse(text, size, id, pk, &err);
	if (sign_pubkey_parse(pub, strlen(pub), id, pk, &err) != MP_OK ||
	    memcmp(id, keyid, sizeof(id)) != 0)
		__builtin_trap();
	if (sign_verify(text, size, keyid, pk, msg, strlen(msg), &ok, &err) ==
	    MP_OK)
		sign_verified_free(&ok);
	return 0;
}
