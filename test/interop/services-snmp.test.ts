/**
 * portq's SNMP module against the lab's net-snmp agent, compared with snmpget: the right
 * community returns the same system group; a wrong one gets silence yet the v3 discovery Report
 * proves the agent, with the engine ID and boots snmpget reads from SNMP-FRAMEWORK-MIB.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { snmpModule } from '../../src/protocols/snmp/module.js';
import { loadLab, requireLabClient } from './lab.js';
import { runOk } from './lab-exec.js';
import { openSocketChannel } from './services-socket-channel.js';
import { portqJson } from './services-cli.js';

const lab = loadLab();
const svc = lab.host('svc');
before(requireLabClient);

async function runModule(address: string, community: string, port = 161) {
  const ch = await openSocketChannel({ transport: 'udp', address, port, timeoutMs: 3000, options: { community } });
  try {
    return await snmpModule.run(ch);
  } finally {
    ch.close();
  }
}

async function snmpget(oids: string[], flags: string[] = ['-Oqv']): Promise<string[]> {
  const out = await runOk('snmpget', ['-v2c', '-c', lab.snmp.readCommunity, '-t', '2', '-r', '1', '-On', ...flags, svc.ipv4, ...oids], {
    env: { ...process.env, MIBS: '' },
  });
  return out.trim().split('\n').map((v) => v.replace(/^"|"$/g, ''));
}

for (const family of [4, 6] as const) {
  test(`right community: the system group equals snmpget's (IPv${family})`, async () => {
    const r = await runModule(family === 4 ? svc.ipv4 : svc.ipv6, lab.snmp.readCommunity);
    assert.equal(r.listening, true);
    assert.equal(r.fields.communityAccepted, true);
    assert.equal(r.fields.version, 'v2c');
    const sys = r.fields.system as Record<string, string>;
    const [descr, objectId, contact, name, location, ticks] = await snmpget(
      ['.1.3.6.1.2.1.1.1.0', '.1.3.6.1.2.1.1.2.0', '.1.3.6.1.2.1.1.4.0', '.1.3.6.1.2.1.1.5.0', '.1.3.6.1.2.1.1.6.0', '.1.3.6.1.2.1.1.3.0'],
      ['-Oqv', '-Ot'],
    );
    assert.deepEqual(
      [sys.sysDescr, `.${sys.sysObjectID}`, sys.sysContact, sys.sysName, sys.sysLocation],
      [descr, objectId, contact, name, location],
    );
    assert.equal(sys.sysName, lab.snmp.sysName);
    // sysUpTime moves on between the two reads: within 10 s (1000 ticks).
    assert.ok(Math.abs(Number(sys.sysUpTime) - Number(ticks)) < 1000, `${sys.sysUpTime} vs snmpget ${ticks}`);
  });
}

for (const community of [lab.snmp.deniedCommunity, 'portq-wrong-community']) {
  test(`community "${community}": silence hinted as a wrong community, v3 discovery proves the agent`, async () => {
    const r = await runModule(svc.ipv4, community);
    assert.equal(r.listening, true);
    assert.equal(r.fields.communityAccepted, false);
    assert.match(r.summary, new RegExp(`no answer to community '${community}' \\(the community may be wrong\\)`));
    const v3 = r.fields.v3 as { engineId: string; engineBoots: number; report: { name: string } };
    // snmpEngineID.0 and snmpEngineBoots.0 (RFC 3411 SNMP-FRAMEWORK-MIB), read with the right community.
    // (one OID per call: snmpget wraps long hex strings over several lines)
    const engineIdHex = (await snmpget(['.1.3.6.1.6.3.10.2.1.1.0'], ['-Oqv', '-Ox'])).join('');
    const [boots] = await snmpget(['.1.3.6.1.6.3.10.2.1.2.0']);
    assert.equal(v3.engineId, engineIdHex.replace(/[\s"]/g, '').toLowerCase());
    assert.equal(v3.engineBoots, Number(boots));
    assert.equal(v3.report.name, 'usmStatsUnknownEngineIDs');
  });
}

test('the nft drop rule (udp/1161) leaves the module with nothing: not listening', async () => {
  const r = await runModule(svc.ipv4, lab.snmp.readCommunity, 1161);
  assert.equal(r.listening, false);
  assert.match(r.summary, /no answer to SNMPv3 discovery/);
});

test('CLI: -cn with the right and a wrong community; the service name picks the module (udp/1164)', async () => {
  const [right] = await portqJson(['-n', svc.ipv4, '-p', 'udp', '-e', '161']);
  assert.equal(right!.state, 'LISTENING');
  assert.equal(right!.reason, 'protocol-reply');
  assert.equal(right!.query?.fields.system.sysDescr, lab.snmp.sysDescr);
  const [wrong] = await portqJson(['-n', svc.ipv4, '-p', 'udp', '-e', '161', '-cn', `!${lab.snmp.deniedCommunity}!`]);
  assert.equal(wrong!.state, 'LISTENING');
  assert.equal(wrong!.query?.fields.communityAccepted, false);
  assert.equal(wrong!.query?.fields.community, lab.snmp.deniedCommunity);
  // PortQry's rule: the services file's name, not the number, selects the query.
  const dir = mkdtempSync(join(tmpdir(), 'portq-services-'));
  writeFileSync(join(dir, 'services'), 'snmp 1164/udp\n');
  const [moved] = await portqJson(['-n', svc.ipv4, '-p', 'udp', '-e', '1164', '--services-file', join(dir, 'services')]);
  assert.equal(moved!.service, 'snmp');
  assert.equal(moved!.state, 'LISTENING');
  assert.equal(moved!.query?.fields.system.sysName, lab.snmp.sysName);
});
