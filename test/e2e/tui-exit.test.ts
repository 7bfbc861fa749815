/**
 * End to end in a real terminal: every way out of the UI restores the normal screen and the
 * cursor (Ctrl-C: exit 130, SIGTERM: 143), and a resize re-lays the screen out.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TmuxSession, tmuxAvailable } from './tui-tmux.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const skip = !tmuxAvailable() ? 'tmux is not installed (apt-get install tmux)' : !existsSync(`${root}/dist/cli/main.js`) ? 'not built (npm run build)' : false;
// A long loopback scan: still running when the keys and signals arrive.
const LONG = 'node bin/portq.js -n 127.0.0.1 -r 1:65535 --concurrency 16';

// Each test has its own tmux session: they run side by side to keep the suite quick.
describe('leaving the UI', { concurrency: true }, () => {
  test('Ctrl-C during a scan: exit 130, normal screen, cursor visible', { skip }, async (t) => {
    const tmux = new TmuxSession(`printf 'BEFORE-PQX\\n'; ${LONG}; echo PORTQ_EXIT=$?; sleep 120`, { cwd: root });
    t.after(() => tmux.kill());
    await tmux.waitFor(/▶ running/, 'the scan to run');
    assert.equal(tmux.alternateScreen, true);
    tmux.send('C-c');
    const s = await tmux.waitFor(/PORTQ_EXIT=\d+/, 'portq to exit');
    assert.match(s, /PORTQ_EXIT=130/);
    assert.match(s, /BEFORE-PQX/);
    assert.equal(tmux.alternateScreen, false);
    assert.equal(tmux.cursorVisible, true);
  });

  test('SIGTERM: exit 143, normal screen, cursor visible', { skip }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'pqx-ui-'));
    const pidFile = join(dir, 'pid');
    const tmux = new TmuxSession(`printf 'BEFORE-PQX\\n'; sh -c 'echo $$ > ${pidFile}; exec ${LONG}'; echo PORTQ_EXIT=$?; sleep 120`, { cwd: root });
    t.after(() => {
      tmux.kill();
      rmSync(dir, { recursive: true, force: true });
    });
    await tmux.waitFor(/▶ running/, 'the scan to run');
    process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
    const s = await tmux.waitFor(/PORTQ_EXIT=\d+/, 'portq to exit');
    assert.match(s, /PORTQ_EXIT=143/);
    assert.match(s, /BEFORE-PQX/);
    assert.equal(tmux.alternateScreen, false);
    assert.equal(tmux.cursorVisible, true);
  });

  test('a resize re-lays out the screen; 80x24 and below stay usable', { skip }, async (t) => {
    const tmux = new TmuxSession(`node bin/portq.js -n 127.0.0.1 -r 1:300; echo PORTQ_EXIT=$?; sleep 120`, { cwd: root, columns: 80, rows: 24 });
    t.after(() => tmux.kill());
    let s = await tmux.waitFor(/done in/, 'the scan to finish');
    let lines = tmux.lines();
    assert.match(lines[0]!, /^portq │ Target/);
    assert.match(lines[22]!, /^Enter open/);
    tmux.resize(60, 14);
    s = await tmux.waitFor((x) => /^Enter open/.test(x.split('\n')[12] ?? ''), 'the footer on the new last line but one');
    lines = tmux.lines();
    assert.match(lines[0]!, /^portq │ Target/);
    assert.match(lines[1]!, /PROTO +PORT/);
    assert.match(lines[2]!, /^› +tcp +1 /);
    assert.ok(lines.every((l) => l.length <= 60), s);
    tmux.resize(100, 30);
    s = await tmux.waitFor((x) => /^Enter open/.test(x.split('\n')[28] ?? ''), 'the footer after growing');
    lines = tmux.lines();
    assert.match(lines[1]!, /^Probes 300/);
    assert.equal(lines.filter((l) => /^portq │/.test(l)).length, 1, 'no leftovers of the old frame');
    tmux.send('q');
    s = await tmux.waitFor(/PORTQ_EXIT=\d+/, 'portq to exit');
    assert.match(s, /PORTQ_EXIT=0/);
  });
});
