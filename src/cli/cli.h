/*
 * cli.h - the command-line front end.
 *
 * main.c strips the global options, fills a struct cli_ctx and hands the
 * rest of argv to one command.  Each group of commands lives in its own
 * file and exports a table of struct cli_command ending in a zeroed row;
 * commands.c lists the tables.  A command prints its own output, reports
 * failures with cli_fail() and returns the process exit code.
 */
#ifndef MENTORPACT_CLI_H
#define MENTORPACT_CLI_H

#include "mentorpact/status.h"

struct mp_secret;
struct store;

struct cli_ctx {
	const char *store_path;		     /* never NULL once main has run */
	const char *passphrase_file;	     /* --passphrase-file or env */
	const char *signing_passphrase_file; /* --signing-passphrase-file */
	int store_given;		     /* --store was given */
};

struct cli_command {
	const char *name;
	/* argv[0] is the command's name; getopt_long may be used from it. */
	int (*run)(struct cli_ctx *ctx, int argc, char **argv);
	const char *usage;   /* "init [--kdf interactive|moderate|sensitive]" */
	const char *summary; /* one line for --help */
};

extern const struct cli_command cli_store_commands[];
extern const struct cli_command cli_template_commands[];
extern const struct cli_command cli_agreement_commands[];
extern const struct cli_command cli_admin_commands[];
extern const struct cli_command cli_export_commands[];
extern const struct cli_command cli_session_commands[];
extern const struct cli_command cli_signers_commands[];
extern const struct cli_command cli_notes_commands[];
extern const struct cli_command cli_forms_commands[];

/* report evaluation (forms_report.c): argv[0] is "evaluation". */
int cli_report_evaluation(struct cli_ctx *ctx, int argc, char **argv);

/* All tables, in the order --help lists them; NULL-terminated. */
extern const struct cli_command *const cli_command_tables[];

/* Print "mentorpact: <message>" to stderr; return the status's exit code. */
int cli_fail(const struct mp_error *err);

/* Print a usage error for cmd, plus its usage line; return the usage code. */
int cli_usage(const struct cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Find a command by name among all tables; NULL when unknown. */
const struct cli_command *cli_find(const char *name);

/*
 * Get the administrator's passphrase: from ctx->passphrase_file when set,
 * else from the terminal without echo.  With confirm, the terminal asks
 * twice and the two must match.  *out is guarded memory: secret_free() it.
 */
enum mp_status cli_read_passphrase(const struct cli_ctx *ctx,
				   const char *prompt, int confirm,
				   struct mp_secret **out, struct mp_error *err);

/*
 * Ask for the administrator's passphrase and open the store named by ctx;
 * a warning noticed while opening is printed to stderr.
 */
enum mp_status cli_open_store(const struct cli_ctx *ctx, struct store **out,
			      struct mp_error *err);

/* Read one line typed at the terminal (with echo) into buf. */
enum mp_status cli_read_line_tty(const char *prompt, char *buf, size_t size,
				 struct mp_error *err);

/* Reset getopt so that a command can parse its own argv. */
void cli_getopt_reset(void);

/* --- mail intake (mail_verify.c, mail_import.c; helpers from export.c) -- */

struct render_report;
struct template;
struct cli_templates;

/* verify and import: files, messages, mboxes, Maildir folders. */
int cli_mail_verify(struct cli_ctx *ctx, int argc, char **argv);
int cli_mail_import(struct cli_ctx *ctx, int argc, char **argv);

/* The installed templates, and a render_lookup_fn over them (ctx: the
 * struct cli_templates) that also finds older copies they shadow. */
enum mp_status cli_templates_open(struct cli_templates **out,
				  struct mp_error *err);
const struct template *cli_templates_find(void *ctx, const char *scheme,
					  const char *hash);
void cli_templates_close(struct cli_templates *t);

#endif
