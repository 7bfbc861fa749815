# Host "dc": a Samba Active Directory domain controller.
# Provisioning (~7 s) happens once into $CACHE and is copied for each start (~0.1 s). The
# provisioned smb.conf holds absolute paths, so the cache is keyed by the lab path and the Samba
# version and the copy always lands at the same place.

DC_PACKAGES=(samba samba-dsdb-modules winbind smbclient samba-ad-provision samba-vfs-modules krb5-user)

dc_target() { printf '%s/samba' "$(host_dir dc)"; }

dc_cache_key() {
  printf '%s|%s|%s|%s|%s\n' "$(samba --version)" "$(dc_target)" "$(gt domain.realm)/$(gt domain.netbiosDomain)/$(gt domain.dcNetbiosName)/$(gt domain.domainSid)/$(gt domain.adminPassword)" \
    "${HOST_V4[dc]}" "$(sha1sum "$LAB_SRC/hosts/dc.sh" | cut -c1-12)"
}

dc_provision() {
  local target; target=$(dc_target)
  local cache="$CACHE/dc" key; key=$(dc_cache_key)
  if [[ -f $cache/.key && "$(cat "$cache/.key")" == "$key" ]]; then return 0; fi
  log "provisioning the Samba AD domain (once; cached in $cache)"
  local t0; t0=$(now_ms)
  rm -rf "$target" "$cache"
  mkdir -p "$target" "$LOGDIR"
  : >"$LAB/empty-smb.conf"   # -s: never read /etc/samba/smb.conf
  local realm domain sid pass
  realm=$(gt domain.realm); domain=$(gt domain.netbiosDomain)
  sid=$(gt domain.domainSid); pass=$(gt domain.adminPassword)
  samba-tool domain provision -s "$LAB/empty-smb.conf" --targetdir="$target" \
    --realm="$realm" --domain="$domain" --host-name="$(gt domain.dcNetbiosName)" \
    --domain-sid="$sid" --adminpass="$pass" --server-role=dc --use-rfc2307 \
    --dns-backend=SAMBA_INTERNAL --host-ip="${HOST_V4[dc]}" --host-ip6="${HOST_V6[dc]}" \
    --option="interfaces = lo eth0" --option="bind interfaces only = yes" \
    --option="dns forwarder = " \
    --option="server services = -dnsupdate" \
    --option="log file = $LOGDIR/dc-samba.%m.log" \
    --option="max log size = 0" \
    --option="prefork children = 1" \
    >"$LOGDIR/dc-provision.log" 2>&1 \
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
