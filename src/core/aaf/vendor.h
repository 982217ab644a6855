/*
 * vendor.h: which application wrote an AAF, and the fix-ups each one's
 * habits need after the generic reading (Pro Tools' rendered fades and
 * sample-accurate-edit slivers, …).  Part of the timeline layer.
 */
#ifndef TURNOVER_VENDOR_H
#define TURNOVER_VENDOR_H

#include "aaf/aaf.h"
#include "session.h"

enum vendor {
	VENDOR_UNKNOWN,
	VENDOR_MEDIA_COMPOSER,
	VENDOR_PRO_TOOLS,
	VENDOR_PREMIERE,
	VENDOR_RESOLVE,
	VENDOR_COUNT
};

/* The vendor from an Identification ProductName (NULL: unknown). */
enum vendor vendor_detect(const char *product_name);

/* The product's usual name ("Media Composer", "Pro Tools", …), or the
 * name as written for others ("" for NULL); borrowed. */
const char *vendor_product_name(enum vendor v, const char *product_name);

/* Applies the vendor's fix-ups to a freshly read session. */
void vendor_fixup(enum vendor v, struct session *s, const struct aaf_options *opt);

/* Pro Tools: see vendor_protools.c. */
void vendor_protools_fixup(struct session *s, const struct aaf_options *opt);

#endif
