/**
 * The Windows/AD queries over IPv6 against the lab's Samba DC: each answers as it does over IPv4
 * (NetBIOS excepted: it is IPv4 only, and the ground truth says NOT LISTENING there).
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadLab, requireLabClient } from './lab.js';
import { portqJson } from './services-cli.js';

const lab = loadLab();
const dc = lab.host('dc');
before(requireLabClient);

/** The parts of an answer that do not change between two queries (no clocks, no MAC bytes). */
function stable(r: { state: string; query?: { protocol: string; fields: Record<string, any> } }): unknown {
  const f = r.query?.fields ?? {};
  switch (r.query?.protocol) {
    case 'rpc-epm':
      return [r.state, f.totalEndpoints, f.dynamicTcpPorts];
    case 'ldap':
    case 'cldap': {
      const attrs = { ...(f.rootDse?.attributes ?? {}) };
      delete attrs.currentTime;
      return [r.state, attrs, f.netlogon?.dnsHostName ?? null];
    }
    case 'kerberos':
      return [r.state, f.reply?.errorName, f.reply?.realm];
    case 'smb':
    case 'smb-netbios':
      return [r.state, f.dialect, f.signingRequired, f.serverGuid];
    default:
      return [r.state, r.query?.protocol];
  }
}

for (const [transport, ports] of [
  ['tcp', '135,389,3268,88,445,139'],
  ['udp', '389,88'],
] as const) {
  test(`${transport.toUpperCase()} ${ports} over IPv6 answer as over IPv4`, async () => {
    const [v4, v6] = await Promise.all([
      portqJson(['-n', dc.ipv4, '-o', ports, '-p', transport, '-nr']),
      portqJson(['-n', dc.ipv6, '-o', ports, '-p', transport, '-nr']),
    ]);
    for (const r6 of v6) {
      const r4 = v4.find((r) => r.port === r6.port)!;
      assert.equal(r6.state, 'LISTENING', `${transport}/${r6.port}`);
      assert.equal(r6.query?.error, undefined, `${transport}/${r6.port}: ${r6.query?.error}`);
      assert.deepEqual(stable(r6), stable(r4), `${transport}/${r6.port}`);
    }
  });
}

test('TCP 636 over IPv6: LDAPS answers (no SNI for an IPv6 literal)', async () => {
  const [r] = await portqJson(['-n', dc.ipv6, '-e', '636', '-p', 'tcp', '-nr']);
  assert.equal(r.query?.error, undefined, r.query?.error);
});

test('UDP 137 over IPv6: NetBIOS is IPv4 only', async () => {
  const [r] = await portqJson(['-n', dc.ipv6, '-e', '137', '-p', 'udp', '-nr']);
  assert.equal(r.state, 'NOT LISTENING');
});
