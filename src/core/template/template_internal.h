/*
 * template_internal.h - the template module: scheme templates and answers
 * files.  It owns reading them from YAML and checking every rule of
 * doc/templates.md, with a line and column for each problem; the rules
 * for answers (each field type's forms); wording that names a field as
 * {id}; a template's canonical form and hash; and where templates are
 * found.  It keeps no tables (the agreement module above keeps the
 * templates agreements were made from) and stands on base alone.  Its
 * interface is mentorpact/template.h and mentorpact/answers.h; this
 * header is what its files share, not part of the core's interface.
 *
 * Files, each calling only its own rank or lower (mk/layers.sh):
 *   0  template_yaml.c     a YAML document read node by node, diagnostics
 *      template_value.c    the rules for answers; names of types, parties
 *      template_wording.c  wording with {id}: walked and filled
 *      template_forms.c    a rating's answers
 *   1  template_emit.c     the canonical form (YAML written back), hash
 *      template_parts.c    the loader's parts: texts, ids, parties,
 *                          wording references, freeing a template
 *   2  template_facts.c    a template's facts and parties
 *      template_body.c     its sections: wording items and fields
 *      template_field.c    one field
 *      template_records.c  the records: session log, notes, forms
 *   3  template.c          the loader's one entry: the file, its own keys
 *   4  template_path.c     where templates are found, the catalog
 *      answers.c           answers files
 */
#ifndef MENTORPACT_TEMPLATE_INTERNAL_H
#define MENTORPACT_TEMPLATE_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <yaml.h>

#include "mentorpact/template.h"

/* --- reading YAML (template_yaml.c) --------------------------------------- */

/* Files larger than this are refused before parsing. */
#define TYAML_MAX_BYTES (1024 * 1024)

/* Lists and mappings nested deeper than this are refused before loading
 * (libyaml's time grows with the square of the depth). */
#define TYAML_MAX_DEPTH 32

/* At most this many diagnostics per file; then one "too many errors". */
#define TYAML_MAX_ERRORS 100

struct tyaml {
	const char *file;
	yaml_document_t doc;
	bool loaded;
	struct tpl_diags *diags; /* may be NULL: errors are only counted */
	size_t first_diag;	 /* diags->count when parsing began */
	size_t n_errors;
	bool nomem;
	struct mp_error first; /* the first error, formatted */
	unsigned char *seen;   /* one flag per node: read already */
	size_t n_nodes;
};

/*
 * Parse buf as one YAML document.  MP_OK: y holds it (tyaml_done frees
 * it).  MP_ERR_INVALID: a syntax error, an empty file or several
 * documents, reported; y still needs tyaml_done.  MP_ERR_NOMEM likewise.
 */
enum mp_status tyaml_parse(struct tyaml *y, const char *file, const char *buf,
			   size_t len, struct tpl_diags *diags);

/* Sort this file's diagnostics by position and fill err with the first
 * (or with out of memory).  Returns MP_OK when nothing was reported. */
enum mp_status tyaml_finish(struct tyaml *y, struct mp_error *err);

void tyaml_done(struct tyaml *y);

/* The root node (never NULL after a successful parse). */
yaml_node_t *tyaml_root(struct tyaml *y);

/* Report a problem at a node, or at a mark. */
void tyaml_error(struct tyaml *y, const yaml_node_t *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void tyaml_error_mark(struct tyaml *y, yaml_mark_t mark, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A node by index, or NULL (reported) when it was read already: that is
 * an alias (*name), which templates and answers files do not use. */
yaml_node_t *tyaml_node(struct tyaml *y, int index);

/* Number of items of a sequence node, and item i. */
size_t tyaml_seq_len(const yaml_node_t *seq);
yaml_node_t *tyaml_seq_item(struct tyaml *y, const yaml_node_t *seq, size_t i);

/* "text", "a list" or "a mapping". */
const char *tyaml_kind(const yaml_node_t *n);

/* The text of a scalar node, or NULL (reported: "'what' must be text,
 * not a list") when it is not one or holds a NUL character. */
const char *tyaml_text(struct tyaml *y, const yaml_node_t *n, const char *what);

/* n must be a sequence (else reported and false). */
bool tyaml_is_seq(struct tyaml *y, const yaml_node_t *n, const char *what);

/*
 * Read a mapping by a table of known keys: vals[i] is the value of
 * keys[i], or NULL when absent.  Unknown keys (with a suggestion when one
 * is close), duplicate keys and keys that are not text are reported;
 * "in" names the mapping in those messages ("field 'goal'").  Returns
 * false (reported) when n is not a mapping.
 */
bool tyaml_map(struct tyaml *y, const yaml_node_t *n, const char *in,
	       const char *const keys[], size_t n_keys, yaml_node_t *vals[]);

/* Report "missing key 'key' in <in>" at the mapping when val is NULL;
 * returns val != NULL. */
bool tyaml_need(struct tyaml *y, const yaml_node_t *map, const char *in,
		const char *key, const yaml_node_t *val);

/* Report each of keys[] missing from map (vals as tyaml_map gave them),
 * except those whose bit (1 << i) is set in optional. */
void tyaml_need_all(struct tyaml *y, const yaml_node_t *map, const char *in,
		    const char *const keys[], size_t n_keys,
		    yaml_node_t *const vals[], unsigned long optional);

/* The items of a sequence of one-line texts, joined by newlines (as
 * answers to list fields are); NULL when reported or out of memory. */
char *tyaml_join(struct tyaml *y, const yaml_node_t *seq, const char *what);

/* true/false/yes/no as 1/0; -1 (reported) for anything else. */
int tyaml_bool(struct tyaml *y, const yaml_node_t *n, const char *what);

/* A whole number in [lo, hi]; false (reported) otherwise. */
bool tyaml_long(struct tyaml *y, const yaml_node_t *n, const char *what,
		long lo, long hi, long *out);

/* The closest of words to s (at most two edits away), or NULL. */
const char *tyaml_suggest(const char *s, const char *const words[], size_t n);

/* Note an allocation failure: the load ends with MP_ERR_NOMEM. */
void tyaml_nomem(struct tyaml *y);

/* strdup that notes a failure in y. */
char *tyaml_strdup(struct tyaml *y, const char *s);

/* --- text rules shared by the loaders (template_value.c) ----------------- */

/*
 * Count the characters of s, which must be UTF-8 without control
 * characters other than tab (and newline when newline_ok).  Returns -1
 * and sets *why ("is not valid UTF-8 text", "contains a control
 * character", "must be a single line") otherwise.
 */
long template_text_scan(const char *s, bool newline_ok, const char **why);

/*
 * Walk wording: emit(ctx, 0, s, n) for each run of literal text (braces
 * already undoubled) and emit(ctx, 1, id, n) for each {id}.  Returns NULL,
 * or a message for the first malformed brace.
 */
const char *template_wording_walk(const char *text,
				  void (*emit)(void *ctx, int is_ref,
					       const char *s, size_t n),
				  void *ctx);

/* A rating's answer (trimmed, not empty): a whole number on the field's
 * scale, min to max; its normal form is the number (template_forms.c). */
enum mp_status template_rating_check(const struct tpl_field *f, char *v,
				     char **out, struct mp_error *err);

/* --- writing YAML (template_emit.c) --------------------------------------- */

/* A YAML document written into memory, one event at a time; after a
 * failure the rest is skipped and temit_close reports it. */
struct temit {
	yaml_emitter_t em;
	char *out;
	size_t len, cap;
	bool failed;
	bool before_records; /* a template: leave out what came with records */
};

/* Start a document whose root is a block mapping. */
enum mp_status temit_open(struct temit *e, struct mp_error *err);

/* End it: *out (malloc'd, NUL-terminated) holds the text. */
enum mp_status temit_close(struct temit *e, char **out, size_t *len,
			   struct mp_error *err);

void temit_scalar(struct temit *e, const char *s, yaml_scalar_style_t style);
void temit_text(struct temit *e, const char *s); /* double-quoted */
void temit_key(struct temit *e, const char *k);	 /* plain */
void temit_map_start(struct temit *e);
void temit_map_end(struct temit *e);
void temit_seq_start(struct temit *e);
void temit_seq_end(struct temit *e);
/* key: value pairs; temit_pair_text writes nothing when v is NULL. */
void temit_pair_text(struct temit *e, const char *k, const char *v);
void temit_pair_num(struct temit *e, const char *k, long long v);
void temit_pair_bool(struct temit *e, const char *k, bool v);
void temit_pair_lines(struct temit *e, const char *k, char *const *lines,
		      size_t n);
/* A sequence of the "\n"-separated items of joined. */
void temit_items(struct temit *e, const char *joined,
		 yaml_scalar_style_t style);

/* --- the template loader: template.c and its parts (ranks 1 to 3) -------- */

/* The longest id of a template, section or field. */
#define TLOAD_ID_MAX 40

/* A {id} found in wording, resolved once every field is known. */
struct tload_ref {
	char id[TLOAD_ID_MAX + 1];
	yaml_mark_t mark;
};

enum { TLOAD_DETAILS, TLOAD_SIGNATURES };

struct tload {
	struct tyaml y;
	struct template *tpl;
	size_t fields_cap;
	yaml_mark_t *field_marks; /* where each of tpl->fields is defined */
	size_t marks_cap;
	struct tload_ref *refs;
	size_t n_refs, refs_cap;
	/* Where each party's details and signature are placed. */
	bool placed[2][2];
	yaml_mark_t placed_at[2][2];
	/* Fields are loaded for the records (a form's questions, the
	 * session log's fields), where a rating may be asked. */
	bool in_records;
};

/* Make room for item n of an array of cap items of size bytes. */
bool tload_grow(struct tload *ld, void **arr, size_t *cap, size_t n,
		size_t size);

/* A zeroed array of size-byte items, one per item of sequence n, with
 * *count set; NULL (reported) when n is not a sequence or has fewer than
 * min items. */
void *tload_seq_array(struct tload *ld, const yaml_node_t *n, const char *what,
		      size_t min, size_t size, size_t *count);

/* A trimmed, malloc'd copy of a text node that is not empty, is at most
 * max characters, and (unless wording) one line; NULL when reported. */
char *tload_text(struct tload *ld, const yaml_node_t *n, const char *what,
		 bool wording, long max);

/* As tload_text, also checking and noting the text's {id} names. */
char *tload_wording(struct tload *ld, const yaml_node_t *n, const char *what,
		    bool newline_ok, long max);

/* An id: a lowercase letter, then letters, digits and chars of extra. */
bool tload_id_ok(const char *s, const char *extra);

/* A party name as enum tpl_party, or -1 (reported). */
int tload_party(struct tload *ld, const yaml_node_t *n, const char *what,
		bool both_ok);

/* The field with this id among those loaded so far, or NULL. */
struct tpl_field *tload_field(const struct template *tpl, const char *id);

void tload_facts(struct tload *ld, const yaml_node_t *n);
void tload_parties(struct tload *ld, const yaml_node_t *n);
void tload_sections(struct tload *ld, const yaml_node_t *n);
/* The records: after the sections, whose fields a consent names. */
void tload_records(struct tload *ld, const yaml_node_t *n);

/* A field's rating keys: scale, low and high (vals[0..2], NULL when
 * absent), at the type node type; reported where they do not belong. */
void tload_rating(struct tload *ld, const yaml_node_t *type,
		  yaml_node_t *const vals[3], struct tpl_field *f);

/* Load a field from a body item (a mapping with a "field" key). */
struct tpl_field *tload_field_item(struct tload *ld, const yaml_node_t *n);

void tload_item_free(struct tpl_item *it);
void tload_field_free(struct tpl_field *f);

/* "cannot read PATH: reason", with the status that fits errno e. */
enum mp_status tload_errno(struct mp_error *err, int e, const char *path);

#endif
