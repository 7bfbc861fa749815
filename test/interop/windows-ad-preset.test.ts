/**
 * PortQryUI's "Domains and Trusts" set against the lab's Samba DC (`--preset ad`): every query of
 * this part answers in one run, UDP 88 and UDP 389 are definite LISTENING (PortQry's "false
 * alarms"), and the dynamic RPC ports the endpoint mapper hands out are probed too.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadLab, requireLabClient } from './lab.js';
import { portqJson } from './services-cli.js';

const lab = loadLab();
const dc = lab.host('dc');
before(requireLabClient);

test('--preset ad on the DC: each Windows query answers, UDP 88/389 listen, dynamic RPC ports follow', async () => {
  const results = await portqJson(['-n', dc.ipv4, '--preset', 'ad', '-nr'], 60_000);
  const by = (protocol: string, port: number) => results.find((r) => r.protocol === protocol && r.port === port);
  const expected: [string, number, string][] = [
    ['tcp', 135, 'rpc-epm'],
    ['tcp', 389, 'ldap'],
    ['udp', 389, 'cldap'],
    ['tcp', 636, 'ldaps'],
    ['tcp', 3268, 'ldap'],
    ['tcp', 3269, 'ldaps'],
    ['tcp', 88, 'kerberos'],
    ['udp', 88, 'kerberos'],
    ['tcp', 445, 'smb'],
    ['udp', 137, 'netbios-ns'],
    ['tcp', 139, 'smb-netbios'],
  ];
  for (const [protocol, port, module] of expected) {
    const r = by(protocol, port);
    assert.ok(r, `${protocol}/${port} probed`);
    assert.equal(r.state, 'LISTENING', `${protocol}/${port}`);
    assert.equal(r.query?.protocol, module, `${protocol}/${port} query`);
    assert.equal(r.query?.error, undefined, `${protocol}/${port}: ${r.query?.error}`);
  }
  const dynamic = by('tcp', 135)!.query!.discovered!.map((d) => d.port);
  assert.ok(dynamic.length > 0);
  for (const port of dynamic) assert.equal(by('tcp', port)?.state, 'LISTENING', `dynamic RPC port ${port}`);
});
