#!/usr/bin/env bash
# Judges a capture of SMPP traffic with Wireshark's SMPP dissector (tshark):
#
#   scenarios/wire-judge.sh CAPTURE MC_PORT [NEEDED]
#
# Fails (exit 1) on any packet Wireshark finds malformed or flags with an expert error, on
# any generic_nack, on any request without exactly one response of the matching kind (per TCP
# stream, direction and sequence number) or response without a request, and when the capture
# lacks any PDU kind that scenarios/wire-check.sh's traffic must produce: so an empty capture
# fails too. NEEDED replaces that list of kinds: "SIDE:ID ..." (esme:4 is a submit_sm the ESME
# sent), for captures of other traffic (pdu-visibility.sh judges the --pcap files with it).
# Used by wire-check.sh; run it by hand on a doctored copy to see it fail.
set -euo pipefail

if (($# != 2 && $# != 3)); then
  echo "usage: $0 CAPTURE MC_PORT [NEEDED]" >&2
  exit 2
fi
capture="$1"
port="$2"
needed="${3:-}"

# One line per TCP frame that carries SMPP or an expert item: the PDUs in it, in order (a
# segment may hold several, hence the lists), and every expert item's severity and message.
# One tshark run: its start-up costs seconds.
fields="$(mktemp)"
trap 'rm -f "$fields"' EXIT
if ! tshark -n -r "$capture" -2 -d "tcp.port==$port,smpp" -Y 'tcp && (smpp || _ws.expert)' \
  -T fields -E separator=/t -E occurrence=a -E aggregator=, \
  -e frame.number -e tcp.stream -e tcp.srcport -e tcp.dstport \
  -e smpp.command_id -e smpp.sequence_number -e _ws.expert.severity -e _ws.expert.message \
  >"$fields" 2>"$fields.err"; then
  echo "FAIL: tshark could not read $capture: $(head -n 1 "$fields.err")"
  rm -f "$fields.err"
  exit 1
fi
rm -f "$fields.err"

# Requests are keyed by (stream, sender port, seq), responses by (stream, receiver port, seq):
# each side numbers its own requests.
awk -F '\t' -v mc_port="$port" -v needed="$needed" '
  # tshark prints command_id in hex; mawk has no strtonum.
  function hex(s,    n, i) {
    n = 0; s = tolower(s); sub(/^0x/, "", s)
    for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
    return n
  }
  function show(id) { return sprintf("0x%08x", id) }
  BEGIN { resp_bit = 2147483648; error_severity = 8388608 }
  {
    nsev = split($7, sev, ",")
    for (i = 1; i <= nsev; i++) if (sev[i] + 0 >= error_severity) {
      print "FAIL: frame " $1 " (stream " $2 "): Wireshark reports an error: " $8; bad++; break
    }
    nid = split($5, ids, ","); nseq = split($6, seqs, ",")
    if (nid != nseq) { print "FAIL: frame " $1 ": " nid " command_ids but " nseq " sequence numbers"; bad++; next }
    for (i = 1; i <= nid; i++) {
      id = hex(ids[i]); seq = seqs[i]; pdus++
      if (id == resp_bit) { print "FAIL: frame " $1 ": generic_nack seq " seq " in stream " $2; bad++; continue }
      if (id > resp_bit) {
        key = $2 SUBSEP $4 SUBSEP seq
        resp[key]++; respid[key] = id - resp_bit; respframe[key] = $1
      } else {
        key = $2 SUBSEP $3 SUBSEP seq
        req[key]++; reqid[key] = id; reqframe[key] = $1
        seen[(($3 == mc_port) ? "mc" : "esme") ":" id]++
      }
    }
  }
  END {
    for (key in req) {
      split(key, k, SUBSEP)
      where = "stream " k[1] " seq " k[3] " (request " show(reqid[key]) " in frame " reqframe[key] ")"
      if (req[key] > 1) { print "FAIL: " where ": sequence number used by " req[key] " requests"; bad++ }
      if (!(key in resp)) { print "FAIL: " where ": no response"; bad++ }
      else if (resp[key] > 1) { print "FAIL: " where ": " resp[key] " responses"; bad++ }
      else if (respid[key] != reqid[key]) { print "FAIL: " where ": answered by " show(respid[key] + resp_bit); bad++ }
      nreq++
    }
    for (key in resp) if (!(key in req)) {
      split(key, k, SUBSEP)
      print "FAIL: stream " k[1] " seq " k[3] ": response in frame " respframe[key] " answers no request"; bad++
    }
    # What wire-check.sh traffic must have produced: without it the check proves nothing.
    need["esme:9"] = "bind_transceiver"; need["esme:1"] = "bind_receiver"; need["esme:4"] = "submit_sm"
    need["mc:5"] = "deliver_sm"; need["esme:21"] = "enquire_link from the ESME"
    need["mc:21"] = "enquire_link from the MC"; need["esme:6"] = "unbind from the ESME"; need["mc:6"] = "unbind from the MC"
    if (needed != "") {
      for (n in need) delete need[n]
      nneed = split(needed, keys, " ")
      for (i = 1; i <= nneed; i++) need[keys[i]] = keys[i]
    }
    for (n in need) if (!(n in seen)) { print "FAIL: the capture has no " need[n]; bad++ }
    if (!bad) print "PASS: " pdus + 0 " PDUs decoded, none malformed, no expert error; each of the " nreq + 0 " requests has exactly one matching response"
    exit bad ? 1 : 0
  }' "$fields"
