# Host "svc": banner and UDP services, and nftables rules in front of extra listeners.
#   TCP 21 vsftpd, 25/587 dovecot submission, 80 busybox httpd, 110/995 POP3, 143/993 IMAP,
#   8081-8084 httpd behind drop / tcp reset / icmp port-unreachable / icmp admin-prohibited;
#   UDP 69 tftpd-hpa, 123 chronyd, 161 snmpd (+1161-1163 behind rules, 1164 unguarded),
#   500/4500 charon, 1434 the [MC-SQLR] responder when test/lab/responders/sqlr-responder.ts exists.

SVC_PACKAGES=(snmpd vsftpd dovecot-imapd dovecot-pop3d dovecot-submissiond busybox tftpd-hpa chrony strongswan-charon openssl)

SQLR_RESPONDER="$LAB_SRC/responders/sqlr-responder.ts"

# A self-signed certificate for the mail services' TLS, made once so it repeats between runs.
svc_tls() {
  local d="$CACHE/tls-svc"
  [[ -f $d/cert.pem ]] && return 0
  mkdir -p "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/O=portq lab/CN=svc.lab.portq.test" \
    -addext "subjectAltName=DNS:svc.lab.portq.test,IP:${HOST_V4[svc]}" \
    -keyout "$d/key.pem" -out "$d/cert.pem" >/dev/null 2>&1 || die "openssl could not make the svc certificate"
  chmod 644 "$d/key.pem"   # dovecot reads it as root; the lab's cache is root's anyway
}

svc_files() {
  local hd=$1
  rm -rf "$hd"
  mkdir -p "$hd"/{www,ftp/pub,ftp-empty,tftp,snmp,dovecot-state,mail,run}
  gt http.body >"$hd/www/index.html"
  gt ftp.anonymousFileContent >"$hd/ftp/pub/readme.txt"
  gt tftp.content >"$hd/tftp/$(gt tftp.file)"
  chmod -R a+rX "$hd/www" "$hd/ftp" "$hd/tftp"
  printf 'labuser:{PLAIN}labpass::::::\n' >"$hd/dovecot-users"
  local f
  for f in snmpd.conf vsftpd.conf dovecot.conf chrony.conf strongswan.conf svc.nft; do
    render "$CONF/$f" "$hd/$f" svc
  done
}

start_svc() {
  local hd; hd=$(host_dir svc)
  svc_tls
  svc_files "$hd"
  nsx svc nft -f "$hd/svc.nft" || die "nft could not load the svc firewall ($CONF/svc.nft)"
  local p
  spawn svc svc-httpd busybox httpd -f -p 80 -h "$hd/www"
  for p in 8081 8082 8083 8084; do spawn svc "svc-httpd-$p" busybox httpd -f -p "$p" -h "$hd/www"; done
  # -I -smux: no SMUX listener on TCP 199; MIBS=: no MIB files (the agent needs none).
  MIBS= spawn svc svc-snmpd snmpd -f -Lo -C -I -smux -c "$hd/snmpd.conf" -p /run/snmpd.pid
  spawn svc svc-vsftpd vsftpd "$hd/vsftpd.conf"
  spawn svc svc-dovecot dovecot -F -c "$hd/dovecot.conf"
  spawn svc svc-tftpd in.tftpd --foreground --listen --address :69 --secure --user tftp "$hd/tftp"
  spawn svc svc-chronyd chronyd -x -d -f "$hd/chrony.conf"
  STRONGSWAN_CONF="$hd/strongswan.conf" spawn svc svc-charon /usr/lib/ipsec/charon
  if [[ -f $SQLR_RESPONDER ]]; then
    # [MC-SQLR] browser on UDP 1434 and a TDS pre-login answer on TCP 1433 (the default
    # instance's port in its reply).
    spawn svc svc-sqlr node --import tsx "$SQLR_RESPONDER" --udp 1434 --tds 1433
  fi

  local ip=${HOST_V4[svc]}
  # First line a TCP server sends (bash's /dev/tcp: no client needed).
  local banner='timeout 3 bash -c '\''exec 3<>/dev/tcp/$0/$1; IFS= read -r l <&3; printf "%s\n" "$l"'\'' '
  expect svc-httpd svc-httpd "curl -sf http://$ip/ | grep -q 'portq lab http'"
  for p in 8081 8082 8083 8084; do
    expect "svc-httpd-$p" "svc-httpd-$p" "ip netns exec ${NS_PREFIX}svc curl -sf http://127.0.0.1:$p/ | grep -q 'portq lab http'"
  done
  expect svc-snmpd svc-snmpd "snmpget -v2c -c public -t 1 -r 0 -Oqv $ip .1.3.6.1.2.1.1.5.0 | grep -q svc.lab.portq.test"
  expect svc-vsftpd svc-vsftpd "curl -sf ftp://$ip/pub/readme.txt | grep -q 'portq lab anonymous ftp'"
  expect svc-imap svc-dovecot "$banner $ip 143 | grep -q '^\* OK'"
  expect svc-pop3 svc-dovecot "$banner $ip 110 | grep -q '^+OK'"
  expect svc-smtp svc-dovecot "$banner $ip 25 | grep -q '^220 '"
  expect svc-tftpd svc-tftpd "curl -sf tftp://$ip/$(gt tftp.file) | grep -q 'portq lab tftp'"
  # chronyd -Q: a stock NTP client that only prints the offset (never sets the clock).
  expect svc-chronyd svc-chronyd "chronyd -Q -t 2 -u root 'server $ip iburst maxsamples 1' 2>&1 | grep -q 'System clock wrong'"
  expect svc-charon svc-charon "ike-scan -r 1 --ikev2 $ip | grep -q NO_PROPOSAL_CHOSEN && ike-scan -r 1 --ikev2 --nat-t $ip | grep -q NO_PROPOSAL_CHOSEN"
  if [[ -f $SQLR_RESPONDER ]]; then
    expect svc-sqlr svc-sqlr "grep -q 'sqlr-responder ready' '$LOGDIR/svc-sqlr.log'"
  fi
}
