# shellcheck shell=bash
# Bash completion for smpp-mc and smpp-esme, installed under both names in
# share/bash-completion/completions/. The flags are read from the command's own --help when
# completing (once per shell and binary), so the completion cannot go stale. Plain compgen:
# no bash-completion helpers needed, so it can also be sourced directly.
#
#   --unbind-t<TAB>        --unbind-timeout
#   --credentials <TAB>    file names (options whose help mentions a file, a PEM or a path)
#   --log-format <TAB>     text json (help lines that list choices as "a | b | c")

declare -gA _smpp_completion_cache=()

# _smpp_completion_table BINARY: one line per option, "NAME KIND [CHOICES...]" with KIND one
# of flag, arg, file, choice; parsed from Boost.Program_options' --help layout.
_smpp_completion_table() {
  "$1" --help 2>/dev/null | awk '
    # An option and its description, which may wrap onto the lines below (or start there, when
    # the option column is wide): classified at the next option, header or blank line.
    function flush() {
      if (name == "") return
      choices = ""
      if (kind == "arg") {
        if (name ~ /(file|cert|key|-ca|credentials|input|report)$/ || desc ~ /(file|PEM|path)/) kind = "file"
        else if (desc ~ /^[A-Za-z0-9_-]+( \| [A-Za-z0-9_-]+)+/) {
          kind = "choice"
          c = desc; sub(/ *\(.*$/, "", c)
          n = split(c, parts, / \| /)
          for (i = 1; i <= n; i++) { w = parts[i]; sub(/ .*$/, "", w); choices = choices " " w }
        }
      }
      print name, kind choices
      name = ""
    }
    /^  (-[A-Za-z0-9] \[ )?--[A-Za-z0-9]/ {
      flush()
      line = $0
      sub(/^ +/, "", line)
      if (line ~ /^-[A-Za-z0-9] \[ /) { sub(/^-[A-Za-z0-9] \[ /, "", line); sub(/ \]/, "", line) }
      name = line; sub(/[ =].*$/, "", name)
      desc = substr(line, length(name) + 1)
      kind = "flag"
      if (desc ~ /^ arg/) {
        kind = "arg"
        sub(/^ arg( \(=[^)]*\))?/, "", desc)
      }
      sub(/^ +/, "", desc)
      next
    }
    /^   / && name != "" { line = $0; sub(/^ +/, "", line); desc = desc (desc == "" ? "" : " ") line; next }
    { flush() }
    END { flush() }'
}

_smpp_complete() {
  local cmd="${COMP_WORDS[0]}" cur="${COMP_WORDS[COMP_CWORD]}" prev="" bin key table
  ((COMP_CWORD > 0)) && prev="${COMP_WORDS[COMP_CWORD - 1]}"
  COMPREPLY=()
  bin="$(type -P -- "$cmd" 2>/dev/null)" || bin=""
  [[ -z "$bin" && -x "$cmd" ]] && bin="$cmd"
  [[ -n "$bin" ]] || return 0
  key="$bin"
  if [[ -z "${_smpp_completion_cache[$key]+set}" ]]; then
    _smpp_completion_cache[$key]="$(_smpp_completion_table "$bin")"
  fi
  table="${_smpp_completion_cache[$key]}"

  # The value of an option: "--opt VALUE" or "--opt=VALUE".
  local opt="" value="$cur" prefix=""
  if [[ "$cur" == --*=* ]]; then
    opt="${cur%%=*}"
    value="${cur#*=}"
    prefix="$opt="
  elif [[ "$prev" == --* && "$prev" != *=* ]]; then
    opt="$prev"
  fi
  if [[ -n "$opt" ]]; then
    local name kind choices
    while read -r name kind choices; do
      [[ "$name" == "$opt" ]] || continue
      case "$kind" in
        file)
          compopt -o filenames 2>/dev/null
          mapfile -t COMPREPLY < <(compgen -f -- "$value")
          ;;
        choice)
          # shellcheck disable=SC2086 # the choices are words
          mapfile -t COMPREPLY < <(compgen -P "$prefix" -W "$choices" -- "$value")
          ;;
        arg) ;; # a number, an address, a text: nothing to offer
        flag) continue ;;
      esac
      [[ "$kind" != flag ]] && return 0
    done <<<"$table"
  fi

  if [[ "$cur" == -* || -z "$cur" ]]; then
    local names
    names="$(while read -r name _; do printf '%s\n' "$name"; done <<<"$table")"
    mapfile -t COMPREPLY < <(compgen -W "$names" -- "$cur")
  fi
  return 0
}

complete -F _smpp_complete smpp-mc smpp-esme
