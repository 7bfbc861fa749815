import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imapModule, imapsModule, pop3Module, smtpModule } from '../../../src/protocols/mail/modules.js';
import { capabilitiesIn } from '../../../src/protocols/mail/imap.js';
import { fakeChannel } from '../../helpers/fake-channel.js';
import { loadTranscript } from '../../helpers/transcript.js';
import { fuzzDecoder } from '../../helpers/fuzz-decoder.js';
import { linesUntil } from '../../../src/protocols/text-reply/lines.js';

const transcript = (name: string) => loadTranscript(new URL(`./fixtures/${name}`, import.meta.url));

test('SMTP (dovecot submission): banner, EHLO keywords, STARTTLS offered; the TLS failure is reported, not thrown', async () => {
  const t = transcript('dovecot-submission-25.json');
  const ch = fakeChannel({ transport: 'tcp', port: 25, replies: t.received });
  const r = await smtpModule.run(ch);
  assert.deepEqual(ch.sent.map((s) => s.toString()), ['EHLO portq.invalid\r\n', 'STARTTLS\r\n']);
  assert.equal(r.listening, true);
  assert.match(r.text, /^Data returned from port:\n220 svc\.lab\.portq\.test Dovecot ready\.\n/);
  assert.deepEqual(r.fields.capabilities, ['8BITMIME', 'AUTH', 'BURL imap', 'CHUNKING', 'ENHANCEDSTATUSCODES', 'SIZE', 'STARTTLS', 'PIPELINING']);
  assert.equal(r.fields.starttls, true);
  assert.match(String(r.fields.tlsError), /fake channel has no TLS/);
  assert.match(r.summary, /^220 svc\.lab\.portq\.test Dovecot ready\., 8 EHLO keyword\(s\), STARTTLS$/);
});

test('SMTP: EHLO refused falls back to HELO; 554 greeting is "no service"', async () => {
  const ch = fakeChannel({ transport: 'tcp', port: 25, replies: [Buffer.from('220 old\r\n'), Buffer.from('502 no\r\n'), Buffer.from('250 hi\r\n'), Buffer.from('221 bye\r\n')] });
  const r = await smtpModule.run(ch);
  assert.equal(r.fields.usedHelo, true);
  assert.equal(r.fields.starttls, false);
  assert.equal(ch.sent.at(-1)!.toString(), 'QUIT\r\n');
  const refused = await smtpModule.run(fakeChannel({ transport: 'tcp', port: 25, replies: [Buffer.from('554 go away\r\n')] }));
  assert.match(refused.summary, /no service/);
});

test('POP3 (dovecot): banner, CAPA, STLS offered', async () => {
  const t = transcript('dovecot-pop3-110.json');
  const ch = fakeChannel({ transport: 'tcp', port: 110, replies: t.received });
  const r = await pop3Module.run(ch);
  assert.deepEqual(ch.sent.map((s) => s.toString()), ['CAPA\r\n', 'STLS\r\n']);
  assert.equal(r.fields.banner, '+OK Dovecot ready.');
  assert.ok((r.fields.capabilities as string[]).includes('STLS'));
  assert.equal(r.fields.stls, true);
});

test('POP3: -ERR to CAPA means no CAPA; a non-POP3 greeting is a decode error', async () => {
  const ch = fakeChannel({ transport: 'tcp', port: 110, replies: [Buffer.from('+OK hi\r\n'), Buffer.from('-ERR what\r\n'), Buffer.from('+OK bye\r\n')] });
  const r = await pop3Module.run(ch);
  assert.equal(r.fields.capabilities, null);
  assert.match(r.text, /CAPA: not supported/);
  await assert.rejects(pop3Module.run(fakeChannel({ transport: 'tcp', port: 110, replies: [Buffer.from('220 smtp\r\n')] })), /not a POP3 status line/);
});

test('IMAP (dovecot): greeting, CAPABILITY, STARTTLS offered, LOGINDISABLED before TLS', async () => {
  const t = transcript('dovecot-imap-143.json');
  const ch = fakeChannel({ transport: 'tcp', port: 143, replies: t.received });
  const r = await imapModule.run(ch);
  assert.deepEqual(ch.sent.map((s) => s.toString()), ['pq1 CAPABILITY\r\n', 'pq2 STARTTLS\r\n']);
  assert.equal(r.fields.greeting, 'OK');
  assert.ok((r.fields.capabilities as string[]).includes('LOGINDISABLED'));
  assert.equal(r.fields.starttls, true);
  assert.match(r.summary, /^\* OK Dovecot ready\., 9 capabilities, STARTTLS$/);
});

test('IMAP: capability parsing from the response code and the untagged line', () => {
  assert.deepEqual(capabilitiesIn('* OK [CAPABILITY IMAP4rev1 STARTTLS] hi'), ['IMAP4rev1', 'STARTTLS']);
  assert.deepEqual(capabilitiesIn('* CAPABILITY IMAP4rev2 AUTH=PLAIN'), ['IMAP4rev2', 'AUTH=PLAIN']);
  assert.equal(capabilitiesIn('* OK hi'), null);
});

test('implicit TLS modules need the TLS handshake first (the fake channel has none)', async () => {
  await assert.rejects(imapsModule.run(fakeChannel({ transport: 'tcp', port: 993, replies: [] })), /no TLS/);
});

test('fuzz: IMAP/POP3 framing and capability parsing over real replies, 10,000 mutations', () => {
  const samples = [...transcript('dovecot-imap-143.json').received, ...transcript('dovecot-pop3-110.json').received];
  const framer = linesUntil('imap', (line) => line.startsWith('pq1 ') || line === '.');
  const decode = (bytes: Buffer) => {
    const n = framer(bytes);
    return n === null ? null : bytes.subarray(0, n).toString('latin1').split(/\r?\n/).map(capabilitiesIn);
  };
  assert.equal(fuzzDecoder(decode, samples, { mutations: 10_000, seed: 143 }).mutations, 10_000);
});
