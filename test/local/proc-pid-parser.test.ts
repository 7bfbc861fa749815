import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBootTime, parseCgroupUnit, parseCmdline, parseMaps, parseProcStat, parseProcStatus } from '../../src/local/proc-pid-parser.js';
import { parsePasswd } from '../../src/local/passwd-parser.js';
import { fixture, jsonFixture } from './load-fixture.js';

test('captured stat: comm, ppid and start ticks', () => {
  const stat = parseProcStat(fixture('proc-self-stat.txt'));
  assert.ok(stat);
  assert.equal(stat.name, 'node');
  assert.ok(stat.ppid > 0);
  assert.ok(stat.startTicks > 0);
});

test('stat: a comm with spaces and parentheses is cut at the last parenthesis', () => {
  const line = '77 (evil) x (y) S 1 77 77 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 4242 1000 10 18446744073709551615';
  assert.deepEqual(parseProcStat(line), { name: 'evil) x (y', ppid: 1, startTicks: 4242 });
  assert.equal(parseProcStat('garbage'), null);
  assert.equal(parseProcStat('1 (short) S 0'), null);
});

test('captured status: name and effective uid', () => {
  assert.deepEqual(parseProcStatus(fixture('proc-self-status.txt')), { name: 'node', uid: 0 });
  assert.deepEqual(parseProcStatus('Name:\tsshd\nUid:\t1000\t0\t0\t0\n'), { name: 'sshd', uid: 0 });
});

test('captured cmdline: NUL-separated arguments', () => {
  const { text } = jsonFixture<{ text: string }>('proc-self-cmdline.json');
  assert.equal(parseCmdline(text), 'node test/local/fixtures/capture-linux.mjs');
  assert.equal(parseCmdline(''), null);
});

test('captured maps: each file once, executable first, with its lowest address', () => {
  const modules = parseMaps(fixture('proc-self-maps.txt'));
  assert.ok(modules.length > 3);
  assert.match(modules[0]!.path, /node$/);
  assert.ok(modules.some((m) => /libc\.so/.test(m.path)));
  assert.equal(new Set(modules.map((m) => m.path)).size, modules.length);
  assert.ok(modules.every((m) => /^0x[0-9a-f]+$/.test(m.baseAddress!)));
  assert.ok(!modules.some((m) => m.path.startsWith('[') || m.path.startsWith('/dev/')));
});

test('maps: paths with spaces and deleted files are kept, anonymous and device mappings are not', () => {
  const text = [
    '55d0a0000000-55d0a0001000 r--p 00000000 08:01 1234                       /opt/my app/bin/server',
    '55d0a0001000-55d0a0002000 r-xp 00001000 08:01 1234                       /opt/my app/bin/server',
    '7f0000000000-7f0000001000 rw-p 00000000 00:00 0                          [heap]',
    '7f0000002000-7f0000003000 rw-s 00000000 00:05 99                         /dev/zero (deleted)',
    '7f0000004000-7f0000005000 r-xp 00000000 08:01 555                        /usr/lib/libold.so (deleted)',
    '7f0000006000-7f0000007000 rw-p 00000000 00:00 0 ',
  ].join('\n');
  assert.deepEqual(parseMaps(text), [
    { path: '/opt/my app/bin/server', baseAddress: '0x55d0a0000000' },
    { path: '/usr/lib/libold.so (deleted)', baseAddress: '0x7f0000004000' },
  ]);
});

test('cgroup: the systemd unit from the unified hierarchy or name=systemd', () => {
  // Captured here: no systemd in this VM, so no unit.
  assert.equal(parseCgroupUnit(fixture('proc-self-cgroup.txt')), null);
  // Shapes from systemd.special(7) / cgroups(7): hand-written.
  assert.equal(parseCgroupUnit('0::/system.slice/ssh.service\n'), 'ssh.service');
  assert.equal(parseCgroupUnit('0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-foo@1.service\n'), 'app-foo@1.service');
  assert.equal(parseCgroupUnit('0::/user.slice/user-1000.slice/session-3.scope\n'), 'session-3.scope');
  assert.equal(parseCgroupUnit('12:pids:/system.slice/cron.service\n1:name=systemd:/system.slice/cron.service\n'), 'cron.service');
  assert.equal(parseCgroupUnit('0::/init.scope\n'), 'init.scope');
  assert.equal(parseCgroupUnit('0::/docker/0123abcd\n'), null);
});

test('boot time and passwd', () => {
  assert.equal(parseBootTime('cpu  1 2 3\nbtime 1700000000\nprocesses 5\n'), 1700000000);
  assert.equal(parseBootTime('cpu 1\n'), null);
  const names = parsePasswd('# comment\nroot:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534::/:/usr/sbin/nologin\nbad line\ntoor:x:0:0::/:/bin/sh\n');
  assert.equal(names.get(0), 'root');
  assert.equal(names.get(65534), 'nobody');
  assert.equal(names.size, 2);
});
