#!/bin/sh
# run_mhl.sh [SECONDS]: builds the hash-list reader's fuzzer (fuzz_mhl.c)
# with clang and libFuzzer and runs it for a bounded time (default
# $FUZZ_MHL_SECONDS, else 10).  It needs only the few core files that read
# and write hash lists, compiled here with the fuzzer's instrumentation.
# Seeds: a manifest as turnover writes it and one as other MHL tools do.
#
# A crash, leak or sanitizer report fails the script; the input is kept
# as $TURNOVER_BUILDDIR/tests/fuzz/fuzz_mhl-crash-HASH.mhl (printed).
# Exit status: 0 nothing found, 1 found something (or could not build),
# 77 no clang/libFuzzer, or SECONDS 0 (skipped).  See fuzzlib.sh.
set -u
name=run_mhl.sh
. "$(dirname "$0")/fuzzlib.sh"
fuzz_setup "${1:-${FUZZ_MHL_SECONDS:-10}}"

files="$srcdir/tests/fuzz/fuzz_mhl.c"
for m in prep/mhl prep/mhl_read err xalloc strbuf; do
	files="$files $srcdir/src/core/$m.c"
done
# shellcheck disable=SC2086
fuzz_build fuzz_mhl $files -lxxhash
mkdir -p "$work/seeds" || exit 1
cat >"$work/seeds/turnover.mhl" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<hashlist version="1.1">
  <creatorinfo>
    <tool>turnover 0.1.0</tool>
  </creatorinfo>
  <hash>
    <file>/media/a &amp; b &#xE9;.wav</file>
    <size>3</size>
    <lastmodificationdate>2023-11-14T22:13:20Z</lastmodificationdate>
    <xxhash64be>44bc2cf5ad770999</xxhash64be>
    <xxh128>99aa06d3014798d86001c324468d497f</xxh128>
  </hash>
  <hash>
    <file>reel1.aaf</file>
    <size>0</size>
    <lastmodificationdate>1970-01-01T00:00:00Z</lastmodificationdate>
    <xxhash64be>ef46db3751d8e999</xxhash64be>
    <xxh128>99aa06d3014798d86001c324468d497f</xxh128>
  </hash>
</hashlist>
XML
cat >"$work/seeds/other.mhl" <<'XML'
<?xml version='1.0' encoding='utf-8'?>
<hashlist version="1.0">
  <creatorinfo><name>D</name><username>d</username><hostname>h</hostname>
    <tool>o/COPY</tool><startdate>2018-01-07T21:31:17Z</startdate></creatorinfo>
  <hash><file>Card\A001.mxf</file><size>7340032000</size>
    <xxhash64be>4f4a9e4dcc5e6354</xxhash64be><md5>d41d8cd98f00b204e9800998ecf8427e</md5>
    <lastmodificationdate>2018-01-05T21:26:59Z</lastmodificationdate>
    <hashdate>2018-01-07T21:31:52Z</hashdate></hash>
</hashlist>
XML
fuzz_run fuzz_mhl "$work/seeds" 8192 mhl
