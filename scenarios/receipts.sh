#!/usr/bin/env bash
# Receipts as results with the real binaries: smpp-esme stays bound for receipts that come well
# after its traffic (--wait-receipts), writes them into --summary-json, and --fail-on turns a
# missing receipt into exit 6 once the wait runs out.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

scen_begin receipts
SCEN_PRINT_LOGS=on-failure

write_credentials 2 >/dev/null
start_mc --receipt-delay-ms 800
summary="$SCEN_TMP/summary.json"
run_capture waited 40 "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --sessions 2 --system-id 'sid{n}' \
  --password 'pass{n}' --messages 50 --registered-delivery 1 --wait-receipts 10 --summary-json "$summary" \
  --fail-on rejected,timeout,not-sent,no-receipt,unbind-timeout --log-format json
expect_rc "smpp-esme waiting for its receipts" "$RUN_RC" 0
expect_json "$summary" '"accepted":50,' "every message accepted"
expect_json "$summary" '"matched":50,' "every receipt matched after the traffic was over"
expect_json "$summary" '"by_state":{"DELIVRD":50}' "every receipt DELIVRD"
expect_json "$summary" '"missing":0,' "no receipt missing"
if grep -q '^receipts matched 50 of 50 expected' "$SCEN_TMP/waited.stdout"; then
  pass "the text summary still goes to stdout"
else
  fail "no receipt line in the text summary: $(cat "$SCEN_TMP/waited.stdout")"
fi
stop_mc 0

start_mc --receipt-delay-ms 30000
started="$(now_ms)"
run_capture short 40 "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --system-id sid1 --password pass1 \
  --messages 5 --registered-delivery 1 --wait-receipts 1 --summary-json "$summary" --fail-on no-receipt \
  --log-format json
expect_rc "smpp-esme whose receipts never came, with --fail-on no-receipt" "$RUN_RC" 6
expect_json "$summary" '"missing":5,' "the five missing receipts counted"
if (($(now_ms) - started < 10000)); then
  pass "the wait ended at --wait-receipts"
else
  fail "the run took $(($(now_ms) - started)) ms with --wait-receipts 1"
fi
if grep -q '"event":"receipt_wait_done"' "$SCEN_TMP/short.stderr"; then
  pass "the end of the wait was logged"
else
  fail "no receipt_wait_done event"
fi
stop_mc 0

run_capture bad-fail-on 10 "$ESME_BIN" --fail-on rejected,sometimes
expect_rc "smpp-esme --fail-on with an unknown outcome" "$RUN_RC" 2
scen_end
