#!/usr/bin/env bash
# GET /metrics of both binaries after real traffic passes `promtool check metrics` (the
# Prometheus project's own linter of the text format), and says what the traffic was (#10).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=lib-metrics.sh
source "$SCEN_LIB_DIR/lib-metrics.sh"

scen_begin metrics-promtool
SCEN_PRINT_LOGS=on-failure
need_tool curl curl
need_tool promtool prometheus

start_metrics_run --rate 50 --messages 1000 --registered-delivery 1
wait_metric esme "$ESME_HTTP" 'smpp_esme_submits_total{session="2",outcome="accepted"}' 10 20 ||
  fail "smpp-esme's /metrics never showed 10 accepted submits on session 2"
scrape mc "$MC_HTTP" || fail "GET /metrics of smpp-mc failed"
for who in mc esme; do
  if promtool check metrics <"$SCEN_TMP/$who.metrics" >"$SCEN_TMP/$who.promtool" 2>&1; then
    pass "promtool check metrics accepts smpp-$who's /metrics"
  else
    fail "promtool check metrics on smpp-$who's /metrics: $(cat "$SCEN_TMP/$who.promtool")"
  fi
done
expect_json "$SCEN_TMP/mc.metrics" 'smpp_mc_sessions_bound{system_id="sid1",bind_mode="transceiver"} 1' "smpp-mc counts sid1 bound"
expect_json "$SCEN_TMP/mc.metrics" 'smpp_mc_bind_responses_total{status="ESME_ROK"} 2' "smpp-mc counts 2 binds accepted"
expect_json "$SCEN_TMP/mc.metrics" 'smpp_mc_pdus_total{direction="in",command="submit_sm"}' "smpp-mc counts submit_sm in"
expect_json "$SCEN_TMP/mc.metrics" 'smpp_mc_build_info{version=' "smpp-mc has build_info"
expect_json "$SCEN_TMP/esme.metrics" 'smpp_esme_submit_latency_seconds_bucket{session="1",le="+Inf"}' "smpp-esme has a latency histogram"
curl -fsS --max-time 5 "http://127.0.0.1:$ESME_HTTP/status" >"$SCEN_TMP/esme.status" || fail "GET /status of smpp-esme failed"
expect_json "$SCEN_TMP/esme.status" '"system_id":"sid2"' "smpp-esme's /status lists session 2"
stop_esme_over_http
stop_mc 0
check_unbind_exchanges esme "$ESME_LOG" "$MC_LOG" 2 || true
scen_end
