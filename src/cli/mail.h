/*
 * mail.h - what verify (mail_verify.c) and import (mail_import.c) share:
 * how an agreement found is reported (mail.c).  Their entry points,
 * cli_mail_verify and cli_mail_import, are in cli.h.
 */
#ifndef MENTORPACT_CLI_MAIL_H
#define MENTORPACT_CLI_MAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "mentorpact/signers.h"

struct mail_found;
struct render_report;

/* How the register judged both signers: 0 all trusted, 1 some unknown,
 * 2 some refused. */
int judged_level(const struct signer_judgement j[2]);

/* What verify and import print about a file; j (may be NULL) says what
 * the register made of the keys. */
void print_report(const char *path, const struct render_report *rep,
		  const struct signer_judgement *j, bool with_register);

/* "FILE" or "FILE, message 3 (...), attachment x.txt", into buf. */
void label(char *buf, size_t size, const char *name,
	   const struct mail_found *f);

/* The repairs and the text around it, after the report. */
void print_mail_notes(const struct mail_found *f);

#endif
