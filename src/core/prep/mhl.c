/*
 * mhl.c: hashing files and writing and reading ASC MHL v1.1-style hash
 * lists.  The reader is a small scanner for the flat <hash> elements of a
 * v1 hashlist, not a general XML parser: it reads what MHL tools write.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "prep/mhl.h"
#include "strbuf.h"
#include "xalloc.h"

#define MHL_CHUNK (1 << 20)

struct mhl_hasher {
	XXH64_state_t *h64;
	XXH3_state_t *h128;
	int64_t size;
};

struct mhl_hasher *mhl_hasher_new(void)
{
	struct mhl_hasher *h = xcalloc(1, sizeof(*h));

	h->h64 = XXH64_createState();
	h->h128 = XXH3_createState();
	if (!h->h64 || !h->h128) {
		/* xxhash allocates with malloc(): report it like ours */
		XXH64_freeState(h->h64);
		XXH3_freeState(h->h128);
		free(h);
		return xmalloc(SIZE_MAX);
	}
	XXH64_reset(h->h64, 0);
	XXH3_128bits_reset(h->h128);
	return h;
}

void mhl_hasher_update(struct mhl_hasher *h, const void *buf, size_t len)
{
	XXH64_update(h->h64, buf, len);
	XXH3_128bits_update(h->h128, buf, len);
	h->size += (int64_t)len;
}

void mhl_hasher_digest(const struct mhl_hasher *h, struct mhl_digest *d)
{
	XXH128_hash_t x = XXH3_128bits_digest(h->h128);

	d->size = h->size;
	d->xxh64 = XXH64_digest(h->h64);
	d->xxh128_hi = x.high64;
	d->xxh128_lo = x.low64;
}

void mhl_hasher_free(struct mhl_hasher *h)
{
	if (!h)
		return;
	XXH64_freeState(h->h64);
	XXH3_freeState(h->h128);
	free(h);
}

static enum err hash_fd(int fd, const char *path, struct mhl_digest *d, struct errbuf *eb)
{
	struct mhl_hasher *h = mhl_hasher_new();
	char *buf = xmalloc(MHL_CHUNK);
	enum err e = ERR_OK;
	ssize_t n;

	while ((n = read(fd, buf, MHL_CHUNK)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = err_set(eb, ERR_IO, "cannot read '%s': %s", path, strerror(errno));
			break;
		}
		mhl_hasher_update(h, buf, (size_t)n);
	}
	if (e == ERR_OK)
		mhl_hasher_digest(h, d);
	free(buf);
	mhl_hasher_free(h);
	return e;
}

int mhl_open_regular(const char *path, struct stat *st)
{
	/* O_NONBLOCK: a FIFO in place of a file must not hang the open */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), e;

	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode) ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
		e = S_ISREG(st->st_mode) ? errno : EINVAL;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

enum err mhl_hash_file(const char *path, struct mhl_digest *d, struct errbuf *eb)
{
	struct stat st;
	enum err e;
	int fd = mhl_open_regular(path, &st);

	if (fd < 0 && errno == EINVAL)
		return err_set(eb, ERR_IO, "'%s' is not a regular file", path);
	if (fd < 0)
		return err_set(eb, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO, "cannot open '%s': %s",
			       path, strerror(errno));
	memset(d, 0, sizeof(*d));
	d->mtime = (int64_t)st.st_mtime;
	e = hash_fd(fd, path, d, eb);
	close(fd);
	return e;
}

struct mhl *mhl_new(void)
{
	return xcalloc(1, sizeof(struct mhl));
}

void mhl_free(struct mhl *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_entries; i++)
		free(m->entries[i].file);
	free(m->entries);
	free(m);
}

static struct mhl_entry *add_entry(struct mhl *m)
{
	struct mhl_entry *e;

	XGROW(m->entries, m->n_entries + 1, m->alloc_entries);
	e = &m->entries[m->n_entries++];
	memset(e, 0, sizeof(*e));
	return e;
}

void mhl_add(struct mhl *m, const char *file, const struct mhl_digest *d)
{
	struct mhl_entry *e = add_entry(m);

	e->file = xstrdup(file);
	e->d = *d;
	e->has_size = e->has_mtime = e->has_xxh64 = e->has_xxh128 = true;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct mhl_entry *x = a, *y = b;

	return strcmp(x->file, y->file);
}

void mhl_sort(struct mhl *m)
{
	size_t out = 0;

	if (m->n_entries > 1)
		qsort(m->entries, m->n_entries, sizeof(*m->entries), cmp_entry);
	for (size_t i = 0; i < m->n_entries; i++) {
		if (out > 0 && !strcmp(m->entries[out - 1].file, m->entries[i].file)) {
			free(m->entries[i].file);
			continue;
		}
		m->entries[out++] = m->entries[i];
	}
	m->n_entries = out;
}

void mhl_format_time(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, size, "1970-01-01T00:00:00Z");
}

void mhl_format_xxh64(const struct mhl_digest *d, char *buf, size_t size)
{
	snprintf(buf, size, "%016" PRIx64, d->xxh64);
}

void mhl_format_xxh128(const struct mhl_digest *d, char *buf, size_t size)
{
	snprintf(buf, size, "%016" PRIx64 "%016" PRIx64, d->xxh128_hi, d->xxh128_lo);
}

static void add_escaped(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': strbuf_addstr(sb, "&amp;"); break;
		case '<': strbuf_addstr(sb, "&lt;"); break;
		case '>': strbuf_addstr(sb, "&gt;"); break;
		case '"': strbuf_addstr(sb, "&quot;"); break;
		case '\'': strbuf_addstr(sb, "&apos;"); break;
		default:
			/* control characters are not allowed in XML 1.0 */
			if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
				strbuf_addf(sb, "&#x%X;", (unsigned)(unsigned char)*s);
			else
				strbuf_addch(sb, *s);
		}
	}
}

static void format_entry(struct strbuf *sb, const struct mhl_entry *e)
{
	char buf[40];

	strbuf_addstr(sb, "  <hash>\n    <file>");
	add_escaped(sb, e->file);
	strbuf_addf(sb, "</file>\n    <size>%" PRId64 "</size>\n", e->d.size);
	mhl_format_time(e->d.mtime, buf, sizeof(buf));
	strbuf_addf(sb, "    <lastmodificationdate>%s</lastmodificationdate>\n", buf);
	mhl_format_xxh64(&e->d, buf, sizeof(buf));
	strbuf_addf(sb, "    <xxhash64be>%s</xxhash64be>\n", buf);
	mhl_format_xxh128(&e->d, buf, sizeof(buf));
	strbuf_addf(sb, "    <xxh128>%s</xxh128>\n  </hash>\n", buf);
}

char *mhl_format(struct mhl *m, const char *tool, size_t *len)
{
	struct strbuf sb;
	char *out;

	mhl_sort(m);
	strbuf_init(&sb);
	strbuf_addstr(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<hashlist version=\"1.1\">\n  <creatorinfo>\n    <tool>");
	add_escaped(&sb, tool);
	strbuf_addstr(&sb, "</tool>\n  </creatorinfo>\n");
	for (size_t i = 0; i < m->n_entries; i++)
		format_entry(&sb, &m->entries[i]);
	strbuf_addstr(&sb, "</hashlist>\n");
	if (len)
		*len = sb.len;
	out = strbuf_detach(&sb);
	return out;
}
