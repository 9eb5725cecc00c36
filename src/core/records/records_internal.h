/*
 * records_internal.h - the records module's own header.
 *
 * The records module owns what follows the signature (issue 15): the
 * session log of a relationship (tables sessions and session_values,
 * schema step 8, records_schema.c), kept by the agreement's id so that
 * it belongs to the relationship across versions and re-contracting.
 * It sits above sign and below admin (doc/ARCHITECTURE.md).
 */
#ifndef MENTORPACT_RECORDS_INTERNAL_H
#define MENTORPACT_RECORDS_INTERNAL_H

#include <stdbool.h>

#include <sqlite3.h>

#include "mentorpact/records.h"
#include "mentorpact/store.h"

/* Now in UTC ("2026-11-22T16:41:21Z"), and today's local date. */
void rec_now(char buf[32]);
void rec_today(char buf[11]);

/* Run sql with n text arguments (NULL binds NULL). */
enum mp_status rec_exec(struct store *st, const char *what, const char *sql,
			int n, const char *const *args, struct mp_error *err);

/* Whether a party of ag has a signing key in this store: the store where
 * the pair signed, which keeps their records.  A store without (a
 * programme lead's, of imported agreements) keeps none of them. */
bool rec_keys_here(struct store *st, const struct agreement *ag);

/* The rowid of session n of agreement id, as text. */
enum mp_status rec_session_rowid(struct store *st, const char *id, long n,
				 char rowid[24], struct mp_error *err);

#endif
