/*
 * render_fixture.h - agreements made in memory for the render tests and
 * the export benchmark: a scheme's template from the source tree, filled
 * with its sample answers (answers_example), then signed by two fresh
 * keys.  No store is involved.  Functions return a status or NULL rather
 * than asserting, so that the benchmark can use them too.
 */
#ifndef MENTORPACT_RENDER_FIXTURE_H
#define MENTORPACT_RENDER_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/agreement.h"
#include "mentorpact/answers.h"
#include "mentorpact/render.h"
#include "mentorpact/sign.h"
#include "mentorpact/template.h"

/* The templates in srcdir/templates (srcdir NULL: the current folder). */
static inline struct tpl_catalog *rf_catalog(const char *srcdir)
{
	char dir[4096], *dirs[1] = {dir};
	struct tpl_path path = {dirs, 1};
	struct tpl_catalog *cat = NULL;
	struct mp_error err;

	snprintf(dir, sizeof(dir), "%s/templates", srcdir ? srcdir : ".");
	if (template_catalog_load(&path, &cat, &err) != MP_OK)
		return NULL;
	return cat;
}

static inline char *rf_dup(const char *s, enum mp_status *st)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		*st = MP_ERR_NOMEM;
	return d;
}

/* Parties and answers from a into ag (whose tpl is a's template). */
static inline enum mp_status rf_fill(struct agreement *ag,
				     const struct answers *a)
{
	enum mp_status st = MP_OK;

	for (int r = 0; r < 2; r++)
		for (int d = 0; d < TPL_DETAIL_COUNT; d++)
			ag->parties[r].details[d] =
			    rf_dup(a->details[r][d], &st);
	for (size_t i = 0; i < a->n_values && i < ag->tpl->n_fields; i++)
		ag->values[i] = rf_dup(a->values[i].value, &st);
	for (size_t s = 0; s < ag->tpl->n_sections; s++)
		ag->confirmed[s] = (unsigned)ag->tpl->sections[s].confirm;
	return st;
}

static inline const struct template *rf_one(void *ctx, const char *scheme)
{
	const struct template *tpl = ctx;

	return strcmp(tpl->id, scheme) ? NULL : tpl;
}

/* A draft of scheme (from cat) with its sample answers, id and version;
 * free it with agreement_free(). */
static inline enum mp_status rf_sample(const struct tpl_catalog *cat,
				       const char *scheme, const char *id,
				       int version, struct agreement **out,
				       struct mp_error *err)
{
	const struct tpl_entry *e = template_catalog_find(cat, scheme);
	struct agreement *ag = calloc(1, sizeof(*ag));
	struct answers *a = NULL;
	enum mp_status st;
	char *yaml = NULL, *canon = NULL;
	size_t len;

	*out = NULL;
	if (!ag || !e) {
		st = ag ? MP_ERR_NOT_FOUND : MP_ERR_NOMEM;
		free(ag);
		return mp_error_set(err, st, "no template %s", scheme);
	}
	st = template_canonical(e->tpl, &canon, &len, err);
	if (st == MP_OK)
		st = template_load_buffer(scheme, canon, len, &ag->tpl, NULL,
					  err);
	free(canon);
	if (st == MP_OK)
		st = template_hash(ag->tpl, ag->tpl_hash, err);
	if (st == MP_OK)
		st = answers_example(ag->tpl, &yaml, &len, err);
	if (st == MP_OK)
		st = answers_load_buffer("example", yaml, len, rf_one, ag->tpl,
					 &a, NULL, err);
	free(yaml);
	if (st == MP_OK) {
		ag->values = calloc(ag->tpl->n_fields + 1, sizeof(char *));
		ag->confirmed =
		    calloc(ag->tpl->n_sections + 1, sizeof(unsigned));
		st =
		    ag->values && ag->confirmed ? rf_fill(ag, a) : MP_ERR_NOMEM;
	}
	answers_free(a);
	memcpy(ag->id, id, strnlen(id, AG_ID_SIZE - 1)); /* ag is zeroed */
	ag->version = version;
	ag->status = AG_READY;
	if (st != MP_OK) {
		agreement_free(ag);
		return st;
	}
	*out = ag;
	return MP_OK;
}

/* Freeze ag's body and sign it as role with kp at utc_time, the way
 * agreement_sign does. */
static inline enum mp_status rf_sign(struct agreement *ag, int role,
				     const struct sign_keypair *kp,
				     const char *utc_time, struct mp_error *err)
{
	struct ag_signature *g = &ag->sigs[role];
	const char *name = ag->parties[role].details[TPL_DETAIL_NAME];
	char tc[512];
	enum mp_status st = MP_OK;

	if (!name)
		name = "Nobody";
	if (!ag->body)
		st = render_body(ag, &ag->body, NULL, err);
	if (st == MP_OK)
		st = render_trusted_comment(ag->id, ag->version,
					    (enum ag_role)role, name, utc_time,
					    tc, sizeof(tc), err);
	if (st == MP_OK)
		st = sign_detached(kp, ag->body, strlen(ag->body), NULL, tc,
				   &g->minisig, err);
	if (st == MP_OK)
		st = sign_pubkey_text(kp->keyid, kp->pk, NULL, &g->pubkey, err);
	if (st == MP_OK) {
		g->name = rf_dup(name, &st);
		g->signed_at = rf_dup(utc_time, &st);
		g->present = true;
	}
	return st;
}

/* Sign as both parties with kps[0] (mentor) and kps[1] (mentee). */
static inline enum mp_status rf_sign_pair(struct agreement *ag,
					  struct sign_keypair *const kps[2],
					  const char *utc_time,
					  struct mp_error *err)
{
	enum mp_status st = rf_sign(ag, AG_MENTOR, kps[0], utc_time, err);

	if (st == MP_OK)
		st = rf_sign(ag, AG_MENTEE, kps[1], utc_time, err);
	if (st == MP_OK)
		ag->status = AG_ACTIVE;
	return st;
}

/* Write len bytes to path; 0 on success. */
static inline int rf_write(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(data, 1, len, f) == len;

	if (f && fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

#endif
