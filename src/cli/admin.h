/*
 * admin.h - what the administrator's command files share: list and
 * report (admin.c, which holds the command table), purge, subject-export
 * and erase (admin_personal.c), settings (admin_settings.c), and the
 * output formats they write (admin_format.c).
 *
 * Output formats: a table for people, CSV (RFC 4180: every field quoted,
 * quotes doubled, lines ending in CRLF) and JSON (UTF-8, control
 * characters escaped) for programs.
 */
#ifndef MENTORPACT_CLI_ADMIN_H
#define MENTORPACT_CLI_ADMIN_H

#include <stddef.h>

#include "cli.h"

#define CMD(name) (cli_find(name))

enum format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

/* --- admin_format.c ------------------------------------------------------- */

/* s ("table", "csv" or "json") into *out: 0, or cmd's usage error. */
int parse_format(const struct cli_command *cmd, const char *s,
		 enum format *out);

/* Today's local date, "YYYY-MM-DD". */
void local_today(char buf[11]);

/* s, or "-" when it is NULL or empty. */
const char *or_dash(const char *s);

/* One CSV line of the n fields of cols, each quoted (NULL an empty
 * field), ending in CRLF. */
void csv_row(const char *const *cols, int n);

/* A JSON string, or null; invisible format characters (uc_hidden) are
 * escaped. */
void json_string(const char *s);

/* Print s in exactly width columns: cut at a character, padded. */
void column(const char *s, int width);

/* --- the commands of admin_personal.c and admin_settings.c --------------- */

int cmd_purge(struct cli_ctx *ctx, int argc, char **argv);
int cmd_subject_export(struct cli_ctx *ctx, int argc, char **argv);
int cmd_erase(struct cli_ctx *ctx, int argc, char **argv);
int cmd_settings(struct cli_ctx *ctx, int argc, char **argv);

#endif
