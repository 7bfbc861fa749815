# Shared paths and helpers for the portq lab (sourced by lab.sh and hosts/*.sh).
# Everything the lab writes lives under $LAB (the repo's .lab/, gitignored).

LAB_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"   # test/lab
REPO="$(cd "$LAB_SRC/../.." && pwd)"
LAB="$REPO/.lab"
CONF="$LAB_SRC/conf"
LOGDIR="$LAB/log"
PIDDIR="$LAB/pids"
CACHE="$LAB/cache"
STATE="$LAB/state"
GROUND_TRUTH="$LAB_SRC/ground-truth.json"
NS_PREFIX="pqlab-"
BRIDGE_NS="pqlab-net"

log() { printf '[lab] %s\n' "$*" >&2; }

# lab_lock / lab_unlock: one up or down at a time (several people may share the machine's lab).
# Re-entrant: `up` may call `down` while it holds the lock.
LOCK_DEPTH=0
lab_lock() {
  if ((LOCK_DEPTH == 0)); then
    mkdir -p "$LAB"; exec 9>"$LAB/lock"
    flock -w 120 9 || die "another lab.sh up/down holds $LAB/lock"
  fi
  LOCK_DEPTH=$((LOCK_DEPTH + 1))
}
lab_unlock() {
  LOCK_DEPTH=$((LOCK_DEPTH - 1))
  if ((LOCK_DEPTH == 0)); then flock -u 9 2>/dev/null || true; fi
}
die() { printf '[lab] ERROR: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }

# host_dir HOST: the host's private tree; its run/ is bind-mounted over /run for its daemons.
host_dir() { printf '%s/hosts/%s' "$LAB" "$1"; }

# The ground truth is read once (one node call: there is no jq on a fresh machine):
# GT[dotted.path] holds every scalar outside hosts[] (e.g. GT[domain.realm]), and HOST_NAMES,
# HOST_V4[name], HOST_V6[name] the host table.
declare -gA GT=() HOST_V4=() HOST_V6=()
HOST_NAMES=()
load_hosts() {
  local kind key value
  while IFS= read -r -d '' kind && IFS= read -r -d '' key && IFS= read -r -d '' value; do
    if [[ $kind == host ]]; then
      HOST_NAMES+=("$key"); HOST_V4[$key]=${value% *}; HOST_V6[$key]=${value#* }
    else
      GT[$key]=$value
    fi
  done < <(node -e '
    const g = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const out = [];
    const walk = (v, path) => {
      if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
      else out.push("gt", path, String(v));
    };
    const { hosts, ...rest } = g;
    walk(rest, "");
    for (const h of hosts) out.push("host", h.name, `${h.ipv4} ${h.ipv6}`);
    process.stdout.write(out.join("\0") + "\0");' "$GROUND_TRUTH")
  ((${#HOST_NAMES[@]})) || die "could not read the hosts of $GROUND_TRUTH"
}

# gt KEY: a scalar of the ground truth by dotted path (domain.realm, tftp.file, ...).
gt() { [[ -v GT[$1] ]] || die "ground-truth.json has no $1"; printf '%s' "${GT[$1]}"; }

# nsx HOST CMD...: run CMD in the host's network namespace.
nsx() { local h=$1; shift; ip netns exec "$NS_PREFIX$h" "$@"; }

# spawn HOST NAME CMD...: start a daemon in the foreground of its own session inside HOST's
# namespace. `ip netns exec` gives it a private mount namespace, where the host's run/ directory
# is bound over /run (and each `DIR` in SPAWN_BINDS over /DIR, e.g. var/lib/samba) so daemons
# that insist on fixed paths never touch the real ones.
# stdout/stderr go to $LOGDIR/NAME.log, the pid to $PIDDIR/NAME.pid.
SPAWN_BINDS=()
spawn() {
  local h=$1 name=$2; shift 2
  local hd; hd=$(host_dir "$h")
  local binds=("$hd/run" /run) d
  for d in "${SPAWN_BINDS[@]+"${SPAWN_BINDS[@]}"}"; do
    [[ -d /$d ]] || continue   # nothing to hide, and never create dirs on the host
    mkdir -p "$hd/$d"; binds+=("$hd/$d" "/$d")
  done
  mkdir -p "$hd/run" "$LOGDIR" "$PIDDIR"
  setsid ip netns exec "$NS_PREFIX$h" /bin/sh -c '
    n=$1; shift
    while [ "$n" -gt 0 ]; do mount -n --bind "$1" "$2" || exit 97; shift 2; n=$((n - 1)); done
    exec "$@"' sh "$(( ${#binds[@]} / 2 ))" "${binds[@]}" "$@" \
    >>"$LOGDIR/$name.log" 2>&1 </dev/null &
  echo $! >"$PIDDIR/$name.pid"
}

# client_exec CMD...: run CMD in the client namespace the way tests run: stock clients that keep
# state on disk (smbclient, nmblookup, snmpget, ...) see private directories bound over theirs,
# so they never write to the machine's /var/lib/samba, /var/cache/samba, /var/lib/snmp.
CLIENT_BINDS=(var/lib/samba var/cache/samba var/log/samba var/lib/snmp run/samba)
client_exec() {
  local hd; hd=$(host_dir client)
  local binds=() d
  for d in "${CLIENT_BINDS[@]}"; do
    [[ -d /$d ]] || continue
    mkdir -p "$hd/$d"; binds+=("$hd/$d" "/$d")
  done
  ip netns exec "${NS_PREFIX}client" /bin/sh -c '
    n=$1; shift
    while [ "$n" -gt 0 ]; do mount -n --bind "$1" "$2" || exit 97; shift 2; n=$((n - 1)); done
    exec "$@"' sh "$(( ${#binds[@]} / 2 ))" "${binds[@]+"${binds[@]}"}" "$@"
}

# Readiness: services register with `expect NAME PROC CHECK` (PROC: the spawn name whose pid and
# log belong to it) and `await_all` runs every CHECK (a shell command, inside the client
# namespace, with the stock clients) until each passes or the deadline runs out.
EXPECT_NAMES=()
declare -gA EXPECT_CMD=() EXPECT_PROC=()
expect() {
  EXPECT_NAMES+=("$1")
  EXPECT_PROC[$1]=$2
  EXPECT_CMD[$1]=$3
}

await_all() {
  local timeout_s=$1 deadline pending name still failed=() t0
  deadline=$(( $(date +%s) + timeout_s )); t0=$(now_ms)
  pending=("${EXPECT_NAMES[@]}")
  while ((${#pending[@]})); do
    still=()
    for name in "${pending[@]}"; do
      if ! daemon_alive "${EXPECT_PROC[$name]}"; then failed+=("$name (process exited)"); continue; fi
      if client_exec timeout 5 bash -c "${EXPECT_CMD[$name]}" >/dev/null 2>&1; then
        log "ready: $name (+$(( $(now_ms) - t0 )) ms)"
      else
        still+=("$name")
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    ((${#failed[@]})) && break
    ((${#pending[@]})) || break
    if (( $(date +%s) >= deadline )); then failed+=("${pending[@]/%/ (no answer after ${timeout_s}s)}"); break; fi
    sleep 0.3
  done
  if ((${#failed[@]})); then
    for name in "${failed[@]}"; do
      local svc=${name%% (*} proc
      proc=${EXPECT_PROC[$svc]}
      log "service did not come up: $name"
      log "  check: ${EXPECT_CMD[$svc]}"
      if [[ -f "$LOGDIR/$proc.log" ]]; then
        log "  last lines of $LOGDIR/$proc.log:"
        tail -n 15 "$LOGDIR/$proc.log" | sed 's/^/    /' >&2
      fi
    done
    return 1
  fi
}

# daemon_alive NAME: its pid file names a live process (services without a pid file count as alive).
daemon_alive() {
  local f="$PIDDIR/$1.pid"
  [[ -f $f ]] || return 0
  kill -0 "$(cat "$f")" 2>/dev/null
}

# ensure_packages PACKAGE...: installs (once, non-interactively) the Debian packages that are not
# installed. `apt-get update` runs only when something must be installed.
ensure_packages() {
  local -A seen=(); local uniq=() pkg
  for pkg in "$@"; do [[ -n ${seen[$pkg]:-} ]] || { seen[$pkg]=1; uniq+=("$pkg"); }; done
  local installed
  installed=" $(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${uniq[@]}" 2>/dev/null | awk '$1 == "ii" {printf "%s ", $2}') "
  local missing=()
  for pkg in "${uniq[@]}"; do [[ $installed == *" $pkg "* ]] || missing+=("$pkg"); done
  ((${#missing[@]})) || return 0
  uniq=("${missing[@]}")
  log "installing missing packages: ${uniq[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Packages such as chrony or tftpd-hpa start their daemon on the machine from postinst unless a
  # policy-rc.d forbids it. Where none exists, one is put in place for the install only.
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod 755 "$policy"; made_policy=1; fi
  local ok=1
  apt-get update -qq >/dev/null || ok=0
  ((ok)) && { apt-get install -y -qq --no-install-recommends "${uniq[@]}" >"$LAB/apt.log" 2>&1 || ok=0; }
  ((made_policy)) && rm -f "$policy"
  ((ok)) || { tail -n 20 "$LAB/apt.log" >&2 2>/dev/null; die "apt-get could not install ${uniq[*]} (log: $LAB/apt.log)"; }
}

# render TEMPLATE OUT [HOST]: copies a committed template, replacing @LAB@, @REPO@, @CACHE@,
# @HOSTDIR@ (with HOST) and @V4_name@/@V6_name@ (every host's addresses).
render() {
  local tpl=$1 out=$2 h=${3:-} args=(-e "s|@LAB@|$LAB|g" -e "s|@REPO@|$REPO|g" -e "s|@CACHE@|$CACHE|g")
  [[ -n $h ]] && args+=(-e "s|@HOSTDIR@|$(host_dir "$h")|g")
  local n
  for n in "${HOST_NAMES[@]}"; do args+=(-e "s|@V4_$n@|${HOST_V4[$n]}|g" -e "s|@V6_$n@|${HOST_V6[$n]}|g"); done
  sed "${args[@]}" "$tpl" >"$out"
}
