/*
 * forms_schema.c - the forms' own part of the schema's step 8 (after
 * records_schema.c's 8.1 to 8.5): an index that lets the evaluation read
 * the free text of one shared form without reading every entry.
 */
#include "forms_internal.h"

static const struct store_step forms_steps[] = {
    /* 8.6: the entries of one scheme's form, by stage. */
    {8, 6,
     "CREATE INDEX form_entries_by_form"
     "  ON form_entries(scheme, form, stage);",
     NULL},
};
STORE_STEPS(forms_steps)
