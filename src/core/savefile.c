/* savefile.c: temporary file, fsync, rename, fsync of the folder. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "savefile.h"
#include "xalloc.h"

int savefile_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static mode_t current_umask(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

/* Syncs the folder holding path, so the rename itself is on disk. */
static void sync_dir(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd;

	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

enum err savefile_write(const char *path, const void *data, size_t len, struct errbuf *eb)
{
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp), e;

	if (fd < 0) {
		e = errno;
		free(tmp);
		return err_set(eb, ERR_IO, "cannot create a file beside '%s': %s", path, strerror(e));
	}
	/* mkstemp() makes it 0600: give it what a new file would get */
	if (fchmod(fd, 0666 & ~current_umask()) != 0 || savefile_write_all(fd, data, len) != 0 ||
	    fsync(fd) != 0) {
		e = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		e = errno;
		goto fail;
	}
	free(tmp);
	sync_dir(path);
	return ERR_OK;
fail:
	unlink(tmp);
	free(tmp);
	return err_set(eb, ERR_IO, "cannot write '%s': %s", path, strerror(e));
}

enum err savefile_mkdir(const char *path, struct errbuf *eb)
{
	struct stat st;

	if (mkdir(path, 0777) == 0)
		return ERR_OK;
	if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return ERR_OK;
	return err_set(eb, ERR_IO, "cannot create folder '%s': %s", path, strerror(errno));
}

enum err savefile_mkdirs(const char *path, struct errbuf *eb)
{
	char *p = xstrdup(path);
	enum err e = ERR_OK;

	for (char *slash = strchr(p + 1, '/'); slash && e == ERR_OK; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		e = savefile_mkdir(p, eb);
		*slash = '/';
	}
	if (e == ERR_OK)
		e = savefile_mkdir(p, eb);
	free(p);
	return e;
}
