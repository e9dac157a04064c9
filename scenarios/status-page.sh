#!/usr/bin/env bash
# GET / in a real browser: headless Chromium loads the status page of a running smpp-mc with
# two bound ESME sessions and, once the page's JS has fetched /status, the DOM shows both;
# a screenshot is kept under the build directory. Exit 77 (skipped) without chromium, unless
# CI is set: then its absence fails.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

scen_begin status-page
SCEN_PRINT_LOGS=on-failure

browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
  if [[ -n "${CI:-}" ]]; then fail "chromium is not installed (apt-get install chromium)"; scen_end; fi
  note "SKIPPED: chromium is not installed (apt-get install chromium)"
  exit 77
fi

http_port_file="$SCEN_TMP/http.port"
start_mc --http 127.0.0.1:0 --http-port-file "$http_port_file"
wait_port_file "$http_port_file" "$MC_PID" 10 || fail "no --http-port-file within 10s"
url="http://127.0.0.1:$(cat "$http_port_file")/"

spawn smpp-esme "$SCEN_TMP/esme.log" "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --sessions 2 \
  --system-id 'sid{n}' --bind-mode transceiver --duration 60 --rate 2 --log-format json
ESME_PID="$SCEN_LAST_PID"
wait_events "$MC_LOG" bound 2 10 "$MC_PID" || fail "the two sessions did not bind"

# Chromium's own profile and crash dumps stay in the scenario's temp dir.
chrome=("$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$SCEN_TMP/chromium"
        --virtual-time-budget=5000 --window-size=1000,1100)
timeout 60 "${chrome[@]}" --dump-dom "$url" >"$SCEN_TMP/dom.html" 2>"$SCEN_TMP/chromium.stderr" || true
rows="$(grep -o '<tr class="session">' "$SCEN_TMP/dom.html" | wc -l)"
if [[ "$rows" == 2 ]]; then pass "the page shows both sessions"; else fail "the page shows $rows sessions"; fi
for sid in sid1 sid2; do
  if grep -q "<td>$sid</td>" "$SCEN_TMP/dom.html"; then pass "the page names $sid"; else fail "no $sid on the page"; fi
done
if grep -q 'name="reject_ratio"' "$SCEN_TMP/dom.html"; then pass "the knob form is built"; else fail "no knob form"; fi
shot="${SMPP_BIN_DIR:-$SCEN_TMP}/status-page.png"
timeout 60 "${chrome[@]}" --screenshot="$shot" "$url" >/dev/null 2>>"$SCEN_TMP/chromium.stderr" || true
if [[ -s "$shot" ]]; then pass "screenshot saved as $shot"; else fail "no screenshot"; fi

local_rc=0
stop_proc "$ESME_PID" INT 15 local_rc || kill_hard "$ESME_PID"
stop_mc 0
scen_end
