/*
 * mail_internal.h - what mail_find.c and mail_repair.c share; not part of
 * the core's interface.
 *
 * mail_find.c    reading plain texts, messages and mboxes (GMime), and
 *                cutting out each signed text with the lines around it
 * mail_repair.c  the candidate repairs of one signed text, judged by its
 *                signatures
 */
#ifndef MENTORPACT_MAIL_INTERNAL_H
#define MENTORPACT_MAIL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "mentorpact/mail.h"

/* One signed text as found: its raw bytes, from its first line to the
 * end of its END line (or of its part, when that is missing). */
struct mail_seg {
	const char *text;
	size_t len;
	int quote_depth; /* the "> " before its first line */
	bool flowed;	 /* its part is format=flowed */
	bool delsp;	 /* ... with DelSp=yes */
};

/*
 * Judge seg: the exact bytes, then each candidate repair, until both
 * signatures hold over one.  Fills f's status, report, text, len,
 * repairs, quote_depth and ag; *owned is the buffer f->text points into
 * when it is not seg's (free it after the callback).  MP_ERR_NOMEM, else
 * MP_OK (f->status says what the signatures said).
 */
enum mp_status mrepair_judge(const struct mail_seg *seg,
			     render_lookup_fn lookup, void *lookup_ctx,
			     struct mail_found *f, char **owned,
			     struct mp_error *err);

/* 1 when n bytes of s are valid UTF-8. */
bool mrepair_utf8(const char *s, size_t n);

#endif
