#!/usr/bin/env bash
# echo_mc on 127.0.0.1 port 0, driven by the real smpp-esme: both must exit 0, and echo_mc must
# have seen 3 submit_sm and got 3 deliver_sm_resp for its echoes.
#   echo_mc_test.sh ECHO_MC SMPP_ESME
set -euo pipefail
ECHO_MC="$1"
ESME="$2"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/echo-mc.XXXXXX")"
MC_PID=""
cleanup() {
  [[ -n "$MC_PID" ]] && kill "$MC_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"$ECHO_MC" 127.0.0.1 0 1 >"$WORK/mc.out" 2>"$WORK/mc.err" &
MC_PID=$!
PORT=""
for _ in $(seq 200); do
  PORT="$(sed -nE 's/^echo_mc listening on port ([0-9]+)$/\1/p' "$WORK/mc.out")"
  [[ -n "$PORT" ]] && break
  kill -0 "$MC_PID" 2>/dev/null || break
  sleep 0.05 # poll interval of a deadline-bound wait for the MC's log line: a file has no event to block on
done
[[ -n "$PORT" ]] || { echo "echo_mc printed no port"; cat "$WORK/mc.out" "$WORK/mc.err"; exit 1; }

rc=0
"$ESME" --host 127.0.0.1 --port "$PORT" --messages 3 --bind-mode transceiver --log-level warn \
  >"$WORK/esme.out" 2>"$WORK/esme.err" || rc=$?
cat "$WORK/esme.out"
[[ "$rc" -eq 0 ]] || { echo "smpp-esme exit code $rc"; cat "$WORK/esme.err"; exit 1; }

mc_rc=0
wait "$MC_PID" || mc_rc=$?
MC_PID=""
cat "$WORK/mc.out"
[[ "$mc_rc" -eq 0 ]] || { echo "echo_mc exit code $mc_rc"; cat "$WORK/mc.err"; exit 1; }
grep -qx "submits 3 deliver_sm_resp 3" "$WORK/mc.out" || { echo "echo_mc did not see 3 submits and 3 deliver_sm_resp"; exit 1; }
echo "ok"
