import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ANONYMOUS_PASSWORD, ftpModule } from '../../../src/protocols/ftp/module.js';
import { fakeChannel } from '../../helpers/fake-channel.js';
import { loadTranscript } from '../../helpers/transcript.js';

const transcript = (name: string) => loadTranscript(new URL(`./fixtures/${name}`, import.meta.url));

test('vsftpd: banner as PortQry prints it, FEAT, anonymous login accepted without a password, SYST', async () => {
  const t = transcript('vsftpd-anonymous.json');
  const ch = fakeChannel({ transport: 'tcp', port: 21, replies: t.received });
  const r = await ftpModule.run(ch);
  assert.deepEqual(ch.sent.map((s) => s.toString()), ['FEAT\r\n', 'USER anonymous\r\n', 'SYST\r\n', 'QUIT\r\n']);
  assert.match(r.text, /^Data returned from port:\n220 portq lab FTP\n/);
  assert.deepEqual(r.fields.features, ['EPRT', 'EPSV', 'MDTM', 'PASV', 'REST STREAM', 'SIZE', 'TVFS']);
  assert.equal(r.fields.authTls, false);
  assert.deepEqual((r.fields.anonymous as { loggedIn: boolean }).loggedIn, true);
  assert.equal(r.fields.system, 'UNIX Type: L8');
  assert.equal(r.summary, '220 portq lab FTP, anonymous login allowed');
});

test('331 then PASS with the fixed address-like password; 530 refuses', async () => {
  const ch = fakeChannel({
    transport: 'tcp',
    port: 21,
    replies: ['220-Welcome\r\n multi\r\n220 ready\r\n', '211-Features:\r\n AUTH TLS\r\n211 End\r\n', '331 Please specify the password.\r\n', '530 Login incorrect.\r\n', '221 bye\r\n'].map((s) => Buffer.from(s)),
  });
  const r = await ftpModule.run(ch);
  assert.equal(ch.sent[2]!.toString(), `PASS ${ANONYMOUS_PASSWORD}\r\n`);
  assert.equal(r.fields.authTls, true);
  assert.equal((r.fields.anonymous as { loggedIn: boolean }).loggedIn, false);
  assert.match(r.text, /Anonymous login failed/);
  assert.equal(r.fields.banner, '220-Welcome\n multi\n220 ready');
});

test('a not-ready greeting (421) is reported without logging in', async () => {
  const ch = fakeChannel({ transport: 'tcp', port: 21, replies: [Buffer.from('421 Too many users\r\n')] });
  const r = await ftpModule.run(ch);
  assert.equal(ch.sent.length, 0);
  assert.match(r.summary, /not ready/);
});
