/* common.c - helpers shared by every command: errors, usage, passphrases. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "mentorpact/secret.h"
#include "mentorpact/store.h"

int cli_fail(const struct mp_error *err)
{
	fprintf(stderr, "mentorpact: %s\n",
		err->message[0] ? err->message
				: mp_status_message(err->status));
	return mp_status_exit_code(err->status);
}

int cli_usage(const struct cli_command *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("mentorpact: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: mentorpact %s\n", cmd->usage);
	return mp_status_exit_code(MP_ERR_USAGE);
}

void cli_getopt_reset(void)
{
	optind = 0; /* glibc: 0 re-initialises getopt completely */
	opterr = 0; /* commands report unknown options themselves */
}

enum mp_status cli_read_passphrase(const struct cli_ctx *ctx,
				   const char *prompt, int confirm,
				   struct mp_secret **out, struct mp_error *err)
{
	if (ctx->passphrase_file)
		return secret_read_file(ctx->passphrase_file, out, err);
	return secret_read_tty(prompt, confirm, out, err);
}

enum mp_status cli_open_store(const struct cli_ctx *ctx, struct store **out,
			      struct mp_error *err)
{
	struct mp_secret *pass;
	char prompt[4200];
	enum mp_status s;

	*out = NULL;
	if (access(ctx->store_path, F_OK) != 0)
		return mp_error_set(err, MP_ERR_NOT_FOUND,
				    "there is no store at %s; create one with "
				    "'mentorpact init'",
				    ctx->store_path);
	snprintf(prompt, sizeof(prompt), "Passphrase for %s: ",
		 ctx->store_path);
	if ((s = cli_read_passphrase(ctx, prompt, 0, &pass, err)) != MP_OK)
		return s;
	s = store_open(ctx->store_path, pass, out, err);
	secret_free(pass);
	if (s == MP_OK && store_warning(*out))
		fprintf(stderr, "mentorpact: warning: %s\n",
			store_warning(*out));
	return s;
}

enum mp_status cli_read_line_tty(const char *prompt, char *buf, size_t size,
				 struct mp_error *err)
{
	FILE *tty = fopen("/dev/tty", "r+");
	size_t n;

	if (!tty)
		return mp_error_set(err, MP_ERR_USAGE,
				    "no terminal to ask on; give it as an "
				    "option");
	fputs(prompt, tty);
	fflush(tty);
	if (!fgets(buf, (int)size, tty)) {
		fclose(tty);
		return mp_error_set(err, MP_ERR_USAGE, "nothing was typed");
	}
	fclose(tty);
	n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return MP_OK;
}
