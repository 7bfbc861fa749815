/**
 * LDAP in the lab: the DC's and slapd's root DSE (ldapsearch -x -s base), and slapd's directory.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadLab, requireLabClient } from './lab.js';
import { runOk } from './lab-exec.js';

const lab = loadLab();
before(requireLabClient);

/** ldapsearch -LLL output as attribute -> values (single-line values only; enough here). */
function attributes(out: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of out.split('\n')) {
    const m = /^([A-Za-z0-9-]+): (.*)$/.exec(line);
    if (!m) continue;
    const list = map.get(m[1]!) ?? [];
    list.push(m[2]!);
    map.set(m[1]!, list);
  }
  return map;
}

for (const family of [4, 6] as const) {
  test(`the DC's root DSE names the domain (IPv${family})`, async () => {
    const dc = lab.host('dc');
    const url = family === 4 ? `ldap://${dc.ipv4}` : `ldap://[${dc.ipv6}]`;
    const out = await runOk('ldapsearch', ['-x', '-LLL', '-H', url, '-s', 'base', '-b', '', '*', '+']);
    const a = attributes(out);
    assert.deepEqual(a.get('defaultNamingContext'), [lab.domain.baseDn]);
    assert.equal(a.get('dnsHostName')?.[0]?.toLowerCase(), lab.domain.dcFqdn);
    assert.ok(a.get('supportedLDAPVersion')?.includes('3'));
    assert.ok(a.get('namingContexts')?.includes(`CN=Configuration,${lab.domain.baseDn}`));
  });
}

test('the global catalog port answers the same root DSE', async () => {
  const dc = lab.host('dc');
  const out = await runOk('ldapsearch', ['-x', '-LLL', '-H', `ldap://${dc.ipv4}:3268`, '-s', 'base', '-b', '', 'defaultNamingContext']);
  assert.deepEqual(attributes(out).get('defaultNamingContext'), [lab.domain.baseDn]);
});

test("slapd's root DSE lists its naming context, and its directory holds the lab entries", async () => {
  const host = lab.host('ldap');
  const dse = await runOk('ldapsearch', ['-x', '-LLL', '-H', `ldap://${host.ipv4}`, '-s', 'base', '-b', '', 'namingContexts']);
  assert.deepEqual(attributes(dse).get('namingContexts'), [lab.slapd.baseDn]);
  const all = await runOk('ldapsearch', ['-x', '-LLL', '-H', `ldap://[${host.ipv6}]`, '-b', lab.slapd.baseDn, 'dn']);
  const dns = attributes(all).get('dn') ?? [];
  assert.deepEqual([...dns].sort(), [...lab.slapd.entries].sort());
});
