#!/usr/bin/env bash
# What a newcomer tries first (issue #11): the README's quick start, one message and its
# receipt; messages piped into `--input -`; and the text view of a JSON log (render_text_log,
# which scenarios/run.sh prints) against the text the binary itself writes.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

scen_begin first-steps
SCEN_PRINT_LOGS=on-failure
start_mc

# expect_stdout NAME TEXT: the ESME's summary (stdout of run_capture NAME) has the line TEXT.
expect_stdout() {
  if grep -qF -- "$2" "$SCEN_TMP/$1.stdout"; then
    pass "$1: the summary says '$2'"
  else
    fail "$1: the summary lacks '$2'"
  fi
}

# The quick start's second command, on this MC's port.
run_capture quick-start 20 "$ESME_BIN" --port "$MC_PORT" --messages 1 --registered-delivery 1 --wait-receipts 5
expect_rc "the quick start's smpp-esme" "$RUN_RC" 0
expect_stdout quick-start "messages 1 = accepted 1"
expect_stdout quick-start "receipts received 1"
expect_stdout quick-start "receipts matched 1 of 1 expected, DELIVRD 1"

# expect_same_text WHAT TEXT_LOG JSON_LOG: the JSON log rendered as text is the text log, but for
# the clock and the client's port, which differ between two runs.
expect_same_text() {
  local normal='s/^[0-9:.]{12} //; s/127\.0\.0\.1:[0-9]+/127.0.0.1:PORT/g'
  if diff <(sed -E "$normal" "$2") <(render_text_log "$3" | sed -E "$normal") >"$SCEN_TMP/text.diff"; then
    pass "$1: the JSON log shown as text is what --log-format text writes ($(awk 'END { print NR }' "$2") lines)"
  else
    fail "$1: the JSON log shown as text differs from --log-format text: $(cat "$SCEN_TMP/text.diff")"
  fi
}
run_capture quick-start-json 20 "$ESME_BIN" --port "$MC_PORT" --messages 1 --registered-delivery 1 --wait-receipts 5 --log-format json
expect_same_text "a bound session" "$SCEN_TMP/quick-start.stderr" "$SCEN_TMP/quick-start-json.stderr"
# Warnings, errors and close reasons.
run_capture refused-text 20 "$ESME_BIN" --host 127.0.0.1 --port 1
run_capture refused-json 20 "$ESME_BIN" --host 127.0.0.1 --port 1 --log-format json
expect_same_text "a refused connect" "$SCEN_TMP/refused-text.stderr" "$SCEN_TMP/refused-json.stderr"

# Standard input as a pipe, not a file that could be opened by name.
run_capture from-stdin 20 "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --input - < <(
  printf '{"from":"111","to":"222","text":"first"}\n\n{"from":"111","to":"333","text":"second"}\n'
)
expect_rc "smpp-esme --input - (two messages piped in)" "$RUN_RC" 0
expect_stdout from-stdin "messages 2 = accepted 2"

run_capture bad-stdin 20 "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --input - < <(printf '{"from":"111"}\n')
expect_usage_error "smpp-esme --input - with a line that lacks fields" bad-stdin
if grep -q '^smpp-esme: standard input:1: ' "$SCEN_TMP/bad-stdin.stderr"; then
  pass "the problem is named as line 1 of standard input"
else
  fail "the problem is not named as 'standard input:1': $(cat "$SCEN_TMP/bad-stdin.stderr")"
fi

# A line whose text has no encoding in its data_coding (a euro sign in Latin-1) never leaves:
# not_sent with the reason, and a warning naming the line; the other lines go as usual.
printf '%s\n' '{"from":"111","to":"222","text":"fine"}' '{"from":"111","to":"222","text":"price 5 \u20ac","data_coding":3}' \
  '{"from":"111","to":"333","text":"fine too"}' >"$SCEN_TMP/unencodable.jsonl"
run_capture unencodable 20 "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --input "$SCEN_TMP/unencodable.jsonl" \
  --report "$SCEN_TMP/unencodable.report"
expect_rc "smpp-esme --input with one line it cannot encode" "$RUN_RC" 0
expect_stdout unencodable "messages 3 = accepted 2 + rejected 0 + timed out 0 + not sent 1"
if grep -q "unencodable.jsonl:2: not sent: the text has characters data_coding 3 cannot encode" "$SCEN_TMP/unencodable.stderr"; then
  pass "the warning names line 2 of the input and why"
else
  fail "no warning naming line 2: $(cat "$SCEN_TMP/unencodable.stderr")"
fi
expect_json "$SCEN_TMP/unencodable.report" \
  '{"index":1,"outcome":"not_sent","reason":"the text has characters data_coding 3 cannot encode"}' \
  "the report says not_sent and why"

stop_mc 0
scen_end
