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

#include <sqlite3.h>

#include "mentorpact/records.h"
#include "mentorpact/store.h"

#endif
