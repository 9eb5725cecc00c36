/*
 * test_wizard_model.c - the terminal UI's logic without curses: section
 * order and jumps, answers kept going back and forth, complete and
 * confirmed sections, what blocks signing, when to save, name matching,
 * which typed characters are refused, the "please enlarge" threshold,
 * list items growing and shrinking, and the passphrase strength word.
 *
 * The model's sources are compiled in here: the unit tests link the core
 * only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui/tui_text.c"
#include "tui/wizard_model.c"

static const char yaml[] = "format: 1\n"
			   "id: test-scheme\n"
			   "name: Test Scheme\n"
			   "organisation: Tests\n"
			   "version: \"1\"\n"
			   "source: made for the unit tests\n"
			   "description: A scheme with one of everything.\n"
			   "parties:\n"
			   "  mentor:\n"
			   "    ask: [name, email]\n"
			   "    required: [name, email]\n"
			   "  mentee:\n"
			   "    ask: [name]\n"
			   "sections:\n"
			   "  - id: parties\n"
			   "    title: Between\n"
			   "    confirm: both\n"
			   "    body:\n"
			   "      - details: mentor\n"
			   "      - details: mentee\n"
			   "  - id: meetings\n"
			   "    title: Meetings\n"
			   "    confirm: both\n"
			   "    body:\n"
			   "      - paragraph: We meet {how_often}.\n"
			   "      - field: how_often\n"
			   "        label: How often we meet\n"
			   "        type: frequency\n"
			   "        who: both\n"
			   "      - field: where\n"
			   "        label: Where\n"
			   "        type: choice\n"
			   "        who: both\n"
			   "        required: false\n"
			   "        choices: [online, in person]\n"
			   "  - id: goals\n"
			   "    title: Goals\n"
			   "    confirm: both\n"
			   "    body:\n"
			   "      - field: goals\n"
			   "        label: Goals\n"
			   "        type: list\n"
			   "        who: mentee\n"
			   "        min_items: 2\n"
			   "        max_items: 3\n"
			   "      - field: notes\n"
			   "        label: Notes\n"
			   "        type: long text\n"
			   "        who: both\n"
			   "        required: false\n"
			   "  - id: close\n"
			   "    title: Close\n"
			   "    confirm: mentor\n"
			   "    body:\n"
			   "      - paragraph: We review it after {review}.\n"
			   "      - field: review\n"
			   "        label: When we review it\n"
			   "        type: duration\n"
			   "        who: both\n"
			   "        default: 6 months\n";

struct fixture {
	struct template *tpl;
	struct wizard_model m;
	const char *stored_goals;
};

static const char *stored(void *ctx, const char *key)
{
	struct fixture *fx = ctx;

	if (!strcmp(key, "mentor.name"))
		return "Ada Lovelace";
	if (!strcmp(key, "goals"))
		return fx->stored_goals;
	return NULL;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct mp_error err;

	if (!fx || template_load_buffer("test.yaml", yaml, strlen(yaml),
					&fx->tpl, NULL, &err) != MP_OK)
		return -1;
	fx->stored_goals = "Write a paper\nChair a meeting";
	if (wm_init(&fx->m, fx->tpl, stored, fx) != 0)
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	wm_free(&fx->m);
	template_free(fx->tpl);
	free(fx);
	return 0;
}

static struct wm_field *field(struct fixture *fx, const char *key)
{
	int k = wm_find(&fx->m, key);

	assert_true(k >= 0);
	return wm_field(&fx->m, (size_t)k);
}

/* Every section stored as confirmed by all it needs. */
static void confirm_all(struct wizard_model *m)
{
	for (size_t k = 0; k < m->n_sections; k++)
		m->sections[k].confirmed = m->sections[k].need;
}

static void test_fields_and_sections(void **state)
{
	struct fixture *fx = *state;
	struct wizard_model *m = &fx->m;

	assert_int_equal(m->n_sections, 4);
	/* Details: the mentor's name and email, the mentee's name. */
	assert_int_equal(m->n_party_fields, 3);
	assert_int_equal(m->sections[0].n_fields, 3);
	assert_string_equal(m->fields[m->sections[0].fields[0]].key,
			    "mentor.name");
	assert_string_equal(m->fields[m->sections[0].fields[2]].key,
			    "mentee.name");
	assert_true(field(fx, "mentor.email")->required);
	assert_int_equal(field(fx, "mentor.email")->type, TPL_EMAIL);
	assert_string_equal(field(fx, "mentor.name")->text, "Ada Lovelace");
	assert_string_equal(field(fx, "mentee.name")->text, "");
	assert_int_equal(m->sections[1].n_fields, 2);
	assert_int_equal(field(fx, "where")->section, 1);
	assert_int_equal(m->sections[3].n_fields, 1);
	assert_int_equal(m->sections[3].need, TPL_MENTOR);
	/* A default shows as typed, and is saved like a typed answer. */
	assert_string_equal(field(fx, "review")->text, "6 months");
	assert_string_equal(field(fx, "review")->saved, "");
	assert_true(wm_dirty(field(fx, "review")));
}

static void test_navigation(void **state)
{
	struct wizard_model *m = &((struct fixture *)*state)->m;

	assert_int_equal(m->current, 0);
	assert_false(wm_prev(m));
	assert_true(wm_next(m));
	assert_true(wm_next(m));
	assert_true(wm_next(m));
	assert_int_equal(m->current, 3);
	assert_false(wm_next(m)); /* the last: the review comes next */
	assert_int_equal(m->current, 3);
	assert_true(wm_jump(m, 1));
	assert_int_equal(m->current, 1);
	assert_false(wm_jump(m, 4));
	assert_int_equal(m->current, 1);
	assert_true(wm_prev(m));
	assert_int_equal(m->current, 0);
}

static void test_back_and_forth_keep_answers(void **state)
{
	struct fixture *fx = *state;
	struct wizard_model *m = &fx->m;

	wm_jump(m, 1);
	assert_int_equal(wm_set_text(field(fx, "how_often"), "once a month"),
			 0);
	wm_next(m);
	wm_prev(m);
	wm_prev(m);
	wm_jump(m, 2);
	wm_jump(m, 1);
	assert_string_equal(field(fx, "how_often")->text, "once a month");
	/* A refused answer stays as typed, with its reason. */
	wm_set_text(field(fx, "mentor.email"), "not an address");
	wm_failed(field(fx, "mentor.email"), "must be an email address");
	wm_next(m);
	wm_prev(m);
	assert_string_equal(field(fx, "mentor.email")->text, "not an address");
	assert_string_equal(field(fx, "mentor.email")->error,
			    "must be an email address");
}

static void test_saving_triggers(void **state)
{
	struct fixture *fx = *state;
	struct wizard_model *m = &fx->m;
	size_t out[16];
	int often = wm_find(m, "how_often"), where = wm_find(m, "where");
	int review = wm_find(m, "review");

	/* Nothing typed: nothing to save but the default, when its section
	 * is left or the pair leave. */
	assert_int_equal(wm_to_save(m, WM_EV_SECTION_CHANGE, 0, out), 0);
	assert_int_equal(wm_to_save(m, WM_EV_LEAVE, 0, out), 1);
	assert_int_equal(out[0], review);
	m->current = 3;
	assert_int_equal(wm_to_save(m, WM_EV_SECTION_CHANGE, 0, out), 1);
	wm_saved(&m->fields[review], "6 months");
	m->current = 1;
	wm_set_text(&m->fields[often], "once a month");
	assert_true(wm_dirty(&m->fields[often]));
	/* Typing never saves; leaving the field saves it alone. */
	assert_int_equal(wm_to_save(m, WM_EV_KEY, (size_t)often, out), 0);
	assert_int_equal(wm_to_save(m, WM_EV_FIELD_LEFT, (size_t)where, out),
			 0);
	assert_int_equal(wm_to_save(m, WM_EV_FIELD_LEFT, (size_t)often, out),
			 1);
	assert_int_equal(out[0], often);
	wm_set_text(&m->fields[where], "online");
	assert_int_equal(wm_to_save(m, WM_EV_LEAVE, 0, out), 2);
	assert_int_equal(wm_to_save(m, WM_EV_SAVE, 0, out), 2);
	assert_int_equal(wm_to_save(m, WM_EV_SECTION_CHANGE, 0, out), 2);
	/* Only the section on screen is saved when the section changes. */
	m->current = 2;
	assert_int_equal(wm_to_save(m, WM_EV_SECTION_CHANGE, 0, out), 0);
	/* Once the store took it, it is clean and shows the normal form. */
	wm_saved(&m->fields[often], "once a month");
	wm_saved(&m->fields[where], "online");
	assert_int_equal(wm_to_save(m, WM_EV_LEAVE, 0, out), 0);
	/* Spaces around an answer are not a change. */
	wm_set_text(&m->fields[where], "  online ");
	assert_false(wm_dirty(&m->fields[where]));
}

/* What the store kept of a refused answer comes back as typed, marked
 * refused, blocks signing, and is saved again whenever its field is: a
 * correction, the stored answer typed back, or a new refusal must all
 * reach the store, which otherwise keeps the old text. */
static void test_restored_refusal(void **state)
{
	struct fixture *fx = *state;
	struct wizard_model *m = &fx->m;
	struct wm_field *goals = field(fx, "goals");
	int k = wm_find(m, "goals");
	struct wm_block b[32];
	size_t out[16], n;

	assert_int_equal(wm_restore(goals, "Only one goal — 中文",
				    "Goals: at least 2 items"),
			 0);
	assert_string_equal(goals->text, "Only one goal — 中文");
	assert_string_equal(goals->saved, "Write a paper\nChair a meeting");
	assert_string_equal(goals->error, "Goals: at least 2 items");
	assert_false(wm_section_complete(m, 2));
	n = wm_blockers(m, b, 32);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++)
		if (b[i].field == k)
			assert_int_equal(b[i].kind, WM_BLOCK_INVALID);
	m->current = 2;
	assert_int_equal(wm_to_save(m, WM_EV_FIELD_LEFT, (size_t)k, out), 1);
	/* Typed back to the stored answer: no longer dirty, but refused
	 * still, so it is saved (and the store drops the refused text). */
	wm_set_text(goals, "Write a paper\nChair a meeting");
	assert_false(wm_dirty(goals));
	assert_int_equal(wm_to_save(m, WM_EV_FIELD_LEFT, (size_t)k, out), 1);
	assert_int_equal(out[0], k);
	assert_true(wm_to_save(m, WM_EV_SECTION_CHANGE, 0, out) >= 1);
	assert_true(wm_to_save(m, WM_EV_LEAVE, 0, out) >= 1);
	wm_saved(goals, "Write a paper\nChair a meeting");
	assert_null(goals->error);
	assert_int_equal(wm_to_save(m, WM_EV_FIELD_LEFT, (size_t)k, out), 0);
}

static void test_complete_and_confirmed(void **state)
{
	struct fixture *fx = *state;
	struct wizard_model *m = &fx->m;

	assert_false(wm_section_complete(m, 0)); /* emails, mentee name */
	wm_saved(field(fx, "mentor.email"), "ada@example.org");
	wm_saved(field(fx, "mentee.name"), "Grace Hopper");
	assert_true(wm_section_complete(m, 0));
	/* An unsaved change makes it incomplete again. */
	wm_set_text(field(fx, "mentee.name"), "Grace B. Hopper");
	assert_false(wm_section_complete(m, 0));
	assert_false(wm_section_complete(m, 3)); /* the default unsaved */
	wm_saved(field(fx, "review"), "6 months");
	assert_true(wm_section_complete(m, 3));
	assert_false(wm_section_complete(m, 1)); /* how_often is required */
	assert_false(wm_section_complete(m, 9));

	assert_false(wm_section_confirmed(m, 0));
	m->sections[0].confirmed = TPL_MENTOR;
	assert_false(wm_section_confirmed(m, 0));
	m->sections[0].confirmed = TPL_BOTH;
	assert_true(wm_section_confirmed(m, 0));
	m->sections[3].confirmed = TPL_MENTOR; /* the mentor alone */
	assert_true(wm_section_confirmed(m, 3));
	assert_int_equal(wm_confirmed_count(m), 2);
}

static void test_what_blocks_signing(void **state)
{
	struct fixture *fx = *state;
	struct wizard_model *m = &fx->m;
	struct wm_block b[32];
	size_t n = wm_blockers(m, b, 32);

	/* Missing: mentor's email, mentee's name, how_often; the default
	 * not saved yet; and seven confirmations (three sections by two,
	 * one by the mentor). */
	assert_int_equal(n, 3 + 1 + 7);
	assert_int_equal(b[0].kind, WM_BLOCK_MISSING);
	assert_string_equal(m->fields[b[0].field].key, "mentor.email");
	assert_int_equal(b[0].section, 0);
	/* Section by section: the first section's confirmations come
	 * before the second section's missing answer. */
	assert_int_equal(b[2].kind, WM_BLOCK_UNCONFIRMED);
	assert_int_equal(b[2].role, TPL_MENTOR);
	assert_int_equal(b[3].role, TPL_MENTEE);
	assert_int_equal(b[4].kind, WM_BLOCK_MISSING);
	assert_int_equal(b[4].section, 1);

	wm_saved(field(fx, "mentor.email"), "ada@example.org");
	wm_saved(field(fx, "mentee.name"), "Grace Hopper");
	wm_saved(field(fx, "how_often"), "once a month");
	wm_saved(field(fx, "review"), "6 months");
	confirm_all(m);
	assert_int_equal(wm_blockers(m, b, 32), 0);

	/* Typed but unsaved, and refused, both block. */
	wm_set_text(field(fx, "where"), "online");
	wm_failed(field(fx, "notes"), "too long");
	n = wm_blockers(m, b, 1); /* only room for one: still counted */
	assert_int_equal(n, 2);
	assert_int_equal(b[0].kind, WM_BLOCK_UNSAVED);
	assert_int_equal(wm_blockers(m, b, 32), 2);
	assert_int_equal(b[1].kind, WM_BLOCK_INVALID);
	assert_int_equal(b[1].section, 2);
}

static void test_problem_sections(void **state)
{
	struct wizard_model *m = &((struct fixture *)*state)->m;

	assert_int_equal(wm_problem_section(m, "Goals: 'Goals' is not "
					       "answered"),
			 2);
	assert_int_equal(wm_problem_section(m, "Close: not yet confirmed by "
					       "the mentor"),
			 3);
	assert_int_equal(wm_problem_section(m, "the mentee's name is not "
					       "given"),
			 0);
	assert_int_equal(wm_problem_section(m, "Elsewhere: nothing"), -2);
	/* A title that only starts the line does not count. */
	assert_int_equal(wm_problem_section(m, "Closed: x"), -2);
}

static void test_input_filter(void **state)
{
	(void)state;
	assert_true(wm_accept_char(L'a', false));
	assert_true(wm_accept_char(L'\u00e9', false));	   /* é */
	assert_true(wm_accept_char(L'\u2019', false));	   /* ’ */
	assert_true(wm_accept_char(L'\u4e2d', false));	   /* 中 */
	assert_true(wm_accept_char(L'\U0001F600', false)); /* emoji */
	assert_false(wm_accept_char(L'\x1b', true));	   /* ESC */
	assert_false(wm_accept_char(L'\a', true));
	assert_false(wm_accept_char(L'\r', true));
	assert_false(wm_accept_char(L'\t', false));
	assert_false(wm_accept_char(0x7f, false));
	assert_false(wm_accept_char(0x9b, false)); /* C1 CSI */
	assert_false(
	    wm_accept_char(0x202e, false)); /* right-to-left override */
	assert_false(wm_accept_char(L'\n', false));
	assert_true(wm_accept_char(L'\n', true));
}

static void test_enlarge_threshold(void **state)
{
	(void)state;
	assert_false(wm_too_small(80, 24));
	assert_false(wm_too_small(200, 60));
	assert_true(wm_too_small(79, 24));
	assert_true(wm_too_small(80, 23));
	assert_true(wm_too_small(40, 10));
}

static void test_list_grow_shrink(void **state)
{
	struct fixture *fx = *state;
	struct wm_field *g = field(fx, "goals");
	char *v, *item;

	assert_int_equal(wm_list_count(g->text), 2);
	item = wm_list_item(g->text, 1);
	assert_string_equal(item, "Chair a meeting");
	free(item);
	/* Add after the first: an empty item in between. */
	assert_int_equal(wm_list_add(g, 0), 1);
	assert_string_equal(g->text, "Write a paper\n\nChair a meeting");
	/* Empty items are not saved, so this is not a change yet. */
	assert_false(wm_dirty(g));
	assert_int_equal(wm_list_put(g, 1, "Read more"), 0);
	assert_string_equal(g->text, "Write a paper\nRead more\nChair a "
				     "meeting");
	assert_true(wm_dirty(g));
	/* At its maximum (3), no more. */
	assert_int_equal(wm_list_add(g, 2), -1);
	/* Delete the middle, then the last: focus goes to a neighbour. */
	assert_int_equal(wm_list_delete(g, 1), 1);
	assert_string_equal(g->text, "Write a paper\nChair a meeting");
	assert_int_equal(wm_list_delete(g, 1), 0);
	assert_string_equal(g->text, "Write a paper");
	/* The last item is emptied, never removed. */
	assert_int_equal(wm_list_delete(g, 0), 0);
	assert_string_equal(g->text, "");
	assert_int_equal(wm_list_count(g->text), 1);
	/* Putting past the end grows the list. */
	assert_int_equal(wm_list_put(g, 2, "Third"), 0);
	assert_string_equal(g->text, "\n\nThird");
	v = wm_value(g);
	assert_string_equal(v, "Third");
	free(v);
	assert_int_equal(wm_list_put(g, 0, "no\nnewlines"), -1);
}

static void test_values(void **state)
{
	struct fixture *fx = *state;
	struct wm_field *notes = field(fx, "notes");
	char *v;

	wm_set_text(notes, "\n  First line\nsecond line  \n\n");
	v = wm_value(notes);
	assert_string_equal(v, "First line\nsecond line");
	free(v);
	wm_set_text(field(fx, "how_often"), "  once a week  ");
	v = wm_value(field(fx, "how_often"));
	assert_string_equal(v, "once a week");
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_fields_and_sections, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_navigation, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_back_and_forth_keep_answers,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_saving_triggers, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_restored_refusal, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_complete_and_confirmed, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_what_blocks_signing, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_problem_sections, setup,
					    teardown),
	    cmocka_unit_test(test_input_filter),
	    cmocka_unit_test(test_enlarge_threshold),
	    cmocka_unit_test_setup_teardown(test_list_grow_shrink, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_values, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
