#!/bin/sh
# test_demo.sh: `turnover demo DIR` builds the demo turnover from the
# installed packages; built twice into the same folder it gives the same
# bytes; the AAF reads back with its 17 clips, the split music pair, the
# dual-mono stereo clip and the one missing file.  Skips (77) when the
# packages are not installed.
set -u
build=${TURNOVER_BUILDDIR:-.}
turnover=$build/src/turnover
root=${TURNOVER_DEMO_ROOT:-}
for f in /usr/share/ktuberling/sounds/en/ball.ogg \
	 /usr/share/games/openttd/baseset/opensfx/opensfx.cat \
	 /usr/share/games/a7xpg/sounds/bgm1.ogg; do
	if [ ! -r "$root$f" ]; then
		echo "SKIP: $f is not installed (tools/install-deps installs it)"
		exit 77
	fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/demo.XXXXXX") || exit 99
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
"$turnover" demo "$tmp/d" >"$tmp/out1"
check $? "demo builds"
( cd "$tmp/d" && find . -type f -print0 | sort -z | xargs -0 sha256sum ) >"$tmp/sums1"
"$turnover" demo "$tmp/d" >"$tmp/out2"
( cd "$tmp/d" && find . -type f -print0 | sort -z | xargs -0 sha256sum ) >"$tmp/sums2"
cmp -s "$tmp/sums1" "$tmp/sums2"
check $? "a second build gives byte-identical files"
[ "$(ls "$tmp/d/media" | wc -l)" = 14 ]
check $? "14 media files written"
"$turnover" inspect --json "$tmp/d/demo.aaf" >"$tmp/json"
check $? "the demo AAF reads back"
[ "$(grep -c '"source_offset"' "$tmp/json")" = 17 ]
check $? "17 clips"
[ "$(grep -c '"status": "missing"' "$tmp/json")" = 1 ]
check $? "one media missing (on purpose)"
grep -q '"format": "STEREO"' "$tmp/json"
check $? "a stereo track"
[ "$(grep -c 'Track 01.wav' "$tmp/json")" -ge 1 ]
check $? "the split music file is referenced"
ls "$tmp/d"/*.tmp* "$tmp/d"/.*.tmp* "$tmp/d/media"/*.tmp* >/dev/null 2>&1
[ $? -ne 0 ]
check $? "no temporary files left behind"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
