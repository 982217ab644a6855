/*
 * fuzz_netproto.c: libFuzzer target for what `turnover listen` reads from
 * a connection: the bytes, cut into reads of varying sizes by the first
 * byte, gathered and split into messages as the listener does
 * (netproto_next()), each decoded by its type.  Never a crash or a
 * sanitizer report; a message never claims more bytes than it was given;
 * a hello that decodes encodes back to the same bytes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audio/netproto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static float audio[2 * NETPROTO_MAX_FRAMES];
static uint8_t again[NETPROTO_HEADER + NETPROTO_MAX_PAYLOAD];

static void decode(const struct netproto_msg *m, const uint8_t *raw, size_t used)
{
	struct netproto_hello h;
	struct errbuf eb;
	char reason[NETPROTO_MAX_REASON + 1];
	size_t frames;
	uint32_t seq;

	errbuf_init(&eb);
	if (netproto_get_hello(m, &h, &eb) == ERR_OK) {
		size_t n = netproto_put_hello(again, sizeof(again), NETPROTO_HELLO, &h);

		/* version and channels are 16 bits on the wire */
		if (h.version < 65536 && (n != used || memcmp(again, raw, n) != 0))
			abort();
	}
	errbuf_init(&eb);
	netproto_get_accept(m, &h, &eb);
	errbuf_init(&eb);
	netproto_get_audio(m, 2, audio, &frames, &seq, &eb);
	errbuf_init(&eb);
	netproto_get_audio(m, 1, audio, &frames, &seq, &eb);
	if (frames > NETPROTO_MAX_FRAMES)
		abort();
	netproto_get_reason(m, reason, sizeof(reason));
	if (strlen(reason) > NETPROTO_MAX_REASON)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t chunk, have = 0, fed = 0;
	uint8_t *buf;

	if (size < 1)
		return 0;
	chunk = 1 + data[0] % 64;	/* how much each read brings */
	data++;
	size--;
	buf = malloc(size ? size : 1);
	while (fed < size || have) {
		struct netproto_msg m;
		struct errbuf eb;
		size_t used = 0, n = size - fed < chunk ? size - fed : chunk;
		enum netproto_status st;

		memcpy(buf + have, data + fed, n);
		have += n;
		fed += n;
		errbuf_init(&eb);
		st = netproto_next(buf, have, &m, &used, &eb);
		if (st == NETPROTO_BAD || (st == NETPROTO_MORE && fed == size))
			break;	/* the listener closes the connection */
		if (st == NETPROTO_MORE)
			continue;
		if (used > have || used < NETPROTO_HEADER)
			abort();
		decode(&m, buf, used);
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	free(buf);
	return 0;
}
