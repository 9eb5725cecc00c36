/*
 * plain_walk.c - one agreement as a conversation: the parties' details,
 * then each section's wording with its questions one at a time, then the
 * section's confirmations; each answer saved as it is given, with the
 * same core call as the wizard (agreement_set_keep, which keeps a refused
 * answer as typed).
 *
 * Steps: 0 is the parties' details, 1..n the template's sections.  A
 * step's stages are its questions, then (sections only) the
 * confirmations.  The typed commands move between them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mentorpact/agreement.h"
#include "mentorpact/template.h"
#include "plain/plain.h"

/* One question: a template field or a party's detail. */
struct plain_q {
	char key[32];	  /* as agreement_set names it */
	char label[96];	  /* for details; fields use tf->label */
	const char *help; /* or NULL */
	enum tpl_type type;
	enum tpl_party who;
	bool required;
	const struct tpl_field *tf; /* NULL: a detail */
	size_t item;		    /* its item in the section */
};

struct plain_step {
	const struct tpl_section *sec; /* NULL: the parties' details */
	struct plain_q *qs;
	size_t n;
};

struct walk {
	struct plain *p;
	struct agreement *ag;
	struct plain_step *steps;
	size_t n_steps;
	size_t target; /* the step a goto names */
};

/* What a typed line asked for. */
enum move {
	MOVE_NEXT,   /* answered or skipped: on to the next stage */
	MOVE_AGAIN,  /* ask the same again */
	MOVE_BACK,   /* the stage before */
	MOVE_GOTO,   /* step walk->target */
	MOVE_REVIEW, /* to the review */
	MOVE_QUIT,
};

static const char *const role_words[2] = {"mentor", "mentee"};

static const char *const detail_words[TPL_DETAIL_COUNT] = {
    "full name", "email address", "phone number", "organisation"};

static const char *const detail_help[TPL_DETAIL_COUNT] = {
    "The full name, written as it will be typed again to sign.",
    "An email address such as name@example.org.",
    "A phone number, with the area code.",
    "The organisation they work for.",
};

static const char commands_text[] =
    "You can type these commands instead of an answer: "
    "back, for the question before; "
    "skip, to leave the answer as it is (an empty line does the same); "
    "clear, to empty the answer; "
    "goto and a number, to go to a section (goto 0 is the parties' "
    "details); "
    "review, to see what is still missing and to sign; "
    "wording, to hear the section's wording again; "
    "help, for this list and the question's help; "
    "quit, to stop (everything answered is saved). "
    "To give one of these words as an answer, type a backslash "
    "before it.";

/* --- values ------------------------------------------------------------------
 */

static const char *lookup(void *ctx, const char *key)
{
	const struct agreement *ag = ctx;
	const char *dot = strchr(key, '.');

	if (dot && dot - key == 6 &&
	    (!strncmp(key, "mentor", 6) || !strncmp(key, "mentee", 6))) {
		int d = template_detail_parse(dot + 1);
		return d < 0 ? NULL
			     : agreement_detail(
				   ag, key[4] == 'o' ? AG_MENTOR : AG_MENTEE,
				   (enum tpl_detail)d);
	}
	return agreement_value(ag, key);
}

/* Print text with {id} replaced by the answers given so far. */
static void say_expanded(struct walk *w, const char *prefix, const char *text)
{
	struct mp_error err;
	char *out;

	if (!text)
		return;
	if (template_expand(text, lookup, w->ag, &out, &err) == MP_OK) {
		plain_say("%s%s\n", prefix, out);
		free(out);
	} else
		plain_say("%s%s\n", prefix, text);
}

/* A value as a sentence: a list's items joined by "; ", and a full stop
 * unless it ends in one. */
static void say_value(const char *intro, const char *v)
{
	size_t n = strlen(v);
	bool stop = n == 0 || !strchr(".!?", v[n - 1]);

	plain_say("%s", intro);
	for (const char *s = v; *s;) {
		size_t k = strcspn(s, "\n");
		plain_say("%.*s", (int)k, s);
		s += k;
		if (*s == '\n' && *++s)
			plain_say("; ");
	}
	plain_say(stop ? ".\n" : "\n");
}

/* --- building the steps -----------------------------------------------------
 */

static void detail_q(struct plain_q *q, const struct template *tpl, int r,
		     int d)
{
	static const enum tpl_type types[TPL_DETAIL_COUNT] = {
	    TPL_TEXT, TPL_EMAIL, TPL_PHONE, TPL_TEXT};

	memset(q, 0, sizeof(*q));
	snprintf(q->key, sizeof(q->key), "%s.%s", role_words[r],
		 template_detail_name((enum tpl_detail)d));
	snprintf(q->label, sizeof(q->label), "The %s's %s", role_words[r],
		 detail_words[d]);
	q->help = detail_help[d];
	q->type = types[d];
	q->who = r == 0 ? TPL_MENTOR : TPL_MENTEE;
	q->required =
	    d == TPL_DETAIL_NAME || (tpl->parties[r].required & 1u << d);
}

static int build_details(struct plain_step *s, const struct template *tpl)
{
	s->sec = NULL;
	s->n = 0;
	if (!(s->qs = calloc(2 * TPL_DETAIL_COUNT, sizeof(*s->qs))))
		return -1;
	for (int r = 0; r < 2; r++)
		for (int d = 0; d < TPL_DETAIL_COUNT; d++)
			if (d == TPL_DETAIL_NAME ||
			    (tpl->parties[r].ask & 1u << d))
				detail_q(&s->qs[s->n++], tpl, r, d);
	return 0;
}

static int build_section(struct plain_step *s, const struct tpl_section *sec)
{
	s->sec = sec;
	s->n = 0;
	if (!(s->qs = calloc(sec->n_items + 1, sizeof(*s->qs))))
		return -1;
	for (size_t i = 0; i < sec->n_items; i++) {
		const struct tpl_field *f = sec->items[i].field;
		struct plain_q *q;
		if (sec->items[i].kind != TPL_FIELD || !f)
			continue;
		q = &s->qs[s->n++];
		snprintf(q->key, sizeof(q->key), "%s", f->id);
		q->help = f->help;
		q->type = f->type;
		q->who = f->who;
		q->required = f->required;
		q->tf = f;
		q->item = i;
	}
	return 0;
}

static void free_steps(struct walk *w)
{
	for (size_t i = 0; i < w->n_steps; i++)
		free(w->steps[i].qs);
	free(w->steps);
}

static int build_steps(struct walk *w)
{
	const struct template *tpl = w->ag->tpl;

	w->n_steps = 0;
	if (!(w->steps = calloc(tpl->n_sections + 1, sizeof(*w->steps))))
		return -1;
	if (build_details(&w->steps[w->n_steps++], tpl) != 0)
		return -1;
	for (size_t k = 0; k < tpl->n_sections; k++)
		if (build_section(&w->steps[w->n_steps++], &tpl->sections[k]) !=
		    0)
			return -1;
	return 0;
}

/* --- wording
 * ------------------------------------------------------------------ */

static void say_details(struct walk *w, enum tpl_party party)
{
	int r = party == TPL_MENTEE ? 1 : 0;
	const char *name =
	    agreement_detail(w->ag, (enum ag_role)r, TPL_DETAIL_NAME);

	plain_say("The %s: %s", role_words[r],
		  name && *name ? name : "not named yet");
	for (int d = 1; d < TPL_DETAIL_COUNT; d++) {
		const char *v = agreement_detail(w->ag, (enum ag_role)r,
						 (enum tpl_detail)d);
		if (v && *v)
			plain_say(", %s", v);
	}
	plain_say(".\n\n");
}

/* Say items [from, to) of a section as paragraphs; a field's item says
 * its question and current answer when with_fields. */
static void say_items(struct walk *w, const struct tpl_section *sec,
		      size_t from, size_t to, bool with_fields)
{
	for (size_t i = from; i < to && i < sec->n_items; i++) {
		const struct tpl_item *it = &sec->items[i];
		switch (it->kind) {
		case TPL_PARAGRAPH:
			say_expanded(w, "", it->text);
			plain_say("\n");
			break;
		case TPL_COMMITMENTS:
		case TPL_BULLETS:
		case TPL_QUESTIONS:
			say_expanded(w, "", it->heading);
			for (size_t l = 0; l < it->n_lines; l++) {
				char num[24];
				if (it->kind == TPL_QUESTIONS || it->numbered)
					snprintf(num, sizeof(num), "%zu. ",
						 l + 1);
				else
					snprintf(num, sizeof(num), "- ");
				say_expanded(w, num, it->lines[l]);
			}
			plain_say("\n");
			break;
		case TPL_FIELD:
			if (with_fields && it->field) {
				const char *v =
				    agreement_value(w->ag, it->field->id);
				if (v && *v) {
					char intro[300];
					snprintf(intro, sizeof(intro),
						 "%s: ", it->field->label);
					say_value(intro, v);
				} else
					plain_say("%s: not answered yet.\n",
						  it->field->label);
				plain_say("\n");
			}
			break;
		case TPL_DETAILS:
			say_details(w, it->party);
			break;
		case TPL_SIGNATURES:
			plain_say("The %s signs here.\n\n",
				  it->party == TPL_MENTEE ? "mentee"
							  : "mentor");
			break;
		}
	}
}

/* --- one question
 * --------------------------------------------------------------- */

static const char *q_label(const struct plain_q *q)
{
	return q->tf ? q->tf->label : q->label;
}

static const char *who_words(enum tpl_party who)
{
	return who == TPL_MENTOR   ? "the mentor's answer"
	       : who == TPL_MENTEE ? "the mentee's answer"
	       : who == TPL_BOTH   ? "an answer for both"
				   : "an answer";
}

static void say_how(const struct plain_q *q)
{
	const struct tpl_field *f = q->tf;

	if (q->help)
		plain_say("Help: %s\n", q->help);
	if (f && f->type == TPL_CHOICE) {
		plain_say("Choose one, by its number or its words:");
		for (size_t i = 0; i < f->n_choices; i++)
			plain_say(" %zu. %s%s", i + 1, f->choices[i],
				  i + 1 < f->n_choices ? ";" : ".");
		plain_say("\n");
	} else if (q->type == TPL_YES_NO && !q->help) {
		plain_say("Answer yes or no.\n");
	} else if (q->type == TPL_LIST) {
		/* a field's own help says what its items are */
		plain_say(q->help ? "An empty line ends the list.\n"
				  : "A list: type one item a line; an empty "
				    "line ends the list.\n");
	}
	if (f && f->example)
		say_value("For example: ", f->example);
}

/* Tell the question: its number, label, whose it is, its help and its
 * current answer (or the refused text the store kept). */
static void say_question(struct walk *w, const struct plain_q *q, size_t i,
			 size_t n)
{
	const struct ag_pending *pend = agreement_pending(w->ag, q->key);
	const char *v = lookup(w->ag, q->key);

	plain_say("Question %zu of %zu: %s. This is %s%s.\n", i + 1, n,
		  q_label(q), who_words(q->who),
		  q->required ? ", and it is needed" : ", and it is optional");
	say_how(q);
	if (pend && !*pend->text)
		plain_say("It was left empty before, which is not accepted.\n"
			  "Why: %s.\n",
			  pend->message);
	else if (pend) {
		say_value("What was typed before, not accepted: ", pend->text);
		plain_say("Why: %s.\n", pend->message);
	}
	if (v && *v)
		say_value("Current answer: ", v);
	else
		plain_say("No answer yet.\n");
}

/* Read the rest of a list after its first item: items until an empty
 * line.  Returns the items joined by "\n" (malloc'd), NULL when the
 * input ended. */
static char *read_list(struct walk *w, char *first)
{
	size_t len = strlen(first), n = 1;
	char *all = first, *line;

	for (;;) {
		char prompt[80];
		snprintf(prompt, sizeof(prompt),
			 "Item %zu, or an empty line to end the list:", n + 1);
		if (!(line = plain_ask(w->p, prompt))) {
			free(all);
			return NULL;
		}
		if (!*plain_trim(line)) {
			free(line);
			return all;
		}
		size_t add = strlen(line);
		char *more = realloc(all, len + add + 2);
		if (!more) {
			free(line);
			free(all);
			return NULL;
		}
		all = more;
		all[len++] = '\n';
		memcpy(all + len, line, add + 1);
		len += add;
		n++;
		free(line);
	}
}

/* Save value for q as the wizard does; say what happened.  Returns
 * MOVE_NEXT when it was taken, MOVE_AGAIN when it was refused. */
static enum move save(struct walk *w, const struct plain_q *q,
		      const char *value)
{
	struct ag_change change = {0};
	struct mp_error err;
	enum mp_status s = agreement_set_keep(w->p->st, w->ag, q->key, value,
					      q->who, &change, &err);

	if (s != MP_OK) {
		plain_say("Not accepted: %s.\n", err.message);
		if (s == MP_ERR_INVALID)
			plain_say("What you typed is kept, so nothing is lost. "
				  "Type a new answer, or skip to leave it for "
				  "now.\n");
		return MOVE_AGAIN;
	}
	const char *v = lookup(w->ag, q->key);
	if (v && *v)
		say_value("Saved: ", v);
	else
		plain_say("Saved: the answer is now empty.\n");
	if (change.cleared_signatures)
		plain_say("The answers changed, so the signatures given are "
			  "cleared: the agreement must be signed again.\n");
	else if (change.cleared_confirmations)
		plain_say("The answers changed, so this section needs "
			  "confirming again.\n");
	return MOVE_NEXT;
}

/* A choice typed by its number becomes its words. */
static const char *choice_words(const struct plain_q *q, const char *line)
{
	char *end;
	long k;

	if (!q->tf || q->tf->type != TPL_CHOICE || !*line)
		return line;
	k = strtol(line, &end, 10);
	if (*end || k < 1 || (size_t)k > q->tf->n_choices)
		return line;
	return q->tf->choices[k - 1];
}

/* A typed command (line trimmed, lowercase compared), or -1 when the
 * line is an answer. */
static int command(struct walk *w, const char *line)
{
	if (!strcasecmp(line, "back"))
		return MOVE_BACK;
	if (!strcasecmp(line, "quit"))
		return MOVE_QUIT;
	if (!strcasecmp(line, "review"))
		return MOVE_REVIEW;
	if (!strncasecmp(line, "goto ", 5) || !strncasecmp(line, "go to ", 6)) {
		const char *num = line + (line[2] == ' ' ? 6 : 5);
		char *end;
		long k = strtol(num, &end, 10);
		if (*num && !*end && k >= 0 && (size_t)k < w->n_steps) {
			w->target = (size_t)k;
			return MOVE_GOTO;
		}
		plain_say("There is no section %s: type goto and a number "
			  "from 0 to %zu.\n",
			  num, w->n_steps - 1);
		return MOVE_AGAIN;
	}
	return -1;
}

static enum move ask_question(struct walk *w, const struct plain_q *q, size_t i,
			      size_t n)
{
	char *line, *value;
	int c;
	enum move m;

	say_question(w, q, i, n);
	if (!(line = plain_ask(w->p, "Your answer:")))
		return MOVE_QUIT;
	plain_trim(line);
	if ((c = command(w, line)) >= 0) {
		free(line);
		return (enum move)c;
	}
	if (!strcasecmp(line, "help") || !strcasecmp(line, "wording")) {
		if (line[0] == 'h') {
			plain_say("%s\n", commands_text);
			say_how(q);
		} else {
			const struct plain_step *s = &w->steps[0];
			for (size_t k = 0; k < w->n_steps; k++)
				for (size_t j = 0; j < w->steps[k].n; j++)
					if (&w->steps[k].qs[j] == q)
						s = &w->steps[k];
			if (s->sec)
				say_items(w, s->sec, 0, s->sec->n_items, true);
			else
				plain_say("This part has no wording of its "
					  "own.\n");
		}
		free(line);
		return MOVE_AGAIN;
	}
	if (!*line || !strcasecmp(line, "skip")) {
		const char *v = lookup(w->ag, q->key);
		if (q->required && !(v && *v))
			plain_say("Left unanswered; it is needed before the "
				  "agreement can be signed.\n");
		free(line);
		return MOVE_NEXT;
	}
	if (!strcasecmp(line, "clear")) {
		free(line);
		return save(w, q, "");
	}
	if (line[0] == '\\')
		memmove(line, line + 1, strlen(line));
	value = line;
	if (q->type == TPL_LIST && !(value = read_list(w, line)))
		return MOVE_QUIT;
	m = save(w, q, choice_words(q, value));
	free(value);
	return m;
}

/* --- confirmations
 * ------------------------------------------------------------ */

static enum move confirm_one(struct walk *w, size_t k, enum ag_role r)
{
	const struct tpl_section *sec = w->steps[k + 1].sec;
	struct mp_error err;
	char prompt[400];
	char *line;
	int yes, c;

	snprintf(prompt, sizeof(prompt),
		 "Does the %s agree with section %zu, %s? Type yes or no.",
		 role_words[r], k + 1, sec->title);
	if (!(line = plain_ask(w->p, prompt)))
		return MOVE_QUIT;
	plain_trim(line);
	if ((c = command(w, line)) >= 0) {
		free(line);
		return (enum move)c;
	}
	if (!strcasecmp(line, "help") || !strcasecmp(line, "wording")) {
		if (line[0] == 'h')
			plain_say("%s\n", commands_text);
		else
			say_items(w, sec, 0, sec->n_items, true);
		free(line);
		return MOVE_AGAIN;
	}
	yes = plain_yes_no(line);
	free(line);
	if (yes < 0) {
		plain_say("Please type yes or no.\n");
		return MOVE_AGAIN;
	}
	if (!yes) {
		plain_say("Not confirmed. The agreement cannot be signed until "
			  "the %s agrees with this section; you can come back "
			  "with goto %zu.\n",
			  role_words[r], k + 1);
		return MOVE_NEXT;
	}
	if (agreement_confirm(w->p->st, w->ag, k, r, true, &err) != MP_OK) {
		plain_say("Not confirmed: %s.\n", err.message);
		return MOVE_NEXT;
	}
	plain_say("Saved: the %s agrees with section %zu.\n", role_words[r],
		  k + 1);
	return MOVE_NEXT;
}

/* Ask each party the section needs who has not confirmed it yet. */
static enum move confirm_section(struct walk *w, size_t k)
{
	const struct tpl_section *sec = w->steps[k + 1].sec;

	for (int r = 0; r < 2; r++) {
		unsigned bit = r == 0 ? TPL_MENTOR : TPL_MENTEE;
		enum move m;
		if (!(sec->confirm & bit))
			continue;
		if (w->ag->confirmed[k] & bit) {
			plain_say("The %s has agreed with this section.\n",
				  role_words[r]);
			continue;
		}
		while ((m = confirm_one(w, k, (enum ag_role)r)) == MOVE_AGAIN)
			;
		if (m != MOVE_NEXT)
			return m;
	}
	return MOVE_NEXT;
}

/* --- steps
 * ------------------------------------------------------------------------ */

/*
 * Run step k from stage `stage` (a question's index, or n for the
 * confirmations).  Returns how it was left; *stage is where, for back.
 */
static enum move run_step(struct walk *w, size_t k, size_t stage)
{
	const struct plain_step *s = &w->steps[k];
	size_t said = 0; /* items already said, for the wording */

	if (s->sec)
		plain_say("Section %zu of %zu: %s.\n\n", k, w->n_steps - 1,
			  s->sec->title);
	else
		plain_say("Part 0: who is making this agreement. %zu questions "
			  "about the mentor and the mentee.\n\n",
			  s->n);
	if (stage > 0 && s->sec)
		said = stage < s->n ? s->qs[stage].item : s->sec->n_items;
	while (stage <= s->n) {
		enum move m;
		if (stage < s->n) {
			if (s->sec && s->qs[stage].item >= said) {
				say_items(w, s->sec, said, s->qs[stage].item,
					  false);
				said = s->qs[stage].item + 1;
			}
			while ((m = ask_question(w, &s->qs[stage], stage,
						 s->n)) == MOVE_AGAIN)
				;
		} else {
			if (!s->sec)
				return MOVE_NEXT;
			say_items(w, s->sec, said, s->sec->n_items, false);
			said = s->sec->n_items;
			m = confirm_section(w, k - 1);
		}
		if (m == MOVE_BACK) {
			if (stage == 0)
				return MOVE_BACK;
			stage--;
			continue;
		}
		if (m != MOVE_NEXT)
			return m;
		stage++;
	}
	return MOVE_NEXT;
}

/* Where a visit starts (*stage: the question, or n for the
 * confirmations): at the first answer the store holds refused, else at
 * the first required answer missing or confirmation lacking, else the
 * review (the step past the last). */
static size_t first_step(const struct walk *w, size_t *stage)
{
	const struct agreement *ag = w->ag;

	*stage = 0;
	for (size_t k = 0; k < w->n_steps; k++)
		for (size_t i = 0; i < w->steps[k].n; i++)
			if (agreement_pending(ag, w->steps[k].qs[i].key)) {
				*stage = i;
				return k;
			}
	if (ag->status != AG_DRAFT)
		return w->n_steps;
	for (size_t k = 0; k < w->n_steps; k++) {
		const struct plain_step *s = &w->steps[k];
		for (size_t i = 0; i < s->n; i++) {
			const char *v = lookup((void *)ag, s->qs[i].key);
			if (s->qs[i].required && !(v && *v)) {
				*stage = i;
				return k;
			}
		}
		if (s->sec && (ag->confirmed[k - 1] & s->sec->confirm) !=
				  (unsigned)s->sec->confirm) {
			*stage = s->n;
			return k;
		}
	}
	return w->n_steps;
}

void plain_agreement(struct plain *p, struct agreement *ag)
{
	struct walk w = {.p = p, .ag = ag};
	size_t step;
	enum move m = MOVE_NEXT;
	size_t stage = 0;

	if (build_steps(&w) != 0) {
		plain_say("Out of memory.\n");
		free_steps(&w);
		agreement_free(ag);
		return;
	}
	plain_say("Agreement %s, version %d, %s: %s.\n%s\n\n", ag->id,
		  ag->version, ag->tpl->name, agreement_status_name(ag->status),
		  commands_text);
	step = first_step(&w, &stage);
	while (!p->ended) {
		if (step >= w.n_steps) {
			enum plain_review r =
			    plain_review(p, &w.ag, w.n_steps, &step);
			if (r != PLAIN_REVIEW_GOTO)
				break;
			stage = 0;
			continue;
		}
		m = run_step(&w, step, stage);
		stage = 0;
		if (m == MOVE_QUIT)
			break;
		if (m == MOVE_NEXT)
			step++;
		else if (m == MOVE_BACK && step == 0)
			plain_say("That was the first question.\n");
		else if (m == MOVE_BACK) {
			step--;
			stage = w.steps[step].sec ? w.steps[step].n
						  : w.steps[step].n - 1;
		} else if (m == MOVE_GOTO)
			step = w.target;
		else if (m == MOVE_REVIEW)
			step = w.n_steps;
	}
	plain_say("Leaving agreement %s; everything answered is saved.\n\n",
		  w.ag->id);
	free_steps(&w);
	agreement_free(w.ag);
}
