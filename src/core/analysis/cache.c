/* cache.c: analysis results on disk (see cache.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "analysis/cache.h"
#include "json.h"
#include "strbuf.h"
#include "xalloc.h"

/* Bump when features, decisions or the entry format change. */
#define CACHE_CODE_VERSION "turnover-analysis-2"
#define ENTRY_MAX_BYTES 65536

static int mkdirs(const char *path)
{
	char *p = xstrdup(path);

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return mkdir(path, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

/* Writes text to path through a temporary file unique to this process
 * and thread, then renames it into place. */
static bool write_atomic(const char *path, const char *text, size_t len)
{
	static unsigned long counter;
	unsigned long n = __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
	char *tmp = xasprintf("%s.tmp.%ld.%lu", path, (long)getpid(), n);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
	bool ok = fd >= 0;

	if (ok)
		ok = write(fd, text, len) == (ssize_t)len;
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (ok)
		ok = rename(tmp, path) == 0;
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok;
}

static char *read_small(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;

	if (!fp)
		return NULL;
	buf = xmalloc(ENTRY_MAX_BYTES + 1);
	*len = fread(buf, 1, ENTRY_MAX_BYTES, fp);
	fclose(fp);
	buf[*len] = '\0';
	return buf;
}

static enum err hash_contents(const char *path, uint64_t out[2], struct errbuf *eb)
{
	XXH3_state_t *st = XXH3_createState();
	char *buf = xmalloc(1 << 20);
	FILE *fp = fopen(path, "rb");
	size_t n;
	XXH128_hash_t h;
	enum err e = ERR_OK;

	if (!fp) {
		e = err_set(eb, errno == ENOENT ? ERR_MEDIA_MISSING : ERR_IO, "cannot open '%s': %s",
			    path, strerror(errno));
		goto out;
	}
	XXH3_128bits_reset(st);
	while ((n = fread(buf, 1, 1 << 20, fp)) > 0)
		XXH3_128bits_update(st, buf, n);
	if (ferror(fp))
		e = err_set(eb, ERR_IO, "cannot read '%s'", path);
	fclose(fp);
	h = XXH3_128bits_digest(st);
	out[0] = h.high64;
	out[1] = h.low64;
out:
	XXH3_freeState(st);
	free(buf);
	return e;
}

enum err cache_file_hash(const char *dir, const char *path, uint64_t out[2], struct errbuf *eb)
{
	struct stat st;
	struct strbuf key = STRBUF_INIT;
	char *memo = NULL, *text;
	size_t len;
	enum err e;

	if (stat(path, &st) != 0)
		return err_set(eb, errno == ENOENT ? ERR_MEDIA_MISSING : ERR_IO,
			       "cannot open '%s': %s", path, strerror(errno));
	if (dir) {
		strbuf_addf(&key, "%s|%lld|%lld.%09ld|%llu|%llu", path, (long long)st.st_size,
			    (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
			    (unsigned long long)st.st_ino, (unsigned long long)st.st_dev);
		memo = xasprintf("%s/files/%016" PRIx64, dir, XXH3_64bits(key.buf, key.len));
		strbuf_release(&key);
		text = read_small(memo, &len);
		if (text && sscanf(text, "%16" SCNx64 "%16" SCNx64, &out[0], &out[1]) == 2) {
			free(text);
			free(memo);
			return ERR_OK;
		}
		free(text);
	}
	e = hash_contents(path, out, eb);
	if (!e && memo) {
		char line[40];
		char *files = xasprintf("%s/files", dir);

		snprintf(line, sizeof(line), "%016" PRIx64 "%016" PRIx64 "\n", out[0], out[1]);
		if (mkdirs(files) == 0)
			write_atomic(memo, line, strlen(line));
		free(files);
	}
	free(memo);
	return e;
}

uint64_t cache_version(const struct classifier *model)
{
	struct strbuf sb = STRBUF_INIT;
	uint64_t v;

	strbuf_addstr(&sb, CACHE_CODE_VERSION);
	if (model)
		classifier_write(model, &sb);
	v = XXH3_64bits(sb.buf, sb.len);
	strbuf_release(&sb);
	return v;
}

static char *entry_path(const char *dir, const struct cache_key *k)
{
	XXH128_hash_t h = XXH3_128bits(k, sizeof(*k));

	return xasprintf("%s/analysis/%02x/%016" PRIx64 "%016" PRIx64, dir,
			 (unsigned)(h.high64 >> 56), h.high64, h.low64);
}

static void write_entry(struct strbuf *sb, const struct cache_key *k, const struct analysis_result *r)
{
	struct json_writer w;

	json_writer_init(&w, sb, false);
	json_begin_object(&w);
	json_key(&w, "version");
	json_int(&w, (int64_t)k->version);
	json_key(&w, "start");
	json_int(&w, k->start);
	json_key(&w, "frames");
	json_int(&w, k->frames);
	json_key(&w, "class");
	json_string(&w, clip_class_name(r->cls));
	json_key(&w, "scores");
	json_begin_array(&w);
	for (int c = 0; c < CLIP_CLASS_COUNT; c++)
		json_double_prec(&w, r->scores[c], 17);
	json_end_array(&w);
	json_key(&w, "confidence");
	json_double_prec(&w, r->confidence, 17);
	json_key(&w, "tags");
	json_int(&w, r->tags);
	json_key(&w, "problems");
	json_int(&w, r->problems);
	json_end_object(&w);
}

static bool read_entry(const struct json_value *v, const struct cache_key *k,
		       struct analysis_result *out)
{
	const struct json_value *scores = json_get(v, "scores");
	int64_t version, start, frames, tags, problems;

	if (!json_as_int64(json_get(v, "version"), &version) || (uint64_t)version != k->version ||
	    !json_as_int64(json_get(v, "start"), &start) || start != k->start ||
	    !json_as_int64(json_get(v, "frames"), &frames) || frames != k->frames ||
	    !json_as_int64(json_get(v, "tags"), &tags) ||
	    !json_as_int64(json_get(v, "problems"), &problems) ||
	    json_length(scores) != CLIP_CLASS_COUNT ||
	    !json_as_double(json_get(v, "confidence"), &out->confidence))
		return false;
	out->cls = clip_class_parse(json_as_string(json_get(v, "class")));
	if (out->cls >= CLIP_CLASS_COUNT)
		return false;
	for (int c = 0; c < CLIP_CLASS_COUNT; c++)
		if (!json_as_double(json_at(scores, (size_t)c), &out->scores[c]))
			return false;
	out->tags = (unsigned)tags;
	out->problems = (unsigned)problems;
	return true;
}

bool cache_get(const char *dir, const struct cache_key *key, struct analysis_result *out)
{
	char *path = entry_path(dir, key), *text;
	struct json_value *v = NULL;
	size_t len;
	bool hit = false;

	text = read_small(path, &len);
	memset(out, 0, sizeof(*out));
	if (text && json_parse(text, len, &v, NULL) == ERR_OK)
		hit = read_entry(v, key, out);
	json_free(v);
	free(text);
	free(path);
	if (!hit)
		memset(out, 0, sizeof(*out));
	return hit;
}

bool cache_put(const char *dir, const struct cache_key *key, const struct analysis_result *r)
{
	char *path = entry_path(dir, key);
	char *slash = strrchr(path, '/');
	struct strbuf sb = STRBUF_INIT;
	bool ok = false;

	*slash = '\0';
	if (mkdirs(path) == 0) {
		*slash = '/';
		write_entry(&sb, key, r);
		strbuf_addch(&sb, '\n');
		ok = write_atomic(path, sb.buf, sb.len);
	}
	strbuf_release(&sb);
	free(path);
	return ok;
}
