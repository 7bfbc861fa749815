/**
 * NetBIOS node status against the lab's Samba DC and standalone nmbd, compared with
 * `nmblookup -A`: every name, suffix, group flag, node type and state flag, and the MAC address
 * (masked on the DC, whose nbt server sends uninitialised bytes that change every run).
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadLab, requireLabClient } from './lab.js';
import { runOk } from './lab-exec.js';
import { portqJson, portqText } from './services-cli.js';

const lab = loadLab();
before(requireLabClient);

interface Row {
  name: string;
  suffix: string;
  group: boolean;
  nodeType: string;
  flags: string[];
}

/** nmblookup -A: "\tNAME            <1c> - <GROUP> M <ACTIVE> <PERMANENT>". */
function nmblookup(out: string): { rows: Row[]; mac: string | null } {
  const rows = [...out.matchAll(/^\t(.{1,15}?)\s*<([0-9a-f]{2})> - (<GROUP> )?\s*([BPMH]) ((?:<\w+> ?)*)/gm)].map((m) => ({
    name: m[1]!,
    suffix: m[2]!,
    group: Boolean(m[3]),
    nodeType: m[4]!,
    flags: [...m[5]!.matchAll(/<(\w+)>/g)].map((f) => f[1]!).sort(),
  }));
  const mac = /MAC Address = ([0-9A-F-]{17})/i.exec(out)?.[1]?.toLowerCase() ?? null;
  return { rows, mac };
}

interface PortqName {
  name: string;
  suffix: number;
  group: boolean;
  nodeType: string;
  active: boolean;
  permanent: boolean;
  conflict: boolean;
  deregistering: boolean;
}

function portqRows(names: PortqName[]): Row[] {
  return names.map((n) => ({
    // nmblookup prints unprintable bytes (as in \x01\x02__MSBROWSE__\x02) as '.'
    name: n.name.replace(/[^\x20-\x7e]/g, '.'),
    suffix: n.suffix.toString(16).padStart(2, '0'),
    group: n.group,
    nodeType: n.nodeType,
    flags: [n.active && 'ACTIVE', n.permanent && 'PERMANENT', n.conflict && 'CONFLICT', n.deregistering && 'DEREGISTERING'].filter((f): f is string => Boolean(f)).sort(),
  }));
}

for (const hostName of ['dc', 'smb']) {
  test(`UDP 137 on ${hostName}: the name table equals nmblookup -A`, async () => {
    const host = lab.host(hostName);
    const [out, [result]] = await Promise.all([runOk('nmblookup', ['-A', host.ipv4]), portqJson(['-n', host.ipv4, '-e', '137', '-p', 'udp', '-nr'])]);
    const reference = nmblookup(out);
    assert.ok(reference.rows.length >= 3, out);
    assert.equal(result.state, 'LISTENING');
    const fields = result.query!.fields as { names: PortqName[]; mac: string };
    assert.deepEqual(portqRows(fields.names), reference.rows);
    if (hostName === 'smb') assert.equal(fields.mac, reference.mac, 'nmbd sends a zero MAC: compared as is');
    else assert.match(fields.mac, /^([0-9a-f]{2}-){5}[0-9a-f]{2}$/, 'Samba DC MAC bytes change every run: masked');
  });
}

test('UDP 137: PortQry\'s MAC line and the name table in text', async () => {
  const text = await portqText(['-n', lab.host('smb').ipv4, '-e', '137', '-p', 'udp', '-nr']);
  assert.match(text, /Server's response: MAC address 000000000000/);
  assert.match(text, new RegExp(`${lab.standalone.netbiosName} +<20>  UNIQUE`));
  assert.match(text, new RegExp(`${lab.standalone.workgroup} +<00>  GROUP`));
});
