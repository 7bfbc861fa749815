import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headRequest, hostHeader, httpModule } from '../../../src/protocols/http/module.js';
import { parseResponseHead, responseHeadFramer } from '../../../src/protocols/http/response-head.js';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import { fakeChannel } from '../../helpers/fake-channel.js';
import { loadTranscript } from '../../helpers/transcript.js';
import { fuzzDecoder } from '../../helpers/fuzz-decoder.js';

const transcript = (name: string) => loadTranscript(new URL(`./fixtures/${name}`, import.meta.url));

test('HEAD / with the Host header of RFC 9110 7.2', () => {
  assert.equal(hostHeader('www.example', 80, 80), 'www.example');
  assert.equal(hostHeader('www.example', 8080, 80), 'www.example:8080');
  assert.equal(hostHeader('fd00::1', 443, 443), '[fd00::1]');
  assert.match(headRequest('h').toString(), /^HEAD \/ HTTP\/1\.1\r\nHost: h\r\n.*Connection: close\r\n\r\n$/s);
});

test('busybox httpd: status, headers; the body it wrongly sends to HEAD is left alone', async () => {
  const t = transcript('busybox-httpd-head.json');
  const ch = fakeChannel({ transport: 'tcp', port: 80, replies: t.received, host: '10.231.0.60' });
  const r = await httpModule.run(ch);
  assert.match(ch.sent[0]!.toString(), /^HEAD \/ HTTP\/1\.1\r\nHost: 10\.231\.0\.60\r\n/);
  assert.equal(r.fields.status, 200);
  assert.equal(r.fields.server, null);
  assert.equal((r.fields.headers as Record<string, string>)['content-type'], 'text/html');
  assert.equal(r.summary, 'HTTP 200 OK');
});

test('response head parsing: folding, repeated fields, bad lines', () => {
  const h = parseResponseHead(Buffer.from('HTTP/1.0 301 Moved\r\nServer: x\r\nSet-Cookie: a\r\nSet-Cookie: b\r\nX-Long: one\r\n two\r\n\r\n'));
  assert.equal(h.status, 301);
  assert.deepEqual(h.headers.filter(([n]) => n === 'set-cookie').length, 2);
  assert.equal(h.headers.find(([n]) => n === 'x-long')?.[1], 'one two');
  assert.throws(() => parseResponseHead(Buffer.from('HTTP/1.1 2000 OK\r\n\r\n')), DecodeError);
  assert.throws(() => parseResponseHead(Buffer.from('HTTP/1.1 200 OK\r\nbad line\r\n\r\n')), DecodeError);
  assert.throws(() => responseHeadFramer(Buffer.from('SSH-2.0-OpenSSH')), DecodeError);
  assert.equal(responseHeadFramer(Buffer.from('HTTP/1.1 200 OK\r\n')), null);
});

test('fuzz: framer + head parser, truncations and 10,000 mutations', () => {
  const samples = transcript('busybox-httpd-head.json').received;
  const decode = (bytes: Buffer) => {
    const n = responseHeadFramer(bytes);
    return n === null ? null : parseResponseHead(bytes.subarray(0, n));
  };
  assert.equal(fuzzDecoder(decode, samples, { mutations: 10_000, seed: 80 }).mutations, 10_000);
});
