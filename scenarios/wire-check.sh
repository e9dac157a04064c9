#!/usr/bin/env bash
# Wire check: what smpp-mc and smpp-esme put on the wire, judged by an independent decoder.
# dumpcap captures loopback traffic to the MC's port while the real binaries bind several
# sessions, submit with receipts (deliver_sm flows back), exchange enquire_link from both sides
# and unbind from both sides; then scenarios/wire-judge.sh decodes the capture with Wireshark's
# SMPP dissector and fails on malformed packets, expert errors, unmatched requests or
# responses, generic_nack, and a capture lacking any PDU kind this traffic must produce.
#
# Exit 77 (CTest: skipped) when capturing is impossible: not root and dumpcap lacks the
# capability, or tshark is not installed and we could not have installed it (not root).
# With CI set (.ci/run sets it) that is a failure instead: on CI the wire check must run.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

scen_begin wire-check
SCEN_PRINT_LOGS=on-failure

skip() {
  if [[ -n "${CI:-}" ]]; then
    fail "cannot run the wire check, and CI is set, so this is no skip: $*"
    exit 1
  fi
  note "SKIP: $*"
  rm -rf "$SCEN_TMP"
  SCEN_TMP=""
  exit 77
}

# ---------------------------------------------------------------- can we capture?

for tool in dumpcap tshark; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    [[ "$(id -u)" -eq 0 ]] || skip "$tool not installed (as root: apt-get install tshark)"
    fail "$tool not installed; cmake/bootstrap.sh installs the Debian package tshark"
    exit 1
  fi
done
# Opening the device is what needs the privilege; listing its link types opens it.
if ! dumpcap -i lo -L >"$SCEN_TMP/probe.out" 2>&1; then
  [[ "$(id -u)" -eq 0 ]] || skip "cannot capture on lo (not root, and dumpcap lacks CAP_NET_RAW): $(head -n 1 "$SCEN_TMP/probe.out")"
  fail "dumpcap cannot capture on lo even as root: $(head -n 1 "$SCEN_TMP/probe.out")"
  exit 1
fi

# ---------------------------------------------------------------- traffic under capture

# start_esme_as NAME ARGS...: smpp-esme against the running MC with its own log file; sets
# ESME_PID.
start_esme_as() {
  local name="$1"
  shift
  ESME_LOG="$SCEN_TMP/esme-$name.log"
  SCEN_LOGS+=("smpp-esme ($name) log|$ESME_LOG")
  spawn "smpp-esme ($name)" "$ESME_LOG" "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" \
    --log-format json --log-level "$SCEN_LOG_LEVEL" "$@"
  ESME_PID="$SCEN_LAST_PID"
}

# expect_exit PID WHAT TIMEOUT_SEC: it exits by itself in time, with code 0.
expect_exit() {
  local rc
  if wait_exit "$1" "$3" rc; then
    expect_rc "$2" "$rc" 0
  else
    fail "$2 still running after ${3}s"
  fi
}

write_credentials 4 >/dev/null
# The MC pings idle sessions too, so enquire_link flows in both directions.
start_mc --enquire-link-interval 0.2

PCAP="$SCEN_TMP/wire.pcap"
DUMPCAP_LOG="$SCEN_TMP/dumpcap.log"
SCEN_LOGS+=("dumpcap|$DUMPCAP_LOG")
# UDP to the same port carries the end marker (see below); nothing else uses it.
spawn dumpcap "$DUMPCAP_LOG" dumpcap -i lo -f "tcp port $MC_PORT or udp port $MC_PORT" -P -w "$PCAP"
DUMPCAP_PID="$SCEN_LAST_PID"
deadline=$(($(now_ms) + 10000))
until grep -q '^Capturing on' "$DUMPCAP_LOG" 2>/dev/null; do
  if ! proc_alive "$DUMPCAP_PID" || (($(now_ms) >= deadline)); then
    fail "dumpcap did not start capturing within 10s"
    scen_end
  fi
  sleep 0.05
done

# Four transceivers submit with receipts at a pace that leaves each session idle long enough
# for its own enquire_link; the ESME unbinds them once every message has its answer.
start_esme_as traffic --sessions 4 --system-id 'sid{n}' --password 'pass{n}' --messages 40 --rate 20 \
  --registered-delivery 1 --enquire-link-interval 0.1
expect_exit "$ESME_PID" "smpp-esme (traffic)" 30

# Two idle receivers (the MC pings them) that unbind themselves, and one transceiver the MC
# unbinds when it shuts down.
start_esme_as idle --sessions 2 --system-id 'sid{n}' --password 'pass{n}' --bind-mode receiver \
  --enquire-link-interval 0 --duration 1
IDLE_PID="$ESME_PID"
start_esme_as last --system-id sid3 --password pass3 --enquire-link-interval 0
LAST_PID="$ESME_PID"
expect_events "$ESME_LOG" "smpp-esme (last)" bound 1 15 "$LAST_PID" || true
expect_exit "$IDLE_PID" "smpp-esme (idle)" 15
stop_mc 0
expect_exit "$LAST_PID" "smpp-esme (last)" 15

# The kernel hands packets to dumpcap in blocks, and SIGINT drops a block not yet handed over.
# Every process has exited, so one datagram sent now is the last packet; once its unique
# payload is in the file, so is everything before it.
marker="wire-check-end-$$-$RANDOM"
printf '%s' "$marker" >"/dev/udp/127.0.0.1/$MC_PORT"
deadline=$(($(now_ms) + 10000))
until grep -aqF "$marker" "$PCAP" 2>/dev/null; do
  if (($(now_ms) >= deadline)); then
    fail "the end marker did not reach the capture file within 10s"
    break
  fi
  sleep 0.05
done
if stop_proc "$DUMPCAP_PID" INT 10 rc; then
  expect_rc dumpcap "$rc" 0
else
  fail "dumpcap still running 10s after SIGINT"
fi

# ---------------------------------------------------------------- decoding

if bash "$SCEN_LIB_DIR/wire-judge.sh" "$PCAP" "$MC_PORT" >"$SCEN_TMP/judge.txt" 2>&1; then
  cat "$SCEN_TMP/judge.txt"
else
  head -n 40 "$SCEN_TMP/judge.txt"
  SCEN_FAILS=$((SCEN_FAILS + 1))
fi

scen_end
