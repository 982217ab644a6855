/*
 * fuzz_aaf.c: libFuzzer target for the AAF reader.  Each input is read as
 * a whole AAF from memory, with media resolution off so that no input can
 * reach the filesystem.  Any outcome is fine except a crash, a hang or a
 * sanitizer report; an error must come with a message.
 *
 * Built by tests/fuzz/build.sh with clang -fsanitize=fuzzer,address,undefined
 * against the core sources (not libturnover.a); run by tests/fuzz/run.sh.
 * To replay one input as the run does:
 *   LSAN_OPTIONS=suppressions=tests/fuzz/lsan.supp BUILD/tests/fuzz/fuzz_aaf FILE
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "aaf/aaf.h"
#include "session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aaf_options opt;
	struct session *s = NULL;
	struct errbuf eb;
	enum err e;

	aaf_options_init(&opt);
	opt.resolve_media = false;
	errbuf_init(&eb);
	e = aaf_read_memory(data, size, &opt, &s, &eb);
	/* the contract: an error has a message, success has a session */
	if (e != ERR_OK && (s != NULL || !eb.msg[0]))
		abort();
	if (e == ERR_OK && !s)
		abort();
	session_free(s);
	return 0;
}
