/*
 * notes_internal.h - shared by the notes and CPD export files of the
 * records module.
 */
#ifndef MENTORPACT_NOTES_INTERNAL_H
#define MENTORPACT_NOTES_INTERNAL_H

#include "records_internal.h"
#include "mentorpact/notes.h"

/* The time now, UTC, "2026-11-22T16:41:21Z". */
void notes_now(char buf[32]);

/* Run one statement with n text parameters, expecting no rows. */
enum mp_status notes_exec(struct store *st, const char *sql, int n,
			  const char *const *params, struct mp_error *err);

#endif
