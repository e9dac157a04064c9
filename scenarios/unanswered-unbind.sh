#!/usr/bin/env bash
# The MC never answers unbind (--ignore-unbind). The ESME (--unbind-timeout 1,
# 2 sessions) gets SIGINT: it must give up after its unbind timeout, close both
# sessions with reason unbind_timeout and exit 4 within about 1 + 2 seconds.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=2
UNBIND_TIMEOUT_MS=1000
LIMIT_MS=3000 # unbind timeout + 2 s of slack
rc=""
scen_begin unanswered-unbind

write_credentials "$N" >/dev/null
start_mc --ignore-unbind
start_esme --sessions "$N" --system-id 'sid{n}' --password 'pass{n}' --unbind-timeout 1
expect_events "$ESME_LOG" smpp-esme bound "$N" 15 "$ESME_PID" || true
expect_events "$MC_LOG" smpp-mc bound "$N" 5 "$MC_PID" || true

t0="$(now_ms)"
send_signal "$ESME_PID" INT
if wait_exit "$ESME_PID" 15 rc; then
  elapsed=$(($(now_ms) - t0))
  note "smpp-esme exited ${elapsed} ms after SIGINT"
  expect_rc smpp-esme "$rc" 4
  if ((elapsed <= LIMIT_MS)); then
    pass "smpp-esme exited within ${LIMIT_MS} ms of SIGINT (${elapsed} ms)"
  else
    fail "smpp-esme took ${elapsed} ms to exit after SIGINT, limit ${LIMIT_MS} ms"
  fi
  if ((elapsed >= UNBIND_TIMEOUT_MS - 100)); then
    pass "smpp-esme waited out its 1 s unbind timeout (${elapsed} ms)"
  else
    fail "smpp-esme exited after ${elapsed} ms, before its 1 s unbind timeout could expire"
  fi
else
  fail "smpp-esme still running 15s after SIGINT (unbind timeout 1 s)"
  kill_hard "$ESME_PID"
fi
if kill -0 "$ESME_PID" 2>/dev/null; then
  fail "smpp-esme process $ESME_PID still exists"
else
  pass "smpp-esme process is gone"
fi
stop_mc 0

scen_print_logs
warn_non_json "$MC_LOG" smpp-mc
warn_non_json "$ESME_LOG" smpp-esme
expect_count "$ESME_LOG" smpp-esme unbind_sent "$N" || true
check_no_event "$ESME_LOG" smpp-esme unbind_resp_received || true
check_closed_reason "$ESME_LOG" unbind_timeout "$N" || true
scen_end
