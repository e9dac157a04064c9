#!/usr/bin/env bash
# 3 sessions bound, then SIGTERM to smpp-mc: the MC unbinds each session, the
# ESME answers every unbind and exits 0 by itself, the MC exits 0.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=3
rc=""
scen_begin mc-shutdown

write_credentials "$N" >/dev/null
start_mc
start_esme --sessions "$N" --system-id 'sid{n}' --password 'pass{n}'
expect_events "$ESME_LOG" smpp-esme bound "$N" 15 "$ESME_PID" || true
expect_events "$MC_LOG" smpp-mc bound "$N" 5 "$MC_PID" || true

send_signal "$MC_PID" TERM
if wait_exit "$ESME_PID" 15 rc; then
  expect_rc "smpp-esme (exiting by itself)" "$rc" 0
else
  fail "smpp-esme still running 15s after the MC was told to shut down"
  kill_hard "$ESME_PID"
fi
if wait_exit "$MC_PID" 15 rc; then
  expect_rc smpp-mc "$rc" 0
else
  fail "smpp-mc still running 15s after SIGTERM"
  kill_hard "$MC_PID"
fi

scen_print_logs
warn_non_json "$MC_LOG" smpp-mc
warn_non_json "$ESME_LOG" smpp-esme
check_unbind_exchanges mc "$MC_LOG" "$ESME_LOG" "$N" || true
check_no_event "$ESME_LOG" smpp-esme unbind_sent || true
scen_end
