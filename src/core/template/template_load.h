/*
 * template_load.h - the template loader's parts, shared by template.c
 * (the file and its own keys), template_facts.c (facts and parties),
 * template_body.c (sections, wording and fields) and template_records.c
 * (the session log, notes and forms).  Internal to src/core.
 */
#ifndef MENTORPACT_TEMPLATE_LOAD_H
#define MENTORPACT_TEMPLATE_LOAD_H

#include "template_yaml.h"

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
