#!/bin/sh
# test_inspect_errors.sh: `turnover inspect` on a damaged or foreign file
# exits 1 with one line on stderr ("turnover: FILE: what failed") and
# nothing on stdout; on any generated bad case it never dies of a signal,
# a sanitizer report or a hang.  Cases come from tests/fixtures/gen_bad_aaf.
set -u
build=${TURNOVER_BUILDDIR:-.}
turnover=$build/src/turnover
gen=$build/tests/fixtures/gen_bad_aaf
for p in "$turnover" "$gen"; do
	if [ ! -x "$p" ]; then
		echo "FAIL: '$p' is not built"
		exit 99
	fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/inspect_errors.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
if ! "$gen" "$tmp" >"$tmp/list"; then
	echo "FAIL: gen_bad_aaf could not write the cases"
	exit 1
fi
pass=0
fail=0
tmo=
command -v timeout >/dev/null 2>&1 && tmo="timeout 30"

# run NAME ARGS...: inspect with its output in $tmp/out, $tmp/err; sets rc
run() {
	# shellcheck disable=SC2086
	$tmo "$turnover" inspect "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

ok() { echo "ok: $1"; pass=$((pass + 1)); }
bad() {
	echo "FAIL: $1"
	sed 's/^/    | /' "$tmp/err" | head -n 40
	fail=$((fail + 1))
}

# the error contract for the last run: exit 1, no stdout, one stderr line
# naming the file
expect_error() {
	name=$1
	lines=$(wc -l <"$tmp/err")
	if [ "$rc" -ne 1 ]; then
		bad "$name: exit $rc, want 1"
	elif [ -s "$tmp/out" ]; then
		bad "$name: wrote to stdout on error"
	elif [ "$lines" -ne 1 ]; then
		bad "$name: $lines lines on stderr, want 1"
	elif ! grep -q "^turnover: .*: ..*" "$tmp/err"; then
		bad "$name: message '$(cat "$tmp/err")' is not 'turnover: FILE: reason'"
	else
		ok "$name: $(cat "$tmp/err")"
	fi
}

check_error() {
	run "$2"
	expect_error "$1"
}

# files that are no AAF at all, or have no AAF tree: always an error
for c in empty text cfb_no_aaf cfb_no_header props_big_endian header_class_wrong \
	 missing_content strong_ref_empty_name trunc_header; do
	check_error "$c" "$tmp/$c.aaf"
done
check_error "no such file" "$tmp/does-not-exist.aaf"
mkdir "$tmp/dir.aaf"
check_error "a directory" "$tmp/dir.aaf"

# every case: a session (exit 0, some output) or the error contract
while IFS='	' read -r path what; do
	c=$(basename "$path" .aaf)
	run "$path"
	if [ "$rc" -eq 0 ] && [ -s "$tmp/out" ]; then
		ok "$c ($what): read"
	elif [ "$rc" -eq 1 ]; then
		expect_error "$c ($what)"
	elif [ "$rc" -eq 124 ] && [ -n "$tmo" ]; then
		bad "$c ($what): HANG: still reading after 30 s"
	else
		bad "$c ($what): exit $rc"
	fi
done <"$tmp/list"

run --json "$tmp/valid.aaf"
if [ "$rc" -eq 0 ] && head -c 1 "$tmp/out" | grep -q '{'; then
	ok "valid --json"
else
	bad "valid --json: exit $rc"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
