/**
 * The DNS module against the lab's dnsmasq (authoritative only) and Samba's internal DNS, over
 * UDP and TCP, compared with dig: rcode, the aa/ra/tc flags, the identity answers (version.bind,
 * id.server) and the Extended DNS Error dnsmasq attaches on TCP.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { dnsModule } from '../../src/protocols/dns/module.js';
import { loadLab, requireLabClient } from './lab.js';
import { run } from './lab-exec.js';
import { openSocketChannel } from './services-socket-channel.js';
import { portqJson } from './services-cli.js';

const lab = loadLab();
before(requireLabClient);

interface DigView {
  status: string;
  flags: string[];
  ede: number | null;
}

async function dig(server: string, args: string[]): Promise<DigView> {
  const r = await run('dig', [`@${server}`, '+tries=1', '+time=3', ...args]);
  const status = /status: (\w+)/.exec(r.stdout)?.[1];
  const flags = /;; flags: ([a-z ]*);/.exec(r.stdout)?.[1];
  if (!status || flags === undefined) throw new Error(`dig ${args.join(' ')} @${server}: no answer\n${r.stdout}${r.stderr}`);
  const ede = /; EDE: (\d+)/.exec(r.stdout)?.[1];
  return { status, flags: flags.trim().split(/\s+/), ede: ede ? Number(ede) : null };
}

const servers = [
  ['dnsmasq', lab.host('dns').ipv4],
  ['Samba', lab.host('dc').ipv4],
  ['dnsmasq (IPv6)', lab.host('dns').ipv6],
] as const;

for (const [name, address] of servers) {
  for (const transport of ['udp', 'tcp'] as const) {
    test(`${name} over ${transport.toUpperCase()}: rcode, flags and identity as dig sees them`, async () => {
      const ask = async () => {
        const ch = await openSocketChannel({ transport, address, port: 53, timeoutMs: 3000 });
        return dnsModule.run(ch).finally(() => ch.close());
      };
      const edeOf = (answer: Awaited<ReturnType<typeof ask>>) => (answer.fields.extendedErrors as { infoCode: number }[])[0]?.infoCode ?? null;
      const tcp = transport === 'tcp' ? ['+tcp'] : [];
      // dig sets AD in queries by default; portq does not: compare without it.
      const digMain = () => dig(address, [...tcp, '+noad', '+nsid', '.', 'NS']);
      const r = await ask();
      assert.equal(r.listening, true);
      const main = await digMain();
      assert.equal(r.fields.rcode, main.status);
      const flags = r.fields.flags as Record<string, boolean>;
      for (const f of ['aa', 'ra', 'tc', 'rd'] as const) assert.equal(flags[f], main.flags.includes(f), `flag ${f}`);
      // dnsmasq 2.90 adds Extended DNS Error 17 (Filtered) to about one REFUSED answer in twelve,
      // whoever asks (dig too): ask both again until they agree; a parsing fault never would.
      const seen = [`portq ${edeOf(r)} dig ${main.ede}`];
      let agreed = edeOf(r) === main.ede;
      for (let round = 0; !agreed && round < 5; round++) {
        const again = await ask();
        const digAgain = await digMain();
        agreed = edeOf(again) === digAgain.ede;
        seen.push(`portq ${edeOf(again)} dig ${digAgain.ede}`);
      }
      assert.ok(agreed, `extended DNS error: ${seen.join('; ')}`);
      const identity = r.fields.identity as Record<string, { rcode: string; text: string | null } | null>;
      for (const id of ['version.bind', 'id.server']) {
        const theirs = await dig(address, [...tcp, 'CH', 'TXT', id]);
        assert.equal(identity[id]?.rcode, theirs.status, id);
      }
    });
  }
}

test('CLI: TCP and UDP 53 are LISTENING with the DNS answer in the JSON', async () => {
  const results = await portqJson(['-n', lab.host('dns').ipv4, '-p', 'both', '-e', '53']);
  assert.equal(results.length, 2);
  for (const r of results) {
    assert.equal(r.state, 'LISTENING');
    assert.equal(r.query?.protocol, 'dns');
    assert.equal(r.query?.fields.rcode, 'REFUSED');
  }
});
