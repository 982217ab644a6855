#!/bin/sh
# test_analyze_inputs.sh: `turnover analyze --json` on the bad and unusual
# inputs of issue 4, each written by tests/fixtures/gen_bad_audio: zero
# frames, silence, clipping, DC offset, 8 and 192 kHz, 1 and 8 channels,
# 24-bit and float WAV, AIFF, FLAC, Ogg, a very short file, a file name
# that is not UTF-8, a truncated file, garbage, and an AAF clip that runs
# past the end of its file.  Each gets a class, the tag or the problem
# code expected (a problem that both the classifier and the channel checks
# find listed once), or (unreadable files) exit status 3 with one
# media_unreadable problem (not also media_missing); never a signal or a
# sanitizer report.
set -u
build=${TURNOVER_BUILDDIR:-.}
turnover=$build/src/turnover
gen=$build/tests/fixtures/gen_bad_audio
for p in "$turnover" "$gen"; do
	if [ ! -x "$p" ]; then
		echo "FAIL: '$p' is not built"
		exit 99
	fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/analyze_inputs.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/in"
if ! "$gen" "$tmp/in" >"$tmp/list"; then
	echo "FAIL: gen_bad_audio could not write the cases"
	exit 1
fi
pass=0
fail=0
tmo=
command -v timeout >/dev/null 2>&1 && tmo="timeout 60"
ok() { echo "ok: $1"; pass=$((pass + 1)); }
bad() {
	echo "FAIL: $1"
	sed 's/^/    | /' "$tmp/err" | head -n 20
	sed 's/^/    > /' "$tmp/out" | head -n 40
	fail=$((fail + 1))
}

tab=$(printf '\t')
while IFS="$tab" read -r path expect; do
	name=$(basename "$path")
	# shellcheck disable=SC2086
	$tmo "$turnover" analyze --no-cache --json "$path" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	flat=$(tr -s ' \n' '  ' <"$tmp/out")
	if [ $rc -ge 124 ] || grep -q -e "Sanitizer" -e "runtime error" "$tmp/err"; then
		bad "$name: exit $rc (signal, hang or sanitizer report)"
		continue
	fi
	case $flat in
	'{ "version": 1, "clips": [ {'*' ], "pairs": ['*'] }'*) ;;
	*) bad "$name: not the JSON document"; continue ;;
	esac
	case $expect in
	class)
		if [ $rc -eq 0 ] && echo "$flat" | grep -q '"class": "\(dialogue\|music\|sfx\)", "confidence": 0\.[0-9]'; then
			ok "$name: $(echo "$flat" | sed 's/.*"class": "\([a-z]*\)", "confidence": \([0-9.]*\).*/\1 \2/')"
		else
			bad "$name: expected a class with a confidence (exit $rc)"
		fi ;;
	tag:*)
		tag=${expect#tag:}
		if [ $rc -eq 0 ] && echo "$flat" | grep -q "\"tags\": \[ \"$tag\""; then
			ok "$name: tag $tag"
		else
			bad "$name: expected tag $tag (exit $rc)"
		fi ;;
	problem:*)
		code=${expect#problem:}
		if [ $rc -eq 0 ] && echo "$flat" | grep -q "\"code\": \"$code\"" &&
		   echo "$flat" | grep -q '"class": "[a-z]*"'; then
			ok "$name: problem $code"
		else
			bad "$name: expected problem $code and a class (exit $rc)"
		fi ;;
	once:*)
		code=${expect#once:}
		n=$(grep -c "\"code\": \"$code\"" "$tmp/out")
		if [ $rc -eq 0 ] && [ "$n" -eq 1 ]; then
			ok "$name: problem $code, once"
		else
			bad "$name: expected problem $code once, got $n (exit $rc)"
		fi ;;
	error)
		if [ $rc -eq 3 ] && [ "$(grep -c '"code": "media_' "$tmp/out")" -eq 1 ] &&
		   echo "$flat" | grep -q '"code": "media_unreadable"' &&
		   echo "$flat" | grep -q '"class": null'; then
			ok "$name: unreadable, exit 3"
		else
			bad "$name: expected exit 3 and media_unreadable (exit $rc)"
		fi ;;
	*)
		bad "$name: unknown expectation '$expect'" ;;
	esac
done <"$tmp/list"
# all the cases at once: the same document with one thread as with three
# (clips are classified and measured on several threads; the output does
# not depend on how many)
# shellcheck disable=SC2046
$tmo "$turnover" analyze --no-cache --json --jobs 1 $(cut -f1 "$tmp/list") >"$tmp/out" 2>"$tmp/err"
# shellcheck disable=SC2046
$tmo "$turnover" analyze --no-cache --json --jobs 3 $(cut -f1 "$tmp/list") >"$tmp/out3" 2>>"$tmp/err"
if [ -s "$tmp/out" ] && cmp -s "$tmp/out" "$tmp/out3"; then
	echo "ok: the same document with --jobs 1 and --jobs 3"
else
	bad "--jobs 1 and --jobs 3 give different documents"
fi
# every case of the generator ran
n=$(wc -l <"$tmp/list")
if [ "$n" -ge 20 ] && [ $((pass + fail)) -eq "$n" ]; then
	ok "$n cases"
else
	bad "ran $((pass + fail)) of $n cases"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
