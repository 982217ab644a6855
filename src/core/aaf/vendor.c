/* vendor.c: telling the writing application apart, and dispatching its fix-ups. */
#include "config.h"

#include <string.h>

#include "aaf/vendor.h"

enum vendor vendor_detect(const char *name)
{
	if (!name)
		return VENDOR_UNKNOWN;
	if (strstr(name, "Media Composer"))
		return VENDOR_MEDIA_COMPOSER;
	if (strstr(name, "ProTools") || strstr(name, "Pro Tools"))
		return VENDOR_PRO_TOOLS;
	if (strstr(name, "Premiere"))
		return VENDOR_PREMIERE;
	if (strstr(name, "Resolve"))
		return VENDOR_RESOLVE;
	return VENDOR_UNKNOWN;
}

const char *vendor_product_name(enum vendor v, const char *name)
{
	switch (v) {
	case VENDOR_MEDIA_COMPOSER: return "Media Composer";
	case VENDOR_PRO_TOOLS: return "Pro Tools";
	case VENDOR_PREMIERE: return "Premiere Pro";
	case VENDOR_RESOLVE: return "DaVinci Resolve";
	default: return name ? name : "";
	}
}

void vendor_fixup(enum vendor v, struct session *s, const struct aaf_options *opt)
{
	if (v == VENDOR_PRO_TOOLS)
		vendor_protools_fixup(s, opt);
}
