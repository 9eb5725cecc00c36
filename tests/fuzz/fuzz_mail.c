/*
 * fuzz_mail.c - libFuzzer target for the mail intake: the sniffing of
 * plain texts, messages and mboxes, GMime's reading of MIME, the HTML
 * reader, the cutting of signed texts out of their parts, and every
 * candidate repair (a fuzzer can hardly forge a signature, so each
 * signed text found goes through the whole bounded set of candidates).
 * Seeds: an export, a reply quoting one, a base64 attachment, a flowed
 * and an HTML body, an mbox, in tests/fuzz/corpus/mail/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mentorpact/mail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touch everything a caller reads, so that the sanitizers see it. */
static enum mp_status each(void *ctx, struct mail_found *f)
{
	size_t *sum = ctx;
	char said[1200];

	mail_repairs_text(f, said, sizeof(said));
	*sum += strlen(said) + strlen(f->where) + f->before + f->after;
	if (f->found && f->text)
		for (size_t i = 0; i < f->len; i++)
			*sum += (unsigned char)f->text[i];
	for (size_t i = 0; i < f->report.n_issues; i++)
		*sum += strlen(f->report.issues[i].message);
	return MP_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mp_error err;
	size_t sum = 0;
	char *copy = malloc(size + 1);

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	(void)mail_scan(copy, size, NULL, NULL, each, &sum, &err);
	free(copy);
	return 0;
}
