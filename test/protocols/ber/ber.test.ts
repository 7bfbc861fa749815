import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import { berFrameLength, readChildren, readElement, readInteger, readString } from '../../../src/protocols/ber/ber-reader.js';
import { boolean, constructed, explicit, integer, integerContent, octetString, sequence, tag, tlv } from '../../../src/protocols/ber/ber-writer.js';
import { mutationFuzz, truncationFuzz } from '../../helpers/fuzz-decoder.js';

test('integers are minimal two\'s complement (X.690 8.3.2)', () => {
  const cases: [number, string][] = [
    [0, '00'],
    [1, '01'],
    [127, '7f'],
    [128, '0080'],
    [255, '00ff'],
    [256, '0100'],
    [-1, 'ff'],
    [-128, '80'],
    [-129, 'ff7f'],
    [2147483647, '7fffffff'],
  ];
  for (const [n, hex] of cases) {
    assert.equal(integerContent(n).toString('hex'), hex, String(n));
    const el = readElement(integer(n), 0);
    assert.equal(readInteger(integer(n), el), n);
  }
});

test('APPLICATION tags keep their class: LDAP SearchRequest is 0x63, Kerberos AS-REQ 0x6a', () => {
  assert.equal(constructed({ tagClass: 'application', tagNumber: 3 })[0], 0x63);
  assert.equal(constructed({ tagClass: 'application', tagNumber: 10 })[0], 0x6a);
  assert.equal(octetString('x', tag('context', 7))[0], 0x87);
  assert.equal(explicit(2, integer(1))[0], 0xa2);
});

test('long-form lengths and high tag numbers round-trip', () => {
  const big = octetString(Buffer.alloc(300, 0x41));
  assert.deepEqual([...big.subarray(0, 4)], [0x04, 0x82, 0x01, 0x2c]);
  const el = readElement(big, 0);
  assert.equal(el.end - el.contentStart, 300);
  const high = tlv(tag('application', 100), Buffer.from([1]));
  assert.deepEqual([...high], [0x5f, 0x64, 0x01, 0x01]);
  const h = readElement(high, 0);
  assert.equal(h.tagClass, 'application');
  assert.equal(h.tagNumber, 100);
});

test('nested sequences decode child by child', () => {
  const buf = sequence(integer(5), octetString('abc'), boolean(true));
  const top = readElement(buf, 0);
  const kids = readChildren(buf, top);
  assert.equal(kids.length, 3);
  assert.equal(readInteger(buf, kids[0]), 5);
  assert.equal(readString(buf, kids[1]), 'abc');
  assert.equal(buf[kids[2].contentStart], 0xff);
});

test('lengths past the end, indefinite lengths and 5-octet lengths are DecodeErrors', () => {
  assert.throws(() => readElement(Buffer.from([0x04, 0x05, 0x41]), 0), DecodeError);
  assert.throws(() => readElement(Buffer.from([0x30, 0x80, 0x00, 0x00]), 0), DecodeError);
  assert.throws(() => readElement(Buffer.from([0x04, 0x85, 1, 0, 0, 0, 0]), 0), DecodeError);
  assert.throws(() => readElement(Buffer.from([0x04, 0x84, 0xff, 0xff, 0xff, 0xff]), 0), DecodeError);
  assert.throws(() => readInteger(Buffer.from([0x02, 0x00]), readElement(Buffer.from([0x02, 0x00]), 0)), DecodeError);
  const huge = Buffer.from([0x02, 0x07, 1, 2, 3, 4, 5, 6, 7]);
  assert.throws(() => readInteger(huge, readElement(huge, 0)), DecodeError);
});

test('the stream framer waits for whole elements and refuses impossible headers', () => {
  const msg = sequence(integer(1), octetString(Buffer.alloc(200)));
  for (let i = 0; i < msg.length; i++) assert.equal(berFrameLength(msg.subarray(0, i)), null, `prefix ${i}`);
  assert.equal(berFrameLength(msg), msg.length);
  assert.equal(berFrameLength(Buffer.concat([msg, Buffer.from([0x30])])), msg.length);
  assert.throws(() => berFrameLength(Buffer.from([0x30, 0x80])), DecodeError);
  assert.throws(() => berFrameLength(Buffer.from([0x30, 0x89, 1])), DecodeError);
});

test('reader robustness: truncations and 10,000 mutations of a nested element', () => {
  const sample = sequence(integer(300), octetString('hello'), sequence(explicit(1, integer(-5)), tlv(tag('application', 40), Buffer.from('x'))));
  const walk = (buf: Buffer) => {
    const visit = (start: number, end: number): void => {
      let pos = start;
      while (pos < end) {
        const el = readElement(buf, pos, end);
        if (el.constructed) visit(el.contentStart, el.end);
        else if (el.tagNumber === 2 && el.tagClass === 'universal') readInteger(buf, el);
        pos = el.end;
      }
    };
    visit(0, buf.length);
    berFrameLength(buf);
  };
  const t = truncationFuzz([sample], walk);
  const m = mutationFuzz([sample], walk, 10_000, 0xbe5);
  assert.equal(t.runs, sample.length + 1);
  assert.equal(m.runs, 10_000);
  assert.ok(m.rejected > 0 && m.decoded > 0);
});
