/*
 * fuzz_parse.c - libFuzzer target for reading signed agreements back.
 *
 * Each input goes through render_parse (splitting, the signature block,
 * base64, minisign parsing and verification, the report), through the
 * body's header reader, and, since a fuzzer can hardly forge a signature,
 * straight into the body reader too, with the template the body names.
 * The templates are the source tree's, loaded once from "templates" in
 * the current folder (tests/run.sh runs fuzzers from the repository);
 * without them the body reader is skipped.  Seeds: real exports in
 * tests/fuzz/corpus/parse/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/render/render_internal.h"
#include "mentorpact/render.h"
#include "mentorpact/template.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct tpl_catalog *cat;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char dir[] = "templates";
	char *dirs[1] = {dir};
	struct tpl_path path = {dirs, 1};
	struct mp_error err;

	(void)argc;
	(void)argv;
	if (template_catalog_load(&path, &cat, &err) != MP_OK)
		cat = NULL;
	return 0;
}

/* The body reader on its own: any header it reads is taken as true. */
static void read_body(const char *text, size_t size)
{
	struct render_report rep;
	const struct template *tpl;
	struct agreement *ag = NULL;
	struct mp_error err;

	memset(&rep, 0, sizeof(rep));
	if (!cat || rcheck_header(text, size, &rep, &err) != MP_OK)
		return;
	tpl = render_catalog_lookup(cat, rep.scheme_id, rep.tpl_hash);
	if (tpl && rparse_body(tpl, &rep, text, size, NULL, &ag, &err) == MP_OK)
		agreement_free(ag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct render_report rep;
	struct render_trusted tc;
	struct agreement *ag = NULL;
	struct mp_error err;
	char *line;

	if (render_parse(text, size, cat ? render_catalog_lookup : NULL, cat,
			 &ag, &rep, &err) == MP_OK)
		agreement_free(ag);
	if (rep.status == MP_OK && rep.n_issues)
		__builtin_trap(); /* a clean report has no issues */
	/* The body of a whole export is what comes before its block. */
	for (size_t i = 0; i + sizeof(RENDER_BEGIN) <= size; i++)
		if (!memcmp(text + i, "\n" RENDER_BEGIN,
			    sizeof(RENDER_BEGIN))) {
			read_body(text, i + 1);
			break;
		}
	read_body(text, size);
	line = strndup(text, size < 600 ? size : 600);
	if (line) {
		render_trusted_parse(line, &tc, &err);
		free(line);
	}
	return 0;
}
