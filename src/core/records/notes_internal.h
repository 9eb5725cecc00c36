/*
 * notes_internal.h - shared by the notes and CPD export files of the
 * records module.
 */
#ifndef MENTORPACT_NOTES_INTERNAL_H
#define MENTORPACT_NOTES_INTERNAL_H

#include "records_internal.h"
#include "mentorpact/notes.h"

#endif
