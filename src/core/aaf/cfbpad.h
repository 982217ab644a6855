/*
 * cfbpad.h: a repair for compound files written by libgsf 1.14.50 with
 * 4096-byte sectors.  Past about 512 KiB it declares one more FAT sector
 * in the header than it writes (the last one, beyond the end of the
 * file), and its own reader then refuses the file ("Inconsistent block
 * allocation table").  The sector it leaves out holds only free entries,
 * so appending it (all bytes 0xFF, FREESECT) makes the file whole.
 *
 * Part of the writer (cfbw.c); depends on libc only.
 */
#ifndef TURNOVER_CFBPAD_H
#define TURNOVER_CFBPAD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

/* Bytes of the compound file header cfbpad_missing() reads. */
#define CFBPAD_HEADER 512

/*
 * The bytes to append to a compound file of size bytes whose header is
 * hdr (CFBPAD_HEADER bytes) so that every FAT sector the header lists is
 * inside the file; 0 when none are missing, or when hdr is not a compound
 * file header.
 */
uint64_t cfbpad_missing(const uint8_t *hdr, uint64_t size);

/* Repairs the file open in f (read and write, any position; left at its
 * end).  errors: ERR_IO. */
enum err cfbpad_file(FILE *f, const char *name, struct errbuf *eb);

/* Repairs the image in *data (*len bytes, allocated with xmalloc), which
 * may be reallocated. */
void cfbpad_memory(uint8_t **data, size_t *len);

#endif
