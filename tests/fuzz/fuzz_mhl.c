/*
 * fuzz_mhl.c: libFuzzer target for the hash-list reader: any bytes either
 * read as a list or are refused; a list that reads is written again, and
 * what we write reads back to the same entries.  Never a crash, a leak or
 * a sanitizer report.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "prep/mhl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Our own output of m must read back entry for entry. */
static void round_trip(struct mhl *m)
{
	struct mhl *back = NULL;
	struct errbuf eb;
	size_t len;
	char *xml;

	/* only complete entries are written as they are */
	for (size_t i = 0; i < m->n_entries; i++)
		m->entries[i].has_size = m->entries[i].has_mtime = m->entries[i].has_xxh64 =
			m->entries[i].has_xxh128 = true;
	xml = mhl_format(m, "fuzz", &len);
	errbuf_init(&eb);
	if (mhl_parse(xml, len, &back, &eb) != ERR_OK || back->n_entries != m->n_entries)
		abort();
	for (size_t i = 0; i < m->n_entries; i++) {
		const struct mhl_entry *a = &m->entries[i], *b = &back->entries[i];

		if (strcmp(a->file, b->file) || a->d.size != b->d.size || a->d.xxh64 != b->d.xxh64 ||
		    a->d.xxh128_hi != b->d.xxh128_hi || a->d.xxh128_lo != b->d.xxh128_lo)
			abort();
	}
	mhl_free(back);
	free(xml);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mhl *m = NULL;
	struct errbuf eb;
	enum err e;

	errbuf_init(&eb);
	e = mhl_parse((const char *)data, size, &m, &eb);
	if (e != ERR_OK && e != ERR_INVALID)
		abort();
	if (e == ERR_OK)
		round_trip(m);
	mhl_free(m);
	return 0;
}
