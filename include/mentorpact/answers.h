/*
 * answers.h - answers files: a scheme's agreement filled in ahead of time.
 *
 * An answers file is YAML (doc/templates.md shows one):
 *
 *	scheme: emmp
 *	confirmed: true
 *	mentor: {name: ..., email: ..., phone: ..., organisation: ...}
 *	mentee: {name: ...}
 *	answers:
 *	  field_id: value
 *	  list_field: [first item, second item]
 *
 * answers_load_buffer checks it against its scheme's template with the
 * same file:line:column reporting as templates (struct tpl_diags), and
 * gives the parties' details and every field's value in normal form.
 * `templates check` uses it, and so will `new --answers FILE`.
 */
#ifndef MENTORPACT_ANSWERS_H
#define MENTORPACT_ANSWERS_H

#include <stdbool.h>
#include <stddef.h>

#include "mentorpact/status.h"
#include "mentorpact/template.h"

/* One field's value: NULL when unanswered and without a default. */
struct answers_value {
	const struct tpl_field *field;
	char *value;	   /* normal form; a list's items joined by "\n" */
	bool from_default; /* not in the file: the template's default */
};

struct answers {
	const struct template *tpl; /* not owned: the lookup's template */
	bool confirmed;		    /* every section confirmed by both */
	/* [0] mentor, [1] mentee; each detail in normal form, or NULL. */
	char *details[2][TPL_DETAIL_COUNT];
	struct answers_value *values; /* one per tpl->fields, in order */
	size_t n_values;
};

/* Finds a template by scheme id for the loader; NULL when unknown.
 * template_catalog_lookup (with a struct tpl_catalog) is one. */
typedef const struct template *(*answers_lookup_fn)(void *ctx,
						    const char *scheme);

/* 1 when buf is YAML whose top level is a mapping with both a "scheme"
 * and an "answers" key (so is meant as an answers file), else 0. */
int answers_detect(const char *buf, size_t len);

/*
 * Load and check an answers file from memory.  name is used in
 * diagnostics.  The template is lookup(ctx, scheme).  Every problem goes
 * to diags (which may be NULL) and err holds the first: unknown keys or
 * field ids, an unknown scheme, values that break their field's rules,
 * required fields or details left out (a required field with a default
 * takes the default).  MP_OK: *out is set (answers_free it).
 */
enum mp_status answers_load_buffer(const char *name, const char *buf,
				   size_t len, answers_lookup_fn lookup,
				   void *ctx, struct answers **out,
				   struct tpl_diags *diags,
				   struct mp_error *err);

/* As answers_load_buffer, reading the file at path. */
enum mp_status answers_load_file(const char *path, answers_lookup_fn lookup,
				 void *ctx, struct answers **out,
				 struct tpl_diags *diags, struct mp_error *err);

/* The value of a field by id, or NULL. */
const char *answers_get(const struct answers *a, const char *field_id);

/* Free answers; NULL is allowed. */
void answers_free(struct answers *a);

/*
 * A complete answers file for tpl, with realistic sample answers: each
 * field's example, else its default, else a sample made to fit its type
 * and limits; every detail of both parties.  It passes
 * answers_load_buffer.  *out is malloc'd and NUL-terminated.
 */
enum mp_status answers_example(const struct template *tpl, char **out,
			       size_t *len, struct mp_error *err);

#endif
