/*
 * admin_settings.c - the administrator's settings command: each scheme's
 * return address and retention, shown, set, unset and read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "mentorpact/admin.h"
#include "mentorpact/agreement.h"
#include "mentorpact/store.h"
#include "mentorpact/template.h"

/* --- settings ------------------------------------------------------------- */

static int load_catalog(struct tpl_catalog **cat, struct mp_error *err)
{
	struct tpl_path path;

	*cat = NULL;
	if (template_search_path(&path, err) != MP_OK)
		return -1;
	if (template_catalog_load(&path, cat, err) != MP_OK) {
		template_path_free(&path);
		return -1;
	}
	template_path_free(&path);
	return 0;
}

static void print_setting(void *ctx, const char *key, const char *value)
{
	(*(long *)ctx)++;
	printf("%-32s %s\n", key, value);
}

/* Each scheme's return address and the retention in force. */
static int print_schemes(struct store *st, const struct tpl_catalog *cat)
{
	struct mp_error err;

	printf("\n%-18s %-30s %s\n", "SCHEME", "RETURNED TO",
	       "KEPT AFTER THE END");
	for (size_t i = 0; i < cat->count; i++) {
		const struct template *t = cat->entries[i].tpl;
		struct tpl_duration d;
		char *address = NULL, when[64];
		bool set;
		if (admin_return_address(st, t->id, &address, &err) != MP_OK ||
		    agreement_retention(st, t, &d, &set, &err) != MP_OK) {
			free(address);
			return cli_fail(&err);
		}
		template_duration_format(&d, when, sizeof(when));
		printf("%-18s %-30s %s%s\n", t->id, or_dash(address),
		       d.unit == TPL_UNIT_NONE ? "no limit (never purged)"
					       : when,
		       d.unit == TPL_UNIT_NONE ? ""
		       : set		       ? " (setting)"
					       : " (template)");
		free(address);
	}
	return 0;
}

static int settings_show(struct store *st)
{
	struct tpl_catalog *cat;
	struct mp_error err;
	long n = 0;
	int rc;

	printf("%-32s %s\n", "KEY", "VALUE");
	if (admin_settings_list(st, print_setting, &n, &err) != MP_OK)
		return cli_fail(&err);
	if (n == 0)
		printf("(none set)\n");
	if (load_catalog(&cat, &err) != 0)
		return cli_fail(&err);
	rc = print_schemes(st, cat);
	template_catalog_free(cat);
	return rc;
}

/* A key naming a scheme that exists, in the templates or the store. */
static int check_scheme(struct store *st, const char *key)
{
	struct tpl_catalog *cat;
	enum admin_setting_kind kind;
	struct mp_error err;
	const char *scheme;
	bool found = false;

	if (admin_setting_parse(key, &kind, &scheme, &err) != MP_OK ||
	    load_catalog(&cat, &err) != 0)
		return cli_fail(&err);
	found = template_catalog_find(cat, scheme) != NULL;
	template_catalog_free(cat);
	if (!found && admin_scheme_in_store(st, scheme, &found, &err) != MP_OK)
		return cli_fail(&err);
	if (found)
		return 0;
	mp_error_set(&err, MP_ERR_NOT_FOUND,
		     "there is no scheme '%s' among the templates or the "
		     "stored agreements; 'mentorpact templates list' shows "
		     "the schemes",
		     scheme);
	return cli_fail(&err);
}

static int settings_change(struct store *st, int argc, char **argv)
{
	struct mp_error err;
	char *value = NULL;
	long n = 0;
	int rc;
	int set = strcmp(argv[0], "set") == 0;

	if ((rc = check_scheme(st, argv[1])))
		return rc;
	if (set ? admin_setting_set(st, argv[1], argv[2], &n, &err)
		: admin_setting_unset(st, argv[1], &n, &err))
		return cli_fail(&err);
	if (set && admin_setting_get(st, argv[1], &value, &err) != MP_OK)
		return cli_fail(&err);
	if (set)
		printf("%s = %s\n", argv[1], value);
	else
		printf("%s is no longer set\n", argv[1]);
	if (n)
		printf("the keep-until dates of %ld ended agreement version%s "
		       "were worked out again\n",
		       n, n == 1 ? "" : "s");
	free(value);
	(void)argc;
	return 0;
}

static int settings_get(struct store *st, const char *key)
{
	enum admin_setting_kind kind;
	const char *scheme;
	struct mp_error err;
	char *value = NULL;

	if (admin_setting_parse(key, &kind, &scheme, &err) != MP_OK ||
	    admin_setting_get(st, key, &value, &err) != MP_OK)
		return cli_fail(&err);
	if (!value) {
		mp_error_set(&err, MP_ERR_NOT_FOUND, "%s is not set", key);
		return cli_fail(&err);
	}
	printf("%s\n", value);
	free(value);
	return 0;
}

int cmd_settings(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *cmd = CMD("settings");
	const char *verb = argc > 1 ? argv[1] : "";
	struct mp_error err;
	struct store *st;
	int rc, want = !strcmp(verb, "set")	? 4
		       : !strcmp(verb, "unset") ? 3
		       : !strcmp(verb, "get")	? 3
						: 1;

	if (argc > 1 && want == 1)
		return cli_usage(cmd,
				 "unknown settings command '%s' (set, "
				 "unset or get)",
				 verb);
	if (argc != want)
		return cli_usage(cmd, "settings %s takes %s", verb,
				 want == 4 ? "KEY VALUE" : "KEY");
	if (cli_open_store(ctx, &st, &err) != MP_OK)
		return cli_fail(&err);
	if (argc == 1)
		rc = settings_show(st);
	else if (!strcmp(verb, "get"))
		rc = settings_get(st, argv[2]);
	else
		rc = settings_change(st, argc - 1, argv + 1);
	store_close(st);
	return rc;
}
