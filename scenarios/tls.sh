#!/usr/bin/env bash
# The real binaries over TLS with a certificate made by the openssl command:
# 2 sessions with traffic, every unbind matched; an ESME trusting the wrong CA
# exits 3 while the MC serves on; bad TLS flags exit 2, an unusable
# certificate file exits 3, each with one line on stderr.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=2
rc=""
scen_begin tls

# make_cert NAME: a self-signed certificate for 127.0.0.1 and localhost.
make_cert() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
    -subj "/CN=$1" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$SCEN_TMP/$1.key" -out "$SCEN_TMP/$1.pem" 2>"$SCEN_TMP/openssl-$1.stderr"
}
make_cert mc
make_cert stranger

write_credentials "$N" >/dev/null
start_mc --tls --tls-cert "$SCEN_TMP/mc.pem" --tls-key "$SCEN_TMP/mc.key"
start_esme --sessions "$N" --system-id 'sid{n}' --password 'pass{n}' \
  --tls --tls-ca "$SCEN_TMP/mc.pem" --messages 100 --window 10
if wait_exit "$ESME_PID" 15 rc; then
  expect_rc "smpp-esme over TLS (exiting once every message is answered)" "$rc" 0
else
  fail "smpp-esme over TLS still running after 15s"
  kill_hard "$ESME_PID"
fi
expect_count "$ESME_LOG" smpp-esme tls_established "$N" || true
check_unbind_exchanges esme "$ESME_LOG" "$MC_LOG" "$N" || true

run_capture wrong-ca 15 "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --tls --tls-ca "$SCEN_TMP/stranger.pem" \
  --system-id sid1 --password pass1 --log-format json
expect_rc "smpp-esme trusting another CA" "$RUN_RC" 3
expect_count "$SCEN_TMP/wrong-ca.stderr" smpp-esme tls_handshake_failed 1 || true
expect_events "$MC_LOG" smpp-mc tls_handshake_failed 1 5 "$MC_PID" || true

run_capture mc-tls-without-cert 10 "$MC_BIN" --listen 127.0.0.1:0 --tls
expect_usage_error "smpp-mc --tls without --tls-cert" mc-tls-without-cert
run_capture esme-insecure-without-tls 10 "$ESME_BIN" --tls-insecure
expect_usage_error "smpp-esme --tls-insecure without --tls" esme-insecure-without-tls

run_capture mc-missing-cert 10 "$MC_BIN" --listen 127.0.0.1:0 --tls --tls-cert "$SCEN_TMP/none.pem" \
  --tls-key "$SCEN_TMP/mc.key"
expect_rc "smpp-mc with a missing certificate file" "$RUN_RC" 3
if [[ "$(awk 'END { print NR }' "$SCEN_TMP/mc-missing-cert.stderr")" == 1 ]] &&
  grep -q 'tls_setup_failed' "$SCEN_TMP/mc-missing-cert.stderr"; then
  pass "smpp-mc with a missing certificate file said so in one tls_setup_failed line"
else
  fail "smpp-mc with a missing certificate file: expected one tls_setup_failed line on stderr"
fi

stop_mc 0
scen_print_logs
scen_end
