#!/usr/bin/env bash
# smpp-mc dies (SIGKILL) in the middle of traffic. smpp-esme must notice on both sessions, exit 5
# (connection lost) by itself, and account for every message: the summary adds up, the report
# has one line per message, and only messages the MC answered count as accepted.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=2
MESSAGES=100000
WINDOW=10
rc=""
SCEN_PRINT_LOGS=on-failure
scen_begin mc-sigkill

REPORT="$SCEN_TMP/report.jsonl"
start_mc
# Paced so that the traffic is still running when the MC is killed.
start_esme --sessions "$N" --system-id 'sid{n}' --messages "$MESSAGES" --rate 2000 --window "$WINDOW" \
  --report "$REPORT"
expect_events "$ESME_LOG" smpp-esme bound "$N" 15 "$ESME_PID" || true
# Not a wait for anything: this picks the moment of the crash, some way into the traffic.
sleep 0.5
note "killing smpp-mc with SIGKILL mid-traffic"
kill -KILL "$MC_PID"
wait_exit "$MC_PID" 5 rc || true

if wait_exit "$ESME_PID" 15 rc; then
  expect_rc "smpp-esme (after the MC died)" "$rc" 5
else
  fail "smpp-esme still running 15s after the MC died"
  kill_hard "$ESME_PID"
fi
check_closed_reason "$ESME_LOG" peer_closed "$N" || true

# messages N = accepted A + rejected R + timed out T + not sent S
read -r total accepted rejected timed_out not_sent < <(awk '/^messages / { print $2, $5, $8, $12, $16 }' "$ESME_LOG.stdout")
if [[ "${total:-}" == "$MESSAGES" ]] && ((total == accepted + rejected + timed_out + not_sent)); then
  pass "summary adds up: $total = $accepted + $rejected + $timed_out + $not_sent"
else
  fail "summary does not add up: $(head -n 1 "$ESME_LOG.stdout")"
fi
if ((${accepted:-0} > 0 && ${not_sent:-0} > 0)); then
  pass "the MC died mid-traffic: $accepted accepted before, $not_sent never sent"
else
  fail "expected the kill to land mid-traffic (accepted $accepted, not sent $not_sent)"
fi
if ((${timed_out:-0} <= N * WINDOW)); then
  pass "at most the windows in flight are unconfirmed ($timed_out)"
else
  fail "$timed_out unconfirmed, more than the $((N * WINDOW)) that can be in flight"
fi

report_count() { grep -c "\"outcome\":\"$1\"" "$REPORT" || true; }
lines="$(awk 'END { print NR }' "$REPORT")"
with_id="$(grep -c '"outcome":"accepted","message_id":"[^"]' "$REPORT" || true)"
if [[ "$lines" == "$MESSAGES" && "$(report_count accepted)" == "$accepted" && "$with_id" == "$accepted" &&
  "$(report_count timeout)" == "$timed_out" && "$(report_count not_sent)" == "$not_sent" ]]; then
  pass "report: $lines lines, the same outcomes as the summary, every accepted one with its message_id"
else
  fail "report disagrees with the summary: $lines lines, accepted $(report_count accepted) ($with_id with id)," \
    "timeout $(report_count timeout), not_sent $(report_count not_sent)"
fi
scen_end
