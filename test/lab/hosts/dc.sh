# Host "dc": a Samba Active Directory domain controller.
# Provisioning (~7-16 s) happens once into $CACHE and is copied for each start (~0.1 s). The
# provisioned smb.conf holds absolute paths, so the copy always lands at the same place, and the
# cache is keyed by the Samba version and the exact provisioning arguments (which hold the path).

DC_PACKAGES=(samba samba-dsdb-modules winbind smbclient samba-ad-provision samba-vfs-modules krb5-user)

dc_target() { printf '%s/samba' "$(host_dir dc)"; }

# The provisioning arguments, one per line (the cache key is made from them).
dc_provision_args() {
  printf '%s\n' -s "$LAB/empty-smb.conf" --targetdir="$(dc_target)" \
    --realm="$(gt domain.realm)" --domain="$(gt domain.netbiosDomain)" \
    --host-name="$(gt domain.dcNetbiosName)" --domain-sid="$(gt domain.domainSid)" \
    --adminpass="$(gt domain.adminPassword)" --server-role=dc --use-rfc2307 \
    --dns-backend=SAMBA_INTERNAL --host-ip="${HOST_V4[dc]}" --host-ip6="${HOST_V6[dc]}" \
    --option="interfaces = lo eth0" --option="bind interfaces only = yes" \
    --option="dns forwarder = " \
    --option="server services = -dnsupdate" \
    --option="log file = $LOGDIR/dc-samba.%m.log" \
    --option="max log size = 0" \
    --option="prefork children = 1"
  # The certificate below is part of the cached tree.
  printf 'tls:%s\n' "$(gt domain.dcFqdn)"
}

dc_provision() {
  local target; target=$(dc_target)
  local cache="$CACHE/dc" key
  key="$(samba --version) $(dc_provision_args | sha1sum | cut -c1-16)"
  if [[ -f $cache/.key && "$(cat "$cache/.key")" == "$key" ]]; then return 0; fi
  log "provisioning the Samba AD domain (once; cached in $cache)"
  local t0; t0=$(now_ms)
  rm -rf "$target" "$cache"
  mkdir -p "$target" "$LOGDIR"
  : >"$LAB/empty-smb.conf"   # -s: never read /etc/samba/smb.conf
  local args=()
  mapfile -t args < <(dc_provision_args | grep -v '^tls:')
  samba-tool domain provision "${args[@]}" >"$LOGDIR/dc-provision.log" 2>&1 \
    || { tail -n 20 "$LOGDIR/dc-provision.log" >&2; die "samba-tool domain provision failed (log: $LOGDIR/dc-provision.log)"; }
  # Samba would generate its TLS key at first start (slow, and different each start): make one
  # now so LDAPS/GC-SSL certificates repeat between runs.
  local tls="$target/private/tls"
  mkdir -p "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/O=portq lab/CN=$(gt domain.dcFqdn)" \
    -addext "subjectAltName=DNS:$(gt domain.dcFqdn),IP:${HOST_V4[dc]}" \
    -keyout "$tls/key.pem" -out "$tls/cert.pem" >/dev/null 2>&1 || die "openssl could not make the DC certificate"
  chmod 600 "$tls/key.pem"; cp "$tls/cert.pem" "$tls/ca.pem"
  mkdir -p "$CACHE"
  cp -a "$target" "$cache"
  printf '%s' "$key" >"$cache/.key"
  log "provisioned in $(( $(now_ms) - t0 )) ms"
}

start_dc() {
  dc_provision
  local target; target=$(dc_target)
  rm -rf "$target"
  cp -a "$CACHE/dc" "$target"
  rm -f "$target/.key"
  mkdir -p "$(host_dir dc)/run/samba"
  # -i: foreground, log to stdout; samba forks its own smbd/winbindd/rpcd children in the
  # namespace. Some of them still use the compiled-in /var/{lib,cache,log}/samba: hide those.
  SPAWN_BINDS=(var/lib/samba var/cache/samba var/log/samba)
  spawn dc dc-samba samba -i -s "$target/etc/smb.conf"
  SPAWN_BINDS=()
  local ip=${HOST_V4[dc]}
  expect dc-nbns dc-samba "nmblookup -A $ip | grep -q '<1c>'"
  expect dc-ldap dc-samba "ldapsearch -x -H ldap://$ip -s base -b '' defaultNamingContext | grep -q '^defaultNamingContext:'"
  expect dc-dns dc-samba "dig +time=1 +tries=1 @$ip dc1.lab.portq.test A +short | grep -qx $ip"
  expect dc-smb dc-samba "smbclient -N -L //$ip -m SMB3 2>&1 | grep -qi 'netlogon\|anonymous login successful\|Sharename'"
}
