/* nettoken.c: the remote audition token and its file (nettoken.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audio/nettoken.h"
#include "savefile.h"
#include "xalloc.h"
#include "xdg.h"

char *nettoken_path(void)
{
	char *dir = xdg_dir(XDG_CONFIG), *path;

	if (!dir)
		return NULL;
	path = xasprintf("%s/listen-token", dir);
	free(dir);
	return path;
}

enum err nettoken_load(const char *path, char *out, struct errbuf *eb)
{
	char buf[NETTOKEN_SIZE + 2];
	struct stat st;
	size_t n;
	FILE *fp = fopen(path, "r");

	out[0] = '\0';
	if (!fp)
		return err_set(eb, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO, "cannot open '%s': %s",
			       path, strerror(errno));
	if (fstat(fileno(fp), &st) == 0 && (st.st_mode & 077)) {
		fclose(fp);
		return err_set(eb, ERR_CONFIG, "'%s' is readable by others: chmod 600 it", path);
	}
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	if (!netproto_token_valid(buf))
		return err_set(eb, ERR_CONFIG, "'%s' does not hold a token (1 to %d of A-Z a-z 0-9 . _ -)",
			       path, NETPROTO_MAX_TOKEN);
	memcpy(out, buf, strlen(buf) + 1);
	return ERR_OK;
}

enum err nettoken_generate(char *out, struct errbuf *eb)
{
	unsigned char raw[16];
	size_t got = 0;

	while (got < sizeof(raw)) {
		ssize_t n = getrandom(raw + got, sizeof(raw) - got, 0);

		if (n < 0 && errno != EINTR)
			return err_set(eb, ERR_IO, "cannot make a random token: %s", strerror(errno));
		if (n > 0)
			got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	return ERR_OK;
}

/* The folder part of path (the caller frees it). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
}

enum err nettoken_save(const char *path, const char *token, struct errbuf *eb)
{
	char *dir = dir_of(path), *tmp = xasprintf("%s.XXXXXX", path);
	enum err e = savefile_mkdirs(dir, eb);
	int fd = e == ERR_OK ? mkstemp(tmp) : -1;	/* mode 0600 */
	size_t len = strlen(token);
	bool ok;

	if (e == ERR_OK && fd < 0)
		e = err_set(eb, ERR_IO, "cannot create '%s': %s", tmp, strerror(errno));
	if (fd >= 0) {
		ok = write(fd, token, len) == (ssize_t)len && write(fd, "\n", 1) == 1 &&
		     fsync(fd) == 0;
		ok = close(fd) == 0 && ok;
		if (!ok || rename(tmp, path) != 0) {
			e = err_set(eb, ERR_IO, "cannot write '%s': %s", path, strerror(errno));
			unlink(tmp);
		}
	}
	free(tmp);
	free(dir);
	return e;
}
