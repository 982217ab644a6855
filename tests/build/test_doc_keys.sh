#!/bin/sh
# test_doc_keys.sh: the key tables in doc/turnover.1 and
# doc/turnover-keymap.5 are what tools/doc-keys makes from actions.def and
# keymaps/default.ini (tools/doc-keys --update rewrites them).
src=${TURNOVER_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
if TURNOVER_SRCDIR=$src sh "$src/tools/doc-keys" --check; then
	echo "ok: the manual's key tables are up to date"
	echo "1 passed, 0 failed"
	exit 0
fi
echo "FAIL: the manual's key tables are stale"
echo "0 passed, 1 failed"
exit 1
