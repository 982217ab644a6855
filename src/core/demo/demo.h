/*
 * demo.h: a realistic turnover built from real recordings that Debian
 * packages install (see demo/sources.h), laid out the way picture
 * editorial's exports look: dialogue on effects tracks, music wherever
 * there was room, a stereo music file split Premiere-style over two mono
 * tracks, a dual-mono dialogue file on a stereo track, one referenced
 * file missing.  The same packages give the same bytes.
 */
#ifndef TURNOVER_DEMO_H
#define TURNOVER_DEMO_H

#include <stddef.h>

#include "err.h"

struct demo_report {
	char *aaf;		/* path of the AAF written; owned */
	size_t media_written;	/* files written into media/ */
	size_t clips;
	char *missing;		/* name of the file the AAF references but is not there; owned */
};

/*
 * Writes DIR/demo.aaf and DIR/media/ (creating DIR if needed; files of an
 * earlier demo there are replaced, each atomically).  errors: ERR_NOT_FOUND
 * (a package is not installed: the message names it), ERR_IO.
 */
enum err demo_build(const char *dir, struct demo_report *out, struct errbuf *eb);

/* Frees what a report holds. */
void demo_report_release(struct demo_report *r);

#endif
