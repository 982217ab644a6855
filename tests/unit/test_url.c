/* test_url.c: known answers for every locator form url.h accepts. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "media/url.h"

struct known {
	const char *url;
	const char *path;	/* NULL: refused */
};

static void check_paths(const struct known *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *p = url_to_path(k[i].url);

		if (!k[i].path) {
			if (p)
				fail_msg("'%s' gave '%s', expected NULL", k[i].url, p);
			continue;
		}
		if (!p)
			fail_msg("'%s' gave NULL, expected '%s'", k[i].url, k[i].path);
		assert_string_equal(p, k[i].path);
		free(p);
	}
}

static void test_file_urls(void **state)
{
	static const struct known k[] = {
		{ "file:///Volumes/EDIT_RAID/SPOT_2026/media/Clip%20161.wav",
		  "/Volumes/EDIT_RAID/SPOT_2026/media/Clip 161.wav" },
		{ "file://localhost/C:/dir/x.wav", "C:/dir/x.wav" },
		{ "file://LOCALHOST/C:/dir/x.wav", "C:/dir/x.wav" },
		{ "file:///C:/dir/x.wav", "C:/dir/x.wav" },
		{ "file:///C%3A/OMFI%20MediaFiles/700.ExportA01.aif", "C:/OMFI MediaFiles/700.ExportA01.aif" },
		{ "file:///c%3a/Users/user/Desktop/res/1000hz.wav", "c:/Users/user/Desktop/res/1000hz.wav" },
		{ "file://C:/dir/x.wav", "C:/dir/x.wav" },
		{ "file://C%3A/dir/x.wav", "C:/dir/x.wav" },
		{ "file:///C|/dir/x.wav", "C:/dir/x.wav" },
		{ "file://C|/dir/x.wav", "C:/dir/x.wav" },
		{ "file:///D:", "D:" },
		{ "file://localhost/E:/EDIT_RAID/PROJECT/media/IMG_0250_audio.wav",
		  "E:/EDIT_RAID/PROJECT/media/IMG_0250_audio.wav" },
		{ "file://hostname/share/dir/x.wav", "/share/dir/x.wav" },
		{ "file://VSD/Tools_Media/Avid%20MediaFiles/MXF/reverb.1/tech.fux%20(loop)59BAB32D.1.mxf",
		  "/Tools_Media/Avid MediaFiles/MXF/reverb.1/tech.fux (loop)59BAB32D.1.mxf" },
		{ "file:////server/share/x.wav", "/share/x.wav" },
		{ "file://///server/share/x.wav", "/share/x.wav" },
		{ "file:/abs/x.wav", "/abs/x.wav" },
		{ "file:x.wav", "x.wav" },
		{ "file:media/x.wav", "media/x.wav" },
		{ "FILE:///abs/x.wav", "/abs/x.wav" },
		{ "File://localhost/abs/x.wav", "/abs/x.wav" },
		{ "file:///", "/" },
		/* backslashes, literal or escaped, are separators */
		{ "file:///C:\\dir\\x.wav", "C:/dir/x.wav" },
		{ "file:///C:%5Cdir%5cx.wav", "C:/dir/x.wav" },
		/* '?' and '#' are file name characters here */
		{ "file:///a/Take%20#3?.wav", "/a/Take #3?.wav" },
		/* refused */
		{ "http://host/x.wav", NULL },
		{ "ftp://host/x.wav", NULL },
		{ "urn:x", NULL },
		{ "", NULL },
		{ "file:", NULL },
		{ "file://", NULL },
		{ "file://localhost", NULL },
		{ "file:////", NULL },
	};

	(void)state;
	check_paths(k, sizeof(k) / sizeof(k[0]));
	assert_null(url_to_path(NULL));
}

static void test_plain_paths(void **state)
{
	static const struct known k[] = {
		{ "/abs/x.wav", "/abs/x.wav" },
		{ "C:\\dir\\x.wav", "C:/dir/x.wav" },
		{ "c:/dir/x.wav", "c:/dir/x.wav" },
		{ "\\\\server\\share\\dir\\x.wav", "/share/dir/x.wav" },
		{ "media/x.wav", "media/x.wav" },
		{ "x.wav", "x.wav" },
		/* no decoding without a scheme: '%' is a legal name character */
		{ "/abs/100%25 mix.wav", "/abs/100%25 mix.wav" },
	};

	(void)state;
	check_paths(k, sizeof(k) / sizeof(k[0]));
}

static void test_percent_utf8(void **state)
{
	static const struct known k[] = {
		{ "file:///Volumes/EDIT_RAID/PROJECT/media/caf%c3%a9_sc%c3%a8ne.wav",
		  "/Volumes/EDIT_RAID/PROJECT/media/caf\xc3\xa9_sc\xc3\xa8ne.wav" },
		{ "file:///Volumes/EDIT_RAID/SPOT_2026/media/caf%C3%A9_sc%C3%A8ne.wav",
		  "/Volumes/EDIT_RAID/SPOT_2026/media/caf\xc3\xa9_sc\xc3\xa8ne.wav" },
		{ "file:///G%3a/subdir1/M%c3%a9dia%20AAF/%e8%8a%b1/bb6deb92.wav",
		  "G:/subdir1/M\xc3\xa9" "dia AAF/\xe8\x8a\xb1/bb6deb92.wav" },
		{ "file:///a/M%C3%A9dia%20AAF/%E8%8A%B1/", "/a/M\xc3\xa9" "dia AAF/\xe8\x8a\xb1/" },
		/* bytes that are not UTF-8 pass through */
		{ "file:///a/caf%E9.wav", "/a/caf\xe9.wav" },
		/* an escaped '/' is a separator like any other */
		{ "file:///a/b%2Fc.wav", "/a/b/c.wav" },
	};

	(void)state;
	check_paths(k, sizeof(k) / sizeof(k[0]));
}

static void test_bad_escapes(void **state)
{
	static const struct known k[] = {
		{ "file:///a/%zz.wav", "/a/%zz.wav" },
		{ "file:///a/x%", "/a/x%" },
		{ "file:///a/x%4", "/a/x%4" },
		{ "file:///a/x%4g", "/a/x%4g" },
		{ "file:///a/%%41", "/a/%A" },
		/* %00 never becomes a NUL */
		{ "file:///a/%00x.wav", "/a/%00x.wav" },
		{ "file:///a/x.wav%00", "/a/x.wav%00" },
	};
	char *d;

	(void)state;
	check_paths(k, sizeof(k) / sizeof(k[0]));
	d = url_decode("%41%62%2f%");
	assert_string_equal(d, "Ab/%");
	free(d);
	d = url_decode("");
	assert_string_equal(d, "");
	free(d);
}

static void test_basename(void **state)
{
	static const struct known k[] = {
		{ "file:///Volumes/EDIT_RAID/PROJECT/media/caf%c3%a9_sc%c3%a8ne.wav",
		  "caf\xc3\xa9_sc\xc3\xa8ne.wav" },
		{ "file://localhost/E:/EDIT_RAID/PROJECT/media/IMG_0250_audio.wav", "IMG_0250_audio.wav" },
		{ "file:///G%3a/subdir1/M%c3%a9dia%20AAF/%e8%8a%b1/bb6deb92.wav", "bb6deb92.wav" },
		{ "file:///a/Clip%20161.wav", "Clip 161.wav" },
		{ "C:\\dir\\x.wav", "x.wav" },
		{ "file:x.wav", "x.wav" },
		{ "x.wav", "x.wav" },
		{ "file:///a/M%C3%A9dia%20AAF/%E8%8A%B1/", NULL },
		{ "file:///C:/", NULL },
		{ "file:///C:", NULL },
		{ "http://host/x.wav", NULL },
		{ "", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		char *b = url_basename(k[i].url);

		if (!k[i].path) {
			if (b)
				fail_msg("basename of '%s' gave '%s', expected NULL", k[i].url, b);
			continue;
		}
		if (!b)
			fail_msg("basename of '%s' gave NULL", k[i].url);
		assert_string_equal(b, k[i].path);
		free(b);
	}
	assert_null(url_basename(NULL));
}

static void test_has_drive(void **state)
{
	(void)state;
	assert_true(url_has_drive("C:/x"));
	assert_true(url_has_drive("z:"));
	assert_false(url_has_drive("C:x"));
	assert_false(url_has_drive("/C:/x"));
	assert_false(url_has_drive("1:/x"));
	assert_false(url_has_drive(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_urls),
		cmocka_unit_test(test_plain_paths),
		cmocka_unit_test(test_percent_utf8),
		cmocka_unit_test(test_bad_escapes),
		cmocka_unit_test(test_basename),
		cmocka_unit_test(test_has_drive),
	};
	return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
