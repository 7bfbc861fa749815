import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSettings, draftFromOptions, formatPorts, optionsFromDraft } from '../../../src/ui/state/query-draft.js';
import { runCommandLine } from '../../../src/ui/state/command-line.js';
import { UsageError } from '../../../src/engine/errors.js';
import { DEFAULT_UI_PROBES } from '../../../src/engine/presets.js';
import { tcpPorts, testOptions } from '../helpers/test-options.js';

test('port lists are written compactly', () => {
  assert.equal(formatPorts([1, 2, 3, 5, 7, 8]), '1:3,5,7,8');
  assert.equal(formatPorts([80]), '80');
});

test('a draft re-creates the options it came from', () => {
  const both = testOptions([...tcpPorts(1, 3)].flatMap((k) => [k, { protocol: 'udp' as const, port: k.port }]));
  const d = draftFromOptions(both);
  assert.equal(d.protocol, 'both');
  assert.equal(d.ports, '1:3');
  assert.deepEqual(optionsFromDraft(d, both).options.probes, both.probes);
  // The default UI set mixes protocols per port: it is kept as launched.
  const mixed = testOptions(DEFAULT_UI_PROBES);
  const dm = draftFromOptions(mixed);
  assert.notEqual(dm.custom, null);
  assert.deepEqual(optionsFromDraft(dm, mixed).options.probes, DEFAULT_UI_PROBES);
  assert.equal(draftFromOptions(mixed, 'ad').preset, 'ad');
});

test('-sl doubles the UDP wait once, whatever the base had', () => {
  const base = testOptions(tcpPorts(1, 1));
  const d = { ...draftFromOptions(base), slowLink: true };
  const o = optionsFromDraft(d, base).options;
  assert.equal(o.timeoutMs.udp, base.timeoutMs.udp * 2);
  assert.equal(optionsFromDraft(d, o).options.timeoutMs.udp, base.timeoutMs.udp * 2);
});

test('a bad draft is a UsageError with a message for the user', () => {
  const base = testOptions(tcpPorts(1, 1));
  assert.throws(() => optionsFromDraft({ ...draftFromOptions(base), host: ' ' }, base), UsageError);
  assert.throws(() => optionsFromDraft({ ...draftFromOptions(base), ports: '70000' }, base), /out of range/);
});

test('PortQry interactive commands', () => {
  const d = draftFromOptions(testOptions(tcpPorts(80, 80)));
  const r1 = runCommandLine('node example.test', d);
  assert.ok(r1.kind === 'draft' && r1.draft.host === 'example.test');
  const r2 = runCommandLine('set p=BOTH; set e=53; set sp=5000; set cn=!my community!; set nr; set sl', d);
  assert.equal(r2.kind, 'draft');
  if (r2.kind === 'draft') {
    assert.equal(r2.draft.protocol, 'both');
    assert.equal(r2.draft.ports, '53');
    assert.equal(r2.draft.sourcePort, 5000);
    assert.equal(r2.draft.community, 'my community');
    assert.equal(r2.draft.reverseLookup, false);
    assert.equal(r2.draft.slowLink, true);
    assert.match(describeSettings(r2.draft), /cn=!my community!.*nr=on.*sl=on/);
  }
  const all = runCommandLine('set all', d);
  assert.ok(all.kind === 'draft' && /node=127\.0\.0\.1/.test(all.message));
  assert.deepEqual(runCommandLine('q', d), { kind: 'run', draft: d });
  const ldap = runCommandLine('query ldap', d);
  assert.ok(ldap.kind === 'run' && ldap.draft.preset === 'ldap');
  assert.equal(runCommandLine('q nosuch', d).kind, 'error');
  assert.equal(runCommandLine('set p=icmp', d).kind, 'error');
  assert.equal(runCommandLine('set e=0', d).kind, 'error');
  assert.equal(runCommandLine('r 10:5', d).kind, 'error');
  assert.equal(runCommandLine('set sp=99999', d).kind, 'error');
  assert.equal(runCommandLine('set frob=1', d).kind, 'error');
  assert.deepEqual(runCommandLine('exit', d), { kind: 'quit' });
  assert.equal(runCommandLine('help', d).kind, 'help');
  const range = runCommandLine('r 1:1024', d);
  assert.ok(range.kind === 'draft' && range.draft.ports === '1:1024' && range.draft.preset === null);
});
