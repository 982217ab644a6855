#!/bin/sh
# The core is UI-free: nothing under src/core includes curses or PortAudio,
# and every core header compiles on its own with -std=c11 -pedantic.
src=${TURNOVER_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${TURNOVER_BUILDDIR:-$src}
fail=0; pass=0
if grep -rlE '#include *[<"](n?curses|ncursesw/curses|portaudio)\.h[>"]' "$src/src/core"; then
	echo "FAIL: src/core includes a UI header"; fail=$((fail + 1))
else
	echo "ok: no UI header in src/core"; pass=$((pass + 1))
fi
cc=${CC:-cc}
gsf=$(pkg-config --cflags libgsf-1 2>/dev/null)
for h in $(cd "$src/src/core" && find . -name '*.h' | sort); do
	if printf '#include "%s"\n' "${h#./}" |
	   $cc -std=c11 -pedantic -Werror -Wall -fsyntax-only -I"$build" -I"$src/src" \
	       -I"$src/src/core" $gsf -x c - 2>/tmp/layering.$$; then
		pass=$((pass + 1))
	else
		echo "FAIL: src/core/${h#./} does not compile on its own"; cat /tmp/layering.$$
		fail=$((fail + 1))
	fi
done
rm -f /tmp/layering.$$
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
