# Host "client": where the interop tests and portq run. No servers; the stock clients the tests
# and the readiness checks use are installed here.

CLIENT_PACKAGES=(curl:curl snmpget:snmp kinit:krb5-user ldapsearch:ldap-utils dig:dnsutils ike-scan:ike-scan
  nmap:nmap chronyd:chrony
  nmblookup:samba-common-bin smbclient:smbclient openssl:openssl busybox:busybox)
