/* testutil.h - small helpers shared by the C tests. */
#ifndef MENTORPACT_TESTUTIL_H
#define MENTORPACT_TESTUTIL_H

#include <stddef.h>

#include "mentorpact/secret.h"
#include "mentorpact/store.h"

/* A fresh private folder under $TMPDIR (or /tmp); caller frees the path. */
char *tu_tempdir(void);

/* Remove a folder and everything in it. */
void tu_rmtree(const char *dir);

/* "dir/name" in a static buffer that lives until the next call (4 slots). */
const char *tu_path(const char *dir, const char *name);

/* A guarded passphrase holding text; aborts on failure. */
struct mp_secret *tu_pass(const char *text);

/* Create a store at path with passphrase text, interactive KDF. */
struct store *tu_create(const char *path, const char *pass);

/* Open a store; NULL on failure with *status set. */
struct store *tu_open(const char *path, const char *pass, int *status);

/* Run SQL on an open store; aborts the test on failure. */
void tu_exec(struct store *st, const char *sql);

/* The whole content of a file (NULL if missing); *len receives its size. */
unsigned char *tu_slurp(const char *path, size_t *len);

/* 1 when the file contains needle. */
int tu_file_contains(const char *path, const char *needle);

/* A path of a file in dir (searched recursively) that contains needle,
 * or NULL; the result lives in a static buffer. */
const char *tu_dir_contains(const char *dir, const char *needle);

/* Flip every bit of the byte at offset in path. */
void tu_flip_byte(const char *path, long offset);

/* Realistic agreement-like text for row i, in buf. */
void tu_text(char *buf, size_t size, unsigned i);

/* How many times needle (ASCII case ignored) occurs in the decrypted
 * pages of st, free pages included; aborts when a page cannot be read. */
long tu_page_hits(struct store *st, const char *needle);

/* SQL that takes a store back from schema step 8 (the records) to 7,
 * for the tests that upgrade an older store. */
#define TU_DROP_STEP8                                                          \
	"DROP TABLE session_values; DROP TABLE sessions;"                      \
	"DROP TABLE form_values; DROP TABLE form_tally;"                       \
	"DROP TABLE form_entries; DROP TABLE notes;"                           \
	"DROP TABLE records_due; DROP TABLE records_due_days;"                 \
	"DROP TABLE early_endings;"                                            \
	"DROP TRIGGER records_go_with_agreement;"

#endif
