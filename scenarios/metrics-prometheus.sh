#!/usr/bin/env bash
# A real Prometheus server scrapes both binaries every second; the MC's count of submit_sm
# read back through Prometheus's query API equals what the MC itself says (#10). Skipped
# (exit 77) without the prometheus package, unless CI is set: then that fails.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=lib-metrics.sh
source "$SCEN_LIB_DIR/lib-metrics.sh"

scen_begin metrics-prometheus
SCEN_PRINT_LOGS=on-failure
need_tool curl curl
need_tool prometheus prometheus

# A port nobody listens on now (Prometheus cannot take port 0).
free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      printf '%s\n' "$p"
      return 0
    fi
  done
  return 1
}

start_metrics_run --rate 100 --messages 150
PROM_PORT="$(free_port)" || { fail "no free port for Prometheus"; scen_end; }
cat >"$SCEN_TMP/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: smpp
    static_configs:
      - targets: ['127.0.0.1:$MC_HTTP', '127.0.0.1:$ESME_HTTP']
YML
PROM_LOG="$SCEN_TMP/prometheus.log"
SCEN_LOGS+=("prometheus log|$PROM_LOG")
spawn prometheus "$PROM_LOG" prometheus --config.file "$SCEN_TMP/prometheus.yml" \
  --storage.tsdb.path "$SCEN_TMP/tsdb" --web.listen-address "127.0.0.1:$PROM_PORT"
PROM_PID="$SCEN_LAST_PID"

# The ESME's traffic ends by itself (150 messages): the MC's counter then stays put.
if wait_exit "$ESME_PID" 30 rc; then expect_rc smpp-esme "$rc" 0; else fail "smpp-esme still running"; fi
scrape mc "$MC_HTTP" || fail "GET /metrics of smpp-mc failed"
SERIES='smpp_mc_pdus_total{direction="in",command="submit_sm"}'
want="$(metric "$SCEN_TMP/mc.metrics" "$SERIES")"
[[ "$want" == 150 ]] && pass "smpp-mc says it read 150 submit_sm" || fail "smpp-mc says $SERIES is '$want', not 150"

# Prometheus's answer, once a scrape after the traffic has landed.
query='sum(smpp_mc_pdus_total{direction="in",command="submit_sm"})'
deadline=$(($(now_ms) + 60000))
got=""
while (($(now_ms) < deadline)) && proc_alive "$PROM_PID"; do
  if curl -fsS --max-time 2 "http://127.0.0.1:$PROM_PORT/api/v1/query" --data-urlencode "query=$query" \
    >"$SCEN_TMP/query.json" 2>/dev/null; then
    got="$(sed -n 's/.*"value":\[[^,]*,"\([^"]*\)"\].*/\1/p' "$SCEN_TMP/query.json")"
    [[ "$got" == "$want" ]] && break
  fi
  sleep 0.5
done
if [[ -n "$want" && "$got" == "$want" ]]; then
  pass "Prometheus's query API reads $query = $got, as smpp-mc says"
else
  fail "Prometheus's query API answered '${got:-nothing}' for $query, smpp-mc says '$want': $(cat "$SCEN_TMP/query.json" 2>/dev/null)"
fi
up="$(curl -fsS --max-time 2 "http://127.0.0.1:$PROM_PORT/api/v1/query" --data-urlencode 'query=up{job="smpp"}' || true)"
grep -q "\"127.0.0.1:$MC_HTTP\"" <<<"$up" && pass "Prometheus scraped smpp-mc" || fail "Prometheus has no up series for smpp-mc: $up"
stop_proc "$PROM_PID" TERM 15 rc || kill_hard "$PROM_PID"
stop_mc 0
scen_end
