#!/usr/bin/env bash
# Two-way messaging with the real binaries (issue #11): smpp-mc echoes every accepted submit_sm
# back as an MO and sends its receipt 200 ms later; smpp-esme sends 1,000 messages over four
# sessions asking for receipts and waits for them. Asserted from its --summary-json and
# --received files alone: 1,000 accepted, 1,000 receipts DELIVRD matched, 1,000 MO received with
# the texts sent, and every unbind met its unbind_resp on both sides.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=1000
SESSIONS=4
scen_begin two-way
SCEN_PRINT_LOGS=on-failure

input="$SCEN_TMP/messages.jsonl"
for ((i = 1; i <= N; i++)); do
  printf '{"from":"4470000%04d","to":"1234","text":"two-way %d","registered_delivery":1}\n' "$i" "$i"
done >"$input"

write_credentials "$SESSIONS" >/dev/null
start_mc --echo --receipt-delay-ms 200
summary="$SCEN_TMP/summary.json"
received="$SCEN_TMP/received.jsonl"
start_esme --sessions "$SESSIONS" --system-id 'sid{n}' --password 'pass{n}' --input "$input" \
  --wait-receipts 10 --received "$received" --summary-json "$summary"
wait_exit "$ESME_PID" 60 esme_rc || fail "smpp-esme still running after 60 s"
expect_rc smpp-esme "$esme_rc" 0
stop_mc 0

expect_json "$summary" "\"accepted\":$N," "every message accepted"
expect_json "$summary" "\"matched\":$N," "every receipt matched to its message"
expect_json "$summary" "\"by_state\":{\"DELIVRD\":$N}" "every receipt DELIVRD"
expect_json "$summary" "\"mo_received\":$N" "every echo counted as MO"

receipts="$(grep -c '"receipt":{' "$received" || true)"
((receipts == N)) && pass "$N receipts in --received" || fail "--received holds $receipts receipts, not $N"
mo_texts="$(grep -v '"receipt":{' "$received" | grep -o '"text":"two-way [0-9]*"' | sort -u | wc -l)"
sent_texts="$(grep -o '"text":"two-way [0-9]*"' "$input" | sort -u)"
if ((mo_texts == N)) && [[ "$(grep -v '"receipt":{' "$received" | grep -o '"text":"two-way [0-9]*"' | sort -u)" == "$sent_texts" ]]; then
  pass "$N MO received, each with a text that was sent"
else
  fail "--received holds $mo_texts distinct MO texts, not the $N sent"
fi
check_unbind_exchanges esme "$ESME_LOG" "$MC_LOG" "$SESSIONS"
scen_end
