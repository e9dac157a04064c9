#!/usr/bin/env bash
# Interop: node-smpp's client (interop/esme_client.js --mo) as a receiver of
# smpp-mc --mo-rate. It takes MO deliver_sm, answers the first with
# ESME_RX_T_APPN and expects smpp-mc to send that MO again after
# --deliver-retry-ms, then unbinds. Every PDU from smpp-mc is checked strictly
# against node-smpp's field tables; smpp-mc must exit 0 on SIGTERM with one
# clean bind/unbind, a deliver_retry in its log and no rejected PDU.
# Exit 77 (skipped) when node or interop/node_modules is missing.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

scen_begin interop-node-mo-vs-mc
interop_banner

write_credentials 1 >/dev/null
# debug: the retry is a debug event.
SCEN_LOG_LEVEL=debug start_mc --mo-rate 5 --mo-from '4477009{n}' --mo-to 12345 --mo-text 'MO {n} from smpp-mc' \
  --deliver-retry-ms 300
run_capture node-mo-client 60 "$NODE_BIN" "$INTEROP_DIR/esme_client.js" --port "$MC_PORT" \
  --system-id sid1 --password pass1 --mo 5 --timeout-ms 5000
case "$RUN_RC" in
  0) pass "node-smpp receiver: every check passed" ;;
  124 | 137) fail "node-smpp receiver did not finish within 60s (killed)" ;;
  *) fail "node-smpp receiver exited with code $RUN_RC" ;;
esac
stop_mc 0

scen_print_logs
warn_non_json "$MC_LOG" smpp-mc
expect_count "$MC_LOG" smpp-mc bound 1 || true
expect_count "$MC_LOG" smpp-mc unbind_received 1 || true
check_closed_reason "$MC_LOG" unbound 1 || true
check_no_event "$MC_LOG" smpp-mc bind_failed || true
check_no_event "$MC_LOG" smpp-mc pdu_rejected || true
check_no_event "$MC_LOG" smpp-mc response_timeout || true
if grep -q '"event":"deliver_retry"' "$MC_LOG"; then
  pass "smpp-mc logged the retry of the refused MO"
else
  fail "no deliver_retry in the smpp-mc log"
fi
check_summary "$SCEN_TMP/node-mo-client.stdout" ok=true failed=[] disagreements=[] || true
scen_end
