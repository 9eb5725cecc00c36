/*
 * notes.c - private notes and the CPD export from the command line:
 *
 *	notes add ID --as ROLE [--file FILE]
 *	notes list ID --as ROLE
 *	notes edit ID NOTE --as ROLE [--file FILE]
 *	notes delete ID NOTE --as ROLE
 *	records export ID --as ROLE [--output FILE|-]
 *
 * A note's text comes from standard input or --file, never from argv,
 * and the writer proves who they are with their signing passphrase
 * (--signing-passphrase-file, else asked without echo), as for sign.
 * The export goes whole to a new file, mode 0600, never over an existing
 * one nor through a symbolic link (render_write_files), or to standard
 * output.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "agreements.h"
#include "mentorpact/notes.h"
#include "mentorpact/secret.h"
#include "mentorpact/store.h"

extern const struct cli_command cli_notes_commands[];
#define NOTES_CMD   (&cli_notes_commands[0])
#define RECORDS_CMD (&cli_notes_commands[1])

struct notes_args {
	const char *verb, *id, *as, *file, *output;
	int64_t note;
	enum ag_role role;
};

static enum mp_status signing_passphrase(const struct cli_ctx *ctx,
					 enum ag_role role,
					 struct mp_secret **out,
					 struct mp_error *err)
{
	char prompt[64];

	if (ctx->signing_passphrase_file)
		return secret_read_file(ctx->signing_passphrase_file, out, err);
	snprintf(prompt, sizeof(prompt),
		 "Signing passphrase of the %s: ", agreement_role_name(role));
	return secret_read_tty(prompt, 0, out, err);
}

/* A note's text from path ("-": standard input), into *text (wiped by
 * the caller with notes_text_free(*text, *len)). */
static enum mp_status read_text(const char *path, char **text, size_t *len,
				struct mp_error *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	const char *name = f == stdin ? "standard input" : path;
	char *buf;
	size_t n;

	*text = NULL;
	*len = 0;
	if (!f)
		return mp_error_set(
		    err, errno == ENOENT ? MP_ERR_NOT_FOUND : MP_ERR_IO,
		    "cannot read the note from %s: %s", path, strerror(errno));
	if (f == stdin && isatty(STDIN_FILENO))
		fprintf(stderr, "Type the note, then Ctrl-D on a line of "
				"its own:\n");
	if (!(buf = malloc(NOTES_TEXT_MAX + 2))) {
		if (f != stdin)
			fclose(f);
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	n = fread(buf, 1, NOTES_TEXT_MAX + 1, f);
	if (ferror(f)) {
		if (f != stdin)
			fclose(f);
		sodium_memzero(buf, NOTES_TEXT_MAX + 2);
		free(buf);
		return mp_error_set(err, MP_ERR_IO,
				    "cannot read the note from %s", name);
	}
	if (f != stdin)
		fclose(f);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r') &&
	       n <= NOTES_TEXT_MAX)
		n--;
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return MP_OK;
}

static int parse_notes_args(const struct cli_command *cmd, int argc,
			    char **argv, int with_file, struct notes_args *a)
{
	static const struct option opts[] = {
	    {"as", required_argument, NULL, 'a'},
	    {"file", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0}};
	int c, n;
	char *end;

	memset(a, 0, sizeof(*a));
	a->file = "-";
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 'a')
			a->as = optarg;
		else if (c == 'f' && with_file)
			a->file = optarg;
		else if (c == 'o' && !with_file)
			a->output = optarg;
		else
			return cli_usage(cmd,
					 "unknown option or missing value "
					 "'%s'",
					 argv[optind - 1]);
	}
	n = argc - optind;
	if (n < 2 || n > 3)
		return cli_usage(cmd, with_file ? "expected add, list, edit or "
						  "delete, then ID"
						: "expected export, then ID");
	a->verb = argv[optind];
	a->id = argv[optind + 1];
	if (n == 3) {
		errno = 0;
		a->note = strtoll(argv[optind + 2], &end, 10);
		if (errno || *end || a->note <= 0)
			return cli_usage(cmd,
					 "'%s' is not a note's number "
					 "(mentorpact notes list ID --as ROLE "
					 "shows them)",
					 argv[optind + 2]);
	}
	if (!a->as)
		return cli_usage(cmd, "say whose they are: --as mentor or "
				      "--as mentee");
	return parse_role(cmd, a->as, &a->role);
}

static void print_list(const struct agreement *ag, enum ag_role role,
		       const struct note_list *l)
{
	if (l->n == 0)
		printf("%s: the %s keeps no notes\n", ag->id,
		       agreement_role_name(role));
	for (size_t i = 0; i < l->n; i++) {
		const struct note *n = &l->items[i];
		printf("--- note %" PRId64 " (written %s", n->id, n->created);
		if (strcmp(n->created, n->updated))
			printf(", last changed %s", n->updated);
		printf(")\n");
		fwrite(n->text, 1, n->len, stdout);
		putchar('\n');
	}
}

static enum mp_status run_notes(struct store *st, const struct agreement *ag,
				const struct notes_args *a,
				const struct mp_secret *pass,
				struct mp_error *err)
{
	struct note_list l;
	char *text = NULL;
	size_t len = 0;
	int64_t id = a->note;
	enum mp_status s;

	if (!strcmp(a->verb, "list")) {
		struct mp_error why;

		s = notes_list(st, ag, a->role, pass, &l, err);
		if (s == MP_OK)
			print_list(ag, a->role, &l);
		/* Consent taken back in a later version: say so. */
		if (s == MP_OK && l.n && ag->status == AG_ACTIVE &&
		    notes_may_write(ag, a->role, &why) != MP_OK)
			fprintf(stderr,
				"mentorpact: warning: %s; delete "
				"these notes (mentorpact notes delete)\n",
				why.message);
		notes_list_free(&l);
		return s;
	}
	if (!strcmp(a->verb, "delete")) {
		s = notes_delete(st, ag, a->role, pass, a->note, err);
		if (s == MP_OK)
			printf("%s: deleted note %" PRId64 " of the %s\n",
			       ag->id, a->note, agreement_role_name(a->role));
		return s;
	}
	s = read_text(a->file, &text, &len, err);
	if (s == MP_OK && !strcmp(a->verb, "add"))
		s = notes_add(st, ag, a->role, pass, text, len, &id, err);
	else if (s == MP_OK)
		s = notes_replace(st, ag, a->role, pass, id, text, len, err);
	if (s == MP_OK)
		printf("%s: %s note %" PRId64 " of the %s, sealed to the %s's "
		       "key\n",
		       ag->id, strcmp(a->verb, "add") ? "replaced" : "added",
		       id, agreement_role_name(a->role),
		       agreement_role_name(a->role));
	notes_text_free(text, len);
	return s;
}

/* Open the store and the agreement, check the note may be kept, then ask
 * for the signing passphrase. */
static int open_for(struct cli_ctx *ctx, const struct notes_args *a,
		    bool writes, struct store **st, struct agreement **ag,
		    struct mp_secret **pass)
{
	struct mp_error err;
	int rc;

	*pass = NULL;
	if ((rc = open_agreement(ctx, a->id, st, ag)))
		return rc;
	if ((writes && notes_may_write(*ag, a->role, &err) != MP_OK) ||
	    signing_passphrase(ctx, a->role, pass, &err) != MP_OK) {
		close_all(*st, *ag);
		*st = NULL;
		*ag = NULL;
		return cli_fail(&err);
	}
	return 0;
}

static int cmd_notes(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *cmd = NOTES_CMD;
	struct mp_secret *pass;
	struct agreement *ag;
	struct notes_args a;
	struct mp_error err;
	struct store *st;
	bool writes, numbered;
	int rc;

	if ((rc = parse_notes_args(cmd, argc, argv, 1, &a)))
		return rc;
	writes = strcmp(a.verb, "list") && strcmp(a.verb, "delete");
	numbered = !strcmp(a.verb, "edit") || !strcmp(a.verb, "delete");
	if (strcmp(a.verb, "add") && strcmp(a.verb, "list") && !numbered)
		return cli_usage(cmd, "'%s' is not add, list, edit or delete",
				 a.verb);
	if (numbered != (a.note != 0))
		return cli_usage(cmd, numbered ? "give the note's number after "
						 "ID"
					       : "unexpected argument after "
						 "ID");
	if (!writes && strcmp(a.file, "-"))
		return cli_usage(cmd, "--file goes with add and edit only");
	if ((rc = open_for(ctx, &a, writes, &st, &ag, &pass)))
		return rc;
	rc = run_notes(st, ag, &a, pass, &err) == MP_OK ? 0 : cli_fail(&err);
	secret_free(pass);
	close_all(st, ag);
	return rc;
}

/* Write the export whole to a new file (0600; refuses any existing name,
 * a symbolic link included), or to standard output. */
static enum mp_status write_export(const char *output, const char *text,
				   size_t len, struct mp_error *err)
{
	if (!output || !strcmp(output, "-")) {
		if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
			return mp_error_set(err, MP_ERR_IO,
					    "cannot write to standard output");
		return MP_OK;
	}
	return notes_cpd_write(output, text, len, err);
}

static int cmd_records(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *cmd = RECORDS_CMD;
	struct mp_secret *pass;
	struct agreement *ag;
	struct notes_args a;
	struct mp_error err;
	struct store *st;
	char *text = NULL;
	size_t len = 0;
	int rc;

	if ((rc = parse_notes_args(cmd, argc, argv, 0, &a)))
		return rc;
	if (strcmp(a.verb, "export"))
		return cli_usage(cmd, "'%s' is not export", a.verb);
	if (a.note)
		return cli_usage(cmd, "unexpected argument after ID");
	if (a.output && strcmp(a.output, "-") && access(a.output, F_OK) == 0)
		return cli_usage(cmd,
				 "%s exists: choose a new name (the "
				 "export never replaces a file)",
				 a.output);
	if ((rc = open_for(ctx, &a, false, &st, &ag, &pass)))
		return rc;
	if (notes_cpd_export(st, ag, a.role, pass, &text, &len, &err) !=
		MP_OK ||
	    write_export(a.output, text, len, &err) != MP_OK) {
		rc = cli_fail(&err);
	} else if (a.output && strcmp(a.output, "-")) {
		printf("wrote %s\n", a.output);
		fprintf(stderr, "It holds your private notes in the clear: "
				"keep it safe, and delete it when it is in "
				"your portfolio.\n");
	}
	notes_text_free(text, len);
	secret_free(pass);
	close_all(st, ag);
	return rc;
}

const struct cli_command cli_notes_commands[] = {
    {"notes", cmd_notes,
     "notes add|list|edit|delete ID [NOTE] --as mentor|mentee [--file FILE]",
     "keep private notes, sealed so that only their writer reads them"},
    {"records", cmd_records,
     "records export ID --as mentor|mentee [--output FILE|-]",
     "export your session log, forms and notes as text for your CPD"},
    {NULL, NULL, NULL, NULL},
};
