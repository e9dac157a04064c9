#!/usr/bin/env bash
# A slow or hostile HTTP client cannot stall SMPP traffic (issue #10), against the real
# binaries: smpp-mc with --http-timeout 6 and 1,000 stored messages of 254 characters (so an
# answer is big); a client trickling a header a byte every 0.5 s and one asking for
# /messages?limit=1000 and never reading it hang on while smpp-esme sends 10,000 messages at
# window 256. Every message is accepted, /status answers meanwhile, and the MC closes both
# hostile clients within the timeout plus 3 s (and not much before the timeout).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

scen_begin slow-http
SCEN_PRINT_LOGS=on-failure
HTTP_TIMEOUT=6
# The system python: the client needs only its standard library, whatever python3 PATH finds.
PYTHON=/usr/bin/python3
[[ -x "$PYTHON" ]] || PYTHON="$(command -v python3)"
CLIENT="$SCEN_LIB_DIR/slow-http-client.py"
declare -A HOSTILE_PID=()

http_port_file="$SCEN_TMP/http.port"
start_mc --http 127.0.0.1:0 --http-port-file "$http_port_file" --http-timeout "$HTTP_TIMEOUT"
wait_port_file "$http_port_file" "$MC_PID" 10 || { fail "no --http-port-file within 10s"; exit 1; }
HTTP_PORT="$(<"$http_port_file")"

# --- the store, filled first: GET /messages?limit=1000 is then about half a megabyte
text="$(printf 'a%.0s' {1..254})"
summary="$SCEN_TMP/fill.json"
run_capture fill 60 "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --system-id filler --messages 1000 \
  --window 64 --text "$text" --long-text payload --summary-json "$summary" --log-format json
expect_json "$summary" '"accepted":1000,' "1000 messages of 254 characters stored first"
size="$(curl -s --max-time 10 "http://127.0.0.1:$HTTP_PORT/messages?limit=1000" | wc -c)"
if ((size > 250000)); then pass "GET /messages?limit=1000 is $size octets"; else fail "GET /messages?limit=1000 is only $size octets"; fi

# --- the hostile clients
hostile() { # NAME: spawns slow-http-client.py NAME; its JSON lines go to $SCEN_TMP/NAME.log.stdout
  SCEN_LOGS+=("$1 client|$SCEN_TMP/$1.log.stdout" "$1 client stderr|$SCEN_TMP/$1.log")
  spawn "$1 client" "$SCEN_TMP/$1.log" "$PYTHON" "$CLIENT" "$1" --port "$HTTP_PORT" --max-wait 30
  HOSTILE_PID[$1]="$SCEN_LAST_PID"
}
hostile trickle
hostile stall
expect_events "$SCEN_TMP/trickle.log.stdout" "trickle client" connected 1 10 "${HOSTILE_PID[trickle]}" || true
expect_events "$SCEN_TMP/stall.log.stdout" "stall client" request_sent 1 10 "${HOSTILE_PID[stall]}" || true

# --- SMPP traffic and /status while they hang
summary="$SCEN_TMP/load.json"
start_esme --system-id loader --messages 10000 --window 256 --summary-json "$summary"
status="$(curl -s --max-time 3 -w '\n%{http_code}' "http://127.0.0.1:$HTTP_PORT/status" || true)"
if [[ "$(tail -n 1 <<<"$status")" == 200 && "$status" == *"\"listen\":\"127.0.0.1:$MC_PORT\""* ]]; then
  pass "GET /status answered within 3 s while the hostile clients hang"
else
  fail "GET /status did not answer within 3 s: $status"
fi
if wait_exit "$ESME_PID" 30 rc; then expect_rc smpp-esme "$rc" 0; else fail "smpp-esme still sending after 30 s"; fi
expect_json "$summary" '"accepted":10000,' "all 10,000 messages accepted while the hostile clients hang"
if command -v ss >/dev/null; then
  note "the MC's HTTP sockets now (Send-Q is what the stall client leaves unread):"
  ss -tn state established "( sport = :$HTTP_PORT )" || true
fi
for who in trickle stall; do
  if (($(count_events "$SCEN_TMP/$who.log.stdout" closed) == 0)); then
    pass "the $who client was still connected once the traffic was through"
  else
    fail "the $who client was closed before the traffic was through: the test proves nothing"
  fi
done

# --- the MC closes both, from their connect within the timeout + 3 s
for who in trickle stall; do
  log="$SCEN_TMP/$who.log.stdout"
  expect_events "$log" "$who client" closed 1 $((HTTP_TIMEOUT + 6)) "${HOSTILE_PID[$who]}" || continue
  after="$(sed -n 's/.*"event":"closed".*"after_s":\([0-9.]*\).*/\1/p' "$log" | head -n 1)"
  if awk -v a="$after" -v t="$HTTP_TIMEOUT" 'BEGIN { exit !(a >= t - 1 && a <= t + 3) }'; then
    pass "the MC closed the $who client after $after s (--http-timeout $HTTP_TIMEOUT)"
  else
    fail "the MC closed the $who client after $after s, expected $((HTTP_TIMEOUT - 1)) to $((HTTP_TIMEOUT + 3)) s"
  fi
done
for who in trickle stall; do
  wait_exit "${HOSTILE_PID[$who]}" 5 rc || true
  expect_rc "the $who client" "$rc" 0
done
stop_mc 0
scen_end
