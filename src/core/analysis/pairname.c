/* pairname.c: side markers of split stereo names (see pairname.h). */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis/pairname.h"
#include "xalloc.h"

struct marker_pair {
	const char *left, *right;
	enum pairname_kind kind;
};

/* Longer markers first, so "Left" is not read as "t" after "Lef". */
static const struct marker_pair markers[] = {
	{ "Track 1", "Track 2", PAIRNAME_TRACK },
	{ "Left", "Right", PAIRNAME_LR },
	{ "Ch1", "Ch2", PAIRNAME_CHANNEL },
	{ "Lt", "Rt", PAIRNAME_LR },
	{ "A1", "A2", PAIRNAME_CHANNEL },
	{ "L", "R", PAIRNAME_LR },
};

/* Extensions that are taken off before looking for a marker. */
static const char *const audio_ext[] = {
	"wav", "wave", "bwf", "aif", "aiff", "aifc", "flac", "mxf", "rf64", "w64", "caf",
	"ogg", "mp3", "m4a",
};

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/'), *b = strrchr(path, '\\');

	if (b && (!s || b > s))
		s = b;
	return s ? s + 1 : path;
}

/* Length of name without an audio extension (and its dot). */
static size_t stem_len(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (!dot || dot == name)
		return strlen(name);
	for (size_t i = 0; i < sizeof(audio_ext) / sizeof(audio_ext[0]); i++)
		if (!strcasecmp(dot + 1, audio_ext[i]))
			return (size_t)(dot - name);
	return strlen(name);
}

static bool is_sep(char c)
{
	return c == '.' || c == '_' || c == '-' || c == ' ';
}

/* Length of the base before marker m at the end of the stem s (n bytes),
 * with its separator; -1 when s does not end in separator + m. */
static long marker_base(const char *s, size_t n, const char *m)
{
	size_t ml = strlen(m);

	if (n < ml + 2 || strncasecmp(s + n - ml, m, ml) || !is_sep(s[n - ml - 1]))
		return -1;
	return (long)(n - ml - 1);
}

/* Whether stems a (na) and b (nb) are base+sep+ma and base+sep+mb. */
static bool halves(const char *a, size_t na, const char *ma, const char *b, size_t nb,
		   const char *mb)
{
	long ba = marker_base(a, na, ma), bb = marker_base(b, nb, mb);

	return ba > 0 && ba == bb && !memcmp(a, b, (size_t)ba + 1);
}

enum pairname_kind pairname_match(const char *a, const char *b, int *a_is_left)
{
	size_t na, nb;

	if (a_is_left)
		*a_is_left = 0;
	if (!a || !b)
		return PAIRNAME_NONE;
	a = base_name(a);
	b = base_name(b);
	na = stem_len(a);
	nb = stem_len(b);
	if (strcasecmp(a + na, b + nb))		/* extensions differ */
		return PAIRNAME_NONE;
	for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
		const struct marker_pair *m = &markers[i];

		if (halves(a, na, m->left, b, nb, m->right)) {
			if (a_is_left)
				*a_is_left = 1;
			return m->kind;
		}
		if (halves(a, na, m->right, b, nb, m->left))
			return m->kind;
	}
	return PAIRNAME_NONE;
}

char *pairname_base(const char *name)
{
	size_t n;

	if (!name)
		return NULL;
	name = base_name(name);
	n = stem_len(name);
	for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
		long b = marker_base(name, n, markers[i].left);

		if (b > 0) {
			char *out = xmalloc((size_t)b + strlen(name + n) + 1);

			memcpy(out, name, (size_t)b);
			strcpy(out + b, name + n);
			return out;
		}
	}
	return NULL;
}
