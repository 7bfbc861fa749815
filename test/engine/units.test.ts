import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePortSpec, parseRange } from '../../src/engine/port-spec.js';
import { parseServices, loadServices } from '../../src/engine/services.js';
import { classifyErrno, silenceVerdict } from '../../src/engine/classify.js';
import { moduleForService } from '../../src/protocols/registry.js';
import { autoConcurrency } from '../../src/engine/concurrency.js';
import { PRESETS } from '../../src/engine/presets.js';
import { UsageError } from '../../src/engine/errors.js';

test('port specs keep order, drop repeats, accept : and - ranges', () => {
  assert.deepEqual(parsePortSpec('389, 53,135:137,53,136'), [389, 53, 135, 136, 137]);
  assert.deepEqual(parseRange('65534-65535'), [65534, 65535]);
  assert.equal(parseRange('1:65535').length, 65535);
  assert.throws(() => parsePortSpec(''), UsageError);
});

test('the bundled services database names the Windows/AD ports per protocol', () => {
  const db = loadServices();
  assert.equal(db.nameOf(135, 'tcp'), 'epmap');
  assert.equal(db.nameOf(137, 'udp'), 'netbios-ns');
  assert.equal(db.nameOf(389, 'tcp'), 'ldap');
  assert.equal(db.nameOf(389, 'udp'), 'ldap');
  assert.equal(db.nameOf(88, 'udp'), 'kerberos');
  assert.equal(db.nameOf(1434, 'udp'), 'ms-sql-m');
  assert.equal(db.nameOf(445, 'tcp'), 'microsoft-ds');
  assert.equal(db.nameOf(3268, 'tcp'), 'globalcatalog');
  assert.equal(db.nameOf(53, 'udp'), 'domain');
  assert.equal(db.nameOf(1434, 'tcp'), null);
  assert.equal(db.nameOf(61000, 'tcp'), null);
  assert.ok(db.entries.length > 200);
});

test('a custom services file redirects the protocol query by name (ldap 1389/tcp gets LDAP)', () => {
  const db = parseServices('# mine\nldap 1389/tcp\ndomain   5353/udp  dns # comment\nfoo 7/sctp\n', 'custom');
  assert.equal(db.nameOf(1389, 'tcp'), 'ldap');
  assert.equal(moduleForService(db.nameOf(5353, 'udp'), 'udp')?.name, 'dns');
  assert.deepEqual(db.portsOf('dns', 'udp'), [5353]);
  assert.throws(() => parseServices('ldap notaport\n', 'bad'), /line 1/);
});

test('socket errors classify as PortQry states with a reason', () => {
  assert.deepEqual(classifyErrno('ECONNREFUSED', 'tcp', 'h')?.state, 'NOT LISTENING');
  assert.equal(classifyErrno('ECONNREFUSED', 'udp', 'h')?.reason, 'port-unreachable');
  assert.equal(classifyErrno('EHOSTUNREACH', 'tcp', 'h')?.state, 'FILTERED');
  assert.equal(classifyErrno('EACCES', 'udp', 'h')?.reason, 'admin-prohibited');
  assert.equal(classifyErrno('ENOPROTOOPT', 'tcp', 'h')?.state, 'FILTERED');
  assert.equal(classifyErrno('EWHATEVER', 'tcp', 'h'), null);
  assert.equal(silenceVerdict('tcp', 3, 'x').state, 'FILTERED');
  assert.equal(silenceVerdict('udp', 1, 'x').state, 'LISTENING OR FILTERED');
});

test('concurrency comes from the open-file limit, capped', () => {
  assert.equal(autoConcurrency(20000), 1024);
  assert.equal(autoConcurrency(256), 96);
  assert.equal(autoConcurrency(10), 1);
});

test('the ad preset is PortQryUI\'s Domains and Trusts set and follows RPC ports', () => {
  const ad = PRESETS.ad!;
  assert.equal(ad.followRpcPorts, true);
  assert.deepEqual(ad.probes.slice(0, 3), [
    { protocol: 'tcp', port: 135 },
    { protocol: 'tcp', port: 389 },
    { protocol: 'udp', port: 389 },
  ]);
  assert.ok(ad.probes.some((k) => k.protocol === 'tcp' && k.port === 42));
});
