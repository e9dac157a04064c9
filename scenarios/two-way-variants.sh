#!/usr/bin/env bash
# The receipts and MO of real SMSCs, end to end (issue #11): smpp-esme matches the receipts of
# every smpp-mc --receipt-format, and reassembles a long MO from --mo-file whether the MC splits
# it with a UDH or sends it as message_payload.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=20
scen_begin two-way-variants
SCEN_PRINT_LOGS=on-failure
write_credentials 1 >/dev/null
summary="$SCEN_TMP/summary.json"

for format in standard seconds no-sub err4 decimal-id tlv-only text-only; do
  start_mc --receipt-format "$format" --receipt-delay-ms 50
  run_capture "receipts-$format" 30 "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --system-id sid1 \
    --password pass1 --messages "$N" --registered-delivery 1 --wait-receipts 10 --summary-json "$summary" \
    --fail-on no-receipt --log-format json
  expect_rc "smpp-esme against --receipt-format $format" "$RUN_RC" 0
  if grep -qF "\"matched\":$N," "$summary" && grep -qF "\"unparsable\":0," "$summary"; then
    pass "--receipt-format $format: all $N receipts matched"
  else
    fail "--receipt-format $format: $(cat "$summary")"
  fi
  stop_mc 0
done

long_text="$(printf 'This MO is longer than one SMS, so the MC sends it in parts. %.0s' 1 2 3 4)"
for mode in udh payload; do
  mo="$SCEN_TMP/mo-$mode.jsonl"
  received="$SCEN_TMP/received-$mode.jsonl"
  printf '{"system_id":"sid1","from":"447700900001","to":"12345","text":"%s"}\n' "$long_text" >"$mo"
  start_mc --mo-file "$mo" --mo-long "$mode"
  run_capture "long-mo-$mode" 30 "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --system-id sid1 \
    --password pass1 --bind-mode receiver --duration 2 --received "$received" --log-format json
  expect_rc "smpp-esme receiving a long MO ($mode)" "$RUN_RC" 0
  if grep -qF "\"text\":\"$long_text\"" "$received" && ! grep -q '"complete":false' "$received"; then
    pass "the long MO sent with --mo-long $mode arrives whole, once"
  else
    fail "--mo-long $mode: $(cat "$received" 2>/dev/null || echo '(no file)')"
  fi
  stop_mc 0
done
scen_end
