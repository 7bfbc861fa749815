/**
 * DNS in the lab: dnsmasq's authoritative zone and the DC's internal DNS, checked with dig.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadLab, requireLabClient } from './lab.js';
import { runOk } from './lab-exec.js';

const lab = loadLab();
before(requireLabClient);

function dig(server: string, ...args: string[]): Promise<string> {
  return runOk('dig', ['+time=2', '+tries=1', `@${server}`, ...args]);
}

for (const family of [4, 6] as const) {
  test(`dnsmasq answers every record of its zone with the authoritative flag (IPv${family})`, async () => {
    const host = lab.host('dns');
    const server = family === 4 ? host.ipv4 : host.ipv6;
    for (const r of lab.dnsmasq.records) {
      const full = await dig(server, '+norec', r.name, r.type);
      assert.match(full, /;; flags: qr aa[ ;]/, `${r.name} ${r.type}: not authoritative`);
      // dig prints names fully qualified ("10 mail.dnslab.portq.test."): compare without the root dot.
      const short = (await dig(server, '+short', r.name, r.type)).trim().split('\n').map((l) => l.replace(/\.$/, ''));
      const want = r.type === 'TXT' ? `"${r.value}"` : r.value;
      assert.ok(short.includes(want), `${r.name} ${r.type}: ${short.join(' | ')} lacks ${want}`);
    }
  });
}

test('dnsmasq refuses names outside its zone (no recursion, no upstream)', async () => {
  const out = await dig(lab.host('dns').ipv4, 'portq.invalid', 'A');
  assert.match(out, /status: REFUSED/);
});

test("the DC's DNS resolves the DC and the domain's LDAP SRV record", async () => {
  const dc = lab.host('dc');
  const a = (await dig(dc.ipv4, '+short', lab.domain.dcFqdn, 'A')).trim();
  assert.equal(a, dc.ipv4);
  const aaaa = (await dig(dc.ipv6, '+short', lab.domain.dcFqdn, 'AAAA')).trim();
  assert.equal(aaaa, dc.ipv6);
  const srv = (await dig(dc.ipv4, '+short', `_ldap._tcp.${lab.domain.dnsDomain}`, 'SRV')).trim();
  assert.equal(srv.toLowerCase(), `0 100 389 ${lab.domain.dcFqdn}.`);
});

test('DNS over TCP works on both servers', async () => {
  for (const h of [lab.host('dns'), lab.host('dc')]) {
    const out = await dig(h.ipv4, '+tcp', '+short', h.name === 'dns' ? 'ns1.dnslab.portq.test' : lab.domain.dcFqdn, 'A');
    assert.equal(out.trim(), h.ipv4);
  }
});
