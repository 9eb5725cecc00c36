/*
 * agreements_show.c - reading what the store holds, from the command
 * line: show (one agreement and what it lacks) and audit (the audit
 * trail, its hash chain and its head).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreements.h"
#include "sessions.h"
#include "mentorpact/agreement.h"
#include "mentorpact/audit.h"
#include "mentorpact/store.h"
#include "mentorpact/template.h"
#include "mentorpact/unicode.h"

/* --- show ------------------------------------------------------------------- */

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* Print a value that may span lines, each line after the first indented. */
/* v with invisible format characters (uc_hidden) shown as <U+XXXX>. */
static void print_value(const char *v, int indent)
{
	char *shown = uc_reveal(v);

	for (v = shown ? shown : v; v && *v; v++) {
		putchar(*v);
		if (*v == '\n' && v[1])
			printf("%*s", indent, "");
	}
	putchar('\n');
	free(shown);
}

/* ", " (unless first) and s, its invisible format characters shown. */
static void print_detail(const char *s, bool first)
{
	char *shown = uc_reveal(s);

	printf("%s%s", first ? "" : ", ", shown ? shown : s);
	free(shown);
}

static const char *confirm_words(unsigned bits)
{
	return bits == TPL_BOTH	    ? "mentor and mentee"
	       : bits == TPL_MENTOR ? "mentor"
	       : bits == TPL_MENTEE ? "mentee"
				    : "nobody yet";
}

/* What was typed for an answer and refused, kept until corrected. */
static void show_pending(const struct ag_pending *p, const char *what,
			 int indent)
{
	if (!p)
		return;
	printf("%*s%styped but not accepted: ", indent, "", what);
	print_value(p->text, indent + 2);
	printf("%*s(%s)\n", indent + 2, "", p->message ? p->message : "");
}

static void show_sections(const struct agreement *ag)
{
	const struct template *t = ag->tpl;

	for (size_t s = 0; s < t->n_sections; s++) {
		const struct tpl_section *S = &t->sections[s];
		printf("\n%zu. %s [%s]: needs %s, confirmed by %s\n", s + 1,
		       S->title, S->id, confirm_words(S->confirm),
		       confirm_words(ag->confirmed[s]));
		for (size_t i = 0; i < S->n_items; i++) {
			const struct tpl_field *f = S->items[i].field;
			if (S->items[i].kind != TPL_FIELD)
				continue;
			printf("   %s (%s%s): ", f->id,
			       template_type_name(f->type),
			       f->required ? ", required" : "");
			print_value(or_dash(agreement_value(ag, f->id)), 6);
			show_pending(agreement_pending(ag, f->id), "", 6);
		}
	}
}

static void show_party(const struct agreement *ag, enum ag_role r)
{
	const char *role = agreement_role_name(r);
	char key[32], what[48];

	printf("%s: ", r == AG_MENTOR ? "Mentor" : "Mentee");
	print_detail(or_dash(agreement_detail(ag, r, TPL_DETAIL_NAME)), true);
	for (int d = 1; d < TPL_DETAIL_COUNT; d++)
		if (agreement_detail(ag, r, (enum tpl_detail)d))
			print_detail(agreement_detail(ag, r, (enum tpl_detail)d),
				     false);
	printf("\n");
	for (int d = 0; d < TPL_DETAIL_COUNT; d++) {
		const char *name = template_detail_name((enum tpl_detail)d);
		snprintf(key, sizeof(key), "%s.%s", role, name);
		snprintf(what, sizeof(what), "%s, ", name);
		show_pending(agreement_pending(ag, key), what, 2);
	}
}

int cmd_show(struct cli_ctx *ctx, int argc, char **argv)
{
	struct agreement *ag;
	struct store *st;
	char **problems;
	size_t n;
	int rc;

	if (argc != 2)
		return cli_usage(CMD("show"), "expected ID");
	if ((rc = open_agreement(ctx, argv[1], &st, &ag)))
		return rc;
	printf("Agreement %s version %d: %s (%s)\n", ag->id, ag->version,
	       ag->tpl->name, ag->tpl->id);
	printf("Status: %s%s\n", agreement_status_name(ag->status),
	       ag->imported ? " (imported)" : "");
	printf("Created %s, changed %s\n", or_dash(ag->created),
	       or_dash(ag->changed));
	if (ag->started)
		printf("Started %s; review due %s; planned end %s\n",
		       ag->started, or_dash(ag->review_due),
		       or_dash(ag->planned_end));
	if (ag->ended)
		printf("Ended %s by %s%s%s; kept until %s\n", ag->ended,
		       or_dash(ag->ended_by), ag->end_reason ? ": " : "",
		       ag->end_reason ? ag->end_reason : "",
		       or_dash(ag->kept_until));
	sessions_summary(st, ag);
	show_party(ag, AG_MENTOR);
	show_party(ag, AG_MENTEE);
	show_sections(ag);
	printf("\nSignatures:\n");
	for (int r = 0; r < 2; r++)
		if (ag->sigs[r].present)
			printf("  %s: %s, %s\n", agreement_role_name(r),
			       ag->sigs[r].name, ag->sigs[r].signed_at);
		else
			printf("  %s: not signed\n", agreement_role_name(r));
	n = agreement_problems(ag, &problems);
	if (n && (ag->status == AG_DRAFT || ag->n_pending)) {
		printf("\nBefore it can be signed:\n");
		for (size_t i = 0; i < n; i++)
			printf("  - %s\n", problems[i]);
	}
	agreement_problems_free(problems, n);
	close_all(st, ag);
	return 0;
}

/* --- audit ---------------------------------------------------------------------- */

static void audit_row(void *ctx, const struct audit_entry *e)
{
	(void)ctx;
	printf("%6lld  %s  %-9s v%-2d %-13s %s%s%s\n", (long long)e->seq,
	       e->at, e->agreement ? e->agreement : "-", e->version, e->role,
	       e->action, e->detail ? ": " : "", e->detail ? e->detail : "");
}

/* Print the store's audit head, to keep outside it. */
static int audit_print_head(struct store *st)
{
	struct audit_head head;
	struct mp_error err;
	char line[AUDIT_HEAD_TEXT_MAX];

	if (audit_head_get(st, NULL, &head, NULL, &err) != MP_OK)
		return cli_fail(&err);
	audit_head_format(&head, line);
	printf("%s\n", line);
	return 0;
}

/* Compare the store with a head kept elsewhere: given as the line itself
 * or a file holding it (a saved head, report or backup output). */
static int audit_check_head(struct store *st, const char *given)
{
	struct audit_head kept, now;
	unsigned char at[32];
	struct mp_error err;
	char *text = NULL;
	size_t len;
	enum mp_status s;

	if (!strstr(given, "mentorpact audit head:") &&
	    template_read_file(given, &text, &len, &err) != MP_OK)
		return cli_fail(&err);
	s = audit_head_parse(text ? text : given, &kept, &err);
	free(text);
	if (s == MP_OK)
		s = audit_head_get(st, &kept, &now, at, &err);
	if (s != MP_OK)
		return cli_fail(&err);
	if (kept.seq && now.seq && memcmp(kept.store, now.store, 8) != 0) {
		mp_error_set(&err, MP_ERR_INVALID,
			     "this audit head is not this store's: it was "
			     "taken from another store (check the head you "
			     "kept for this store)");
		return cli_fail(&err);
	}
	if (kept.seq > now.seq) {
		mp_error_set(&err, MP_ERR_VERIFY,
			     "the store was rolled back: the kept head names "
			     "entry %lld, but this store's audit trail ends at "
			     "entry %lld, so %lld entries are missing (an older "
			     "copy of the store file was put back)",
			     (long long)kept.seq, (long long)now.seq,
			     (long long)(kept.seq - now.seq));
		return cli_fail(&err);
	}
	if (kept.seq && memcmp(at, kept.chain, 32) != 0) {
		mp_error_set(&err, MP_ERR_VERIFY,
			     "the store was rolled back and written since: its "
			     "entry %lld is not the one the kept head names",
			     (long long)kept.seq);
		return cli_fail(&err);
	}
	printf("the store holds the kept audit head (entry %lld) and %lld "
	       "entries since: it was not rolled back\n",
	       (long long)kept.seq, (long long)(now.seq - kept.seq));
	return 0;
}

int cmd_audit(struct cli_ctx *ctx, int argc, char **argv)
{
	struct agreement *ag = NULL;
	struct mp_error err;
	struct store *st;
	int64_t n;
	int rc = 0;

	if (argc == 2 && !strcmp(argv[1], "--head")) {
		if (cli_open_store(ctx, &st, &err) != MP_OK)
			return cli_fail(&err);
		rc = audit_print_head(st);
		store_close(st);
		return rc;
	}
	if (argc >= 2 && !strcmp(argv[1], "--check-head")) {
		if (argc != 3)
			return cli_usage(CMD("audit"),
					 "--check-head needs the head line or "
					 "a file holding it");
		if (cli_open_store(ctx, &st, &err) != MP_OK)
			return cli_fail(&err);
		rc = audit_check_head(st, argv[2]);
		store_close(st);
		return rc;
	}
	if (argc > 2)
		return cli_usage(CMD("audit"), "expected at most one ID");
	if (argc == 2) {
		if ((rc = open_agreement(ctx, argv[1], &st, &ag)))
			return rc;
	} else if (cli_open_store(ctx, &st, &err) != MP_OK) {
		return cli_fail(&err);
	}
	if (audit_walk(st, ag ? ag->id : NULL, audit_row, NULL, &n, &err) !=
	    MP_OK)
		rc = cli_fail(&err);
	else
		printf("the audit trail holds %lld entries and its hash chain "
		       "is intact\n",
		       (long long)n);
	close_all(st, ag);
	return rc;
}
