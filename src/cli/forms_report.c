/*
 * forms_report.c - report evaluation: the programme lead's view of the
 * scheme's forms (forms.h, forms_evaluation): per form, stage and
 * question, how many entries were submitted and how the ratings, choices
 * and yes/no answers fell (a rating's every point, none left out), read
 * from the running tallies; and the free-text answers of the forms whose
 * template says they are shared with the programme, never of the others.
 * Labels, scales and what is shared come from the installed templates.
 *
 * Formats as for list and report: a table, CSV (RFC 4180) and JSON.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "mentorpact/forms.h"
#include "mentorpact/store.h"
#include "mentorpact/template.h"

struct row {
	char *scheme, *form, *stage, *question, *value;
	long n;
};

struct eval {
	enum format format;
	struct tpl_catalog *cat;
	struct row *rows;
	size_t n, cap;
	long texts;
	bool nomem;
};

static const struct template *scheme_tpl(struct eval *ev, const char *id)
{
	const struct tpl_entry *e = template_catalog_find(ev->cat, id);
	return e ? e->tpl : NULL;
}

static const struct tpl_field *question_of(struct eval *ev, const struct row *r)
{
	const struct template *t = scheme_tpl(ev, r->scheme);
	const struct tpl_form *f = t ? forms_find(t, r->form) : NULL;

	for (size_t i = 0; f && i < f->n_questions; i++)
		if (strcmp(f->questions[i]->id, r->question) == 0)
			return f->questions[i];
	return NULL;
}

static void keep(void *ctx, const struct form_count *c)
{
	struct eval *ev = ctx;
	struct row *r;

	if (ev->n == ev->cap) {
		size_t cap = ev->cap ? ev->cap * 2 : 64;
		struct row *p = realloc(ev->rows, cap * sizeof(*p));
		if (!p) {
			ev->nomem = true;
			return;
		}
		ev->rows = p;
		ev->cap = cap;
	}
	r = &ev->rows[ev->n++];
	r->scheme = strdup(c->scheme);
	r->form = strdup(c->form);
	r->stage = strdup(c->stage);
	r->question = strdup(c->question);
	r->value = strdup(c->value);
	r->n = c->n;
	ev->nomem |=
	    !r->scheme || !r->form || !r->stage || !r->question || !r->value;
}

static bool same_group(const struct row *a, const struct row *b)
{
	return !strcmp(a->scheme, b->scheme) && !strcmp(a->form, b->form) &&
	       !strcmp(a->stage, b->stage) && !strcmp(a->question, b->question);
}

/* One count out: section "submitted" (question "") or "answers". */
static void put(struct eval *ev, const struct row *r, const char *value, long n)
{
	const struct tpl_field *q = question_of(ev, r);
	const char *label = q ? q->label : NULL;
	char num[24];

	snprintf(num, sizeof(num), "%ld", n);
	if (ev->format == FORMAT_CSV) {
		const char *cols[] = {*r->question ? "answers" : "submitted",
				      r->scheme,
				      r->form,
				      r->stage,
				      *r->question ? r->question : NULL,
				      *r->question ? value : NULL,
				      num,
				      NULL};
		csv_row(cols, 8);
	} else if (ev->format == FORMAT_JSON) {
		printf("%s\n    {\"scheme\": ", ev->texts++ ? "," : "");
		json_string(r->scheme);
		printf(", \"form\": ");
		json_string(r->form);
		printf(", \"stage\": ");
		json_string(r->stage);
		if (*r->question) {
			printf(", \"question\": ");
			json_string(r->question);
			printf(", \"label\": ");
			json_string(label);
			printf(", \"value\": ");
			json_string(value);
		}
		printf(", \"count\": %ld}", n);
	} else if (!*r->question) {
		const struct template *t = scheme_tpl(ev, r->scheme);
		const struct tpl_form *f = t ? forms_find(t, r->form) : NULL;
		printf("\n%s, %s%s%s, stage %s: %ld submitted\n", r->scheme,
		       r->form, f ? ": " : "", f ? f->title : "", r->stage, n);
	} else {
		printf("    %-12s %6ld\n", value, n);
	}
}

/* The rows of one question's group [i, j): a rating's every point. */
static void put_group(struct eval *ev, size_t i, size_t j)
{
	const struct row *r = &ev->rows[i];
	const struct tpl_field *q = *r->question ? question_of(ev, r) : NULL;

	if (ev->format == FORMAT_TABLE && *r->question)
		printf("  %s%s%s\n", r->question, q ? ": " : "",
		       q ? q->label : "");
	if (!q || q->type != TPL_RATING || !q->has_min || !q->has_max) {
		for (size_t k = i; k < j; k++)
			put(ev, &ev->rows[k], ev->rows[k].value, ev->rows[k].n);
		return;
	}
	for (long long p = q->min; p <= q->max; p++) {
		char v[24];
		long n = 0;
		snprintf(v, sizeof(v), "%lld", p);
		for (size_t k = i; k < j; k++)
			if (strcmp(ev->rows[k].value, v) == 0)
				n = ev->rows[k].n;
		put(ev, r, v, n);
	}
}

static bool shared(void *ctx, const char *scheme, const char *form)
{
	const struct template *t = scheme_tpl(ctx, scheme);
	const struct tpl_form *f = t ? forms_find(t, form) : NULL;

	return f && f->shared;
}

static void text(void *ctx, const struct form_text *t)
{
	struct eval *ev = ctx;

	if (ev->format == FORMAT_CSV) {
		const char *cols[] = {"text",	   t->scheme, t->form, t->stage,
				      t->question, t->text,   NULL,    t->role};
		csv_row(cols, 8);
	} else if (ev->format == FORMAT_JSON) {
		printf("%s\n    {\"scheme\": ", ev->texts++ ? "," : "");
		json_string(t->scheme);
		printf(", \"form\": ");
		json_string(t->form);
		printf(", \"stage\": ");
		json_string(t->stage);
		printf(", \"role\": ");
		json_string(t->role);
		printf(", \"question\": ");
		json_string(t->question);
		printf(", \"text\": ");
		json_string(t->text);
		putchar('}');
	} else {
		if (!ev->texts++)
			printf("\nFree text of the forms shared with the "
			       "programme:\n");
		printf("\n%s, %s, stage %s, %s, by a %s:\n  %s\n", t->scheme,
		       t->form, t->stage, t->question, t->role, t->text);
	}
}

static void head(struct eval *ev, const char *today)
{
	static const char *const cols[] = {"section", "scheme",	  "form",
					   "stage",   "question", "value",
					   "count",   "role"};

	if (ev->format == FORMAT_CSV)
		csv_row(cols, 8);
	else if (ev->format == FORMAT_JSON)
		printf("{\n  \"as_of\": \"%s\",\n  \"counts\": [", today);
	else
		printf("Evaluation of the forms submitted, as of %s (ratings, "
		       "choices and yes/no\nanswers counted; free text only "
		       "of the forms shared with the programme)\n",
		       today);
}

static int evaluate(struct store *st, const char *scheme, struct eval *ev)
{
	struct mp_error err;
	char today[11];
	size_t i = 0;

	if (forms_evaluation(st, scheme, keep, NULL, NULL, ev, &err) != MP_OK)
		return cli_fail(&err);
	if (ev->nomem)
		return cli_fail(&(struct mp_error){MP_ERR_NOMEM, ""});
	local_today(today);
	head(ev, today);
	while (i < ev->n) {
		size_t j = i + 1;
		while (j < ev->n && same_group(&ev->rows[i], &ev->rows[j]))
			j++;
		put_group(ev, i, j);
		i = j;
	}
	if (!ev->n && ev->format == FORMAT_TABLE)
		printf("\nNo form has been submitted%s%s yet.\n",
		       scheme ? " for scheme " : "", scheme ? scheme : "");
	if (ev->format == FORMAT_JSON)
		printf("%s],\n  \"texts\": [", ev->n ? "\n  " : "");
	ev->texts = 0;
	if (forms_evaluation(st, scheme, NULL, shared, text, ev, &err) != MP_OK)
		return cli_fail(&err);
	if (ev->format == FORMAT_JSON)
		printf("%s]\n}\n", ev->texts ? "\n  " : "");
	return 0;
}

int cli_report_evaluation(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"scheme", required_argument, NULL, 's'},
	    {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = CMD("report");
	struct eval ev = {.format = FORMAT_TABLE};
	const char *scheme = NULL;
	struct tpl_path path;
	struct mp_error err;
	struct store *st = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's')
			scheme = optarg;
		else if (c != 'f')
			return cli_usage(cmd, "unknown option '%s'",
					 argv[optind - 1]);
		else if ((rc = parse_format(cmd, optarg, &ev.format)))
			return rc;
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (template_search_path(&path, &err) != MP_OK)
		return cli_fail(&err);
	rc = template_catalog_load(&path, &ev.cat, &err) != MP_OK;
	template_path_free(&path);
	if (rc)
		return cli_fail(&err);
	if (scheme && !template_catalog_find(ev.cat, scheme)) {
		template_catalog_free(ev.cat);
		return cli_usage(cmd,
				 "no scheme '%s' is installed; "
				 "'mentorpact templates list' lists them",
				 scheme);
	}
	if (cli_open_store(ctx, &st, &err) != MP_OK)
		rc = cli_fail(&err);
	else
		rc = evaluate(st, scheme, &ev);
	store_close(st);
	for (size_t i = 0; i < ev.n; i++) {
		free(ev.rows[i].scheme);
		free(ev.rows[i].form);
		free(ev.rows[i].stage);
		free(ev.rows[i].question);
		free(ev.rows[i].value);
	}
	free(ev.rows);
	template_catalog_free(ev.cat);
	return rc;
}
