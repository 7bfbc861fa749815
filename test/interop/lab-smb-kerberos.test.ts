/**
 * SMB and Kerberos in the lab: share lists with smbclient (guest on the standalone server, the
 * domain administrator on the DC) and a Kerberos ticket from the DC's KDC with kinit.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadLab, requireLabClient } from './lab.js';
import { runOk } from './lab-exec.js';

const lab = loadLab();
const scratch = mkdtempSync(join(tmpdir(), 'pqlab-krb5-'));
before(requireLabClient);
after(() => rmSync(scratch, { recursive: true, force: true }));

/** smbclient -L share names. */
function shares(out: string): string[] {
  return [...out.matchAll(/^\s+(\S+)\s+(Disk|IPC|Printer)\s/gm)].map((m) => m[1]!);
}

test('the standalone server lists its guest share to an anonymous client', async () => {
  const out = await runOk('smbclient', ['-N', '-L', `//${lab.host('smb').ipv4}`]);
  assert.ok(shares(out).includes(lab.standalone.share), out);
});

test('the standalone server serves the share over IPv6 too', async () => {
  const out = await runOk('smbclient', ['-N', `//${lab.host('smb').ipv6}/${lab.standalone.share}`, '-c', 'ls']);
  assert.match(out, /readme\.txt/);
});

test('the DC lists sysvol and netlogon to the domain administrator', async () => {
  const { adminUser, adminPassword, netbiosDomain } = lab.domain;
  const out = await runOk('smbclient', ['-L', `//${lab.host('dc').ipv4}`, '-U', `${netbiosDomain}\\${adminUser}%${adminPassword}`]);
  const got = shares(out);
  for (const s of ['sysvol', 'netlogon', 'IPC$']) assert.ok(got.includes(s), `${s} missing: ${got.join(', ')}`);
});

test("kinit gets the administrator's ticket from the DC's KDC", async () => {
  const { realm, adminUser, adminPassword } = lab.domain;
  const dc = lab.host('dc');
  const conf = join(scratch, 'krb5.conf');
  // A private krb5.conf: the machine's /etc/krb5.conf is neither read nor changed.
  writeFileSync(
    conf,
    `[libdefaults]\n  default_realm = ${realm}\n  dns_lookup_kdc = false\n  dns_lookup_realm = false\n` +
      `[realms]\n  ${realm} = {\n    kdc = ${dc.ipv4}\n  }\n`,
  );
  const env = { ...process.env, KRB5_CONFIG: conf, KRB5CCNAME: `FILE:${join(scratch, 'ccache')}` };
  await runOk('kinit', [`${adminUser}@${realm}`], { env, input: `${adminPassword}\n` });
  const list = await runOk('klist', [], { env });
  assert.match(list, new RegExp(`krbtgt/${realm}@${realm}`));
});
