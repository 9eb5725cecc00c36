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
	NEXT_RECORDS,  /* what follows the signature: log, forms, export */
	NEXT_FORMS,    /* the forms open to the pair */
	NEXT_SESSIONS, /* the session log */
	NEXT_NOTES,    /* a person's private notes */
	NEXT_HOME,
};

enum tui_next tui_screen_parties(struct tui_session *s);
enum tui_next tui_screen_wizard(struct tui_session *s);
enum tui_next tui_screen_review(struct tui_session *s);
enum tui_next tui_screen_sign(struct tui_session *s);
enum tui_next tui_screen_export(struct tui_session *s);
enum tui_next tui_screen_records(struct tui_session *s);
enum tui_next tui_screen_forms(struct tui_session *s);
enum tui_next tui_screen_sessions(struct tui_session *s);
enum tui_next tui_screen_notes(struct tui_session *s);

/*
 * Save what ev calls for (wm_to_save): one agreement_set per field, each
 * its own commit.  Refusals stay with their fields; the message line says
 * "saved" or what went wrong.  Returns the number refused.
 */
size_t tui_save(struct tui_session *s, enum wm_event ev, size_t focus);

/*
 * The same for any model of answers: one(ctx, fi, cleared) saves field
 * fi (0, or -1 when refused, having told the model), and may set
 * *cleared; the message line says "saved" or the first refusal.
 * Returns the number refused.
 */
size_t tui_save_with(struct tui_app *app, struct wizard_model *m,
		     enum wm_event ev, size_t focus,
		     int (*one)(void *ctx, size_t fi, bool *cleared), void *ctx,
		     bool *cleared);

/* Confirm or withdraw section k for one role (TPL_MENTOR/TPL_MENTEE),
 * saving the section's answers first. */
void tui_confirm(struct tui_session *s, size_t k, unsigned role, bool on);

/* Copy the store's confirmations into the model. */
void tui_sync_confirmed(struct tui_session *s);

/* A screen of the agreement's: its header (the scheme, the tag), line2,
 * a dim line explaining it, the message line and the footer's keys. */
void tui_session_frame(struct tui_session *s, const char *line2,
		       const char *explain, const char *const *keys);

/* Ask the signing passphrase of role on a screen of its own (line2 and
 * explain as tui_session_frame): MP_OK with *pass (secret_free it); else
 * they went back with Escape, or *quit says the program must end. */
enum mp_status tui_session_pass(struct tui_session *s, const char *line2,
				const char *explain, enum ag_role role,
				struct mp_secret **pass, bool *quit);

/* The header's right part: "Agreement XXXX-XXXX (draft)". */
void tui_session_tag(const struct tui_session *s, char *buf, size_t size);

#endif
