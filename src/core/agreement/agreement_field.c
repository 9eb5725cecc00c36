/*
 * agreement_field.c - an agreement's answers by name, and the answers
 * refused but kept as typed.
 *
 * Part of the agreement model (with agreement.c): what a name such as
 * "goals" or "mentee.email" refers to, with the rules its value must meet
 * and where the agreement keeps it; and the pending texts, kept in memory
 * as loaded and explained with the message agreement_set refuses them
 * with.  Nothing here writes to the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_internal.h"

/* The rules a party's detail meets, as a field of its own. */
static void detail_rules(int role, int detail, struct tpl_field *f)
{
	static char *const labels[2][TPL_DETAIL_COUNT] = {
	    {"Mentor's name", "Mentor's email", "Mentor's phone",
	     "Mentor's organisation"},
	    {"Mentee's name", "Mentee's email", "Mentee's phone",
	     "Mentee's organisation"},
	};
	static const enum tpl_type types[TPL_DETAIL_COUNT] = {
	    TPL_TEXT, TPL_EMAIL, TPL_PHONE, TPL_TEXT};

	memset(f, 0, sizeof(*f));
	f->id = labels[role][detail];
	f->label = labels[role][detail];
	f->type = types[detail];
	f->who = role == 0 ? TPL_MENTOR : TPL_MENTEE;
	f->max_length = TPL_TEXT_MAX;
	f->person_name = detail == TPL_DETAIL_NAME;
}

enum mp_status ag_resolve(struct agreement *ag, const char *name,
			  struct ag_target *t, struct mp_error *err)
{
	const char *dot = strchr(name, '.');

	memset(t, 0, sizeof(*t));
	t->role = -1;
	if (dot && (size_t)(dot - name) == 6) {
		char role[7];
		memcpy(role, name, 6);
		role[6] = '\0';
		t->role = agreement_role_parse(role);
		t->detail = template_detail_parse(dot + 1);
		if (t->role >= 0 && t->detail >= 0) {
			detail_rules(t->role, t->detail, &t->synth);
			t->rules = &t->synth;
			t->section = ag_section_of_details(ag->tpl, t->role);
			t->slot = &ag->parties[t->role].details[t->detail];
			return MP_OK;
		}
		t->role = -1;
	}
	t->field = ag_field_index(ag->tpl, name);
	if (t->field < 0)
		return mp_error_set(err, MP_ERR_NOT_FOUND,
				    "agreement %s (scheme %s) has no field "
				    "'%s'; 'mentorpact show %s' lists them",
				    ag->id, ag->tpl->id, name, ag->id);
	t->rules = ag->tpl->fields[t->field];
	t->section = ag_section_of_field(ag->tpl, t->field);
	t->slot = &ag->values[t->field];
	return MP_OK;
}

/* The name t's pending text is kept under: the template field's id, or
 * "mentor.email" style for a detail. */
void ag_target_key(const struct agreement *ag, const struct ag_target *t,
		   char *buf, size_t size)
{
	if (t->role >= 0)
		ag_detail_key((enum ag_role)t->role, (enum tpl_detail)t->detail,
			      buf, size);
	else
		snprintf(buf, size, "%s", ag->tpl->fields[t->field]->id);
}

/* --- pending texts: refused answers kept as typed ------------------------ */

long ag_pending_index(const struct agreement *ag, const char *field)
{
	const struct ag_pending *p = agreement_pending(ag, field);

	return p ? (long)(p - ag->pending) : -1;
}

int ag_pending_put(struct agreement *ag, const char *field, const char *text,
		   const char *message)
{
	long i = ag_pending_index(ag, field);
	struct ag_pending *grown;

	if (i < 0) {
		grown =
		    realloc(ag->pending, (ag->n_pending + 1) * sizeof(*grown));
		if (!grown)
			return -1;
		ag->pending = grown;
		i = (long)ag->n_pending;
		memset(&grown[i], 0, sizeof(grown[i]));
		if (!(grown[i].field = strdup(field)))
			return -1;
		ag->n_pending++;
	}
	return ag_set_str(&ag->pending[i].text, text ? text : "") ||
	       ag_set_str(&ag->pending[i].message, message);
}

/* Forget pending text i of ag (in memory only). */
void ag_pending_forget(struct agreement *ag, long i)
{
	struct ag_pending *p = &ag->pending[i];

	free(p->field);
	free(p->text);
	free(p->message);
	memmove(p, p + 1, (ag->n_pending - (size_t)i - 1) * sizeof(*p));
	ag->n_pending--;
}

void ag_pending_free(struct agreement *ag)
{
	while (ag->n_pending)
		ag_pending_forget(ag, (long)ag->n_pending - 1);
	free(ag->pending);
	ag->pending = NULL;
}

int ag_pending_explain(struct agreement *ag)
{
	for (size_t i = 0; i < ag->n_pending; i++) {
		struct ag_pending *p = &ag->pending[i];
		struct mp_error why;
		struct ag_target t;
		char *norm = NULL;
		enum mp_status s = ag_resolve(ag, p->field, &t, &why);

		if (s == MP_OK)
			s = template_value_check(t.rules, p->text, &norm, &why);
		free(norm);
		if (s == MP_OK) /* accepted now: it only waits to be saved */
			mp_error_set(&why, MP_OK, "'%s' is not saved yet",
				     t.rules->label);
		if (ag_set_str(&p->message, why.message) != 0)
			return -1;
	}
	return 0;
}
