#!/usr/bin/env bash
# The portq lab: real Debian servers in network namespaces (see docs/lab.md).
#   lab.sh up [HOST...]   start the lab, or only some server hosts (dc ldap dns smb svc rl);
#                   returns at once when they already run
#   lab.sh down     stop every lab process, remove the namespaces (safe to repeat)
#   lab.sh status   what runs where; exit 0 when up, 3 when down
#   lab.sh test     up (if needed), the interop suite inside pqlab-client, down (if test brought
#                   it up; LAB_KEEP=1 keeps it), exit with the suite's status
#   lab.sh client CMD...   run CMD inside pqlab-client as the tests do (private state dirs)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$LAB_SRC/lib/net.sh"
for f in "$LAB_SRC"/hosts/*.sh; do source "$f"; done

# Host start order: servers first, each spawns its daemons and registers readiness checks.
SERVER_HOSTS=(dc ldap dns smb svc rl)

require_root() { [[ $(id -u) == 0 ]] || die "the lab needs root (network namespaces, nftables, bind mounts)"; }

# lab_is_up [HOST...]: the lab runs with (at least) these server hosts, every daemon alive.
lab_is_up() {
  [[ -f $STATE/up ]] || return 1
  local h running; running=" $(sed -n 2p "$STATE/up") "
  for h in "$@"; do [[ $running == *" $h "* ]] || return 1; done
  for h in "${HOST_NAMES[@]}"; do ip netns list | grep -qw "$NS_PREFIX$h" || return 1; done
  local f
  for f in "$PIDDIR"/*.pid; do
    [[ -e $f ]] || continue
    kill -0 "$(cat "$f")" 2>/dev/null || return 1
  done
}

cmd_up() {
  require_root
  local hosts=("$@") h
  ((${#hosts[@]})) || hosts=("${SERVER_HOSTS[@]}")
  for h in "${hosts[@]}"; do
    [[ " ${SERVER_HOSTS[*]} " == *" $h "* ]] || die "unknown lab host '$h' (hosts: ${SERVER_HOSTS[*]})"
  done
  lab_lock
  if lab_is_up "${hosts[@]}"; then log "already running (lab.sh status for details)"; lab_unlock; return 0; fi
  local t0; t0=$(now_ms)
  [[ -z $(lab_namespaces) ]] || { log "a previous lab is half up: taking it down first"; cmd_down; }
  ensure_packages iproute2 nftables util-linux "${DC_PACKAGES[@]}" "${LDAP_PACKAGES[@]}" \
    "${DNS_PACKAGES[@]}" "${SMB_PACKAGES[@]}" "${SVC_PACKAGES[@]}" "${CLIENT_PACKAGES[@]}"
  mkdir -p "$LAB" "$LOGDIR" "$PIDDIR" "$CACHE" "$STATE"
  rm -f "$LOGDIR"/*.log "$PIDDIR"/*.pid
  net_up
  for h in "${hosts[@]}"; do "start_$h"; done
  local t_started; t_started=$(now_ms)
  if ! await_all "${LAB_READY_TIMEOUT:-60}"; then
    log "the lab did not come up; taking it down (logs stay in $LOGDIR)"
    cmd_down
    exit 1
  fi
  local t1; t1=$(now_ms)
  printf '%s\n' "$(date -u +%FT%TZ) up_ms=$((t1 - t0)) ready_wait_ms=$((t1 - t_started))" >>"$STATE/timings"
  printf '%s\n%s\n' "$(date -u +%FT%TZ)" "${hosts[*]}" >"$STATE/up"
  log "lab up in $((t1 - t0)) ms (client: ip netns exec ${NS_PREFIX}client ...)"
  lab_unlock
}

# down: TERM then KILL every process inside a pqlab- namespace (only those: the namespaces are
# the lab's own), then delete the namespaces. Pid files only serve status and readiness.
cmd_down() {
  require_root
  lab_lock
  local t0 ns p pids=()
  t0=$(now_ms)
  for ns in $(lab_namespaces); do
    while read -r p; do [[ -n $p ]] && pids+=("$p"); done < <(ip netns pids "$ns" 2>/dev/null || true)
  done
  if ((${#pids[@]})); then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    local i alive
    for i in $(seq 1 15); do
      alive=()
      for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive+=("$p"); done
      ((${#alive[@]})) || break
      sleep 0.1
    done
    if ((${#alive[@]})); then kill -KILL "${alive[@]}" 2>/dev/null || true; sleep 0.1; fi
  fi
  net_down
  rm -f "$PIDDIR"/*.pid "$STATE/up"
  local left; left=$(lab_namespaces)
  [[ -z $left ]] || die "namespaces left behind: $left"
  log "lab down in $(( $(now_ms) - t0 )) ms (${#pids[@]} processes stopped)"
  lab_unlock
}

cmd_status() {
  local ns p up=0
  lab_is_up && up=1
  if ((up)); then echo "lab: up since $(sed -n 1p "$STATE/up") with hosts: $(sed -n 2p "$STATE/up")"; else echo "lab: down"; fi
  local present; present=" $(lab_namespaces | tr '\n' ' ') "
  for ns in "$BRIDGE_NS" "${HOST_NAMES[@]/#/$NS_PREFIX}"; do
    [[ $present == *" $ns "* ]] || continue
    local h=${ns#"$NS_PREFIX"}
    printf '%-14s %-13s %-15s ' "$ns" "${HOST_V4[$h]:-}" "${HOST_V6[$h]:-}"
    local names=()
    while read -r p; do
      # Samba names its workers "ldap(2)", "kdc[master]", "tfork(123)": count them by base name.
      [[ -n $p ]] && names+=("$(sed 's/[[(].*//' "/proc/$p/comm" 2>/dev/null || echo "?")")
    done < <(ip netns pids "$ns" 2>/dev/null || true)
    printf '%s\n' "$( ((${#names[@]})) && printf '%s\n' "${names[@]}" | sort | uniq -c | awk '{printf "%s%s ", $2, ($1 > 1 ? "*" $1 : "")}')"
  done
  [[ -f $STATE/timings ]] && { echo "recent start times:"; tail -n 3 "$STATE/timings" | sed 's/^/  /'; }
  ((up)) && return 0 || return 3
}

cmd_test() {
  require_root
  local started=0 rc=0
  if ! lab_is_up "${SERVER_HOSTS[@]}"; then cmd_up; started=1; fi
  if ((started)) && [[ ${LAB_KEEP:-0} != 1 ]]; then trap 'cmd_down' EXIT; fi
  client_exec node scripts/run-tests.mjs interop "$@" || rc=$?
  return "$rc"
}

cd "$REPO"   # daemons inherit it; node --import tsx resolves tsx from here
load_hosts
case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  test) shift; cmd_test "$@" ;;
  client) shift; (($#)) || die "usage: lab.sh client CMD..."; client_exec "$@" ;;
  *) echo "usage: $0 up|down|status|test [node --test args]|client CMD..." >&2; exit 2 ;;
esac
