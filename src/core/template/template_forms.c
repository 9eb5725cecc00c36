/*
 * template_forms.c - the values that a scheme's records use and its
 * agreement does not: a rating on its scale ("1 to 5"), when a form is
 * due, and the built-in fields of a session log entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template_internal.h"

const char *const template_session_builtins[TPL_SESSION_BUILTINS] = {
    "date",
    "length",
    "how",
    "next",
};

static const char *const due_names[TPL_DUE_COUNT] = {
    [TPL_DUE_SESSION] = "after each session",
    [TPL_DUE_START] = "at start",
    [TPL_DUE_END] = "at end",
    [TPL_DUE_STAGES] = "at stages",
    [TPL_DUE_REVIEW] = "at review",
};

const char *template_due_name(enum tpl_due due)
{
	return (unsigned)due < TPL_DUE_COUNT ? due_names[due] : "?";
}

int template_due_parse(const char *name)
{
	for (int i = 0; i < TPL_DUE_COUNT; i++)
		if (strcmp(due_names[i], name) == 0)
			return i;
	return -1;
}

/* --- rating scales -------------------------------------------------------- */

/* A whole number of at most four digits, with an optional sign, at *p;
 * *p moves past it.  Spaces before it are skipped. */
static bool small_number(const char **p, long long *out)
{
	const char *s = *p + strspn(*p, " \t");
	size_t sign = (*s == '-' || *s == '+'), digits;

	digits = strspn(s + sign, "0123456789");
	if (digits == 0 || digits > 4)
		return false;
	*out = strtoll(s, NULL, 10);
	*p = s + sign + digits;
	return true;
}

void template_scale_format(long long min, long long max, char *buf, size_t size)
{
	snprintf(buf, size, "%lld to %lld", min, max);
}

/* "1 (not useful) to 5 (very useful)", or "1 to 5" when the ends are
 * unsaid. */
static void scale_words(const struct tpl_field *f, char *buf, size_t size)
{
	char lo[160] = "", hi[160] = "";

	if (f->low)
		snprintf(lo, sizeof(lo), " (%s)", f->low);
	if (f->high)
		snprintf(hi, sizeof(hi), " (%s)", f->high);
	snprintf(buf, size, "%lld%s to %lld%s", f->min, lo, f->max, hi);
}

enum mp_status template_rating_check(const struct tpl_field *f, char *v,
				     char **out, struct mp_error *err)
{
	const char *p = v;
	long long n = 0;
	char words[400], buf[32];
	bool whole = small_number(&p, &n) && *p == '\0';

	if (!whole || n < f->min || n > f->max) {
		scale_words(f, words, sizeof(words));
		return mp_error_set(err, MP_ERR_INVALID,
				    "%s: must be a whole number from %s",
				    f->label, words);
	}
	snprintf(buf, sizeof(buf), "%lld", n);
	*out = strdup(buf);
	return *out ? MP_OK : mp_error_set(err, MP_ERR_NOMEM, NULL);
}
