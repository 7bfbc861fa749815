import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../src/local/csv-parser.js';
import { parseNetstat } from '../../src/local/netstat-parser.js';
import { parseTasklist, parseTasklistModules, parseTasklistServices } from '../../src/local/tasklist-parser.js';
import { parseWin32ProcessCsv } from '../../src/local/win32-process-parser.js';
import { fixture } from './load-fixture.js';

test('netstat -ano: TCP with states, UDP without, IPv6 with zones, PID 0 owns nothing', () => {
  const { records, skipped } = parseNetstat(fixture('netstat-windows.txt'));
  assert.deepEqual(skipped, []);
  assert.equal(records.length, 13);
  const epmap = records.filter((r) => r.localPort === 135);
  assert.deepEqual(epmap.map((r) => [r.family, r.localAddress, r.state, r.remoteAddress, r.owners[0]?.pid]), [
    [4, '0.0.0.0', 'LISTENING', null, 952],
    [6, '::', 'LISTENING', null, 952],
  ]);
  const tw = records.find((r) => r.localPort === 49830)!;
  assert.deepEqual([tw.state, tw.owners.length, tw.remoteAddress, tw.remotePort], ['TIME WAIT', 0, '52.113.194.132', 443]);
  assert.equal(records.find((r) => r.localPort === 5354)?.state, 'CLOSE WAIT');
  assert.equal(records.find((r) => r.localPort === 49672)?.state, 'SYN SENT');
  const linkLocal = records.find((r) => r.localPort === 49700)!;
  assert.deepEqual([linkLocal.localAddress, linkLocal.remoteAddress, linkLocal.state], ['fe80::8d2:1f0a:1b3c:9e21%12', 'fe80::1%12', 'FIN WAIT 2']);
  const ntp = records.filter((r) => r.localPort === 123);
  assert.deepEqual(ntp.map((r) => [r.protocol, r.family, r.state, r.remoteAddress, r.owners[0]?.pid]), [
    ['udp', 4, null, null, 1520],
    ['udp', 6, null, null, 1520],
  ]);
});

test('netstat: a translated state is UNKNOWN, a row without PID is reported', () => {
  const { records, skipped } = parseNetstat('  TCP    0.0.0.0:135   0.0.0.0:0   ABHÖREN   952\r\n  TCP    0.0.0.0:136   0.0.0.0:0   LISTENING\r\n');
  assert.equal(records[0]?.state, 'UNKNOWN');
  assert.equal(skipped.length, 1);
});

test('tasklist /v, /svc and /m in CSV', () => {
  const tasks = parseTasklist(fixture('tasklist-v.txt'));
  assert.equal(tasks.length, 8);
  assert.deepEqual(tasks.find((t) => t.pid === 952), { pid: 952, imageName: 'svchost.exe', user: 'NT AUTHORITY\\NETWORK SERVICE' });
  assert.equal(tasks.find((t) => t.pid === 4)?.user, null);
  assert.equal(tasks.find((t) => t.pid === 3968)?.user, 'CONTOSO\\alice');
  const services = parseTasklistServices(fixture('tasklist-svc.txt'));
  assert.deepEqual(services.get(952), ['RpcEptMapper', 'RpcSs']);
  assert.deepEqual(services.get(3968), []);
  const modules = parseTasklistModules(fixture('tasklist-m.txt'));
  assert.deepEqual(modules.get(3968), ['ntdll.dll', 'KERNEL32.DLL', 'msedge_elf.dll']);
  assert.deepEqual(modules.get(0), []);
});

test('Win32_Process CSV: quoted command lines and ISO start times', () => {
  const processes = parseWin32ProcessCsv(fixture('win32-process.csv.txt'));
  assert.equal(processes.get(3968)?.commandLine, '"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --profile-directory=Default');
  assert.equal(processes.get(952)?.startTime, '2025-06-09T07:01:02.123Z');
  assert.equal(processes.get(4)?.commandLine, null);
  assert.equal(parseWin32ProcessCsv('').size, 0);
  assert.equal(parseWin32ProcessCsv('#TYPE Selected.Microsoft\n"ProcessId"\n"5"\n').get(5)?.commandLine, null);
});

test('CSV: doubled quotes, commas, CRLF, empty fields and a quoted line break', () => {
  assert.deepEqual(parseCsv('"a","b ""c"", d",,"e\r\nf"\r\nx,y\n'), [
    ['a', 'b "c", d', '', 'e\r\nf'],
    ['x', 'y'],
  ]);
  assert.deepEqual(parseCsv(''), []);
});
