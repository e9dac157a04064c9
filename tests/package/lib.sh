# shellcheck shell=bash
# Shared by the package proof tests (tests/package/*.sh): failing loudly, a private temporary
# directory per test (CTest runs them in parallel), tools that must be there, and a real
# smpp-mc on 127.0.0.1 port 0 whose port is read from its --port-file.
set -euo pipefail
# shellcheck source=../../scenarios/lib-wait.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scenarios/lib-wait.sh"

PKG_TEST="$(basename "${BASH_SOURCE[1]}" .sh)"
PKG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/smpp-package-$PKG_TEST.XXXXXX")"
PKG_MC_PID=""
PKG_KEEP="${SMPP_PACKAGE_KEEP:-0}"

say() { printf '%s: %s\n' "$PKG_TEST" "$*"; }
die() {
  printf 'FAIL: %s: %s\n' "$PKG_TEST" "$*"
  exit 1
}
pass() { printf 'PASS: %s: %s\n' "$PKG_TEST" "$*"; }

pkg_cleanup() {
  local rc=$?
  if [[ -n "$PKG_MC_PID" ]] && kill -0 "$PKG_MC_PID" 2>/dev/null; then
    kill -KILL "$PKG_MC_PID" 2>/dev/null || true
    wait "$PKG_MC_PID" 2>/dev/null || true
  fi
  if ((rc == 0)) && [[ "$PKG_KEEP" != 1 ]]; then
    rm -rf "$PKG_TMP"
  else
    say "kept $PKG_TMP"
  fi
}
trap pkg_cleanup EXIT

# need_tool TOOL...: each must be on PATH. A missing tool fails the test: these tests prove the
# package works, and a test that skips proves nothing (cmake/bootstrap.sh installs them all).
need_tool() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || die "$t not found (cmake/bootstrap.sh installs it)${CI:+; CI is set}"
  done
}

# run_logged NAME CMD...: runs CMD with its output in $PKG_TMP/NAME.log, shown if it fails.
run_logged() {
  local name="$1" rc=0
  shift
  "$@" >"$PKG_TMP/$name.log" 2>&1 || rc=$?
  if ((rc != 0)); then
    sed 's/^/    /' "$PKG_TMP/$name.log"
    die "$name failed (exit code $rc): $*"
  fi
}

# install_into PREFIX: `cmake --install` of the build tree CTest runs in.
install_into() {
  run_logged install cmake --install "$SMPP_BUILD_DIR" --prefix "$1"
  say "installed into $1"
}

# start_mc MC_BIN: smpp-mc on 127.0.0.1:0, JSON logs; sets PKG_MC_PORT from its --port-file.
start_mc() {
  local log="$PKG_TMP/mc.log" portfile="$PKG_TMP/mc.port"
  "$1" --listen 127.0.0.1:0 --port-file "$portfile" --log-format json --log-level info 2>"$log" >"$PKG_TMP/mc.stdout" &
  PKG_MC_PID=$!
  if ! wait_port_file "$portfile" "$PKG_MC_PID" 10; then
    cat "$log"
    die "smpp-mc wrote no port to $portfile within 10s"
  fi
  PKG_MC_PORT="$(tr -d ' \r\n' <"$portfile")"
  say "smpp-mc (pid $PKG_MC_PID) is listening on 127.0.0.1:$PKG_MC_PORT"
}

# stop_mc: SIGTERM, and it must exit 0 within 15 s.
stop_mc() {
  local rc=0 deadline=$((SECONDS + 15))
  kill -TERM "$PKG_MC_PID"
  # Not our child in every caller's shell, so `wait` cannot time out: poll, bounded by the deadline.
  while kill -0 "$PKG_MC_PID" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.05; done
  kill -0 "$PKG_MC_PID" 2>/dev/null && die "smpp-mc still running 15s after SIGTERM"
  wait "$PKG_MC_PID" || rc=$?
  PKG_MC_PID=""
  ((rc == 0)) || die "smpp-mc exited with code $rc after SIGTERM"
}

# run_consumer BINARY: against the running smpp-mc; it must exit 0 and the MC must have seen the
# message.
run_consumer() {
  local rc=0
  timeout 30 "$1" 127.0.0.1 "$PKG_MC_PORT" >"$PKG_TMP/consumer.log" 2>&1 || rc=$?
  sed 's/^/    consumer: /' "$PKG_TMP/consumer.log"
  ((rc == 0)) || {
    sed 's/^/    smpp-mc: /' "$PKG_TMP/mc.log"
    die "the consumer exited with code $rc"
  }
  pass "the consumer bound, submitted one message (ESME_ROK), unbound and exited 0"
}
