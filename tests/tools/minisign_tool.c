/*
 * minisign_tool.c - drive the signing module from a shell test, so that
 * tests/cli/minisign_interop.sh can check it against the real minisign.
 *
 *	minisign_tool keygen DIR
 *		make a key pair: DIR/key.pub (minisign's format) and
 *		DIR/key.sealed (sealed under the passphrase in the first
 *		line of DIR/passphrase)
 *	minisign_tool sign DIR MSGFILE "TRUSTED COMMENT"
 *		unseal DIR/key.sealed with DIR/passphrase and write
 *		MSGFILE.minisig
 *	minisign_tool verify PUBFILE MSGFILE SIGFILE
 *		print the trusted comment of a good signature
 *
 * Exit codes: 0 done, 1 verification failed, 2 any other failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/sign.h"

static int fail(const struct mp_error *err)
{
	fprintf(stderr, "minisign_tool: %s\n", err->message);
	return err->status == MP_ERR_VERIFY ? 1 : 2;
}

/* Read a whole file into a malloc'd, NUL-terminated buffer. */
static enum mp_status slurp(const char *path, char **buf, size_t *len,
			    struct mp_error *err)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, n = 0;
	char *p = malloc(cap);

	*buf = NULL;
	if (!f || !p) {
		free(p);
		if (f)
			fclose(f);
		return mp_error_set(err, MP_ERR_IO, "cannot read %s", path);
	}
	for (;;) {
		n += fread(p + n, 1, cap - n - 1, f);
		if (n < cap - 1)
			break;
		char *q = realloc(p, cap *= 2);
		if (!q) {
			free(p);
			fclose(f);
			return mp_error_set(err, MP_ERR_NOMEM, NULL);
		}
		p = q;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(p);
		return mp_error_set(err, MP_ERR_IO, "cannot read %s", path);
	}
	p[n] = '\0';
	*buf = p;
	*len = n;
	return MP_OK;
}

static enum mp_status spill(const char *path, const void *data, size_t len,
			    struct mp_error *err)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		return mp_error_set(err, MP_ERR_IO, "cannot write %s", path);
	return MP_OK;
}

/* a followed by b, in a malloc'd string; a test tool may abort on OOM. */
static char *concat(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 1;
	char *p = malloc(n);

	if (!p)
		abort();
	snprintf(p, n, "%s%s", a, b);
	return p;
}

static int keygen(const char *dir)
{
	char *pub_path = concat(dir, "/key.pub");
	char *sealed_path = concat(dir, "/key.sealed");
	char *pass_path = concat(dir, "/passphrase");
	struct sign_keypair *kp = NULL;
	struct mp_secret *pass = NULL;
	unsigned char *blob = NULL;
	char *pub = NULL;
	size_t blob_len;
	struct mp_error err;
	enum mp_status st;

	st = secret_read_file(pass_path, &pass, &err);
	if (st == MP_OK)
		st = sign_keypair_generate(&kp, &err);
	if (st == MP_OK)
		st = sign_keypair_seal(kp, pass, 0, 0, &blob, &blob_len, &err);
	if (st == MP_OK)
		st = sign_pubkey_text(kp->keyid, kp->pk, NULL, &pub, &err);
	if (st == MP_OK)
		st = spill(sealed_path, blob, blob_len, &err);
	if (st == MP_OK)
		st = spill(pub_path, pub, strlen(pub), &err);
	free(pub);
	free(blob);
	sign_keypair_free(kp);
	secret_free(pass);
	free(pass_path);
	free(sealed_path);
	free(pub_path);
	return st == MP_OK ? 0 : fail(&err);
}

static int sign(const char *dir, const char *msg_path, const char *comment)
{
	char *sealed_path = concat(dir, "/key.sealed");
	char *pass_path = concat(dir, "/passphrase");
	char *sig_path = concat(msg_path, ".minisig");
	char *blob = NULL, *msg = NULL, *sig = NULL;
	struct sign_keypair *kp = NULL;
	struct mp_secret *pass = NULL;
	size_t blob_len, msg_len;
	struct mp_error err;
	enum mp_status st;

	st = secret_read_file(pass_path, &pass, &err);
	if (st == MP_OK)
		st = slurp(sealed_path, &blob, &blob_len, &err);
	if (st == MP_OK)
		st = sign_keypair_unseal((unsigned char *)blob, blob_len, pass,
					 &kp, &err);
	if (st == MP_OK)
		st = slurp(msg_path, &msg, &msg_len, &err);
	if (st == MP_OK)
		st = sign_detached(kp, msg, msg_len, NULL, comment, &sig, &err);
	if (st == MP_OK)
		st = spill(sig_path, sig, strlen(sig), &err);
	free(sig);
	free(msg);
	sign_keypair_free(kp);
	free(blob);
	secret_free(pass);
	free(sig_path);
	free(pass_path);
	free(sealed_path);
	return st == MP_OK ? 0 : fail(&err);
}

static int verify(const char *pub_path, const char *msg_path,
		  const char *sig_path)
{
	unsigned char keyid[SIGN_KEYID_BYTES], pk[SIGN_PK_BYTES];
	char *pub = NULL, *msg = NULL, *sig = NULL;
	size_t pub_len, msg_len, sig_len;
	struct sign_verified out;
	struct mp_error err;
	enum mp_status st;

	st = slurp(pub_path, &pub, &pub_len, &err);
	if (st == MP_OK)
		st = slurp(msg_path, &msg, &msg_len, &err);
	if (st == MP_OK)
		st = slurp(sig_path, &sig, &sig_len, &err);
	if (st == MP_OK)
		st = sign_pubkey_parse(pub, pub_len, keyid, pk, &err);
	if (st == MP_OK)
		st = sign_verify(sig, sig_len, keyid, pk, msg, msg_len, &out,
				 &err);
	if (st == MP_OK) {
		printf("Trusted comment: %s\n%s\n", out.trusted_comment,
		       out.prehashed ? "prehashed" : "legacy");
		sign_verified_free(&out);
	}
	free(sig);
	free(msg);
	free(pub);
	return st == MP_OK ? 0 : fail(&err);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "keygen") == 0)
		return keygen(argv[2]);
	if (argc == 5 && strcmp(argv[1], "sign") == 0)
		return sign(argv[2], argv[3], argv[4]);
	if (argc == 5 && strcmp(argv[1], "verify") == 0)
		return verify(argv[2], argv[3], argv[4]);
	fprintf(stderr,
		"usage: minisign_tool keygen DIR\n"
		"       minisign_tool sign DIR MSGFILE COMMENT\n"
		"       minisign_tool verify PUBFILE MSGFILE SIGFILE\n");
	return 2;
}
