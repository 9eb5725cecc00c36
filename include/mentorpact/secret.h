/*
 * secret.h - guarded memory for passphrases and keys, and passphrase entry.
 *
 * A struct mp_secret lives in libsodium's guarded memory (sodium_malloc:
 * guard pages, mlock, wiped on free).  Nothing secret is ever copied out
 * of it into ordinary memory by this module.
 */
#ifndef MENTORPACT_SECRET_H
#define MENTORPACT_SECRET_H

#include <stddef.h>

#include "mentorpact/status.h"

struct mp_secret {
	unsigned char *data; /* guarded; NUL-terminated for passphrases */
	size_t len;	     /* bytes in use, not counting the NUL */
	size_t cap;	     /* bytes allocated, including room for the NUL */
};

/* The longest passphrase accepted, in bytes. */
#define SECRET_PASSPHRASE_MAX 1024

/* Initialise libsodium once; safe to call many times. */
enum mp_status secret_init(struct mp_error *err);

/*
 * Keep this process's memory (passphrases, keys, names, answers) out of
 * core files and away from other processes of the same user: no core
 * dumps (RLIMIT_CORE 0, which the process cannot raise again) and not
 * dumpable (no core, no ptrace attach, /proc/PID/mem and environ owned by
 * root).  Called first thing by main(), for every command.
 */
void secret_protect_process(void);

/* A zero-filled secret of cap bytes (len = 0).  Free with secret_free(). */
enum mp_status secret_alloc(size_t cap, struct mp_secret **out,
			    struct mp_error *err);

/* A secret holding a copy of len bytes of data (for tests and callers that
 * already hold guarded memory). */
enum mp_status secret_from(const void *data, size_t len,
			   struct mp_secret **out, struct mp_error *err);

/* Wipe and free; NULL is allowed. */
void secret_free(struct mp_secret *s);

/* 1 when both hold the same bytes (constant time for equal lengths). */
int secret_equal(const struct mp_secret *a, const struct mp_secret *b);

/*
 * Read a passphrase from the controlling terminal with echo off.  With
 * confirm, ask a second time ("Repeat ...") and fail with MP_ERR_INVALID
 * when the two differ.  Echo is restored on every path, including SIGINT,
 * SIGTERM and SIGHUP arriving while the prompt waits.  An empty passphrase
 * is refused.
 */
enum mp_status secret_read_tty(const char *prompt, int confirm,
			       struct mp_secret **out, struct mp_error *err);

/*
 * Read a passphrase from the first line of a file (the newline, and a CR
 * before it, are not part of it).  The file must not be empty.
 */
enum mp_status secret_read_file(const char *path, struct mp_secret **out,
				struct mp_error *err);

#endif
