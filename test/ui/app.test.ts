import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderApp } from './helpers/render-app.js';
import { KEYS } from './helpers/fake-terminal.js';
import { tcpPorts } from './helpers/test-options.js';
import { fakeSocket, fakeSnapshot } from './helpers/fake-local.js';
import { diffSnapshots } from '../../src/local/snapshot-diff.js';
import type { ProbeKey } from '../../src/engine/types.js';

const listening = new Set([22, 80, 389]);
const filtered = new Set([7, 9]);
const script = {
  verdict: (k: ProbeKey) =>
    listening.has(k.port)
      ? { state: 'LISTENING' as const, query: k.port === 389 ? ldapAnswer() : undefined }
      : filtered.has(k.port)
        ? { state: 'FILTERED' as const }
        : { state: 'NOT LISTENING' as const },
};

function ldapAnswer() {
  return {
    protocol: 'ldap',
    listening: true,
    summary: 'rootDSE: dc=lab,dc=test',
    fields: { namingContexts: ['dc=lab,dc=test'], supportedLDAPVersion: ['2', '3'] },
    text: 'LDAP query response:\ncurrentdate: 2024\n======== End of LDAP query response ========',
    notes: [],
    exchanges: [
      { direction: 'sent' as const, bytes: Uint8Array.from([0x30, 0x25, 0x02, 0x01, 0x01, 0x63]), atMs: 0, label: 'search rootDSE' },
      { direction: 'received' as const, bytes: Uint8Array.from([0x30, 0x84, 0x00, 0x00, 0x01, 0x00, 0x64]), atMs: 0.8 },
    ],
  };
}

/** A scan of 1..400 with every verdict in. */
async function finishedScan(opts: { columns?: number; rows?: number; probes?: ProbeKey[] } = {}) {
  const app = renderApp({ probes: opts.probes ?? tcpPorts(1, 400), script, columns: opts.columns ?? 80, rows: opts.rows ?? 24 });
  const s = app.session();
  for (const k of s.options.probes) s.emitResult(k);
  s.finish();
  await app.waitFor((f) => f.includes('done in'), 'scan done');
  return app;
}

const selectedLine = (frame: string) => frame.split('\n').find((l) => l.startsWith('›')) ?? '';

test('Scan view at 80x24: header, 17 rows, status with counts, key hints', async () => {
  const app = await finishedScan();
  const lines = app.lines();
  assert.equal(lines.length, 23, 'one line less than the terminal');
  assert.match(lines[0]!, /^portq │ Target 127\.0\.0\.1 \(localhost\) │ TCP/);
  assert.match(lines[1]!, /Probes 400 │ Sort scan order/);
  assert.match(lines[2]!, /PROTO +PORT SERVICE +STATE/);
  assert.match(lines[3]!, /^› +tcp +1 tcpmux +✕ NOT LISTENING/);
  assert.match(app.frame(), /tcp +7 echo +■ FILTERED/);
  assert.match(lines[20]!, /100% 400\/400 │ done in 0:01/);
  assert.match(lines[21]!, /● 3 listening +✕ 395 not listening +■ 2 filtered +◐ 0/);
  assert.match(lines[22]!, /^Enter open +r re-query/);
  app.unmount();
});

test('↓ j PgDn End ↑ k PgUp Home move the selection; the window follows', async () => {
  const app = await finishedScan();
  assert.match(selectedLine(await app.press(KEYS.down)), / 2 /);
  assert.match(selectedLine(await app.press('j')), / 3 /);
  assert.match(selectedLine(await app.press(KEYS.pageDown)), / 20 /);
  const end = await app.press(KEYS.end);
  assert.match(selectedLine(end), / 400 /);
  assert.doesNotMatch(end, /tcpmux/, 'the first rows scrolled away');
  assert.match(selectedLine(await app.press(KEYS.up)), / 399 /);
  assert.match(selectedLine(await app.press('k')), / 398 /);
  assert.match(selectedLine(await app.press(KEYS.pageUp)), / 381 /);
  assert.match(selectedLine(await app.press(KEYS.home)), / 1 tcpmux/);
  assert.match(selectedLine(await app.press('G')), / 400 /);
  assert.match(selectedLine(await app.press('g')), / 1 tcpmux/);
  app.unmount();
});

test('Enter opens Detail: tree, hex dump of request and reply, PortQry text; scrolls; Esc goes back', async () => {
  const app = await finishedScan();
  await app.press('/');
  await app.press('389');
  await app.press(KEYS.enter);
  const detail = await app.press(KEYS.enter);
  assert.match(detail, /^Detail tcp\/389 ldap  ● LISTENING/);
  assert.match(detail, /Answer \(ldap\)  rootDSE: dc=lab,dc=test/);
  assert.match(detail, /namingContexts \[1\]/);
  assert.match(detail, /→ sent 6 bytes at 0\.0 ms  search rootDSE/);
  assert.match(detail, /0000  30 25 02 01 01 63 +\|0%\.\.\.c\|/);
  assert.match(detail, /← received 7 bytes/);
  const bottom = await app.press(KEYS.end);
  assert.match(bottom, /======== End of LDAP query response ========/);
  assert.match(bottom, /lines \d+-\d+ of \d+/);
  const up = await app.press(KEYS.home);
  assert.match(up, /Reason  connected/);
  await app.press('j');
  const back = await app.press(KEYS.escape);
  assert.match(back, /^portq │ Target/);
  assert.match(selectedLine(back), / 389 ldap/);
  app.unmount();
});

test('r re-queries the selected port (↻ until the new verdict), R every filtered one, from Scan and Detail', async () => {
  const app = await finishedScan();
  await app.press(KEYS.down);
  const f = await app.press('r');
  assert.deepEqual(app.session().calls.requery, [[{ protocol: 'tcp', port: 2 }]]);
  assert.match(selectedLine(f), /↻ NOT LISTENING/);
  assert.match(f, /Re-querying tcp\/2/);
  app.session().emitResult({ protocol: 'tcp', port: 2 }, { state: 'LISTENING' });
  const after = await app.waitFor((fr) => /● LISTENING/.test(selectedLine(fr)), 'new verdict');
  assert.match(after, /● 4 listening/);
  await app.press('R');
  assert.deepEqual(app.session().calls.requery[1], [{ protocol: 'tcp', port: 7 }, { protocol: 'tcp', port: 9 }]);
  await app.press(KEYS.enter);
  await app.press('r');
  assert.deepEqual(app.session().calls.requery[2], [{ protocol: 'tcp', port: 2 }]);
  app.unmount();
});

test('/ filters as you type, Esc clears; digits and f filter by state; s and S sort', async () => {
  const app = await finishedScan();
  await app.press('/');
  await app.press('echo');
  let f = await app.press(KEYS.enter);
  assert.match(f, /Filter \/echo/);
  assert.match(f, /tcp +7 echo/);
  assert.doesNotMatch(f, /tcpmux/);
  f = await app.press(KEYS.escape);
  assert.match(f, /tcpmux/);
  // Keys that arrive in one chunk (a paste, tmux send-keys) count one by one, Enter included.
  f = await app.press('/ssh\r');
  assert.match(f, /Filter \/ssh/);
  assert.equal(f.includes('New query') || f.includes('/ssh█'), false, 'the Enter closed the filter prompt');
  f = await app.press(KEYS.escape);
  f = await app.press('3');
  assert.match(f, /State FILTERED/);
  assert.deepEqual(f.split('\n').filter((l) => /tcp +\d+/.test(l)).length, 2);
  f = await app.press('1');
  assert.match(f, /tcp +22 ssh +● LISTENING/);
  f = await app.press('0');
  f = await app.press('f');
  assert.match(f, /State LISTENING/);
  await app.press(KEYS.escape);
  f = await app.press('s');
  assert.match(f, /Sort port/);
  f = await app.press('s');
  assert.match(f, /Sort state/);
  assert.match(f.split('\n')[3]!, /● LISTENING/, 'listening ports first');
  f = await app.press('S');
  assert.match(f, /Sort state ↓/);
  app.unmount();
});

test('Space pauses and resumes the scan', async () => {
  const app = renderApp({ probes: tcpPorts(1, 50), script });
  await app.waitFor((f) => f.includes('running'));
  let f = await app.press(' ');
  assert.equal(app.session().calls.pause, 1);
  f = await app.waitFor((fr) => fr.includes('paused (Space resumes)'));
  await app.press(' ');
  assert.equal(app.session().calls.resume, 1);
  f = await app.waitFor((fr) => fr.includes('▶ running'));
  assert.ok(f);
  app.unmount();
});

test('e writes the results as JSON lines and CSV', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pqx-ui-export-'));
  try {
    const app = renderApp({ probes: tcpPorts(20, 23), script, exportDir: dir });
    const s = app.session();
    for (const k of s.options.probes) s.emitResult(k);
    s.finish();
    await app.waitFor((f) => f.includes('done in'));
    await app.press('e');
    await app.waitFor((fr) => fr.includes('Exported 4 rows to'));
    const files = readdirSync(dir).sort();
    assert.equal(files.length, 2);
    const csv = readFileSync(join(dir, files.find((x) => x.endsWith('.csv'))!), 'utf8').split('\r\n');
    assert.equal(csv[0], 'target,address,protocol,port,service,state,reason,reason_text,rtt_ms,tries,time,query,summary');
    assert.match(csv[3]!, /^127\.0\.0\.1,127\.0\.0\.1,tcp,22,ssh,LISTENING,connected,/);
    const jsonl = readFileSync(join(dir, files.find((x) => x.endsWith('.jsonl'))!), 'utf8').trim().split('\n');
    assert.equal(JSON.parse(jsonl[2]!).port, 22);
    app.unmount();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Tab opens Local: TCPView colours as symbols, filter, Enter watches the port then the process', async () => {
  const app = await finishedScan();
  let f = await app.press(KEYS.tab);
  assert.match(f, /Reading the socket table/);
  assert.equal(app.local.started, 1);
  const ssh = fakeSocket({ localPort: 22, pid: 10, processName: 'sshd', user: 'root' });
  const web = fakeSocket({ localPort: 8080, pid: 20, processName: 'node', user: 'www' });
  const s1 = fakeSnapshot([ssh, web]);
  app.local.push(s1);
  f = await app.waitFor((fr) => fr.includes('sshd'));
  assert.match(f, /^portq local │ testhost │ source proc/);
  assert.match(f, /PROTO +LOCAL ADDRESS +REMOTE ADDRESS +STATE +PID +PROCESS/);
  const db = fakeSocket({ localPort: 5432, pid: 30, processName: 'postgres' });
  const s2 = fakeSnapshot([ssh, db]);
  app.local.push(s2, diffSnapshots(s1, s2));
  f = await app.waitFor((fr) => fr.includes('postgres'));
  assert.match(f, /^ \+ +tcp +0\.0\.0\.0:5432 .* postgres/m);
  assert.match(f, /^ ✕ +tcp +0\.0\.0\.0:8080 .* node/m);
  assert.match(f, /live 12:00:00 │ 2 sockets, 2 processes │ \+1 new ✕1 gone ~0 changed/);
  await app.press('/');
  await app.press('sshd');
  f = await app.press(KEYS.enter);
  assert.doesNotMatch(f, /postgres/);
  await app.press(KEYS.enter);
  assert.deepEqual(app.local.filters.at(-1), { port: 22 });
  app.local.push(fakeSnapshot([ssh], { filter: { port: 22 } }));
  f = await app.waitFor((fr) => fr.includes('Watching port 22'));
  await app.press(KEYS.enter);
  assert.deepEqual(app.local.filters.at(-1), { pid: 10 });
  f = await app.press(KEYS.escape);
  assert.equal(app.local.filters.at(-1), null);
  f = await app.press(KEYS.tab);
  assert.match(f, /^portq │ Target/);
  app.unmount();
});

test('? shows Help generated from the key table; Esc returns', async () => {
  const app = await finishedScan();
  const f = await app.press('?');
  assert.match(f, /^Help/);
  assert.match(f, /Everywhere/);
  assert.match(f, /↑ k +move up one row/);
  const scrolled = await app.press(KEYS.end);
  assert.match(scrolled, /States/);
  assert.match(await app.press(KEYS.escape), /^portq │ Target/);
  app.unmount();
});

test('n opens the New query form; typing and Enter start a new scan on the new target', async () => {
  const app = await finishedScan();
  let f = await app.press('n');
  assert.match(f, /New query/);
  assert.match(f, /› Target +127\.0\.0\.1█/);
  await app.press(KEYS.backspace.repeat(9));
  await app.press('127.0.0.5');
  await app.press(KEYS.tab);
  await app.press(KEYS.backspace.repeat(8));
  await app.press('53');
  await app.press(KEYS.tab);
  f = await app.press(KEYS.right);
  assert.match(f, /\[udp\]/);
  assert.match(f, /Will probe +udp 53/);
  await app.press(KEYS.enter);
  assert.equal(app.sessions.length, 2);
  assert.equal(app.session().options.host, '127.0.0.5');
  assert.deepEqual(app.session().options.probes, [{ protocol: 'udp', port: 53 }]);
  assert.equal(app.sessions[0]!.calls.abort, 0, 'a finished scan needs no abort');
  f = await app.waitFor((fr) => fr.includes('Target 127.0.0.5'));
  assert.match(f, /UDP/);
  app.unmount();
});

test(': takes PortQry commands: n HOST, set p=, set e=, r A:B, q [shortcut]', async () => {
  const app = await finishedScan();
  const type = async (text: string) => {
    await app.press(':');
    await app.press(text);
    return app.press(KEYS.enter);
  };
  let f = await type('n 127.0.0.7');
  assert.match(f, /node: 127\.0\.0\.7/);
  f = await type('set p=both');
  f = await type('r 1:3');
  assert.match(f, /range: 1:3/);
  await type('q');
  assert.equal(app.session().options.host, '127.0.0.7');
  assert.equal(app.session().options.probes.length, 6);
  await type('q dns');
  assert.deepEqual(app.session().options.probes, [{ protocol: 'tcp', port: 53 }, { protocol: 'udp', port: 53 }]);
  f = await app.waitFor((fr) => fr.includes('Preset DNS'));
  f = await type('set e=99999');
  assert.match(f, /out of range/);
  app.unmount();
});

test('-i opens on the form and runs nothing until it is submitted', async () => {
  const app = renderApp({ probes: tcpPorts(80, 80), script, interactive: true });
  const f = await app.waitFor((fr) => fr.includes('New query'));
  assert.equal(app.sessions.length, 0);
  assert.match(f, /no query yet/);
  await app.press(KEYS.enter);
  assert.equal(app.sessions.length, 1);
  app.unmount();
});

test('q quits with 0 and Ctrl-C with 130', async () => {
  const app = await finishedScan();
  await app.press('q');
  assert.equal(app.controller.state.exitCode, 0);
  app.unmount();
  const app2 = await finishedScan();
  await app2.press(KEYS.ctrlC);
  assert.equal(app2.controller.state.exitCode, 130);
  app2.unmount();
});

test('small terminals degrade: fewer columns and lines, then a message', async () => {
  const app = await finishedScan({ columns: 50, rows: 12 });
  let lines = app.lines();
  assert.equal(lines.length, 11);
  assert.match(lines[2]!, /^› +tcp +1 tcpmux +✕ NOT LISTEN/);
  assert.ok(lines.every((l) => l.length <= 50));
  app.controller.setSize({ columns: 40, rows: 7 });
  lines = (await app.waitFor((f) => f.split('\n').length === 6)).split('\n');
  assert.match(lines[0]!, /^› +tcp +1 +✕ NOT LISTEN/, 'no header, no column titles');
  app.controller.setSize({ columns: 20, rows: 3 });
  assert.match(await app.waitFor((f) => f.includes('too small')), /terminal too small \(20x3\); q quits/);
  app.controller.setSize({ columns: 120, rows: 40 });
  lines = (await app.waitFor((f) => f.split('\n').length === 39)).split('\n');
  assert.match(lines[2]!, /REASON/);
  app.unmount();
});

test('without colour or Unicode every state still reads: ASCII symbols and words', async () => {
  const app = renderApp({ probes: tcpPorts(1, 30), script, theme: { color: false, styles: false, unicode: false } });
  const s = app.session();
  for (const k of s.options.probes) s.emitResult(k);
  s.finish();
  const f = await app.waitFor((fr) => fr.includes('done in'));
  assert.match(f, /^> +tcp +1 tcpmux +- NOT LISTENING/m);
  assert.match(f, /tcp +7 echo +# FILTERED/);
  assert.match(f, /\+ 1 listening +- 27 not listening +# 2 filtered/);
  assert.doesNotMatch(f, /[●✕■◐›█│]/);
  assert.match(await app.press('1'), /^> +tcp +22 ssh +\+ LISTENING/m);
  app.unmount();
});

test('a target that does not resolve shows the error in the table and the status bar', async () => {
  const app = renderApp({ probes: tcpPorts(1, 3), script: { failWith: new Error('Failed to resolve name to IP address: nope.invalid') } });
  const f = await app.waitFor((fr) => fr.includes('failed:'));
  assert.match(f, /The query failed: Failed to resolve name/);
  app.unmount();
});
