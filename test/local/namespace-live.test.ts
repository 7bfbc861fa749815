// In a network namespace this test creates (pqx-local-*), a process running as `nobody` holds a
// port. Root sees its pid and user; another unprivileged user sees the documented hint instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProcCollector } from '../../src/local/proc-collector.js';
import { buildSnapshot } from '../../src/local/snapshot.js';
import type { LocalSnapshot } from '../../src/local/types.js';
import { startHolder } from './port-holder.js';

const root = process.platform === 'linux' && process.geteuid?.() === 0;
const hasTools = root && spawnSync('ip', ['-V']).status === 0 && spawnSync('setpriv', ['--version']).status === 0;
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PORT = 47180;
const NOBODY = 65534;
// A second unprivileged user for the "cannot see it" side: daemon (uid 1) exists on Debian.
const OTHER_UID = 1;

test('a second user\'s listener in a private namespace: root sees it, others get the hint', { skip: !hasTools && 'needs root, ip and setpriv' }, async (t) => {
  const ns = `pqx-local-${process.pid}`;
  execFileSync('ip', ['netns', 'add', ns]);
  t.after(() => {
    spawnSync('ip', ['netns', 'del', ns]);
  });
  execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  const holder = await startHolder('127.0.0.1', PORT, [
    'ip', 'netns', 'exec', ns, 'setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--',
  ]);
  t.after(() => holder.stop());

  // Root, reading the namespace's tables through the holder's /proc/<pid>/net.
  const filter = { port: PORT };
  const asRoot = buildSnapshot(await new ProcCollector({ netPid: holder.pid }).collect({ verbose: true, filter }), { filter });
  assert.equal(asRoot.sockets.length, 1);
  const seen = asRoot.sockets[0]!;
  assert.deepEqual([seen.state, seen.localAddress, seen.pid, seen.uid, seen.user, seen.processName], ['LISTENING', '127.0.0.1', holder.pid, NOBODY, 'nobody', 'node']);
  assert.equal(seen.ownerNote, null);
  assert.ok(asRoot.processes[0]!.modules!.length > 0, 'root reads the maps of nobody\'s process');
  // The host's own table does not have it: it lives in the namespace only.
  const host = buildSnapshot(await new ProcCollector().collect({ verbose: false, filter }), { filter });
  assert.equal(host.sockets.length, 0);

  // Another unprivileged user inside the namespace: the socket is listed, its owner explained.
  const child = spawnSync(
    'ip',
    ['netns', 'exec', ns, 'setpriv', `--reuid=${OTHER_UID}`, `--regid=${OTHER_UID}`, '--clear-groups', '--',
      process.execPath, '--import', 'tsx', join(repo, 'test', 'local', 'snapshot-child.ts'), String(PORT)],
    { cwd: repo, encoding: 'utf8', env: { ...process.env, HOME: '/tmp' } },
  );
  assert.equal(child.status, 0, child.stderr);
  const asOther = JSON.parse(child.stdout) as LocalSnapshot;
  assert.equal(asOther.privileged, false);
  assert.equal(asOther.sockets.length, 1);
  const hidden = asOther.sockets[0]!;
  assert.deepEqual([hidden.state, hidden.pid, hidden.uid, hidden.ownerUnknown], ['LISTENING', null, NOBODY, 'no-permission']);
  assert.equal(hidden.ownerNote, 'owned by uid 65534 (nobody); run as root to see the process');
});
