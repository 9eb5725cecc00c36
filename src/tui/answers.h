/*
 * answers.h - a screen of answers that are not the agreement's: a form's
 * questions, an entry of the session log.  The scheme's words for it
 * (scrollable) above, the answers as the wizard has them (fform.h), a
 * line of help for the answer in focus, and the screen's own keys.
 *
 *	struct tui_answers a = {.app = app, .m = &model, ...};
 *	r = tui_answers_run(&a);	-- until a key's handler leaves
 *	tui_answers_close(&a);
 *
 * What is typed is in the model at every key.  With a save function each
 * answer is saved as focus leaves it, and everything not saved when the
 * program must end; without one the screen's keys decide what happens to
 * what is typed.
 */
#ifndef MENTORPACT_TUI_ANSWERS_H
#define MENTORPACT_TUI_ANSWERS_H

#include <stdbool.h>

#include "tui/fform.h"
#include "tui/tui.h"
#include "tui/wizard_model.h"

struct tui_answers {
	struct tui_app *app;
	struct wizard_model *m; /* one section: m->sections[0] */
	const char *intro;	/* words above the answers, or NULL */
	const char *title, *tag, *line2, *explain, *caption;
	const char *const *keys;	/* the footer */
	const char *const *narrow_keys; /* the footer below 100 columns */
	const char *at_end;		/* said on Tab at the last answer */
	const char *help;		/* F1 */
	const char *const *help_keys;
	/* Save field fi (tui_save_with's one), or NULL. */
	int (*save)(void *ctx, size_t fi, bool *cleared);
	/* A key the answers did not take: 0 to stay, else what
	 * tui_answers_run returns; *relayout to lay the screen out again.
	 * NULL for a screen that keeps what is typed only when told: then
	 * F5, Ctrl-R and Ctrl-S call commit (1 when kept: the screen is
	 * left; 0 to stay; -1 to end), and leaving asks drop first when
	 * something typed was not kept. */
	int (*key)(void *ctx, struct tui_answers *a, const struct tui_key *k,
		   bool *relayout);
	int (*commit)(void *ctx, struct tui_answers *a);
	const char *drop;
	void *ctx;

	/* kept by the screen */
	struct fform *ff;
	struct tui_view words;
	int wrows;
};

/* Run until the key handler returns non-zero, and return that; -1 when
 * the program must end (everything saved first when there is a save). */
int tui_answers_run(struct tui_answers *a);

/* Save the answer in focus, then every answer ev calls for; returns how
 * many were refused (0 without a save function). */
size_t tui_answers_save(struct tui_answers *a, enum wm_event ev);

/* Put the focus on the first answer that is refused, or required and
 * empty (typed, when there is no save function); false when none is. */
bool tui_answers_focus_problem(struct tui_answers *a);

/* Free what the screen kept (not the model). */
void tui_answers_close(struct tui_answers *a);

#endif
