/*
 * render_body.c - the canonical text of an agreement.
 *
 * The body is a row of blocks separated by one empty line: the title,
 * the header (scheme, agreement id and version, template, parties), the
 * scheme's arrangements, each section's title and items in order, the
 * closing signatures part and a reference (text format and the full
 * template hash, the body's last line).  Every item of a section is one
 * block; a field shows its label and, indented by 4, its answer.  Only
 * an answer holds empty lines (between its paragraphs), so that
 * render_parse.c can cut a body back into the same blocks and read the
 * answers out of it.  tests/golden/render/ holds whole bodies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

#define TITLE	    "MENTORING AGREEMENT"
#define TEXT_FORMAT "mentorpact agreement text 1"

static const char *const detail_labels[TPL_DETAIL_COUNT] = {
    [TPL_DETAIL_NAME] = "Name",
    [TPL_DETAIL_EMAIL] = "Email",
    [TPL_DETAIL_PHONE] = "Phone",
    [TPL_DETAIL_ORGANISATION] = "Organisation",
};

const char *rbody_detail_label(enum tpl_detail d)
{
	return (unsigned)d < TPL_DETAIL_COUNT ? detail_labels[d] : "?";
}

const char *rbody_role_name(enum ag_role r)
{
	return r == AG_MENTOR ? "mentor" : "mentee";
}

struct body {
	const struct rsrc *src;
	struct rbuf *out;
	struct rlayout *layout;
	struct mp_error *err;
	enum mp_status st;
	char *scratch; /* the last value handed to template_expand */
};

/* Start a block: an empty line before every block but the first. */
static void block(struct body *b, enum rblock_kind kind, size_t index)
{
	struct rlayout *l = b->layout;

	if (b->out->len)
		rbuf_puts(b->out, "\n");
	if (!l || l->nomem)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		struct rblock *p = realloc(l->blocks, cap * sizeof(*p));

		if (!p) {
			l->nomem = true;
			return;
		}
		l->blocks = p;
		l->cap = cap;
	}
	l->blocks[l->n++] = (struct rblock){kind, index, 0};
}

/* Wrap text made safe to show (one paragraph: LF becomes a space). */
static void wrap_clean(struct body *b, const char *first, const char *rest,
		       const char *text)
{
	char *clean = rtext_clean(text, strlen(text), false);

	if (!clean) {
		b->out->nomem = true;
		return;
	}
	rtext_wrap(b->out, first, rest, clean);
	free(clean);
}

/* A copy of text with each LF replaced: wording is one paragraph. */
static char *flatten(const char *text, const char *sep)
{
	struct rbuf r = {0};

	rbuf_add(&r, "", 0);
	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			rbuf_puts(&r, sep);
		else
			rbuf_add(&r, p, 1);
	}
	if (r.nomem) {
		rbuf_free(&r);
		return NULL;
	}
	return r.s;
}

static const char *value_of(const struct rsrc *src, size_t i)
{
	return src->values ? src->values[i] : NULL;
}

/* template_expand's lookup: a field's answer, flattened to one line. */
static const char *expand_lookup(void *ctx, const char *id)
{
	struct body *b = ctx;
	const struct template *tpl = b->src->tpl;

	free(b->scratch);
	b->scratch = NULL;
	for (size_t i = 0; i < tpl->n_fields; i++) {
		const char *v = value_of(b->src, i);

		if (strcmp(tpl->fields[i]->id, id) != 0 || !v)
			continue;
		b->scratch =
		    flatten(v, tpl->fields[i]->type == TPL_LIST ? "; " : " ");
		if (!b->scratch)
			b->out->nomem = true;
		return b->scratch;
	}
	return NULL;
}

/* Template wording with its {id} answers filled in, wrapped. */
static void wording(struct body *b, const char *first, const char *rest,
		    const char *text)
{
	char *expanded, *flat;

	if (b->st != MP_OK)
		return;
	b->st = template_expand(text, expand_lookup, b, &expanded, b->err);
	free(b->scratch);
	b->scratch = NULL;
	if (b->st != MP_OK)
		return;
	flat = flatten(expanded, " ");
	free(expanded);
	if (!flat) {
		b->out->nomem = true;
		return;
	}
	wrap_clean(b, first, rest, flat);
	free(flat);
}

/* "Key:" padded to RBODY_KEY_COLS, then the value wrapped under it. */
static void key_line(struct body *b, const char *key, const char *value)
{
	char first[64];

	snprintf(first, sizeof(first), "%-*s", RBODY_KEY_COLS, key);
	wrap_clean(b, first, "               ",
		   value && *value ? value : RBODY_NO_ANSWER);
}

/* "Title" with a line of dashes under it. */
static void heading(struct body *b, const char *title)
{
	size_t start, cols = 0;

	block(b, RB_FIXED, 0);
	start = b->out->len;
	wrap_clean(b, "", "", title);
	if (b->out->nomem)
		return;
	for (const char *p = b->out->s + start; *p;) {
		size_t n = strcspn(p, "\n");
		size_t w = uc_width(p, n);

		cols = w > cols ? w : cols;
		p += n + (p[n] == '\n');
	}
	for (size_t i = 0; i < cols; i++)
		rbuf_puts(b->out, "-");
	rbuf_puts(b->out, "\n");
}

static const char *detail(const struct rsrc *src, enum ag_role r,
			  enum tpl_detail d)
{
	return src->details[r] ? src->details[r][d] : NULL;
}

static const char *role_key(enum ag_role r)
{
	return r == AG_MENTOR ? "Mentor:" : "Mentee:";
}

/* A party's name, then each other detail the template asks for. */
static void party_lines(struct body *b, enum ag_role r)
{
	unsigned ask = b->src->tpl->parties[r].ask;
	char key[32];

	/* The order the schemes' own forms use. */
	static const enum tpl_detail order[] = {
	    TPL_DETAIL_PHONE, TPL_DETAIL_EMAIL, TPL_DETAIL_ORGANISATION};

	key_line(b, role_key(r), detail(b->src, r, TPL_DETAIL_NAME));
	for (size_t k = 0; k < sizeof(order) / sizeof(*order); k++) {
		enum tpl_detail d = order[k];

		if (!(ask & (1u << d)))
			continue;
		snprintf(key, sizeof(key), "%s:", detail_labels[d]);
		key_line(b, key, detail(b->src, r, d));
	}
}

/* Whether a section item shows role's details. */
static bool details_shown(const struct template *tpl, enum ag_role r)
{
	unsigned bit = r == AG_MENTOR ? TPL_MENTOR : TPL_MENTEE;

	for (size_t s = 0; s < tpl->n_sections; s++)
		for (size_t i = 0; i < tpl->sections[s].n_items; i++) {
			const struct tpl_item *it = &tpl->sections[s].items[i];

			if (it->kind == TPL_DETAILS && (it->party & bit))
				return true;
		}
	return false;
}

static void header(struct body *b)
{
	const struct template *tpl = b->src->tpl;
	char line[512];

	block(b, RB_FIXED, 0);
	rbuf_puts(b->out, TITLE "\n");
	for (size_t i = 0; i < sizeof(TITLE) - 1; i++)
		rbuf_puts(b->out, "=");
	rbuf_puts(b->out, "\n");

	block(b, RB_HEADER, 0);
	key_line(b, "Scheme:", tpl->name);
	if (tpl->organisation && strcmp(tpl->organisation, tpl->name) != 0)
		key_line(b, "Organisation:", tpl->organisation);
	snprintf(line, sizeof(line), "%s, version %d", b->src->id,
		 b->src->version);
	key_line(b, "Agreement:", line);
	snprintf(line, sizeof(line), "%s (version %s), hash %.16s", tpl->id,
		 tpl->version ? tpl->version : "?", b->src->hash);
	key_line(b, "Template:", line);
	for (int r = AG_MENTOR; r <= AG_MENTEE; r++)
		key_line(b, role_key((enum ag_role)r),
			 detail(b->src, (enum ag_role)r, TPL_DETAIL_NAME));

	/* Details the template asks for but shows nowhere else. */
	for (int r = AG_MENTOR; r <= AG_MENTEE; r++) {
		unsigned more = tpl->parties[r].ask & ~(1u << TPL_DETAIL_NAME);

		if (more && !details_shown(tpl, (enum ag_role)r)) {
			block(b, RB_DETAILS,
			      r == AG_MENTOR ? TPL_MENTOR : TPL_MENTEE);
			party_lines(b, (enum ag_role)r);
		}
	}
}

/* --- the scheme's arrangements ----------------------------------------- */

static void fact(struct rbuf *list, const char *fmt, const char *a,
		 const char *c)
{
	rbuf_printf(list, fmt, a, c);
	rbuf_puts(list, "\n");
}

static void fact_duration(struct rbuf *list, const char *fmt,
			  const struct tpl_duration *d)
{
	char buf[64];

	if (d->unit == TPL_UNIT_NONE)
		return;
	template_duration_format(d, buf, sizeof(buf));
	fact(list, fmt, buf, "");
}

/* "48 hours' notice", "1 day's notice". */
static void fact_notice(struct rbuf *list, const struct tpl_duration *d)
{
	char buf[64];

	if (d->unit == TPL_UNIT_NONE)
		return;
	template_duration_format(d, buf, sizeof(buf));
	fact(list,
	     "Either party gives %s%s notice if unable to attend an agreed "
	     "session.",
	     buf, d->amount == 1 ? "'s" : "'");
}

static void fact_meetings(struct rbuf *list, const struct tpl_facts *f)
{
	char freq[96] = "", len[64] = "";

	if (f->meeting_frequency.unit != TPL_UNIT_NONE)
		template_frequency_format(&f->meeting_frequency, freq,
					  sizeof(freq));
	if (f->meeting_length.unit != TPL_UNIT_NONE)
		template_duration_format(&f->meeting_length, len, sizeof(len));
	if (*freq && *len)
		fact(list, "The scheme's meetings are usually %s, for %s each.",
		     freq, len);
	else if (*freq)
		fact(list, "The scheme's meetings are usually %s.%s", freq, "");
	else if (*len)
		fact(list, "The scheme's meetings usually last %s.%s", len, "");
}

static void fact_return(struct rbuf *list, const struct tpl_facts *f)
{
	if (f->returned_by != TPL_MENTOR && f->returned_by != TPL_MENTEE)
		return;
	rbuf_printf(list,
		    "Once signed by both, the %s returns this agreement "
		    "to %s",
		    f->returned_by == TPL_MENTOR ? "mentor" : "mentee",
		    f->returned_to ? f->returned_to : "the scheme");
	for (size_t i = 0; i < f->n_copied; i++)
		rbuf_printf(list, "%s%s", i ? " and " : ", copying in ",
			    f->copied[i]);
	rbuf_puts(list, ".\n");
}

/* How many sessions: at least, at most, and what the scheme offers. */
static void fact_sessions(struct rbuf *list, const struct tpl_facts *f)
{
	char lo[32], hi[32];

	snprintf(lo, sizeof(lo), "%ld", f->min_sessions);
	snprintf(hi, sizeof(hi), "%ld", f->max_sessions);
	if (f->min_sessions > 0 && f->max_sessions > 0)
		fact(list, "There are at least %s sessions, and at most %s.",
		     lo, hi);
	else if (f->min_sessions > 0)
		fact(list, "There are at least %s sessions.%s", lo, "");
	else if (f->max_sessions > 0)
		fact(list, "There are at most %s sessions.%s", hi, "");
	if (f->offered_sessions > 0) {
		snprintf(lo, sizeof(lo), "%ld", f->offered_sessions);
		fact(list, "The scheme typically offers %s sessions.%s", lo,
		     "");
	}
}

/* The scheme's facts that matter to the pair, one line each. */
static void facts_list(struct rbuf *list, const struct tpl_facts *f)
{
	fact_duration(list, "The mentoring is planned to last %s.%s",
		      &f->planned_duration);
	fact_duration(list, "It lasts at most %s.%s", &f->max_duration);
	fact_sessions(list, f);
	fact_meetings(list, f);
	fact_notice(list, &f->notice_period);
	fact_duration(list, "The arrangement is reviewed after %s.%s",
		      &f->review_interval);
	fact_duration(list,
		      "Records of the mentoring are destroyed %s after it "
		      "ends.%s",
		      &f->retention_after_end);
	fact_return(list, f);
	if (f->pair_only)
		rbuf_puts(list, "This agreement is for the mentor and mentee "
				"alone: it need not be shared with anyone "
				"else.\n");
}

/* A copy of the line at *p (up to "\n" or the end); *p moves past it.
 * NULL, and out of memory noted, when no copy can be made. */
static char *next_line(struct body *b, const char **p)
{
	size_t n = strcspn(*p, "\n");
	char *line = strndup(*p, n);

	*p += n + ((*p)[n] == '\n');
	if (!line)
		b->out->nomem = true;
	return line;
}

/* Bullets, one for each line of lines. */
static void bullets_of(struct body *b, const char *lines)
{
	for (const char *p = lines; *p;) {
		char *one = next_line(b, &p);

		if (!one)
			return;
		wrap_clean(b, "  - ", "    ", one);
		free(one);
	}
}

static void arrangements(struct body *b)
{
	struct rbuf list = {0};

	rbuf_add(&list, "", 0);
	facts_list(&list, &b->src->tpl->facts);
	if (list.nomem) {
		b->out->nomem = true;
	} else if (list.len) {
		heading(b, "Scheme arrangements");
		block(b, RB_FIXED, 0);
		bullets_of(b, list.s);
	}
	rbuf_free(&list);
}

/* --- sections ---------------------------------------------------------- */

/* The label line(s) of a field, ending in ':' unless it ends in '?'. */
static void field_label(struct body *b, const struct tpl_field *f)
{
	size_t n = strlen(f->label);
	bool ends = n && (f->label[n - 1] == ':' || f->label[n - 1] == '?');
	char *label = malloc(n + 2);

	if (!label) {
		b->out->nomem = true;
		return;
	}
	memcpy(label, f->label, n);
	strcpy(label + n, ends ? "" : ":");
	wrap_clean(b, "", "", label);
	free(label);
}

/* Each line of a list answer as "    N. item". */
static int answer_list(struct body *b, const char *v)
{
	int count = 0;
	char first[32], rest[32];

	for (const char *p = v; *p;) {
		size_t n = strcspn(p, "\n");
		char *item = rtext_clean(p, n, false);

		if (!item) {
			b->out->nomem = true;
			return count;
		}
		if (item[strspn(item, " ")]) {
			snprintf(first, sizeof(first), RBODY_ANSWER "%d. ",
				 ++count);
			snprintf(rest, sizeof(rest), "%*s", (int)strlen(first),
				 "");
			rtext_wrap(b->out, first, rest, item);
		}
		free(item);
		p += n + (p[n] == '\n');
	}
	return count;
}

/* Each line of an answer as its own paragraph, indented by 4. */
static int answer_text(struct body *b, const char *v)
{
	char *clean = rtext_clean(v, strlen(v), true);
	int count = 0;

	if (!clean) {
		b->out->nomem = true;
		return 0;
	}
	for (const char *p = clean; *p;) {
		char *para = next_line(b, &p);

		if (!para)
			break;
		if (para[strspn(para, " ")]) {
			if (count++)
				rbuf_puts(b->out, "\n");
			rtext_wrap(b->out, RBODY_ANSWER, RBODY_ANSWER, para);
		}
		free(para);
	}
	free(clean);
	return count;
}

static void field_block(struct body *b, const struct tpl_field *f)
{
	const struct template *tpl = b->src->tpl;
	size_t i = 0, before;
	const char *v;
	int shown;

	while (i < tpl->n_fields && tpl->fields[i] != f)
		i++;
	block(b, RB_FIELD, i);
	before = b->out->len;
	field_label(b, f);
	if (b->layout && !b->layout->nomem && !b->out->nomem) {
		size_t lines = 0;

		for (size_t k = before; k < b->out->len; k++)
			lines += b->out->s[k] == '\n';
		b->layout->blocks[b->layout->n - 1].lead_lines = lines;
	}
	v = i < tpl->n_fields ? value_of(b->src, i) : NULL;
	shown = !v		      ? 0
		: f->type == TPL_LIST ? answer_list(b, v)
				      : answer_text(b, v);
	if (!shown)
		rbuf_puts(b->out, RBODY_ANSWER RBODY_NO_ANSWER "\n");
}

static const char *commitments_heading(enum tpl_party p)
{
	if (p == TPL_MENTOR)
		return "The mentor agrees to:";
	if (p == TPL_MENTEE)
		return "The mentee agrees to:";
	return "The mentor and mentee both agree to:";
}

static void list_item(struct body *b, const struct tpl_item *it)
{
	const char *head = it->heading;
	char first[32];

	if (!head && it->kind == TPL_COMMITMENTS)
		head = commitments_heading(it->party);
	if (head)
		wording(b, "", "", head);
	for (size_t i = 0; i < it->n_lines; i++) {
		if (it->kind == TPL_QUESTIONS || it->numbered) {
			snprintf(first, sizeof(first), "  %zu. ", i + 1);
			wording(b, first, "      ", it->lines[i]);
		} else {
			wording(b, "  - ", "    ", it->lines[i]);
		}
	}
}

static void signature_lines(struct body *b, enum tpl_party party)
{
	static const enum ag_role order[2] = {AG_MENTOR, AG_MENTEE};

	for (int k = 0; k < 2; k++) {
		enum ag_role r = order[k];
		const char *name = detail(b->src, r, TPL_DETAIL_NAME);
		struct rbuf line = {0};

		if (!(party & (r == AG_MENTOR ? TPL_MENTOR : TPL_MENTEE)))
			continue;
		rbuf_printf(&line, "%s %s (signature at the end)", role_key(r),
			    name && *name ? name : RBODY_NO_ANSWER);
		if (line.nomem)
			b->out->nomem = true;
		else
			wrap_clean(b, "", "  ", line.s);
		rbuf_free(&line);
	}
}

static void item(struct body *b, const struct tpl_item *it)
{
	switch (it->kind) {
	case TPL_PARAGRAPH:
		block(b, RB_FIXED, 0);
		wording(b, "", "", it->text ? it->text : "");
		break;
	case TPL_COMMITMENTS:
	case TPL_BULLETS:
	case TPL_QUESTIONS:
		block(b, RB_FIXED, 0);
		list_item(b, it);
		break;
	case TPL_FIELD:
		field_block(b, it->field);
		break;
	case TPL_DETAILS:
		block(b, RB_DETAILS, (size_t)it->party);
		for (int r = AG_MENTOR; r <= AG_MENTEE; r++)
			if (it->party &
			    (r == AG_MENTOR ? TPL_MENTOR : TPL_MENTEE))
				party_lines(b, (enum ag_role)r);
		break;
	case TPL_SIGNATURES:
		block(b, RB_FIXED, 0);
		signature_lines(b, it->party);
		break;
	}
}

/* Who signs, and what identifies the text: the closing part. */
static void closing(struct body *b)
{
	char line[TPL_HASH_HEX + 64];

	heading(b, "Electronic signatures");
	block(b, RB_FIXED, 0);
	wrap_clean(b, "", "", "This text is signed electronically by:");
	block(b, RB_FIXED, 0);
	for (int r = AG_MENTOR; r <= AG_MENTEE; r++)
		key_line(b, role_key((enum ag_role)r),
			 detail(b->src, (enum ag_role)r, TPL_DETAIL_NAME));
	block(b, RB_FIXED, 0);
	wrap_clean(b, "", "",
		   "Their signatures, each with the date and time it was "
		   "made, follow this text in the signature block; the text "
		   "ends at the line before that block.");
	block(b, RB_FIXED, 0);
	key_line(b, "Text format:", TEXT_FORMAT);
	snprintf(line, sizeof(line),
		 "BLAKE2b-256 of template %s:", b->src->tpl->id);
	key_line(b, "Template hash:", line);
	rbuf_printf(b->out, "%s\n", b->src->hash);
}

enum mp_status rbody_render(const struct rsrc *src, struct rbuf *out,
			    struct rlayout *layout, struct mp_error *err)
{
	struct body b = {src, out, layout, err, MP_OK, NULL};
	const struct template *tpl = src->tpl;

	header(&b);
	arrangements(&b);
	for (size_t s = 0; s < tpl->n_sections && b.st == MP_OK; s++) {
		heading(&b, tpl->sections[s].title);
		for (size_t i = 0; i < tpl->sections[s].n_items; i++)
			item(&b, &tpl->sections[s].items[i]);
	}
	closing(&b);
	free(b.scratch);
	if (b.st != MP_OK)
		return b.st;
	if (out->nomem || (layout && layout->nomem))
		return mp_error_set(err, MP_ERR_NOMEM, NULL);
	return MP_OK;
}

enum mp_status render_body(const struct agreement *ag, char **out, size_t *len,
			   struct mp_error *err)
{
	char hash[TPL_HASH_HEX + 1];
	struct rsrc src = {ag->tpl,
			   ag->tpl_hash,
			   ag->id,
			   ag->version,
			   {ag->parties[0].details, ag->parties[1].details},
			   ag->values};
	struct rbuf b = {0};
	enum mp_status st;

	*out = NULL;
	if (len)
		*len = 0;
	if (!ag->tpl)
		return mp_error_set(err, MP_ERR_INVALID,
				    "agreement %s has no template to render",
				    ag->id);
	if (strlen(ag->tpl_hash) != TPL_HASH_HEX) {
		st = template_hash(ag->tpl, hash, err);
		if (st != MP_OK)
			return st;
		src.hash = hash;
	}
	st = rbody_render(&src, &b, NULL, err);
	if (st != MP_OK) {
		rbuf_free(&b);
		return st;
	}
	*out = b.s;
	if (len)
		*len = b.len;
	return MP_OK;
}
