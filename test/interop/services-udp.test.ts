/**
 * The UDP service modules against the lab's servers, compared with stock clients: NTP (chronyd -Q
 * for the offset), TFTP (curl tftp://), IKE on 500 and 4500 (ike-scan, IKEv1 and IKEv2).
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ntpModule } from '../../src/protocols/ntp/module.js';
import { runTftp } from '../../src/protocols/tftp/module.js';
import { ikeNatTModule, isakmpModule } from '../../src/protocols/isakmp/module.js';
import type { ModuleResult, ProtocolModule } from '../../src/protocols/types.js';
import { loadLab, requireLabClient } from './lab.js';
import { run, runOk } from './lab-exec.js';
import { openSocketChannel } from './services-socket-channel.js';
import { portqJson } from './services-cli.js';

const lab = loadLab();
const svc = lab.host('svc');
before(requireLabClient);

async function runUdp(m: ProtocolModule, port: number, address = svc.ipv4): Promise<ModuleResult> {
  const ch = await openSocketChannel({ transport: 'udp', address, port, timeoutMs: 3000 });
  try {
    return await m.run(ch);
  } finally {
    ch.close();
  }
}

for (const family of [4, 6] as const) {
  test(`NTP (IPv${family}): chronyd's stratum 10 and local reference; offset agrees with chronyd -Q`, async () => {
    const address = family === 4 ? svc.ipv4 : svc.ipv6;
    const r = await runUdp(ntpModule, 123, address);
    assert.equal(r.listening, true);
    assert.equal(r.fields.stratum, 10);
    assert.equal(r.fields.referenceId, '127.127.1.1', "chrony's reference ID for its local clock");
    // chronyd -Q reports on stderr.
    const out = await run('chronyd', ['-Q', '-f', '/dev/null', `server ${address} iburst maxsamples 1`], { timeoutMs: 15_000 });
    const q = out.stdout + out.stderr;
    const theirs = Number(/wrong by (-?[\d.]+) seconds/.exec(q)?.[1]) * 1000;
    assert.ok(Number.isFinite(theirs), q);
    // Both read the same machine clock through the same server: offsets within 50 ms.
    assert.ok(Math.abs((r.fields.offsetMs as number) - theirs) < 50, `portq ${r.fields.offsetMs} ms, chronyd ${theirs} ms`);
  });
}

test('TFTP: DATA for the lab file with the bytes curl fetches; ERROR 1 like curl for a missing one', async () => {
  const open = async () => openSocketChannel({ transport: 'udp', address: svc.ipv4, port: 69, anyReplyPort: true });
  let ch = await open();
  const data = await runTftp(ch, lab.tftp.file).finally(() => ch.close());
  const fetched = await runOk('curl', ['-s', '--max-time', '5', `tftp://${svc.ipv4}/${lab.tftp.file}`]);
  assert.equal(data.fields.reply, 'DATA');
  assert.equal(`${data.fields.preview}\n`, fetched);
  assert.equal(data.fields.bytes, Buffer.byteLength(lab.tftp.content));
  ch = await open();
  const missing = await runTftp(ch, 'portq-no-such-file').finally(() => ch.close());
  const curl = await run('curl', ['-s', '--max-time', '5', `tftp://${svc.ipv4}/portq-no-such-file`]);
  assert.equal(missing.fields.reply, 'ERROR');
  assert.equal(missing.fields.errorCode, 1);
  assert.equal(curl.code, 68, 'curl: TFTP file not found');
});

for (const [name, m, port] of [['isakmp 500', isakmpModule, 500], ['NAT-T 4500', ikeNatTModule, 4500]] as const) {
  test(`IKE ${name}: charon refuses both versions with NO_PROPOSAL_CHOSEN, as ike-scan reports`, async () => {
    const r = await runUdp(m, port);
    assert.equal(r.listening, true);
    const v2 = r.fields.ikev2 as { notifications: string[] };
    const v1 = r.fields.ikev1 as { notifications: string[] } | null;
    assert.deepEqual(v2.notifications, ['NO_PROPOSAL_CHOSEN']);
    if (port === 500) {
      assert.deepEqual(v1?.notifications, ['NO-PROPOSAL-CHOSEN']);
      const s1 = await runOk('ike-scan', [svc.ipv4]);
      const s2 = await runOk('ike-scan', ['--ikev2', svc.ipv4]);
      assert.match(s1, /Notify message 14 \(NO-PROPOSAL-CHOSEN\)/);
      assert.match(s2, /Notify message 14 \(NO_PROPOSAL_CHOSEN\)/);
    }
  });
}

test('CLI: NTP, IKE and NAT-T ports are LISTENING through their queries', async () => {
  const results = await portqJson(['-n', svc.ipv4, '-p', 'udp', '-o', '123,500,4500']);
  assert.deepEqual(results.map((r) => [r.port, r.state, r.reason, r.query?.protocol]), [
    [123, 'LISTENING', 'protocol-reply', 'ntp'],
    [500, 'LISTENING', 'protocol-reply', 'isakmp'],
    [4500, 'LISTENING', 'protocol-reply', 'ike-nat-t'],
  ]);
});

test(
  'CLI: TFTP udp/69 is LISTENING (the engine honours udpReplyFromAnyPort: tftpd answers from a new port, RFC 1350 4)',
  async () => {
    const [r] = await portqJson(['-n', svc.ipv4, '-p', 'udp', '-e', '69']);
    assert.equal(r!.state, 'LISTENING');
    assert.equal(r!.query?.fields.reply, 'ERROR');
  },
);
