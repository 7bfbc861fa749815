# Host "client": where the interop tests and portq run. No servers; the stock clients the tests
# and the readiness checks use are installed here.

CLIENT_PACKAGES=(curl python3-impacket snmp krb5-user ldap-utils dnsutils ike-scan nmap chrony samba-common-bin smbclient openssl busybox)
