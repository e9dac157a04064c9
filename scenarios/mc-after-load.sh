#!/usr/bin/env bash
# smpp-mc under heavy traffic, then told to stop:
#  1. after 200,000 messages at window 256 have all been answered, SIGINT: the
#     MC exits 0 at once (it once stayed in epoll_wait after a load, under perf);
#  2. while an ESME is pushing 2,000,000 messages, SIGTERM: the MC answers what
#     it took, unbinds, both exit 0, every unbind met its unbind_resp, and the
#     ESME's summary accounts for every message with none left unconfirmed: the
#     submits in flight when the MC's unbind arrived still get their answers.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rc=""
scen_begin mc-after-load

start_mc
start_esme --messages 200000 --window 256
if wait_exit "$ESME_PID" 60 rc; then
  expect_rc "smpp-esme (200,000 messages)" "$rc" 0
else
  fail "smpp-esme still running 60s into 200,000 messages"
  kill_hard "$ESME_PID"
fi
grep -q '^messages 200000 = accepted 200000 ' "$ESME_LOG.stdout" &&
  pass "all 200,000 accepted" || fail "not all 200,000 accepted: $(head -1 "$ESME_LOG.stdout")"
send_signal "$MC_PID" INT
if wait_exit "$MC_PID" 5 rc; then
  expect_rc "smpp-mc (SIGINT after the load)" "$rc" 0
else
  fail "smpp-mc still running 5s after SIGINT that followed the load"
  kill_hard "$MC_PID"
fi

start_mc
start_esme --messages 2000000 --window 256
expect_events "$MC_LOG" smpp-mc bound 1 15 "$MC_PID" || true
send_signal "$MC_PID" TERM
if wait_exit "$ESME_PID" 30 rc; then
  expect_rc "smpp-esme (unbound by the MC mid-traffic)" "$rc" 0
else
  fail "smpp-esme still running 30s after the MC was told to stop"
  kill_hard "$ESME_PID"
fi
if wait_exit "$MC_PID" 15 rc; then
  expect_rc "smpp-mc (SIGTERM under load)" "$rc" 0
else
  fail "smpp-mc still running 15s after SIGTERM under load"
  kill_hard "$MC_PID"
fi
summary="$(head -1 "$ESME_LOG.stdout")"
note "ESME summary: $summary"
if [[ "$summary" =~ ^messages\ ([0-9]+)\ =\ accepted\ ([0-9]+)\ \+\ rejected\ ([0-9]+)\ \+\ timed\ out\ ([0-9]+)\ \+\ not\ sent\ ([0-9]+)$ ]] &&
  ((BASH_REMATCH[1] == 2000000 && BASH_REMATCH[1] == BASH_REMATCH[2] + BASH_REMATCH[3] + BASH_REMATCH[4] + BASH_REMATCH[5])); then
  pass "every message accounted for once: $summary"
  ((BASH_REMATCH[4] == 0)) && pass "no submit left unconfirmed by the unbind" ||
    fail "${BASH_REMATCH[4]} submits in flight at the MC's unbind were never answered"
else
  fail "summary does not account for 2,000,000 messages: $summary"
fi
check_unbind_exchanges mc "$MC_LOG" "$ESME_LOG" 1 || true

scen_print_logs
scen_end
