import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import { decodeLdapMessage, decodeLdapMessages, encodeSearchRequest, presentFilter } from '../../../src/protocols/ldap/ldap-messages.js';
import { collectSearch, encodeRootDseRequest } from '../../../src/protocols/ldap/root-dse.js';
import { ldapFramer } from '../../../src/protocols/ldap/ldap-search.js';
import { ldapModule, ldapsModule } from '../../../src/protocols/ldap/module.js';
import { constructed, enumerated, integer, octetString, sequence } from '../../../src/protocols/ber/ber-writer.js';
import { fakeChannel } from '../../helpers/fake-channel.js';
import { frames, loadCapture, receivedStream } from '../windows-shared/lab-capture.js';
import { mutationFuzz, truncationFuzz } from '../../helpers/fuzz-decoder.js';
import type { TlsSummary } from '../../../src/protocols/types.js';

const dc389 = loadCapture('ldap', 'samba-dc-tcp389');
const dc3268 = loadCapture('ldap', 'samba-dc-tcp3268');
const dc636 = loadCapture('ldap', 'samba-dc-tcp636');

test('the root DSE request is the RFC 4511 SearchRequest byte for byte', () => {
  // 30 25 | 02 01 01 | 63 20: "" base, scope base, never deref, no limits, typesOnly false,
  // (objectClass=*) as [7], empty attribute list.
  const expected = '3025020101632004000a01000a0100020100020100010100870b6f626a656374436c6173733000';
  assert.equal(encodeRootDseRequest(1).toString('hex'), expected);
  // and it is what portq sent to the lab's DC
  assert.equal(dc389.exchanges[0].bytes.toString('hex'), expected);
  assert.equal(encodeSearchRequest({ messageId: 7, baseObject: 'dc=x', scope: 'sub', filter: presentFilter('cn'), attributes: ['cn'] })[0], 0x30);
});

test('Samba DC root DSE decodes into every attribute with every value', () => {
  const msgs = frames(receivedStream(dc389), ldapFramer).map(decodeLdapMessage);
  assert.deepEqual(msgs.map((m) => m.op), ['searchResEntry', 'searchResDone']);
  const outcome = collectSearch(msgs, 1);
  assert.ok(outcome);
  assert.equal(outcome.result.resultCode, 0);
  const byName = new Map(outcome.attributes.map((a) => [a.type, a.values]));
  assert.deepEqual(byName.get('defaultNamingContext'), ['DC=lab,DC=portq,DC=test']);
  assert.deepEqual(byName.get('supportedLDAPVersion'), ['2', '3']);
  assert.ok((byName.get('namingContexts') ?? []).length >= 3, 'several naming contexts');
  assert.ok((byName.get('supportedControl') ?? []).length > 5, 'many supported controls, all kept');
});

test('the module frames partial reads: the reply fed one byte at a time gives the same answer', async () => {
  const stream = receivedStream(dc389);
  const whole = await ldapModule.run(fakeChannel({ transport: 'tcp', port: 389, replies: [stream] }));
  const bytewise = await ldapModule.run(fakeChannel({ transport: 'tcp', port: 389, replies: [...stream].map((b) => Buffer.from([b])) }));
  assert.deepEqual(bytewise, whole);
  assert.equal(whole.listening, true);
  assert.match(whole.text, /^LDAP query response:/);
  assert.match(whole.text, /======== End of LDAP query response ========$/);
  assert.match(whole.text, /^supportedLDAPVersion: 2$/m);
  assert.match(whole.text, /^supportedLDAPVersion: 3$/m);
  const fields = whole.fields.rootDse as { attributes: Record<string, string[]> };
  const lines = whole.text.split('\n').filter((l) => /^\w+:{1,2} /.test(l));
  assert.equal(lines.length, Object.values(fields.attributes).reduce((n, v) => n + v.length, 0), 'one text line per value');
});

test('global catalog (3268) answers the same root DSE shape', async () => {
  const r = await ldapModule.run(fakeChannel({ transport: 'tcp', port: 3268, replies: received(dc3268) }));
  assert.match(r.summary, /root DSE, \d+ attributes/);
});

test('LDAPS: the TLS summary heads the text, then the root DSE', async () => {
  const tls: TlsSummary = {
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_256_GCM_SHA384',
    subject: 'CN=dc1.lab.portq.test',
    issuer: 'CN=portq lab CA',
    subjectAltNames: ['DNS:dc1.lab.portq.test'],
    validFrom: 'a',
    validTo: 'b',
    fingerprint256: 'AA',
    selfSigned: false,
    authorized: false,
    authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  };
  const channel = { ...fakeChannel({ transport: 'tcp', port: 636, replies: received(dc636) }), startTls: async () => tls };
  const r = await ldapsModule.run(channel);
  assert.match(r.text, /^TLS handshake:/);
  assert.match(r.text, /subject: CN=dc1\.lab\.portq\.test/);
  assert.match(r.text, /LDAP query response:/);
  assert.deepEqual((r.fields.tls as TlsSummary).subjectAltNames, ['DNS:dc1.lab.portq.test']);
});

test('a Notice of Disconnection ends the search with a DecodeError', async () => {
  const notice = sequence(
    integer(0),
    constructed({ tagClass: 'application', tagNumber: 24 }, enumerated(52), octetString(''), octetString('going away'), octetString('1.3.6.1.4.1.1466.20036', { tagClass: 'context', tagNumber: 10, constructed: false })),
  );
  await assert.rejects(ldapModule.run(fakeChannel({ transport: 'tcp', port: 389, replies: [notice] })), DecodeError);
});

test('error results are reported, not thrown', async () => {
  const done = sequence(integer(1), constructed({ tagClass: 'application', tagNumber: 5 }, enumerated(53), octetString(''), octetString('anonymous denied')));
  const r = await ldapModule.run(fakeChannel({ transport: 'tcp', port: 389, replies: [done] }));
  assert.equal(r.summary, 'root DSE search: unwillingToPerform');
  assert.match(r.text, /message: anonymous denied/);
});

test('malformed messages are DecodeErrors', () => {
  assert.throws(() => decodeLdapMessage(Buffer.from('3003020101', 'hex')), DecodeError); // no protocolOp
  assert.throws(() => decodeLdapMessage(Buffer.from('3005020101640000', 'hex')), DecodeError); // trailing byte
  assert.throws(() => decodeLdapMessage(Buffer.from('3005020101a400', 'hex')), DecodeError); // context-class op
  assert.throws(() => decodeLdapMessages(Buffer.alloc(0)), DecodeError);
});

test('decoder robustness: every truncation and 10,000 mutations of the DC replies', () => {
  const samples = [...frames(receivedStream(dc389), ldapFramer), ...frames(receivedStream(dc3268), ldapFramer)];
  const decode = (b: Buffer) => {
    decodeLdapMessages(b);
    ldapFramer(b);
  };
  const t = truncationFuzz(samples, decode);
  const m = mutationFuzz(samples, decode, 10_000, 389);
  assert.ok(t.rejected > 0);
  assert.equal(m.runs, 10_000);
});

function received(c: ReturnType<typeof loadCapture>): Buffer[] {
  return c.exchanges.filter((e) => e.direction === 'received').map((e) => e.bytes);
}
