/*
 * session.h - one agreement open in the terminal UI: the agreement as
 * loaded, the wizard's model of it, and the screens that work on it.
 * Each screen returns where to go next; session.c runs the way through.
 */
#ifndef MENTORPACT_TUI_SESSION_H
#define MENTORPACT_TUI_SESSION_H

#include "mentorpact/agreement.h"
#include "tui/tui.h"
#include "tui/wizard_model.h"

struct tui_session {
	struct tui_app *app;
	struct agreement *ag;
	struct wizard_model m;
	int focus; /* a model field the next screen should focus, or -1 */
};

enum tui_next {
	NEXT_PARTIES,
	NEXT_WIZARD,
	NEXT_REVIEW,
	NEXT_SIGN,
	NEXT_EXPORT,
	NEXT_HOME,
};

enum tui_next tui_screen_parties(struct tui_session *s);
enum tui_next tui_screen_wizard(struct tui_session *s);
enum tui_next tui_screen_review(struct tui_session *s);
enum tui_next tui_screen_sign(struct tui_session *s);
enum tui_next tui_screen_export(struct tui_session *s);

/*
 * Save what ev calls for (wm_to_save): one agreement_set per field, each
 * its own commit.  Refusals stay with their fields; the message line says
 * "saved" or what went wrong.  Returns the number refused.
 */
size_t tui_save(struct tui_session *s, enum wm_event ev, size_t focus);

/* Confirm or withdraw section k for one role (TPL_MENTOR/TPL_MENTEE),
 * saving the section's answers first. */
void tui_confirm(struct tui_session *s, size_t k, unsigned role, bool on);

/* Copy the store's confirmations into the model. */
void tui_sync_confirmed(struct tui_session *s);

/* The header's right part: "Agreement XXXX-XXXX (draft)". */
void tui_session_tag(const struct tui_session *s, char *buf, size_t size);

#endif
