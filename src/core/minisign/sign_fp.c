/*
 * sign_fp.c - how a person names a key: its fingerprint (BLAKE2b of the
 * public key, shown in groups of four hex digits and read back from them)
 * and minisign's key id as minisign prints it.
 */
#include <stddef.h>

#include <sodium.h>

#include "minisign_internal.h"
#include "mentorpact/sign.h"

/* --- key ids ----------------------------------------------------------- */

void sign_keyid_hex(const unsigned char keyid[SIGN_KEYID_BYTES],
		    char out[SIGN_KEYID_HEX])
{
	static const char digits[] = "0123456789ABCDEF";

	/* minisign prints le64_load(keyid) with %016" PRIX64 ". */
	for (int i = 0; i < SIGN_KEYID_BYTES; i++) {
		unsigned char b = keyid[SIGN_KEYID_BYTES - 1 - i];
		out[2 * i] = digits[b >> 4];
		out[2 * i + 1] = digits[b & 15];
	}
	out[2 * SIGN_KEYID_BYTES] = '\0';
}

/* --- fingerprints ------------------------------------------------------ */

void sign_fingerprint(const unsigned char pk[SIGN_PK_BYTES],
		      char hex[SIGN_FP_HEX])
{
	static const char label[] = "mentorpact key fingerprint";
	unsigned char fp[SIGN_FP_BYTES];
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, sizeof(fp));
	crypto_generichash_update(&h, (const unsigned char *)label,
				  sizeof(label) - 1);
	crypto_generichash_update(&h, pk, SIGN_PK_BYTES);
	crypto_generichash_final(&h, fp, sizeof(fp));
	sodium_bin2hex(hex, SIGN_FP_HEX, fp, sizeof(fp));
}

void sign_fingerprint_text(const char hex[SIGN_FP_HEX],
			   char out[SIGN_FP_TEXT])
{
	size_t n = 0;

	for (size_t i = 0; i < SIGN_FP_HEX - 1 && hex[i]; i++) {
		if (i && i % 4 == 0)
			out[n++] = ' ';
		out[n++] = (char)(hex[i] >= 'a' && hex[i] <= 'f'
					  ? hex[i] - 'a' + 'A'
					  : hex[i]);
	}
	out[n] = '\0';
}

static int hex_digit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

size_t sign_fingerprint_parse(const char *in, char hex[SIGN_FP_HEX])
{
	size_t i = 0, n = 0;

	while (n < SIGN_FP_HEX - 1) {
		if (hex_digit(in[i])) {
			char c = in[i++];
			hex[n++] = (char)(c >= 'A' && c <= 'F' ? c - 'A' + 'a'
							       : c);
		} else if (n && (in[i] == ' ' || in[i] == '-' ||
				 in[i] == ':') &&
			   hex_digit(in[i + 1])) {
			i++;
		} else {
			break;
		}
	}
	hex[n] = '\0';
	if (n != SIGN_FP_HEX - 1 || hex_digit(in[i])) {
		hex[0] = '\0';
		return 0;
	}
	return i;
}
