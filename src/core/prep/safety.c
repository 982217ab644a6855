/*
 * safety.c: the safety folder: a verified copy of the AAF as received and
 * a manifest of it and of the media on disk.  The AAF is opened read-only
 * and hashed while it is copied; the copy is then read back and its
 * hashes compared, so what the manifest lists is what the folder holds.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prep/mhl.h"
#include "prep/safety.h"
#include "savefile.h"
#include "xalloc.h"

#define SAFETY_CHUNK (1 << 20)

/* Copies everything from in to out, hashing it into h. */
static enum err copy_stream(int in, int out, const char *from, const char *to,
			    struct mhl_hasher *h, struct errbuf *eb)
{
	char *buf = xmalloc(SAFETY_CHUNK);
	enum err e = ERR_OK;
	ssize_t n;

	while ((n = read(in, buf, SAFETY_CHUNK)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = err_set(eb, ERR_IO, "cannot read '%s': %s", from, strerror(errno));
			break;
		}
		mhl_hasher_update(h, buf, (size_t)n);
		if (savefile_write_all(out, buf, (size_t)n) != 0) {
			e = err_set(eb, ERR_IO, "cannot write '%s': %s", to, strerror(errno));
			break;
		}
	}
	free(buf);
	return e;
}

/* After the copy: same size as the source had before and has now, mtime copied, synced. */
static enum err finish_copy(int in, int out, const struct stat *before, const char *from,
			    const char *to, int64_t copied, struct errbuf *eb)
{
	struct timespec times[2] = { before->st_atim, before->st_mtim };
	struct stat now, dst;

	if (fstat(in, &now) != 0 || now.st_size != before->st_size || copied != (int64_t)before->st_size ||
	    now.st_mtim.tv_sec != before->st_mtim.tv_sec || now.st_mtim.tv_nsec != before->st_mtim.tv_nsec)
		return err_set(eb, ERR_INVALID, "'%s' changed while it was copied", from);
	if (futimens(out, times) != 0 || fsync(out) != 0)
		return err_set(eb, ERR_IO, "cannot finish '%s': %s", to, strerror(errno));
	if (fstat(out, &dst) != 0 || dst.st_size != before->st_size)
		return err_set(eb, ERR_IO, "copy '%s' has %lld bytes, '%s' has %lld", to,
			       (long long)dst.st_size, from, (long long)before->st_size);
	return ERR_OK;
}

/* Copies from to the new file to (which must not exist), filling d. */
static enum err copy_file(const char *from, const char *to, struct mhl_digest *d, struct errbuf *eb)
{
	struct mhl_hasher *h;
	struct stat st;
	enum err e;
	int in = mhl_open_regular(from, &st), out;

	if (in < 0 && errno == EINVAL)
		return err_set(eb, ERR_IO, "'%s' is not a regular file", from);
	if (in < 0)
		return err_set(eb, ERR_IO, "cannot open '%s': %s", from, strerror(errno));
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (out < 0) {
		e = err_set(eb, ERR_IO, "cannot create '%s': %s", to, strerror(errno));
		close(in);
		return e;
	}
	h = mhl_hasher_new();
	e = copy_stream(in, out, from, to, h, eb);
	mhl_hasher_digest(h, d);
	d->mtime = (int64_t)st.st_mtime;
	if (e == ERR_OK)
		e = finish_copy(in, out, &st, from, to, d->size, eb);
	mhl_hasher_free(h);
	close(in);
	if (close(out) != 0 && e == ERR_OK)
		e = err_set(eb, ERR_IO, "cannot write '%s': %s", to, strerror(errno));
	if (e != ERR_OK)
		unlink(to);
	return e;
}

/* Reads the copy back: it must hash as the original did. */
static enum err check_copy(const char *to, const struct mhl_digest *want, struct errbuf *eb)
{
	struct mhl_digest got;
	enum err e = mhl_hash_file(to, &got, eb);

	if (e != ERR_OK)
		return e;
	if (got.size != want->size || got.xxh64 != want->xxh64 || got.xxh128_hi != want->xxh128_hi ||
	    got.xxh128_lo != want->xxh128_lo || got.mtime != want->mtime)
		return err_set(eb, ERR_IO, "copy '%s' does not read back as written", to);
	return ERR_OK;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static enum err add_aaf(struct mhl *m, const char *aaf_path, const char *sdir, struct errbuf *eb)
{
	const char *name = base_name(aaf_path);
	struct mhl_digest d;
	char *to;
	enum err e;

	if (!name[0] || !strcmp(name, SAFETY_MANIFEST) || !strcmp(name, ".") || !strcmp(name, ".."))
		return err_set(eb, ERR_INVALID, "'%s': cannot copy a file of that name", aaf_path);
	to = xasprintf("%s/%s", sdir, name);
	e = copy_file(aaf_path, to, &d, eb);
	if (e == ERR_OK)
		e = check_copy(to, &d, eb);
	if (e == ERR_OK)
		mhl_add(m, name, &d);
	free(to);
	return e;
}

/* Lists one media file by its absolute path (resolved: no "..", no links). */
static enum err add_media(struct mhl *m, const struct media *md, struct errbuf *eb)
{
	char *abs = realpath(md->path, NULL);
	struct mhl_digest d;
	enum err e;

	if (!abs)
		return err_set(eb, ERR_IO, "media '%s': cannot resolve '%s': %s", md->name ? md->name : md->id,
			       md->path, strerror(errno));
	e = mhl_hash_file(abs, &d, eb);
	if (e == ERR_OK)
		mhl_add(m, abs, &d);
	free(abs);
	return e;
}

static enum err write_manifest(struct mhl *m, const char *sdir, struct errbuf *eb)
{
	size_t len;
	char *xml = mhl_format(m, "turnover " PACKAGE_VERSION, &len);
	char *path = xasprintf("%s/%s", sdir, SAFETY_MANIFEST);
	enum err e = savefile_write(path, xml, len, eb);

	free(path);
	free(xml);
	return e;
}

enum err safety_write(const char *aaf_path, const struct session *s, const char *dir,
		      struct errbuf *eb)
{
	char *sdir = xasprintf("%s/%s", dir, SAFETY_DIR);
	struct mhl *m = mhl_new();
	enum err e = savefile_mkdir(sdir, eb);

	if (e == ERR_OK)
		e = add_aaf(m, aaf_path, sdir, eb);
	for (size_t i = 0; s && e == ERR_OK && i < s->n_media; i++) {
		const struct media *md = &s->media[i];

		if (md->path && !md->embedded)
			e = add_media(m, md, eb);
	}
	if (e == ERR_OK)
		e = write_manifest(m, sdir, eb);
	mhl_free(m);
	free(sdir);
	return e;
}
