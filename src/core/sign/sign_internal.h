/*
 * sign_internal.h - the signing module: signing an agreement
 * (agreement_sign.c), the register of signers (signers.c: reading it and
 * judging keys; signers_change.c: adding, retiring, accepting, erasing;
 * signers_backfill.c: the migration that fills it), signing keys carried
 * between stores (signer_keys.c) and its tables (sign_schema.c).
 * It owns the signing_keys and signers tables.  Stands on the agreement
 * model, the signed text (render) and minisign; not part of the core's
 * interface.
 */
#ifndef MENTORPACT_SIGN_INTERNAL_H
#define MENTORPACT_SIGN_INTERNAL_H

#include "core/agreement/agreement_internal.h"
#include "mentorpact/signers.h"
#include "mentorpact/store.h"

/* The row key of a person's sealed key in signing_keys: "email:" and the
 * address, else "name:" and the name, in ASCII lower case. */
void ag_person_key(const char *email, const char *name, char *buf,
		   size_t size);

/* --- the register of signers (signers.c, signers_change.c) ---------------- */

/* The entry of the key fp in reg, or NULL. */
const struct signer_entry *reg_by_fp(const struct signers_register *reg,
				     const char *fp);

/* The person's key in use, else (erased) an erased one; NULL if none. */
const struct signer_entry *reg_by_ident(const struct signers_register *reg,
					const char *ident, bool erased);

/* Insert a key into the table signers; inside the caller's transaction. */
enum mp_status reg_insert_key(struct store *st, const char *fp,
			      const char *ident, const char *email,
			      const char *name, const char *first_seen,
			      const char *source, const char *agreement,
			      struct mp_error *err);

/* Mark the key fp retired on the date at, for why (unless it is retired
 * already); inside the caller's transaction. */
enum mp_status reg_retire_key(struct store *st, const char *fp, const char *at,
			      const char *why, struct mp_error *err);

#endif
