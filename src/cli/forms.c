/*
 * forms.c - the scheme's forms from the command line: form list, fill,
 * show and submit (include/mentorpact/forms.h).  A refused answer on the
 * command line changes nothing, as with 'set': every answer given is
 * checked first, and only when all are accepted are they saved.
 * Submitting asks the party's signing passphrase, as signing does
 * (--signing-passphrase-file, else the terminal without echo).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "agreements.h"
#include "mentorpact/forms.h"
#include "mentorpact/secret.h"
#include "mentorpact/store.h"

struct form_args {
	const char *id, *form, *as, *occasion, *from, *format;
	char **pairs; /* QUESTION=ANSWER */
	int n_pairs;
	enum ag_role role;
	enum format fmt;
};

/* Parse what follows "form VERB": 0, or the usage error's exit code. */
static int parse(int argc, char **argv, bool wants_form, struct form_args *a)
{
	static const struct option opts[] = {
	    {"as", required_argument, NULL, 'a'},
	    {"occasion", required_argument, NULL, 'o'},
	    {"from", required_argument, NULL, 'f'},
	    {"format", required_argument, NULL, 'F'},
	    {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = CMD("form");
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == '?' || c == ':')
			return cli_usage(cmd, "unknown option '%s'",
					 argv[optind - 1]);
		*(c == 'a'   ? &a->as
		  : c == 'o' ? &a->occasion
		  : c == 'f' ? &a->from
			     : &a->format) = optarg;
	}
	if (optind >= argc)
		return cli_usage(cmd, "expected ID");
	a->id = argv[optind++];
	if (wants_form) {
		if (optind >= argc)
			return cli_usage(cmd, "expected the form's id after "
					      "the agreement's; 'mentorpact "
					      "form list ID' lists them");
		a->form = argv[optind++];
	}
	a->pairs = argv + optind;
	a->n_pairs = argc - optind;
	if (a->format && (rc = parse_format(cmd, a->format, &a->fmt)))
		return rc;
	if (a->fmt == FORMAT_CSV)
		return cli_usage(cmd, "form gives a table or JSON, not CSV");
	if ((wants_form || a->as) && (rc = parse_role(cmd, a->as, &a->role)))
		return rc;
	return 0;
}

/* --- list ------------------------------------------------------------------
 */

static int form_list(struct cli_ctx *ctx, struct form_args *a)
{
	struct store *st;
	struct agreement *ag;
	struct form_slot *sl;
	struct mp_error err;
	size_t n;
	int rc;

	if ((rc = open_agreement(ctx, a->id, &st, &ag)))
		return rc;
	if (forms_list(st, ag, a->as ? (int)a->role : -1, &sl, &n, &err) !=
	    MP_OK) {
		close_all(st, ag);
		return cli_fail(&err);
	}
	if (a->fmt == FORMAT_JSON)
		putchar('[');
	else if (n)
		printf("%-22s %-24s %-7s %-12s %s\n", "FORM", "OCCASION",
		       "ROLE", "STATE", "TITLE");
	else
		printf("%s: no form is open yet (scheme %s)\n", ag->id,
		       ag->tpl->id);
	for (size_t i = 0; i < n; i++) {
		const struct form_slot *s = &sl[i];
		if (a->fmt != FORMAT_JSON) {
			printf("%-22s %-24s %-7s %-12s %s\n", s->form->id,
			       s->occasion, agreement_role_name(s->role),
			       forms_state_name(s->state), s->form->title);
			continue;
		}
		printf("%s\n  {\"form\": ", i ? "," : "");
		json_string(s->form->id);
		printf(", \"title\": ");
		json_string(s->form->title);
		printf(", \"occasion\": ");
		json_string(s->occasion);
		printf(", \"stage\": ");
		json_string(s->stage);
		printf(", \"role\": \"%s\", \"state\": \"%s\", \"updated\": ",
		       agreement_role_name(s->role),
		       forms_state_name(s->state));
		json_string(s->updated);
		printf(", \"submitted\": ");
		json_string(s->submitted);
		putchar('}');
	}
	if (a->fmt == FORMAT_JSON)
		printf("%s]\n", n ? "\n" : "");
	forms_slots_free(sl, n);
	close_all(st, ag);
	return 0;
}

/* --- show ------------------------------------------------------------------
 */

static void show_json(const struct form_entry *e)
{
	printf("{\"agreement\": \"%s\", \"form\": ", e->ag->id);
	json_string(e->form->id);
	printf(", \"occasion\": ");
	json_string(e->occasion);
	printf(", \"stage\": ");
	json_string(e->stage);
	printf(", \"role\": \"%s\", \"state\": \"%s\", \"updated\": ",
	       agreement_role_name(e->role),
	       forms_state_name(e->submitted ? FORM_SUBMITTED
				: e->rowid   ? FORM_DRAFT
					     : FORM_NOT_STARTED));
	json_string(e->updated);
	printf(", \"submitted\": ");
	json_string(e->submitted);
	printf(",\n \"answers\": {");
	for (size_t i = 0, k = 0; i < e->form->n_questions; i++) {
		if (!forms_asks(e->form->questions[i], e->role))
			continue;
		printf("%s\n  ", k++ ? "," : "");
		json_string(e->form->questions[i]->id);
		printf(": ");
		json_string(e->values[i]);
	}
	printf("},\n \"refused\": {");
	for (size_t i = 0, k = 0; i < e->form->n_questions; i++) {
		if (!e->refused[i])
			continue;
		printf("%s\n  ", k++ ? "," : "");
		json_string(e->form->questions[i]->id);
		printf(": {\"typed\": ");
		json_string(e->refused[i]);
		printf(", \"why\": ");
		json_string(e->why[i]);
		putchar('}');
	}
	printf("}}\n");
}

static void show_table(const struct form_entry *e)
{
	char **p;
	size_t np;

	printf("%s: %s (%s), %s, by the %s: %s\n", e->ag->id, e->form->title,
	       e->form->id, e->occasion, agreement_role_name(e->role),
	       e->submitted ? "submitted"
	       : e->rowid   ? "draft"
			    : "not started");
	if (e->submitted)
		printf("Submitted %s\n", e->submitted);
	for (size_t i = 0; i < e->form->n_questions; i++) {
		const struct tpl_field *q = e->form->questions[i];
		if (!forms_asks(q, e->role))
			continue;
		printf("\n%s (%s%s)\n  %s\n", q->label, q->id,
		       q->required ? ", required" : "",
		       e->values[i] ? e->values[i] : "-");
		if (e->refused[i])
			printf("  typed, not accepted: %s\n  why: %s\n",
			       e->refused[i], e->why[i]);
	}
	if (e->submitted)
		return;
	np = forms_entry_problems(e, &p);
	printf("\n%s\n", np ? "Before it can be submitted:"
			    : "Ready to submit: mentorpact form submit ...");
	for (size_t i = 0; i < np; i++)
		printf("  - %s\n", p[i]);
	forms_problems_free(p, np);
}

/* Open the store, the agreement and the entry a names. */
static int open_entry(struct cli_ctx *ctx, const struct form_args *a,
		      struct store **st, struct agreement **ag,
		      struct form_entry **e)
{
	struct mp_error err;
	int rc;

	if ((rc = open_agreement(ctx, a->id, st, ag)))
		return rc;
	if (forms_entry_load(*st, *ag, a->form, a->occasion, a->role, e,
			     &err) != MP_OK) {
		close_all(*st, *ag);
		return cli_fail(&err);
	}
	return 0;
}

static int form_show(struct cli_ctx *ctx, struct form_args *a)
{
	struct store *st;
	struct agreement *ag;
	struct form_entry *e;
	int rc;

	if ((rc = open_entry(ctx, a, &st, &ag, &e)))
		return rc;
	if (a->fmt == FORMAT_JSON)
		show_json(e);
	else
		show_table(e);
	forms_entry_free(e);
	close_all(st, ag);
	return 0;
}

/* --- fill ------------------------------------------------------------------
 */

/* The QUESTION=ANSWER lines of path, appended to *all. */
static int read_pairs(const char *path, char **text, char ***all, int *n)
{
	int rc = read_value(path, text);
	char *line, *save = NULL;

	if (rc)
		return rc;
	for (line = strtok_r(*text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char **p = realloc(*all, (size_t)(*n + 1) * sizeof(char *));
		if (!p)
			return cli_usage(CMD("form"), "out of memory");
		*all = p;
		p[(*n)++] = line;
	}
	return 0;
}

/* Check every pair; 0 when all are accepted (each checked answer's
 * question in qi), else the exit code after naming each refused one. */
static int check_all(const struct form_entry *e, char **pairs, int n, int *qi)
{
	struct mp_error err;
	int bad = 0;

	for (int i = 0; i < n; i++) {
		char *eq = strchr(pairs[i], '='), *norm;
		if (!eq) {
			fprintf(stderr,
				"mentorpact: '%s' is not QUESTION=ANSWER\n",
				pairs[i]);
			bad = MP_ERR_USAGE;
			continue;
		}
		*eq = '\0';
		qi[i] = forms_question_index(e, pairs[i]);
		if (qi[i] < 0) {
			fprintf(stderr,
				"mentorpact: form '%s' has no question '%s'; "
				"'mentorpact form show' lists them\n",
				e->form->id, pairs[i]);
			bad = MP_ERR_INVALID;
		} else if (forms_check(e, (size_t)qi[i], eq + 1, &norm, &err) !=
			   MP_OK) {
			cli_fail(&err);
			bad = MP_ERR_INVALID;
		} else {
			free(norm);
		}
		pairs[i] = eq + 1;
	}
	if (bad)
		fprintf(stderr, "mentorpact: nothing was saved\n");
	return bad ? mp_status_exit_code((enum mp_status)bad) : 0;
}

static int form_fill(struct cli_ctx *ctx, struct form_args *a)
{
	struct store *st;
	struct agreement *ag;
	struct form_entry *e;
	struct mp_error err;
	char *text = NULL, **pairs = NULL;
	int n = 0, rc, *qi;

	for (int i = 0; i < a->n_pairs; i++) {
		char **p = realloc(pairs, (size_t)(n + 1) * sizeof(char *));
		if (!p)
			return cli_usage(CMD("form"), "out of memory");
		pairs = p;
		pairs[n++] = a->pairs[i];
	}
	if (a->from && (rc = read_pairs(a->from, &text, &pairs, &n)))
		goto out;
	rc = n ? 0
	       : cli_usage(CMD("form"), "no answer given: QUESTION=ANSWER, "
					"or --from FILE");
	if (rc || (rc = open_entry(ctx, a, &st, &ag, &e)))
		goto out;
	qi = calloc((size_t)n, sizeof(int));
	rc = qi ? check_all(e, pairs, n, qi)
		: cli_usage(CMD("form"), "no memory");
	for (int i = 0; !rc && i < n; i++)
		if (forms_entry_set(st, e, (size_t)qi[i], pairs[i], false,
				    &err) != MP_OK)
			rc = cli_fail(&err);
	if (!rc)
		printf("%s: %d answer%s saved to form '%s' (%s) of the %s; a "
		       "draft until submitted\n",
		       ag->id, n, n == 1 ? "" : "s", e->form->id, e->occasion,
		       agreement_role_name(e->role));
	free(qi);
	forms_entry_free(e);
	close_all(st, ag);
out:
	free(pairs);
	free(text);
	return rc;
}

/* --- submit ----------------------------------------------------------------
 */

static int form_submit(struct cli_ctx *ctx, struct form_args *a)
{
	struct store *st;
	struct agreement *ag;
	struct form_entry *e;
	struct mp_secret *pass = NULL;
	struct mp_error err;
	int rc;

	if ((rc = open_entry(ctx, a, &st, &ag, &e)))
		return rc;
	if ((ctx->signing_passphrase_file
		 ? secret_read_file(ctx->signing_passphrase_file, &pass, &err)
		 : secret_read_tty("Signing passphrase: ", 0, &pass, &err)) !=
		MP_OK ||
	    forms_entry_submit(st, e, pass, &err) != MP_OK)
		rc = cli_fail(&err);
	else
		printf("%s: form '%s' (%s) submitted by the %s; it no longer "
		       "changes\n",
		       ag->id, e->form->id, e->occasion,
		       agreement_role_name(e->role));
	secret_free(pass);
	forms_entry_free(e);
	close_all(st, ag);
	return rc;
}

static int cmd_form(struct cli_ctx *ctx, int argc, char **argv)
{
	static const char *const verbs[] = {"list", "fill", "show", "submit"};
	int (*const run[])(struct cli_ctx *, struct form_args *) = {
	    form_list, form_fill, form_show, form_submit};
	struct form_args a = {.fmt = FORMAT_TABLE};

	for (size_t v = 0; argc > 1 && v < 4; v++) {
		int rc;
		if (strcmp(argv[1], verbs[v]) != 0)
			continue;
		if ((rc = parse(argc - 1, argv + 1, v != 0, &a)))
			return rc;
		if (v != 1 && a.n_pairs)
			return cli_usage(CMD("form"),
					 "unexpected argument "
					 "'%s'",
					 a.pairs[0]);
		if (v != 1 && a.from)
			return cli_usage(CMD("form"), "--from is for fill");
		if (v == 1 && a.format)
			return cli_usage(CMD("form"), "--format is for list "
						      "and show");
		return run[v](ctx, &a);
	}
	return cli_usage(CMD("form"), "expected list, fill, show or submit");
}

const struct cli_command cli_forms_commands[] = {
    {"form", cmd_form,
     "form list ID [--as ROLE] [--format table|json] | fill ID FORM --as "
     "ROLE [--occasion X] [--from FILE] [QUESTION=ANSWER ...] | show ID "
     "FORM --as ROLE [--occasion X] [--format table|json] | submit ID FORM "
     "--as ROLE [--occasion X]",
     "fill and submit the scheme's forms (ROLE: mentor or mentee)"},
    {NULL, NULL, NULL, NULL},
};
