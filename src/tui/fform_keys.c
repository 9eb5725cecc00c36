/*
 * fform_keys.c - the keys of a form: moving between answers, typing and
 * editing (handed to fform_text.c in a text), choosing, toggling, adding
 * and deleting list items, and the confirmation boxes.
 */
#include <string.h>

#include "tui/fform_internal.h"

static void choose(struct fform *ff, struct slot *s)
{
	struct wm_field *f = &ff->spec.m->fields[s->fi];
	const struct tpl_field *tf = f->tf;
	size_t sel = 0;
	bool quit;
	int k;

	for (size_t i = 0; tf && i < tf->n_choices; i++)
		if (!strcmp(tf->choices[i], f->text))
			sel = i;
	if (!tf || !tf->n_choices)
		return;
	k = tui_pick(ff->app, f->label, (const char *const *)tf->choices,
		     tf->n_choices, sel, &quit);
	if (k >= 0)
		wm_set_text(f, tf->choices[k]);
	ff_fill(ff, s);
}

static void cycle_choice(struct fform *ff, struct slot *s, int dir)
{
	struct wm_field *f = &ff->spec.m->fields[s->fi];
	const struct tpl_field *tf = f->tf;
	long at = -1, n = tf ? (long)tf->n_choices : 0;

	if (!n)
		return;
	for (long i = 0; i < n; i++)
		if (!strcmp(tf->choices[i], f->text))
			at = i;
	at = at < 0 ? (dir > 0 ? 0 : n - 1) : (at + dir + n) % n;
	wm_set_text(f, tf->choices[at]);
	ff_fill(ff, s);
}

static void set_yesno(struct fform *ff, struct slot *s, const char *v)
{
	struct wm_field *f = &ff->spec.m->fields[s->fi];

	if (!v) /* toggle: nothing -> yes -> no -> yes */
		v = !strcmp(f->text, "yes") ? "no" : "yes";
	wm_set_text(f, v);
	ff_fill(ff, s);
}

static enum ff_result confirm(struct fform *ff, unsigned role,
			      struct ff_out *out)
{
	if (!(ff->spec.need & role))
		return FF_NONE;
	out->role = role;
	out->on = !(ff->spec.confirmed & role);
	out->field = 0;
	return FF_CONFIRM;
}

static enum ff_result list_key(struct fform *ff, struct slot *s, enum tui_act a)
{
	struct wm_field *f = &ff->spec.m->fields[s->fi];
	struct slot focus = *s;
	long at;

	if (a == ACT_ADD_ITEM) {
		int k = wm_list_add(f, s->item);
		if (k < 0) {
			tui_say(ff->app, true, "%s takes at most %ld items.",
				f->label, f->tf ? f->tf->max_items : 0L);
			return FF_NONE;
		}
		focus.item = (size_t)k;
	} else {
		focus.item = wm_list_delete(f, s->item);
	}
	ff_drop_form(ff);
	ff_layout(ff);
	at = ff_find_slot(ff, &focus);
	ff->cur = at >= 0 ? (size_t)at : ff_first_active(ff);
	if (ff_build(ff) != 0)
		tui_say(ff->app, true, "out of memory");
	return FF_NONE;
}

static enum ff_result edit_key(struct fform *ff, struct slot *s, wint_t c,
			       struct ff_out *out)
{
	if (editable(s->kind) &&
	    (c == KEY_LEFT || c == KEY_RIGHT || c == KEY_UP || c == KEY_DOWN ||
	     c == KEY_HOME || c == KEY_END || c == KEY_BACKSPACE ||
	     c == KEY_DC))
		return ff_text_key(ff, s, c, out);
	switch (c) {
	case KEY_LEFT:
	case KEY_RIGHT:
		if (s->kind == SL_CHOICE)
			cycle_choice(ff, s, c == KEY_LEFT ? -1 : 1);
		else if (s->kind == SL_YESNO)
			set_yesno(ff, s, NULL);
		else if (s->kind == SL_CONFIRM)
			return ff_move_focus(ff, c == KEY_LEFT ? -1 : 1, out);
		return FF_NONE;
	case KEY_DOWN:
		return ff_move_focus(ff, 1, out);
	case KEY_UP:
		return ff_move_focus(ff, -1, out);
	case KEY_HOME:
	case KEY_END:
	case KEY_BACKSPACE:
	case KEY_DC:
		return FF_NONE;
	default:
		return FF_UNHANDLED;
	}
}

static enum ff_result char_key(struct fform *ff, struct slot *s, wint_t c,
			       struct ff_out *out)
{
	if (c == 127 || c == 8) {
		if (editable(s->kind))
			return ff_text_key(ff, s, KEY_BACKSPACE, out);
		return FF_NONE;
	}
	switch (s->kind) {
	case SL_CHOICE:
		if (c == ' ')
			choose(ff, s);
		return FF_NONE;
	case SL_YESNO:
		if (c == ' ' || c == 'y' || c == 'n')
			set_yesno(ff, s,
				  c == 'y'   ? "yes"
				  : c == 'n' ? "no"
					     : NULL);
		return FF_NONE;
	case SL_CONFIRM:
		if (c == ' ')
			return confirm(ff, s->role, out);
		if (c == 'm' || c == 'e')
			return confirm(ff, c == 'm' ? TPL_MENTOR : TPL_MENTEE,
				       out);
		return FF_NONE;
	default:
		break;
	}
	if (!wm_accept_char((wchar_t)c, false)) {
		tui_say(ff->app, true,
			"That character cannot go into an "
			"answer; it was left out.");
		return FF_NONE;
	}
	ff_text_type(ff, s, (wchar_t)c);
	return FF_NONE;
}

static enum ff_result enter(struct fform *ff, struct slot *s,
			    struct ff_out *out)
{
	if (s->kind == SL_LONG) { /* a line break */
		ff_text_type(ff, s, L'\n');
		return FF_NONE;
	}
	if (s->kind == SL_CHOICE) {
		choose(ff, s);
		return FF_NONE;
	}
	if (s->kind == SL_CONFIRM)
		return confirm(ff, s->role, out);
	return ff_move_focus(ff, 1, out);
}

/* Ctrl-U: empty the answer in focus (a choice or yes/no too). */
static enum ff_result clear_key(struct fform *ff, struct slot *s)
{
	if (editable(s->kind)) {
		ff_text_clear(ff, s);
	} else if (s->kind == SL_CHOICE || s->kind == SL_YESNO) {
		wm_set_text(&ff->spec.m->fields[s->fi], "");
		ff_fill(ff, s);
	} else {
		tui_say(ff->app, false, "Ctrl-U clears the answer in focus.");
	}
	return FF_NONE;
}

enum ff_result fform_key(struct fform *ff, const struct tui_key *k,
			 struct ff_out *out)
{
	struct slot *s = &ff->slots[ff->cur];
	enum tui_act a = tui_action(k);

	switch (a) {
	case ACT_NEXT_FIELD:
		return ff_move_focus(ff, 1, out);
	case ACT_PREV_FIELD:
		return ff_move_focus(ff, -1, out);
	case ACT_ENTER:
		return enter(ff, s, out);
	case ACT_CLEAR:
		return clear_key(ff, s);
	case ACT_AGREE_MENTOR:
	case ACT_AGREE_MENTEE:
		if (!ff->spec.need) {
			tui_say(ff->app, false,
				"There is nothing to agree to on this screen: "
				"each section of the agreement is agreed on "
				"its own.");
			return FF_NONE;
		}
		if (!(ff->spec.need &
		      (a == ACT_AGREE_MENTOR ? TPL_MENTOR : TPL_MENTEE))) {
			tui_say(ff->app, false,
				"The %s does not confirm this section.",
				a == ACT_AGREE_MENTOR ? "mentor" : "mentee");
			return FF_NONE;
		}
		return confirm(ff,
			       a == ACT_AGREE_MENTOR ? TPL_MENTOR : TPL_MENTEE,
			       out);
	case ACT_ADD_ITEM:
	case ACT_DEL_ITEM:
		if (s->kind == SL_ITEM)
			return list_key(ff, s, a);
		tui_say(ff->app, false,
			"Ctrl-A and Ctrl-D add and delete the "
			"items of a list.");
		return FF_NONE;
	case ACT_NONE:
		break;
	default:
		return FF_UNHANDLED;
	}
	if (k->kind == TK_KEY)
		return edit_key(ff, s, k->code, out);
	return char_key(ff, s, k->code, out);
}
