/*
 * netproto_seeds.c: writes the seeds of fuzz_netproto into DIR: one
 * file per kind of message (and one conversation), made by the
 * protocol's own writers, each after the fuzzer's read-size byte.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "audio/netproto.h"

static uint8_t buf[1 + 4 * (NETPROTO_HEADER + NETPROTO_MAX_PAYLOAD)];

static int save(const char *dir, const char *name, size_t n)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "wb");
	if (!fp || fwrite(buf, 1, n + 1, fp) != n + 1) {
		perror(path);
		return 1;
	}
	return fclose(fp) != 0;
}

int main(int argc, char **argv)
{
	struct netproto_hello h = { NETPROTO_VERSION, 2, 48000, "0123456789abcdef" };
	float st[2 * 480];
	size_t n = 0, cap = sizeof(buf) - 1;
	uint8_t *p = buf + 1;
	int bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: netproto_seeds DIR\n");
		return 2;
	}
	for (int i = 0; i < 480; i++)
		st[2 * i] = st[2 * i + 1] = (float)(0.5 * sin(i * 0.0576));
	buf[0] = 7;
	bad |= save(argv[1], "hello", netproto_put_hello(p, cap, NETPROTO_HELLO, &h));
	h.token[0] = '\0';
	bad |= save(argv[1], "accept", netproto_put_hello(p, cap, NETPROTO_ACCEPT, &h));
	bad |= save(argv[1], "refuse", netproto_put_reason(p, cap, "wrong token"));
	bad |= save(argv[1], "audio", netproto_put_audio(p, cap, 1, st, 480));
	bad |= save(argv[1], "flush", netproto_put_empty(p, cap, NETPROTO_FLUSH));
	bad |= save(argv[1], "stop", netproto_put_empty(p, cap, NETPROTO_STOP));
	strcpy(h.token, "tok");
	n += netproto_put_hello(p + n, cap - n, NETPROTO_HELLO, &h);
	n += netproto_put_audio(p + n, cap - n, 1, st, 100);
	n += netproto_put_empty(p + n, cap - n, NETPROTO_FLUSH);
	n += netproto_put_audio(p + n, cap - n, 2, st, 3);
	n += netproto_put_empty(p + n, cap - n, NETPROTO_STOP);
	buf[0] = 200;
	bad |= save(argv[1], "conversation", n);
	return bad;
}
