import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEndpointText } from '../../src/local/endpoint-text.js';
import { formatIpv6, normalizeAddress, parseIpv6 } from '../../src/local/ip-address.js';

test('RFC 5952 text: longest zero run, first on a tie, no single-group ::, lower case, mapped IPv4', () => {
  const cases: [string, string][] = [
    ['2001:0db8:0000:0000:0000:0000:0002:0001', '2001:db8::2:1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:DB8:0:0:0:1:0:0', '2001:db8::1:0:0'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['::ffff:7f00:1', '::ffff:127.0.0.1'],
    ['fe80::', 'fe80::'],
  ];
  for (const [input, expected] of cases) {
    const bytes = parseIpv6(input);
    assert.ok(bytes, input);
    assert.equal(formatIpv6(bytes), expected, input);
  }
  assert.equal(parseIpv6('1.2.3.4'), null);
  assert.equal(normalizeAddress('FE80::0001%eth0'), 'fe80::1%eth0');
  assert.equal(normalizeAddress('10.0.0.1'), '10.0.0.1');
  assert.equal(normalizeAddress('not-an-ip'), 'not-an-ip');
});

test('endpoint text of ss, netstat and lsof', () => {
  assert.deepEqual(parseEndpointText('127.0.0.1:80'), { address: '127.0.0.1', port: 80 });
  assert.deepEqual(parseEndpointText('[::1]:631'), { address: '::1', port: 631 });
  assert.deepEqual(parseEndpointText('[fe80::1%7]:123'), { address: 'fe80::1%7', port: 123 });
  assert.deepEqual(parseEndpointText('[fe80::1]%eth0:546'), { address: 'fe80::1%eth0', port: 546 });
  assert.deepEqual(parseEndpointText('127.0.0.53%lo:53'), { address: '127.0.0.53%lo', port: 53 });
  assert.deepEqual(parseEndpointText('*:*'), { address: null, port: null });
  assert.deepEqual(parseEndpointText('*:5353'), { address: null, port: 5353 });
  assert.equal(parseEndpointText('1.2.3.4:70000'), null);
  assert.equal(parseEndpointText('1.2.3.4'), null);
  assert.equal(parseEndpointText(':80'), null);
});
