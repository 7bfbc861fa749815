import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numericReplyFramer, parseNumericReply } from '../../../src/protocols/text-reply/numeric-reply.js';
import { lineFramer, linesUntil, MAX_LINE, printable } from '../../../src/protocols/text-reply/lines.js';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import { fuzzDecoder } from '../../helpers/fuzz-decoder.js';

const b = (s: string) => Buffer.from(s, 'latin1');

test('numeric replies: single line, SMTP multi-line, FTP multi-line with free middle lines (RFC 959 4.2)', () => {
  const f = numericReplyFramer('t');
  assert.equal(f(b('220 ready\r\n')), 11);
  assert.equal(f(b('250-a\r\n250-b\r\n')), null);
  assert.equal(f(b('250-a\r\n250 b\r\nxx')), 14);
  const ftp = b('211-Features:\r\n EPSV\r\n211 End\r\n');
  assert.equal(numericReplyFramer('t')(ftp), ftp.length);
  const r = parseNumericReply('t', ftp);
  assert.equal(r.code, 211);
  assert.deepEqual(r.lines, ['Features:', ' EPSV', 'End']);
  assert.equal(numericReplyFramer('t')(b('250\r\n')), 5, 'code alone on the last line');
  assert.equal(numericReplyFramer('t')(b('220 x\n')), 6, 'bare LF accepted');
  assert.throws(() => numericReplyFramer('t')(b('SSH-2.0-x\r\n')), DecodeError);
});

test('framers refuse unbounded lines and replies', () => {
  assert.throws(() => lineFramer('t')(Buffer.alloc(MAX_LINE + 10, 0x41)), DecodeError);
  const endless = linesUntil('t', () => false);
  assert.throws(() => endless(Buffer.from('a\r\n'.repeat(30000))), DecodeError);
});

test('printable keeps text and line breaks, dots the rest', () => {
  assert.equal(printable(Buffer.from([0x41, 0x00, 0x0d, 0x0a, 0xff])), 'A.\r\n.');
});

test('fuzz: framer + parser over real replies, truncations and 10,000 mutations', () => {
  const samples = [
    b('220 svc.lab.portq.test Dovecot ready.\r\n'),
    b('250-svc.lab.portq.test\r\n250-8BITMIME\r\n250-AUTH \r\n250-STARTTLS\r\n250 PIPELINING\r\n'),
    b('211-Features:\r\n EPRT\r\n EPSV\r\n211 End\r\n'),
  ];
  const decode = (bytes: Buffer) => {
    const n = numericReplyFramer('t')(bytes);
    return n === null ? null : parseNumericReply('t', bytes.subarray(0, n));
  };
  const stats = fuzzDecoder(decode, samples, { mutations: 10_000, seed: 25 });
  assert.equal(stats.mutations, 10_000);
});
