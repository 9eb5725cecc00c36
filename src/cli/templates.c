/*
 * templates.c - `mentorpact templates list|show|check|example`: the scheme
 * templates found on the search path, one outlined, files checked, and a
 * sample answers file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mentorpact/answers.h"
#include "mentorpact/template.h"

static int templates_run(struct cli_ctx *ctx, int argc, char **argv);

const struct cli_command cli_template_commands[] = {
    {"templates", templates_run,
     "templates list|show ID|check FILE...|example ID",
     "the scheme templates: list, outline, check, sample answers"},
    {0},
};

#define CMD (&cli_template_commands[0])

/* --- shared ------------------------------------------------------------------
 */

static void print_diags(const struct tpl_diags *diags, const char *prefix)
{
	char line[1200];

	for (size_t i = 0; i < diags->count; i++)
		fprintf(
		    stderr, "%s%s\n", prefix,
		    template_diag_format(&diags->items[i], line, sizeof(line)));
}

static int load_catalog(struct tpl_catalog **cat)
{
	struct tpl_path path;
	struct mp_error err;
	enum mp_status st = template_search_path(&path, &err);

	if (st == MP_OK) {
		st = template_catalog_load(&path, cat, &err);
		template_path_free(&path);
	}
	return st == MP_OK ? 0 : cli_fail(&err);
}

/* The catalog entry for id, or an error naming it (exit code set). */
static const struct tpl_entry *find_or_fail(const struct tpl_catalog *cat,
					    const char *id, int *rc)
{
	const struct tpl_entry *e = template_catalog_find(cat, id);
	struct mp_error err;

	if (!e) {
		mp_error_set(&err, MP_ERR_NOT_FOUND,
			     "no template '%s'; 'mentorpact templates list' "
			     "shows the templates there are",
			     id);
		*rc = cli_fail(&err);
	}
	return e;
}

/* --- list
 * ---------------------------------------------------------------------- */

static int cmd_list(void)
{
	struct tpl_catalog *cat;
	int rc = load_catalog(&cat);

	if (rc)
		return rc;
	if (!cat->count)
		printf("no templates found\n");
	else
		printf("%-18s %-44s %8s %6s  %s\n", "ID", "NAME", "SECTIONS",
		       "FIELDS", "FILE");
	for (size_t i = 0; i < cat->count; i++) {
		const struct tpl_entry *e = &cat->entries[i];

		printf("%-18s %-44s %8zu %6zu  %s\n", e->tpl->id, e->tpl->name,
		       e->tpl->n_sections, e->tpl->n_fields, e->path);
		for (size_t j = 0; j < e->n_shadowed; j++)
			printf("%-18s (this file hides %s)\n", "",
			       e->shadowed[j]);
	}
	print_diags(&cat->diags, "mentorpact: not used, as it has errors: ");
	template_catalog_free(cat);
	return 0;
}

/* --- show
 * ---------------------------------------------------------------------- */

/* s on one line, cut to at most max characters (UTF-8) with "…" when
 * cut; buf must hold 4 * max + 4 bytes. */
static const char *clip(const char *s, size_t max, char *buf, size_t size)
{
	size_t chars = 0, i = 0;

	for (; s[i] && chars < max; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	while (s[i] && ((unsigned char)s[i] & 0xc0) == 0x80)
		i++;
	snprintf(buf, size, "%.*s%s", (int)i, s, s[i] ? "…" : "");
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return buf;
}

static void show_duration(const char *name, const struct tpl_duration *d)
{
	char buf[64];

	if (d->unit == TPL_UNIT_NONE)
		return;
	template_duration_format(d, buf, sizeof(buf));
	printf("  %-22s %s\n", name, buf);
}

static void show_facts(const struct tpl_facts *f)
{
	char buf[64];

	printf("\nfacts\n");
	show_duration("planned duration", &f->planned_duration);
	show_duration("maximum duration", &f->max_duration);
	if (f->min_sessions)
		printf("  %-22s %ld\n", "minimum sessions", f->min_sessions);
	if (f->max_sessions)
		printf("  %-22s %ld\n", "maximum sessions", f->max_sessions);
	if (f->offered_sessions)
		printf("  %-22s %ld\n", "sessions offered",
		       f->offered_sessions);
	if (f->meeting_frequency.unit != TPL_UNIT_NONE) {
		template_frequency_format(&f->meeting_frequency, buf,
					  sizeof(buf));
		printf("  %-22s %s\n", "meeting frequency", buf);
	}
	show_duration("meeting length", &f->meeting_length);
	show_duration("notice period", &f->notice_period);
	show_duration("review interval", &f->review_interval);
	show_duration("kept after the end", &f->retention_after_end);
	if (f->returned_by)
		printf("  %-22s the %s, to %s\n", "signed copy sent by",
		       template_party_name(f->returned_by), f->returned_to);
	for (size_t i = 0; i < f->n_copied; i++)
		printf("  %-22s %s\n", "copied to", f->copied[i]);
	printf("  %-22s %s\n", "for the pair only",
	       f->pair_only ? "yes" : "no");
}

static void show_parties(const struct template *t)
{
	static const char *const types[TPL_DETAIL_COUNT] = {"text", "email",
							    "phone", "text"};

	printf("\nparties\n");
	for (int who = 0; who < 2; who++)
		for (int d = 0; d < TPL_DETAIL_COUNT; d++) {
			char id[40];

			if (!(t->parties[who].ask & (1u << d)))
				continue;
			snprintf(id, sizeof(id), "%s.%s",
				 who ? "mentee" : "mentor",
				 template_detail_name((enum tpl_detail)d));
			printf("  %-11s %-22s %-10s %-7s %s\n", "detail", id,
			       types[d], who ? "mentee" : "mentor",
			       t->parties[who].required & (1u << d)
				   ? "required"
				   : "optional");
		}
}

static void show_field(const struct tpl_field *f)
{
	char buf[256], def[300];

	if (f->def) {
		snprintf(def, sizeof(def), "default: %s",
			 clip(f->def, 40, buf, sizeof(buf)));
		for (char *p = def; *p; p++)
			if (*p == '\n')
				*p = ';';
	} else {
		snprintf(def, sizeof(def), "no default");
	}
	printf("  %-11s %-22s %-10s %-7s %-9s %s\n", "field", f->id,
	       template_type_name(f->type), template_party_name(f->who),
	       f->required ? "required" : "optional", def);
	printf("  %-11s \"%s\"%s\n", "", f->label,
	       f->in_wording ? ", named in the wording" : "");
	if (f->type == TPL_RATING) {
		char scale[64];

		template_scale_format(f->min, f->max, scale, sizeof(scale));
		printf("  %-11s scale %s", "", scale);
		if (f->low)
			printf("; %lld: %s", f->min, f->low);
		if (f->high)
			printf("; %lld: %s", f->max, f->high);
		printf("\n");
	}
}

static void show_item(const struct tpl_item *it)
{
	static const char *const kinds[] = {
	    [TPL_PARAGRAPH] = "paragraph", [TPL_COMMITMENTS] = "commitments",
	    [TPL_BULLETS] = "list",	   [TPL_QUESTIONS] = "questions",
	    [TPL_DETAILS] = "details",	   [TPL_SIGNATURES] = "signatures",
	};
	char buf[256];

	switch (it->kind) {
	case TPL_FIELD:
		show_field(it->field);
		return;
	case TPL_PARAGRAPH:
		printf("  %-11s %s\n", kinds[it->kind],
		       clip(it->text, 60, buf, sizeof(buf)));
		return;
	case TPL_DETAILS:
	case TPL_SIGNATURES:
		printf("  %-11s %s\n", kinds[it->kind],
		       template_party_name(it->party));
		return;
	default:
		printf("  %-11s %s%s%zu item%s: %s\n", kinds[it->kind],
		       it->kind == TPL_COMMITMENTS
			   ? template_party_name(it->party)
		       : it->numbered ? "numbered"
				      : "",
		       it->kind == TPL_COMMITMENTS || it->numbered ? ", " : "",
		       it->n_lines, it->n_lines == 1 ? "" : "s",
		       clip(it->heading ? it->heading : it->lines[0], 50, buf,
			    sizeof(buf)));
	}
}

/* Where each party's signature and signing date go: the section that
 * places them, else after the last section. */
static void show_signatures(const struct template *t)
{
	printf("\nsignatures\n");
	for (int who = 0; who < 2; who++) {
		const char *where = "after the last section";
		char buf[120];

		for (size_t i = 0; i < t->n_sections; i++)
			for (size_t j = 0; j < t->sections[i].n_items; j++) {
				const struct tpl_item *it =
				    &t->sections[i].items[j];

				if (it->kind != TPL_SIGNATURES ||
				    !(it->party & (1 << who)))
					continue;
				snprintf(buf, sizeof(buf),
					 "in section %zu (%s)", i + 1,
					 t->sections[i].id);
				where = buf;
			}
		printf("  %-11s signature.%-12s signed and dated %s\n",
		       "signature", who ? "mentee" : "mentor", where);
	}
}

/* The session log: the scheme's name for it and its fields. */
static void show_sessions(const struct tpl_session_log *s)
{
	char buf[256];

	if (!s->present) {
		printf("  %-22s none\n", "session log");
		return;
	}
	printf("  %-22s \"%s\", an entry per meeting\n", "session log",
	       s->title);
	if (s->intro)
		printf("  %-11s %s\n", "intro",
		       clip(s->intro, 60, buf, sizeof(buf)));
	printf("  %-22s", "built in");
	for (size_t i = 0; i < TPL_SESSION_BUILTINS; i++)
		printf("%s%s", i ? ", " : " ", template_session_builtins[i]);
	printf("\n");
	for (size_t i = 0; i < s->n_fields; i++)
		show_field(s->fields[i]);
}

static void show_notes(const struct tpl_records *r)
{
	if (!r->notes) {
		printf("  %-22s none\n", "private notes");
		return;
	}
	printf("  %-22s kept by %s%s", "private notes",
	       r->notes == TPL_BOTH	? "the mentor and the mentee"
	       : r->notes == TPL_MENTOR ? "the mentor"
					: "the mentee",
	       r->notes == TPL_BOTH ? ", each their own" : "");
	if (r->mentor_notes_consent)
		printf("; the mentor's only after the mentee answers yes to "
		       "'%s'",
		       r->mentor_notes_consent);
	printf("\n");
}

static void show_form(const struct tpl_form *f, size_t i, size_t n)
{
	char buf[256];

	printf("\nform %zu of %zu: %s \"%s\", filled by %s, due %s\n", i + 1, n,
	       f->id, f->title,
	       f->who == TPL_BOTH ? "the mentor and the mentee, each their own"
	       : f->who == TPL_MENTOR ? "the mentor"
				      : "the mentee",
	       template_due_name(f->due));
	for (size_t k = 0; k < f->n_stages; k++)
		printf("  %-11s %zu. %s\n", "stage", k + 1, f->stages[k]);
	printf("  %-22s %s\n", "shared",
	       f->shared ? "yes: free-text answers go to the programme too"
			 : "no: free-text answers stay with the pair");
	if (f->intro)
		printf("  %-11s %s\n", "intro",
		       clip(f->intro, 60, buf, sizeof(buf)));
	for (size_t k = 0; k < f->n_questions; k++)
		show_field(f->questions[k]);
}

/* What the pair keep after they sign; nothing without records. */
static void show_records(const struct tpl_records *r)
{
	if (!r->present)
		return;
	printf("\nrecords\n");
	show_sessions(&r->sessions);
	show_notes(r);
	printf("  %-22s %zu\n", "forms", r->n_forms);
	for (size_t i = 0; i < r->n_forms; i++)
		show_form(&r->forms[i], i, r->n_forms);
}

static int cmd_show(const char *id)
{
	struct tpl_catalog *cat;
	const struct tpl_entry *e;
	const struct template *t;
	char hash[TPL_HASH_HEX + 1];
	struct mp_error err;
	int rc = load_catalog(&cat);

	if (rc)
		return rc;
	if (!(e = find_or_fail(cat, id, &rc)) ||
	    template_hash(e->tpl, hash, &err) != MP_OK) {
		rc = rc ? rc : cli_fail(&err);
		template_catalog_free(cat);
		return rc;
	}
	t = e->tpl;
	printf("%s: %s\n", t->id, t->name);
	printf("  %-22s %s\n  %-22s %s\n  %-22s %s\n  %-22s %s\n"
	       "  %-22s %s\n",
	       "organisation", t->organisation, "version", t->version, "source",
	       t->source, "description", t->description, "hash (BLAKE2b-256)",
	       hash);
	show_facts(&t->facts);
	show_parties(t);
	for (size_t i = 0; i < t->n_sections; i++) {
		const struct tpl_section *s = &t->sections[i];

		printf("\nsection %zu of %zu: %s \"%s\", confirmed by %s\n",
		       i + 1, t->n_sections, s->id, s->title,
		       template_party_name(s->confirm));
		for (size_t j = 0; j < s->n_items; j++)
			show_item(&s->items[j]);
	}
	show_signatures(t);
	show_records(&t->records);
	template_catalog_free(cat);
	return 0;
}

/* --- check
 * --------------------------------------------------------------------- */

/* Templates checked in this run come first, so that a new scheme and
 * answers for it can be checked together before it is installed. */
struct check_run {
	struct tpl_catalog *cat;
	struct template **checked;
	size_t n_checked;
};

static const struct template *run_lookup(void *ctx, const char *id)
{
	struct check_run *run = ctx;

	for (size_t i = run->n_checked; i-- > 0;)
		if (strcmp(run->checked[i]->id, id) == 0)
			return run->checked[i];
	return template_catalog_lookup(run->cat, id);
}

static enum mp_status check_template(struct check_run *run, const char *file,
				     const char *buf, size_t len,
				     struct tpl_diags *diags,
				     struct mp_error *err)
{
	struct template *t, **more;
	enum mp_status st =
	    template_load_buffer(file, buf, len, &t, diags, err);

	if (st != MP_OK)
		return st;
	printf("%s: a valid template for scheme '%s' (%zu sections, %zu "
	       "fields)\n",
	       file, t->id, t->n_sections, t->n_fields);
	more = realloc(run->checked, (run->n_checked + 1) * sizeof(*more));
	if (!more) {
		template_free(t);
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	run->checked = more;
	run->checked[run->n_checked++] = t;
	return MP_OK;
}

static enum mp_status check_answers(struct check_run *run, const char *file,
				    const char *buf, size_t len,
				    struct tpl_diags *diags,
				    struct mp_error *err)
{
	struct answers *a;
	enum mp_status st = answers_load_buffer(file, buf, len, run_lookup, run,
						&a, diags, err);

	if (st != MP_OK)
		return st;
	printf("%s: valid answers for scheme '%s'\n", file, a->tpl->id);
	answers_free(a);
	return MP_OK;
}

/* 0 when the file is valid, 1 when not; another code for a failure
 * that is not the file's (out of memory). */
static int check_file(struct check_run *run, const char *file)
{
	struct tpl_diags diags = {0};
	struct mp_error err;
	enum mp_status st;
	char *buf;
	size_t len;

	if (template_read_file(file, &buf, &len, &err) != MP_OK) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	if (answers_detect(buf, len))
		st = check_answers(run, file, buf, len, &diags, &err);
	else
		st = check_template(run, file, buf, len, &diags, &err);
	free(buf);
	print_diags(&diags, "");
	template_diags_free(&diags);
	if (st == MP_OK || st == MP_ERR_INVALID)
		return st == MP_OK ? 0 : 1;
	return cli_fail(&err);
}

static int cmd_check(int argc, char **argv)
{
	struct check_run run = {0};
	int rc = load_catalog(&run.cat), worst = 0;

	if (rc)
		return rc;
	for (int i = 0; i < argc; i++) {
		rc = check_file(&run, argv[i]);
		if (rc > worst)
			worst = rc;
	}
	for (size_t i = 0; i < run.n_checked; i++)
		template_free(run.checked[i]);
	free(run.checked);
	template_catalog_free(run.cat);
	return worst;
}

/* --- example
 * ------------------------------------------------------------------- */

static int cmd_example(const char *id)
{
	struct tpl_catalog *cat;
	const struct tpl_entry *e;
	struct mp_error err;
	char *text;
	size_t len;
	int rc = load_catalog(&cat);

	if (rc)
		return rc;
	if ((e = find_or_fail(cat, id, &rc)) &&
	    answers_example(e->tpl, &text, &len, &err) == MP_OK) {
		fwrite(text, 1, len, stdout);
		free(text);
	} else if (!rc) {
		rc = cli_fail(&err);
	}
	template_catalog_free(cat);
	return rc;
}

/* --- the command
 * ----------------------------------------------------------------- */

static int templates_run(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	(void)ctx;
	if (!sub)
		return cli_usage(CMD, "templates needs one of: list, show, "
				      "check, example");
	if (!strcmp(sub, "list") && argc == 2)
		return cmd_list();
	if (!strcmp(sub, "show") && argc == 3)
		return cmd_show(argv[2]);
	if (!strcmp(sub, "example") && argc == 3)
		return cmd_example(argv[2]);
	if (!strcmp(sub, "check") && argc >= 3)
		return cmd_check(argc - 2, argv + 2);
	if (!strcmp(sub, "list") || !strcmp(sub, "show") ||
	    !strcmp(sub, "example") || !strcmp(sub, "check"))
		return cli_usage(CMD,
				 "wrong number of arguments for "
				 "'templates %s'",
				 sub);
	return cli_usage(CMD, "unknown subcommand '%s'", sub);
}
