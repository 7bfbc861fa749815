import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSnmp, snmpModule } from '../../../src/protocols/snmp/module.js';
import { decodeSnmpMessage } from '../../../src/protocols/snmp/codec.js';
import { fakeChannel } from '../../helpers/fake-channel.js';
import { loadHexFixture } from '../../helpers/hex-fixture.js';

const fixture = (name: string) => loadHexFixture(new URL(`./fixtures/${name}`, import.meta.url));
// The request IDs the captured replies answer.
const IDS = { v2c: 0x3a00887f, v1: 0x3a008880, v3: 0x3a008881 };

test('sends v2c, v1 and v3 discovery at once, with the -cn community', async () => {
  const ch = fakeChannel({ transport: 'udp', port: 161, replies: [], options: { community: 'secret word' } });
  await runSnmp(ch, IDS);
  assert.equal(ch.sent.length, 3);
  const [v2c, v1, v3] = ch.sent.map((b) => decodeSnmpMessage(b));
  assert.ok(v2c!.version === 'v2c' && v2c!.community === 'secret word' && v2c!.pdu.varbinds.length === 6);
  assert.ok(v1!.version === 'v1' && v1!.community === 'secret word');
  assert.ok(v3!.version === 'v3' && v3!.msgId === IDS.v3);
});

test('right community: v2c system group and the v3 engine', async () => {
  const ch = fakeChannel({ transport: 'udp', port: 161, replies: [fixture('v2c-system.hex'), fixture('v1-system.hex'), fixture('v3-report.hex')] });
  const r = await runSnmp(ch, IDS);
  assert.equal(r.listening, true);
  assert.equal(r.fields.version, 'v2c');
  assert.equal(r.fields.communityAccepted, true);
  assert.deepEqual((r.fields.system as Record<string, string>).sysName, 'pqx.portq.test');
  assert.equal((r.fields.v3 as { engineId: string }).engineId, '80001f888033096056594e046b00000000');
  assert.match(r.text, /^community name for query:\npublic\n/);
  assert.match(r.text, /sysUpTime: \(609\) 0:00:06\.09/);
  assert.match(r.text, /==== End of SNMP query response ====$/);
  assert.match(r.summary, /community 'public' accepted: portq test snmpd/);
});

test('wrong community: silence to v1/v2c, the v3 Report still proves the agent', async () => {
  const ch = fakeChannel({ transport: 'udp', port: 161, replies: [fixture('v3-report.hex')] });
  const r = await runSnmp(ch, IDS);
  assert.equal(r.listening, true);
  assert.equal(r.fields.communityAccepted, false);
  assert.match(r.summary, /no answer to community 'public' \(the community may be wrong\)/);
  assert.match(r.text, /the community name may be wrong/);
  assert.match(r.text, /authoritative engine ID: 80001f88/);
});

test('v1-only agent: the v1 answer is used', async () => {
  const ch = fakeChannel({ transport: 'udp', port: 161, replies: [fixture('v1-system.hex')] });
  const r = await runSnmp(ch, IDS);
  assert.equal(r.listening, true);
  assert.equal(r.fields.version, 'v1');
  assert.equal(r.fields.v3, null);
  assert.match(r.summary, /no SNMPv3/);
});

test('silence everywhere: not listening, community hint', async () => {
  const ch = fakeChannel({ transport: 'udp', port: 161, replies: [] });
  const r = await runSnmp(ch, IDS);
  assert.equal(r.listening, false);
  assert.match(r.summary, /community may be wrong.*no answer to SNMPv3 discovery/);
});

test('garbage and replies to other requests are ignored, not taken as proof', async () => {
  const ch = fakeChannel({ transport: 'udp', port: 161, replies: [Buffer.from('hello'), fixture('v2c-system.hex')] });
  const r = await runSnmp(ch, { v2c: 1, v1: 2, v3: 3 });
  assert.equal(r.listening, false);
  assert.equal(ch.notes.length, 2);
  assert.match(r.error ?? '', /no valid SNMP reply/);
});

test('module registration facts', () => {
  assert.equal(snmpModule.name, 'snmp');
  assert.deepEqual(snmpModule.services, ['snmp']);
  assert.deepEqual(snmpModule.transports, ['udp']);
});
