/**
 * The lab's snmpd: the read community answers the system group (fixed values), a denied or
 * unknown community gets silence, and SNMPv3 discovery is answered without any community.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadLab, requireLabClient } from './lab.js';
import { run, runOk } from './lab-exec.js';

const lab = loadLab();
before(requireLabClient);

const SYS = {
  sysDescr: '.1.3.6.1.2.1.1.1.0',
  sysObjectID: '.1.3.6.1.2.1.1.2.0',
  sysContact: '.1.3.6.1.2.1.1.4.0',
  sysName: '.1.3.6.1.2.1.1.5.0',
  sysLocation: '.1.3.6.1.2.1.1.6.0',
} as const;

for (const [version, family] of [['1', 4], ['2c', 4], ['2c', 6]] as const) {
  test(`the read community gets the fixed system group (v${version}, IPv${family})`, async () => {
    const svc = lab.host('svc');
    const agent = family === 4 ? svc.ipv4 : `udp6:[${svc.ipv6}]:161`;
    const out = await runOk('snmpget', [
      `-v${version}`, '-c', lab.snmp.readCommunity, '-t', '2', '-r', '1', '-Oqv', '-On', agent,
      SYS.sysDescr, SYS.sysContact, SYS.sysName, SYS.sysLocation, SYS.sysObjectID,
    ]);
    const values = out.trim().split('\n').map((v) => v.replace(/^"|"$/g, ''));
    assert.deepEqual(values, [
      lab.snmp.sysDescr,
      lab.snmp.sysContact,
      lab.snmp.sysName,
      lab.snmp.sysLocation,
      '.1.3.6.1.4.1.8072.3.2.10', // net-snmp's Linux agent OID
    ]);
  });
}

for (const community of [lab.snmp.deniedCommunity, 'portq-wrong-community']) {
  test(`community "${community}" gets no answer (timeout)`, async () => {
    const r = await run('snmpget', ['-v2c', '-c', community, '-t', '1', '-r', '0', lab.host('svc').ipv4, SYS.sysName]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr + r.stdout, /Timeout: No Response/);
  });
}

test('SNMPv3 with an unknown user is answered with a report (the agent is there without a community)', async () => {
  const r = await run('snmpget', ['-v3', '-u', 'portq-nobody', '-l', 'noAuthNoPriv', '-t', '2', '-r', '0', lab.host('svc').ipv4, SYS.sysName]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /Unknown user name/);
});

test('the agent behind the nft drop rule (udp/1161) is silent, the unguarded one on udp/1164 answers', async () => {
  const svc = lab.host('svc');
  const dropped = await run('snmpget', ['-v2c', '-c', lab.snmp.readCommunity, '-t', '1', '-r', '0', `${svc.ipv4}:1161`, SYS.sysName]);
  assert.match(dropped.stderr + dropped.stdout, /Timeout: No Response/);
  const open = await runOk('snmpget', ['-v2c', '-c', lab.snmp.readCommunity, '-t', '2', '-r', '1', '-Oqv', `${svc.ipv4}:1164`, SYS.sysName]);
  assert.equal(open.trim().replace(/"/g, ''), lab.snmp.sysName);
});
