/**
 * The mail and FTP modules against the lab's dovecot (SMTP submission on 25/587, POP3 110/995,
 * IMAP 143/993) and vsftpd, compared with Python's standard-library clients (smtplib, poplib,
 * imaplib, ftplib) for banners and capabilities, and with openssl s_client for the TLS session
 * and certificate after STARTTLS/STLS or implicit TLS.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ftpModule } from '../../src/protocols/ftp/module.js';
import { imapModule, imapsModule, pop3Module, pop3sModule, smtpModule } from '../../src/protocols/mail/modules.js';
import type { ModuleResult, ProtocolModule } from '../../src/protocols/types.js';
import { loadLab, requireLabClient } from './lab.js';
import { run, runOk } from './lab-exec.js';
import { openSocketChannel } from './services-socket-channel.js';
import { portqJson, portqText } from './services-cli.js';

const lab = loadLab();
const svc = lab.host('svc');
before(requireLabClient);

async function runModule(m: ProtocolModule, port: number, address = svc.ipv4): Promise<ModuleResult> {
  const ch = await openSocketChannel({ transport: 'tcp', address, port, timeoutMs: 5000 });
  try {
    return await m.run(ch);
  } finally {
    ch.close();
  }
}

async function python(script: string, ...args: string[]): Promise<any> {
  return JSON.parse(await runOk('/usr/bin/python3', ['-c', script, ...args]));
}

/** openssl s_client's view of a TLS endpoint: protocol, cipher and the leaf's SHA-256 fingerprint. */
async function sClient(port: number, starttls?: string): Promise<{ protocol: string; cipher: string; fingerprint: string }> {
  const r = await run('openssl', ['s_client', '-connect', `${svc.ipv4}:${port}`, ...(starttls ? ['-starttls', starttls] : [])], { input: '', timeoutMs: 10_000 });
  const m = /New, (TLSv[\d.]+), Cipher is (\S+)/.exec(r.stdout);
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(r.stdout)?.[0];
  if (!m || !pem) throw new Error(`openssl s_client gave no session for port ${port}:\n${r.stdout}\n${r.stderr}`);
  const fp = await runOk('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], { input: pem });
  return { protocol: m[1]!, cipher: m[2]!, fingerprint: fp.trim().replace(/^.*=/, '') };
}

function assertTls(fields: Record<string, any>, theirs: { protocol: string; cipher: string; fingerprint: string }) {
  assert.equal(fields.tls.protocol, theirs.protocol);
  assert.equal(fields.tls.cipher, theirs.cipher);
  assert.equal(fields.tls.fingerprint256, theirs.fingerprint);
  assert.match(fields.tls.subject, /CN=svc\.lab\.portq\.test/);
  assert.equal(fields.tls.selfSigned, true);
}

for (const port of [25, 587]) {
  test(`SMTP ${port}: banner, EHLO keywords as smtplib sees them, STARTTLS session as openssl's`, async () => {
    const r = await runModule(smtpModule, port);
    assert.equal(r.fields.banner, lab.mail.smtpBanner);
    const features = await python(
      'import json,smtplib,sys\ns=smtplib.SMTP(sys.argv[1],int(sys.argv[2]),timeout=5)\ns.ehlo("portq.invalid")\nprint(json.dumps(list(s.esmtp_features)))\ns.quit()',
      svc.ipv4, String(port),
    );
    const ours = (r.fields.capabilities as string[]).map((k) => k.split(' ')[0]!.toLowerCase());
    assert.deepEqual([...ours].sort(), [...(features as string[])].sort());
    assert.equal(r.fields.starttls, true);
    assertTls(r.fields, await sClient(port, 'smtp'));
    assert.ok((r.fields.capabilitiesAfterTls as string[]).includes('AUTH PLAIN'), 'AUTH PLAIN only after TLS');
  });
}

test('POP3 110: banner and CAPA as poplib sees them, STLS session as openssl s_client -starttls pop3', async () => {
  const r = await runModule(pop3Module, 110);
  const theirs = await python(
    'import json,poplib,sys\np=poplib.POP3(sys.argv[1],110,timeout=5)\nprint(json.dumps({"welcome":p.getwelcome().decode(),"capa":list(p.capa().keys())}))\np.quit()',
    svc.ipv4,
  );
  assert.equal(r.fields.banner, theirs.welcome);
  assert.deepEqual((r.fields.capabilities as string[]).map((c) => c.split(' ')[0]).sort(), [...theirs.capa].sort());
  assertTls(r.fields, await sClient(110, 'pop3'));
});

test('IMAP 143: greeting and CAPABILITY as imaplib sees them, STARTTLS session as openssl s_client -starttls imap', async () => {
  const r = await runModule(imapModule, 143);
  const caps = await python(
    'import json,imaplib,sys\nm=imaplib.IMAP4(sys.argv[1],143,timeout=5)\nprint(json.dumps(list(m.capabilities)))\nm.logout()',
    svc.ipv4,
  );
  // imaplib upper-cases capability names (RFC 3501: they are case-insensitive).
  assert.deepEqual((r.fields.capabilities as string[]).map((c) => c.toUpperCase()).sort(), [...caps].sort());
  assertTls(r.fields, await sClient(143, 'imap'));
});

test('implicit TLS 993 and 995: the same certificate and session as openssl s_client', async () => {
  const imaps = await runModule(imapsModule, 993);
  assertTls(imaps.fields, await sClient(993));
  assert.ok((imaps.fields.capabilities as string[]).includes('AUTH=PLAIN'));
  const pop3s = await runModule(pop3sModule, 995);
  assertTls(pop3s.fields, await sClient(995));
  assert.equal(pop3s.fields.banner, '+OK Dovecot ready.');
});

test('FTP 21: banner as ftplib sees it, anonymous login accepted, FEAT list', async () => {
  const r = await runModule(ftpModule, 21);
  const theirs = await python(
    'import json,ftplib,sys\nf=ftplib.FTP(sys.argv[1],timeout=5)\nw=f.getwelcome()\nl=f.login()\ns=f.sendcmd("SYST")\nprint(json.dumps({"welcome":w,"login":l,"syst":s}))\nf.quit()',
    svc.ipv4,
  );
  assert.equal(r.fields.banner, theirs.welcome);
  assert.equal(r.fields.banner, lab.ftp.banner);
  assert.equal((r.fields.anonymous as { loggedIn: boolean }).loggedIn, theirs.login.startsWith('230'));
  assert.equal(`215 ${r.fields.system}`, theirs.syst);
  assert.ok((r.fields.features as string[]).includes('EPSV'));
});

test('CLI: mail preset ports print "Data returned from port:" with the banners (PortQry text)', async () => {
  const text = await portqText(['-n', svc.ipv4, '-o', '21,25,110,143']);
  for (const banner of [lab.ftp.banner, lab.mail.smtpBanner, '+OK Dovecot ready.', '* OK [CAPABILITY']) {
    assert.ok(text.includes(banner), `missing ${banner}`);
  }
  assert.ok((text.match(/Data returned from port:/g) ?? []).length >= 4);
  const [imaps] = await portqJson(['-n', svc.ipv4, '-e', '993']);
  assert.equal(imaps!.query?.protocol, 'imaps');
  assert.equal(imaps!.query?.fields.tls.selfSigned, true);
});
