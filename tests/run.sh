#!/usr/bin/env bash
# The test command: builds (via cmake/bootstrap.sh) and runs every CTest test
# (unit, integration and the end-to-end scenarios). Exits with ctest's code.
#
# --no-tests=error: a filter (-R, -L) or a build that leaves nothing to run is a
# failure, not a pass. With CI set, a test CTest reports as skipped (exit code 77
# through SKIP_RETURN_CODE, a GTEST_SKIP) is a failure too: on CI every test must
# run. Disabled tests are not skips: the soak's DISABLED_ gtest case is disabled
# on purpose and run by the soak.session_cycles entry instead.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${SMPP_BUILD_DIR:-$ROOT/build}"

# Tests-only packages, installed by this command alone (not by the build): prometheus for
# promtool and the Prometheus server of the metrics scenarios, curl to scrape with; chromium,
# chromium-driver and python3-selenium for the status page's scenario to drive it in a browser.
export SMPP_EXTRA_PACKAGES="prometheus curl chromium chromium-driver python3-selenium ${SMPP_EXTRA_PACKAGES:-}"
"$ROOT/cmake/bootstrap.sh"
CTEST=(ctest --test-dir "$BUILD_DIR" --output-on-failure --no-tests=error -j2 --timeout 120 "$@")
if [[ -z "${CI:-}" ]]; then
  exec "${CTEST[@]}"
fi

out="$(mktemp "${TMPDIR:-/tmp}/smpp-ctest.XXXXXX")"
trap 'rm -f "$out"' EXIT
rc=0
"${CTEST[@]}" 2>&1 | tee "$out" || rc=$?
if ((rc == 0)) && grep -qE '^[[:space:]]*[0-9]+ - .* \(Skipped\)$' "$out"; then
  echo "run.sh: CI is set and some tests were skipped (listed above): that is a failure" >&2
  rc=1
fi
exit "$rc"
