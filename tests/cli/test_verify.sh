#!/bin/sh
# test_verify.sh: `turnover verify` over an output folder with a safety
# copy (written by tests/cli/outdirw through outdir + safety_write, from a
# turnover made by tests/ui/mkturnover): all good, then a changed byte in
# the AAF copy, a changed byte in a media file, a truncated and a missing
# file are each caught; exit status 0/1/2; the manifest is byte-identical
# across runs and the inputs are left as they were.
set -u
build=${TURNOVER_BUILDDIR:-.}
turnover=$build/src/turnover
mk=$build/tests/ui/mkturnover
w=$build/tests/cli/outdirw
for p in "$turnover" "$mk" "$w"; do
	[ -x "$p" ] || { echo "SKIP: $p is not built"; exit 77; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/verify.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
check() {
	if [ "$1" = 0 ]; then
		echo "ok: $2"; pass=$((pass + 1))
	else
		echo "FAIL: $2"; fail=$((fail + 1))
	fi
}
# flip one byte of a file in place, keeping its mtime
poke() {
	cp -p "$1" "$tmp/poke.ref"
	printf 'Z' | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
	touch -r "$tmp/poke.ref" "$1"
}
sums() {
	( cd "$tmp/t" && find . -type f -print0 | sort -z | xargs -0 sha256sum &&
	  find . -type f -print0 | sort -z | xargs -0 stat -c '%n %s %Y' ) >"$1"
}

"$mk" "$tmp/t" >/dev/null || { echo "FAIL: mkturnover"; exit 1; }
aaf=$tmp/t/reels/reel1.aaf
sums "$tmp/sums.before"
"$w" --safety "$aaf" "$tmp/out"
check $? "the safety folder is written"
sums "$tmp/sums.after"
cmp -s "$tmp/sums.before" "$tmp/sums.after"
check $? "the inputs keep their bytes, sizes and mtimes"
cmp -s "$aaf" "$tmp/out/safety/reel1.aaf"
check $? "the copy has the AAF's bytes"
[ "$(stat -c %Y "$aaf")" = "$(stat -c %Y "$tmp/out/safety/reel1.aaf")" ]
check $? "the copy has the AAF's mtime"
n=$(grep -c '<hash>' "$tmp/out/safety/manifest.mhl")
nwav=$(ls "$tmp/t/reels/media" | wc -l)
[ "$n" -ge 3 ] && [ "$n" -le $((nwav + 1)) ]
check $? "the manifest lists the AAF and the media found ($n of $nwav files + 1)"
"$w" --safety "$aaf" "$tmp/out2"
cmp -s "$tmp/out/safety/manifest.mhl" "$tmp/out2/safety/manifest.mhl"
check $? "a second run gives a byte-identical manifest"

"$turnover" verify "$tmp/out" >"$tmp/v.txt"
check $? "verify: all good, exit 0"
grep -q "^$n files: $n ok$" "$tmp/v.txt" && tail -n 1 "$tmp/v.txt" | grep -qx OK
check $? "verify: summary says $n ok"
"$turnover" verify "$tmp/out/safety/manifest.mhl" >/dev/null
check $? "verify: the manifest can be named directly"
"$turnover" verify --json "$tmp/out" >"$tmp/v.json"
check $? "verify --json: exit 0"
grep -q '"ok": true' "$tmp/v.json" && grep -q "\"total\": $n" "$tmp/v.json"
check $? "verify --json: ok and the total"

poke "$tmp/out/safety/reel1.aaf" 700
"$turnover" verify "$tmp/out" >"$tmp/v.txt"
check $([ $? = 1 ] && echo 0 || echo 1) "a changed byte in the AAF copy: exit 1"
grep -q "^HASH .*safety/reel1.aaf: xxhash64be [0-9a-f]\{16\}, manifest says [0-9a-f]\{16\}$" "$tmp/v.txt" &&
	grep -q "^$n files: $((n - 1)) ok, 1 changed$" "$tmp/v.txt"
check $? "a changed byte in the AAF copy: reported with both hashes"
cp -p "$tmp/poke.ref" "$tmp/out/safety/reel1.aaf"

media=$(grep -o '<file>/[^<]*</file>' "$tmp/out/safety/manifest.mhl" | head -n 1 | sed 's/<[^>]*>//g')
[ -f "$media" ]
check $? "media are listed by absolute path"
poke "$media" 100
"$turnover" verify --json "$tmp/out" >"$tmp/v.json"
check $([ $? = 1 ] && echo 0 || echo 1) "a changed byte in a media file: exit 1"
grep -q '"status": "hash"' "$tmp/v.json" && grep -q '"ok": false' "$tmp/v.json"
check $? "a changed byte in a media file: reported in JSON"
cp -p "$tmp/poke.ref" "$media"

touch -d 2001-02-03T04:05:06Z "$media"
"$turnover" verify "$tmp/out" >"$tmp/v.txt"
check $? "a media file touched but unchanged: exit 0"
grep -q "^DATE .*: modified 2001-02-03T04:05:06Z, manifest says .* (contents match)$" "$tmp/v.txt"
check $? "a media file touched but unchanged: a DATE note"
touch -r "$tmp/poke.ref" "$media"

truncate -s 10 "$tmp/out/safety/reel1.aaf"
mv "$media" "$tmp/moved"
"$turnover" verify "$tmp/out" >"$tmp/v.txt"
check $([ $? = 1 ] && echo 0 || echo 1) "truncated and missing: exit 1"
grep -q "^SIZE .*reel1.aaf: 10 bytes, manifest says" "$tmp/v.txt" &&
	grep -q "^MISSING .*$(basename "$media")$" "$tmp/v.txt" &&
	grep -q "1 missing, 1 changed" "$tmp/v.txt"
check $? "truncated and missing: both reported"
mv "$tmp/moved" "$media"

"$turnover" verify "$tmp/t" >/dev/null 2>"$tmp/err"
check $([ $? = 2 ] && echo 0 || echo 1) "no manifest: exit 2"
grep -q "no manifest" "$tmp/err"
check $? "no manifest: says so"
"$turnover" verify >/dev/null 2>&1
check $([ $? = 2 ] && echo 0 || echo 1) "no argument: exit 2"
"$turnover" verify --bogus "$tmp/out" >/dev/null 2>&1
check $([ $? = 2 ] && echo 0 || echo 1) "unknown option: exit 2"
printf '<hashlist><hash><size>1</size></hash></hashlist>' >"$tmp/bad.mhl"
"$turnover" verify "$tmp/bad.mhl" >/dev/null 2>"$tmp/err"
check $([ $? = 2 ] && echo 0 || echo 1) "a malformed manifest: exit 2"
grep -q "bad.mhl" "$tmp/err"
check $? "a malformed manifest: named in the message"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
