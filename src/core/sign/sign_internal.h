/*
 * sign_internal.h - the signing module: signing an agreement
 * (agreement_sign.c), the register of signers (signers.c), signing keys
 * carried between stores (signer_keys.c) and its tables (sign_schema.c).
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

#endif
