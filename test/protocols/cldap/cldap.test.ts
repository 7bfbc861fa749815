import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import { decodeLdapMessages } from '../../../src/protocols/ldap/ldap-messages.js';
import { readChildren, readElement, readString } from '../../../src/protocols/ber/ber-reader.js';
import { PING_NT_VERSION, decodeSamLogonResponseEx, encodeLdapPing } from '../../../src/protocols/cldap/netlogon-response.js';
import { cldapModule } from '../../../src/protocols/cldap/module.js';
import { fakeChannel } from '../../helpers/fake-channel.js';
import { loadCapture, received } from '../windows-shared/lab-capture.js';
import { mutationFuzz, truncationFuzz } from '../../helpers/fuzz-decoder.js';

const capture = loadCapture('cldap', 'samba-dc-udp389');
const [pingReply, rootDseReply] = received(capture);

function netlogonValue(): Buffer {
  const entry = decodeLdapMessages(pingReply)[0];
  assert.equal(entry.op, 'searchResEntry');
  if (entry.op !== 'searchResEntry') throw new Error('unreachable');
  assert.equal(entry.attributes[0].type.toLowerCase(), 'netlogon');
  return entry.attributes[0].values[0];
}

test('the LDAP ping asks base "" for Netlogon with (&(NtVer=...)) ([MS-ADTS] 6.3.3.1)', () => {
  const ping = encodeLdapPing(1);
  assert.deepEqual(ping, capture.exchanges[0].bytes, 'what portq sent the DC');
  const top = readElement(ping, 0);
  const [, op] = readChildren(ping, top);
  assert.equal(op.tagClass, 'application');
  assert.equal(op.tagNumber, 3);
  const fields = readChildren(ping, op);
  const filter = fields[6];
  assert.equal(filter.tagClass, 'context');
  assert.equal(filter.tagNumber, 0, 'and');
  const [ntVer] = readChildren(ping, filter);
  const [attr, value] = readChildren(ping, ntVer);
  assert.equal(readString(ping, attr), 'NtVer');
  assert.equal(Buffer.from(ping.subarray(value.contentStart, value.end)).readUInt32LE(0), PING_NT_VERSION);
  const attrs = readChildren(ping, fields[7]).map((a) => readString(ping, a));
  assert.deepEqual(attrs, ['Netlogon']);
  const withDomain = encodeLdapPing(2, { dnsDomain: 'lab.portq.test' });
  assert.ok(withDomain.includes(Buffer.from('DnsDomain')));
});

test('NETLOGON_SAM_LOGON_RESPONSE_EX from the Samba DC', () => {
  const r = decodeSamLogonResponseEx(netlogonValue());
  assert.equal(r.opcodeName, 'LOGON_SAM_LOGON_RESPONSE_EX');
  assert.equal(r.dnsForestName, 'lab.portq.test');
  assert.equal(r.dnsDomainName, 'lab.portq.test');
  assert.equal(r.dnsHostName, 'dc1.lab.portq.test');
  assert.equal(r.netbiosDomainName, 'LAB');
  assert.equal(r.netbiosComputerName, 'DC1');
  assert.equal(r.dcSiteName, 'Default-First-Site-Name');
  assert.equal(r.clientSiteName, 'Default-First-Site-Name');
  assert.equal(r.dcAddress, '10.231.0.20');
  for (const f of ['PDC', 'GC', 'LDAP', 'DS', 'KDC', 'WRITABLE']) assert.ok(r.flagNames.includes(f), f);
  assert.equal(r.lmNtToken, 0xffff);
  assert.equal(r.lm20Token, 0xffff);
  assert.match(r.domainGuid, /^[0-9a-f]{8}-[0-9a-f]{4}-/);
});

/** Hand-built response: compressed names sharing a suffix by pointer (RFC 1035 4.1.4). */
function handBuilt(names: Buffer, tail = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(24);
  head.writeUInt16LE(23, 0);
  head.writeUInt32LE(0x1fd, 4);
  const trailer = Buffer.from([0x05, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
  return Buffer.concat([head, names, tail, trailer]);
}

test('compressed names follow backward pointers and refuse loops', () => {
  // forest "ad.test" at 24; domain -> pointer to 24; host "dc" + pointer to 24; then 5 empty names
  const names = Buffer.concat([
    Buffer.from([2, 0x61, 0x64, 4, 0x74, 0x65, 0x73, 0x74, 0]),
    Buffer.from([0xc0, 24]),
    Buffer.from([2, 0x64, 0x63, 0xc0, 24]),
    Buffer.from([0, 0, 0, 0, 0]),
  ]);
  const r = decodeSamLogonResponseEx(handBuilt(names));
  assert.equal(r.dnsForestName, 'ad.test');
  assert.equal(r.dnsDomainName, 'ad.test');
  assert.equal(r.dnsHostName, 'dc.ad.test');
  assert.equal(r.dcAddress, null);
  // a pointer to itself, and one pointing forward
  assert.throws(() => decodeSamLogonResponseEx(handBuilt(Buffer.from([0xc0, 24, 0, 0, 0, 0, 0, 0, 0]))), DecodeError);
  assert.throws(() => decodeSamLogonResponseEx(handBuilt(Buffer.from([0xc0, 30, 0, 0, 0, 0, 0, 0, 0]))), DecodeError);
  // next closest site after the socket address
  const sock = Buffer.from([16, 2, 0, 0, 0, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  const withSite = decodeSamLogonResponseEx(handBuilt(Buffer.alloc(8), Buffer.concat([sock, Buffer.from([4, 0x53, 0x69, 0x74, 0x65, 0])])));
  assert.equal(withSite.dcAddress, '10.0.0.1');
  assert.equal(withSite.nextClosestSiteName, 'Site');
  assert.throws(() => decodeSamLogonResponseEx(Buffer.from([19, 0, 0, 0])), DecodeError);
});

test('the UDP module reports the netlogon ping and the root DSE in one answer', async () => {
  const r = await cldapModule.run(fakeChannel({ transport: 'udp', port: 389, replies: [pingReply, rootDseReply] }));
  assert.equal(r.listening, true);
  assert.match(r.summary, /^DC dc1\.lab\.portq\.test of lab\.portq\.test \(PDC GC KDC WRITABLE\); root DSE/);
  assert.match(r.text, /^CLDAP netlogon \(LDAP ping\) response:/);
  assert.match(r.text, /Domain controller: +dc1\.lab\.portq\.test/);
  assert.match(r.text, /LDAP query response:[\s\S]*======== End of LDAP query response ========$/);
  const netlogon = r.fields.netlogon as { netbiosDomainName: string };
  assert.equal(netlogon.netbiosDomainName, 'LAB');
});

test('a late datagram for another message is skipped; no root DSE answer still leaves the ping', async () => {
  const r = await cldapModule.run(fakeChannel({ transport: 'udp', port: 389, replies: [rootDseReply, pingReply] }));
  // rootDseReply answers message 2, arrives first while waiting for 1: skipped, then nothing for 2
  assert.equal(r.listening, true);
  assert.ok(r.fields.netlogon);
  assert.equal(r.fields.rootDse, null);
  assert.match(String(r.fields.rootDseError), /timed out/);
});

test('decoder robustness: truncations and 10,000 mutations of the ping reply, its Netlogon value and the root DSE datagram', () => {
  const value = netlogonValue();
  const t1 = truncationFuzz([value], decodeSamLogonResponseEx);
  const m1 = mutationFuzz([value], decodeSamLogonResponseEx, 10_000, 0xc1da9);
  const t2 = truncationFuzz([pingReply, rootDseReply], decodeLdapMessages);
  const m2 = mutationFuzz([pingReply, rootDseReply], decodeLdapMessages, 10_000, 0x389);
  assert.equal(m1.runs + m2.runs, 20_000);
  assert.ok(t1.rejected > 0 && t2.rejected > 0);
});
