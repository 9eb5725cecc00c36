/*
 * template_emit.c - a template's canonical form and hash.
 *
 * The canonical form is the loaded template written back as YAML by
 * libyaml's emitter: keys in one fixed order, every text double-quoted on
 * one line, defaults and limits in their normal form, and nothing that
 * equals the built-in default.  Loading it gives an equal template, so an
 * agreement that keeps these bytes keeps the exact template it was made
 * from; the hash (BLAKE2b-256) names them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "template_internal.h"

static int collect(void *data, unsigned char *buf, size_t size)
{
	struct temit *e = data;

	if (e->len + size + 1 > e->cap) {
		size_t cap = (e->len + size + 1) * 2;
		char *out = realloc(e->out, cap);

		if (!out)
			return 0;
		e->out = out;
		e->cap = cap;
	}
	memcpy(e->out + e->len, buf, size);
	e->len += size;
	e->out[e->len] = '\0';
	return 1;
}

/* Emit a made event; after a failure, only free what is made. */
static void emit_event(struct temit *e, yaml_event_t *ev, int made)
{
	if (!made) {
		e->failed = true;
		return;
	}
	if (e->failed)
		yaml_event_delete(ev);
	else if (!yaml_emitter_emit(&e->em, ev))
		e->failed = true;
}

void temit_scalar(struct temit *e, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	emit_event(e, &ev,
		   yaml_scalar_event_initialize(&ev, NULL, NULL,
						(yaml_char_t *)s,
						(int)strlen(s), 1, 1, style));
}

void temit_text(struct temit *e, const char *s)
{
	temit_scalar(e, s, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

void temit_key(struct temit *e, const char *k)
{
	temit_scalar(e, k, YAML_PLAIN_SCALAR_STYLE);
}

/* Start or end a block mapping or sequence. */
static void collection(struct temit *e, bool mapping, bool start)
{
	yaml_event_t ev;
	int made;

	if (mapping && start)
		made = yaml_mapping_start_event_initialize(
		    &ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	else if (start)
		made = yaml_sequence_start_event_initialize(
		    &ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
	else if (mapping)
		made = yaml_mapping_end_event_initialize(&ev);
	else
		made = yaml_sequence_end_event_initialize(&ev);
	emit_event(e, &ev, made);
}

void temit_map_start(struct temit *e)
{
	collection(e, true, true);
}

void temit_map_end(struct temit *e)
{
	collection(e, true, false);
}

void temit_seq_start(struct temit *e)
{
	collection(e, false, true);
}

void temit_seq_end(struct temit *e)
{
	collection(e, false, false);
}

void temit_pair_text(struct temit *e, const char *k, const char *v)
{
	if (!v)
		return;
	temit_key(e, k);
	temit_text(e, v);
}

void temit_pair_num(struct temit *e, const char *k, long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	temit_key(e, k);
	temit_scalar(e, buf, YAML_PLAIN_SCALAR_STYLE);
}

void temit_pair_bool(struct temit *e, const char *k, bool v)
{
	temit_key(e, k);
	temit_scalar(e, v ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
}

void temit_pair_lines(struct temit *e, const char *k, char *const *lines,
		      size_t n)
{
	temit_key(e, k);
	temit_seq_start(e);
	for (size_t i = 0; i < n; i++)
		temit_text(e, lines[i]);
	temit_seq_end(e);
}

/* --- the template ----------------------------------------------------------
 */

static void pair_duration(struct temit *e, const char *k,
			  const struct tpl_duration *d)
{
	char buf[64];

	if (d->unit == TPL_UNIT_NONE)
		return;
	template_duration_format(d, buf, sizeof(buf));
	temit_pair_text(e, k, buf);
}

static void emit_facts(struct temit *e, const struct tpl_facts *f)
{
	char buf[64];

	pair_duration(e, "planned_duration", &f->planned_duration);
	pair_duration(e, "max_duration", &f->max_duration);
	if (f->min_sessions)
		temit_pair_num(e, "min_sessions", f->min_sessions);
	if (f->max_sessions && !e->before_records)
		temit_pair_num(e, "max_sessions", f->max_sessions);
	if (f->offered_sessions && !e->before_records)
		temit_pair_num(e, "offered_sessions", f->offered_sessions);
	if (f->meeting_frequency.unit != TPL_UNIT_NONE) {
		template_frequency_format(&f->meeting_frequency, buf,
					  sizeof(buf));
		temit_pair_text(e, "meeting_frequency", buf);
	}
	pair_duration(e, "meeting_length", &f->meeting_length);
	pair_duration(e, "notice_period", &f->notice_period);
	pair_duration(e, "review_interval", &f->review_interval);
	pair_duration(e, "retention_after_end", &f->retention_after_end);
	if (f->returned_by)
		temit_pair_text(e, "returned_by",
				template_party_name(f->returned_by));
	temit_pair_text(e, "returned_to", f->returned_to);
	if (f->n_copied)
		temit_pair_lines(e, "copied", f->copied, f->n_copied);
	if (f->pair_only)
		temit_pair_bool(e, "pair_only", true);
}

static bool facts_empty(const struct tpl_facts *f, bool before_records)
{
	return !f->planned_duration.unit && !f->max_duration.unit &&
	       !f->min_sessions &&
	       (before_records || (!f->max_sessions && !f->offered_sessions)) &&
	       !f->meeting_frequency.unit && !f->meeting_length.unit &&
	       !f->notice_period.unit && !f->review_interval.unit &&
	       !f->retention_after_end.unit && !f->returned_by &&
	       !f->returned_to && !f->n_copied && !f->pair_only;
}

static void detail_list(struct temit *e, const char *k, unsigned bits)
{
	temit_key(e, k);
	temit_seq_start(e);
	for (int d = 0; d < TPL_DETAIL_COUNT; d++)
		if (bits & (1u << d))
			temit_text(e, template_detail_name((enum tpl_detail)d));
	temit_seq_end(e);
}

static void emit_parties(struct temit *e, const struct template *t)
{
	temit_key(e, "parties");
	temit_map_start(e);
	for (int who = 0; who < 2; who++) {
		temit_key(e, who ? "mentee" : "mentor");
		temit_map_start(e);
		detail_list(e, "ask", t->parties[who].ask);
		detail_list(e, "required", t->parties[who].required);
		temit_map_end(e);
	}
	temit_map_end(e);
}

void temit_items(struct temit *e, const char *joined, yaml_scalar_style_t style)
{
	const char *p = joined;

	temit_seq_start(e);
	while (p) {
		const char *nl = strchr(p, '\n');
		char *item = strndup(p, nl ? (size_t)(nl - p) : strlen(p));

		if (!item)
			e->failed = true;
		else
			temit_scalar(e, item, style);
		free(item);
		p = nl ? nl + 1 : NULL;
	}
	temit_seq_end(e);
}

/* A list field's default or example goes back to a list of items. */
static void pair_sample(struct temit *e, const char *k,
			const struct tpl_field *f, const char *v)
{
	if (!v)
		return;
	if (f->type != TPL_LIST) {
		temit_pair_text(e, k, v);
		return;
	}
	temit_key(e, k);
	temit_items(e, v, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

static void emit_limits(struct temit *e, const struct tpl_field *f)
{
	long max_length =
	    f->type == TPL_LONG_TEXT ? TPL_LONG_TEXT_MAX : TPL_TEXT_MAX;

	if (f->min_length)
		temit_pair_num(e, "min_length", f->min_length);
	if (f->max_length != max_length)
		temit_pair_num(e, "max_length", f->max_length);
	if (f->has_min && f->type != TPL_RATING)
		temit_pair_num(e, "min", f->min);
	if (f->has_max && f->type != TPL_RATING)
		temit_pair_num(e, "max", f->max);
	if (f->min_items)
		temit_pair_num(e, "min_items", f->min_items);
	if (f->max_items != TPL_LIST_ITEMS_MAX)
		temit_pair_num(e, "max_items", f->max_items);
	if (f->n_choices)
		temit_pair_lines(e, "choices", f->choices, f->n_choices);
	if (f->type == TPL_RATING) {
		char scale[64];

		template_scale_format(f->min, f->max, scale, sizeof(scale));
		temit_pair_text(e, "scale", scale);
		temit_pair_text(e, "low", f->low);
		temit_pair_text(e, "high", f->high);
	}
}

static void emit_field(struct temit *e, const struct tpl_field *f)
{
	temit_pair_text(e, "field", f->id);
	temit_pair_text(e, "label", f->label);
	temit_pair_text(e, "type", template_type_name(f->type));
	temit_pair_text(e, "who", template_party_name(f->who));
	temit_pair_bool(e, "required", f->required);
	pair_sample(e, "default", f, f->def);
	pair_sample(e, "example", f, f->example);
	temit_pair_text(e, "help", f->help);
	emit_limits(e, f);
}

static void emit_item(struct temit *e, const struct tpl_item *it)
{
	static const char *const list_keys[] = {
	    [TPL_COMMITMENTS] = "commitments",
	    [TPL_BULLETS] = "list",
	    [TPL_QUESTIONS] = "questions",
	};

	temit_map_start(e);
	switch (it->kind) {
	case TPL_PARAGRAPH:
		temit_pair_text(e, "paragraph", it->text);
		break;
	case TPL_COMMITMENTS:
	case TPL_BULLETS:
	case TPL_QUESTIONS:
		temit_pair_lines(e, list_keys[it->kind], it->lines,
				 it->n_lines);
		if (it->numbered && !e->before_records)
			temit_pair_bool(e, "numbered", true);
		if (it->kind == TPL_COMMITMENTS)
			temit_pair_text(e, "party",
					template_party_name(it->party));
		temit_pair_text(e, "heading", it->heading);
		break;
	case TPL_FIELD:
		emit_field(e, it->field);
		break;
	case TPL_DETAILS:
	case TPL_SIGNATURES:
		temit_pair_text(
		    e, it->kind == TPL_DETAILS ? "details" : "signatures",
		    template_party_name(it->party));
		break;
	}
	temit_map_end(e);
}

static void emit_sections(struct temit *e, const struct template *t)
{
	temit_key(e, "sections");
	temit_seq_start(e);
	for (size_t i = 0; i < t->n_sections; i++) {
		const struct tpl_section *s = &t->sections[i];

		temit_map_start(e);
		temit_pair_text(e, "id", s->id);
		temit_pair_text(e, "title", s->title);
		temit_pair_text(e, "confirm", template_party_name(s->confirm));
		temit_key(e, "body");
		temit_seq_start(e);
		for (size_t j = 0; j < s->n_items; j++)
			emit_item(e, &s->items[j]);
		temit_seq_end(e);
		temit_map_end(e);
	}
	temit_seq_end(e);
}

/* --- the records ------------------------------------------------------------
 */

static void emit_fields(struct temit *e, const char *k,
			struct tpl_field *const *fields, size_t n)
{
	temit_key(e, k);
	temit_seq_start(e);
	for (size_t i = 0; i < n; i++) {
		temit_map_start(e);
		emit_field(e, fields[i]);
		temit_map_end(e);
	}
	temit_seq_end(e);
}

static void emit_form(struct temit *e, const struct tpl_form *f)
{
	temit_map_start(e);
	temit_pair_text(e, "id", f->id);
	temit_pair_text(e, "title", f->title);
	temit_pair_text(e, "who", template_party_name(f->who));
	temit_pair_text(e, "due", template_due_name(f->due));
	if (f->n_stages)
		temit_pair_lines(e, "stages", f->stages, f->n_stages);
	temit_pair_bool(e, "shared", f->shared);
	temit_pair_text(e, "intro", f->intro);
	emit_fields(e, "questions", f->questions, f->n_questions);
	temit_map_end(e);
}

/* Nothing at all for a template without records: its canonical form is
 * the one it had before records existed. */
static void emit_records(struct temit *e, const struct tpl_records *r)
{
	if (!r->present || e->before_records)
		return;
	temit_key(e, "records");
	temit_map_start(e);
	if (r->sessions.present) {
		temit_key(e, "sessions");
		temit_map_start(e);
		temit_pair_text(e, "title", r->sessions.title);
		temit_pair_text(e, "intro", r->sessions.intro);
		if (r->sessions.n_fields)
			emit_fields(e, "fields", r->sessions.fields,
				    r->sessions.n_fields);
		temit_map_end(e);
	}
	if (r->notes) {
		temit_key(e, "notes");
		temit_map_start(e);
		temit_pair_text(e, "who", template_party_name(r->notes));
		temit_pair_text(e, "mentor_consent", r->mentor_notes_consent);
		temit_map_end(e);
	}
	if (r->n_forms) {
		temit_key(e, "forms");
		temit_seq_start(e);
		for (size_t i = 0; i < r->n_forms; i++)
			emit_form(e, &r->forms[i]);
		temit_seq_end(e);
	}
	temit_map_end(e);
}

static void emit_template(struct temit *e, const struct template *t)
{
	temit_pair_num(e, "format", TPL_FORMAT);
	temit_pair_text(e, "id", t->id);
	temit_pair_text(e, "name", t->name);
	temit_pair_text(e, "organisation", t->organisation);
	temit_pair_text(e, "version", t->version);
	temit_pair_text(e, "source", t->source);
	temit_pair_text(e, "description", t->description);
	if (!facts_empty(&t->facts, e->before_records)) {
		temit_key(e, "facts");
		temit_map_start(e);
		emit_facts(e, &t->facts);
		temit_map_end(e);
	}
	emit_parties(e, t);
	emit_sections(e, t);
	emit_records(e, &t->records);
}

/* --- the document ----------------------------------------------------------
 */

enum mp_status temit_open(struct temit *e, struct mp_error *err)
{
	yaml_event_t ev;

	memset(e, 0, sizeof(*e));
	if (!yaml_emitter_initialize(&e->em))
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	yaml_emitter_set_output(&e->em, collect, e);
	yaml_emitter_set_unicode(&e->em, 1);
	yaml_emitter_set_width(&e->em, -1);
	yaml_emitter_set_indent(&e->em, 2);
	emit_event(e, &ev,
		   yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	emit_event(
	    e, &ev,
	    yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	temit_map_start(e);
	return MP_OK;
}

enum mp_status temit_close(struct temit *e, char **out, size_t *len,
			   struct mp_error *err)
{
	yaml_event_t ev;

	*out = NULL;
	temit_map_end(e);
	emit_event(e, &ev, yaml_document_end_event_initialize(&ev, 1));
	emit_event(e, &ev, yaml_stream_end_event_initialize(&ev));
	if (!e->failed && !yaml_emitter_flush(&e->em))
		e->failed = true;
	yaml_emitter_delete(&e->em);
	if (e->failed || !e->out) {
		free(e->out);
		return mp_error_set(err, MP_ERR_NOMEM,
				    "out of memory while writing YAML");
	}
	*out = e->out;
	*len = e->len;
	return MP_OK;
}

enum mp_status template_canonical(const struct template *tpl, char **out,
				  size_t *len, struct mp_error *err)
{
	struct temit e;
	enum mp_status st = temit_open(&e, err);

	if (st != MP_OK)
		return st;
	emit_template(&e, tpl);
	return temit_close(&e, out, len, err);
}

enum mp_status template_canonical_before_records(const struct template *tpl,
						 char **out, size_t *len,
						 struct mp_error *err)
{
	struct temit e;
	enum mp_status st = temit_open(&e, err);

	if (st != MP_OK)
		return st;
	e.before_records = true;
	emit_template(&e, tpl);
	return temit_close(&e, out, len, err);
}

enum mp_status template_hash(const struct template *tpl,
			     char hex[TPL_HASH_HEX + 1], struct mp_error *err)
{
	unsigned char digest[TPL_HASH_HEX / 2];
	char *canon;
	size_t len;
	enum mp_status st = template_canonical(tpl, &canon, &len, err);

	if (st != MP_OK)
		return st;
	if (sodium_init() < 0) {
		free(canon);
		return mp_error_set(err, MP_ERR_INTERNAL,
				    "libsodium cannot start");
	}
	crypto_generichash(digest, sizeof(digest), (unsigned char *)canon, len,
			   NULL, 0);
	free(canon);
	sodium_bin2hex(hex, TPL_HASH_HEX + 1, digest, sizeof(digest));
	return MP_OK;
}
