/* status.c - messages and exit codes for enum mp_status. */
#include <stdio.h>
#include <string.h>

#include "mentorpact/status.h"
#include "base_internal.h"

static const struct {
	const char *name;
	int exit_code;
	const char *message;
} status_table[] = {
#define MP_STATUS_ROW(name, code, text) {#name, code, text},
	MP_STATUS_LIST(MP_STATUS_ROW)
#undef MP_STATUS_ROW
};

static int status_valid(enum mp_status status)
{
	return (unsigned)status < (unsigned)MP_STATUS_COUNT;
}

const char *mp_status_message(enum mp_status status)
{
	return status_valid(status) ? status_table[status].message
				    : "unknown status";
}

int mp_status_exit_code(enum mp_status status)
{
	return status_valid(status) ? status_table[status].exit_code : 70;
}

const char *mp_status_name(enum mp_status status)
{
	return status_valid(status) ? status_table[status].name : "MP_?";
}

enum mp_status mp_error_setv(struct mp_error *err, enum mp_status status,
			     const char *fmt, va_list ap)
{
	if (!err)
		return status;
	err->status = status;
	if (fmt)
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
	else
		snprintf(err->message, sizeof(err->message), "%s",
			 mp_status_message(status));
	return status;
}

enum mp_status mp_error_set(struct mp_error *err, enum mp_status status,
			    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mp_error_setv(err, status, fmt, ap);
	va_end(ap);
	return status;
}

void mp_error_clear(struct mp_error *err)
{
	if (!err)
		return;
	err->status = MP_OK;
	err->message[0] = '\0';
}
