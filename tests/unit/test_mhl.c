/* test_mhl.c: hashes, the manifest's exact form, its determinism, and reading hash lists. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "prep/mhl.h"
#include "xalloc.h"

static void digest_of(const void *buf, size_t len, size_t chunk, struct mhl_digest *d)
{
	struct mhl_hasher *h = mhl_hasher_new();
	const char *p = buf;

	memset(d, 0, sizeof(*d));
	for (size_t off = 0; off < len; off += chunk)
		mhl_hasher_update(h, p + off, len - off < chunk ? len - off : chunk);
	mhl_hasher_digest(h, d);
	mhl_hasher_free(h);
}

/* Published xxHash answers: XXH64("") and XXH64("abc") with seed 0, XXH3-128(""). */
static void test_known_answers(void **state)
{
	struct mhl_digest d;
	char buf[40];

	(void)state;
	digest_of("", 0, 1, &d);
	mhl_format_xxh64(&d, buf, sizeof(buf));
	assert_string_equal(buf, "ef46db3751d8e999");
	mhl_format_xxh128(&d, buf, sizeof(buf));
	assert_string_equal(buf, "99aa06d3014798d86001c324468d497f");
	assert_int_equal(d.size, 0);
	digest_of("abc", 3, 3, &d);
	mhl_format_xxh64(&d, buf, sizeof(buf));
	assert_string_equal(buf, "44bc2cf5ad770999");
	assert_int_equal(d.size, 3);
}

/* Any chunking gives the same digest as one update. */
static void test_chunking(void **state)
{
	size_t len = 300000;
	unsigned char *data = xmalloc(len);
	struct mhl_digest one, many;
	const size_t chunks[] = { 1, 7, 64, 4096, 65537 };

	(void)state;
	for (size_t i = 0; i < len; i++)
		data[i] = (unsigned char)(i * 2654435761u >> 13);
	digest_of(data, len, len, &one);
	for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		digest_of(data, len, chunks[c], &many);
		assert_int_equal(many.size, (int64_t)len);
		assert_true(many.xxh64 == one.xxh64);
		assert_true(many.xxh128_hi == one.xxh128_hi && many.xxh128_lo == one.xxh128_lo);
	}
	data[len / 2] ^= 1;
	digest_of(data, len, 4096, &many);
	assert_true(many.xxh64 != one.xxh64);
	assert_true(many.xxh128_hi != one.xxh128_hi || many.xxh128_lo != one.xxh128_lo);
	free(data);
}

static const char expected_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<hashlist version=\"1.1\">\n"
	"  <creatorinfo>\n"
	"    <tool>turnover test</tool>\n"
	"  </creatorinfo>\n"
	"  <hash>\n"
	"    <file>/media/a &amp; b.wav</file>\n"
	"    <size>3</size>\n"
	"    <lastmodificationdate>2023-11-14T22:13:20Z</lastmodificationdate>\n"
	"    <xxhash64be>44bc2cf5ad770999</xxhash64be>\n"
	"    <xxh128>%s</xxh128>\n"
	"  </hash>\n"
	"  <hash>\n"
	"    <file>show.aaf</file>\n"
	"    <size>0</size>\n"
	"    <lastmodificationdate>1970-01-01T00:00:00Z</lastmodificationdate>\n"
	"    <xxhash64be>ef46db3751d8e999</xxhash64be>\n"
	"    <xxh128>99aa06d3014798d86001c324468d497f</xxh128>\n"
	"  </hash>\n"
	"</hashlist>\n";

static struct mhl *sample(bool reversed)
{
	struct mhl *m = mhl_new();
	struct mhl_digest a, b;

	digest_of("abc", 3, 3, &a);
	a.mtime = 1700000000;
	digest_of("", 0, 1, &b);
	b.mtime = 0;
	if (reversed) {
		mhl_add(m, "show.aaf", &b);
		mhl_add(m, "/media/a & b.wav", &a);
	} else {
		mhl_add(m, "/media/a & b.wav", &a);
		mhl_add(m, "show.aaf", &b);
		mhl_add(m, "show.aaf", &b);
	}
	return m;
}

/* The exact bytes: sorted, escaped, no dates but the files' own, no duplicates. */
static void test_format_exact(void **state)
{
	struct mhl *m1 = sample(false), *m2 = sample(true);
	struct mhl_digest abc;
	char h128[40], want[2048];
	size_t len1, len2;
	char *x1 = mhl_format(m1, "turnover test", &len1);
	char *x2 = mhl_format(m2, "turnover test", &len2);

	(void)state;
	digest_of("abc", 3, 3, &abc);
	mhl_format_xxh128(&abc, h128, sizeof(h128));
	snprintf(want, sizeof(want), expected_xml, h128);
	assert_string_equal(x1, want);
	assert_int_equal(len1, strlen(want));
	assert_int_equal(len1, len2);
	assert_memory_equal(x1, x2, len1);
	assert_int_equal(m1->n_entries, 2);
	free(x1);
	free(x2);
	mhl_free(m1);
	mhl_free(m2);
}

/* What we write reads back field for field, odd names included. */
static void test_round_trip(void **state)
{
	static const char *const names[] = {
		"plain.wav", " lead and trail ", "a&b<c>d\"e'f.wav", "caf\xc3\xa9 \xe2\x99\xaa.aif",
		"sub/dir/x.wav", "tab\there",
	};
	size_t n = sizeof(names) / sizeof(names[0]), len;
	struct mhl *m = mhl_new(), *back;
	struct errbuf eb;
	char *xml;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		struct mhl_digest d;

		digest_of(names[i], strlen(names[i]), 5, &d);
		d.mtime = 1000000000 + (int64_t)i * 86399;
		mhl_add(m, names[i], &d);
	}
	xml = mhl_format(m, "t<&>", &len);
	errbuf_init(&eb);
	assert_int_equal(mhl_parse(xml, len, &back, &eb), ERR_OK);
	assert_int_equal(back->n_entries, n);
	for (size_t i = 0; i < n; i++) {
		const struct mhl_entry *a = &m->entries[i], *b = &back->entries[i];

		assert_string_equal(a->file, b->file);
		assert_true(b->has_size && b->has_mtime && b->has_xxh64 && b->has_xxh128);
		assert_true(a->d.size == b->d.size && a->d.mtime == b->d.mtime);
		assert_true(a->d.xxh64 == b->d.xxh64);
		assert_true(a->d.xxh128_hi == b->d.xxh128_hi && a->d.xxh128_lo == b->d.xxh128_lo);
	}
	free(xml);
	mhl_free(m);
	mhl_free(back);
}

/* A v1.1 list from another tool: md5 only, hashdate, dates in the creator info. */
static void test_foreign_list(void **state)
{
	static const char xml[] =
		"<?xml version='1.0' encoding='utf-8'?>\n<hashlist version=\"1.1\">\n"
		"<creatorinfo><name>X</name><startdate>2018-01-07T21:31:17Z</startdate></creatorinfo>\n"
		"<hash><file>Card\\A001.mxf</file><size>7340032000</size>"
		"<xxhash64be>4F4A9E4DCC5E6354</xxhash64be>"
		"<lastmodificationdate>2018-01-05T21:26:59Z</lastmodificationdate>"
		"<hashdate>2018-01-07T21:31:52Z</hashdate></hash>\n"
		"<hash>\n <file> b.wav</file>\n <md5>d41d8cd98f00b204e9800998ecf8427e</md5>\n"
		" <lastmodificationdate>yesterday</lastmodificationdate></hash>\n</hashlist>\n";
	struct mhl *m;
	struct errbuf eb;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(mhl_parse(xml, sizeof(xml) - 1, &m, &eb), ERR_OK);
	assert_int_equal(m->n_entries, 2);
	assert_string_equal(m->entries[0].file, "Card/A001.mxf");
	assert_true(m->entries[0].has_size && m->entries[0].d.size == 7340032000LL);
	assert_true(m->entries[0].has_xxh64 && m->entries[0].d.xxh64 == 0x4f4a9e4dcc5e6354ULL);
	assert_false(m->entries[0].has_xxh128);
	assert_true(m->entries[0].has_mtime && m->entries[0].d.mtime == 1515187619);
	assert_string_equal(m->entries[1].file, " b.wav");
	assert_false(m->entries[1].has_xxh64 || m->entries[1].has_xxh128 || m->entries[1].has_size);
	assert_false(m->entries[1].has_mtime);
	mhl_free(m);
}

static void expect_invalid(const char *xml)
{
	struct mhl *m = (struct mhl *)1;
	struct errbuf eb;

	errbuf_init(&eb);
	assert_int_equal(mhl_parse(xml, strlen(xml), &m, &eb), ERR_INVALID);
	assert_null(m);
	assert_true(strlen(errbuf_msg(&eb)) > 0);
}

static void test_bad_lists(void **state)
{
	static const char nul[] = "<hashlist><hash><file>a\0b</file></hash></hashlist>";
	struct mhl *m;
	struct errbuf eb;

	(void)state;
	expect_invalid("");
	expect_invalid("<html>no</html>");
	expect_invalid("<hashlist><hash><file>a</file>");
	expect_invalid("<hashlist><hash><size>3</size></hash></hashlist>");
	expect_invalid("<hashlist><hash><file></file></hash></hashlist>");
	expect_invalid("<hashlist><hash><file>a</file><size>-3</size></hash></hashlist>");
	expect_invalid("<hashlist><hash><file>a</file><size>99999999999999999999</size></hash></hashlist>");
	expect_invalid("<hashlist><hash><file>a</file><xxhash64be>xyz</xxhash64be></hash></hashlist>");
	expect_invalid("<hashlist><hash><file>a</file><xxhash64be>00112233445566778</xxhash64be></hash></hashlist>");
	expect_invalid("<hashlist><hash><file>a</file><xxh128>12</xxh128x></hash></hashlist>");
	expect_invalid("<hashlist><hash><file>a&bogus;</file></hash></hashlist>");
	expect_invalid("<hashlist><hash><file>a&#0;</file></hash></hashlist>");
	expect_invalid("<hashlist><hash><file>a&#x110000;</file></hash></hashlist>");
	expect_invalid("<hashlist><hash><file>a<b/></file></hash></hashlist>");
	errbuf_init(&eb);
	assert_int_equal(mhl_parse(nul, sizeof(nul) - 1, &m, &eb), ERR_INVALID);
	/* an empty list is a list */
	errbuf_init(&eb);
	assert_int_equal(mhl_parse("<hashlist version=\"1.1\"></hashlist>", 35, &m, &eb), ERR_OK);
	assert_int_equal(m->n_entries, 0);
	mhl_free(m);
}

/* Every prefix of a good list either reads or is refused; never a crash. */
static void test_truncations(void **state)
{
	struct mhl *m = sample(false), *back;
	size_t len, ok = 0;
	char *xml = mhl_format(m, "t", &len);

	(void)state;
	for (size_t n = 0; n <= len; n++) {
		struct errbuf eb;
		char *cut = xstrndup(xml, n);
		enum err e;

		errbuf_init(&eb);
		e = mhl_parse(cut, n, &back, &eb);
		assert_true(e == ERR_OK || e == ERR_INVALID);
		ok += e == ERR_OK;
		mhl_free(back);
		free(cut);
	}
	assert_true(ok > 0);
	free(xml);
	mhl_free(m);
}

/* Thousands of random byte edits of a good list: each reads or is refused. */
static void test_mutations(void **state)
{
	static const char marks[] = "<>/&;#x\"' \n0aZ";
	struct mhl *m = sample(false), *back;
	size_t len, read = 0, refused = 0;
	char *xml = mhl_format(m, "t", &len);
	uint32_t rng = 12345;

	(void)state;
	for (int round = 0; round < 4000; round++) {
		char *mut = xstrndup(xml, len);
		struct errbuf eb;
		enum err e;

		for (int k = 0; k <= round % 4; k++) {
			rng = rng * 1664525u + 1013904223u;
			mut[(rng >> 8) % len] = marks[(rng >> 3) % (sizeof(marks) - 1)];
		}
		errbuf_init(&eb);
		e = mhl_parse(mut, len, &back, &eb);
		assert_true(e == ERR_OK || e == ERR_INVALID);
		assert_true((e == ERR_OK) == (back != NULL));
		read += e == ERR_OK;
		refused += e == ERR_INVALID;
		mhl_free(back);
		free(mut);
	}
	assert_true(read > 0 && refused > 0);
	free(xml);
	mhl_free(m);
}

/* A long list reads in linear time (it once took 46 s for these 20,000). */
static void test_large_list(void **state)
{
	struct mhl *m = mhl_new(), *back;
	struct mhl_digest d;
	struct timespec t0, t1;
	struct errbuf eb;
	char name[64], *xml;
	size_t len;

	(void)state;
	memset(&d, 0, sizeof(d));
	for (int i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "/media/reel/%06d.wav", i);
		d.xxh64 = (uint64_t)i;
		d.size = i;
		mhl_add(m, name, &d);
	}
	xml = mhl_format(m, "t", &len);
	errbuf_init(&eb);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(mhl_parse(xml, len, &back, &eb), ERR_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(back->n_entries, 20000);
	assert_true(back->entries[19999].d.xxh64 == 19999 && back->entries[19999].d.size == 19999);
	assert_true((t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9 < 10.0);
	free(xml);
	mhl_free(m);
	mhl_free(back);
}

static void test_time(void **state)
{
	char buf[32];

	(void)state;
	mhl_format_time(0, buf, sizeof(buf));
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	mhl_format_time(1700000000, buf, sizeof(buf));
	assert_string_equal(buf, "2023-11-14T22:13:20Z");
	mhl_format_time(951782400, buf, sizeof(buf));
	assert_string_equal(buf, "2000-02-29T00:00:00Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_answers),
		cmocka_unit_test(test_chunking),
		cmocka_unit_test(test_format_exact),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_foreign_list),
		cmocka_unit_test(test_bad_lists),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_large_list),
		cmocka_unit_test(test_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
