#!/usr/bin/env bash
# The descriptor ceiling (issue #12). Both binaries start with a soft RLIMIT_NOFILE of 64
# (prlimit), far below what 300 sessions need, and a hard limit that fits them: each raises its
# soft limit itself, and 300 sessions bind and unbind. Then a hard limit of 200: --sessions 300
# cannot fit, and smpp-esme says so in one line (exit 2) before it connects anything; so does
# --sessions 30000, beyond the 10,000 that --sessions was once capped at.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=300
rc=""
scen_begin fd-limit
SCEN_PRINT_LOGS=on-failure

command -v prlimit >/dev/null || { fail "prlimit (util-linux) not found"; scen_end; }

SCEN_ENV_PREFIX=(prlimit --nofile=64:4096)
start_mc --max-sessions "$N"
start_esme --sessions "$N" --duration 1
if wait_exit "$ESME_PID" 60 rc; then
  expect_rc "smpp-esme (soft limit 64, hard 4096)" "$rc" 0
else
  fail "smpp-esme still running 60s after start (--duration 1)"
  kill_hard "$ESME_PID"
fi
expect_count "$ESME_LOG" smpp-esme bound "$N" || true
SCEN_ENV_PREFIX=()
stop_mc 0

start_mc
run_capture esme-short 30 prlimit --nofile=64:200 "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --sessions "$N"
expect_usage_error "smpp-esme --sessions $N under a hard limit of 200" esme-short
if grep -q "file descriptors" "$SCEN_TMP/esme-short.stderr"; then
  pass "the line names the descriptor limit"
else
  fail "the line does not name the descriptor limit"
fi
# Past the old cap of 10,000 sessions the descriptor limit is what refuses, in the same line.
# (A hard limit of 2,000: lowering it needs no privilege, whatever the machine's own.)
run_capture esme-short-big 30 prlimit --nofile=64:2000 "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --sessions 30000
expect_usage_error "smpp-esme --sessions 30000 under a hard limit of 2000" esme-short-big
if grep -q "file descriptors" "$SCEN_TMP/esme-short-big.stderr"; then
  pass "the line names the descriptor limit"
else
  fail "the line does not name the descriptor limit: $(cat "$SCEN_TMP/esme-short-big.stderr")"
fi
stop_mc 0
expect_count "$MC_LOG" "smpp-mc, while the refused runs ran," connected 0 || true

scen_end
