/* cfbpad.c: appending the FAT sector libgsf declares but does not write. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "aaf/cfbpad.h"
#include "xalloc.h"

/* Header fields (MS-CFB 2.2). */
#define SIGNATURE "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#define OFF_SECTOR_SHIFT 0x1e
#define OFF_FAT_SECTORS 0x2c
#define OFF_DIFAT 0x4c
#define HEADER_DIFAT 109
#define MAX_REGULAR_SECTOR 0xfffffffaU

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t cfbpad_missing(const uint8_t *hdr, uint64_t size)
{
	unsigned shift = (unsigned)hdr[OFF_SECTOR_SHIFT] | (unsigned)hdr[OFF_SECTOR_SHIFT + 1] << 8;
	uint32_t n_fat = le32(hdr + OFF_FAT_SECTORS), top = 0;
	uint64_t ssz, need;

	if (memcmp(hdr, SIGNATURE, 8) != 0 || (shift != 9 && shift != 12))
		return 0;
	ssz = (uint64_t)1 << shift;
	for (uint32_t i = 0; i < n_fat && i < HEADER_DIFAT; i++) {
		uint32_t s = le32(hdr + OFF_DIFAT + 4 * i);

		if (s <= MAX_REGULAR_SECTOR && s + 1 > top)
			top = s + 1;
	}
	need = (top + 1) * ssz;		/* the header takes the first sector's room */
	return need > size && size % ssz == 0 && need - size == ssz ? ssz : 0;
}

enum err cfbpad_file(FILE *f, const char *name, struct errbuf *eb)
{
	uint8_t hdr[CFBPAD_HEADER], fill[4096];
	long end;
	uint64_t add;

	if (fflush(f) != 0 || fseek(f, 0, SEEK_END) != 0 || (end = ftell(f)) < 0)
		return err_set(eb, ERR_IO, "cannot write '%s': %s", name, strerror(errno));
	if (end < CFBPAD_HEADER)
		return ERR_OK;
	if (fseek(f, 0, SEEK_SET) != 0 || fread(hdr, 1, sizeof(hdr), f) != sizeof(hdr))
		return err_set(eb, ERR_IO, "cannot read back '%s': %s", name, strerror(errno));
	add = cfbpad_missing(hdr, (uint64_t)end);
	if (fseek(f, 0, SEEK_END) != 0)
		return err_set(eb, ERR_IO, "cannot write '%s': %s", name, strerror(errno));
	memset(fill, 0xff, sizeof(fill));
	if (add && fwrite(fill, 1, (size_t)add, f) != (size_t)add)
		return err_set(eb, ERR_IO, "cannot write '%s': %s", name, strerror(errno));
	return ERR_OK;
}

void cfbpad_memory(uint8_t **data, size_t *len)
{
	uint64_t add = *len >= CFBPAD_HEADER ? cfbpad_missing(*data, *len) : 0;

	if (!add)
		return;
	*data = xrealloc(*data, *len + (size_t)add);
	memset(*data + *len, 0xff, (size_t)add);
	*len += (size_t)add;
}
