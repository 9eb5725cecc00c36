/*
 * fuzz_template.c - libFuzzer target for the template and answers
 * loaders.  The input is loaded as a template; when that succeeds its
 * canonical form must load back to the same bytes.  The input is also
 * loaded as an answers file against a fixed small template (and against
 * itself when it was a template), so that the value checks run too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/answers.h"
#include "mentorpact/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fixed_text[] =
    "format: 1\nid: fixed\nname: Fixed\norganisation: Fuzz\n"
    "version: '1'\nsource: The fuzzer\ndescription: One of each type.\n"
    "parties:\n  mentor: {ask: [name, email, phone, organisation]}\n"
    "  mentee: {ask: [name, email], required: [name, email]}\n"
    "sections:\n  - id: s\n    title: S\n    confirm: both\n    body:\n"
    "      - paragraph: Meet {freq} for {len}.\n"
    "      - {field: t, label: T, type: text, max_length: 20}\n"
    "      - {field: lt, label: LT, type: long text, required: no}\n"
    "      - {field: e, label: E, type: email}\n"
    "      - {field: p, label: P, type: phone}\n"
    "      - {field: d, label: D, type: date}\n"
    "      - {field: n, label: N, type: number, min: 0, max: 9}\n"
    "      - {field: len, label: L, type: duration, default: an hour}\n"
    "      - {field: freq, label: F, type: frequency}\n"
    "      - {field: c, label: C, type: choice, choices: [a, b]}\n"
    "      - {field: y, label: Y, type: yes/no}\n"
    "      - {field: l, label: L, type: list, min_items: 1}\n";

struct pair {
	const struct template *fixed, *input;
};

static const struct template *lookup(void *ctx, const char *id)
{
	const struct pair *p = ctx;

	if (p->input && strcmp(p->input->id, id) == 0)
		return p->input;
	return strcmp(p->fixed->id, id) == 0 ? p->fixed : NULL;
}

static const struct template *fixed_template(void)
{
	static struct template *fixed;
	struct mp_error err;

	if (!fixed &&
	    template_load_buffer("fixed", fixed_text, strlen(fixed_text),
				 &fixed, NULL, &err) != MP_OK)
		abort();
	return fixed;
}

/* The canonical form of a loaded template loads back to itself. */
static void round_trip(const struct template *t)
{
	struct template *back;
	struct mp_error err;
	char *c1, *c2, hash[TPL_HASH_HEX + 1];
	size_t l1, l2;

	if (template_canonical(t, &c1, &l1, &err) != MP_OK)
		abort();
	if (template_load_buffer("canonical", c1, l1, &back, NULL, &err) !=
	    MP_OK)
		abort();
	if (template_canonical(back, &c2, &l2, &err) != MP_OK || l1 != l2 ||
	    memcmp(c1, c2, l1) != 0)
		abort();
	if (template_hash(back, hash, &err) != MP_OK)
		abort();
	free(c1);
	free(c2);
	template_free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct pair p = {fixed_template(), NULL};
	struct tpl_diags diags = {0};
	struct template *t;
	struct answers *a;
	struct mp_error err;

	if (template_load_buffer("input", text, size, &t, &diags, &err) ==
	    MP_OK) {
		round_trip(t);
		p.input = t;
	}
	template_diags_free(&diags);
	answers_detect(text, size);
	if (answers_load_buffer("input", text, size, lookup, &p, &a, &diags,
				&err) == MP_OK) {
		char *sample;
		size_t len;

		if (answers_example(a->tpl, &sample, &len, &err) != MP_OK)
			abort();
		free(sample);
		answers_free(a);
	}
	template_diags_free(&diags);
	template_free(t);
	return 0;
}
