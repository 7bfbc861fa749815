/**
 * HTTP and HTTPS modules. HTTP against the lab's busybox httpd, compared with curl -I. HTTPS: the
 * lab has no TLS web server, so this test starts Python's standard http.server behind ssl on the
 * client namespace's loopback (a throw-away certificate from openssl), and compares portq with
 * curl -kI (status, Server) and openssl s_client (protocol, cipher, certificate fingerprint).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { httpModule, httpsModule } from '../../src/protocols/http/module.js';
import type { ModuleResult, ProtocolModule } from '../../src/protocols/types.js';
import { loadLab, requireLabClient } from './lab.js';
import { run, runOk } from './lab-exec.js';
import { openSocketChannel } from './services-socket-channel.js';
import { portqJson } from './services-cli.js';

const lab = loadLab();
const svc = lab.host('svc');
let server: ChildProcess | null = null;
let httpsPort = 0;
let certPath = '';
const dir = mkdtempSync(join(tmpdir(), 'portq-https-'));

before(async () => {
  requireLabClient();
  certPath = join(dir, 'cert.pem');
  await runOk('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', '/CN=portq-https-test', '-addext', 'subjectAltName=DNS:portq-https-test', '-keyout', join(dir, 'key.pem'), '-out', certPath]);
  writeFileSync(join(dir, 'index.html'), 'portq https\n');
  const script = [
    'import http.server, ssl, sys',
    "srv = http.server.HTTPServer(('127.0.0.1', 0), http.server.SimpleHTTPRequestHandler)",
    'ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)',
    'ctx.load_cert_chain(sys.argv[1], sys.argv[2])',
    'srv.socket = ctx.wrap_socket(srv.socket, server_side=True)',
    'print(srv.server_address[1], flush=True)',
    'srv.serve_forever()',
  ].join('\n');
  server = spawn('/usr/bin/python3', ['-c', script, certPath, join(dir, 'key.pem')], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
  httpsPort = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('python https server did not start')), 10_000);
    server!.stdout!.once('data', (d: Buffer) => {
      clearTimeout(t);
      resolve(Number(d.toString().trim()));
    });
  });
});

after(() => {
  server?.kill('SIGTERM');
});

async function runTcp(m: ProtocolModule, address: string, port: number, host?: string): Promise<ModuleResult> {
  const ch = await openSocketChannel({ transport: 'tcp', address, port, timeoutMs: 5000, ...(host ? { host } : {}) });
  try {
    return await m.run(ch);
  } finally {
    ch.close();
  }
}

function curlHead(out: string): { status: number; server: string | null } {
  const status = Number(/^HTTP\/[\d.]+ (\d{3})/m.exec(out)?.[1]);
  return { status, server: /^server: (.*)\r?$/im.exec(out)?.[1]?.trim() ?? null };
}

test('HTTP: HEAD / on busybox httpd gives what curl -I gives', async () => {
  const r = await runTcp(httpModule, svc.ipv4, 80);
  const theirs = curlHead(await runOk('curl', ['-sI', '--max-time', '5', `http://${svc.ipv4}/`]));
  assert.equal(r.fields.status, theirs.status);
  assert.equal(r.fields.server, theirs.server);
  assert.equal((r.fields.headers as Record<string, string>)['content-length'], String(Buffer.byteLength(lab.http.body)));
});

test('HTTPS: TLS session and certificate as openssl s_client sees them, HEAD as curl -kI', async () => {
  const r = await runTcp(httpsModule, '127.0.0.1', httpsPort);
  const theirs = curlHead(await runOk('curl', ['-skI', '--max-time', '5', `https://127.0.0.1:${httpsPort}/`]));
  assert.equal(r.fields.status, theirs.status);
  assert.equal(r.fields.server, theirs.server);
  assert.match(String(r.fields.server), /^SimpleHTTP\/.* Python\//);
  const s = await run('openssl', ['s_client', '-connect', `127.0.0.1:${httpsPort}`], { input: '', timeoutMs: 10_000 });
  const session = /New, (TLSv[\d.]+), Cipher is (\S+)/.exec(s.stdout);
  assert.ok(session, s.stdout);
  const fp = (await runOk('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', certPath])).trim().replace(/^.*=/, '');
  const tls = r.fields.tls as Record<string, any>;
  assert.equal(tls.protocol, session[1]);
  assert.equal(tls.cipher, session[2]);
  assert.equal(tls.fingerprint256, fp);
  assert.equal(tls.subject, 'CN=portq-https-test');
  assert.deepEqual(tls.subjectAltNames, ['DNS:portq-https-test']);
  assert.equal(tls.selfSigned, true);
  assert.match(r.text, /^TLS: TLSv1\.3, cipher /);
});

test('CLI: the services file names the port https, so portq speaks TLS there', async () => {
  writeFileSync(join(dir, 'services'), `https ${httpsPort}/tcp\n`);
  const [r] = await portqJson(['-n', '127.0.0.1', '-e', String(httpsPort), '--services-file', join(dir, 'services')]);
  assert.equal(r!.state, 'LISTENING');
  assert.equal(r!.query?.protocol, 'https');
  assert.equal(r!.query?.fields.status, 200);
  const [plain] = await portqJson(['-n', svc.ipv4, '-e', '80']);
  assert.equal(plain!.query?.protocol, 'http');
  assert.equal(plain!.query?.fields.status, 200);
});
