/*
 * netsock.h: TCP on the loopback interface for remote audition: connect
 * to and listen on 127.0.0.1 only, send whole buffers without SIGPIPE,
 * and gather received bytes into whole protocol messages.
 * Depends on libc (POSIX sockets), err.h and netproto.h.
 */
#ifndef TURNOVER_AUDIO_NETSOCK_H
#define TURNOVER_AUDIO_NETSOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "audio/netproto.h"

/* Bytes received and not yet taken as messages. */
struct netsock_in {
	uint8_t buf[2 * (NETPROTO_HEADER + NETPROTO_MAX_PAYLOAD)];
	size_t len;
};

/* A connected socket to 127.0.0.1:port, or -1.  errors: ERR_NOT_FOUND
 * (nothing listens there), ERR_IO. */
int netsock_connect(int port, struct errbuf *eb);

/* A listening socket on 127.0.0.1:*port (0: any free port; *port is set
 * to the one bound), or -1.  errors: ERR_EXISTS (the port is taken),
 * ERR_IO. */
int netsock_listen(int *port, struct errbuf *eb);

/* Sends all len bytes (waiting at most timeout_ms in all); false on a
 * closed connection, an error or the time out. */
bool netsock_send(int fd, const void *buf, size_t len, int timeout_ms);

/* Reads what fd has now into in: > 0 bytes read, 0 the peer closed (or
 * reset the connection), -1 an error, -2 nothing to read yet. */
long netsock_fill(int fd, struct netsock_in *in);

/* The first whole message in in (netproto_next()); its payload stays
 * valid until netsock_drop(). */
enum netproto_status netsock_take(struct netsock_in *in, struct netproto_msg *m, size_t *used,
				  struct errbuf *eb);

/* Forgets the first used bytes of in. */
void netsock_drop(struct netsock_in *in, size_t used);

/*
 * Waits up to timeout_ms for one whole message on fd.  errors:
 * ERR_NOT_FOUND (the peer closed first), ERR_IO (time out, an error, a
 * malformed message).
 */
enum err netsock_wait(int fd, struct netsock_in *in, int timeout_ms, struct netproto_msg *m,
		      size_t *used, struct errbuf *eb);

/* Monotonic seconds. */
double netsock_now(void);

#endif
