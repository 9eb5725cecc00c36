/*
 * audit.h - the append-only, hash-chained audit trail.
 *
 * Every change to an agreement appends one entry: when, which agreement
 * and version, in what role, what happened, and a detail that never holds
 * personal data (a field's id, never its value).  Each entry keeps the
 * hash of its own content and a chain hash over the previous entry's chain
 * hash and its own content hash:
 *
 *	content = BLAKE2b-256("seq|at|agreement|version|role|action|detail")
 *	chain   = BLAKE2b-256(previous chain (32 zero bytes for the first)
 *				|| content)
 *
 * so that removing, reordering or editing an entry breaks the chain from
 * there on.  Details never hold personal data.  Purging an agreement
 * redacts its entries (audit_redact): their role, action and detail are
 * blanked, their place, time, agreement id and hashes stay, and the chain
 * still verifies; a redacted entry is shown as such.
 */
#ifndef MENTORPACT_AUDIT_H
#define MENTORPACT_AUDIT_H

#include <stdint.h>

#include "mentorpact/status.h"

struct store;

/*
 * Append an entry.  Must run inside the caller's write transaction, so
 * that the entry and the change it records commit together.  agreement
 * may be NULL (a store-wide event), version 0 then.
 */
enum mp_status audit_append(struct store *st, const char *agreement,
			    int version, const char *role, const char *action,
			    const char *detail, struct mp_error *err);

/*
 * Redact every entry of agreement (inside the caller's transaction).
 * *count receives how many were redacted.
 */
enum mp_status audit_redact(struct store *st, const char *agreement,
			    int64_t *count, struct mp_error *err);

struct audit_entry {
	int64_t seq;
	const char *at, *agreement, *role, *action, *detail; /* may be NULL */
	int version;
};

/*
 * Walk the trail in order, checking the chain, and call each(ctx, e) for
 * every entry of agreement (all entries when agreement is NULL).  Returns
 * MP_OK when the whole chain holds; MP_ERR_DAMAGED naming the first entry
 * where it breaks (entries before it were reported).
 */
enum mp_status audit_walk(struct store *st, const char *agreement,
			  void (*each)(void *ctx, const struct audit_entry *e),
			  void *ctx, int64_t *entries, struct mp_error *err);

/*
 * The head of the chain, to keep outside the store so that a copy of an
 * older store file put back over it can be named as such (nothing inside
 * one file can tell).  It is written as one line (audit_head_format):
 *
 *	mentorpact audit head: entry N, chain HEX64, store HEX16
 *
 * N is the number of entries, chain the chain hash of entry N, and store
 * the first 8 bytes of entry 1's chain hash: it differs between stores,
 * since entry 1 holds the time the store was made.
 */
struct audit_head {
	int64_t seq;
	unsigned char chain[32];
	unsigned char store[8];
};

#define AUDIT_HEAD_TEXT_MAX 128

/* head as the line above (no newline) into buf. */
void audit_head_format(const struct audit_head *head,
		       char buf[AUDIT_HEAD_TEXT_MAX]);

/*
 * Find the line above anywhere in text (a head on its own, a saved report
 * or backup output) and parse it.  MP_ERR_INVALID, saying what is wrong,
 * when there is none or it is malformed.
 */
enum mp_status audit_head_parse(const char *text, struct audit_head *head,
				struct mp_error *err);

/*
 * The current head of st's chain, after checking the whole chain as
 * audit_walk does (MP_ERR_DAMAGED when it breaks).  *at receives the
 * chain hash of entry kept->seq when the store has that entry (kept may
 * be NULL).
 */
enum mp_status audit_head_get(struct store *st, const struct audit_head *kept,
			      struct audit_head *head, unsigned char at[32],
			      struct mp_error *err);

#endif
