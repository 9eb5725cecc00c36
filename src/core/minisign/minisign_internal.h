/*
 * minisign_internal.h - the minisign module: what a signature is, below
 * everything that signs.  It owns the signing key pair (sign_key.c: made
 * fresh, its secret half sealed under its owner's passphrase and opened
 * again), minisign's text formats (sign.c: signature files and public key
 * files, written, read back and checked, to the byte as minisign has
 * them) and the names a person gives a key (sign_fp.c: fingerprints and
 * key ids).  It keeps no tables and knows no store: the sign module above
 * keeps the sealed keys and the register of who owns which.  Its
 * interface is mentorpact/sign.h; this header is what its files share,
 * not part of the core's interface.
 */
#ifndef MENTORPACT_MINISIGN_INTERNAL_H
#define MENTORPACT_MINISIGN_INTERNAL_H

#include "mentorpact/sign.h"

/* 1 when kp has a whole secret half and its public half belongs to it
 * (sign_key.c); a key pair that fails it neither seals nor signs. */
int minisign_keypair_usable(const struct sign_keypair *kp);

#endif
