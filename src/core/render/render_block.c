/*
 * render_block.c - trusted comments and the signature block.
 *
 * The block carries each signer's minisign public key file and signature
 * file whole, base64-encoded and wrapped at 64 columns, so that no mail
 * client can reflow them and each decodes back to the exact file:
 *
 *	-----BEGIN MENTORPACT SIGNATURES-----
 *	(a few lines saying how to send and check it)
 *
 *	Mentor:        Priya Shah
 *	Signed:        2026-11-22T16:41:21Z
 *	Key id:        6A1F0C3B9D2E4F57
 *	mentor public key:
 *	dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXkgNkExRjBDM0I5
 *	...
 *	mentor signature:
 *	...
 *	-----END MENTORPACT SIGNATURES-----
 *
 * The readable lines come from the signatures' trusted comments, so the
 * whole block follows from the two files it carries.  An export starts
 * with the line RENDER_START (not signed), so that the signed text can
 * be found in a message; exports made before it start with the body and
 * carry an older help text (block_help_v1), which still reads as theirs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "render_internal.h"

#define B64_COLS  64
#define TC_PREFIX "mentorpact agreement:"
/* The size of struct render_trusted's name. */
#define NAME_BYTES 256

/* --- trusted comments -------------------------------------------------- */

/* An agreement id as agreement.c makes them: "XXXX-XXXX". */
static bool id_ok(const char *id)
{
	if (strlen(id) != AG_ID_SIZE - 1 || id[4] != '-')
		return false;
	for (int i = 0; i < AG_ID_SIZE - 1; i++)
		if (i != 4 && !((id[i] >= '0' && id[i] <= '9') ||
				(id[i] >= 'A' && id[i] <= 'Z')))
			return false;
	return true;
}

enum mp_status render_trusted_comment(const char *id, int version,
				      enum ag_role role, const char *name,
				      const char *utc_time, char *buf,
				      size_t size, struct mp_error *err)
{
	int n;

	if (!id || !id_ok(id) || version < 1 ||
	    (role != AG_MENTOR && role != AG_MENTEE))
		return mp_error_set(err, MP_ERR_INVALID,
				    "cannot sign: bad agreement id, version "
				    "or role");
	if (!utc_time || !*utc_time || strlen(utc_time) >= 32 ||
	    strcspn(utc_time, " ") != strlen(utc_time) ||
	    !rtext_safe(utc_time, strlen(utc_time)))
		return mp_error_set(err, MP_ERR_INVALID,
				    "cannot sign: bad signing time");
	if (!name || !*name || strlen(name) >= NAME_BYTES ||
	    !rtext_safe(name, strlen(name)))
		return mp_error_set(err, MP_ERR_INVALID,
				    "the name to sign with must be one line "
				    "of at most 255 bytes without control "
				    "characters");
	n = snprintf(buf, size,
		     TC_PREFIX "%s version:%d role:%s time:%s name:%s", id,
		     version, rbody_role_name(role), utc_time, name);
	if (n < 0 || (size_t)n >= size)
		return mp_error_set(err, MP_ERR_INVALID,
				    "the trusted comment does not fit in %zu "
				    "bytes",
				    size);
	return MP_OK;
}

/* Copy the token at *p up to stop (or to the end) into out. */
static bool token(const char **p, const char *stop, char *out, size_t size)
{
	const char *end = stop ? strstr(*p, stop) : *p + strlen(*p);
	size_t n;

	if (!end)
		return false;
	n = (size_t)(end - *p);
	if (n == 0 || n >= size)
		return false;
	memcpy(out, *p, n);
	out[n] = '\0';
	*p = end + (stop ? strlen(stop) : 0);
	return true;
}

static bool parse_fields(const char *text, struct render_trusted *out)
{
	const char *p = text + strlen(TC_PREFIX);
	char version[16], role[16];
	char *end;
	long v;

	if (strncmp(text, TC_PREFIX, strlen(TC_PREFIX)) != 0 ||
	    !token(&p, " version:", out->id, sizeof(out->id)) ||
	    !token(&p, " role:", version, sizeof(version)) ||
	    !token(&p, " time:", role, sizeof(role)) ||
	    !token(&p, " name:", out->time, sizeof(out->time)) ||
	    !token(&p, NULL, out->name, sizeof(out->name)))
		return false;
	v = strtol(version, &end, 10);
	if (*end || v < 1 || v > 1000000)
		return false;
	out->version = (int)v;
	if (!strcmp(role, "mentor"))
		out->role = AG_MENTOR;
	else if (!strcmp(role, "mentee"))
		out->role = AG_MENTEE;
	else
		return false;
	return true;
}

enum mp_status render_trusted_parse(const char *text,
				    struct render_trusted *out,
				    struct mp_error *err)
{
	char again[SIGN_TRUSTED_MAX + 1];

	memset(out, 0, sizeof(*out));
	/* Only the exact form render_trusted_comment writes is ours. */
	if (!text || !parse_fields(text, out) ||
	    render_trusted_comment(out->id, out->version, out->role, out->name,
				   out->time, again, sizeof(again),
				   NULL) != MP_OK ||
	    strcmp(again, text) != 0) {
		memset(out, 0, sizeof(*out));
		return mp_error_set(err, MP_ERR_INVALID,
				    "the trusted comment is not one "
				    "mentorpact writes");
	}
	return MP_OK;
}

/* --- writing the block --------------------------------------------------- */

/* Base64 of text, 64 columns a line. */
static void put_base64(struct rbuf *out, const char *text)
{
	size_t len = strlen(text);
	size_t size =
	    sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(size);

	if (!b64) {
		out->nomem = true;
		return;
	}
	sodium_bin2base64(b64, size, (const unsigned char *)text, len,
			  sodium_base64_VARIANT_ORIGINAL);
	for (size_t at = 0, n = strlen(b64); at < n; at += B64_COLS) {
		rbuf_add(out, b64 + at, n - at < B64_COLS ? n - at : B64_COLS);
		rbuf_puts(out, "\n");
	}
	free(b64);
}

static void key_value(struct rbuf *out, const char *key, const char *value)
{
	char first[32];
	char *clean = rtext_clean(value, strlen(value), false);

	if (!clean) {
		out->nomem = true;
		return;
	}
	snprintf(first, sizeof(first), "%-*s", RBODY_KEY_COLS, key);
	rtext_wrap(out, first, "               ", clean);
	free(clean);
}

/* Name and time as the signature's trusted comment gives them, else as
 * the agreement keeps them. */
static void signer_facts(const struct ag_signature *sig, char *name,
			 size_t name_size, char *time, size_t time_size)
{
	struct sign_minisig ms;
	struct render_trusted tc;

	snprintf(name, name_size, "%s", sig->name ? sig->name : "?");
	snprintf(time, time_size, "%s", sig->signed_at ? sig->signed_at : "?");
	if (sign_minisig_parse(sig->minisig, strlen(sig->minisig), &ms, NULL) !=
	    MP_OK)
		return;
	if (render_trusted_parse(ms.trusted_comment, &tc, NULL) == MP_OK) {
		snprintf(name, name_size, "%s", tc.name);
		snprintf(time, time_size, "%s", tc.time);
	}
	sign_minisig_free(&ms);
}

static void signer_part(struct rbuf *out, enum ag_role r,
			const struct ag_signature *sig)
{
	const char *key = r == AG_MENTOR ? "Mentor:" : "Mentee:";
	unsigned char keyid[SIGN_KEYID_BYTES], pk[SIGN_PK_BYTES];
	char name[256], time[64], hex[SIGN_KEYID_HEX] = "unreadable";

	rbuf_puts(out, "\n");
	if (!sig->present || !sig->minisig || !sig->pubkey) {
		key_value(out, key, "not signed");
		return;
	}
	signer_facts(sig, name, sizeof(name), time, sizeof(time));
	if (sign_pubkey_parse(sig->pubkey, strlen(sig->pubkey), keyid, pk,
			      NULL) == MP_OK)
		sign_keyid_hex(keyid, hex);
	key_value(out, key, name);
	key_value(out, "Signed:", time);
	key_value(out, "Key id:", hex);
	rbuf_printf(out, "%s public key:\n", rbody_role_name(r));
	put_base64(out, sig->pubkey);
	rbuf_printf(out, "%s signature:\n", rbody_role_name(r));
	put_base64(out, sig->minisig);
}

/* The help at the top of the block, as export writes it now. */
static void block_help(struct rbuf *help)
{
	rbuf_puts(help,
		  "The agreement is the text between the line \"" RENDER_START
		  "\" and the BEGIN line above, exactly as the mentor and the "
		  "mentee signed it; nothing else in this file or message is "
		  "signed. To send it, attach this file to an email (best), "
		  "or paste it whole, from its first line to the END line, "
		  "into a plain-text message; a mail program that rewraps "
		  "lines or retypes characters can break it. Check both "
		  "signatures with \"mentorpact verify FILE\"; FILE may be "
		  "this text, a saved email, an mbox or a Maildir folder. "
		  "To check them with minisign instead, \"mentorpact verify "
		  "FILE --extract DIR\" writes the signed text and each "
		  "signer's .minisig and .pub file; the keys and signatures "
		  "below are those files, base64-encoded.");
}

/* The help as exports made before mail intake wrote it: their blocks
 * must still read as unedited. */
static void block_help_v1(struct rbuf *help, const char *id)
{
	rbuf_printf(help,
		    "Everything above the BEGIN line is the agreement exactly "
		    "as it was signed; nothing after the END line is signed. "
		    "Check both signatures with \"mentorpact verify FILE\". "
		    "To check them with minisign instead, \"mentorpact export "
		    "%s --detached DIR\" writes this text and each signer's "
		    ".minisig and .pub file; the keys and signatures below "
		    "are those files, base64-encoded.",
		    id);
}

enum mp_status rblock_render_as(const char *id,
				const struct ag_signature sigs[2], bool v1,
				struct rbuf *out, struct mp_error *err)
{
	struct rbuf help = {0};

	if (v1)
		block_help_v1(&help, id);
	else
		block_help(&help);
	rbuf_puts(out, RENDER_BEGIN "\n");
	if (!help.nomem)
		rtext_wrap(out, "", "", help.s);
	rbuf_free(&help);
	for (int r = AG_MENTOR; r <= AG_MENTEE; r++)
		signer_part(out, (enum ag_role)r, &sigs[r]);
	rbuf_puts(out, RENDER_END "\n");
	if (out->nomem || help.nomem)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	return MP_OK;
}

enum mp_status rblock_render(const char *id, const struct ag_signature sigs[2],
			     struct rbuf *out, struct mp_error *err)
{
	return rblock_render_as(id, sigs, false, out, err);
}

enum mp_status render_export(const struct agreement *ag, char **out,
			     size_t *len, struct mp_error *err)
{
	struct rbuf b = {0};
	enum mp_status st;

	*out = NULL;
	if (len)
		*len = 0;
	if (!ag->body)
		return mp_error_set(
		    err, MP_ERR_STATE,
		    "agreement %s version %d is not signed yet, "
		    "so it has no text to export",
		    ag->id, ag->version);
	rbuf_puts(&b, RENDER_START "\n");
	rbuf_puts(&b, ag->body);
	st = rblock_render(ag->id, ag->sigs, &b, err);
	if (st != MP_OK) {
		rbuf_free(&b);
		return st;
	}
	*out = b.s;
	if (len)
		*len = b.len;
	return MP_OK;
}

void render_file_name(const char *id, int version, char *buf, size_t size)
{
	snprintf(buf, size, "agreement-%s-v%d.txt", id, version);
}

/* --- reading the block ------------------------------------------------- */

static bool base64_line(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '+' || *s == '/' ||
		      *s == '='))
			return false;
	return true;
}

static int label(const char *line, int *role);

/* Do the base64 lines of a part end properly at l->v[i]: at an empty
 * line, the next label, the END line or the end of the block? */
static bool base64_ends(const struct rlines *l, size_t i)
{
	int role;

	return i >= l->n || !*l->v[i] || !strcmp(l->v[i], RENDER_END) ||
	       label(l->v[i], &role) >= 0;
}

/* Decode the base64 lines from l->v[*i] on into a NUL-terminated text. */
static enum mp_status decode(const struct rlines *l, size_t *i, char **out,
			     const char **why)
{
	struct rbuf b64 = {0};
	unsigned char *bin;
	size_t bin_len;

	*out = NULL;
	rbuf_add(&b64, "", 0);
	while (*i < l->n && base64_line(l->v[*i]))
		rbuf_puts(&b64, l->v[(*i)++]);
	if (b64.nomem) {
		rbuf_free(&b64);
		return MP_ERR_NOMEM;
	}
	bin = malloc(b64.len / 4 * 3 + 1);
	if (!bin) {
		rbuf_free(&b64);
		return MP_ERR_NOMEM;
	}
	if (!base64_ends(l, *i))
		*why = "it is not valid base64 (a line of it holds characters "
		       "base64 does not use)";
	else if (!b64.len)
		*why = "it is empty";
	else if (sodium_base642bin(bin, b64.len / 4 * 3 + 1, b64.s, b64.len,
				   NULL, &bin_len, NULL,
				   sodium_base64_VARIANT_ORIGINAL) != 0)
		*why = "it is not valid base64";
	else if (memchr(bin, '\0', bin_len))
		*why = "it does not decode to text";
	rbuf_free(&b64);
	if (*why) {
		free(bin);
		return MP_ERR_INVALID;
	}
	bin[bin_len] = '\0';
	*out = (char *)bin;
	return MP_OK;
}

/* Which role and part a label line names: 0 key, 1 signature; -1 none. */
static int label(const char *line, int *role)
{
	static const char *const labels[2][2] = {
	    {"mentor public key:", "mentor signature:"},
	    {"mentee public key:", "mentee signature:"},
	};

	for (int r = 0; r < 2; r++)
		for (int part = 0; part < 2; part++)
			if (!strcmp(line, labels[r][part])) {
				*role = r;
				return part;
			}
	return -1;
}

static enum mp_status read_part(struct rblock_sigs *s, const struct rlines *l,
				size_t *i, int role, int part)
{
	char **slot = part ? &s->minisig[role] : &s->pubkey[role];
	const char *what = part ? "signature" : "public key";
	const char *why = NULL;
	enum mp_status st;
	char *text;

	s->present[role] = true;
	(*i)++;
	st = decode(l, i, &text, &why);
	if (st == MP_ERR_NOMEM)
		return st;
	if (*slot && !s->damaged[role][0]) {
		free(text);
		snprintf(s->damaged[role], sizeof(s->damaged[role]),
			 "it holds two %ss", what);
	} else if (st != MP_OK) {
		if (!s->damaged[role][0])
			snprintf(s->damaged[role], sizeof(s->damaged[role]),
				 "its %s is damaged: %s", what, why);
	} else if (!*slot) {
		*slot = text;
	} else {
		free(text);
	}
	return MP_OK;
}

enum mp_status rblock_read(const char *block, size_t len,
			   struct rblock_sigs *out, struct mp_error *err)
{
	struct rlines l;
	enum mp_status st = MP_OK;

	memset(out, 0, sizeof(*out));
	if (rlines_split(block, len, &l) != MP_OK)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	for (size_t i = 0; i < l.n && st == MP_OK;) {
		int role = 0, part = label(l.v[i], &role);

		if (part < 0)
			i++;
		else
			st = read_part(out, &l, &i, role, part);
	}
	rlines_free(&l);
	for (int r = 0; r < 2; r++)
		if (out->present[r] && !out->damaged[r][0] &&
		    (!out->minisig[r] || !out->pubkey[r]))
			snprintf(out->damaged[r], sizeof(out->damaged[r]),
				 "its %s is missing",
				 out->minisig[r] ? "public key" : "signature");
	if (st != MP_OK) {
		rblock_sigs_free(out);
		return mp_error_set(err, st, NULL);
	}
	return MP_OK;
}

void rblock_sigs_free(struct rblock_sigs *s)
{
	for (int r = 0; r < 2; r++) {
		free(s->minisig[r]);
		free(s->pubkey[r]);
	}
	memset(s, 0, sizeof(*s));
}
