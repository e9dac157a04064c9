#!/usr/bin/env bash
# GET / in a real browser: headless Chromium loads the status page of a running smpp-mc with
# two bound ESME sessions and, once the page's JS has fetched /status, the DOM shows both;
# a screenshot is kept under the build directory. Then status-page.py drives the page's two
# forms through Selenium (chromedriver): the MO form's MO reaches the ESME's --received file,
# an emptied number field sends nothing (the knob keeps its value), the knob form's reject_ratio = 1 is logged (knobs_changed) and refuses every later submit in
# the ESME's --report. Exit 77 (skipped) without chromium, chromium-driver or python3-selenium,
# unless CI is set: then their absence fails.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

scen_begin status-page
SCEN_PRINT_LOGS=on-failure

# skip_or_fail WHY: exit 77, or (CI set) a failure, for a missing test-only package.
skip_or_fail() {
  if [[ -n "${CI:-}" ]]; then fail "$1"; scen_end; fi
  note "SKIPPED: $1"
  exit 77
}

browser="$(command -v chromium || command -v chromium-browser || true)"
[[ -n "$browser" ]] || skip_or_fail "chromium is not installed (apt-get install chromium)"
driver="$(command -v chromedriver || true)"
[[ -n "$driver" ]] || skip_or_fail "chromedriver is not installed (apt-get install chromium-driver)"
# Debian's python3-selenium is for Debian's python3: not whichever python3 comes first in PATH.
python=/usr/bin/python3
[[ -x "$python" ]] || python="$(command -v python3 || true)"
[[ -n "$python" ]] && "$python" -c 'import selenium' 2>/dev/null ||
  skip_or_fail "no selenium for ${python:-python3} (apt-get install python3-selenium)"

http_port_file="$SCEN_TMP/http.port"
start_mc --http 127.0.0.1:0 --http-port-file "$http_port_file"
wait_port_file "$http_port_file" "$MC_PID" 10 || fail "no --http-port-file within 10s"
url="http://127.0.0.1:$(cat "$http_port_file")/"

# --rate 4: the knob's rejections come within a second or two; --duration outlasts the run,
# status-page.py stops the ESME with SIGINT once the page shows them.
received="$SCEN_TMP/received.jsonl"
report="$SCEN_TMP/report.jsonl"
start_esme --sessions 2 --system-id 'sid{n}' --bind-mode transceiver --duration 100 --rate 4 \
  --received "$received" --report "$report"
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

if "$python" "$(dirname "${BASH_SOURCE[0]}")/status-page.py" --url "$url" --mc-log "$MC_LOG" \
  --received "$received" --report "$report" --esme-pid "$ESME_PID" --system-id sid1 --tmp "$SCEN_TMP" \
  --chromium "$browser" --chromedriver "$driver"; then
  pass "the MO and knob forms work in Chromium (status-page.py)"
else
  fail "status-page.py: the forms did not work (its FAIL line above; screenshot in $SCEN_TMP)"
fi

esme_rc=0
if stop_proc "$ESME_PID" INT 15 esme_rc; then expect_rc smpp-esme "$esme_rc" 0; else kill_hard "$ESME_PID"; fi
stop_mc 0
scen_end
