#!/usr/bin/env bash
# Interop: node-smpp's client (interop/esme_client.js) against smpp-mc.
# It binds as a transceiver, sends enquire_link, submit_sm with
# registered_delivery 1 (and waits for the receipt when smpp-mc can send
# receipts), query_sm (a skipped check while smpp-mc does not answer it),
# answers an enquire_link from the MC, unbinds. Every PDU from smpp-mc is
# checked strictly against node-smpp's field tables. Then smpp-mc gets SIGTERM
# and must exit 0, its log showing one clean bind/unbind and no rejected PDU.
# Exit 77 (skipped) when node or interop/node_modules is missing.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

scen_begin interop-node-client-vs-mc
interop_banner

client_args=(--system-id sid1 --password pass1 --expect-mc-enquire-link --timeout-ms 5000)
# The receipt comes 200 ms after the submit_sm_resp, so query_sm before it would read ENROUTE;
# the client asks after the receipt and expects DELIVERED.
mc_args=(--enquire-link-interval 1 --receipt-delay-ms 200)
client_args+=(--expect-receipt)

write_credentials 1 >/dev/null
start_mc "${mc_args[@]}"
run_capture node-client 60 "$NODE_BIN" "$INTEROP_DIR/esme_client.js" --port "$MC_PORT" "${client_args[@]}"
case "$RUN_RC" in
  0) pass "node-smpp client: every check passed or was skipped" ;;
  124 | 137) fail "node-smpp client did not finish within 60s (killed)" ;;
  *) fail "node-smpp client exited with code $RUN_RC" ;;
esac
stop_mc 0

scen_print_logs
warn_non_json "$MC_LOG" smpp-mc
expect_count "$MC_LOG" smpp-mc bound 1 || true
expect_count "$MC_LOG" smpp-mc unbind_received 1 || true
expect_count "$MC_LOG" smpp-mc unbind_resp_sent 1 || true
check_closed_reason "$MC_LOG" unbound 1 || true
check_no_event "$MC_LOG" smpp-mc bind_failed || true
check_no_event "$MC_LOG" smpp-mc pdu_rejected || true
check_no_event "$MC_LOG" smpp-mc unexpected_response || true
check_no_event "$MC_LOG" smpp-mc response_timeout || true
# --expect-receipt is always given, so no check may be skipped: a skip means one was not made.
check_summary "$SCEN_TMP/node-client.stdout" ok=true failed=[] skipped=[] disagreements=[] || true
grep '^SKIP' "$SCEN_TMP/node-client.stdout" | sed "s/^/$SCEN_NAME: node-smpp client: /" || true
scen_end
