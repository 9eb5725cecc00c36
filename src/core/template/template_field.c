/*
 * template_field.c - one field of a template: its id, label, type, whose
 * answer it is, its limits, and a default and example that must pass the
 * field's own rules.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template_internal.h"

enum {
	D_FIELD,
	D_LABEL,
	D_TYPE,
	D_WHO,
	D_REQUIRED,
	D_DEFAULT,
	D_EXAMPLE,
	D_HELP,
	D_MIN_LENGTH,
	D_MAX_LENGTH,
	D_MIN,
	D_MAX,
	D_MIN_ITEMS,
	D_MAX_ITEMS,
	D_CHOICES,
	D_SCALE,
	D_LOW,
	D_HIGH,
	D_COUNT
};

static const char *const field_keys[D_COUNT] = {
    "field",	 "label",     "type",	    "who",	  "required", "default",
    "example",	 "help",      "min_length", "max_length", "min",      "max",
    "min_items", "max_items", "choices",    "scale",	  "low",      "high",
};

static const char *const type_list = "text, long text, email, phone, date, "
				     "number, duration, frequency, choice, "
				     "yes/no, list, rating";

static bool is_text_type(enum tpl_type t)
{
	return t == TPL_TEXT || t == TPL_LONG_TEXT || t == TPL_LIST;
}

/* The value of key in mapping n without reading it (for messages). */
static const char *peek_text(struct tload *ld, const yaml_node_t *n,
			     const char *key)
{
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&ld->y.doc, p->key);
		yaml_node_t *v = yaml_document_get_node(&ld->y.doc, p->value);

		if (k && v && k->type == YAML_SCALAR_NODE &&
		    v->type == YAML_SCALAR_NODE &&
		    strcmp((char *)k->data.scalar.value, key) == 0)
			return (const char *)v->data.scalar.value;
	}
	return "?";
}

static bool load_id(struct tload *ld, const yaml_node_t *n, struct tpl_field *f)
{
	const char *s = tyaml_text(&ld->y, n, "field");
	const struct template *t = ld->tpl;

	if (!s)
		return false;
	if (!tload_id_ok(s, "_")) {
		tyaml_error(&ld->y, n,
			    "a field id must be at most %d lowercase letters, "
			    "digits and '_', starting with a letter (such as "
			    "'notice_days'), not '%.60s'",
			    TLOAD_ID_MAX, s);
		return false;
	}
	for (size_t i = 0; i < t->n_fields; i++)
		if (strcmp(t->fields[i]->id, s) == 0) {
			tyaml_error(&ld->y, n,
				    "duplicate field id '%s'; it is first "
				    "defined at line %lu",
				    s,
				    (unsigned long)ld->field_marks[i].line + 1);
			return false;
		}
	f->id = tyaml_strdup(&ld->y, s);
	return f->id != NULL;
}

static void load_type(struct tload *ld, const yaml_node_t *n,
		      struct tpl_field *f)
{
	static const char *const names[] = {
	    "text",	"long text", "email",  "phone",	 "date", "number",
	    "duration", "frequency", "choice", "yes/no", "list", "rating",
	};
	const char *s = tyaml_text(&ld->y, n, "type"), *hint;
	int type;

	if (!s)
		return;
	type = template_type_parse(s);
	if (type >= 0) {
		f->type = (enum tpl_type)type;
		return;
	}
	hint = tyaml_suggest(s, names, TPL_TYPE_COUNT);
	if (hint)
		tyaml_error(&ld->y, n,
			    "unknown type '%.40s'; did you mean '%s'?", s,
			    hint);
	else
		tyaml_error(&ld->y, n, "unknown type '%.40s'; use one of: %s",
			    s, type_list);
}

/* A limit key: reported when it does not apply to the field's type. */
static bool load_limit(struct tload *ld, yaml_node_t *v[], int key,
		       bool applies, const char *types, long lo, long hi,
		       long *out)
{
	if (!v[key])
		return false;
	if (!applies) {
		tyaml_error(&ld->y, v[key], "'%s' applies only to %s fields",
			    field_keys[key], types);
		return false;
	}
	return tyaml_long(&ld->y, v[key], field_keys[key], lo, hi, out);
}

/* Report a lower limit above its upper one. */
static void check_order(struct tload *ld, yaml_node_t *v[], int lo_key,
			int hi_key, long long lo, long long hi)
{
	if (lo <= hi)
		return;
	if (v[hi_key])
		tyaml_error(&ld->y, v[lo_key],
			    "'%s' (%lld) is more than '%s' (%lld)",
			    field_keys[lo_key], lo, field_keys[hi_key], hi);
	else
		tyaml_error(&ld->y, v[lo_key],
			    "'%s' (%lld) is more than the built-in '%s' "
			    "(%lld); set '%s' too",
			    field_keys[lo_key], lo, field_keys[hi_key], hi,
			    field_keys[hi_key]);
}

static void load_limits(struct tload *ld, yaml_node_t *v[], struct tpl_field *f)
{
	long lo, hi;
	bool text = is_text_type(f->type), num = f->type == TPL_NUMBER,
	     list = f->type == TPL_LIST;

	f->max_length =
	    f->type == TPL_LONG_TEXT ? TPL_LONG_TEXT_MAX : TPL_TEXT_MAX;
	f->max_items = TPL_LIST_ITEMS_MAX;
	load_limit(ld, v, D_MIN_LENGTH, text, "text, long text and list", 0,
		   TPL_LONG_TEXT_MAX, &f->min_length);
	load_limit(ld, v, D_MAX_LENGTH, text, "text, long text and list", 1,
		   TPL_LONG_TEXT_MAX, &f->max_length);
	if (load_limit(ld, v, D_MIN, num, "number", LONG_MIN, LONG_MAX, &lo))
		f->has_min = true, f->min = lo;
	if (load_limit(ld, v, D_MAX, num, "number", LONG_MIN, LONG_MAX, &hi))
		f->has_max = true, f->max = hi;
	load_limit(ld, v, D_MIN_ITEMS, list, "list", 0, TPL_LIST_ITEMS_MAX,
		   &f->min_items);
	load_limit(ld, v, D_MAX_ITEMS, list, "list", 1, TPL_LIST_ITEMS_MAX,
		   &f->max_items);
	if (v[D_MIN_LENGTH])
		check_order(ld, v, D_MIN_LENGTH, D_MAX_LENGTH, f->min_length,
			    f->max_length);
	if (f->has_min && f->has_max)
		check_order(ld, v, D_MIN, D_MAX, f->min, f->max);
	if (v[D_MIN_ITEMS])
		check_order(ld, v, D_MIN_ITEMS, D_MAX_ITEMS, f->min_items,
			    f->max_items);
}

static void load_choices(struct tload *ld, const yaml_node_t *n,
			 struct tpl_field *f)
{
	size_t count;

	if (f->type != TPL_CHOICE) {
		tyaml_error(&ld->y, n,
			    "'choices' applies only to choice fields");
		return;
	}
	f->choices =
	    tload_seq_array(ld, n, "choices", 2, sizeof(*f->choices), &count);
	for (size_t i = 0; i < count; i++) {
		yaml_node_t *item = tyaml_seq_item(&ld->y, n, i);
		char *c =
		    item ? tload_text(ld, item, "choices", false, TPL_TEXT_MAX)
			 : NULL;

		for (size_t j = 0; c && j < f->n_choices; j++)
			if (strcmp(c, f->choices[j]) == 0) {
				tyaml_error(&ld->y, item,
					    "choice '%s' is listed twice", c);
				free(c);
				c = NULL;
			}
		if (c)
			f->choices[f->n_choices++] = c;
	}
}

/* default and example: normalised by the field's own rules. */
static void load_sample(struct tload *ld, const yaml_node_t *n,
			const char *what, struct tpl_field *f, char **out)
{
	struct mp_error e;
	char *raw;

	if (f->type == TPL_LIST && n->type != YAML_SEQUENCE_NODE) {
		tyaml_error(&ld->y, n, "'%s' of a list field must be a list",
			    what);
		return;
	}
	if (f->type == TPL_LIST)
		raw = tyaml_join(&ld->y, n, what);
	else
		raw = (char *)tyaml_text(&ld->y, n, what);
	if (!raw)
		return;
	if (raw[strspn(raw, " \t\r\n")] == '\0')
		tyaml_error(&ld->y, n, "'%s' is empty; leave it out instead",
			    what);
	else if (template_value_check(f, raw, out, &e) == MP_ERR_NOMEM)
		tyaml_nomem(&ld->y);
	else if (!*out)
		tyaml_error(&ld->y, n, "'%s' fails the field's own rules: %s",
			    what, e.message);
	if (f->type == TPL_LIST)
		free(raw);
}

static void load_rest(struct tload *ld, yaml_node_t *v[], struct tpl_field *f)
{
	int p;

	if (v[D_LABEL])
		f->label =
		    tload_text(ld, v[D_LABEL], "label", false, TPL_TEXT_MAX);
	if (v[D_TYPE])
		load_type(ld, v[D_TYPE], f);
	f->who = TPL_BOTH;
	if (v[D_WHO] && (p = tload_party(ld, v[D_WHO], "who", true)) > 0)
		f->who = (enum tpl_party)p;
	f->required = true;
	if (v[D_REQUIRED])
		f->required =
		    tyaml_bool(&ld->y, v[D_REQUIRED], "required") != 0;
	if (v[D_HELP])
		f->help = tload_text(ld, v[D_HELP], "help", true, 2000);
	load_limits(ld, v, f);
	if (v[D_CHOICES])
		load_choices(ld, v[D_CHOICES], f);
	else if (f->type == TPL_CHOICE && v[D_TYPE])
		tyaml_error(&ld->y, v[D_TYPE],
			    "a choice field needs 'choices'");
	tload_rating(ld, v[D_TYPE], &v[D_SCALE], f);
}

struct tpl_field *tload_field_item(struct tload *ld, const yaml_node_t *n)
{
	struct tpl_field *f = calloc(1, sizeof(*f));
	yaml_node_t *v[D_COUNT];
	char in[80];
	size_t before = ld->y.n_errors;
	bool id_ok;

	if (!f) {
		tyaml_nomem(&ld->y);
		return NULL;
	}
	snprintf(in, sizeof(in), "field '%.40s'", peek_text(ld, n, "field"));
	tyaml_map(&ld->y, n, in, field_keys, D_COUNT, v);
	tyaml_need(&ld->y, n, in, "label", v[D_LABEL]);
	tyaml_need(&ld->y, n, in, "type", v[D_TYPE]);
	id_ok = v[D_FIELD] && load_id(ld, v[D_FIELD], f);
	load_rest(ld, v, f);
	if (!id_ok) {
		tload_field_free(f);
		return NULL;
	}
	/* Samples are checked only against a field that is itself sound. */
	if (ld->y.n_errors == before && v[D_DEFAULT])
		load_sample(ld, v[D_DEFAULT], "default", f, &f->def);
	if (ld->y.n_errors == before && v[D_EXAMPLE])
		load_sample(ld, v[D_EXAMPLE], "example", f, &f->example);
	return f;
}
