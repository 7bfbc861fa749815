# Host "dns": dnsmasq, authoritative for a small zone (dnslab.portq.test).

DNS_PACKAGES=(dnsmasq-base dnsutils)

start_dns() {
  local hd; hd=$(host_dir dns)
  mkdir -p "$hd"
  render "$CONF/dnsmasq.conf" "$hd/dnsmasq.conf" dns
  # --keep-in-foreground; --user=root avoids needing the dnsmasq system user.
  spawn dns dns-dnsmasq dnsmasq --keep-in-foreground --conf-file="$hd/dnsmasq.conf" --user=root --group=root
  expect dns-dnsmasq dns-dnsmasq "dig +time=1 +tries=1 @${HOST_V4[dns]} www.dnslab.portq.test A +short | grep -qx ${HOST_V4[svc]}"
}
