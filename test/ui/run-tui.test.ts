import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTui, type TuiDeps } from '../../src/ui/run-tui.js';
import type { TuiController } from '../../src/ui/tui-controller.js';
import { FakeTtyIn, FakeTtyOut, KEYS } from './helpers/fake-terminal.js';
import { FakeScanSession } from './helpers/fake-scan-session.js';
import { tcpPorts, testOptions } from './helpers/test-options.js';

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function start(deps: Partial<TuiDeps> = {}, columns = 80, rows = 24) {
  const out = new FakeTtyOut(columns, rows);
  const err = new FakeTtyOut(columns, rows);
  const inp = new FakeTtyIn();
  out.screen.feed('$ portq\n');
  let controller: TuiController | null = null;
  const factory = FakeScanSession.factory({ auto: { batch: 100 }, verdict: (k) => ({ state: k.port === 22 ? 'LISTENING' : 'NOT LISTENING' }) });
  const done = runTui(
    { scan: testOptions(tcpPorts(1, 300)), startView: 'scan', interactive: false },
    {
      stdout: out as unknown as NodeJS.WriteStream,
      stderr: err as unknown as NodeJS.WriteStream,
      stdin: inp as unknown as NodeJS.ReadStream,
      createSession: factory,
      localSource: null,
      handleProcess: false,
      onReady: (c) => (controller = c),
      ...deps,
    },
  );
  return { out, err, inp, done, factory, controller: () => controller! };
}

test('the UI draws on the alternate screen; q restores the shell screen and the cursor, exit 0', async () => {
  const t = start();
  await until(() => t.out.screen.text().includes('done in'), 'scan done');
  assert.equal(t.out.screen.alternate, true);
  assert.equal(t.out.screen.cursorVisible, false);
  const lines = t.out.screen.lines();
  assert.match(lines[0]!, /^portq │ Target 127\.0\.0\.1/);
  assert.match(lines[3]!, /^› +tcp +1 tcpmux/);
  assert.equal(lines[23], '', 'the last terminal line stays empty');
  t.inp.press('j');
  await until(() => /^› +tcp +2 /.test(t.out.screen.lines()[4]!), 'selection moved');
  t.inp.press('q');
  assert.equal(await t.done, 0);
  assert.equal(t.out.screen.alternate, false);
  assert.equal(t.out.screen.cursorVisible, true);
  assert.equal(t.out.screen.lines()[0], '$ portq', 'the shell screen is back as it was');
  assert.equal(t.inp.isRaw, false);
});

test('Ctrl-C aborts the scan, restores the terminal and exits 130', async () => {
  const t = start();
  await until(() => t.out.screen.text().includes('portq'), 'first frame');
  t.inp.press(KEYS.ctrlC);
  assert.equal(await t.done, 130);
  assert.equal(t.out.screen.alternate, false);
  assert.equal(t.out.screen.cursorVisible, true);
});

test('an error inside the UI restores the terminal, then prints its message on the normal screen', async () => {
  const t = start({
    createSession: () => {
      throw new Error('engine exploded');
    },
  });
  // startScan throws synchronously inside runTui: the UI must still close cleanly.
  const code = await t.done;
  assert.equal(code, 70);
  assert.equal(t.out.screen.alternate, false);
  assert.equal(t.out.screen.cursorVisible, true);
  assert.match(t.err.screen.text(), /portq: the terminal UI stopped: engine exploded/);
});

test('a resize re-lays out the screen from scratch', async () => {
  const t = start();
  await until(() => t.out.screen.text().includes('done in'), 'scan done');
  t.out.resize(60, 14);
  await until(() => t.out.screen.lines()[12]!.startsWith('Enter open'), 'footer on the new last line but one');
  let lines = t.out.screen.lines();
  assert.equal(lines.length, 14);
  assert.match(lines[0]!, /^portq │ Target/);
  assert.match(lines[1]!, /PROTO +PORT/);
  assert.ok(lines.every((l) => l.length <= 60));
  t.out.resize(100, 30);
  await until(() => t.out.screen.lines()[28]!.startsWith('Enter open'), 'grown');
  lines = t.out.screen.lines();
  assert.match(lines[1]!, /^Probes 300/);
  assert.match(lines[2]!, /PROTO +PORT +SERVICE +STATE/);
  t.inp.press('q');
  assert.equal(await t.done, 0);
});

test('writes from elsewhere while the UI runs are held and printed after it closes', async () => {
  const t = start({ holdOutput: true });
  await until(() => t.out.screen.text().includes('done in'), 'scan done');
  const before = t.out.screen.text();
  (t.err as unknown as NodeJS.WriteStream).write('(node) a warning\n');
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(t.out.screen.text(), before, 'the frame is untouched');
  t.inp.press('q');
  assert.equal(await t.done, 0);
  assert.match(t.err.screen.text(), /\(node\) a warning/);
});
