/*
 * cmd_verify.c: `turnover verify [--json] DIR|MANIFEST`: hash every file a
 * manifest lists again and report what changed.  Exit status 0 when all
 * match, 1 when any file is missing or differs, 2 for a usage error or a
 * manifest that cannot be found or read.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "json.h"
#include "prep/verify.h"
#include "strbuf.h"

static void usage(FILE *fp)
{
	fprintf(fp, "usage: turnover verify [--json] DIR|MANIFEST\n");
}

static void print_item(const struct verify_item *it)
{
	const struct mhl_entry *e = it->entry;
	char want[40], got[40];

	switch (it->status) {
	case VERIFY_OK:
		if (it->mtime_changed) {
			mhl_format_time(it->actual.mtime, got, sizeof(got));
			mhl_format_time(e->d.mtime, want, sizeof(want));
			printf("DATE        %s: modified %s, manifest says %s (contents match)\n",
			       it->path, got, want);
		}
		return;
	case VERIFY_MISSING:
		printf("MISSING     %s\n", it->path);
		return;
	case VERIFY_UNREADABLE:
		printf("UNREADABLE  %s: %s\n", it->path, it->detail ? it->detail : "");
		return;
	case VERIFY_NO_HASH:
		printf("NO HASH     %s: the manifest has no xxhash64be or xxh128 for it\n", it->path);
		return;
	case VERIFY_SIZE:
		printf("SIZE        %s: %" PRId64 " bytes, manifest says %" PRId64 "\n", it->path,
		       it->actual.size, e->d.size);
		return;
	default:
		break;
	}
	if (e->has_xxh64 && e->d.xxh64 != it->actual.xxh64) {
		mhl_format_xxh64(&e->d, want, sizeof(want));
		mhl_format_xxh64(&it->actual, got, sizeof(got));
		printf("HASH        %s: xxhash64be %s, manifest says %s\n", it->path, got, want);
	} else {
		mhl_format_xxh128(&e->d, want, sizeof(want));
		mhl_format_xxh128(&it->actual, got, sizeof(got));
		printf("HASH        %s: xxh128 %s, manifest says %s\n", it->path, got, want);
	}
}

static void print_text(const struct verify_report *r)
{
	size_t bad = r->n_items - r->counts[VERIFY_OK];

	printf("manifest: %s\n", r->manifest);
	for (size_t i = 0; i < r->n_items; i++)
		print_item(&r->items[i]);
	printf("%zu file%s: %zu ok", r->n_items, r->n_items == 1 ? "" : "s", r->counts[VERIFY_OK]);
	if (r->counts[VERIFY_MISSING])
		printf(", %zu missing", r->counts[VERIFY_MISSING]);
	if (r->counts[VERIFY_SIZE] + r->counts[VERIFY_HASH])
		printf(", %zu changed", r->counts[VERIFY_SIZE] + r->counts[VERIFY_HASH]);
	if (r->counts[VERIFY_UNREADABLE])
		printf(", %zu unreadable", r->counts[VERIFY_UNREADABLE]);
	if (r->counts[VERIFY_NO_HASH])
		printf(", %zu without a usable hash", r->counts[VERIFY_NO_HASH]);
	printf("\n%s\n", bad ? "FAILED" : "OK");
}

static void json_digest(struct json_writer *w, const char *prefix, const struct mhl_digest *d,
			bool size, bool x64, bool x128)
{
	char key[40], buf[40];

	if (size) {
		snprintf(key, sizeof(key), "%ssize", prefix);
		json_key(w, key);
		json_int(w, d->size);
	}
	if (x64) {
		snprintf(key, sizeof(key), "%sxxhash64be", prefix);
		mhl_format_xxh64(d, buf, sizeof(buf));
		json_key(w, key);
		json_string(w, buf);
	}
	if (x128) {
		snprintf(key, sizeof(key), "%sxxh128", prefix);
		mhl_format_xxh128(d, buf, sizeof(buf));
		json_key(w, key);
		json_string(w, buf);
	}
}

static void json_item(struct json_writer *w, const struct verify_item *it)
{
	const struct mhl_entry *e = it->entry;
	bool read = it->status != VERIFY_MISSING && it->status != VERIFY_UNREADABLE;

	json_begin_object(w);
	json_key(w, "file");
	json_string(w, e->file);
	json_key(w, "path");
	json_string(w, it->path);
	json_key(w, "status");
	json_string(w, verify_status_name(it->status));
	json_digest(w, "expected_", &e->d, e->has_size, e->has_xxh64, e->has_xxh128);
	if (read) {
		json_digest(w, "", &it->actual, true, e->has_xxh64, e->has_xxh128);
		json_key(w, "mtime_changed");
		json_bool(w, it->mtime_changed);
	}
	if (it->detail) {
		json_key(w, "detail");
		json_string(w, it->detail);
	}
	json_end_object(w);
}

static void print_json(const struct verify_report *r)
{
	struct json_writer w;
	struct strbuf sb;

	strbuf_init(&sb);
	json_writer_init(&w, &sb, true);
	json_begin_object(&w);
	json_key(&w, "manifest");
	json_string(&w, r->manifest);
	json_key(&w, "ok");
	json_bool(&w, verify_report_ok(r));
	json_key(&w, "files");
	json_begin_array(&w);
	for (size_t i = 0; i < r->n_items; i++)
		json_item(&w, &r->items[i]);
	json_end_array(&w);
	json_key(&w, "counts");
	json_begin_object(&w);
	json_key(&w, "total");
	json_int(&w, (int64_t)r->n_items);
	for (int s = 0; s < VERIFY_COUNT; s++) {
		json_key(&w, verify_status_name((enum verify_status)s));
		json_int(&w, (int64_t)r->counts[s]);
	}
	json_end_object(&w);
	json_end_object(&w);
	printf("%s\n", strbuf_str(&sb));
	strbuf_release(&sb);
}

int cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct verify_report *r;
	struct errbuf eb;
	int json = 0, c, status;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	cli_setup_log(0);
	errbuf_init(&eb);
	if (verify_run(argv[optind], &r, &eb) != ERR_OK) {
		cli_error("verify: %s", errbuf_msg(&eb));
		return 2;
	}
	if (json)
		print_json(r);
	else
		print_text(r);
	status = verify_report_ok(r) ? 0 : 1;
	verify_report_free(r);
	return status;
}
