# The lab's network: one namespace per host, each joined by a veth pair to a bridge that lives in
# its own namespace (pqlab-net). Fixed addresses from ground-truth.json, IPv4 /24 and IPv6 /64,
# no default route anywhere: a packet for any other address has no route and never leaves.

# net_up: creates every namespace and link (the caller has checked that the lab is down).
net_up() {
  ip netns add "$BRIDGE_NS"
  ip -n "$BRIDGE_NS" link set lo up
  ip -n "$BRIDGE_NS" link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0
  # The bridge itself carries no address and answers nothing.
  ip netns exec "$BRIDGE_NS" sysctl -qw net.ipv6.conf.br0.disable_ipv6=1
  ip -n "$BRIDGE_NS" link set br0 up
  local h
  for h in "${HOST_NAMES[@]}"; do net_host_up "$h"; done
}

net_host_up() {
  local h=$1 ns="$NS_PREFIX$1"
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip -n "$BRIDGE_NS" link add "v-$h" type veth peer name eth0 netns "$ns"
  ip -n "$BRIDGE_NS" link set "v-$h" master br0
  ip netns exec "$BRIDGE_NS" sysctl -qw "net.ipv6.conf.v-$h.disable_ipv6=1"
  ip -n "$BRIDGE_NS" link set "v-$h" up
  # Fixed MAC per host so neighbour tables and any captured bytes repeat between runs.
  ip -n "$ns" link set eth0 address "02:31:00:00:00:$(printf '%02x' "${HOST_V4[$h]##*.}")"
  # No duplicate address detection: the addresses are fixed and unique, and DAD would delay
  # IPv6 readiness by ~2 s.
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.accept_dad=0 net.ipv6.conf.all.accept_ra=0 \
    net.ipv6.conf.eth0.accept_ra=0
  if [[ $h != rl ]]; then
    # Exact ground truth: no ICMP rate limits on the server side (the rl host keeps the kernel's
    # defaults on purpose). These must be set before the namespace sends any ICMP (FACTS.md).
    ip netns exec "$ns" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_ratemask=0 \
      net.ipv4.icmp_msgs_per_sec=100000 net.ipv4.icmp_msgs_burst=100000 \
      net.ipv6.icmp.ratelimit=0
  fi
  ip -n "$ns" addr add "${HOST_V4[$h]}/24" dev eth0
  ip -n "$ns" addr add "${HOST_V6[$h]}/64" dev eth0 nodad
  ip -n "$ns" link set eth0 up
}

# net_down: deletes every pqlab- namespace (veths and the bridge go with them).
net_down() {
  local ns
  for ns in $(lab_namespaces); do ip netns del "$ns" 2>/dev/null || true; done
}

lab_namespaces() { ip netns list 2>/dev/null | awk '{print $1}' | grep "^$NS_PREFIX" || true; }
