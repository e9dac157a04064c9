#!/usr/bin/env bash
# gtest-some.sh BINARY ARGS...: runs a GoogleTest binary and fails when it ran no test at all,
# which GoogleTest 1.12 (Debian 12) counts as a pass: a --gtest_filter that matches nothing
# (a renamed suite, a typo) would otherwise keep a CTest entry green forever. With CI set a
# skipped test (GTEST_SKIP) fails it too. Otherwise the binary's exit code stands.
set -uo pipefail

if (($# < 1)); then
  echo "usage: gtest-some.sh BINARY [ARGS...]" >&2
  exit 2
fi
out="$(mktemp "${TMPDIR:-/tmp}/smpp-gtest.XXXXXX")" || exit 1
trap 'rm -f "$out"' EXIT

"$@" 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
((rc == 0)) || exit "$rc"

ran="$(sed -n 's/^\[==========\] \([0-9][0-9]*\) tests\{0,1\} from .* ran\..*/\1/p' "$out" | tail -n 1)"
if [[ -z "$ran" || "$ran" == 0 ]]; then
  echo "gtest-some.sh: $1 ran no test (${ran:-no summary line}) with: ${*:2}" >&2
  exit 1
fi
if [[ -n "${CI:-}" ]] && grep -q '^\[  SKIPPED \]' "$out"; then
  echo "gtest-some.sh: CI is set and $1 skipped tests (listed above): that is a failure" >&2
  exit 1
fi
echo "gtest-some.sh: $ran test(s) ran"
