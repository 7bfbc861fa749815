import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexDumpColumns, hexDumpLines } from '../../../src/ui/format/hex-dump.js';
import { fieldTreeLines } from '../../../src/ui/format/field-tree.js';
import { fit, sanitize, truncate } from '../../../src/ui/format/fit-text.js';

test('hex dump: offset, two groups of eight, printable ASCII', () => {
  const bytes = Uint8Array.from([0x30, 0x0c, 0x02, 0x01, 0x01, 0x60, 0x07, 0x02, 0x01, 0x03, 0x04, 0x00, 0x80, 0x00, 0x41, 0x42, 0x7f, 0x20]);
  const lines = hexDumpLines(bytes);
  assert.deepEqual(lines, [
    '0000  30 0c 02 01 01 60 07 02  01 03 04 00 80 00 41 42  |0....`........AB|',
    '0010  7f 20                                             |. |',
  ]);
  assert.equal(lines[0]!.length, hexDumpColumns(16));
  assert.equal(hexDumpLines(bytes, { width: 8 })[0], '0000  30 0c 02 01  01 60 07 02  |0....`..|');
  assert.deepEqual(hexDumpLines(new Uint8Array(0)), []);
});

test('hex dump stops at maxBytes and says how much is left', () => {
  const lines = hexDumpLines(new Uint8Array(100), { maxBytes: 32 });
  assert.equal(lines.length, 3);
  assert.equal(lines[2], '... 68 more bytes not shown');
});

test('field tree: branches open levels, scalars sit on their key', () => {
  const t = fieldTreeLines({ rcode: 'NOERROR', answers: [{ name: 'a', ttl: 60 }], flags: { aa: true }, empty: [], none: null });
  assert.deepEqual(
    t.map((l) => `${'  '.repeat(l.depth)}${l.key}${l.value === null ? '' : `: ${l.value}`}`),
    ['rcode: "NOERROR"', 'answers [1]', '  [0]', '    name: "a"', '    ttl: 60', 'flags', '  aa: true', 'empty: []', 'none: null'],
  );
});

test('text is cut to the column and control characters cannot reach the terminal', () => {
  assert.equal(truncate('abcdef', 4), 'abc…');
  assert.equal(truncate('abcdef', 4, false), 'abc~');
  assert.equal(fit('ab', 4, 'right'), '  ab');
  assert.equal(sanitize('ok\x1b[2Jbad\tx'), 'ok·[2Jbad x');
});
