# Host "ldap": OpenLDAP slapd with a small directory, loaded fresh by slapadd at each start.

LDAP_PACKAGES=(slapd ldap-utils)

start_ldap() {
  local hd; hd=$(host_dir ldap)
  rm -rf "$hd/db"; mkdir -p "$hd/db"
  render "$CONF/slapd.conf" "$hd/slapd.conf" ldap
  slapadd -f "$hd/slapd.conf" -l "$CONF/slapd-base.ldif" >"$LOGDIR/ldap-slapadd.log" 2>&1 \
    || { cat "$LOGDIR/ldap-slapadd.log" >&2; die "slapadd could not load the lab directory"; }
  # -d 0: stay in the foreground; -h: only the host's own addresses.
  spawn ldap ldap-slapd slapd -d 0 -f "$hd/slapd.conf" \
    -h "ldap://${HOST_V4[ldap]}/ ldap://[${HOST_V6[ldap]}]/"
  expect ldap-slapd ldap-slapd "ldapsearch -x -H ldap://${HOST_V4[ldap]} -b dc=ldap,dc=portq,dc=test uid=alice cn | grep -q '^cn: Alice Lab'"
}
