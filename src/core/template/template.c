/*
 * template.c - load a scheme template from YAML and check every rule of
 * doc/templates.md, reporting each problem with its line and column.
 *
 * The loader walks libyaml's node tree once, top to bottom, building the
 * template as it goes; problems are collected, not fatal, so that one
 * run shows an author everything to mend.  Rules that need the whole file
 * (wording that names a field, say) are checked after the walk.  This is
 * the loader's one entry: its parts are below it, in template_facts.c,
 * template_body.c and template_field.c, and under those template_parts.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template_internal.h"

/* --- the wording's {id} references ------------------------------------------
 */

/* Check each {id} the wording named, once every field is known: it must
 * be a field, and one that fits in a sentence; mark those it names. */
static void resolve_refs(struct tload *ld)
{
	struct template *t = ld->tpl;

	for (size_t i = 0; i < ld->n_refs; i++) {
		struct tload_ref *r = &ld->refs[i];
		struct tpl_field *f = tload_field(t, r->id);

		if (!f)
			tyaml_error_mark(
			    &ld->y, r->mark,
			    "the wording names '{%s}', but there is "
			    "no field '%s'",
			    r->id, r->id);
		else if (f->type == TPL_LIST || f->type == TPL_LONG_TEXT)
			tyaml_error_mark(
			    &ld->y, r->mark,
			    "field '%s' is a %s and cannot stand in a "
			    "sentence; name only one-line fields as {id}",
			    r->id, template_type_name(f->type));
		else
			f->in_wording = true;
	}
}

/* --- the template's own keys ------------------------------------------------
 */

enum {
	K_FORMAT,
	K_ID,
	K_NAME,
	K_ORGANISATION,
	K_VERSION,
	K_SOURCE,
	K_DESCRIPTION,
	K_FACTS,
	K_PARTIES,
	K_SECTIONS,
	K_RECORDS,
	K_COUNT
};

static const char *const top_keys[K_COUNT] = {
    "format",	   "id",    "name",    "organisation", "version", "source",
    "description", "facts", "parties", "sections",     "records",
};

static void load_format(struct tload *ld, const yaml_node_t *n)
{
	const char *s = tyaml_text(&ld->y, n, "format");

	if (s && strcmp(s, "1") != 0)
		tyaml_error(&ld->y, n,
			    "this file is in template format '%.20s'; this "
			    "mentorpact reads format %d",
			    s, TPL_FORMAT);
}

static void load_id(struct tload *ld, const yaml_node_t *n)
{
	const char *s = tyaml_text(&ld->y, n, "id");

	if (!s)
		return;
	if (!tload_id_ok(s, "-")) {
		tyaml_error(&ld->y, n,
			    "'id' must be at most %d lowercase letters, digits "
			    "and '-', starting with a letter (such as "
			    "'my-scheme'), not '%.60s'",
			    TLOAD_ID_MAX, s);
		return;
	}
	ld->tpl->id = tyaml_strdup(&ld->y, s);
}

static void load_top(struct tload *ld, yaml_node_t *root)
{
	yaml_node_t *v[K_COUNT];
	struct template *t = ld->tpl;
	const char *in = "the template";

	if (!tyaml_map(&ld->y, root, in, top_keys, K_COUNT, v))
		return;
	tyaml_need_all(&ld->y, root, in, top_keys, K_COUNT, v,
		       1ul << K_FACTS | 1ul << K_RECORDS);
	if (v[K_FORMAT])
		load_format(ld, v[K_FORMAT]);
	if (v[K_ID])
		load_id(ld, v[K_ID]);
	if (v[K_NAME])
		t->name = tload_text(ld, v[K_NAME], "name", false, 200);
	if (v[K_ORGANISATION])
		t->organisation = tload_text(ld, v[K_ORGANISATION],
					     "organisation", false, 200);
	if (v[K_VERSION])
		t->version =
		    tload_text(ld, v[K_VERSION], "version", false, 200);
	if (v[K_SOURCE])
		t->source = tload_text(ld, v[K_SOURCE], "source", true, 2000);
	if (v[K_DESCRIPTION])
		t->description =
		    tload_text(ld, v[K_DESCRIPTION], "description", true, 2000);
	if (v[K_FACTS])
		tload_facts(ld, v[K_FACTS]);
	if (v[K_PARTIES])
		tload_parties(ld, v[K_PARTIES]);
	if (v[K_SECTIONS])
		tload_sections(ld, v[K_SECTIONS]);
	if (v[K_RECORDS])
		tload_records(ld, v[K_RECORDS]);
}
/* --- loading ---------------------------------------------------------------
 */

struct tpl_field *tload_field(const struct template *tpl, const char *id)
{
	for (size_t i = 0; i < tpl->n_fields; i++)
		if (strcmp(tpl->fields[i]->id, id) == 0)
			return tpl->fields[i];
	return NULL;
}

const struct tpl_field *template_field(const struct template *tpl,
				       const char *id)
{
	return tload_field(tpl, id);
}

enum mp_status template_load_buffer(const char *name, const char *buf,
				    size_t len, struct template **out,
				    struct tpl_diags *diags,
				    struct mp_error *err)
{
	struct tload ld = {0};
	enum mp_status st;

	*out = NULL;
	st = tyaml_parse(&ld.y, name, buf, len, diags);
	if (st == MP_OK) {
		ld.tpl = calloc(1, sizeof(*ld.tpl));
		if (!ld.tpl)
			tyaml_nomem(&ld.y);
		else
			load_top(&ld, tyaml_root(&ld.y));
		if (ld.tpl && !ld.y.nomem)
			resolve_refs(&ld);
	}
	st = tyaml_finish(&ld.y, err);
	tyaml_done(&ld.y);
	free(ld.refs);
	free(ld.field_marks);
	if (st != MP_OK) {
		template_free(ld.tpl);
		return st;
	}
	*out = ld.tpl;
	return MP_OK;
}

enum mp_status template_load_file(const char *path, struct template **out,
				  struct tpl_diags *diags, struct mp_error *err)
{
	char *buf;
	size_t len;
	enum mp_status st;

	*out = NULL;
	st = template_read_file(path, &buf, &len, err);
	if (st != MP_OK)
		return st;
	st = template_load_buffer(path, buf, len, out, diags, err);
	free(buf);
	return st;
}

enum mp_status template_read_file(const char *path, char **buf, size_t *len,
				  struct mp_error *err)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0, n = 0, got = 1;
	char *data = NULL;
	int e;

	*buf = NULL;
	if (!f)
		return tload_errno(err, errno, path);
	while (got && cap <= TYAML_MAX_BYTES) {
		if (n == cap) {
			char *bigger =
			    realloc(data, (cap ? cap * 2 : 4096) + 1);

			if (!bigger) {
				fclose(f);
				free(data);
				return mp_error_set(err, MP_ERR_NOMEM, NULL);
			}
			data = bigger;
			cap = cap ? cap * 2 : 4096;
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
	}
	e = errno;
	if (ferror(f)) {
		fclose(f);
		free(data);
		return tload_errno(err, e, path);
	}
	fclose(f);
	data[n] = '\0';
	*buf = data;
	*len = n;
	return MP_OK;
}

enum mp_status tload_errno(struct mp_error *err, int e, const char *path)
{
	enum mp_status st = MP_ERR_IO;

	if (e == ENOENT || e == ENOTDIR)
		st = MP_ERR_NOT_FOUND;
	else if (e == EACCES || e == EPERM)
		st = MP_ERR_PERM;
	return mp_error_set(err, st, "cannot read %s: %s", path, strerror(e));
}
