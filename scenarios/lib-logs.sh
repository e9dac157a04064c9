# shellcheck shell=bash
# The scenarios' log printing and log checks, sourced by lib.sh (which sets SCEN_* and the
# reporting functions they use).

# ---------------------------------------------------------------- printing logs

# scen_print_logs [force]: prints every registered log with a header. With
# SCEN_PRINT_LOGS=on-failure and no failure yet (and no "force"), prints only
# their sizes; scen_end / scen_cleanup print them in full if a check fails.
scen_print_logs() {
  if [[ "${1:-}" != force && "$SCEN_PRINT_LOGS" == on-failure ]] && ((SCEN_FAILS == 0)); then
    local entry
    for entry in "${SCEN_LOGS[@]}"; do
      note "${entry%%|*}: $(awk 'END { print NR }' "${entry#*|}" 2>/dev/null || echo 0) lines (printed only on failure)"
    done
    return 0
  fi
  SCEN_LOGS_PRINTED=1
  local entry title file view=""
  [[ "$SCEN_LOG_VIEW" == text ]] && view=", shown as text"
  for entry in "${SCEN_LOGS[@]}"; do
    title="${entry%%|*}"
    file="${entry#*|}"
    # empty stdout captures are noise
    if [[ "$title" == *stdout* ]] && [[ ! -s "$file" ]]; then continue; fi
    printf '\n===== %s (%s%s) =====\n' "$title" "$file" "$view"
    if [[ -s "$file" ]]; then
      if [[ -n "$view" ]]; then render_text_log "$file"; else cat "$file"; fi
      [[ -z "$(tail -c 1 "$file")" ]] || printf '\n'
    else
      printf '(empty)\n'
    fi
    printf '===== end of %s =====\n' "$title"
    if [[ "$title" != *stdout* && -s "$file.stdout" ]]; then
      printf '\n===== %s, stdout =====\n' "$title"
      cat "$file.stdout"
      printf '===== end of %s, stdout =====\n' "$title"
    fi
  done
  printf '\n'
}

# render_text_log FILE: the JSON log lines of FILE as --log-format text would have written
# them (other lines as they are), so a person reads the log a check just read as JSON.
# Members after "event" come out as key=value in their order, as the text format has them.
render_text_log() {
  LC_ALL=C awk '
    function hexval(h,    i, v) {
      v = 0
      for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", tolower(substr(h, i, 1))) - 1
      return v
    }
    function unescape(s,    out, i, c) {
      out = ""
      for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "\\") {
          c = substr(s, ++i, 1)
          if (c == "u") { c = sprintf("%c", hexval(substr(s, i + 1, 4))); i += 4 }
          else if (c == "n") c = "\n"
          else if (c == "t") c = "\t"
        }
        out = out c
      }
      return out
    }
    # The text format prints a value bare unless it would be ambiguous, then JSON-quoted.
    function shown(raw,    v) {
      v = unescape(raw)
      if (v != "" && v !~ /[ ="]/ && v !~ /[^!-~]/) return v
      return "\"" raw "\""
    }
    # From pos (at the opening quote): the raw text of a JSON string; pos ends after it.
    function take_string(line,    start, c) {
      start = ++pos
      while (pos <= length(line)) {
        c = substr(line, pos, 1)
        if (c == "\\") pos += 2
        else if (c == "\"") break
        else pos++
      }
      return substr(line, start, pos++ - start)
    }
    # From pos: a value (string, number, object or array) as written; sets quoted.
    function take_value(line,    start, depth, c) {
      quoted = substr(line, pos, 1) == "\""
      if (quoted) return take_string(line)
      start = pos; depth = 0
      while (pos <= length(line)) {
        c = substr(line, pos, 1)
        if (c == "\"") { take_string(line); continue }
        if (c == "{" || c == "[") depth++
        else if (c == "}" || c == "]") { if (depth == 0) break; depth-- }
        else if (c == "," && depth == 0) break
        pos++
      }
      return substr(line, start, pos - start)
    }
    substr($0, 1, 1) != "{" { print; next }
    {
      n = 0; pos = 2; split("", v); split("", q)
      while (pos <= length($0) && substr($0, pos, 1) == "\"") {
        k = take_string($0); pos++
        v[k] = take_value($0); q[k] = quoted; keys[++n] = k
        if (substr($0, pos, 1) == ",") pos++
      }
      level = v["level"]
      out = substr(v["ts"], 12, 12) " " (level ~ /^warn/ ? "WARN " : level == "error" ? "ERROR " : "") "role=" v["role"]
      if (v["session"] != "" && v["session"] != "0") out = out " session=" v["session"]
      if (v["system_id"] != "") out = out " system_id=" shown(v["system_id"])
      out = out " " unescape(v["msg"]) " event=" v["event"]
      for (i = 1; i <= n; i++) {
        k = keys[i]
        if (k ~ /^(ts|level|role|session|system_id|event|msg)$/) continue
        out = out " " k "=" (q[k] ? unescape(v[k]) : v[k])
      }
      print out
    }' "$1"
}

# ---------------------------------------------------------------- checking logs

# awk helper: jfield(line, key) returns the value of "key" in a one-line JSON
# object whose values are numbers or simple strings; "" when absent. The
# free-text "msg" (always last) is cut off first so it cannot fake a field.
SCEN_AWK_JSON='
function jfield(line, key,    k, i, s, j) {
  i = index(line, ",\"msg\":")
  if (i) line = substr(line, 1, i)
  k = "\"" key "\":"
  i = index(line, k)
  if (!i) return ""
  s = substr(line, i + length(k))
  if (substr(s, 1, 1) == "\"") {
    s = substr(s, 2)
    j = index(s, "\"")
    return j ? substr(s, 1, j - 1) : s
  }
  if (match(s, /^[^,}]*/)) return substr(s, 1, RLENGTH)
  return ""
}
'

# check_unbind_exchanges ROLE ROLE_LOG PEER_LOG N
# For every unbind_sent by ROLE (system_id X, seq S) in ROLE_LOG: ROLE_LOG has
# unbind_resp_received X S, and PEER_LOG has unbind_received X S and
# unbind_resp_sent X S. Responses in either log that match no unbind_sent are
# reported too. Exactly N sessions (distinct system_ids) must have a complete
# exchange. Prints FAIL lines per mismatch and a PASS/FAIL verdict.
check_unbind_exchanges() {
  local role="$1" role_log="$2" peer_log="$3" n="$4" out rc=0
  out="$(awk -v irole="$role" -v ilog="$role_log" -v want="$n" "$SCEN_AWK_JSON"'
    function show(key,    p) { split(key, p, SUBSEP); return "system_id " p[1] ", seq " p[2] }
    substr($0, 1, 1) != "{" { next }
    {
      ev = jfield($0, "event")
      if (ev !~ /^unbind/) next
      r = jfield($0, "role")
      key = jfield($0, "system_id") SUBSEP jfield($0, "seq")
      if (FILENAME == ilog) {
        if (r != irole) next
        if (ev == "unbind_sent") {
          if (!(key in sent)) { order[++nsent] = key; sess[key] = jfield($0, "session") }
          sent[key]++
        } else if (ev == "unbind_resp_received") rresp[key]++
      } else {
        if (r == irole) next
        if (prole == "") prole = r
        if (ev == "unbind_received") precv[key]++
        else if (ev == "unbind_resp_sent") presp[key]++
      }
    }
    END {
      if (prole == "") prole = (irole == "esme") ? "mc" : "esme"
      bad = 0; ndone = 0
      for (i = 1; i <= nsent; i++) {
        key = order[i]; split(key, p, SUBSEP); ok = 1
        what = irole " session " sess[key] " (" show(key) ")"
        if (p[1] == "" || p[2] == "") {
          print "FAIL: " what ": unbind_sent lacks system_id or seq"; ok = 0
        }
        if (!(key in rresp)) {
          print "FAIL: " what ": unbind_sent, but the " irole " log has no unbind_resp_received with that system_id and seq"; ok = 0
        }
        if (!(key in precv)) {
          print "FAIL: " what ": unbind_sent, but the " prole " log has no unbind_received with that system_id and seq"; ok = 0
        }
        if (!(key in presp)) {
          print "FAIL: " what ": unbind_sent, but the " prole " log has no unbind_resp_sent with that system_id and seq"; ok = 0
        }
        if (ok) { if (!(p[1] in done)) { done[p[1]] = 1; ndone++ } } else bad++
      }
      for (key in rresp) if (!(key in sent)) {
        print "FAIL: " irole " log: unbind_resp_received (" show(key) ") matches no unbind_sent"; bad++
      }
      for (key in precv) if (!(key in sent)) {
        print "FAIL: " prole " log: unbind_received (" show(key) ") matches no unbind_sent by " irole; bad++
      }
      for (key in presp) if (!(key in sent)) {
        print "FAIL: " prole " log: unbind_resp_sent (" show(key) ") matches no unbind_sent by " irole; bad++
      }
      if (ndone != want) {
        print "FAIL: expected " want " sessions with a complete unbind exchange started by " irole ", found " ndone; bad++
      }
      if (bad == 0) print "PASS: " want " sessions, every unbind met its unbind_resp" (irole == "mc" ? " (unbinds sent by the MC)" : "")
      exit bad ? 1 : 0
    }' "$role_log" "$peer_log")" || rc=$?
  printf '%s\n' "$out"
  if ((rc != 0)); then
    SCEN_FAILS=$((SCEN_FAILS + 1))
    return 1
  fi
}

# check_closed_reason LOG REASON N: exactly N distinct sessions (session > 0)
# logged closed with that reason.
check_closed_reason() {
  local log="$1" reason="$2" n="$3" got
  got="$(awk "$SCEN_AWK_JSON"'
    substr($0, 1, 1) == "{" && jfield($0, "event") == "closed" && jfield($0, "reason") == reason {
      s = jfield($0, "session"); if (s != "" && s != "0" && !(s in seen)) { seen[s] = 1; n++ }
    }
    END { print n + 0 }' reason="$reason" "$log")"
  if [[ "$got" == "$n" ]]; then
    pass "$n sessions logged closed reason=$reason"
  else
    fail "$got sessions logged closed reason=$reason, expected $n"
    return 1
  fi
}

# expect_json FILE PATTERN WHAT: FILE (a --summary-json or --received file) holds PATTERN, a
# fixed string.
expect_json() {
  if grep -qF -- "$2" "$1"; then
    pass "$3"
  else
    fail "$3: no $2 in $(cat "$1" 2>/dev/null || echo '(no file)')"
  fi
}

# expect_count LOG WHO EVENT N: LOG has exactly N EVENT lines (no waiting).
expect_count() {
  local got
  got="$(count_events "$1" "$3")"
  if [[ "$got" == "$4" ]]; then
    pass "$2 logged $3 $4 times"
  else
    fail "$2 logged $3 $got times, expected $4"
    return 1
  fi
}

# expect_usage_error WHAT NAME: after run_capture NAME ...: exit code 2,
# exactly one line on stderr, no uncaught-exception text or stack trace.
expect_usage_error() {
  local what="$1" err="$SCEN_TMP/$2.stderr" lines bad
  case "$RUN_RC" in
    2) pass "$what exited with code 2" ;;
    124 | 137) fail "$what did not exit within its time limit (killed)" ;;
    *)
      if ((RUN_RC > 128)); then
        fail "$what died of signal $((RUN_RC - 128)) (exit code $RUN_RC), expected exit code 2"
      else
        fail "$what exited with code $RUN_RC, expected 2"
      fi
      ;;
  esac
  lines="$(awk 'END { print NR }' "$err")"
  if [[ "$lines" == 1 ]]; then
    pass "$what wrote exactly one line on stderr: $(head -n 1 "$err")"
  else
    fail "$what wrote $lines lines on stderr, expected exactly one"
  fi
  bad="$(grep -iE 'terminate called|what\(\):|aborted|core dumped|stack ?trace|backtrace|^#[0-9]+ ' "$err" | head -n 1)" || true
  if [[ -z "$bad" ]]; then
    pass "$what: no uncaught exception or stack trace on stderr"
  else
    fail "$what: stderr shows a crash: $bad"
  fi
}

# check_no_event LOG WHO EVENT: LOG has no EVENT line.
check_no_event() {
  local got
  got="$(count_events "$1" "$3")"
  if [[ "$got" == 0 ]]; then
    pass "$2 logged no $3"
  else
    fail "$2 logged $3 $got times, expected none"
    return 1
  fi
}

# warn_non_json LOG WHO: notes stderr lines that are not JSON objects.
warn_non_json() {
  local got
  got="$(awk 'substr($0, 1, 1) != "{" { n++ } END { print n + 0 }' "$1" 2>/dev/null || echo 0)"
  if [[ "$got" != 0 ]]; then
    note "warning: $got line(s) of the $2 log are not JSON objects"
  fi
}

