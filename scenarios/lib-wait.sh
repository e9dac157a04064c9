# shellcheck shell=bash
# Deadline-bound waits shared by the scenarios (lib.sh), the package tests
# (tests/package/lib.sh) and the example tests (examples/run_example.sh):
# whatever starts smpp-mc on port 0 reads the port from its --port-file.

# now_ms: milliseconds since the epoch, from bash's own clock (no date(1)).
now_ms() {
  local t="${EPOCHREALTIME/[.,]/}"
  printf '%s\n' $((t / 1000))
}

# proc_alive PID: true while the process exists and is not a zombie.
proc_alive() {
  local pid="$1" stat
  kill -0 "$pid" 2>/dev/null || return 1
  read -r stat <"/proc/$pid/stat" 2>/dev/null || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != Z ]]
}

# wait_port_file FILE PID TIMEOUT_SEC: wait until FILE holds a number (a
# port), the same on two reads 50 ms apart (so a half-written file is not
# taken). Gives up early if PID exits. A file has no event to block on, so
# this polls, bounded by the deadline.
wait_port_file() {
  local file="$1" pid="$2" timeout="$3" deadline content="" previous=""
  deadline=$(($(now_ms) + timeout * 1000))
  while :; do
    if [[ -s "$file" ]]; then
      content="$(tr -d ' \r\n' <"$file" 2>/dev/null)" || content=""
      if [[ "$content" =~ ^[0-9]+$ && "$content" != 0 ]]; then
        [[ "$content" == "$previous" ]] && return 0
        previous="$content"
      fi
    fi
    proc_alive "$pid" || return 1
    (($(now_ms) < deadline)) || return 1
    sleep 0.05
  done
}
