/*
 * answers.c - load an answers file (a scheme's agreement filled in ahead
 * of time) and check it against its template; and write a sample one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/answers.h"
#include "template_internal.h"

enum { A_SCHEME, A_CONFIRMED, A_MENTOR, A_MENTEE, A_ANSWERS, A_COUNT };

static const char *const top_keys[A_COUNT] = {
    "scheme", "confirmed", "mentor", "mentee", "answers",
};

static const char *const party_names[2] = {"mentor", "mentee"};

enum { IN_FILE = 1, BAD_VALUE = 2 };

struct aload {
	struct tyaml y;
	const struct template *tpl;
	struct answers *a;
	unsigned char *in_file; /* per field: IN_FILE, or with BAD_VALUE */
};

/* --- detecting ------------------------------------------------------------ */

int answers_detect(const char *buf, size_t len)
{
	struct tyaml y;
	yaml_node_t *root;
	int found = 0;

	if (tyaml_parse(&y, "", buf, len, NULL) == MP_OK &&
	    (root = tyaml_root(&y))->type == YAML_MAPPING_NODE) {
		for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
		     p < root->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(&y.doc, p->key);

			if (k && k->type == YAML_SCALAR_NODE &&
			    !strcmp((char *)k->data.scalar.value, "scheme"))
				found |= 1;
			if (k && k->type == YAML_SCALAR_NODE &&
			    !strcmp((char *)k->data.scalar.value, "answers"))
				found |= 2;
		}
	}
	tyaml_done(&y);
	return found == 3;
}

/* --- values ------------------------------------------------------------------
 */

/* An empty scalar, "~" or "null" written plainly: no answer. */
static bool is_null(const yaml_node_t *n)
{
	const char *s = (const char *)n->data.scalar.value;

	return n->type == YAML_SCALAR_NODE &&
	       n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       (!*s || !strcmp(s, "~") || !strcmp(s, "null"));
}

/* The raw text of an answer node, malloc'd; NULL when reported. */
static char *raw_answer(struct aload *ld, const yaml_node_t *v,
			const struct tpl_field *f)
{
	const char *s;

	if (is_null(v))
		return tyaml_strdup(&ld->y, "");
	if (f->type == TPL_LIST && v->type == YAML_SEQUENCE_NODE)
		return tyaml_join(&ld->y, v, f->id);
	if (f->type == TPL_LIST) {
		tyaml_error(&ld->y, v,
			    "'%s' is a list field: give its items "
			    "as a list",
			    f->id);
		return NULL;
	}
	if (v->type != YAML_SCALAR_NODE) {
		tyaml_error(&ld->y, v, "'%s' takes one value, not %s", f->id,
			    tyaml_kind(v));
		return NULL;
	}
	s = tyaml_text(&ld->y, v, f->id);
	return s ? tyaml_strdup(&ld->y, s) : NULL;
}

/* Check one answer; keep its normal form unless it is empty.  A value
 * that is reported is marked so that it is not reported again as
 * missing. */
static void take_answer(struct aload *ld, const yaml_node_t *v, size_t i)
{
	const struct tpl_field *f = ld->tpl->fields[i];
	struct tpl_field optional = *f;
	struct mp_error e;
	char *raw = raw_answer(ld, v, f), *norm;

	ld->in_file[i] = IN_FILE;
	if (!raw) {
		ld->in_file[i] |= BAD_VALUE;
		return;
	}
	/* left empty here, a required field is reported once, below */
	optional.required = false;
	if (template_value_check(&optional, raw, &norm, &e) == MP_ERR_NOMEM) {
		tyaml_nomem(&ld->y);
	} else if (!norm) {
		tyaml_error(&ld->y, v, "%s", e.message);
		ld->in_file[i] |= BAD_VALUE;
	} else if (!*norm)
		free(norm);
	else
		ld->a->values[i].value = norm;
	free(raw);
}

static void unknown_field(struct aload *ld, const yaml_node_t *k,
			  const char *id)
{
	const char *ids[256], *hint;
	size_t n = ld->tpl->n_fields < 256 ? ld->tpl->n_fields : 256;

	for (size_t i = 0; i < n; i++)
		ids[i] = ld->tpl->fields[i]->id;
	hint = tyaml_suggest(id, ids, n);
	if (hint)
		tyaml_error(&ld->y, k,
			    "scheme '%s' has no field '%.60s'; did you mean "
			    "'%s'?",
			    ld->tpl->id, id, hint);
	else
		tyaml_error(&ld->y, k, "scheme '%s' has no field '%.60s'",
			    ld->tpl->id, id);
}

static void answer_pair(struct aload *ld, const yaml_node_pair_t *p)
{
	yaml_node_t *k = tyaml_node(&ld->y, p->key);
	yaml_node_t *v = tyaml_node(&ld->y, p->value);
	const char *id;

	if (!k || !v || !(id = tyaml_text(&ld->y, k, "answers")))
		return;
	for (size_t i = 0; i < ld->tpl->n_fields; i++) {
		if (strcmp(ld->tpl->fields[i]->id, id) != 0)
			continue;
		if (ld->in_file[i])
			tyaml_error(&ld->y, k, "duplicate answer for '%s'", id);
		else
			take_answer(ld, v, i);
		return;
	}
	unknown_field(ld, k, id);
}

/* Defaults fill what the file leaves out; then required ones must be
 * there. */
static void complete_values(struct aload *ld, const yaml_node_t *n)
{
	for (size_t i = 0; i < ld->a->n_values; i++) {
		struct answers_value *v = &ld->a->values[i];

		if (!v->value && v->field->def) {
			v->value = tyaml_strdup(&ld->y, v->field->def);
			v->from_default = true;
		}
		if (!v->value && v->field->required &&
		    !(ld->in_file[i] & BAD_VALUE))
			tyaml_error(&ld->y, n,
				    "no answer for required field '%s' (%s)",
				    v->field->id, v->field->label);
	}
}

static void load_answers(struct aload *ld, const yaml_node_t *n)
{
	if (n->type != YAML_MAPPING_NODE) {
		tyaml_error(&ld->y, n,
			    "'answers' must be a mapping of 'field: value', "
			    "not %s",
			    tyaml_kind(n));
		return;
	}
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++)
		answer_pair(ld, p);
	complete_values(ld, n);
}

/* --- the parties ------------------------------------------------------------
 */

static const char *const detail_keys[TPL_DETAIL_COUNT] = {
    "name", "email", "phone", "organisation"};

/* The rules a detail is checked by, as a field of the right type. */
static struct tpl_field detail_field(int who, int d, char *label, size_t size)
{
	static const enum tpl_type types[TPL_DETAIL_COUNT] = {
	    TPL_TEXT, TPL_EMAIL, TPL_PHONE, TPL_TEXT};
	struct tpl_field f = {0};

	snprintf(label, size, "The %s's %s", party_names[who], detail_keys[d]);
	f.label = label;
	f.id = (char *)detail_keys[d];
	f.type = types[d];
	f.max_length = TPL_TEXT_MAX;
	f.person_name = d == TPL_DETAIL_NAME;
	return f;
}

/* Check one detail into *out; true when a problem was reported. */
static bool take_detail(struct aload *ld, const yaml_node_t *v,
			const struct tpl_field *f, char **out)
{
	char *raw = raw_answer(ld, v, f), *norm;
	struct mp_error e;

	if (!raw)
		return true;
	if (template_value_check(f, raw, &norm, &e) != MP_OK) {
		tyaml_error(&ld->y, v, "%s", e.message);
		free(raw);
		return true;
	}
	if (*norm)
		*out = norm;
	else
		free(norm);
	free(raw);
	return false;
}

static void load_party(struct aload *ld, const yaml_node_t *n, int who)
{
	yaml_node_t *v[TPL_DETAIL_COUNT];
	unsigned required = ld->tpl->parties[who].required;
	char **details = ld->a->details[who];
	char in[32], label[64];

	snprintf(in, sizeof(in), "the %s's details", party_names[who]);
	if (!tyaml_map(&ld->y, n, in, detail_keys, TPL_DETAIL_COUNT, v))
		return;
	for (int d = 0; d < TPL_DETAIL_COUNT; d++) {
		struct tpl_field f = detail_field(who, d, label, sizeof(label));
		bool reported = v[d] && take_detail(ld, v[d], &f, &details[d]);

		if (!details[d] && (required & (1u << d)) && !reported)
			tyaml_error(&ld->y, v[d] ? v[d] : n,
				    "%s is required by scheme '%s'", label,
				    ld->tpl->id);
	}
}

/* --- loading
 * ------------------------------------------------------------------ */

static void load_scheme(struct aload *ld, const yaml_node_t *n,
			answers_lookup_fn lookup, void *ctx)
{
	const char *s = tyaml_text(&ld->y, n, "scheme");

	if (!s)
		return;
	ld->tpl = lookup(ctx, s);
	if (!ld->tpl)
		tyaml_error(&ld->y, n,
			    "unknown scheme '%.60s'; 'mentorpact templates "
			    "list' shows the schemes there are",
			    s);
}

static bool start_answers(struct aload *ld)
{
	const struct template *t = ld->tpl;

	ld->a = calloc(1, sizeof(*ld->a));
	ld->in_file = calloc(t->n_fields + 1, sizeof(*ld->in_file));
	if (ld->a)
		ld->a->values = calloc(t->n_fields + 1, sizeof(*ld->a->values));
	if (!ld->a || !ld->a->values || !ld->in_file) {
		tyaml_nomem(&ld->y);
		return false;
	}
	ld->a->tpl = t;
	ld->a->n_values = t->n_fields;
	for (size_t i = 0; i < t->n_fields; i++)
		ld->a->values[i].field = t->fields[i];
	return true;
}

static void load_root(struct aload *ld, const yaml_node_t *root,
		      answers_lookup_fn lookup, void *ctx)
{
	const char *in = "the answers file";
	yaml_node_t *v[A_COUNT];
	int confirmed;

	if (!tyaml_map(&ld->y, root, in, top_keys, A_COUNT, v))
		return;
	tyaml_need_all(&ld->y, root, in, top_keys, A_COUNT, v,
		       1ul << A_CONFIRMED);
	if (v[A_SCHEME])
		load_scheme(ld, v[A_SCHEME], lookup, ctx);
	if (!ld->tpl || !start_answers(ld))
		return;
	if (v[A_CONFIRMED] &&
	    (confirmed = tyaml_bool(&ld->y, v[A_CONFIRMED], "confirmed")) >= 0)
		ld->a->confirmed = confirmed;
	for (int who = 0; who < 2; who++)
		if (v[A_MENTOR + who])
			load_party(ld, v[A_MENTOR + who], who);
	if (v[A_ANSWERS])
		load_answers(ld, v[A_ANSWERS]);
}

enum mp_status answers_load_buffer(const char *name, const char *buf,
				   size_t len, answers_lookup_fn lookup,
				   void *ctx, struct answers **out,
				   struct tpl_diags *diags,
				   struct mp_error *err)
{
	struct aload ld = {0};
	enum mp_status st;

	*out = NULL;
	if (tyaml_parse(&ld.y, name, buf, len, diags) == MP_OK)
		load_root(&ld, tyaml_root(&ld.y), lookup, ctx);
	st = tyaml_finish(&ld.y, err);
	tyaml_done(&ld.y);
	free(ld.in_file);
	if (st != MP_OK) {
		answers_free(ld.a);
		return st;
	}
	*out = ld.a;
	return MP_OK;
}

enum mp_status answers_load_file(const char *path, answers_lookup_fn lookup,
				 void *ctx, struct answers **out,
				 struct tpl_diags *diags, struct mp_error *err)
{
	char *buf;
	size_t len;
	enum mp_status st = template_read_file(path, &buf, &len, err);

	*out = NULL;
	if (st != MP_OK)
		return st;
	st = answers_load_buffer(path, buf, len, lookup, ctx, out, diags, err);
	free(buf);
	return st;
}

const char *answers_get(const struct answers *a, const char *field_id)
{
	for (size_t i = 0; i < a->n_values; i++)
		if (strcmp(a->values[i].field->id, field_id) == 0)
			return a->values[i].value;
	return NULL;
}

void answers_free(struct answers *a)
{
	if (!a)
		return;
	for (int who = 0; who < 2; who++)
		for (int d = 0; d < TPL_DETAIL_COUNT; d++)
			free(a->details[who][d]);
	for (size_t i = 0; i < a->n_values; i++)
		free(a->values[i].value);
	free(a->values);
	free(a);
}

/* --- a sample answers file ------------------------------------------------ */

static const char *const sample_details[2][TPL_DETAIL_COUNT] = {
    {"Priya Shah", "priya.shah@example.org", "+44 20 7946 0018",
     "Northfield Community Health Trust"},
    {"Daniel Okafor", "daniel.okafor@example.org", "+44 20 7946 0957",
     "Riverside Primary Care Network"},
};

/* base, cut to max characters or padded to min with 'x'. */
static char *fit_text(const char *base, long min, long max)
{
	long n = (long)strlen(base);
	long len = n < min ? min : n;
	char *out;

	if (len > max)
		len = max;
	out = malloc((size_t)len + 1);
	if (!out)
		return NULL;
	for (long i = 0; i < len; i++)
		out[i] = i < n ? base[i] : 'x';
	out[len] = '\0';
	return out;
}

static char *sample_number(const struct tpl_field *f)
{
	long long v = 1;
	char buf[32];

	if (f->has_min && v < f->min)
		v = f->min;
	if (f->has_max && v > f->max)
		v = f->max;
	snprintf(buf, sizeof(buf), "%lld", v);
	return strdup(buf);
}

static char *sample_list(const struct tpl_field *f)
{
	long n = f->min_items > 1 ? f->min_items : 1;
	size_t size = (size_t)n * ((size_t)f->max_length + 1) + 1;
	char *out = calloc(1, size);

	for (long i = 0; out && i < n; i++) {
		char base[32], *item;

		snprintf(base, sizeof(base), "Item %ld", i + 1);
		item = fit_text(base, f->min_length, f->max_length);
		if (!item) {
			free(out);
			return NULL;
		}
		if (i)
			strcat(out, "\n");
		strcat(out, item);
		free(item);
	}
	return out;
}

/* A sample for a field that gives neither example nor default. */
static char *made_sample(const struct tpl_field *f)
{
	switch (f->type) {
	case TPL_EMAIL:
		return strdup("name@example.org");
	case TPL_PHONE:
		return strdup("+44 20 7946 0018");
	case TPL_DATE:
		return strdup("2025-03-14");
	case TPL_NUMBER:
		return sample_number(f);
	case TPL_DURATION:
		return strdup("1 hour");
	case TPL_FREQUENCY:
		return strdup("once a month");
	case TPL_CHOICE:
		return strdup(f->choices[0]);
	case TPL_YES_NO:
		return strdup("yes");
	case TPL_LIST:
		return sample_list(f);
	default:
		return fit_text("Sample answer", f->min_length, f->max_length);
	}
}

static yaml_scalar_style_t style_for(const char *v)
{
	return strchr(v, '\n') ? YAML_LITERAL_SCALAR_STYLE
			       : YAML_ANY_SCALAR_STYLE;
}

static enum mp_status emit_answer(struct temit *e, const struct tpl_field *f,
				  struct mp_error *err)
{
	const char *given = f->example ? f->example : f->def;
	char *v = given ? strdup(given) : made_sample(f), *norm;

	if (!v)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	if (template_value_check(f, v, &norm, err) != MP_OK) {
		free(v);
		return mp_error_set(err, MP_ERR_INTERNAL,
				    "no sample fits field '%s': %s", f->id,
				    err->message);
	}
	temit_key(e, f->id);
	if (f->type == TPL_LIST)
		temit_items(e, norm, YAML_ANY_SCALAR_STYLE);
	else
		temit_scalar(e, norm, style_for(norm));
	free(norm);
	free(v);
	return MP_OK;
}

static void emit_party(struct temit *e, const struct template *tpl, int who)
{
	temit_key(e, party_names[who]);
	temit_map_start(e);
	for (int d = 0; d < TPL_DETAIL_COUNT; d++)
		if (tpl->parties[who].ask & (1u << d)) {
			temit_key(e, detail_keys[d]);
			temit_scalar(e, sample_details[who][d],
				     YAML_ANY_SCALAR_STYLE);
		}
	temit_map_end(e);
}

/* The comment that opens the file, then the YAML. */
static enum mp_status with_header(const struct template *tpl, char *yaml,
				  char **out, size_t *len, struct mp_error *err)
{
	static const char fmt[] =
	    "# Sample answers for %s (scheme %s).\n"
	    "# Check a file like this with: mentorpact templates check FILE\n"
	    "%s";
	size_t size =
	    sizeof(fmt) + strlen(tpl->name) + strlen(tpl->id) + strlen(yaml);

	*out = malloc(size);
	if (!*out) {
		free(yaml);
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	*len = (size_t)snprintf(*out, size, fmt, tpl->name, tpl->id, yaml);
	free(yaml);
	return MP_OK;
}

enum mp_status answers_example(const struct template *tpl, char **out,
			       size_t *len, struct mp_error *err)
{
	struct temit e;
	enum mp_status st = temit_open(&e, err);
	char *yaml;
	size_t n;

	*out = NULL;
	if (st != MP_OK)
		return st;
	temit_key(&e, "scheme");
	temit_scalar(&e, tpl->id, YAML_ANY_SCALAR_STYLE);
	temit_pair_bool(&e, "confirmed", true);
	emit_party(&e, tpl, 0);
	emit_party(&e, tpl, 1);
	temit_key(&e, "answers");
	temit_map_start(&e);
	for (size_t i = 0; i < tpl->n_fields && st == MP_OK; i++)
		st = emit_answer(&e, tpl->fields[i], err);
	temit_map_end(&e);
	if (st != MP_OK) {
		e.failed = true;
		temit_close(&e, &yaml, &n, NULL);
		return st;
	}
	st = temit_close(&e, &yaml, &n, err);
	return st == MP_OK ? with_header(tpl, yaml, out, len, err) : st;
}
