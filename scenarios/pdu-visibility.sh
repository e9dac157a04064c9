#!/usr/bin/env bash
# --log-pdus and --pcap on both binaries, --received on the ESME. The traffic of wire-check.sh
# (binds of both kinds, submit_sm with receipts, enquire_link from both sides, unbind from both
# sides), with no capture device: each binary writes its own pcap, which Wireshark's dissector
# must read with no malformed packet and every request matched (scenarios/wire-judge.sh). The
# logs must show every PDU decoded (JSON pdu events; one ESME logs text) and never a password.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

scen_begin pdu-visibility
SCEN_PRINT_LOGS=on-failure

# tshark reads the files; no capture privilege is needed, so there is nothing to skip.
if ! command -v tshark >/dev/null 2>&1; then
  fail "tshark not installed; cmake/bootstrap.sh installs the Debian package tshark"
  exit 1
fi

# expect_exit PID WHAT TIMEOUT_SEC: it exits by itself in time, with code 0.
expect_exit() {
  local rc
  if wait_exit "$1" "$3" rc; then
    expect_rc "$2" "$rc" 0
  else
    fail "$2 still running after ${3}s"
  fi
}

# expect_grep WHAT FILE PATTERN: a fixed string FILE must contain.
expect_grep() {
  if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1: no '$3' in $2"; fi
}

# judge CAPTURE [NEEDED]: wire-judge.sh on one of the --pcap files.
judge() {
  if bash "$SCEN_LIB_DIR/wire-judge.sh" "$1" "$MC_PORT" "${2:-}" >"$1.judge" 2>&1; then
    pass "$(basename "$1"): $(tail -n 1 "$1.judge")"
  else
    head -n 40 "$1.judge"
    fail "$(basename "$1") does not pass wire-judge.sh"
  fi
}

write_credentials 4 >/dev/null
start_mc --enquire-link-interval 0.2 --log-pdus --pcap "$SCEN_TMP/mc.pcap"

ESME_LOG="$SCEN_TMP/esme-traffic.log"
SCEN_LOGS+=("smpp-esme (traffic) log|$ESME_LOG")
spawn "smpp-esme (traffic)" "$ESME_LOG" "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --log-format json \
  --sessions 4 --system-id 'sid{n}' --password 'pass{n}' --messages 40 --rate 20 --registered-delivery 1 \
  --text 'Grüße {€}' --enquire-link-interval 0.1 --log-pdus hex --pcap "$SCEN_TMP/esme.pcap" \
  --received "$SCEN_TMP/received.jsonl"
expect_exit "$SCEN_LAST_PID" "smpp-esme (traffic)" 30

# Idle receivers the MC pings, and a transceiver the MC unbinds, logging text. --duration 1.1,
# between the MC's fifth ping (about 1.0 s after the bind) and its sixth: at --duration 1 the
# ESME's unbind and the fifth ping crossed (seen under ASan), the MC closed after its
# unbind_resp with the ping unanswered, and mc.pcap failed the wire judge.
IDLE_LOG="$SCEN_TMP/esme-idle.log"
SCEN_LOGS+=("smpp-esme (idle) log|$IDLE_LOG")
spawn "smpp-esme (idle)" "$IDLE_LOG" "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --log-format json \
  --sessions 2 --system-id 'sid{n}' --password 'pass{n}' --bind-mode receiver --enquire-link-interval 0 --duration 1.1
IDLE_PID="$SCEN_LAST_PID"
TEXT_LOG="$SCEN_TMP/esme-text.log"
SCEN_LOGS+=("smpp-esme (text) log|$TEXT_LOG")
spawn "smpp-esme (text)" "$TEXT_LOG" "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --log-format text \
  --system-id sid3 --password pass3 --enquire-link-interval 0 --log-pdus
TEXT_PID="$SCEN_LAST_PID"
deadline=$(($(now_ms) + 15000))
until grep -q 'event=bound' "$TEXT_LOG" 2>/dev/null || (($(now_ms) >= deadline)); do sleep 0.05; done
expect_exit "$IDLE_PID" "smpp-esme (idle)" 15
stop_mc 0
expect_exit "$TEXT_PID" "smpp-esme (text)" 15

# ---------------------------------------------------------------- the logs

for log in "$MC_LOG" "$ESME_LOG" "$TEXT_LOG"; do
  if grep -q 'pass[0-9]' "$log"; then fail "a password appears in $(basename "$log")"; else pass "no password in $(basename "$log")"; fi
done
expect_grep "the MC logs the bind it received, password hidden" "$MC_LOG" \
  '"event":"pdu","seq":1,"status":"ESME_ROK","dir":"in","command":"bind_transceiver","fields":{"system_id":"sid1","password":"***"'
expect_grep "the ESME logs its submit_sm with the text decoded" "$ESME_LOG" '"short_message":"Grüße {€}"'
expect_grep "--log-pdus hex adds the octets" "$ESME_LOG" '"hex":"0000'
expect_grep "receipts are logged with their TLVs by name" "$ESME_LOG" '"tlvs":{"receipted_message_id":"'
expect_grep "the text log has the bind, password hidden" "$TEXT_LOG" \
  'out bind_transceiver event=pdu seq=1 status=ESME_ROK system_id=sid3 password=*** '
expect_grep "the text log has the MC's unbind" "$TEXT_LOG" 'in unbind event=pdu'
n="$(count_events "$ESME_LOG" pdu)"
if ((n >= 160)); then pass "the ESME logged $n PDUs (40 submit_sm, their answers, receipts and theirs)"; else fail "the ESME logged $n PDUs"; fi

# ---------------------------------------------------------------- --received

receipts="$(grep -c '"receipt":{' "$SCEN_TMP/received.jsonl" || true)"
if ((receipts >= 1)) && ! grep -qv '"stat":"DELIVRD"' "$SCEN_TMP/received.jsonl"; then
  pass "--received has $receipts receipts, all DELIVRD"
else
  fail "--received has $receipts receipts: $(head -n 3 "$SCEN_TMP/received.jsonl")"
fi

# ---------------------------------------------------------------- the captures

judge "$SCEN_TMP/mc.pcap"
judge "$SCEN_TMP/esme.pcap" "esme:9 esme:4 mc:5 esme:6"

scen_end
