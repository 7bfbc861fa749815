import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helpLines } from '../../../src/ui/format/help-lines.js';
import { KEY_BINDINGS, keyLabel } from '../../../src/ui/keys/key-bindings.js';
import { scanColumns } from '../../../src/ui/format/scan-columns.js';
import { scanRowLine } from '../../../src/ui/format/scan-row.js';
import { keyHints } from '../../../src/ui/format/key-hints.js';
import { layoutFor } from '../../../src/ui/layout.js';
import { detectTheme } from '../../../src/ui/format/theme.js';
import { toneStyle } from '../../../src/ui/format/tone.js';
import type { ProbeResult } from '../../../src/engine/types.js';

const text = (l: readonly { text: string }[]) => l.map((s) => s.text).join('');

test('Help lists every binding of the key table with its keys', () => {
  const lines = helpLines().map(text);
  for (const b of KEY_BINDINGS) {
    const keys = b.keys.map((k) => keyLabel(k)).join(' ');
    assert.ok(lines.some((l) => l.includes(keys) && l.includes(b.help)), `${b.command}: ${keys} ${b.help}`);
  }
  assert.ok(lines.some((l) => l.includes('● LISTENING')));
});

const r: ProbeResult = { protocol: 'tcp', port: 389, target: 'h', address: 'h', service: 'ldap', state: 'LISTENING OR FILTERED', reason: 'no-response', reasonText: '', rttMs: null, tries: 1, finishedAt: 0, seq: 1 };

test('table rows are exactly as wide as the terminal, from 30 to 200 columns', () => {
  for (const width of [30, 50, 64, 72, 80, 100, 110, 200]) {
    const { columns, shortState } = scanColumns(width);
    const line = text(scanRowLine(r, columns, { selected: true, requerying: false, shortState, unicode: true }));
    // The answer column takes the rest; below 31 columns there is none left.
    assert.ok(line.length <= width && line.length >= width - 1, `width ${width}: ${line.length}`);
    assert.ok(line.includes('389'));
    assert.ok(line.includes(shortState ? 'LISTEN|FILT' : 'LISTENING OR FILTERED'));
  }
  assert.ok(text(scanRowLine(r, scanColumns(80).columns, { selected: false, requerying: true, shortState: false, unicode: false })).includes('* LISTENING OR FILTERED'));
});

test('80x24 shows 17 table rows; small terminals drop the header, then the table header', () => {
  assert.equal(layoutFor({ columns: 80, rows: 24 }, 'scan').body, 17);
  assert.deepEqual(
    (({ header, tableHeader, status, body }) => ({ header, tableHeader, status, body }))(layoutFor({ columns: 60, rows: 12 }, 'scan')),
    { header: 1, tableHeader: 1, status: 1, body: 7 },
  );
  assert.equal(layoutFor({ columns: 60, rows: 6 }, 'scan').body, 3);
  assert.equal(layoutFor({ columns: 20, rows: 6 }, 'scan').tooSmall, true);
});

test('key hints fit the width', () => {
  for (const width of [20, 40, 80]) assert.ok(text(keyHints('scan', width, true)).length <= width);
  assert.match(text(keyHints('scan', 200, true)), /\/ filter/);
});

test('NO_COLOR keeps bold but no colour; TERM=dumb drops every style and Unicode', () => {
  const noColor = detectTheme({ NO_COLOR: '1', TERM: 'xterm' });
  assert.deepEqual(noColor, { color: false, styles: true, unicode: true });
  assert.deepEqual(toneStyle('heading', noColor), { bold: true });
  assert.deepEqual(toneStyle('good', noColor), {});
  const dumb = detectTheme({ TERM: 'dumb' });
  assert.deepEqual(dumb, { color: false, styles: false, unicode: false });
  assert.deepEqual(toneStyle('heading', dumb), {});
  assert.equal(detectTheme({ TERM: 'xterm', NO_COLOR: '' }).color, true, 'an empty NO_COLOR does not count');
  assert.equal(detectTheme({ TERM: 'xterm', LANG: 'C' }).unicode, false);
  assert.equal(detectTheme({ TERM: 'xterm', LANG: 'en_US.UTF-8' }).unicode, true);
});
