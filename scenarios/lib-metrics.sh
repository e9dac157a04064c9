# shellcheck shell=bash
# For the metrics scenarios (metrics-promtool.sh, metrics-prometheus.sh): both binaries with
# --http on port 0, their /metrics read with curl.

# need_tool CMD PACKAGE: exit 77 (skipped) without CMD, unless CI is set: then that fails.
need_tool() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [[ -n "${CI:-}" ]]; then
    fail "$1 is missing (Debian package $2; tests/run.sh installs it as root), and CI is set, so this is no skip"
    scen_end
  fi
  note "SKIP: $1 is missing: apt-get install $2 to run this test"
  exit 77
}

# metric FILE SERIES: the value of the sample whose name and labels are SERIES exactly.
metric() {
  awk -v want="$2" '$1 == want { print $2; found = 1 } END { if (!found) print "" }' "$1"
}

# scrape NAME PORT: GET /metrics into $SCEN_TMP/NAME.metrics.
scrape() {
  curl -fsS --max-time 5 "http://127.0.0.1:$2/metrics" >"$SCEN_TMP/$1.metrics"
}

# start_metrics_run ESME_ARGS...: an MC and an ESME of two sessions, both with --http; sets
# MC_HTTP and ESME_HTTP to their HTTP ports.
start_metrics_run() {
  write_credentials 2 >/dev/null
  start_mc --http 127.0.0.1:0 --http-port-file "$SCEN_TMP/mc.http"
  wait_port_file "$SCEN_TMP/mc.http" "$MC_PID" 10 || { fail "smpp-mc wrote no HTTP port"; scen_end; }
  MC_HTTP="$(tr -d ' \r\n' <"$SCEN_TMP/mc.http")"
  start_esme --sessions 2 --system-id 'sid{n}' --password 'pass{n}' \
    --http 127.0.0.1:0 --http-port-file "$SCEN_TMP/esme.http" "$@"
  wait_port_file "$SCEN_TMP/esme.http" "$ESME_PID" 10 || { fail "smpp-esme wrote no HTTP port"; scen_end; }
  ESME_HTTP="$(tr -d ' \r\n' <"$SCEN_TMP/esme.http")"
  expect_events "$ESME_LOG" smpp-esme bound 2 15 "$ESME_PID" || true
}

# wait_metric NAME PORT SERIES MIN TIMEOUT_SEC: scrape until SERIES is at least MIN.
wait_metric() {
  local deadline value
  deadline=$(($(now_ms) + $5 * 1000))
  while :; do
    scrape "$1" "$2" 2>/dev/null && value="$(metric "$SCEN_TMP/$1.metrics" "$3")"
    [[ -n "${value:-}" ]] && awk -v v="$value" -v m="$4" 'BEGIN { exit !(v >= m) }' && return 0
    (($(now_ms) < deadline)) || return 1
    sleep 0.2
  done
}

# stop_esme_over_http: POST /stop, then smpp-esme must exit 0 (the graceful stop).
stop_esme_over_http() {
  local rc
  if curl -fsS --max-time 5 -X POST "http://127.0.0.1:$ESME_HTTP/stop" >"$SCEN_TMP/stop.json"; then
    pass "POST /stop answered: $(cat "$SCEN_TMP/stop.json")"
  else
    fail "POST /stop to smpp-esme failed"
  fi
  if wait_exit "$ESME_PID" 15 rc; then
    expect_rc "smpp-esme after POST /stop" "$rc" 0
  else
    fail "smpp-esme still running 15s after POST /stop"
    kill_hard "$ESME_PID"
  fi
}
