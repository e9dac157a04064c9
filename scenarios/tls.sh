#!/usr/bin/env bash
# The real binaries over TLS with a certificate made by the openssl command:
# 2 sessions with traffic, every unbind matched; an ESME trusting the wrong CA
# exits 3 while the MC serves on; bad TLS flags exit 2, an unusable
# certificate file exits 3, each with one line on stderr. Cipher suites (issue
# #12): with an RSA certificate the MC refuses TLS 1.2 suites without forward
# secrecy or AEAD (AES128-SHA, ECDHE-RSA-AES128-SHA) and takes ECDHE-RSA-AES128-
# GCM-SHA256; --tls-ciphers opens the list for an old peer, on both sides.
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

# ---- cipher suites, against an MC with an RSA certificate
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=rsa" -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$SCEN_TMP/rsa.key" -out "$SCEN_TMP/rsa.pem" 2>"$SCEN_TMP/openssl-rsa.stderr"

# tls12_with CIPHER: true when a TLS 1.2 handshake with only CIPHER succeeds against the MC.
tls12_with() {
  timeout 10 openssl s_client -connect "127.0.0.1:$MC_PORT" -tls1_2 -cipher "$1" </dev/null \
    >"$SCEN_TMP/s_client-$1.out" 2>&1
}
expect_suite() {
  local cipher="$1" want="$2" got=refused
  tls12_with "$cipher" && got=accepted
  if [[ "$got" == "$want" ]]; then pass "smpp-mc $want TLS 1.2 with $cipher"; else fail "smpp-mc $got TLS 1.2 with $cipher, expected $want"; fi
}
start_mc --tls --tls-cert "$SCEN_TMP/rsa.pem" --tls-key "$SCEN_TMP/rsa.key"
expect_suite AES128-SHA refused
expect_suite ECDHE-RSA-AES128-SHA refused
expect_suite ECDHE-RSA-AES128-GCM-SHA256 accepted
stop_mc 0
start_mc --tls --tls-cert "$SCEN_TMP/rsa.pem" --tls-key "$SCEN_TMP/rsa.key" --tls-ciphers 'ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA'
expect_suite AES128-SHA accepted
stop_mc 0

run_capture mc-bad-ciphers 10 "$MC_BIN" --listen 127.0.0.1:0 --tls --tls-cert "$SCEN_TMP/rsa.pem" \
  --tls-key "$SCEN_TMP/rsa.key" --tls-ciphers NO-SUCH-CIPHER --log-format json
expect_rc "smpp-mc with --tls-ciphers naming no cipher" "$RUN_RC" 3
expect_count "$SCEN_TMP/mc-bad-ciphers.stderr" smpp-mc tls_setup_failed 1 || true
run_capture esme-ciphers-without-tls 10 "$ESME_BIN" --tls-ciphers AES128-SHA
expect_usage_error "smpp-esme --tls-ciphers without --tls" esme-ciphers-without-tls

# The ESME's side, against an old peer that speaks TLS 1.2 with AES128-SHA only: refused by
# default, taken with --tls-ciphers (the handshake then completes; the peer speaks no SMPP).
old_peer_esme() {
  local name="$1" out="$SCEN_TMP/s_server-$1.out" port="" i
  shift
  # s_server quits at the end of its stdin: keep that open (and off CTest's pipes) meanwhile.
  sleep 5 2>/dev/null </dev/null | timeout 10 openssl s_server -accept 127.0.0.1:0 -cert "$SCEN_TMP/rsa.pem" \
    -key "$SCEN_TMP/rsa.key" -tls1_2 -cipher AES128-SHA -naccept 1 >"$out" 2>&1 &
  local server=$!
  for ((i = 0; i < 100; i++)); do
    port="$(sed -n 's/^ACCEPT .*:\([0-9]*\)$/\1/p' "$out")"
    [[ -n "$port" ]] && break
    sleep 0.05
  done
  run_capture "$name" 15 "$ESME_BIN" --host 127.0.0.1 --port "$port" --tls --tls-ca "$SCEN_TMP/rsa.pem" \
    --bind-timeout 1 --log-format json "$@"
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}
old_peer_esme esme-old-peer-default
expect_count "$SCEN_TMP/esme-old-peer-default.stderr" smpp-esme tls_handshake_failed 1 || true
old_peer_esme esme-old-peer-opened --tls-ciphers AES128-SHA
expect_count "$SCEN_TMP/esme-old-peer-opened.stderr" smpp-esme tls_established 1 || true

scen_print_logs
scen_end
