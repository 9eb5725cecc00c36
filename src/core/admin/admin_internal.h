/*
 * admin_internal.h - the administrator's module: whole-store work on top
 * of every other module (settings, retention and purge, a data subject's
 * export and erasure, the report, deleting an agreement) and its part of
 * the schema (admin_schema.c).  It owns the settings it names in the
 * store's settings table.  Not part of the core's interface.
 */
#ifndef MENTORPACT_ADMIN_INTERNAL_H
#define MENTORPACT_ADMIN_INTERNAL_H

#include "core/agreement/agreement_internal.h"
#include "mentorpact/admin.h"
#include "mentorpact/store.h"

#endif
