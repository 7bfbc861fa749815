/**
 * The lab's two NetBIOS name services answer nmblookup -A (node status) with their fixed names.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadLab, requireLabClient } from './lab.js';
import { runOk } from './lab-exec.js';

const lab = loadLab();

/** nmblookup -A lines "\tNAME <xx> - [<GROUP>] ..." as "NAME<xx>" (group names end with "/g"). */
function names(out: string): string[] {
  return [...out.matchAll(/^\s+(\S+)\s+<([0-9a-f]{2})> - (<GROUP> )?/gm)].map(
    (m) => `${m[1]}<${m[2]}>${m[3] ? '/g' : ''}`,
  );
}

before(requireLabClient);

test('the DC answers node status with its name, its domain and the DC group name', async () => {
  const dc = lab.host('dc');
  const out = await runOk('nmblookup', ['-A', dc.ipv4]);
  const got = names(out);
  const { dcNetbiosName: host, netbiosDomain: dom } = lab.domain;
  for (const n of [`${host}<00>`, `${host}<20>`, `${dom}<00>/g`, `${dom}<1c>/g`, `${dom}<1b>`]) {
    assert.ok(got.includes(n), `${n} missing from ${got.join(', ')}`);
  }
});

test('the standalone server answers node status with its own, different names and a zero MAC', async () => {
  const smb = lab.host('smb');
  const out = await runOk('nmblookup', ['-A', smb.ipv4]);
  const got = names(out);
  const { netbiosName: host, workgroup } = lab.standalone;
  for (const n of [`${host}<00>`, `${host}<20>`, `${workgroup}<00>/g`]) {
    assert.ok(got.includes(n), `${n} missing from ${got.join(', ')}`);
  }
  assert.ok(!got.some((n) => n.startsWith(`${lab.domain.dcNetbiosName}<`)), 'the standalone must not carry the DC names');
  assert.match(out, /MAC Address = 00-00-00-00-00-00/);
});
