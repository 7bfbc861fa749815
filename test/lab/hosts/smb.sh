# Host "smb": Samba standalone server FILESRV (nmbd + smbd), a second NetBIOS responder beside
# the DC, with a read-only guest share.

SMB_PACKAGES=(samba samba-common-bin smbclient)

start_smb() {
  local hd; hd=$(host_dir smb)
  rm -rf "$hd"
  mkdir -p "$hd"/{lock,state,cache,private,share,run/samba}
  printf 'portq lab share\n' >"$hd/share/readme.txt"
  render "$CONF/smb-standalone.conf" "$hd/smb.conf" smb
  SPAWN_BINDS=(var/lib/samba var/cache/samba var/log/samba)
  spawn smb smb-nmbd nmbd --foreground --no-process-group --debug-stdout -s "$hd/smb.conf"
  spawn smb smb-smbd smbd --foreground --no-process-group --debug-stdout -s "$hd/smb.conf"
  SPAWN_BINDS=()
  local ip=${HOST_V4[smb]}
  expect smb-nmbd smb-nmbd "nmblookup -A $ip | grep -q 'FILESRV *<20>'"
  expect smb-smbd smb-smbd "smbclient -N -L //$ip 2>&1 | grep -q 'public'"
}
