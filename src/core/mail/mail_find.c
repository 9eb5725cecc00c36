/*
 * mail_find.c - finding signed agreements in plain texts, messages and
 * mboxes.
 *
 * What is given is sniffed: an mbox starts with "From ", a message with
 * header fields, anything else is a plain text.  Messages are read by
 * GMime, which undoes the transfer encodings and the declared charsets;
 * every part that can hold text is searched (a body, its HTML
 * alternative when the plain one holds no agreement, attachments,
 * forwarded messages).  In each text a signed agreement runs from its
 * start line (RENDER_START, or the body's title for exports made before
 * it) to the END line of its signature block; the lines are recognised
 * through "> " quoting, a BOM and spaces at their ends.  Whatever lies
 * around it is counted, reported as not signed, and never judged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "mail_internal.h"
#include "core/render/render_internal.h"

/* Deeper MIME nesting than this is not searched. */
#define DEPTH_MAX 16
/* Bytes of a header read when sniffing what a text is. */
#define SNIFF_MAX 65536

struct scan {
	render_lookup_fn lookup;
	void *lookup_ctx;
	mail_each_fn each;
	void *ctx;
	struct mp_error *err;
	enum mp_status st; /* MP_OK, or the first failure: stop */
	size_t message;	   /* in an mbox: the message's number */
	char prefix[160];  /* "message 3 (Subject: ...)" or "" */
	size_t found;	   /* agreements found in this message */
};

/* --- the lines of a text ------------------------------------------------ */

/* What a line says once quoting, a BOM and spaces around it are put
 * aside: which marker it is, and how deep it is quoted. */
enum marker { M_NONE, M_START, M_TITLE, M_RULE, M_BEGIN, M_END };

static enum marker marker_of(const char *s, size_t n, int *depth)
{
	size_t at = 0;

	*depth = 0;
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		at = 3;
	while (at < n && (s[at] == '>' || s[at] == ' ')) {
		*depth += s[at] == '>';
		at++;
	}
	while (n > at &&
	       (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	s += at, n -= at;
#define IS(line) (n == strlen(line) && !memcmp(s, line, n))
	if (IS(RENDER_START))
		return M_START;
	if (IS(RENDER_BEGIN))
		return M_BEGIN;
	if (IS(RENDER_END))
		return M_END;
	if (IS("MENTORING AGREEMENT"))
		return M_TITLE;
	if (n >= 5 && !memcmp(s, "=====", 5))
		return M_RULE;
#undef IS
	return M_NONE;
}

/* One signed text found in a piece: byte offsets. */
struct span {
	size_t from, to; /* its first byte, the byte after its END line */
	int depth;
	size_t before, after; /* lines of other text around it */
};

struct spans {
	struct span *v;
	size_t n, cap;
};

static bool spans_add(struct spans *s, struct span sp)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4;
		struct span *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return false;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = sp;
	return true;
}

/* Lines holding more than white space in [from, to). */
static size_t text_lines(const char *s, size_t from, size_t to)
{
	size_t lines = 0;
	bool text = false;

	for (size_t i = from; i < to; i++) {
		if (s[i] == '\n') {
			lines += text;
			text = false;
		} else if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') {
			text = true;
		}
	}
	return lines + text;
}

struct cut {
	size_t floor; /* where text not yet in a span starts */
	long start;   /* the span's first line, or -1 */
	int depth;    /* its quoting */
	bool begun;   /* its BEGIN line was seen */
	long title;   /* a title line just seen, or -1 */
	int title_depth;
};

static bool close_span(struct cut *c, struct spans *out, const char *s,
		       size_t to)
{
	size_t from = c->start >= 0 ? (size_t)c->start : c->floor;
	struct span sp = {from, to, c->depth, text_lines(s, c->floor, from), 0};

	if (!spans_add(out, sp))
		return false;
	c->floor = to;
	c->start = -1;
	c->begun = false;
	return true;
}

/* One line [at, end) (end: its LF or the text's end). */
static bool cut_line(struct cut *c, struct spans *out, const char *s, size_t at,
		     size_t end, size_t len)
{
	int depth;
	enum marker m = marker_of(s + at, end - at, &depth);

	if (m == M_RULE && c->title >= 0 && c->start < 0 && !c->begun) {
		c->start = c->title;
		c->depth = c->title_depth;
	}
	c->title = m == M_TITLE ? (long)at : -1;
	c->title_depth = depth;
	if (m == M_START && !c->begun) {
		c->start = (long)at;
		c->depth = depth;
	} else if (m == M_BEGIN) {
		if (c->start < 0)
			c->depth = depth;
		c->begun = true;
	} else if (m == M_END && c->begun) {
		return close_span(c, out, s, end < len ? end + 1 : end);
	}
	return true;
}

/* The signed texts in s: each START (or title) ... END. */
static bool cut_spans(const char *s, size_t len, struct spans *out)
{
	struct cut c = {0, -1, 0, false, -1, 0};

	for (size_t at = 0; at < len;) {
		const char *lf = memchr(s + at, '\n', len - at);
		size_t end = lf ? (size_t)(lf - s) : len;

		if (!cut_line(&c, out, s, at, end, len))
			return false;
		at = end + 1;
	}
	if ((c.start >= 0 || c.begun) && !close_span(&c, out, s, len))
		return false;
	if (out->n)
		out->v[out->n - 1].after = text_lines(s, c.floor, len);
	return true;
}

/* --- judging what was found --------------------------------------------- */

static void set_where(struct mail_found *f, const struct scan *sc,
		      const char *part)
{
	snprintf(f->where, sizeof(f->where), "%s%s%s", sc->prefix,
		 *sc->prefix && *part ? ", " : "", part);
}

/* Judge each signed text of a piece and hand it to the callback. */
static void piece(struct scan *sc, const char *s, size_t len, const char *part,
		  const char *charset, bool mime_text, bool flowed, bool delsp)
{
	struct spans sp = {0};
	struct mail_found *f;

	if (sc->st != MP_OK)
		return;
	if (!cut_spans(s, len, &sp) || !(f = calloc(1, sizeof(*f)))) {
		free(sp.v);
		sc->st = mp_error_set(sc->err, MP_ERR_NOMEM, NULL);
		return;
	}
	for (size_t i = 0; i < sp.n && sc->st == MP_OK; i++) {
		struct mail_seg seg = {s + sp.v[i].from,
				       sp.v[i].to - sp.v[i].from, sp.v[i].depth,
				       flowed, delsp};
		char *owned = NULL;

		memset(f, 0, sizeof(*f));
		set_where(f, sc, part);
		f->message = sc->message;
		f->found = true;
		f->before = sp.v[i].before;
		f->after = sp.v[i].after;
		sc->st = mrepair_judge(&seg, sc->lookup, sc->lookup_ctx, f,
				       &owned, sc->err);
		/* CR LF is how MIME writes the lines of a text part */
		if (mime_text)
			f->repairs &= ~(unsigned)MAIL_FIX_CRLF;
		if (sc->st == MP_OK && charset && f->status == MP_OK) {
			f->repairs |= MAIL_FIX_CHARSET;
			snprintf(f->charset, sizeof(f->charset), "%s", charset);
		}
		if (sc->st == MP_OK) {
			sc->found++;
			sc->st = sc->each(sc->ctx, f);
		}
		agreement_free(f->ag);
		free(owned);
	}
	free(f);
	free(sp.v);
}

/* --- HTML as text ------------------------------------------------------- */

/* The entity at s (after '&', n bytes), appended; its length, or 0. */
static size_t entity(const char *s, size_t n, struct rbuf *out)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {{"lt;", '<'},   {"gt;", '>'},    {"amp;", '&'},
		     {"quot;", '"'}, {"apos;", '\''}, {"nbsp;", ' '}};
	char u[8];

	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (n >= strlen(named[i].name) &&
		    !memcmp(s, named[i].name, strlen(named[i].name))) {
			rbuf_add(out, &named[i].c, 1);
			return strlen(named[i].name);
		}
	if (n > 2 && s[0] == '#') {
		bool hex = s[1] == 'x' || s[1] == 'X';
		size_t k = hex ? 2 : 1;
		unsigned long cp = 0;

		for (; k < n && k < 10 && s[k] != ';'; k++) {
			int d = s[k] >= '0' && s[k] <= '9' ? s[k] - '0'
				: hex && s[k] >= 'a' && s[k] <= 'f'
				    ? s[k] - 'a' + 10
				: hex && s[k] >= 'A' && s[k] <= 'F'
				    ? s[k] - 'A' + 10
				    : -1;
			if (d < 0)
				return 0;
			cp = cp * (hex ? 16 : 10) + (unsigned long)d;
		}
		if (k >= n || s[k] != ';' || !cp || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp < 0xE000))
			return 0;
		if (cp < 0x80) {
			u[0] = (char)cp;
			rbuf_add(out, u, 1);
		} else if (cp < 0x800) {
			u[0] = (char)(0xC0 | cp >> 6);
			u[1] = (char)(0x80 | (cp & 0x3F));
			rbuf_add(out, u, 2);
		} else if (cp < 0x10000) {
			u[0] = (char)(0xE0 | cp >> 12);
			u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
			u[2] = (char)(0x80 | (cp & 0x3F));
			rbuf_add(out, u, 3);
		} else {
			u[0] = (char)(0xF0 | cp >> 18);
			u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
			u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
			u[3] = (char)(0x80 | (cp & 0x3F));
			rbuf_add(out, u, 4);
		}
		return k + 1;
	}
	return 0;
}

/* The name of the tag in [s, s+n) ("br", "/div"), lowercased, in buf. */
static void tag_name(const char *s, size_t n, char *buf, size_t size)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < size; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      (c == '/' && i == 0)))
			break;
		buf[k++] = c;
	}
	buf[k] = '\0';
}

/* Where the element skipped from s (after its start tag) ends: past
 * "</name>", or n. */
static size_t skip_element(const char *s, size_t n, const char *name)
{
	char close[16];
	size_t k;

	k = (size_t)snprintf(close, sizeof(close), "</%s", name);
	for (size_t i = 0; i + k <= n; i++)
		if (s[i] == '<' && !strncasecmp(s + i, close, k)) {
			const char *gt = memchr(s + i, '>', n - i);

			return gt ? (size_t)(gt - s) + 1 : n;
		}
	return n;
}

/* One tag at s[0] == '<'; its length. */
static size_t html_tag(const char *s, size_t n, bool *pre, struct rbuf *out)
{
	const char *gt = memchr(s, '>', n);
	size_t end = gt ? (size_t)(gt - s) + 1 : n;
	char name[16];

	tag_name(s + 1, end - 1, name, sizeof(name));
	if (!strcmp(name, "br") || !strcmp(name, "/p") ||
	    !strcmp(name, "/div") || !strcmp(name, "/li") ||
	    !strcmp(name, "/tr") || !strcmp(name, "/blockquote"))
		rbuf_add(out, "\n", 1);
	else if (!strcmp(name, "pre"))
		*pre = true;
	else if (!strcmp(name, "/pre"))
		*pre = false;
	else if (!strcmp(name, "head") || !strcmp(name, "style") ||
		 !strcmp(name, "script") || !strcmp(name, "title"))
		end += skip_element(s + end, n - end, name);
	return end;
}

/* The text of an HTML part: tags dropped, line breaks from <br> and block
 * ends (and raw line ends inside <pre>), entities decoded. */
static void html_text(const char *s, size_t n, struct rbuf *out)
{
	bool pre = false;

	for (size_t i = 0; i < n;) {
		size_t k;

		if (s[i] == '<') {
			i += html_tag(s + i, n - i, &pre, out);
		} else if (s[i] == '&' &&
			   (k = entity(s + i + 1, n - i - 1, out))) {
			i += k + 1;
		} else {
			if (s[i] != '\r' && (s[i] != '\n' || pre))
				rbuf_add(out, s + i, 1);
			i++;
		}
	}
}

/* --- messages ---------------------------------------------------------- */

static bool is_type(GMimeObject *o, const char *type, const char *sub)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);

	return ct && g_mime_content_type_is_type(ct, type, sub);
}

static bool param_is(GMimeObject *o, const char *name, const char *value)
{
	const char *v = g_mime_object_get_content_type_parameter(o, name);

	return v && !g_ascii_strcasecmp(v, value);
}

/* A memory stream holding the decoded content of a part, in its declared
 * charset converted to UTF-8 when it is text (*charset names that
 * charset, or is NULL); NULL when the part has none.  Unref it. */
static GMimeStream *content(GMimePart *part, const char **charset)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	GMimeObject *o = GMIME_OBJECT(part);
	const char *cs = g_mime_object_get_content_type_parameter(o, "charset");
	GMimeStream *mem, *to;
	GMimeFilter *conv = NULL;

	*charset = NULL;
	if (!dw)
		return NULL;
	mem = g_mime_stream_mem_new();
	to = mem;
	if (cs && is_type(o, "text", "*") && g_ascii_strcasecmp(cs, "utf-8") &&
	    g_ascii_strcasecmp(cs, "us-ascii") &&
	    (conv = g_mime_filter_charset_new(cs, "UTF-8"))) {
		to = g_mime_stream_filter_new(mem);
		g_mime_stream_filter_add(GMIME_STREAM_FILTER(to), conv);
		g_object_unref(conv);
		*charset = cs;
	}
	g_mime_data_wrapper_write_to_stream(dw, to);
	g_mime_stream_flush(to);
	if (to != mem)
		g_object_unref(to);
	return mem;
}

static bool has_high(const guint8 *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 0x80)
			return true;
	return false;
}

/* A leaf part: search its text. */
static void leaf(struct scan *sc, GMimePart *part)
{
	GMimeObject *o = GMIME_OBJECT(part);
	const char *name = g_mime_part_get_filename(part), *cs;
	bool html = is_type(o, "text", "html");
	char what[200];
	GMimeStream *mem;
	char *shown;
	GByteArray *b;

	if (is_type(o, "image", "*") || is_type(o, "audio", "*") ||
	    is_type(o, "video", "*") || !(mem = content(part, &cs)))
		return;
	b = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	shown = name ? rtext_clean(name, strlen(name), false) : NULL;
	if (shown)
		snprintf(what, sizeof(what), "attachment %.120s", shown);
	else
		snprintf(what, sizeof(what), "%s",
			 html ? "the HTML body" : "the body");
	free(shown);
	if (!has_high(b->data, b->len))
		cs = NULL;
	if (html) {
		struct rbuf t = {0};

		html_text((const char *)b->data, b->len, &t);
		if (t.nomem)
			sc->st = mp_error_set(sc->err, MP_ERR_NOMEM, NULL);
		else
			piece(sc, t.s ? t.s : "", t.len, what, cs, true, false,
			      false);
		rbuf_free(&t);
	} else {
		piece(sc, (const char *)b->data, b->len, what, cs,
		      is_type(o, "text", "*"), param_is(o, "format", "flowed"),
		      param_is(o, "delsp", "yes"));
	}
	g_object_unref(mem);
}

static void walk(struct scan *sc, GMimeObject *o, int depth);

/* A multipart: each part; in an alternative, HTML only when the other
 * forms hold no agreement. */
static void multipart(struct scan *sc, GMimeMultipart *mp, int depth)
{
	bool alt = is_type(GMIME_OBJECT(mp), "multipart", "alternative");
	size_t before = sc->found;
	int n = g_mime_multipart_get_count(mp);

	for (int pass = 0; pass < (alt ? 2 : 1); pass++)
		for (int i = 0; i < n && sc->st == MP_OK; i++) {
			GMimeObject *p = g_mime_multipart_get_part(mp, i);
			bool html = p && is_type(p, "text", "html");

			if (alt && html != (pass == 1))
				continue;
			if (alt && pass == 1 && sc->found > before)
				return;
			if (p)
				walk(sc, p, depth + 1);
		}
}

static void walk(struct scan *sc, GMimeObject *o, int depth)
{
	if (!o || depth > DEPTH_MAX || sc->st != MP_OK)
		return;
	if (GMIME_IS_MESSAGE_PART(o)) {
		GMimeMessage *m =
		    g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));

		if (m)
			walk(sc, g_mime_message_get_mime_part(m), depth + 1);
	} else if (GMIME_IS_MULTIPART(o)) {
		multipart(sc, GMIME_MULTIPART(o), depth);
	} else if (GMIME_IS_PART(o)) {
		leaf(sc, GMIME_PART(o));
	}
}

static void message(struct scan *sc, GMimeMessage *m)
{
	const char *subject = g_mime_message_get_subject(m);
	char *shown =
	    subject ? rtext_clean(subject, strlen(subject), false) : NULL;

	if (sc->message)
		snprintf(sc->prefix, sizeof(sc->prefix), "message %zu%s%.80s%s",
			 sc->message, shown ? " (" : "", shown ? shown : "",
			 shown ? ")" : "");
	free(shown);
	sc->found = 0;
	walk(sc, g_mime_message_get_mime_part(m), 0);
	if (sc->st == MP_OK && !sc->found) {
		struct mail_found *f = calloc(1, sizeof(*f));

		if (!f) {
			sc->st = mp_error_set(sc->err, MP_ERR_NOMEM, NULL);
			return;
		}
		set_where(f, sc, "");
		f->message = sc->message;
		sc->st = sc->each(sc->ctx, f);
		free(f);
	}
}

/* --- what the bytes are --------------------------------------------------- */

enum kind { K_PLAIN, K_MESSAGE, K_MBOX };

/* A header field's name at s, then ':'. */
static size_t field_name(const char *s, size_t n)
{
	size_t k = 0;

	while (k < n && s[k] > ' ' && s[k] < 127 && s[k] != ':')
		k++;
	return k && k < n && s[k] == ':' ? k : 0;
}

static enum kind sniff(const char *s, size_t n)
{
	static const char *const known[] = {
	    "from",	   "to",	   "subject",	   "date",
	    "message-id",  "mime-version", "content-type", "received",
	    "return-path", "delivered-to", "reply-to",	   "cc",
	};
	size_t at = 0;

	if (n >= 5 && !memcmp(s, "From ", 5))
		return K_MBOX;
	if (n > SNIFF_MAX)
		n = SNIFF_MAX;
	if (!field_name(s, n))
		return K_PLAIN;
	while (at < n && s[at] != '\n' && s[at] != '\r') {
		size_t k = field_name(s + at, n - at);
		const char *lf;

		for (size_t i = 0; k && i < sizeof(known) / sizeof(*known); i++)
			if (k == strlen(known[i]) &&
			    !g_ascii_strncasecmp(s + at, known[i], k))
				return K_MESSAGE;
		lf = memchr(s + at, '\n', n - at);
		if (!lf)
			break;
		at = (size_t)(lf - s) + 1;
		while (at < n && (s[at] == ' ' || s[at] == '\t')) {
			lf = memchr(s + at, '\n', n - at);
			if (!lf)
				return K_PLAIN;
			at = (size_t)(lf - s) + 1;
		}
		if (at < n && s[at] != '\n' && s[at] != '\r' &&
		    !field_name(s + at, n - at))
			return K_PLAIN;
	}
	return K_PLAIN;
}

/* A plain text: its signed texts; when it holds none, it is judged
 * whole, so that the report says why (no block, not an agreement). */
static void plain(struct scan *sc, const char *s, size_t len)
{
	struct mail_found *f;
	struct mail_seg seg = {s, len, 0, false, false};
	char *owned = NULL;

	piece(sc, s, len, "", NULL, false, false, false);
	if (sc->st != MP_OK || sc->found)
		return;
	if (!(f = calloc(1, sizeof(*f)))) {
		sc->st = mp_error_set(sc->err, MP_ERR_NOMEM, NULL);
		return;
	}
	sc->st = mrepair_judge(&seg, NULL, NULL, f, &owned, sc->err);
	/* no block and no agreement's title: not an agreement at all */
	f->found = f->status != MP_ERR_VERIFY || f->report.body_read ||
		   !f->report.n_issues ||
		   f->report.issues[0].kind != RENDER_NO_BLOCK;
	if (sc->st == MP_OK)
		sc->st = sc->each(sc->ctx, f);
	agreement_free(f->ag);
	free(owned);
	free(f);
}

/* The messages in data, each searched; how many could be read. */
static size_t messages(struct scan *sc, const char *data, size_t len,
		       enum kind kind)
{
	size_t read = 0;

	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data, len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);

	g_object_unref(stream);
	g_mime_parser_set_format(parser, kind == K_MBOX ? GMIME_FORMAT_MBOX
							: GMIME_FORMAT_MESSAGE);
	while (sc->st == MP_OK && !g_mime_parser_eos(parser)) {
		GMimeMessage *m = g_mime_parser_construct_message(parser, NULL);

		if (!m)
			break;
		read++;
		if (kind == K_MBOX)
			sc->message++;
		message(sc, m);
		g_object_unref(m);
		if (kind == K_MESSAGE)
			break;
	}
	g_object_unref(parser);
	return read;
}

enum mp_status mail_scan(const char *data, size_t len, render_lookup_fn lookup,
			 void *lookup_ctx, mail_each_fn each, void *ctx,
			 struct mp_error *err)
{
	static bool ready;
	struct scan sc = {lookup, lookup_ctx, each, ctx, err, MP_OK, 0, "", 0};
	enum kind kind = sniff(data, len);

	if (kind == K_PLAIN) {
		plain(&sc, data, len);
		return sc.st;
	}
	if (!ready) {
		g_mime_init();
		ready = true;
	}
	/* not readable as mail after all: search it as text */
	if (!messages(&sc, data, len, kind) && sc.st == MP_OK)
		plain(&sc, data, len);
	return sc.st;
}
