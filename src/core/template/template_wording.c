/*
 * template_wording.c - a scheme's wording can name a field as {id}, so
 * that a blank in the middle of a sentence ("a minimum of ….. days'
 * notice") keeps the sentence whole.  This walks such text and fills it.
 */
#include <stdlib.h>
#include <string.h>

#include "template_internal.h"

/* What stands in the text for a field that has no answer yet. */
#define BLANK "……"

static bool id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

const char *template_wording_walk(const char *text,
				  void (*emit)(void *ctx, int is_ref,
					       const char *s, size_t n),
				  void *ctx)
{
	const char *run = text, *p = text;

	while (*p) {
		size_t n = 0;

		if ((p[0] == '{' && p[1] == '{') ||
		    (p[0] == '}' && p[1] == '}')) {
			emit(ctx, 0, run, (size_t)(p - run) + 1);
			p += 2;
			run = p;
			continue;
		}
		if (*p == '}')
			return "a '}' with no '{'; write '}}' for a brace";
		if (*p != '{') {
			p++;
			continue;
		}
		while (id_char(p[1 + n]))
			n++;
		if (!n || p[1 + n] != '}')
			return "'{' must be followed by a field id and '}'; "
			       "write '{{' for a brace";
		if (p > run)
			emit(ctx, 0, run, (size_t)(p - run));
		emit(ctx, 1, p + 1, n);
		p += n + 2;
		run = p;
	}
	if (p > run)
		emit(ctx, 0, run, (size_t)(p - run));
	return NULL;
}

struct expansion {
	const char *(*lookup)(void *ctx, const char *id);
	void *ctx;
	char *out;
	size_t len, cap;
	bool nomem;
};

static void append(struct expansion *x, const char *s, size_t n)
{
	if (x->nomem)
		return;
	if (x->len + n + 1 > x->cap) {
		size_t cap = (x->len + n + 1) * 2;
		char *out = realloc(x->out, cap);

		if (!out) {
			x->nomem = true;
			return;
		}
		x->out = out;
		x->cap = cap;
	}
	memcpy(x->out + x->len, s, n);
	x->len += n;
	x->out[x->len] = '\0';
}

static void expand_piece(void *ctx, int is_ref, const char *s, size_t n)
{
	struct expansion *x = ctx;
	char id[64];
	const char *value;

	if (!is_ref) {
		append(x, s, n);
		return;
	}
	if (n >= sizeof(id))
		n = sizeof(id) - 1;
	memcpy(id, s, n);
	id[n] = '\0';
	value = x->lookup(x->ctx, id);
	if (!value || !*value)
		value = BLANK;
	append(x, value, strlen(value));
}

enum mp_status template_expand(const char *text,
			       const char *(*lookup)(void *ctx, const char *id),
			       void *ctx, char **out, struct mp_error *err)
{
	struct expansion x = {lookup, ctx, NULL, 0, 0, false};
	const char *problem;

	*out = NULL;
	append(&x, "", 0);
	problem = template_wording_walk(text, expand_piece, &x);
	if (problem || x.nomem) {
		free(x.out);
		return problem
			   ? mp_error_set(err, MP_ERR_INVALID, "%s", problem)
			   : mp_error_set(err, MP_ERR_NOMEM, NULL);
	}
	*out = x.out;
	return MP_OK;
}
