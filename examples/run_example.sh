#!/usr/bin/env bash
# Runs one example against a real smpp-mc on 127.0.0.1:0 and checks its exit code; with
# --expect-unbind SID (repeatable), also that the MC logged unbind_received for each SID.
#   run_example.sh SMPP_MC EXAMPLE [--expect-unbind SID]...
set -euo pipefail
# shellcheck source=../scenarios/lib-wait.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scenarios/lib-wait.sh"

mc_bin="$1" example="$2"
shift 2
tmp="$(mktemp -d)"
mc_pid=
cleanup() {
  [[ -n "$mc_pid" ]] && kill "$mc_pid" 2>/dev/null && wait "$mc_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

"$mc_bin" --listen 127.0.0.1:0 --port-file "$tmp/mc.port" --log-format json >"$tmp/mc.log" 2>&1 &
mc_pid=$!
if ! wait_port_file "$tmp/mc.port" "$mc_pid" 10; then
  cat "$tmp/mc.log"
  echo "smpp-mc wrote no port within 10 s"
  exit 1
fi
port="$(tr -d ' \r\n' <"$tmp/mc.port")"

rc=0
"$example" 127.0.0.1 "$port" || rc=$?
if ((rc != 0)); then
  cat "$tmp/mc.log"
  echo "$(basename "$example") exited with $rc"
  exit 1
fi

while (($# > 0)); do
  [[ "$1" == --expect-unbind ]] || { echo "unknown argument $1"; exit 2; }
  if ! grep '"event":"unbind_received"' "$tmp/mc.log" | grep -q "\"system_id\":\"$2\""; then
    cat "$tmp/mc.log"
    echo "the MC logged no unbind_received for $2"
    exit 1
  fi
  shift 2
done
echo "ok"
