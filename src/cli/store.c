/*
 * store.c - the store's commands: init, passwd, keys, check, backup.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "mentorpact/audit.h"
#include "mentorpact/secret.h"
#include "mentorpact/store.h"

#define MIN_PASSPHRASE 8

/* Parse the options every store command shares: --new-passphrase-file. */
static int parse_opts(const struct cli_command *cmd, int argc, char **argv,
		      const char **newfile, const char **kdf, int nargs)
{
	static const struct option opts[] = {
		{"new-passphrase-file", required_argument, NULL, 'n'},
		{"kdf", required_argument, NULL, 'k'},
		{NULL, 0, NULL, 0},
	};
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'n' && newfile)
			*newfile = optarg;
		else if (c == 'k' && kdf)
			*kdf = optarg;
		else
			return cli_usage(cmd, "unknown option '%s'",
					 argv[optind - 1]);
	}
	if (argc - optind != nargs)
		return cli_usage(cmd, "expected %d argument%s", nargs,
				 nargs == 1 ? "" : "s");
	return 0;
}

/* A new passphrase: from --new-passphrase-file, else asked twice. */
static enum mp_status new_passphrase(const struct cli_ctx *ctx,
				     const char *file, struct mp_secret **out,
				     struct mp_error *err)
{
	enum mp_status s;

	if (file)
		s = secret_read_file(file, out, err);
	else if (ctx->passphrase_file && !file)
		s = secret_read_file(ctx->passphrase_file, out, err);
	else
		s = secret_read_tty("New passphrase: ", 1, out, err);
	if (s == MP_OK && (*out)->len < MIN_PASSPHRASE) {
		secret_free(*out);
		*out = NULL;
		s = mp_error_set(err, MP_ERR_INVALID,
				 "the passphrase is too short: use at least "
				 "%d characters (a few unrelated words are "
				 "easy to remember and hard to guess)",
				 MIN_PASSPHRASE);
	}
	return s;
}

static int cmd_init(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *kdf_name = "moderate";
	struct mp_secret *pass;
	struct mp_error err;
	struct store *st;
	int kdf, rc;

	if ((rc = parse_opts(&cli_store_commands[0], argc, argv, NULL,
			     &kdf_name, 0)))
		return rc;
	kdf = store_kdf_parse(kdf_name);
	if (kdf < 0)
		return cli_usage(&cli_store_commands[0],
				 "unknown --kdf level '%s'", kdf_name);
	if (access(ctx->store_path, F_OK) == 0) {
		mp_error_set(&err, MP_ERR_EXISTS,
			     "%s already exists; nothing was changed",
			     ctx->store_path);
		return cli_fail(&err);
	}
	if (!ctx->passphrase_file)
		fprintf(stderr,
			"Creating a store at %s.\nChoose the administrator's "
			"passphrase: without it nothing in the store can be "
			"read,\nand it cannot be recovered.\n",
			ctx->store_path);
	if (new_passphrase(ctx, NULL, &pass, &err) != MP_OK)
		return cli_fail(&err);
	if (store_create(ctx->store_path, pass, (enum store_kdf)kdf, &st,
			 &err) != MP_OK) {
		secret_free(pass);
		return cli_fail(&err);
	}
	secret_free(pass);
	store_close(st);
	printf("created %s (key derivation: %s)\n", ctx->store_path,
	       kdf_name);
	return 0;
}

static int cmd_passwd(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *newfile = NULL;
	struct mp_secret *pass = NULL;
	struct mp_error err;
	struct store *st;
	int rc;

	if ((rc = parse_opts(&cli_store_commands[1], argc, argv, &newfile,
			     NULL, 0)))
		return rc;
	if (ctx->passphrase_file && !newfile)
		return cli_usage(&cli_store_commands[1],
				 "with --passphrase-file, give the new one "
				 "with --new-passphrase-file FILE");
	if (cli_open_store(ctx, &st, &err) != MP_OK)
		return cli_fail(&err);
	if (new_passphrase(ctx, newfile, &pass, &err) != MP_OK ||
	    store_passwd(st, pass, &err) != MP_OK) {
		secret_free(pass);
		store_close(st);
		return cli_fail(&err);
	}
	secret_free(pass);
	store_close(st);
	printf("passphrase changed\n");
	return 0;
}

static int keys_list(struct store *st)
{
	struct store_slot_info info[STORE_MAX_SLOTS];

	store_slots(st, info);
	printf("%-6s %s\n", "SLOT", "STATE");
	for (int i = 0; i < STORE_MAX_SLOTS; i++)
		if (info[i].in_use)
			printf("%-6d in use%s\n", i,
			       info[i].unlocked_this_session
				       ? " (the passphrase just given)"
				       : "");
	return 0;
}

static int keys_add(const struct cli_ctx *ctx, struct store *st,
		    const char *newfile)
{
	struct mp_secret *pass = NULL;
	struct mp_error err;
	int slot;

	if (new_passphrase(ctx, newfile, &pass, &err) != MP_OK ||
	    store_key_add(st, pass, &slot, &err) != MP_OK) {
		secret_free(pass);
		return cli_fail(&err);
	}
	secret_free(pass);
	printf("added a passphrase in key slot %d\n", slot);
	return 0;
}

static int keys_remove(struct store *st, const char *arg)
{
	struct mp_error err;
	char *end;
	long n = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || n < 0 || n >= STORE_MAX_SLOTS)
		return cli_usage(&cli_store_commands[2],
				 "'%s' is not a key slot number (0-%d)", arg,
				 STORE_MAX_SLOTS - 1);
	if (store_key_remove(st, (int)n, &err) != MP_OK)
		return cli_fail(&err);
	printf("removed key slot %ld\n", n);
	return 0;
}

static int cmd_keys(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *cmd = &cli_store_commands[2];
	const char *newfile = NULL, *sub;
	struct mp_error err;
	struct store *st;
	int rc, nargs;

	if (argc < 2)
		return cli_usage(cmd, "say list, add or remove");
	sub = argv[1];
	nargs = strcmp(sub, "remove") == 0 ? 1 : 0;
	if (strcmp(sub, "list") && strcmp(sub, "add") && strcmp(sub, "remove"))
		return cli_usage(cmd, "unknown keys command '%s'", sub);
	if ((rc = parse_opts(cmd, argc - 1, argv + 1, &newfile, NULL, nargs)))
		return rc;
	if (strcmp(sub, "add") == 0 && ctx->passphrase_file && !newfile)
		return cli_usage(cmd, "with --passphrase-file, give the new "
				      "one with --new-passphrase-file FILE");
	if (cli_open_store(ctx, &st, &err) != MP_OK)
		return cli_fail(&err);
	if (strcmp(sub, "list") == 0)
		rc = keys_list(st);
	else if (strcmp(sub, "add") == 0)
		rc = keys_add(ctx, st, newfile);
	else
		rc = keys_remove(st, argv[argc - 1]);
	store_close(st);
	return rc;
}

static int cmd_check(struct cli_ctx *ctx, int argc, char **argv)
{
	struct store_check_report r;
	struct mp_secret *pass;
	struct mp_error err;
	char prompt[4200];
	int rc;

	if ((rc = parse_opts(&cli_store_commands[3], argc, argv, NULL, NULL,
			     0)))
		return rc;
	snprintf(prompt, sizeof(prompt), "Passphrase for %s: ",
		 ctx->store_path);
	if (cli_read_passphrase(ctx, prompt, 0, &pass, &err) != MP_OK)
		return cli_fail(&err);
	if (store_check(ctx->store_path, pass, &r, &err) != MP_OK) {
		secret_free(pass);
		return cli_fail(&err);
	}
	secret_free(pass);
	printf("%s: ok: %llu pages authenticated (%llu free), both header "
	       "copies intact, integrity check ok\n",
	       ctx->store_path, (unsigned long long)r.pages,
	       (unsigned long long)r.free_pages);
	return 0;
}

static int cmd_backup(struct cli_ctx *ctx, int argc, char **argv)
{
	char line[AUDIT_HEAD_TEXT_MAX];
	struct audit_head head;
	struct mp_error err;
	struct store *st;
	int rc;

	if ((rc = parse_opts(&cli_store_commands[4], argc, argv, NULL, NULL,
			     1)))
		return rc;
	if (cli_open_store(ctx, &st, &err) != MP_OK)
		return cli_fail(&err);
	/* the head first: the backup holds at least these entries */
	if (audit_head_get(st, NULL, &head, NULL, &err) != MP_OK ||
	    store_backup(st, argv[argc - 1], &err) != MP_OK) {
		store_close(st);
		return cli_fail(&err);
	}
	store_close(st);
	audit_head_format(&head, line);
	printf("backed up %s to %s (it opens with the same passphrases)\n"
	       "audit head at the backup (keep it; 'audit --check-head' "
	       "compares):\n%s\n",
	       ctx->store_path, argv[argc - 1], line);
	return 0;
}

const struct cli_command cli_store_commands[] = {
	{"init", cmd_init, "init [--kdf interactive|moderate|sensitive]",
	 "create a new encrypted store"},
	{"passwd", cmd_passwd, "passwd [--new-passphrase-file FILE]",
	 "change the passphrase you open the store with"},
	{"keys", cmd_keys,
	 "keys list | keys add [--new-passphrase-file FILE] | keys remove N",
	 "list, add or remove the store's passphrases"},
	{"check", cmd_check, "check",
	 "authenticate every page and check the database"},
	{"backup", cmd_backup, "backup DEST",
	 "copy the store, online, to a new file"},
	{NULL, NULL, NULL, NULL},
};
