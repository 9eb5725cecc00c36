/*
 * signers.h - the register of signers: which key belongs to which person.
 *
 * A good signature proves that a key signed a text; only a register says
 * whose key it is.  Every store keeps one (table signers): each key it has
 * met, by fingerprint, with the person's email and name, when and how it
 * was first met (signed here, imported, added by the administrator,
 * accepted in place of another, carried in by its owner) and from which
 * agreement; and, for a key no longer to be trusted, when it was retired.
 *
 * A person is matched by a normalised identity, never by raw bytes: their
 * email (case, Unicode compatibility forms and surrounding spaces folded)
 * where the agreement has one, else their name under uc_name_key.  Rules:
 *   - a fingerprint belongs to one person;
 *   - a person has at most one key in use (not retired) at a time;
 *   - a retired key is good for signatures made before it was retired
 *     and for nothing later;
 *   - erasing a person blanks their email and name but keeps their
 *     identity's hash and key, so that nobody can sign as them again here
 *     with another key.
 *
 * A register can also be read from a keys file (signers_load_keys):
 * lines "FINGERPRINT  EMAIL-OR-NAME", '#' comments, as
 * "mentorpact signers list --format keys" writes them.
 */
#ifndef MENTORPACT_SIGNERS_H
#define MENTORPACT_SIGNERS_H

#include <stdbool.h>
#include <stddef.h>

#include "mentorpact/agreement.h"
#include "mentorpact/sign.h"
#include "mentorpact/status.h"

struct store;

/* One key of the register.  Strings are malloc'd; NULL when unknown. */
struct signer_entry {
	char fp[SIGN_FP_HEX]; /* lower-case hex */
	char ident[65];	      /* hex BLAKE2b-256 of the normalised identity */
	char *email, *name;   /* NULL after erasure */
	char *first_seen;     /* UTC */
	char *source; /* "signed here", "imported", "added", "accepted", ... */
	char *agreement; /* "ID version N" it was first met in, or NULL */
	char *retired;	 /* UTC time from which it no longer counts */
	char *retired_why;
	char *erased; /* UTC time its person was erased, or NULL */
};

/* A register read whole into memory (a store's or a keys file's). */
struct signers_register {
	struct signer_entry *v;
	size_t n;
	bool from_file; /* a keys file: no history, only keys in use */
};

void signers_register_free(struct signers_register *r);

/* The register of an open store, every entry, oldest first. */
enum mp_status signers_load(struct store *st, struct signers_register *out,
			    struct mp_error *err);

/*
 * A keys file's text (len bytes).  MP_ERR_INVALID names the first line
 * that is not a fingerprint followed by an email or a name.
 */
enum mp_status signers_load_keys(const char *text, size_t len,
				 struct signers_register *out,
				 struct mp_error *err);

/*
 * The hex hash under which a person is filed: of "email:" and their email
 * folded when email is not empty, else of "name:" and uc_name_key(name).
 * false when neither gives anything (no email, and a name with no letters).
 */
bool signers_identity(const char *email, const char *name, char ident[65]);

/* What the register says about one signature. */
enum signer_verdict {
	SIGNER_KNOWN,	       /* the person's key, in use */
	SIGNER_RETIRED_BEFORE, /* the person's key, retired after it signed */
	SIGNER_UNKNOWN,	       /* neither the key nor the person is known */
	SIGNER_CHANGED,	       /* the person is known with another key */
	SIGNER_OTHER_PERSON,   /* the key is known as someone else's */
	SIGNER_RETIRED_AFTER,  /* the key was retired before it signed */
	SIGNER_ERASED,	       /* the person or key was erased here */
};

struct signer_judgement {
	enum signer_verdict verdict;
	char fp[SIGN_FP_HEX];	    /* the signature's key */
	char known_fp[SIGN_FP_HEX]; /* CHANGED, ERASED: the key on record */
	char known_who[320];	    /* OTHER_PERSON: whose it is on record */
	char since[32];		    /* KNOWN: first seen; RETIRED_*: retired */
};

/* True for the verdicts under which a signature can be said to be the
 * person's (KNOWN, RETIRED_BEFORE). */
bool signers_trusted(enum signer_verdict v);

/* An email argument meaning "not known" (the text could not be read
 * back): the person is then matched by their name alone. */
extern const char SIGNERS_EMAIL_UNKNOWN[];

/*
 * When each key of reg last signed in this store: last[i] (UTC, as its
 * trusted comment dates it) for reg->v[i], "" when no agreement held
 * here carries its signature.  One pass over the signatures.
 */
enum mp_status signers_last_seen(struct store *st,
				 const struct signers_register *reg,
				 char (*last)[32], struct mp_error *err);

/*
 * Judge the key pk that signed at signed_at (UTC, as in its trusted
 * comment) for the person with this email and name, against reg.
 */
void signers_judge(const struct signers_register *reg, const char *email,
		   const char *name, const unsigned char pk[SIGN_PK_BYTES],
		   const char *signed_at, struct signer_judgement *out);

/* One line for a person about a judgement ("known since ...", ...). */
void signers_describe(const struct signer_judgement *j, char *buf,
		      size_t size);

/*
 * Add a key received by another channel (phone, letter) for the person
 * with this email (or, when email is NULL or empty, this name), before any
 * agreement arrives.  MP_ERR_EXISTS when the fingerprint is already known;
 * MP_ERR_KEY_CONFLICT when the person already has a key in use (retire it
 * first).  Audited.
 */
enum mp_status signers_add(struct store *st, const char *fp_hex,
			   const char *email, const char *name,
			   struct mp_error *err);

/*
 * Retire the key fp_hex from at (UTC; NULL: now): signatures it made
 * before then stay good, later ones are refused.  MP_ERR_NOT_FOUND when
 * the register has no such key, MP_ERR_STATE when already retired.
 * Audited, with why (may be NULL; no personal data please).
 */
enum mp_status signers_retire(struct store *st, const char *fp_hex,
			      const char *at, const char *why,
			      struct mp_error *err);

/*
 * Inside the caller's write transaction: what the register says about
 * role's signature of parsed (an agreement read from a signed text), and
 * record it.  An unknown key is added (source "imported").  When
 * accept_fp (hex, may be NULL) is this key and the verdict is CHANGED or
 * OTHER_PERSON, the key is accepted on purpose: the person's old key is
 * retired now, or the key's record takes the new email and name; the
 * audit trail records it.  Any other verdict that is not trusted fails
 * with MP_ERR_KEY_CONFLICT, a message naming both fingerprints and the
 * command that accepts the key.  *out holds the judgement either way.
 */
enum mp_status signers_import_check(struct store *st,
				    const struct agreement *parsed,
				    enum ag_role role, const char *accept_fp,
				    struct signer_judgement *out,
				    struct mp_error *err);

/*
 * Inside the caller's write transaction: may kp's public key sign as
 * role of ag in this store?  Refused (MP_ERR_KEY_CONFLICT) when the
 * person is known here with another key in use, was erased here, or the
 * key is someone else's or retired; the first key of a person is
 * recorded (source "signed here").
 */
enum mp_status signers_sign_check(struct store *st,
				  const struct agreement *ag,
				  enum ag_role role,
				  const unsigned char pk[SIGN_PK_BYTES],
				  struct mp_error *err);

/* The refusal, for signing as who with a key judged j, that the verdict
 * calls for (MP_ERR_KEY_CONFLICT, with what to do). */
enum mp_status signers_refused(const char *who,
			       const struct signer_judgement *j,
			       struct mp_error *err);

/*
 * Inside the caller's write transaction: blank the email and name of
 * every key of the person with this email (or name) and mark them erased.
 * *n receives how many keys were marked.
 */
enum mp_status signers_erase(struct store *st, const char *email,
			     const char *name, long *n, struct mp_error *err);

/*
 * Inside the caller's write transaction (purge, delete, erase): blank the
 * email and name of every key whose person no agreement left in the store
 * names, keeping the key and the identity's hash, so that the register
 * holds no personal data beyond the agreements' retention.
 */
enum mp_status signers_forget_unnamed(struct store *st, struct mp_error *err);

/*
 * Inside the migration to schema 7: fill the register from the
 * signatures the store already holds, oldest first; a person met with
 * several keys keeps the newest in use, the older ones retired from the
 * time the next one was first seen.
 */
enum mp_status signers_backfill(struct store *st, struct mp_error *err);

/*
 * A person's key, carried from store to store (one person, one key).
 *
 * signers_key_export gives the sealed key of the person with this email
 * (or, with email NULL or empty, this name) as the text of a key file:
 *
 *	mentorpact signing key
 *	email: priya@example.org        (or "name: Priya Shah")
 *	fingerprint: 1A2B 3C4D ...
 *	sealed: <base64 of the sealed key, sign_keypair_seal's blob>
 *
 * still sealed under its owner's signing passphrase (never unsealed on
 * the way out).  *fp receives its fingerprint.  MP_ERR_NOT_FOUND when
 * this store holds no key for them.  Audited.
 */
enum mp_status signers_key_export(struct store *st, const char *email,
				  const char *name, char **text,
				  char fp[SIGN_FP_HEX], struct mp_error *err);

/*
 * Bring a key file's key into this store, for signing here: it is opened
 * with pass (its owner's signing passphrase: MP_ERR_PASSPHRASE
 * otherwise), judged by the register like a signature (refused with
 * MP_ERR_KEY_CONFLICT when the person is known here with another key in
 * use, was erased, or the key is someone else's or retired), recorded in
 * the register when new ("carried in"), and kept sealed as it came.
 * *already is set when this store already held that very key.  *fp is
 * its fingerprint.  Audited.
 */
enum mp_status signers_key_import(struct store *st, const char *text,
				  size_t len, const struct mp_secret *pass,
				  bool *already, char fp[SIGN_FP_HEX],
				  struct mp_error *err);

/* The fingerprint (hex) of a .pub text; false when it is not one. */
bool signers_pubkey_fp(const char *pubkey_text, char fp[SIGN_FP_HEX]);

#endif
