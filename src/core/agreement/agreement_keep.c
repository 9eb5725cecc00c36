/*
 * agreement_keep.c - how long an agreement's records are kept: the
 * retention of its scheme (the template's, or the administrator's
 * retention.SCHEME setting) and the keep-until date an ended agreement
 * gets.  Part of the agreement model: ending an agreement (agreement_end.c)
 * and the administrator's purge both ask here.
 */
#include <stdio.h>
#include <stdlib.h>

#include "agreement_internal.h"

/* The longest scheme id a setting's key is made for. */
#define SCHEME_MAX 64

enum mp_status agreement_retention_parse(const char *value,
					 struct tpl_duration *d,
					 struct mp_error *err)
{
	if (template_duration_parse(value, d) != MP_OK ||
	    d->unit < TPL_UNIT_DAY)
		return mp_error_set(err, MP_ERR_INVALID,
				    "a retention must be a number of days, "
				    "weeks, months or years, such as '1 year' "
				    "or '18 months', not '%s'",
				    value);
	return MP_OK;
}

enum mp_status agreement_retention(struct store *st, const struct template *tpl,
				   struct tpl_duration *out, bool *overridden,
				   struct mp_error *err)
{
	char key[sizeof("retention.") + SCHEME_MAX], *value = NULL;
	enum mp_status s;

	snprintf(key, sizeof(key), "retention.%s", tpl->id);
	*out = tpl->facts.retention_after_end;
	*overridden = false;
	if ((s = store_setting_get(st, key, &value, err)) != MP_OK || !value)
		return s;
	s = agreement_retention_parse(value, out, err);
	*overridden = s == MP_OK;
	free(value);
	return s;
}

enum mp_status agreement_kept_until(struct store *st,
				    const struct template *tpl,
				    const char *ended, char kept[11],
				    struct mp_error *err)
{
	struct tpl_duration d;
	bool overridden;
	enum mp_status s = agreement_retention(st, tpl, &d, &overridden, err);

	kept[0] = '\0';
	if (s != MP_OK || d.unit == TPL_UNIT_NONE)
		return s;
	if (ag_date_add(ended, &d, kept) != MP_OK)
		return mp_error_set(err, MP_ERR_INVALID,
				    "cannot work out the keep-until date from "
				    "the end date '%s'",
				    ended);
	return MP_OK;
}
