#!/usr/bin/env bash
# 200 sessions (sid1..sid200), --duration 2, no signal: the ESME unbinds them
# all by itself and exits 0; 200 complete unbind exchanges.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=200
rc=""
scen_begin many-sessions
SCEN_PRINT_LOGS=on-failure # a few thousand lines: shown only when a check fails

write_credentials "$N" >/dev/null
start_mc
start_esme --sessions "$N" --system-id 'sid{n}' --password 'pass{n}' --duration 2
if wait_exit "$ESME_PID" 60 rc; then
  expect_rc smpp-esme "$rc" 0
else
  fail "smpp-esme still running 60s after start (--duration 2)"
  kill_hard "$ESME_PID"
fi
stop_mc 0

scen_print_logs
warn_non_json "$MC_LOG" smpp-mc
warn_non_json "$ESME_LOG" smpp-esme
check_unbind_exchanges esme "$ESME_LOG" "$MC_LOG" "$N" || true
scen_end
