/**
 * The services host's banner and UDP servers, checked with stock clients (curl, openssl,
 * chronyd -Q, ike-scan) or, for plain banners, a bare TCP read.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { before, test } from 'node:test';
import { loadLab, requireLabClient } from './lab.js';
import { run, runOk } from './lab-exec.js';

const lab = loadLab();
const svc = lab.host('svc');
before(requireLabClient);

/** The first line a TCP server sends after the handshake. */
function firstLine(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port });
    let buf = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no banner from ${host}:${port}`));
    }, 5000);
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      buf += d;
      const end = buf.indexOf('\r\n');
      if (end >= 0) {
        clearTimeout(timer);
        sock.destroy();
        resolve(buf.slice(0, end));
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

for (const family of [4, 6] as const) {
  const addr = family === 4 ? svc.ipv4 : svc.ipv6;
  const url = family === 4 ? svc.ipv4 : `[${svc.ipv6}]`;

  test(`banners: FTP, SMTP (25, 587), POP3, IMAP (IPv${family})`, async () => {
    assert.equal(await firstLine(addr, 21), lab.ftp.banner);
    assert.equal(await firstLine(addr, 25), lab.mail.smtpBanner);
    assert.equal(await firstLine(addr, 587), lab.mail.smtpBanner);
    assert.equal(await firstLine(addr, 110), '+OK Dovecot ready.');
    assert.match(await firstLine(addr, 143), /^\* OK \[CAPABILITY IMAP4rev1 .*STARTTLS.*\] Dovecot ready\.$/);
  });

  test(`anonymous FTP serves the lab file (curl, IPv${family})`, async () => {
    const body = await runOk('curl', ['-sS', '--max-time', '5', `ftp://${url}/${lab.ftp.anonymousFile}`]);
    assert.equal(body, lab.ftp.anonymousFileContent);
  });

  test(`HTTP answers 200 with the lab page (curl, IPv${family})`, async () => {
    const out = await runOk('curl', ['-sS', '-i', '--max-time', '5', `http://${url}/`]);
    assert.match(out, /^HTTP\/1\.[01] 200 OK\r\n/);
    assert.ok(out.endsWith(lab.http.body), out);
  });

  test(`TFTP serves the lab file (curl, IPv${family})`, async () => {
    const body = await runOk('curl', ['-sS', '--max-time', '5', `tftp://${url}/${lab.tftp.file}`]);
    assert.equal(body, lab.tftp.content);
  });
}

test('TLS: IMAPS, POP3S and STARTTLS on SMTP, IMAP, POP3 show the lab certificate (openssl s_client)', async () => {
  const cases: [number, string[]][] = [
    [993, []],
    [995, []],
    [25, ['-starttls', 'smtp']],
    [587, ['-starttls', 'smtp']],
    [143, ['-starttls', 'imap']],
    [110, ['-starttls', 'pop3']],
  ];
  for (const [port, extra] of cases) {
    const r = await run('openssl', ['s_client', '-connect', `${svc.ipv4}:${port}`, ...extra], { input: '', timeoutMs: 8000 });
    assert.match(r.stdout, /subject=O ?= ?portq lab, CN ?= ?svc\.lab\.portq\.test/, `port ${port}: ${r.stderr}`);
  }
});

test('NTP: chronyd -Q measures an offset against the lab server (IPv4 and IPv6)', async () => {
  for (const addr of [svc.ipv4, svc.ipv6]) {
    // -Q only prints the offset: the clock is never set.
    const r = await run('chronyd', ['-Q', '-t', '5', '-u', 'root', `server ${addr} iburst maxsamples 1`], { timeoutMs: 8000 });
    assert.match(r.stderr + r.stdout, /System clock wrong by -?[0-9.]+ seconds \(ignored\)/, `${addr}: ${r.stderr}`);
  }
});

test('IKE: charon answers IKEv1 and IKEv2 on udp/500 and, behind the non-ESP marker, on udp/4500 (ike-scan)', async () => {
  for (const extra of [[], ['--ikev2'], ['--nat-t'], ['--ikev2', '--nat-t']]) {
    const out = await runOk('ike-scan', ['-r', '2', ...extra, svc.ipv4]);
    assert.match(out, /Notify message 14 \(NO[-_]PROPOSAL[-_]CHOSEN\)/, `ike-scan ${extra.join(' ')}: ${out}`);
  }
});
