/* fstree.c: recursive removal without malloc, and recursive fsync. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prep/fstree.h"
#include "xalloc.h"

/* deeper trees are not ours: an output folder is two or three levels */
#define FSTREE_MAX_DEPTH 24

#if defined(__linux__) && defined(__GLIBC__) && \
	(__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 30))
#define FSTREE_GETDENTS 1
#endif

static bool is_dot(const char *name)
{
	return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

static int remove_at(int dirfd, const char *name, int depth);

#ifdef FSTREE_GETDENTS
/*
 * Empties the open folder fd: reads a batch of entries, removes them, and
 * reads again from the start until only "." and ".." are left (removing
 * entries while reading a folder may skip some).
 */
static int empty_dir(int fd, int depth)
{
	char buf[2048] __attribute__((aligned(8)));
	int err = 0;

	for (;;) {
		bool removed = false;
		ssize_t n;

		if (lseek(fd, 0, SEEK_SET) < 0)
			return -1;
		while ((n = getdents64(fd, buf, sizeof(buf))) > 0) {
			for (ssize_t off = 0; off < n;) {
				struct dirent64 *de = (struct dirent64 *)(void *)(buf + off);

				off += de->d_reclen;
				if (is_dot(de->d_name))
					continue;
				if (remove_at(fd, de->d_name, depth) != 0) {
					if (!err)
						err = errno;
				} else {
					removed = true;
				}
			}
		}
		if (n < 0)
			return -1;
		if (!removed)
			break;
	}
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}
#else
/* Portable fallback: readdir() may allocate, so not for signal handlers. */
static int empty_dir(int fd, int depth)
{
	int dup_fd = dup(fd), err = 0;
	DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
	struct dirent *de;

	if (!d) {
		if (dup_fd >= 0)
			close(dup_fd);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (is_dot(de->d_name))
			continue;
		if (remove_at(fd, de->d_name, depth) != 0 && !err)
			err = errno;
	}
	closedir(d);
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}
#endif

/* Removes the entry name of folder dirfd, whatever it is. */
static int remove_at(int dirfd, const char *name, int depth)
{
	int fd, rc;

	if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -1;
	if (depth >= FSTREE_MAX_DEPTH) {
		errno = ELOOP;
		return -1;
	}
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = empty_dir(fd, depth + 1);
	close(fd);
	if (rc != 0)
		return -1;
	if (unlinkat(dirfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
		return -1;
	return 0;
}

int fstree_remove(const char *path)
{
	return remove_at(AT_FDCWD, path, 0);
}

static enum err sync_fd(int fd, const char *path, struct errbuf *eb)
{
	/* EINVAL: the file system cannot sync this kind of file; nothing to do */
	if (fsync(fd) != 0 && errno != EINVAL)
		return err_set(eb, ERR_IO, "cannot sync '%s': %s", path, strerror(errno));
	return ERR_OK;
}

static enum err sync_tree(const char *path, int depth, struct errbuf *eb);

static enum err sync_children(const char *path, int depth, struct errbuf *eb)
{
	DIR *d = opendir(path);
	struct dirent *de;
	enum err e = ERR_OK;

	if (!d)
		return err_set(eb, ERR_IO, "cannot read folder '%s': %s", path, strerror(errno));
	while (e == ERR_OK && (de = readdir(d)) != NULL) {
		char *sub;

		if (is_dot(de->d_name))
			continue;
		sub = xasprintf("%s/%s", path, de->d_name);
		e = sync_tree(sub, depth + 1, eb);
		free(sub);
	}
	closedir(d);
	return e;
}

static enum err sync_tree(const char *path, int depth, struct errbuf *eb)
{
	struct stat st;
	enum err e = ERR_OK;
	int fd;

	if (lstat(path, &st) != 0)
		return err_set(eb, ERR_IO, "cannot read '%s': %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
		return ERR_OK;
	if (S_ISDIR(st.st_mode)) {
		if (depth >= FSTREE_MAX_DEPTH)
			return err_set(eb, ERR_IO, "'%s': folders nested too deeply", path);
		e = sync_children(path, depth, eb);
		if (e != ERR_OK)
			return e;
	}
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return err_set(eb, ERR_IO, "cannot open '%s': %s", path, strerror(errno));
	e = sync_fd(fd, path, eb);
	close(fd);
	return e;
}

enum err fstree_sync(const char *path, struct errbuf *eb)
{
	return sync_tree(path, 0, eb);
}

void fstree_sync_parent(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd;

	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}
