/**
 * Ctrl-C and SIGTERM during a scan: the log file ends complete (footer included) and the exit
 * code says how the run ended. PortQry's users lost their logs this way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_FOOTER } from '../../src/report/log-file.js';

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  test(`${signal} during a scan: exit ${code}, the log ends with its footer`, async () => {
    // A silent UDP listener keeps the probe waiting for the whole (long) timeout.
    const udp = createSocket('udp4');
    udp.unref();
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
    const log = join(mkdtempSync(join(tmpdir(), 'portq-sig-')), 'scan.log');
    const child = spawn(process.execPath, ['bin/portq.js', '-n', '127.0.0.1', '-nr', '-p', 'udp', '-o', String(udp.address().port), '--timeout', '60000', '-l', log, '--no-tui'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    // Signal once the header is out (the scan is under way).
    await new Promise<void>((resolve) => child.stdout.on('data', () => out.includes('querying...') && resolve()));
    child.kill(signal);
    const exit = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    udp.close();
    assert.equal(exit, code);
    const text = readFileSync(log, 'utf8');
    assert.match(text, /Interrupted by (Ctrl-C|SIGTERM): 0 of 1 port\(s\) done\./);
    assert.ok(text.trimEnd().endsWith(LOG_FOOTER), 'footer last');
  });
}
