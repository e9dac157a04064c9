#!/usr/bin/env bash
# Interop: smpp-esme against node-smpp's server (interop/mc_server.js).
# Two sessions bind, send 50 submit_sm with registered_delivery 1; the node
# server answers each with a message_id and a delivery receipt, sends one
# enquire_link per session, and answers unbind. smpp-esme must exit 0 by
# itself with 50 accepted and 50 receipts, every unbind answered; the node
# server's summary must show the same, and no PDU node-smpp disagreed with.
# Then again with --receipt-variants --mo 5: 45 receipts in nine forms (sub
# missing, err of 4 digits, dates with seconds, upper and lower case, decimal
# id, TLVs only, text only, standard) and 9 MO; smpp-esme must match every
# receipt and count every MO, as its --summary-json says.
# Exit 77 (skipped) when node or interop/node_modules is missing.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

N=2
MESSAGES=50
rc=""
scen_begin interop-esme-vs-node-server
interop_banner

NODE_LOG="$SCEN_TMP/node-mc.log"
portfile="$SCEN_TMP/node-mc.port"
SCEN_LOGS+=("node-smpp server log|$NODE_LOG")
start_node_server() {
  rm -f "$portfile"
  spawn node-smpp-server "$NODE_LOG" "$NODE_BIN" "$INTEROP_DIR/mc_server.js" --port-file "$portfile" "$@"
  NODE_PID="$SCEN_LAST_PID"
  if ! wait_port_file "$portfile" "$NODE_PID" 10; then
    fail "node-smpp server wrote no port to $portfile within 10s"
    exit 1
  fi
  MC_PORT="$(tr -d ' \r\n' <"$portfile")"
  note "node-smpp server is listening on 127.0.0.1:$MC_PORT"
}

start_node_server --receipts --enquire-link --max-seconds 100

report="$SCEN_TMP/report.jsonl"
start_esme --sessions "$N" --system-id 'sid{n}' --password 'pass{n}' \
  --messages "$MESSAGES" --registered-delivery 1 --report "$report"
if wait_exit "$ESME_PID" 60 rc; then
  expect_rc "smpp-esme (exiting by itself after its traffic)" "$rc" 0
else
  fail "smpp-esme still running 60s after it started"
  kill_hard "$ESME_PID"
fi

if stop_proc "$NODE_PID" TERM 10 rc; then
  expect_rc "node-smpp server" "$rc" 0
else
  fail "node-smpp server still running 10s after SIGTERM"
  kill_hard "$NODE_PID"
fi

scen_print_logs
warn_non_json "$ESME_LOG" smpp-esme

# smpp-esme's own view
want="messages $MESSAGES = accepted $MESSAGES + rejected 0 + timed out 0 + not sent 0"
if grep -qxF "$want" "$ESME_LOG.stdout"; then
  pass "smpp-esme summary: $want"
else
  fail "smpp-esme summary lacks '$want'"
fi
if grep -q "receipts received $MESSAGES\$" "$ESME_LOG.stdout"; then
  pass "smpp-esme summary: receipts received $MESSAGES"
else
  fail "smpp-esme summary lacks 'receipts received $MESSAGES'"
fi
accepted="$(grep -c '"outcome":"accepted","message_id":"n[0-9]*"' "$report" 2>/dev/null)" || true
if [[ "$accepted" == "$MESSAGES" ]]; then
  pass "report: $MESSAGES messages accepted with node-smpp's message_ids"
else
  fail "report: ${accepted:-0} messages accepted with a node-smpp message_id, expected $MESSAGES"
fi
expect_count "$ESME_LOG" smpp-esme bound "$N" || true
expect_count "$ESME_LOG" smpp-esme unbind_sent "$N" || true
expect_count "$ESME_LOG" smpp-esme unbind_resp_received "$N" || true
check_closed_reason "$ESME_LOG" unbound "$N" || true
check_no_event "$ESME_LOG" smpp-esme pdu_rejected || true
check_no_event "$ESME_LOG" smpp-esme unexpected_response || true
check_no_event "$ESME_LOG" smpp-esme response_timeout || true

# the node-smpp server's view
check_summary "$NODE_LOG.stdout" \
  connections="$N" binds="$N" bind_resp_ok="$N" system_ids='["sid1","sid2"]' \
  submit_sm="$MESSAGES" submit_sm_resp_ok="$MESSAGES" submit_sm_rejected=0 \
  "submits.texts={\"Hello from smpp-esme\":$MESSAGES}" \
  enquire_link_sent="$N" enquire_link_resp_ok="$N" \
  deliver_sm_sent="$MESSAGES" deliver_sm_resp_ok="$MESSAGES" \
  unbind="$N" unbind_resp_sent="$N" closed_after_unbind="$N" closed_without_unbind=0 \
  generic_nack_received=0 generic_nack_sent=0 socket_errors=0 \
  disagreements=[] errors=[] || true

# --- every receipt variant, and MO -------------------------------------------
VARIANT_MESSAGES=45
NODE_LOG="$SCEN_TMP/node-mc-variants.log"
SCEN_LOGS+=("node-smpp server log (variants)|$NODE_LOG")
start_node_server --receipt-variants --mo 5 --max-seconds 100
summary="$SCEN_TMP/summary.json"
start_esme --sessions "$N" --system-id 'sid{n}' --password 'pass{n}' --messages "$VARIANT_MESSAGES" \
  --registered-delivery 1 --wait-receipts 20 --summary-json "$summary" --fail-on no-receipt
if wait_exit "$ESME_PID" 60 rc; then
  expect_rc "smpp-esme (every receipt variant)" "$rc" 0
else
  fail "smpp-esme still running 60s after it started"
  kill_hard "$ESME_PID"
fi
if stop_proc "$NODE_PID" TERM 10 rc; then
  expect_rc "node-smpp server (variants)" "$rc" 0
else
  fail "node-smpp server still running 10s after SIGTERM"
  kill_hard "$NODE_PID"
fi
check_summary "$summary" accepted="$VARIANT_MESSAGES" receipt.expected="$VARIANT_MESSAGES" \
  receipt.matched="$VARIANT_MESSAGES" receipt.missing=0 receipt.unmatched=0 receipt.duplicate=0 \
  receipt.unparsable=0 "receipt.by_state={\"DELIVRD\":$VARIANT_MESSAGES}" mo_received=9 || true
check_summary "$NODE_LOG.stdout" deliver_sm_sent="$VARIANT_MESSAGES" mo_sent=9 \
  deliver_sm_resp_ok=$((VARIANT_MESSAGES + 9)) disagreements=[] errors=[] \
  'receipt_variants={"no-sub":5,"err4":5,"seconds":5,"upper-case":5,"lower-case":5,"decimal-id":5,"tlv-only":5,"text-only":5,"standard":5}' || true
scen_end
