/*
 * status.h - status codes and error reports shared by every core module.
 *
 * Every core function that can fail returns an enum mp_status and, when it
 * is given a struct mp_error, fills it with a message meant for the person
 * at the keyboard: what went wrong and, where there is one, what to do.
 * The list below is the only place a code is defined, so a code can never
 * lack its default message or its exit code.
 */
#ifndef MENTORPACT_STATUS_H
#define MENTORPACT_STATUS_H

#include <stdarg.h>

/* X(name, exit code, default message) */
#define MP_STATUS_LIST(X)                                                     \
	X(MP_OK, 0, "success")                                                \
	X(MP_ERR_FAILED, 1, "the operation failed")                           \
	X(MP_ERR_USAGE, 2, "usage error")                                     \
	X(MP_ERR_PASSPHRASE, 3, "wrong passphrase")                           \
	X(MP_ERR_NOT_FOUND, 4, "not found")                                   \
	X(MP_ERR_NOT_STORE, 5, "not a mentorpact store")                      \
	X(MP_ERR_DAMAGED, 6, "the store is damaged")                          \
	X(MP_ERR_BUSY, 7, "the store is busy")                                \
	X(MP_ERR_FULL, 8, "the disk is full")                                 \
	X(MP_ERR_PERM, 9, "permission denied")                                \
	X(MP_ERR_IO, 10, "input/output error")                                \
	X(MP_ERR_EXISTS, 11, "already exists")                                \
	X(MP_ERR_INVALID, 12, "invalid input")                                \
	X(MP_ERR_STATE, 13, "not allowed in the current state")               \
	X(MP_ERR_CONFLICT, 14, "changed by someone else meanwhile")           \
	X(MP_ERR_VERIFY, 15, "verification failed")                           \
	X(MP_ERR_NOMEM, 16, "out of memory")                                  \
	X(MP_ERR_UNKNOWN_KEY, 17,                                             \
	  "the signatures hold, but the signers' keys are not known here")     \
	X(MP_ERR_KEY_CONFLICT, 18,                                            \
	  "a signer's key is not the one on record for them")                 \
	X(MP_ERR_INTERNAL, 70, "internal error")

enum mp_status {
#define MP_STATUS_ENUM(name, code, text) name,
	MP_STATUS_LIST(MP_STATUS_ENUM)
#undef MP_STATUS_ENUM
	MP_STATUS_COUNT
};

/* An error report: the status and a message for the user. */
struct mp_error {
	enum mp_status status;
	char message[1024];
};

/* The default message for a status; never NULL. */
const char *mp_status_message(enum mp_status status);

/* The process exit code documented in the man page for a status. */
int mp_status_exit_code(enum mp_status status);

/* The status's name as written in this header, e.g. "MP_ERR_BUSY". */
const char *mp_status_name(enum mp_status status);

/*
 * Fill err (which may be NULL) with status and a printf-style message, and
 * return status, so that a failure can be reported in one line:
 *
 *	return mp_error_set(err, MP_ERR_NOT_FOUND, "no agreement %s", id);
 *
 * A NULL fmt uses the status's default message.
 */
enum mp_status mp_error_set(struct mp_error *err, enum mp_status status,
			    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

enum mp_status mp_error_setv(struct mp_error *err, enum mp_status status,
			     const char *fmt, va_list ap);

/* Reset err to MP_OK with an empty message. */
void mp_error_clear(struct mp_error *err);

#endif
