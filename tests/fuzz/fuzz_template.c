/*
 * fuzz_template.c: libFuzzer target for facility templates: bytes made
 * into a dictionary (fuzz_ini.h) and, as the file's text, used for line
 * numbers; read with template_from_dict().  Never a crash, a leak or a
 * sanitizer report; a template accepted is consistent (a review track of
 * kind review, every rule's kinds with a track, overflow in range).
 */
#include "config.h"

#include <stdlib.h>

#include "fuzz_ini.h"
#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool has_kind(const struct template *t, enum template_kind k)
{
	for (size_t i = 0; i < t->n_tracks; i++)
		if (t->tracks[i].kind == k)
			return true;
	return false;
}

static void check(const struct template *t)
{
	if (!t->n_tracks || t->review >= t->n_tracks ||
	    t->tracks[t->review].kind != TEMPLATE_KIND_REVIEW)
		abort();
	for (size_t i = 0; i < t->n_tracks; i++)
		if (t->tracks[i].overflow < 1 || t->tracks[i].overflow > TEMPLATE_MAX_OVERFLOW ||
		    !t->tracks[i].name)
			abort();
	for (int c = 0; c < CLIP_CLASS_COUNT; c++) {
		if (!t->classes[c].n)
			abort();
		for (size_t k = 0; k < t->classes[c].n; k++)
			if (!has_kind(t, t->classes[c].v[k]))
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dictionary *d = fuzz_ini_dict(data, size);
	char *text = malloc(size + 1);
	struct inifile_report r;
	struct template *t = NULL;
	struct errbuf eb;

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	inifile_report_init(&r);
	errbuf_init(&eb);
	if (template_from_dict(d, "fuzz", text, &t, &r, &eb) == ERR_OK)
		check(t);
	template_free(t);
	inifile_report_release(&r);
	dictionary_del(d);
	free(text);
	return 0;
}
