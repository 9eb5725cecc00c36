/*
 * records.h - what follows the signature: the session log of a mentoring
 * relationship (issue 15, point 2).
 *
 * Sessions are kept by the agreement's id, not one version of it: they
 * belong to the relationship across re-contracting.  A withdrawn entry is
 * kept, flagged, and not counted.  This first slice holds the tables
 * (schema step 8) and the count of sessions held; adding, editing and
 * withdrawing entries come next.
 */
#ifndef MENTORPACT_RECORDS_H
#define MENTORPACT_RECORDS_H

#include "mentorpact/status.h"

struct store;

/* How many sessions of agreement id the store holds, withdrawn ones left
 * out, into *held; *logged receives how many were ever recorded,
 * withdrawn ones included (either may be NULL). */
enum mp_status records_held(struct store *st, const char *id, long *held,
			    long *logged, struct mp_error *err);

#endif
