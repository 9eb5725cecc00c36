/*
 * notes.h - a person's private reflective notes, and their CPD export
 * (issue 15, point 3).
 *
 * A note is sealed (libsodium crypto_box_seal) to the X25519 form of its
 * writer's signing key, so that only that key's passphrase opens it: not
 * the store's passphrase, not the other party's key.  The sealed text
 * starts with the agreement's id, the role and the note's row, checked
 * when it is opened: a sealed note copied to another row or agreement is
 * refused.  Writing, replacing or deleting a note, like opening one,
 * needs the signing passphrase (the identity rule of records).
 *
 * Who may keep notes is the template's (records.notes); where it names a
 * consent field (records.mentor_notes_consent), the mentor keeps notes
 * only once the mentee answered yes in the agreement.
 */
#ifndef MENTORPACT_NOTES_H
#define MENTORPACT_NOTES_H

#include <stddef.h>
#include <stdint.h>

#include "mentorpact/agreement.h"
#include "mentorpact/status.h"

struct store;
struct mp_secret;

/* The longest note accepted, in bytes. */
#define NOTES_TEXT_MAX (256 * 1024)

/* One opened note.  text is wiped when the list is freed. */
struct note {
	int64_t id; /* the note's number, as list and edit name it */
	char *created, *updated; /* UTC, ISO 8601 */
	char *text;
	size_t len;
};

struct note_list {
	struct note *items;
	size_t n;
};

/*
 * MP_OK when role may write notes on ag now: the template lets them keep
 * notes, the agreement is active, and, for a mentor where consent is
 * asked, the mentee answered yes.  Otherwise a message saying why.
 */
enum mp_status notes_may_write(const struct agreement *ag, enum ag_role role,
			       struct mp_error *err);

/* Seal text (len bytes of UTF-8, no NUL) as a new note of role on ag
 * (its latest version); *id receives its number.  Audited without
 * content. */
enum mp_status notes_add(struct store *st, const struct agreement *ag,
			 enum ag_role role, const struct mp_secret *pass,
			 const char *text, size_t len, int64_t *id,
			 struct mp_error *err);

/* Replace note id of role on ag with text, whole. */
enum mp_status notes_replace(struct store *st, const struct agreement *ag,
			     enum ag_role role, const struct mp_secret *pass,
			     int64_t id, const char *text, size_t len,
			     struct mp_error *err);

/* Delete note id of role on ag. */
enum mp_status notes_delete(struct store *st, const struct agreement *ag,
			    enum ag_role role, const struct mp_secret *pass,
			    int64_t id, struct mp_error *err);

/* Open every note of role on ag (all versions of its id), oldest first.
 * Free *out with notes_list_free whatever the status. */
enum mp_status notes_list(struct store *st, const struct agreement *ag,
			  enum ag_role role, const struct mp_secret *pass,
			  struct note_list *out, struct mp_error *err);
void notes_list_free(struct note_list *l);

/* How many sealed notes each role keeps on agreement id: counts[AG_MENTOR]
 * and counts[AG_MENTEE].  Opens nothing. */
enum mp_status notes_count(struct store *st, const char *id, long counts[2],
			   struct mp_error *err);

/*
 * The CPD export of role on ag, as plain text into *text (malloc'd; wipe
 * it with notes_text_free): the agreement's heading (scheme, names,
 * dates), the session log, the forms role filled, and role's notes
 * opened with pass.  Nothing is written anywhere; the caller writes it.
 */
enum mp_status notes_cpd_export(struct store *st, const struct agreement *ag,
				enum ag_role role, const struct mp_secret *pass,
				char **text, size_t *len, struct mp_error *err);
void notes_text_free(char *text, size_t len);

/* Write a CPD export's text whole to a new file at path, as exports are
 * written (render_write_files): never over an existing file, never
 * through a symbolic link; the copy made for it is wiped. */
enum mp_status notes_cpd_write(const char *path, const char *text, size_t len,
			       struct mp_error *err);

#endif
