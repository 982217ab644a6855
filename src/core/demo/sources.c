/* sources.c: reading the demo's recordings from installed packages. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo/sources.h"
#include "xalloc.h"

/* The catalogue is some 13 MB; anything much larger is not OpenSFX. */
#define CAT_MAX_BYTES (64u << 20)

static char *installed(const char *path)
{
	const char *root = getenv("TURNOVER_DEMO_ROOT");

	return xasprintf("%s%s", root ? root : "", path);
}

static enum err need_package(const char *path, const char *package, struct errbuf *eb)
{
	return err_set(eb, ERR_NOT_FOUND, "'%s' is missing: install the Debian package '%s'",
		       path, package);
}

static enum err load_packaged(const char *rel, const char *package, struct pcm *out,
			      struct errbuf *eb)
{
	char *path = installed(rel);
	enum err e;

	if (access(path, R_OK) != 0) {
		e = need_package(path, package, eb);
		free(path);
		return e;
	}
	e = pcm_load_file(path, (int64_t)48000 * 600, out, eb);
	free(path);
	return e;
}

enum err sources_word(const char *lang, const char *name, struct pcm *out, struct errbuf *eb)
{
	char *rel = xasprintf(SOURCES_WORDS "/%s/%s.ogg", lang, name);
	enum err e = load_packaged(rel, "ktuberling-data", out, eb);

	free(rel);
	if (!e)
		pcm_to_mono(out);
	return e;
}

enum err sources_music(const char *name, struct pcm *out, struct errbuf *eb)
{
	char *rel = xasprintf(SOURCES_MUSIC "/%s", name);
	enum err e = load_packaged(rel, "a7xpg-data", out, eb);

	free(rel);
	return e;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static enum err read_all(const char *path, unsigned char **data, size_t *len, struct errbuf *eb)
{
	FILE *fp = fopen(path, "rb");
	long size;

	*data = NULL;
	if (!fp)
		return need_package(path, "openttd-opensfx", eb);
	if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) <= 0 || size > (long)CAT_MAX_BYTES ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fclose(fp);
		return err_set(eb, ERR_MEDIA_UNREADABLE, "'%s': not an OpenSFX catalogue", path);
	}
	*data = xmalloc((size_t)size);
	*len = fread(*data, 1, (size_t)size, fp);
	fclose(fp);
	return ERR_OK;
}

/*
 * The catalogue: a table of (u32 offset | 0x80000000, u32 size) pairs, the
 * first offset giving the table's length; at each offset a length byte,
 * the sound's name and credit, then size bytes of a WAV file.  Finds the
 * WAV of sound index; false when the catalogue does not have it.
 */
static bool cat_entry(const unsigned char *cat, size_t len, int index, size_t *off, size_t *size)
{
	size_t count, o, n;

	if (len < 8 || index < 0)
		return false;
	count = (le32(cat) & 0x7FFFFFFFu) / 8;
	if ((size_t)index >= count || (size_t)index * 8 + 8 > len)
		return false;
	o = le32(cat + index * 8) & 0x7FFFFFFFu;
	n = le32(cat + index * 8 + 4);
	if (o >= len || cat[o] + 1u > len - o || n > len - o - 1 - cat[o])
		return false;
	*off = o + 1u + cat[o];
	*size = n;
	return true;
}

enum err sources_sfx(int index, struct pcm *out, struct errbuf *eb)
{
	char *path = installed(SOURCES_SFX_CAT);
	unsigned char *cat;
	size_t len = 0, off = 0, size = 0;
	enum err e = read_all(path, &cat, &len, eb);

	if (!e && !cat_entry(cat, len, index, &off, &size))
		e = err_set(eb, ERR_MEDIA_UNREADABLE, "'%s': sound %d not in the catalogue", path,
			    index);
	if (!e)
		e = pcm_load_memory(cat + off, size, out, eb);
	if (!e)
		pcm_to_mono(out);
	free(cat);
	free(path);
	return e;
}
