import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsModule, runDns } from '../../../src/protocols/dns/module.js';
import { decodeMessage, frameTcp } from '../../../src/protocols/dns/codec.js';
import { fakeChannel } from '../../helpers/fake-channel.js';
import { loadHexFixture } from '../../helpers/hex-fixture.js';

const fixture = (name: string) => loadHexFixture(new URL(`./fixtures/${name}`, import.meta.url));
const IDS = { main: 100, identity: [101, 102] as [number, number], retry: 103 };
/** A captured reply re-addressed to one of our query IDs. */
const withId = (name: string, id: number) => {
  const b = Buffer.from(fixture(name));
  b.writeUInt16BE(id, 0);
  return b;
};

test('UDP: main query with EDNS NSID plus version.bind and id.server, all answered (unbound)', async () => {
  const ch = fakeChannel({
    transport: 'udp',
    port: 53,
    replies: [withId('unbound-version-bind.hex', 101), withId('unbound-id-server.hex', 102), withId('unbound-root-ns-nsid.hex', 100)],
  });
  const r = await runDns(ch, IDS);
  const sent = ch.sent.map((b) => decodeMessage(b));
  assert.deepEqual(sent.map((m) => [m.id, m.questions[0]!.name, m.questions[0]!.class, m.questions[0]!.type]), [
    [100, '.', 'IN', 'NS'],
    [101, 'version.bind.', 'CH', 'TXT'],
    [102, 'id.server.', 'CH', 'TXT'],
  ]);
  assert.ok(sent[0]!.edns, 'main query carries OPT');
  assert.equal(r.listening, true);
  assert.equal(r.fields.rcode, 'SERVFAIL');
  assert.equal(r.fields.recursionAvailable, true);
  assert.deepEqual(r.fields.nsid, { hex: Buffer.from('pqx-nsid').toString('hex'), text: 'pqx-nsid' });
  assert.deepEqual(r.fields.identity, {
    'version.bind': { rcode: 'NOERROR', text: 'unbound pqx' },
    'id.server': { rcode: 'NOERROR', text: 'pqx-unbound-1' },
  });
  assert.equal(r.summary, 'SERVFAIL, 0 answer(s), recursion available, version.bind "unbound pqx", id.server "pqx-unbound-1", NSID "pqx-nsid"');
  assert.match(r.text, /^Sending DNS query to UDP port 53\.\.\./);
  assert.match(r.text, /version\.bind: "unbound pqx"/);
  assert.match(r.text, /==== End of DNS query response ====$/);
});

test('UDP: identity refused, main answered: listening, identity rcodes kept', async () => {
  const ch = fakeChannel({ transport: 'udp', port: 53, replies: [withId('samba-root-ns-formerr.hex', 100), withId('dnsmasq-auth-nxdomain.hex', 101)] });
  const r = await runDns(ch, IDS);
  assert.equal(r.listening, true);
  assert.equal(r.fields.rcode, 'FORMERR');
  assert.equal(r.fields.ednsRetried, false, 'the FORMERR carried OPT: the server knows EDNS');
  const identity = r.fields.identity as Record<string, unknown>;
  assert.deepEqual(identity['version.bind'], { rcode: 'NXDOMAIN', text: null });
  assert.equal(identity['id.server'], null);
});

test('FORMERR without OPT: asked again without EDNS (RFC 6891 7)', async () => {
  const formerrNoOpt = Buffer.from('006481010001000000000000000002000100'.slice(0, 34), 'hex');
  formerrNoOpt.writeUInt16BE(100, 0);
  const ch = fakeChannel({ transport: 'udp', port: 53, replies: [formerrNoOpt, () => null, (req) => withId('dnsmasq-auth-nxdomain.hex', req.readUInt16BE(0))] });
  const r = await runDns(ch, IDS);
  assert.equal(ch.sent.length, 4);
  assert.equal(decodeMessage(ch.sent[3]!).edns, null);
  assert.equal(r.fields.ednsRetried, true);
  assert.equal(r.fields.rcode, 'NXDOMAIN');
});

test('TCP: queries one after another, length-prefixed; a close after the first answer keeps the answer', async () => {
  const ch = fakeChannel({ transport: 'tcp', port: 53, replies: [frameTcp(withId('dnsmasq-auth-root-ns-tcp.hex', 100))] });
  const r = await runDns(ch, IDS);
  assert.equal(ch.sent[0]!.readUInt16BE(0), ch.sent[0]!.length - 2);
  assert.equal(r.listening, true);
  assert.equal(r.fields.rcode, 'REFUSED');
  assert.equal((r.fields.extendedErrors as unknown[]).length, 1);
  assert.match(r.text, /Extended DNS Error 17/);
});

test('silence: not listening, PortQry wording', async () => {
  const ch = fakeChannel({ transport: 'udp', port: 53, replies: [] });
  const r = await runDns(ch, IDS);
  assert.equal(r.listening, false);
  assert.match(r.text, /DNS query timed out/);
});

test('garbage only: a decode error, never a listening claim', async () => {
  const ch = fakeChannel({ transport: 'udp', port: 53, replies: [Buffer.from('not dns at all')] });
  await assert.rejects(runDns(ch, IDS), /no valid DNS answer/);
});

test('registration', () => {
  assert.deepEqual(dnsModule.services, ['domain']);
  assert.deepEqual([...dnsModule.transports].sort(), ['tcp', 'udp']);
});
