/**
 * LDAP root DSE (TCP 389, global catalog 3268, LDAPS 636/3269) and CLDAP (UDP 389) against the
 * lab's Samba DC, compared with `ldapsearch -x -s base` (every attribute with every value) and
 * `samba-tool domain info` (the netlogon ping's fields). Masked: currentTime, which changes
 * between the two queries.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadLab, requireLabClient } from './lab.js';
import { runOk } from './lab-exec.js';
import { portqJson, portqText } from './services-cli.js';

const lab = loadLab();
const dc = lab.host('dc');
const scratch = mkdtempSync(join(tmpdir(), 'pq-win-ldap-'));
before(requireLabClient);
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Attributes whose value changes between two queries a moment apart. */
const VOLATILE = new Set(['currenttime']);

/** LDIF (RFC 2849) from ldapsearch: unfold continuation lines, decode base64 values. */
function parseLdif(out: string): Map<string, string[]> {
  const unfolded = out.replace(/\r?\n /g, '');
  const attrs = new Map<string, string[]>();
  for (const line of unfolded.split('\n')) {
    if (!line || line.startsWith('#') || line.startsWith('dn:')) continue;
    const m = /^([\w;-]+)(::?) ?(.*)$/.exec(line);
    if (!m) continue;
    const value = m[2] === '::' ? Buffer.from(m[3]!, 'base64').toString('utf8') : m[3]!;
    const list = attrs.get(m[1]!) ?? [];
    list.push(value);
    attrs.set(m[1]!, list);
  }
  return attrs;
}

function portqAttributes(fields: Record<string, any>): Map<string, string[]> {
  const root = fields.rootDse as { attributes: Record<string, string[]>; base64Attributes: string[] };
  const out = new Map<string, string[]>();
  for (const [name, values] of Object.entries(root.attributes)) {
    out.set(name, root.base64Attributes.includes(name) ? values.map((v) => Buffer.from(v, 'base64').toString('utf8')) : values);
  }
  return out;
}

function masked(attrs: Map<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, values] of [...attrs].sort((a, b) => a[0].localeCompare(b[0]))) {
    out[name] = VOLATILE.has(name.toLowerCase()) ? values.map(() => '<masked>') : values;
  }
  return out;
}

async function ldapsearch(url: string): Promise<Map<string, string[]>> {
  const env = { ...process.env, LDAPTLS_REQCERT: 'never', LDAPCONF: join(scratch, 'none.conf'), LDAPRC: join(scratch, 'none.rc') };
  writeFileSync(join(scratch, 'none.conf'), '');
  return parseLdif(await runOk('ldapsearch', ['-x', '-LLL', '-o', 'ldif-wrap=no', '-H', url, '-s', 'base', '-b', ''], { env }));
}

for (const [port, scheme] of [
  [389, 'ldap'],
  [3268, 'ldap'],
  [636, 'ldaps'],
  [3269, 'ldaps'],
] as const) {
  test(`TCP ${port}: every root DSE attribute and value equals ldapsearch -x -s base`, async () => {
    const [reference, [result]] = await Promise.all([ldapsearch(`${scheme}://${dc.ipv4}:${port}`), portqJson(['-n', dc.ipv4, '-e', String(port), '-p', 'tcp', '-nr'])]);
    assert.equal(result.state, 'LISTENING');
    assert.equal(result.query?.protocol, scheme === 'ldap' ? 'ldap' : 'ldaps');
    assert.ok(reference.size > 10, 'ldapsearch saw the root DSE');
    assert.deepEqual(masked(portqAttributes(result.query!.fields)), masked(reference));
    if (scheme === 'ldaps') {
      const tls = result.query!.fields.tls as { subject: string; protocol: string };
      assert.match(tls.subject, new RegExp(lab.domain.dcFqdn.replace(/\./g, '\\.'), 'i'));
      assert.match(tls.protocol, /^TLS/);
    }
  });
}

test('TCP 389 on OpenLDAP slapd: a non-AD root DSE equals ldapsearch too', async () => {
  const slapd = lab.host('ldap');
  const [reference, [result]] = await Promise.all([ldapsearch(`ldap://${slapd.ipv4}:389`), portqJson(['-n', slapd.ipv4, '-e', '389', '-p', 'tcp', '-nr'])]);
  assert.equal(result.state, 'LISTENING');
  assert.deepEqual(masked(portqAttributes(result.query!.fields)), masked(reference));
});

test('TCP 389 text: PortQry\'s block with one line per value', async () => {
  const text = await portqText(['-n', dc.ipv4, '-e', '389', '-p', 'tcp', '-nr']);
  assert.match(text, /LDAP query response:/);
  assert.match(text, /======== End of LDAP query response ========/);
  assert.match(text, /^supportedLDAPVersion: 2$/m);
  assert.match(text, /^supportedLDAPVersion: 3$/m);
  assert.match(text, new RegExp(`^defaultNamingContext: ${lab.domain.baseDn}$`, 'm'));
});

/** samba-tool domain info: "Forest           : lab.portq.test". */
function sambaToolInfo(out: string): Record<string, string> {
  return Object.fromEntries([...out.matchAll(/^(.+?)\s*: (.*)$/gm)].map((m) => [m[1]!.trim(), m[2]!.trim()]));
}

test('UDP 389: the LDAP ping equals samba-tool domain info, and the root DSE comes too', async () => {
  const [out, [result]] = await Promise.all([runOk('samba-tool', ['domain', 'info', dc.ipv4]), portqJson(['-n', dc.ipv4, '-e', '389', '-p', 'udp', '-nr'])]);
  const info = sambaToolInfo(out);
  assert.equal(result.state, 'LISTENING');
  assert.equal(result.query?.protocol, 'cldap');
  const n = result.query!.fields.netlogon as Record<string, string | string[]>;
  assert.equal(n.dnsForestName, info['Forest']);
  assert.equal(n.dnsDomainName, info['Domain']);
  assert.equal(n.netbiosDomainName, info['Netbios domain']);
  assert.equal(n.dnsHostName, info['DC name']);
  assert.equal(n.netbiosComputerName, info['DC netbios name']);
  assert.equal(n.dcSiteName, info['Server site']);
  assert.equal(n.clientSiteName, info['Client site']);
  assert.equal(n.dcAddress, dc.ipv4);
  for (const flag of ['PDC', 'GC', 'LDAP', 'DS', 'KDC', 'WRITABLE']) assert.ok((n.flagNames as string[]).includes(flag), flag);
  // The CLDAP root DSE is a subset of the TCP one: every value it shows, ldapsearch shows too.
  const tcp = await ldapsearch(`ldap://${dc.ipv4}:389`);
  const udp = masked(portqAttributes(result.query!.fields));
  const reference = masked(tcp);
  assert.ok(Object.keys(udp).length > 10);
  for (const [name, values] of Object.entries(udp)) assert.deepEqual(values, reference[name], name);
});

test('UDP 389 text: netlogon block then the LDAP block', async () => {
  const text = await portqText(['-n', dc.ipv4, '-e', '389', '-p', 'udp', '-nr']);
  assert.match(text, /CLDAP netlogon \(LDAP ping\) response:[\s\S]*Domain controller: +dc1\.lab\.portq\.test[\s\S]*LDAP query response:/);
});
