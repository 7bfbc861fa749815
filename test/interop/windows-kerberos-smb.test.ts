/**
 * Kerberos (TCP/UDP 88) and SMB (TCP 445/139) against the lab's Samba DC and standalone smbd.
 * Kerberos: kinit for the same unknown client says the KDC does not know it, and portq decodes
 * the KDC's KRB-ERROR saying the same (KDC_ERR_C_PRINCIPAL_UNKNOWN) over both transports.
 * SMB: portq's NEGOTIATE picks the dialect smbclient negotiates (its -d4 log line).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadLab, requireLabClient } from './lab.js';
import { run } from './lab-exec.js';
import { portqJson } from './services-cli.js';
import { openSocketChannel } from './services-socket-channel.js';
import { kerberosModule, PROBE_CLIENT } from '../../src/protocols/kerberos/module.js';

const lab = loadLab();
const dc = lab.host('dc');
const scratch = mkdtempSync(join(tmpdir(), 'pq-win-krb-'));
before(requireLabClient);
after(() => rmSync(scratch, { recursive: true, force: true }));

async function kinitUnknown(transport: 'tcp' | 'udp'): Promise<string> {
  const { realm } = lab.domain;
  const conf = join(scratch, `krb5-${transport}.conf`);
  // udp_preference_limit = 1 makes every request go over TCP (RFC 4120 7.2.1, MIT krb5.conf).
  writeFileSync(
    conf,
    `[libdefaults]\n  default_realm = ${realm}\n  dns_lookup_kdc = false\n  dns_lookup_realm = false\n` +
      (transport === 'tcp' ? '  udp_preference_limit = 1\n' : '') +
      `[realms]\n  ${realm} = {\n    kdc = ${dc.ipv4}\n  }\n`,
  );
  // KRB5_TRACE shows which transport kinit used (a file: the child's stderr is a socket).
  const trace = join(scratch, `trace-${transport}`);
  const env = { ...process.env, KRB5_CONFIG: conf, KRB5CCNAME: `FILE:${join(scratch, `cc-${transport}`)}`, KRB5_TRACE: trace };
  const r = await run('kinit', [`${PROBE_CLIENT}@${realm}`], { env, input: 'x\n', timeoutMs: 15_000 });
  return r.stderr + r.stdout + (existsSync(trace) ? readFileSync(trace, 'utf8') : '');
}

for (const transport of ['tcp', 'udp'] as const) {
  test(`${transport.toUpperCase()} 88: the KDC's answer matches kinit's for the same unknown client`, async () => {
    const kinit = await kinitUnknown(transport);
    assert.match(kinit, /not found in Kerberos database/, kinit);
    assert.match(kinit, transport === 'tcp' ? /Sending TCP request/ : /Sending initial UDP request/, kinit);
    // The module guesses the realm from a DNS name: give it the DC's name, connect to its address.
    const channel = await openSocketChannel({ transport, address: dc.ipv4, port: 88, host: lab.domain.dcFqdn });
    try {
      const r = await kerberosModule.run(channel);
      const reply = r.fields.reply as { errorName: string; realm: string; clientName: string };
      assert.equal(r.fields.requestedRealm, lab.domain.realm);
      assert.equal(reply.errorName, 'KDC_ERR_C_PRINCIPAL_UNKNOWN');
      assert.equal(reply.realm, lab.domain.realm);
      assert.equal(reply.clientName, PROBE_CLIENT);
      // Same machine, same clock: the skew portq computes is small.
      assert.ok(Math.abs(r.fields.clockSkewSeconds as number) < 60, `skew ${r.fields.clockSkewSeconds}`);
    } finally {
      channel.close();
    }
  });
}

test('UDP 88 by IP: portq turns PortQry\'s "LISTENING or FILTERED" into LISTENING', async () => {
  const [result] = await portqJson(['-n', dc.ipv4, '-e', '88', '-p', 'udp', '-nr']);
  assert.equal(result.state, 'LISTENING');
  assert.equal(result.query?.protocol, 'kerberos');
  assert.equal(result.query?.listening, true);
});

async function smbclientDialect(ip: string, port: number): Promise<string> {
  const r = await run('smbclient', ['-L', `//${ip}`, '-N', '-p', String(port), '-d4'], { timeoutMs: 20_000 });
  const m = /negotiated dialect\[(\w+)\]/.exec(r.stdout + r.stderr);
  if (!m) throw new Error(`smbclient printed no dialect:\n${r.stderr}\n${r.stdout}`);
  return m[1]!;
}

for (const [hostName, port, signingRequired] of [
  ['dc', 445, true],
  ['dc', 139, true],
  ['smb', 445, false],
  ['smb', 139, false],
] as const) {
  test(`TCP ${port} on ${hostName}: portq's NEGOTIATE gets the dialect smbclient negotiates`, async () => {
    const host = lab.host(hostName);
    const [dialect, [result]] = await Promise.all([smbclientDialect(host.ipv4, port), portqJson(['-n', host.ipv4, '-e', String(port), '-p', 'tcp', '-nr'])]);
    assert.equal(result.state, 'LISTENING');
    assert.equal(result.query?.protocol, port === 445 ? 'smb' : 'smb-netbios');
    assert.equal(result.query!.fields.smbclientDialect, dialect);
    // An AD DC requires signing (Samba's "server signing = default" means mandatory there); a
    // standalone server only offers it.
    assert.equal(result.query!.fields.signingRequired, signingRequired);
    assert.equal(result.query!.fields.signingEnabled, true);
  });
}
