#!/usr/bin/env bash
# smpp-mc's HTTP API with the real binaries, driven as a CI job would: curl (or python3 where
# curl is missing) reads /status and /messages, PATCH /knobs makes the next submits rejected,
# POST /messages/{id}/deliver finishes one now; and --http beyond loopback without a token is
# refused with one line and exit 2.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

scen_begin http-api
SCEN_PRINT_LOGS=on-failure

# http METHOD PATH [BODY]: the answer's body on stdout, then its status on a line of its own.
http() {
  local url="http://127.0.0.1:$HTTP_PORT$2"
  if command -v curl >/dev/null; then
    curl -s -X "$1" ${3:+-d "$3"} -w '\n%{http_code}\n' "$url"
  else
    python3 - "$1" "$url" "${3:-}" <<'PY'
import sys, urllib.request, urllib.error
method, url, body = sys.argv[1], sys.argv[2], sys.argv[3]
req = urllib.request.Request(url, data=body.encode() if body else None, method=method)
try:
    r = urllib.request.urlopen(req, timeout=10); print(r.read().decode()); print(r.status)
except urllib.error.HTTPError as e:
    print(e.read().decode()); print(e.code)
PY
  fi
}

# expect_http WHAT STATUS TEXT METHOD PATH [BODY]
expect_http() {
  local what="$1" status="$2" text="$3" out
  shift 3
  out="$(http "$@")"
  if [[ "$(tail -n 1 <<<"$out")" == "$status" && "$out" == *"$text"* ]]; then
    pass "$what"
  else
    fail "$what: expected $status with $text, got: $out"
  fi
}

http_port_file="$SCEN_TMP/http.port"
start_mc --http 127.0.0.1:0 --http-port-file "$http_port_file" --receipt-delay-ms 60000
wait_port_file "$http_port_file" "$MC_PID" 10 || fail "no --http-port-file within 10s"
HTTP_PORT="$(cat "$http_port_file")"
if grep -q '"event":"http_listening"' "$MC_LOG"; then pass "http_listening logged"; else fail "no http_listening"; fi

expect_http "GET /status names the SMPP address" 200 "\"listen\":\"127.0.0.1:$MC_PORT\"" GET /status
summary="$SCEN_TMP/summary.json"
run_capture accepted 30 "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --system-id alice --messages 2 \
  --registered-delivery 1 --summary-json "$summary" --log-format json
expect_json "$summary" '"accepted":2,' "two messages accepted before the knob"
expect_http "GET /messages lists them" 200 '"total":2' GET "/messages?system_id=alice&state=ENROUTE"
id="$(http GET '/messages?limit=1' | head -n 1 | sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p')"
expect_http "POST /messages/$id/deliver finishes it" 200 '"state":"UNDELIV"' POST "/messages/$id/deliver" \
  '{"state":"UNDELIV","error":7}'
expect_http "GET /messages/$id shows its history" 200 '"event":"finished"' GET "/messages/$id"

expect_http "PATCH /knobs sets reject_ratio" 200 '"reject_ratio":1.0' PATCH /knobs '{"reject_ratio":1}'
run_capture rejected 30 "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --system-id alice --messages 3 \
  --summary-json "$summary" --log-format json
expect_json "$summary" '"accepted":0,' "no message accepted after the knob"
if grep -q '"event":"knobs_changed"' "$MC_LOG"; then pass "the change was logged"; else fail "no knobs_changed"; fi
expect_http "a bad knob is a 400 naming it" 400 'reject_ratio' PATCH /knobs '{"reject_ratio":7}'
expect_http "an unknown path is a 404" 404 'no such path' GET /nothing
stop_mc 0

run_capture open 10 "$MC_BIN" --listen 127.0.0.1:0 --http 0.0.0.0:0
expect_usage_error "smpp-mc --http 0.0.0.0:0 without a token" open
scen_end
