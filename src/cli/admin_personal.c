/*
 * admin_personal.c - the administrator's commands on personal data:
 * purge (agreements past their keep-until date), subject-export
 * (everything held about one person) and erase (one person's data, saying
 * what is kept and why).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"
#include "mentorpact/admin.h"
#include "mentorpact/agreement.h"
#include "mentorpact/store.h"

/* --- purge ---------------------------------------------------------------- */

static void purge_print(const struct admin_purge_result *r, bool dry_run,
			bool scrubbed)
{
	long versions = 0;

	printf("%s %zu agreement%s", dry_run ? "would purge" : "purged",
	       r->count, r->count == 1 ? "" : "s");
	for (size_t i = 0; i < r->count; i++)
		versions += r->items[i].versions;
	printf(" (%ld version%s)", versions, versions == 1 ? "" : "s");
	printf(" and %ld signing key%s of people no agreement names any "
	       "more%s\n",
	       r->keys_removed, r->keys_removed == 1 ? "" : "s",
	       dry_run ? "; nothing was changed (dry run)" : "");
	if (r->count) {
		printf("  %-10s %-18s %-8s %-10s %s\n", "ID", "SCHEME",
		       "VERSIONS", "ENDED", "KEPT UNTIL");
		for (size_t i = 0; i < r->count; i++)
			printf("  %-10s %-18s %-8d %-10s %s\n", r->items[i].id,
			       r->items[i].scheme, r->items[i].versions,
			       or_dash(r->items[i].ended),
			       or_dash(r->items[i].kept_until));
	}
	if (!dry_run && r->count)
		printf("Their audit entries were redacted, leaving a "
		       "\"purged\" entry with the scheme and dates.\n");
	if (!dry_run && scrubbed && (r->count || r->keys_removed))
		printf("The pages they used were rewritten so that nothing "
		       "of them is left in the store.\n");
}

int cmd_purge(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"dry-run", no_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
	struct admin_purge_result r;
	struct mp_error err;
	struct store *st;
	bool dry_run = false;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'n')
			return cli_usage(CMD("purge"), "unknown option '%s'",
					 argv[optind - 1]);
		dry_run = true;
	}
	if (optind != argc)
		return cli_usage(CMD("purge"), "unexpected argument '%s'",
				 argv[optind]);
	if (cli_open_store(ctx, &st, &err) != MP_OK)
		return cli_fail(&err);
	if (admin_purge(st, NULL, dry_run, &r, &err) != MP_OK) {
		if (r.done)
			purge_print(&r, dry_run, false);
		rc = cli_fail(&err);
	} else {
		purge_print(&r, dry_run, true);
	}
	admin_purge_result_free(&r);
	store_close(st);
	return rc;
}

/* --- subject-export ------------------------------------------------------- */

/* Write text to a new file (mode 0600, never over an existing one). */
static enum mp_status write_new_file(const char *path, const char *text,
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
	close(fd);
	return MP_OK;
}

int cmd_subject_export(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"output", required_argument, NULL, 'o'}, {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = CMD("subject-export");
	const char *out = NULL;
	struct mp_error err;
	struct store *st;
	char *text = NULL;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c != 'o')
			return cli_usage(cmd, "unknown option '%s'",
					 argv[optind - 1]);
		out = optarg;
	}
	if (argc - optind != 1)
		return cli_usage(cmd, "expected one EMAIL (or, for someone "
				      "recorded without one, their full name)");
	if (cli_open_store(ctx, &st, &err) != MP_OK)
		return cli_fail(&err);
	if (admin_subject_export(st, argv[optind], &text, &err) != MP_OK ||
	    (out && write_new_file(out, text, &err) != MP_OK))
		rc = cli_fail(&err);
	else if (!out)
		fputs(text, stdout);
	if (rc == 0)
		fprintf(stderr, "This text holds personal data: give it to "
				"the person securely, then delete your "
				"copies.\n");
	free(text);
	store_close(st);
	return rc;
}

/* --- erase ---------------------------------------------------------------- */

static void erase_item(const struct admin_erased *e, bool dry_run)
{
	printf("  %s %s version %d (%s, %s; %s)",
	       e->kept	 ? "kept   "
	       : dry_run ? "delete "
			 : "deleted",
	       e->id, e->version, e->scheme, e->status,
	       agreement_role_name(e->role));
	if (e->kept)
		printf(": signed by both, kept whole (--keep-signed) %s%s\n",
		       e->kept_until ? "until "
				     : "until it ends and its "
				       "retention has passed",
		       e->kept_until ? e->kept_until : "");
	else
		printf(", with the other party's part of it\n");
}

static void erase_remains(const struct admin_erase_result *r)
{
	size_t kept = 0;

	for (size_t i = 0; i < r->count; i++)
		kept += r->items[i].kept;
	printf("What is kept, and why:\n");
	if (kept)
		printf("  - the %zu version%s marked kept: they hold the "
		       "person's details, answers, signature\n    and the "
		       "reviews held, unchanged, because a signed text cannot "
		       "be\n    altered without breaking its signatures; "
		       "'mentorpact purge' deletes them\n    after their "
		       "keep-until date\n",
		       kept, kept == 1 ? "" : "s");
	printf("  - the audit trail: when things happened and in which role "
	       "(never names,\n    addresses or answers); agreements that "
	       "are gone keep only an \"erased\" entry\n");
	for (size_t i = 0; i < r->n_settings; i++)
		printf("  - the setting %s holds this address (a scheme "
		       "contact): change it with\n    'mentorpact settings "
		       "set' or 'mentorpact settings unset'\n",
		       r->settings[i]);
	if (r->n_similar) {
		printf("  - agreements naming someone of the same name under "
		       "another address or none,\n    not touched: check "
		       "whether they are this person, and erase that too:");
		for (size_t i = 0; i < r->n_similar; i++)
			printf(" %s", r->similar[i]);
		putchar('\n');
	}
	printf("  - copies outside this store (exported or emailed "
	       "agreements, backups made\n    with 'mentorpact backup') are "
	       "not touched by erase\n");
}

static void erase_print(const char *who, const struct admin_erase_result *r,
			bool dry_run, bool scrubbed)
{
	printf("%s the personal data of %s%s\n",
	       dry_run ? "Would erase" : "Erased", who,
	       dry_run ? " (dry run: nothing was changed)" : ":");
	for (size_t i = 0; i < r->count; i++)
		erase_item(&r->items[i], dry_run);
	printf("  %s\n", r->key_removed
			     ? (dry_run ? "delete their signing key"
					: "deleted their signing key")
			     : "no signing key was held for them");
	if (r->keys_marked && !dry_run)
		printf("  the register of signers keeps %ld key%s of theirs "
		       "without their name or email, so that nobody can sign "
		       "as them here with a new key\n",
		       r->keys_marked, r->keys_marked == 1 ? "" : "s");
	if (r->sessions_erased || r->forms_erased || r->notes_erased)
		printf("  %s the records they wrote: %ld session%s, %ld form "
		       "entr%s, %ld private note%s\n",
		       dry_run ? "delete" : "deleted", r->sessions_erased,
		       r->sessions_erased == 1 ? "" : "s", r->forms_erased,
		       r->forms_erased == 1 ? "y" : "ies", r->notes_erased,
		       r->notes_erased == 1 ? "" : "s");
	if (r->keys_orphaned)
		printf("  deleted %ld signing key%s of other parties whom no "
		       "agreement names any more\n",
		       r->keys_orphaned, r->keys_orphaned == 1 ? "" : "s");
	if (!dry_run && scrubbed)
		printf("  the pages it used were rewritten so that nothing "
		       "deleted is left in the store\n");
	erase_remains(r);
}

int cmd_erase(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"keep-signed", no_argument, NULL, 'k'},
	    {"dry-run", no_argument, NULL, 'n'},
	    {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = CMD("erase");
	struct admin_erase_result r;
	bool keep = false, dry_run = false;
	struct mp_error err;
	struct store *st;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'k')
			keep = true;
		else if (c == 'n')
			dry_run = true;
		else
			return cli_usage(cmd, "unknown option '%s'",
					 argv[optind - 1]);
	}
	if (argc - optind != 1)
		return cli_usage(cmd, "expected one EMAIL (or, for someone "
				      "recorded without one, their full name)");
	if (cli_open_store(ctx, &st, &err) != MP_OK)
		return cli_fail(&err);
	if (admin_erase(st, argv[optind], keep, dry_run, &r, &err) != MP_OK) {
		if (r.done)
			erase_print(argv[optind], &r, dry_run, false);
		rc = cli_fail(&err);
	} else {
		erase_print(argv[optind], &r, dry_run, true);
	}
	admin_erase_result_free(&r);
	store_close(st);
	return rc;
}
