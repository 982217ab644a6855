/*
 * test_netproto.c: the remote audition protocol: every message round
 * trips; partial messages ask for more; garbage, wrong versions, bad
 * lengths and bad tokens are refused; random bytes never crash the
 * parser; loopback addresses only; the token file (random, mode 0600,
 * refused when others can read it).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "audio/netproto.h"
#include "audio/nettoken.h"
#include "audiogen.h"
#include "xalloc.h"

static uint8_t buf[NETPROTO_HEADER + NETPROTO_MAX_PAYLOAD + 64];

/* The one message in buf[0..n) must parse as exactly n bytes. */
static struct netproto_msg parse_one(size_t n)
{
	struct netproto_msg m;
	struct errbuf eb;
	size_t used = 0;

	errbuf_init(&eb);
	assert_int_equal(netproto_next(buf, n, &m, &used, &eb), NETPROTO_OK);
	assert_int_equal(used, n);
	return m;
}

static void test_hello_round_trip(void **state)
{
	struct netproto_hello h = { NETPROTO_VERSION, 2, 48000, "s3cret-token_1.x" }, back;
	struct netproto_msg m;
	struct errbuf eb;
	size_t n;

	(void)state;
	n = netproto_put_hello(buf, sizeof(buf), NETPROTO_HELLO, &h);
	assert_int_equal(n, NETPROTO_HEADER + 9 + strlen(h.token));
	m = parse_one(n);
	assert_int_equal(m.type, NETPROTO_HELLO);
	errbuf_init(&eb);
	assert_int_equal(netproto_get_hello(&m, &back, &eb), ERR_OK);
	assert_int_equal(back.version, NETPROTO_VERSION);
	assert_int_equal(back.channels, 2);
	assert_int_equal(back.rate, 48000);
	assert_string_equal(back.token, h.token);
	/* a hello is not an accept, and the other way round */
	assert_int_equal(netproto_get_accept(&m, &back, &eb), ERR_INVALID);
	h.token[0] = '\0';
	n = netproto_put_hello(buf, sizeof(buf), NETPROTO_ACCEPT, &h);
	m = parse_one(n);
	errbuf_init(&eb);
	assert_int_equal(netproto_get_accept(&m, &back, &eb), ERR_OK);
	assert_int_equal(back.rate, 48000);
	errbuf_init(&eb);
	assert_int_equal(netproto_get_hello(&m, &back, &eb), ERR_INVALID);
	/* too small a buffer: nothing written */
	assert_int_equal(netproto_put_hello(buf, 12, NETPROTO_HELLO, &h), 0);
}

static void test_other_round_trips(void **state)
{
	float st[2 * 480], back[2 * NETPROTO_MAX_FRAMES];
	char reason[64];
	struct netproto_msg m;
	struct errbuf eb;
	size_t n, frames;
	uint32_t seq;

	(void)state;
	n = netproto_put_reason(buf, sizeof(buf), "wrong token\n");
	m = parse_one(n);
	assert_int_equal(m.type, NETPROTO_REFUSE);
	netproto_get_reason(&m, reason, sizeof(reason));
	assert_string_equal(reason, "wrong token?");	/* unprintable bytes shown as ? */
	netproto_get_reason(&m, reason, 6);
	assert_string_equal(reason, "wrong");
	m = parse_one(netproto_put_empty(buf, sizeof(buf), NETPROTO_FLUSH));
	assert_int_equal(m.type, NETPROTO_FLUSH);
	assert_int_equal(m.len, 0);
	m = parse_one(netproto_put_empty(buf, sizeof(buf), NETPROTO_STOP));
	assert_int_equal(m.type, NETPROTO_STOP);
	assert_int_equal(netproto_put_empty(buf, sizeof(buf), NETPROTO_AUDIO), 0);
	for (int i = 0; i < 480; i++) {
		st[2 * i] = (float)(0.5 * sin(i * 0.1));
		st[2 * i + 1] = i == 7 ? 3.0f : (float)(-0.25 * cos(i * 0.3));	/* 3: clipped */
	}
	n = netproto_put_audio(buf, sizeof(buf), 4242, st, 480);
	assert_int_equal(n, NETPROTO_HEADER + 4 + 480 * 4);
	m = parse_one(n);
	errbuf_init(&eb);
	assert_int_equal(netproto_get_audio(&m, 2, back, &frames, &seq, &eb), ERR_OK);
	assert_int_equal(frames, 480);
	assert_int_equal(seq, 4242);
	for (int i = 0; i < 960; i++)
		if (fabsf(back[i] - (i == 15 ? 1.0f : st[i])) > 1.0f / 32000)
			fail_msg("sample %d: %f, sent %f", i, back[i], st[i]);
	/* the same bytes read as mono: each sample on both sides */
	assert_int_equal(netproto_get_audio(&m, 1, back, &frames, &seq, &eb), ERR_OK);
	assert_int_equal(frames, 960);
	assert_true(back[0] == back[1]);
	assert_int_equal(netproto_put_audio(buf, sizeof(buf), 0, st, NETPROTO_MAX_FRAMES + 1), 0);
}

/* Every prefix of a message asks for more; what follows it is left. */
static void test_partial(void **state)
{
	struct netproto_hello h = { NETPROTO_VERSION, 2, 44100, "tok" };
	struct netproto_msg m;
	struct errbuf eb;
	size_t n = netproto_put_hello(buf, sizeof(buf), NETPROTO_HELLO, &h), used;
	size_t n2 = netproto_put_empty(buf + n, sizeof(buf) - n, NETPROTO_FLUSH);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		errbuf_init(&eb);
		if (netproto_next(buf, i, &m, &used, &eb) != NETPROTO_MORE)
			fail_msg("%zu of %zu bytes: not asked for more", i, n);
	}
	assert_int_equal(netproto_next(buf, n + n2, &m, &used, &eb), NETPROTO_OK);
	assert_int_equal(used, n);
	assert_int_equal(netproto_next(buf + used, n2, &m, &used, &eb), NETPROTO_OK);
	assert_int_equal(m.type, NETPROTO_FLUSH);
}

static void expect_bad(const uint8_t *b, size_t n, const char *why)
{
	struct netproto_msg m;
	struct errbuf eb;
	size_t used;

	errbuf_init(&eb);
	assert_int_equal(netproto_next(b, n, &m, &used, &eb), NETPROTO_BAD);
	if (!strstr(errbuf_msg(&eb), why))
		fail_msg("'%s' does not say '%s'", errbuf_msg(&eb), why);
}

static void test_garbage(void **state)
{
	static const uint8_t http[] = "GET / HTTP/1.1\r\n";
	static const uint8_t bad_type[] = { 'T', 'V', 99, 1, 0, 0, 0, 0 };
	static const uint8_t version2[] = { 'T', 'V', 1, 2, 0, 0, 0, 0 };
	static const uint8_t huge[] = { 'T', 'V', 4, 1, 0xff, 0xff, 0xff, 0x7f };
	static const uint8_t one_byte[] = { 'X' };

	(void)state;
	expect_bad(http, sizeof(http) - 1, "not a turnover audio stream");
	expect_bad(one_byte, 1, "not a turnover audio stream");
	expect_bad(bad_type, sizeof(bad_type), "unknown message type 99");
	expect_bad(version2, sizeof(version2), "protocol version 2");
	expect_bad(huge, sizeof(huge), "at most");
}

/* Payloads that parse as messages but not as their type. */
static void test_bad_payloads(void **state)
{
	struct netproto_hello h = { NETPROTO_VERSION, 2, 48000, "ok" }, back;
	float out[2 * NETPROTO_MAX_FRAMES];
	struct netproto_msg m;
	struct errbuf eb;
	size_t n, frames;
	uint32_t seq;

	(void)state;
	n = netproto_put_hello(buf, sizeof(buf), NETPROTO_HELLO, &h);
	m = parse_one(n);
	m.len--;	/* token length says more than there is */
	errbuf_init(&eb);
	assert_int_equal(netproto_get_hello(&m, &back, &eb), ERR_INVALID);
	strcpy(h.token, "has space");
	m = parse_one(netproto_put_hello(buf, sizeof(buf), NETPROTO_HELLO, &h));
	errbuf_init(&eb);
	assert_int_equal(netproto_get_hello(&m, &back, &eb), ERR_INVALID);
	/* a NUL inside the token (found by fuzz_netproto): "ok\0x" is not "ok" */
	strcpy(h.token, "okNx");
	n = netproto_put_hello(buf, sizeof(buf), NETPROTO_HELLO, &h);
	buf[NETPROTO_HEADER + 9 + 2] = '\0';
	m = parse_one(n);
	errbuf_init(&eb);
	assert_int_equal(netproto_get_hello(&m, &back, &eb), ERR_INVALID);
	strcpy(h.token, "ok");
	h.channels = 3;
	m = parse_one(netproto_put_hello(buf, sizeof(buf), NETPROTO_HELLO, &h));
	errbuf_init(&eb);
	assert_int_equal(netproto_get_hello(&m, &back, &eb), ERR_INVALID);
	h.channels = 2;
	h.rate = 7;
	m = parse_one(netproto_put_hello(buf, sizeof(buf), NETPROTO_HELLO, &h));
	errbuf_init(&eb);
	assert_int_equal(netproto_get_hello(&m, &back, &eb), ERR_INVALID);
	/* audio: 3 bytes of sound is not whole stereo frames */
	m = (struct netproto_msg){ NETPROTO_AUDIO, buf, 7 };
	errbuf_init(&eb);
	assert_int_equal(netproto_get_audio(&m, 2, out, &frames, &seq, &eb), ERR_INVALID);
	assert_int_equal(frames, 0);
	m = (struct netproto_msg){ NETPROTO_AUDIO, buf, 3 };
	assert_int_equal(netproto_get_audio(&m, 2, out, &frames, &seq, &eb), ERR_INVALID);
	m = (struct netproto_msg){ NETPROTO_AUDIO, buf, 4 + 4 * (NETPROTO_MAX_FRAMES + 1) };
	errbuf_init(&eb);
	assert_int_equal(netproto_get_audio(&m, 2, out, &frames, &seq, &eb), ERR_INVALID);
	m = (struct netproto_msg){ NETPROTO_FLUSH, buf, 0 };
	assert_int_equal(netproto_get_audio(&m, 2, out, &frames, &seq, &eb), ERR_INVALID);
}

/* Random bytes, and random corruptions of good messages: an answer,
 * never a read out of bounds (the sanitizers watch). */
static void test_random_bytes(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	float out[2 * NETPROTO_MAX_FRAMES];
	int ok = 0, more = 0, bad = 0;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t n = 1 + (size_t)(x % 64), used, frames;
		struct netproto_hello h;
		struct netproto_msg m;
		struct errbuf eb;
		uint32_t seq;
		uint8_t *b = xmalloc(n);	/* exact size: ASan sees any overread */

		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			b[i] = (uint8_t)x;
		}
		if (round % 2) {	/* a plausible header over the noise */
			b[0] = 'T';
			if (n > 1)
				b[1] = 'V';
			if (n > 3)
				b[3] = NETPROTO_VERSION;
			if (n > 7)
				b[5] = b[6] = b[7] = 0, b[4] = (uint8_t)(n - 8 - round % 3);
		}
		errbuf_init(&eb);
		switch (netproto_next(b, n, &m, &used, &eb)) {
		case NETPROTO_OK:
			ok++;
			assert_true(used <= n);
			netproto_get_hello(&m, &h, &eb);
			netproto_get_accept(&m, &h, &eb);
			netproto_get_audio(&m, 1 + round % 2, out, &frames, &seq, &eb);
			break;
		case NETPROTO_MORE: more++; break;
		case NETPROTO_BAD: bad++; break;
		}
		free(b);
	}
	print_message("random: %d messages, %d partial, %d refused\n", ok, more, bad);
	assert_true(ok > 0 && more > 0 && bad > 0);
}

static void test_tokens(void **state)
{
	(void)state;
	assert_true(netproto_token_valid("abc-DEF_0.9"));
	assert_false(netproto_token_valid(""));
	assert_false(netproto_token_valid("a b"));
	assert_false(netproto_token_valid("a;b"));
	assert_false(netproto_token_valid("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
	assert_true(netproto_token_equal("abc", "abc"));
	assert_false(netproto_token_equal("abc", "abd"));
	assert_false(netproto_token_equal("abc", "abcd"));
	assert_false(netproto_token_equal("abc", ""));
	assert_false(netproto_token_equal("", "abc"));
}

static void expect_port(const char *spec, int want)
{
	struct errbuf eb;
	int port = -1;

	errbuf_init(&eb);
	if (netproto_parse_addr(spec, &port, &eb) != ERR_OK || port != want)
		fail_msg("'%s': %s, port %d", spec, errbuf_msg(&eb), port);
}

static void expect_refused(const char *spec, const char *why)
{
	struct errbuf eb;
	int port = -1;

	errbuf_init(&eb);
	assert_int_equal(netproto_parse_addr(spec, &port, &eb), ERR_INVALID);
	if (!strstr(errbuf_msg(&eb), why))
		fail_msg("'%s': '%s' does not say '%s'", spec, errbuf_msg(&eb), why);
}

static void test_addresses(void **state)
{
	(void)state;
	expect_port("47380", 47380);
	expect_port("127.0.0.1:47380", 47380);
	expect_port("localhost:1", 1);
	expect_refused("192.168.1.20:47380", "loopback");
	expect_refused("0.0.0.0:47380", "loopback");
	expect_refused("renderbox:47380", "loopback");
	expect_refused("127.0.0.10:47380", "loopback");
	expect_refused(":47380", "loopback");
	expect_refused("0", "bad port");
	expect_refused("65536", "bad port");
	expect_refused("47380x", "bad port");
	expect_refused("", "bad port");
}

static void test_token_file(void **state)
{
	char *path = xasprintf("%s/cfg/turnover/listen-token", audiogen_dir_path());
	char a[NETTOKEN_SIZE], b[NETTOKEN_SIZE], back[NETTOKEN_SIZE];
	struct errbuf eb;
	struct stat st;
	FILE *fp;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(nettoken_load(path, back, &eb), ERR_NOT_FOUND);
	errbuf_init(&eb);
	assert_int_equal(nettoken_generate(a, &eb), ERR_OK);
	assert_int_equal(nettoken_generate(b, &eb), ERR_OK);
	assert_int_equal(strlen(a), 32);
	assert_true(netproto_token_valid(a));
	assert_string_not_equal(a, b);
	assert_int_equal(nettoken_save(path, a, &eb), ERR_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(nettoken_load(path, back, &eb), ERR_OK);
	assert_string_equal(back, a);
	chmod(path, 0644);
	errbuf_init(&eb);
	assert_int_equal(nettoken_load(path, back, &eb), ERR_CONFIG);
	assert_non_null(strstr(errbuf_msg(&eb), "chmod 600"));
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("not a token!\n", fp);
	fclose(fp);
	chmod(path, 0600);
	errbuf_init(&eb);
	assert_int_equal(nettoken_load(path, back, &eb), ERR_CONFIG);
	free(path);
}

static int setup(void **state)
{
	(void)state;
	audiogen_dir("test_netproto");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	audiogen_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hello_round_trip),
		cmocka_unit_test(test_other_round_trips),
		cmocka_unit_test(test_partial),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_bad_payloads),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_token_file),
	};
	return cmocka_run_group_tests_name("netproto", tests, setup, teardown);
}
