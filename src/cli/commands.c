/* commands.c - the list of command tables that main.c dispatches over. */
#include <string.h>

#include "cli.h"

const struct cli_command *const cli_command_tables[] = {
	cli_store_commands,
	cli_agreement_commands,
	cli_export_commands,
	cli_admin_commands,
	cli_notes_commands,
	cli_signers_commands,
	cli_forms_commands,
	cli_template_commands,
	cli_session_commands,
	NULL,
};

const struct cli_command *cli_find(const char *name)
{
	for (size_t t = 0; cli_command_tables[t]; t++)
		for (const struct cli_command *c = cli_command_tables[t];
		     c->name; c++)
			if (strcmp(c->name, name) == 0)
				return c;
	return NULL;
}
