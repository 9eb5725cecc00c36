/*
 * audit_internal.h - the audit module: the hash-chained, append-only trail
 * of what happened to each agreement (audit.c) and its table
 * (audit_schema.c).  It owns the audit table and stands on the store
 * only.  Not part of the core's interface.
 */
#ifndef MENTORPACT_AUDIT_INTERNAL_H
#define MENTORPACT_AUDIT_INTERNAL_H

#include "mentorpact/audit.h"
#include "mentorpact/store.h"

#endif
