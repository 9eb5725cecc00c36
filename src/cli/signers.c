/*
 * signers.c - the register of signers and a person's own key:
 *
 *	signers [list] [--format table|keys|json]
 *	signers add FINGERPRINT EMAIL|NAME [--name NAME]
 *	signers retire FINGERPRINT [--reason TEXT]
 *	key export EMAIL|NAME -o FILE
 *	key import FILE
 *
 * The first three are the administrator's (the store's passphrase); the
 * key commands are the signer's: a key file is sealed under its owner's
 * signing passphrase, which key import asks for.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "mentorpact/secret.h"
#include "mentorpact/signers.h"
#include "mentorpact/store.h"

extern const struct cli_command cli_signers_commands[];
#define SIGNERS_CMD (&cli_signers_commands[0])
#define KEY_CMD	    (&cli_signers_commands[1])

/* --- signers list ---------------------------------------------------------- */

static void json_str(const char *s)
{
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static const char *who(const struct signer_entry *e)
{
	return e->email ? e->email : e->name ? e->name : "(erased)";
}

static void list_table(const struct signers_register *reg)
{
	char fp[SIGN_FP_TEXT];

	if (!reg->n) {
		printf("no signer keys in this store yet\n");
		return;
	}
	for (size_t i = 0; i < reg->n; i++) {
		const struct signer_entry *e = &reg->v[i];

		sign_fingerprint_text(e->fp, fp);
		printf("%s  %s%s%s%s\n", fp, who(e), e->email && e->name ? " (" : "",
		       e->email && e->name ? e->name : "",
		       e->email && e->name ? ")" : "");
		printf("    %s %s%s%s", e->source, e->first_seen,
		       e->agreement ? ", from agreement " : "",
		       e->agreement ? e->agreement : "");
		if (e->erased)
			printf("; person erased %s", e->erased);
		if (e->retired)
			printf("; RETIRED from %s%s%s", e->retired,
			       e->retired_why ? ": " : "",
			       e->retired_why ? e->retired_why : "");
		printf("\n");
	}
}

/* A keys file: the keys in use, for verify --keys. */
static void list_keys(const struct signers_register *reg)
{
	char fp[SIGN_FP_TEXT];

	printf("# mentorpact keys file: signer keys in use, one a line\n");
	for (size_t i = 0; i < reg->n; i++) {
		const struct signer_entry *e = &reg->v[i];

		if (e->retired || e->erased)
			continue;
		sign_fingerprint_text(e->fp, fp);
		printf("%s  %s\n", fp, who(e));
	}
}

static void list_json(const struct signers_register *reg)
{
	printf("[");
	for (size_t i = 0; i < reg->n; i++) {
		const struct signer_entry *e = &reg->v[i];

		printf("%s\n  {\"fingerprint\": \"%s\", \"email\": ",
		       i ? "," : "", e->fp);
		json_str(e->email);
		printf(", \"name\": ");
		json_str(e->name);
		printf(", \"first_seen\": ");
		json_str(e->first_seen);
		printf(", \"source\": ");
		json_str(e->source);
		printf(", \"agreement\": ");
		json_str(e->agreement);
		printf(", \"retired\": ");
		json_str(e->retired);
		printf(", \"erased\": ");
		json_str(e->erased);
		printf("}");
	}
	printf("%s]\n", reg->n ? "\n" : "");
}

static int signers_list(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
	struct signers_register reg;
	const char *format = "table";
	struct store *st = NULL;
	struct mp_error err;
	int c;
	enum mp_status s;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (c == 'f')
			format = optarg;
		else
			return cli_usage(SIGNERS_CMD, "unknown option '%s'",
					 argv[optind - 1]);
	if (optind != argc)
		return cli_usage(SIGNERS_CMD, "list takes no arguments");
	if (strcmp(format, "table") && strcmp(format, "keys") &&
	    strcmp(format, "json"))
		return cli_usage(SIGNERS_CMD,
				 "unknown format '%s' (table, keys or json)",
				 format);
	s = cli_open_store(ctx, &st, &err);
	if (s == MP_OK)
		s = signers_load(st, &reg, &err);
	store_close(st);
	if (s != MP_OK)
		return cli_fail(&err);
	if (!strcmp(format, "keys"))
		list_keys(&reg);
	else if (!strcmp(format, "json"))
		list_json(&reg);
	else
		list_table(&reg);
	signers_register_free(&reg);
	return 0;
}

/* --- signers add, retire ------------------------------------------------------ */

static int fingerprint_arg(const char *arg, char fp[SIGN_FP_HEX])
{
	size_t used = sign_fingerprint_parse(arg, fp);

	if (!used || arg[used])
		return cli_usage(SIGNERS_CMD,
				 "'%s' is not a key's fingerprint: 32 hex "
				 "digits, as verify and sign print them",
				 arg);
	return 0;
}

static int signers_add_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"name", required_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
	const char *name = NULL, *email = NULL;
	char fp[SIGN_FP_HEX], shown[SIGN_FP_TEXT];
	struct store *st = NULL;
	struct mp_error err;
	int c, rc;
	enum mp_status s;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (c == 'n')
			name = optarg;
		else
			return cli_usage(SIGNERS_CMD, "unknown option '%s'",
					 argv[optind - 1]);
	if (argc - optind != 2)
		return cli_usage(SIGNERS_CMD,
				 "add takes a fingerprint and an email (or a "
				 "name where the scheme has no email)");
	if ((rc = fingerprint_arg(argv[optind], fp)))
		return rc;
	if (strchr(argv[optind + 1], '@'))
		email = argv[optind + 1];
	else if (name)
		return cli_usage(SIGNERS_CMD,
				 "--name goes with an email; give the name "
				 "alone where there is no email");
	else
		name = argv[optind + 1];
	s = cli_open_store(ctx, &st, &err);
	if (s == MP_OK)
		s = signers_add(st, fp, email, name, &err);
	store_close(st);
	if (s != MP_OK)
		return cli_fail(&err);
	sign_fingerprint_text(fp, shown);
	printf("added the key %s for %s to the register\n", shown,
	       email ? email : name);
	return 0;
}

static int signers_retire_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"reason", required_argument, NULL, 'r'}, {NULL, 0, NULL, 0}};
	const char *reason = NULL;
	char fp[SIGN_FP_HEX], shown[SIGN_FP_TEXT];
	struct store *st = NULL;
	struct mp_error err;
	int c, rc;
	enum mp_status s;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (c == 'r')
			reason = optarg;
		else
			return cli_usage(SIGNERS_CMD, "unknown option '%s'",
					 argv[optind - 1]);
	if (argc - optind != 1)
		return cli_usage(SIGNERS_CMD, "retire takes one fingerprint");
	if ((rc = fingerprint_arg(argv[optind], fp)))
		return rc;
	s = cli_open_store(ctx, &st, &err);
	if (s == MP_OK)
		s = signers_retire(st, fp, NULL, reason, &err);
	store_close(st);
	if (s != MP_OK)
		return cli_fail(&err);
	sign_fingerprint_text(fp, shown);
	printf("retired the key %s: texts it signed before now stay valid, "
	       "later ones are refused\n",
	       shown);
	return 0;
}

static int cmd_signers(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *sub = argc > 1 && argv[1][0] != '-' ? argv[1] : "list";
	int shift = argc > 1 && argv[1][0] != '-' ? 1 : 0;

	cli_getopt_reset();
	argc -= shift;
	argv += shift;
	if (!strcmp(sub, "list"))
		return signers_list(ctx, argc, argv);
	if (!strcmp(sub, "add"))
		return signers_add_cmd(ctx, argc, argv);
	if (!strcmp(sub, "retire"))
		return signers_retire_cmd(ctx, argc, argv);
	return cli_usage(SIGNERS_CMD, "unknown subcommand '%s'", sub);
}

/* --- key export, import ---------------------------------------------------------- */

/* Write text to a new file, mode 0600, never over an existing one. */
static enum mp_status write_new(const char *path, const char *text,
				struct mp_error *err)
{
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int e;

	if (fd < 0)
		return mp_error_set(
		    err, errno == EEXIST ? MP_ERR_EXISTS : MP_ERR_IO,
		    "cannot create %s: %s%s", path, strerror(errno),
		    errno == EEXIST ? " (choose a new name)" : "");
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
		e = errno ? errno : EIO;
		close(fd);
		unlink(path);
		return mp_error_set(err, e == ENOSPC ? MP_ERR_FULL : MP_ERR_IO,
				    "cannot write %s: %s", path, strerror(e));
	}
	if (close(fd) != 0) {
		unlink(path);
		return mp_error_set(err, MP_ERR_IO, "cannot write %s", path);
	}
	return MP_OK;
}

static int key_export(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"output", required_argument, NULL, 'o'}, {NULL, 0, NULL, 0}};
	const char *out = NULL, *person;
	char fp[SIGN_FP_HEX], shown[SIGN_FP_TEXT], *text = NULL;
	struct store *st = NULL;
	struct mp_error err;
	int c;
	enum mp_status s;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1)
		if (c == 'o')
			out = optarg;
		else
			return cli_usage(KEY_CMD, "unknown option '%s'",
					 argv[optind - 1]);
	if (argc - optind != 1 || !out)
		return cli_usage(KEY_CMD,
				 "export takes your email (or name) and -o "
				 "FILE");
	person = argv[optind];
	s = cli_open_store(ctx, &st, &err);
	if (s == MP_OK)
		s = signers_key_export(st, strchr(person, '@') ? person : NULL,
				       person, &text, fp, &err);
	store_close(st);
	if (s == MP_OK)
		s = write_new(out, text, &err);
	free(text);
	if (s != MP_OK)
		return cli_fail(&err);
	sign_fingerprint_text(fp, shown);
	printf("wrote %s: the key %s, sealed under your signing passphrase.\n"
	       "Keep it to yourself; 'mentorpact key import %s' brings it "
	       "into another store.\n",
	       out, shown, out);
	return 0;
}

static enum mp_status read_small(const char *path, char **text, size_t *len,
				 struct mp_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(4097);
	size_t n;

	if (!f || !buf) {
		free(buf);
		if (f)
			fclose(f);
		return f ? mp_error_set(err, MP_ERR_NOMEM, NULL)
			 : mp_error_set(err,
					errno == ENOENT ? MP_ERR_NOT_FOUND
							: MP_ERR_IO,
					"cannot read %s: %s", path,
					strerror(errno));
	}
	n = fread(buf, 1, 4097, f);
	fclose(f);
	if (n > 4096) {
		free(buf);
		return mp_error_set(err, MP_ERR_INVALID,
				    "%s is too large to be a key file", path);
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return MP_OK;
}

static int key_import(struct cli_ctx *ctx, int argc, char **argv)
{
	char fp[SIGN_FP_HEX], shown[SIGN_FP_TEXT], *text = NULL;
	struct mp_secret *pass = NULL;
	struct store *st = NULL;
	struct mp_error err;
	bool already = false;
	size_t len = 0;
	enum mp_status s;

	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(KEY_CMD, "import takes one key file");
	s = read_small(argv[1], &text, &len, &err);
	if (s == MP_OK)
		s = ctx->signing_passphrase_file
			? secret_read_file(ctx->signing_passphrase_file, &pass,
					   &err)
			: secret_read_tty("Signing passphrase of this key: ", 0,
					  &pass, &err);
	if (s == MP_OK)
		s = cli_open_store(ctx, &st, &err);
	if (s == MP_OK)
		s = signers_key_import(st, text, len, pass, &already, fp,
				       &err);
	secret_free(pass);
	free(text);
	store_close(st);
	if (s != MP_OK)
		return cli_fail(&err);
	sign_fingerprint_text(fp, shown);
	printf("%s the key %s: you sign here with it, with its signing "
	       "passphrase\n",
	       already ? "this store already holds" : "brought in", shown);
	return 0;
}

static int cmd_key(struct cli_ctx *ctx, int argc, char **argv)
{
	cli_getopt_reset();
	if (argc < 2)
		return cli_usage(KEY_CMD, "give export or import");
	if (!strcmp(argv[1], "export"))
		return key_export(ctx, argc - 1, argv + 1);
	if (!strcmp(argv[1], "import"))
		return key_import(ctx, argc - 1, argv + 1);
	return cli_usage(KEY_CMD, "unknown subcommand '%s'", argv[1]);
}

const struct cli_command cli_signers_commands[] = {
    {"signers", cmd_signers,
     "signers [list [--format table|keys|json]] | add FINGERPRINT "
     "EMAIL|NAME [--name NAME] | retire FINGERPRINT [--reason TEXT]",
     "the register of signer keys: list, add (by phone), retire"},
    {"key", cmd_key, "key export EMAIL|NAME -o FILE | import FILE",
     "carry your sealed signing key to another store"},
    {NULL, NULL, NULL, NULL},
};
