/*
 * base_internal.h - the base module, the lowest of the core: what every
 * other module stands on and that stands on nothing of the core.  It owns
 *
 *   status.c    status codes, their messages and exit codes (one X-macro
 *               list, mentorpact/status.h) and struct mp_error
 *   secret.c    guarded memory (sodium_malloc) and passphrase entry
 *               (mentorpact/secret.h)
 *   unicode.c   display widths, normalisation, name matching and hidden
 *               characters, with utf8proc (mentorpact/unicode.h)
 *   strength.c  passphrase strength (zxcvbn) and the signing passphrase
 *               rule (mentorpact/strength.h)
 *
 * and the program's version (mentorpact/version.h).  Its files share no
 * private declarations: each stands alone behind its public header, and
 * this header says what the module holds.  Not part of the core's
 * interface.
 */
#ifndef MENTORPACT_BASE_INTERNAL_H
#define MENTORPACT_BASE_INTERNAL_H

#endif
