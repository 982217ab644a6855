/* netsock.c: loopback TCP for remote audition (netsock.h). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "audio/netsock.h"

double netsock_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

int netsock_connect(int port, struct errbuf *eb)
{
	struct sockaddr_in a = loopback(port);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1, e;

	if (fd < 0) {
		err_set(eb, ERR_IO, "cannot make a socket: %s", strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		e = errno;
		close(fd);
		err_set(eb, e == ECONNREFUSED ? ERR_NOT_FOUND : ERR_IO, "cannot connect to "
			"127.0.0.1:%d: %s", port, strerror(e));
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return fd;
}

int netsock_listen(int *port, struct errbuf *eb)
{
	struct sockaddr_in a = loopback(*port);
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1, e;

	if (fd < 0) {
		err_set(eb, ERR_IO, "cannot make a socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 4) != 0) {
		e = errno;
		close(fd);
		err_set(eb, e == EADDRINUSE ? ERR_EXISTS : ERR_IO, "cannot listen on 127.0.0.1:%d: %s%s",
			*port, strerror(e), e == EADDRINUSE ? " (is another turnover listen running? "
			"try --port)" : "");
		return -1;
	}
	if (getsockname(fd, (struct sockaddr *)&a, &alen) == 0)
		*port = ntohs(a.sin_port);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return fd;
}

bool netsock_send(int fd, const void *buf, size_t len, int timeout_ms)
{
	const uint8_t *p = buf;
	double end = netsock_now() + timeout_ms / 1000.0;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n > 0) {
			p += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return false;
		if (netsock_now() >= end)
			return false;
		poll(&(struct pollfd){ .fd = fd, .events = POLLOUT }, 1, 10);
	}
	return true;
}

long netsock_fill(int fd, struct netsock_in *in)
{
	ssize_t n;

	if (in->len == sizeof(in->buf))
		return -1;	/* cannot happen: a whole message always fits */
	n = recv(fd, in->buf + in->len, sizeof(in->buf) - in->len, 0);
	if (n > 0) {
		in->len += (size_t)n;
		return (long)n;
	}
	if (n == 0 || errno == ECONNRESET)	/* a reset: closed with our bytes unread */
		return 0;
	return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? -2 : -1;
}

enum netproto_status netsock_take(struct netsock_in *in, struct netproto_msg *m, size_t *used,
				  struct errbuf *eb)
{
	return netproto_next(in->buf, in->len, m, used, eb);
}

void netsock_drop(struct netsock_in *in, size_t used)
{
	if (used >= in->len) {
		in->len = 0;
		return;
	}
	memmove(in->buf, in->buf + used, in->len - used);
	in->len -= used;
}

enum err netsock_wait(int fd, struct netsock_in *in, int timeout_ms, struct netproto_msg *m,
		      size_t *used, struct errbuf *eb)
{
	double end = netsock_now() + timeout_ms / 1000.0;

	for (;;) {
		enum netproto_status st = netsock_take(in, m, used, eb);
		long n;
		int left = (int)((end - netsock_now()) * 1000);

		if (st == NETPROTO_OK)
			return ERR_OK;
		if (st == NETPROTO_BAD)
			return ERR_IO;
		if (left <= 0)
			return err_set(eb, ERR_IO, "no answer in %d ms", timeout_ms);
		poll(&(struct pollfd){ .fd = fd, .events = POLLIN }, 1, left);
		n = netsock_fill(fd, in);
		if (n == 0)
			return err_set(eb, ERR_NOT_FOUND, "the connection closed");
		if (n == -1)
			return err_set(eb, ERR_IO, "connection error: %s", strerror(errno));
	}
}
