# shellcheck shell=bash
# Shared by the interop test scripts: skip (exit 77) when node or node-smpp is
# missing, then the scenario helpers of scenarios/lib.sh.
#
# Environment (besides scenarios/lib.sh's): SMPP_NODE_BIN, the node to use.

INTEROP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# CTest treats exit code 77 as "skipped" (SKIP_RETURN_CODE in CMakeLists.txt).
# With CI set (.ci/run sets it) a skip is a failure: there the interop tests must run.
interop_skip() {
  if [[ -n "${CI:-}" ]]; then
    printf 'FAIL: cannot run the interop test, and CI is set, so this is no skip: %s\n' "$*"
    exit 1
  fi
  printf 'SKIP: %s\n' "$*"
  exit 77
}

NODE_BIN="${SMPP_NODE_BIN:-$(command -v node || true)}"
[[ -n "$NODE_BIN" && -x "$NODE_BIN" ]] ||
  interop_skip "node not found; cmake/bootstrap.sh installs Debian's nodejs and npm when run as root"
[[ -f "$INTEROP_DIR/node_modules/smpp/package.json" ]] ||
  interop_skip "node-smpp is not installed in interop/node_modules; run interop/setup.sh (cmake/bootstrap.sh does)"

# shellcheck source-path=SCRIPTDIR source=../scenarios/lib.sh
source "$INTEROP_DIR/../scenarios/lib.sh"

NODE_SMPP_VERSION="$("$NODE_BIN" -p 'require(process.argv[1] + "/node_modules/smpp/package.json").version' "$INTEROP_DIR" 2>/dev/null || echo '?')"

# interop_banner: which node and node-smpp this run uses.
interop_banner() {
  note "node $("$NODE_BIN" --version 2>/dev/null || echo '?') ($NODE_BIN), node-smpp $NODE_SMPP_VERSION"
}

# check_summary FILE KEY=JSON...: interop/check_summary.js; a FAIL counts.
check_summary() {
  local rc=0
  "$NODE_BIN" "$INTEROP_DIR/check_summary.js" "$@" || rc=$?
  ((rc == 0)) || SCEN_FAILS=$((SCEN_FAILS + 1))
  return "$rc"
}
