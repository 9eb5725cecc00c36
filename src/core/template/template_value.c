/*
 * template_value.c - the rules for answers: each field type's accepted
 * forms and normal form (doc/templates.md lists them), and the names the
 * file format uses for types, parties and details.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mentorpact/unicode.h"
#include "template_internal.h"

/* --- names -----------------------------------------------------------------
 */

static const char *const type_names[TPL_TYPE_COUNT] = {
    [TPL_TEXT] = "text",	 [TPL_LONG_TEXT] = "long text",
    [TPL_EMAIL] = "email",	 [TPL_PHONE] = "phone",
    [TPL_DATE] = "date",	 [TPL_NUMBER] = "number",
    [TPL_DURATION] = "duration", [TPL_FREQUENCY] = "frequency",
    [TPL_CHOICE] = "choice",	 [TPL_YES_NO] = "yes/no",
    [TPL_LIST] = "list",	 [TPL_RATING] = "rating",
};

static const char *const detail_names[TPL_DETAIL_COUNT] = {
    "name",
    "email",
    "phone",
    "organisation",
};

static int name_index(const char *const names[], int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return i;
	return -1;
}

const char *template_type_name(enum tpl_type type)
{
	return (unsigned)type < TPL_TYPE_COUNT ? type_names[type] : "?";
}

int template_type_parse(const char *name)
{
	return name_index(type_names, TPL_TYPE_COUNT, name);
}

const char *template_party_name(enum tpl_party party)
{
	switch (party) {
	case TPL_MENTOR:
		return "mentor";
	case TPL_MENTEE:
		return "mentee";
	case TPL_BOTH:
		return "both";
	default:
		return "nobody";
	}
}

int template_party_parse(const char *name)
{
	if (strcmp(name, "mentor") == 0)
		return TPL_MENTOR;
	if (strcmp(name, "mentee") == 0)
		return TPL_MENTEE;
	if (strcmp(name, "both") == 0)
		return TPL_BOTH;
	return -1;
}

const char *template_detail_name(enum tpl_detail detail)
{
	return (unsigned)detail < TPL_DETAIL_COUNT ? detail_names[detail] : "?";
}

int template_detail_parse(const char *name)
{
	return name_index(detail_names, TPL_DETAIL_COUNT, name);
}

/* --- text ------------------------------------------------------------------
 */

/* Decode one UTF-8 sequence at s; returns its length, 0 when invalid. */
static size_t utf8_decode(const unsigned char *s, unsigned long *cp)
{
	size_t n;
	unsigned long min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		n = 2, min = 0x80, *cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, min = 0x800, *cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, min = 0x10000, *cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return n;
}

long template_text_scan(const char *s, bool newline_ok, const char **why)
{
	const unsigned char *p = (const unsigned char *)s;
	long count = 0;

	while (*p) {
		unsigned long cp;
		size_t n = utf8_decode(p, &cp);

		if (!n) {
			*why = "is not valid UTF-8 text";
			return -1;
		}
		if (cp == '\n' && !newline_ok) {
			*why = "must be a single line";
			return -1;
		}
		if ((cp < 0x20 && cp != '\t' && cp != '\n') ||
		    (cp >= 0x7f && cp < 0xa0)) {
			*why = "contains a control character";
			return -1;
		}
		p += n;
		count++;
	}
	return count;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A malloc'd copy of s without leading and trailing white space. */
static char *trim_dup(const char *s, size_t len)
{
	char *out;

	while (len && is_space(*s))
		s++, len--;
	while (len && is_space(s[len - 1]))
		len--;
	out = malloc(len + 1);
	if (out) {
		memcpy(out, s, len);
		out[len] = '\0';
	}
	return out;
}

/* Replace CR LF and lone CR by LF, in place. */
static void unix_newlines(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++) {
		if (*r == '\r') {
			*w++ = '\n';
			if (r[1] == '\n')
				r++;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

static enum mp_status invalid(const struct tpl_field *f, struct mp_error *err,
			      const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Report that an answer breaks its field's rule: "Label: rule". */
static enum mp_status invalid(const struct tpl_field *f, struct mp_error *err,
			      const char *fmt, ...)
{
	char rule[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rule, sizeof(rule), fmt, ap);
	va_end(ap);
	return mp_error_set(err, MP_ERR_INVALID, "%s: %s", f->label, rule);
}

/* Length and character rules for one line or block of text. */
static enum mp_status check_chars(const struct tpl_field *f, const char *v,
				  bool newline_ok, const char *item,
				  struct mp_error *err)
{
	const char *why;
	long n = template_text_scan(v, newline_ok, &why);

	if (n < 0)
		return invalid(f, err, "%s%s", item, why);
	if (n > f->max_length)
		return invalid(f, err,
			       "%smust be at most %ld characters (it has %ld)",
			       item, f->max_length, n);
	if (n < f->min_length)
		return invalid(f, err,
			       "%smust be at least %ld characters (it has %ld)",
			       item, f->min_length, n);
	return MP_OK;
}

/* --- durations and frequencies ------------------------------------------- */

static const struct {
	const char *one, *many;
	const char *adverb; /* "weekly" */
	enum tpl_unit unit;
} units[] = {
    {"minute", "minutes", NULL, TPL_UNIT_MINUTE},
    {"hour", "hours", "hourly", TPL_UNIT_HOUR},
    {"day", "days", "daily", TPL_UNIT_DAY},
    {"week", "weeks", "weekly", TPL_UNIT_WEEK},
    {"month", "months", "monthly", TPL_UNIT_MONTH},
    {"year", "years", "yearly", TPL_UNIT_YEAR},
};

#define N_UNITS (sizeof(units) / sizeof(units[0]))

static const char *const number_words[] = {
    "zero",  "one",   "two",  "three", "four",	 "five",   "six",
    "seven", "eight", "nine", "ten",   "eleven", "twelve",
};

#define MAX_TOKENS 8

struct tokens {
	char buf[128];
	char *t[MAX_TOKENS];
	size_t n;
};

/* Lower-case text split at spaces and hyphens; false when it does not
 * fit. */
static bool tokenise(const char *text, struct tokens *tk)
{
	char *save = NULL;

	if (strlen(text) >= sizeof(tk->buf))
		return false;
	for (size_t i = 0; text[i]; i++)
		tk->buf[i] = (char)tolower((unsigned char)text[i]);
	tk->buf[strlen(text)] = '\0';
	tk->n = 0;
	for (char *t = strtok_r(tk->buf, " \t-", &save); t;
	     t = strtok_r(NULL, " \t-", &save)) {
		if (tk->n == MAX_TOKENS)
			return false;
		tk->t[tk->n++] = t;
	}
	return true;
}

/* 1 to 9999 in digits, or "a", "an", "one" ... "twelve". */
static bool parse_amount(const char *t, bool article_ok, long *out)
{
	size_t len = strlen(t);

	if (len && len <= 4 && strspn(t, "0123456789") == len) {
		*out = strtol(t, NULL, 10);
		return *out > 0;
	}
	if (article_ok && (!strcmp(t, "a") || !strcmp(t, "an"))) {
		*out = 1;
		return true;
	}
	for (long i = 1;
	     i < (long)(sizeof(number_words) / sizeof(number_words[0])); i++)
		if (strcmp(t, number_words[i]) == 0) {
			*out = i;
			return true;
		}
	return false;
}

static bool parse_unit(const char *t, enum tpl_unit *out)
{
	for (size_t i = 0; i < N_UNITS; i++)
		if (!strcmp(t, units[i].one) || !strcmp(t, units[i].many)) {
			*out = units[i].unit;
			return true;
		}
	return false;
}

static size_t unit_index(enum tpl_unit unit)
{
	for (size_t i = 0; i < N_UNITS; i++)
		if (units[i].unit == unit)
			return i;
	return 0;
}

enum mp_status template_duration_parse(const char *text,
				       struct tpl_duration *out)
{
	struct tokens tk;

	if (!tokenise(text, &tk) || tk.n != 2 ||
	    !parse_amount(tk.t[0], true, &out->amount) ||
	    !parse_unit(tk.t[1], &out->unit))
		return MP_ERR_INVALID;
	return MP_OK;
}

void template_duration_format(const struct tpl_duration *d, char *buf,
			      size_t size)
{
	size_t u = unit_index(d->unit);

	snprintf(buf, size, "%ld %s", d->amount,
		 d->amount == 1 ? units[u].one : units[u].many);
}

/* "weekly", "fortnightly": a unit and how many of it ("fortnightly" is
 * two weeks). */
static bool parse_adverb(const char *t, enum tpl_unit *unit, long *every)
{
	*every = 1;
	if (!strcmp(t, "fortnightly")) {
		*every = 2;
		*unit = TPL_UNIT_WEEK;
		return true;
	}
	if (!strcmp(t, "annually")) {
		*unit = TPL_UNIT_YEAR;
		return true;
	}
	for (size_t i = 0; i < N_UNITS; i++)
		if (units[i].adverb && !strcmp(t, units[i].adverb)) {
			*unit = units[i].unit;
			return true;
		}
	return false;
}

/* "2 weekly", "3 monthly": once every n units, as the UK writes it. */
static bool parse_n_adverb(struct tokens *tk, size_t i, struct tpl_frequency *f)
{
	long n, mult;

	if (tk->n - i != 2 || !parse_amount(tk->t[i], false, &n) ||
	    !parse_adverb(tk->t[i + 1], &f->unit, &mult))
		return false;
	f->every = n * mult;
	return true;
}

/* How often, at t[0]: "once", "twice", "3 times", "3"; tokens used. */
static size_t parse_times(struct tokens *tk, long *times)
{
	if (!strcmp(tk->t[0], "once"))
		return *times = 1, 1;
	if (!strcmp(tk->t[0], "twice"))
		return *times = 2, 1;
	if (!parse_amount(tk->t[0], false, times))
		return 0;
	if (tk->n > 1 &&
	    (!strcmp(tk->t[1], "times") || !strcmp(tk->t[1], "time")))
		return 2;
	return 1;
}

static bool is_word(const char *t, const char *const words[])
{
	for (; *words; words++)
		if (!strcmp(t, *words))
			return true;
	return false;
}

/* The period, from token i to the end: "a month", "per week", "every 2
 * weeks", "every other week", "monthly", "2 weekly". */
static bool parse_period(struct tokens *tk, size_t i, struct tpl_frequency *f)
{
	static const char *const one[] = {"a",	  "an",	   "per",
					  "each", "every", NULL};
	static const char *const some[] = {"per", "every", NULL};
	size_t left = tk->n - i;

	if (left == 1)
		return parse_adverb(tk->t[i], &f->unit, &f->every);
	if (parse_n_adverb(tk, i, f))
		return true;
	if (left == 2 && is_word(tk->t[i], one)) {
		f->every = 1;
		return parse_unit(tk->t[i + 1], &f->unit);
	}
	if (left != 3 || !is_word(tk->t[i], some))
		return false;
	if (!strcmp(tk->t[i + 1], "other"))
		f->every = 2;
	else if (!parse_amount(tk->t[i + 1], false, &f->every))
		return false;
	return parse_unit(tk->t[i + 2], &f->unit);
}

enum mp_status template_frequency_parse(const char *text,
					struct tpl_frequency *out)
{
	struct tokens tk;
	struct tpl_frequency f = {1, 1, TPL_UNIT_NONE};
	size_t used = 0;

	if (!tokenise(text, &tk) || tk.n == 0)
		return MP_ERR_INVALID;
	if (strcmp(tk.t[0], "every") && strcmp(tk.t[0], "each") && tk.n > 1 &&
	    !parse_n_adverb(&tk, 0, &f)) {
		used = parse_times(&tk, &f.times);
		if (!used || used == tk.n)
			return MP_ERR_INVALID;
	}
	if (!parse_period(&tk, used, &f) || f.times > 100 || f.every > 100)
		return MP_ERR_INVALID;
	*out = f;
	return MP_OK;
}

void template_frequency_format(const struct tpl_frequency *f, char *buf,
			       size_t size)
{
	size_t u = unit_index(f->unit);
	char times[32];

	if (f->times == 1)
		snprintf(times, sizeof(times), "once");
	else if (f->times == 2)
		snprintf(times, sizeof(times), "twice");
	else
		snprintf(times, sizeof(times), "%ld times", f->times);
	if (f->every == 1)
		snprintf(buf, size, "%s %s %s", times,
			 f->unit == TPL_UNIT_HOUR ? "an" : "a", units[u].one);
	else
		snprintf(buf, size, "%s every %ld %s", times, f->every,
			 units[u].many);
}

/* --- dates ------------------------------------------------------------------
 */

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* 0: a real date; 1: not a date's shape; 2: a date that does not exist;
 * 3: a year outside 1900-2999. */
static int date_parse(const char *s, int *y, int *m, int *d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	size_t len = strlen(s);
	const char *slash1 = strchr(s, '/'), *slash2;

	if (len == 10 && s[4] == '-' && s[7] == '-' && all_digits(s, 4) &&
	    all_digits(s + 5, 2) && all_digits(s + 8, 2)) {
		*y = atoi(s), *m = atoi(s + 5), *d = atoi(s + 8);
	} else if (slash1 && (slash2 = strchr(slash1 + 1, '/')) &&
		   slash1 - s >= 1 && slash1 - s <= 2 && slash2 - slash1 >= 2 &&
		   slash2 - slash1 <= 3 && strlen(slash2 + 1) == 4 &&
		   all_digits(s, slash1 - s) &&
		   all_digits(slash1 + 1, slash2 - slash1 - 1) &&
		   all_digits(slash2 + 1, 4)) {
		*d = atoi(s), *m = atoi(slash1 + 1), *y = atoi(slash2 + 1);
	} else {
		return 1;
	}
	if (*y < 1900 || *y > 2999)
		return 3;
	if (*m < 1 || *m > 12 || *d < 1)
		return 2;
	if (*m == 2 && *d == 29)
		return (*y % 4 == 0 && (*y % 100 != 0 || *y % 400 == 0)) ? 0
									 : 2;
	return *d <= mdays[*m - 1] ? 0 : 2;
}

enum mp_status template_date_parse(const char *text, int *year, int *month,
				   int *day)
{
	return date_parse(text, year, month, day) ? MP_ERR_INVALID : MP_OK;
}

/* --- one checker per type ------------------------------------------------ */

/* Each takes the trimmed, non-empty answer and gives its normal form. */
typedef enum mp_status (*checker)(const struct tpl_field *f, char *v,
				  char **out, struct mp_error *err);

static enum mp_status keep(char *v, char **out, struct mp_error *err)
{
	*out = strdup(v);
	return *out ? MP_OK : mp_error_set(err, MP_ERR_NOMEM, NULL);
}

static enum mp_status check_text(const struct tpl_field *f, char *v, char **out,
				 struct mp_error *err)
{
	enum mp_status st = check_chars(f, v, false, "", err);
	uint32_t hidden = f->person_name ? uc_first_hidden(v) : 0;
	char what[64];

	if (!st && hidden) {
		uc_describe(hidden, what, sizeof(what));
		return invalid(f, err,
			       "contains %s, an invisible character that "
			       "changes how the name is shown (often pasted "
			       "with it); type the name again without it",
			       what);
	}
	return st ? st : keep(v, out, err);
}

static enum mp_status check_long_text(const struct tpl_field *f, char *v,
				      char **out, struct mp_error *err)
{
	enum mp_status st;

	unix_newlines(v);
	st = check_chars(f, v, true, "", err);
	return st ? st : keep(v, out, err);
}

static bool email_shape(const char *v)
{
	const char *at = strchr(v, '@'), *dom, *dot;

	if (!at || strchr(at + 1, '@') || at == v || at - v > 64 ||
	    strlen(v) > 254 || strpbrk(v, " \t<>()[]\\,;:\""))
		return false;
	dom = at + 1;
	dot = strchr(dom, '.');
	if (!dot || *dom == '.' || *dom == '-' || strstr(dom, "..") ||
	    dom[strlen(dom) - 1] == '.' || dom[strlen(dom) - 1] == '-')
		return false;
	return true;
}

static enum mp_status check_email(const struct tpl_field *f, char *v,
				  char **out, struct mp_error *err)
{
	const char *why;

	if (template_text_scan(v, false, &why) < 0 || !email_shape(v))
		return invalid(f, err,
			       "must be an email address such as "
			       "'name@example.org'");
	for (char *p = strchr(v, '@'); *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return keep(v, out, err);
}

static enum mp_status check_phone(const struct tpl_field *f, char *v,
				  char **out, struct mp_error *err)
{
	long digits = 0;
	char *w = v;

	for (char *r = v; *r; r++) {
		bool space = *r == ' ' || *r == '\t';

		if (isdigit((unsigned char)*r))
			digits++;
		else if (!space && !strchr("+-()", *r))
			digits = -100;
		else if (*r == '+' && r != v)
			digits = -100;
		if (space && (w == v || w[-1] == ' '))
			continue;
		*w++ = space ? ' ' : *r;
	}
	*w = '\0';
	if (digits < 7 || digits > 15)
		return invalid(f, err,
			       "must be a phone number of 7 to 15 digits, "
			       "such as '+44 20 7946 0018'");
	return keep(v, out, err);
}

static enum mp_status check_date(const struct tpl_field *f, char *v, char **out,
				 struct mp_error *err)
{
	int y, m, d, r = date_parse(v, &y, &m, &d);
	char buf[16];

	if (r == 1)
		return invalid(f, err,
			       "must be a date such as '2025-03-14' or "
			       "'14/03/2025'");
	if (r == 2)
		return invalid(f, err, "'%.20s' is not a real date", v);
	if (r == 3)
		return invalid(f, err,
			       "'%.20s' is outside the dates mentorpact "
			       "accepts, 1900-01-01 to 2999-12-31",
			       v);
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
	return keep(buf, out, err);
}

static enum mp_status check_number(const struct tpl_field *f, char *v,
				   char **out, struct mp_error *err)
{
	const char *digits = (*v == '-' || *v == '+') ? v + 1 : v;
	char buf[32];
	long long n;

	errno = 0;
	n = strtoll(v, NULL, 10);
	if (!*digits || !all_digits(digits, strlen(digits)))
		return invalid(f, err, "must be a whole number such as '3'");
	if (errno)
		return invalid(f, err, "is too large a number");
	if (f->has_min && n < f->min)
		return invalid(f, err, "must be at least %lld", f->min);
	if (f->has_max && n > f->max)
		return invalid(f, err, "must be at most %lld", f->max);
	snprintf(buf, sizeof(buf), "%lld", n);
	return keep(buf, out, err);
}

static enum mp_status check_duration(const struct tpl_field *f, char *v,
				     char **out, struct mp_error *err)
{
	struct tpl_duration d;
	char buf[64];

	if (template_duration_parse(v, &d) != MP_OK)
		return invalid(f, err,
			       "must be a duration such as '48 hours' or "
			       "'2 days'");
	template_duration_format(&d, buf, sizeof(buf));
	return keep(buf, out, err);
}

static enum mp_status check_frequency(const struct tpl_field *f, char *v,
				      char **out, struct mp_error *err)
{
	struct tpl_frequency fr;
	char buf[64];

	if (template_frequency_parse(v, &fr) != MP_OK)
		return invalid(f, err,
			       "must be a frequency such as 'once a month' or "
			       "'once every 2 weeks'");
	template_frequency_format(&fr, buf, sizeof(buf));
	return keep(buf, out, err);
}

static enum mp_status check_choice(const struct tpl_field *f, char *v,
				   char **out, struct mp_error *err)
{
	char list[512] = "";
	size_t used = 0;

	for (size_t i = 0; i < f->n_choices; i++)
		if (strcmp(v, f->choices[i]) == 0)
			return keep(v, out, err);
	for (size_t i = 0; i < f->n_choices && used < sizeof(list); i++) {
		int n = snprintf(list + used, sizeof(list) - used, "%s'%s'",
				 i ? ", " : "", f->choices[i]);

		used += n > 0 ? (size_t)n : 0;
	}
	return invalid(f, err, "must be one of %s", list);
}

static enum mp_status check_yes_no(const struct tpl_field *f, char *v,
				   char **out, struct mp_error *err)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "y") ||
	    !strcasecmp(v, "true"))
		return keep("yes", out, err);
	if (!strcasecmp(v, "no") || !strcasecmp(v, "n") ||
	    !strcasecmp(v, "false"))
		return keep("no", out, err);
	return invalid(f, err, "must be yes or no");
}

/* Items one a line; each trimmed, non-empty and within the length. */
static enum mp_status check_list(const struct tpl_field *f, char *v, char **out,
				 struct mp_error *err)
{
	long count = 0;
	char *w = v;

	unix_newlines(v);
	for (char *line = v; line; count++) {
		char *next = strchr(line, '\n'), *item, label[32];
		enum mp_status st;

		if (next)
			*next++ = '\0';
		item = trim_dup(line, strlen(line));
		if (!item)
			return mp_error_set(err, MP_ERR_NOMEM, NULL);
		snprintf(label, sizeof(label), "item %ld: ", count + 1);
		st = *item ? check_chars(f, item, false, label, err)
			   : invalid(f, err, "item %ld is empty", count + 1);
		if (!st) {
			if (w != v)
				*w++ = '\n';
			memmove(w, item, strlen(item));
			w += strlen(item);
		}
		free(item);
		if (st)
			return st;
		line = next;
	}
	*w = '\0';
	if (count < f->min_items)
		return invalid(f, err,
			       "must have at least %ld items (it has %ld)",
			       f->min_items, count);
	if (count > f->max_items)
		return invalid(f, err,
			       "must have at most %ld items (it has %ld)",
			       f->max_items, count);
	return keep(v, out, err);
}

static const checker checkers[TPL_TYPE_COUNT] = {
    [TPL_TEXT] = check_text,	     [TPL_LONG_TEXT] = check_long_text,
    [TPL_EMAIL] = check_email,	     [TPL_PHONE] = check_phone,
    [TPL_DATE] = check_date,	     [TPL_NUMBER] = check_number,
    [TPL_DURATION] = check_duration, [TPL_FREQUENCY] = check_frequency,
    [TPL_CHOICE] = check_choice,     [TPL_YES_NO] = check_yes_no,
    [TPL_LIST] = check_list,	     [TPL_RATING] = template_rating_check,
};

enum mp_status template_value_check(const struct tpl_field *f,
				    const char *value, char **normalised,
				    struct mp_error *err)
{
	char *v;
	enum mp_status st;

	*normalised = NULL;
	if ((unsigned)f->type >= TPL_TYPE_COUNT)
		return mp_error_set(err, MP_ERR_INTERNAL, "%s: unknown type",
				    f->label);
	v = trim_dup(value ? value : "", value ? strlen(value) : 0);
	if (!v)
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	if (!*v && f->required)
		st = invalid(f, err, "an answer is required");
	else if (!*v)
		st = keep(v, normalised, err);
	else
		st = checkers[f->type](f, v, normalised, err);
	free(v);
	return st;
}
