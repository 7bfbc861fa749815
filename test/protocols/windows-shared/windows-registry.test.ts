import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moduleByName, moduleForService } from '../../../src/protocols/registry.js';

test('the services database names select the Windows/AD modules, one per service and transport', () => {
  const table: [string, 'tcp' | 'udp', string][] = [
    ['epmap', 'tcp', 'rpc-epm'],
    ['epmap', 'udp', 'rpc-epm'],
    ['netbios-ns', 'udp', 'netbios-ns'],
    ['netbios-ssn', 'tcp', 'smb-netbios'],
    ['microsoft-ds', 'tcp', 'smb'],
    ['ldap', 'tcp', 'ldap'],
    ['ldap', 'udp', 'cldap'],
    ['ldaps', 'tcp', 'ldaps'],
    ['globalcatalog', 'tcp', 'ldap'],
    ['globalcatalog-ssl', 'tcp', 'ldaps'],
    ['kerberos', 'tcp', 'kerberos'],
    ['kerberos', 'udp', 'kerberos'],
  ];
  for (const [service, transport, name] of table) {
    assert.equal(moduleForService(service, transport)?.name, name, `${service}/${transport}`);
    assert.ok(moduleByName(name));
  }
  // no UDP module pretends to speak a TCP-only service
  assert.equal(moduleForService('microsoft-ds', 'udp'), undefined);
  assert.equal(moduleForService('ldaps', 'udp'), undefined);
});
