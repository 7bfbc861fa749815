import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { parseArgs, probesFor } from '../../src/cli/args.js';
import { UsageError } from '../../src/engine/errors.js';

// Every row: argv that must be refused, and a fragment the one-line message must contain
// (naming the flag and, where there is one, the fix).
const INVALID: [string[], RegExp][] = [
  [['-n'], /-n needs a value/],
  [['-n', '127.0.0.1', '-e'], /-e needs a value/],
  [['-n', '127.0.0.1', '-e', '0'], /-e: 0 is out of range.*1 to 65535/],
  [['-n', '127.0.0.1', '-e', '65536'], /-e: 65536 is out of range/],
  [['-n', '127.0.0.1', '-e', 'http'], /-e: "http" is not a number/],
  [['-n', '127.0.0.1', '-e', '-5'], /-e: "-5" is not a number/],
  [['-n', '127.0.0.1', '-r', '100:10'], /-r: range 100:10 runs backwards.*10:100/],
  [['-n', '127.0.0.1', '-r', '0:10'], /-r: port 0 is out of range/],
  [['-n', '127.0.0.1', '-r', '1:65536'], /-r: port 65536 is out of range/],
  [['-n', '127.0.0.1', '-r', '80'], /-r: "80" is not a range/],
  [['-n', '127.0.0.1', '-r', '80:80'], /single port; use -e 80/],
  [['-n', '127.0.0.1', '-r', 'a:b'], /-r: "a" is not a port number/],
  [['-n', '127.0.0.1', '-o', '80,,81'], /-o: empty item/],
  [['-n', '127.0.0.1', '-o', '80,99999'], /-o: port 99999 is out of range/],
  [['-n', '127.0.0.1', '-o', '90:80'], /runs backwards/],
  [['-n', '127.0.0.1', '-e', '80', '-r', '1:5'], /-e and -r cannot be used together/],
  [['-n', '127.0.0.1', '-e', '80', '-o', '1,5'], /-e and -o cannot be used together/],
  [['-n', '127.0.0.1', '-r', '1:5', '-o', '1,5'], /-r and -o cannot be used together/],
  [['-n', '127.0.0.1', '-p', 'icmp'], /-p: "icmp" is not a protocol; use tcp, udp or both/],
  [['-n', '127.0.0.1', '-r', '1:5', '-q'], /-q works with a single port only/],
  [['-n', '127.0.0.1', '-o', '1,5', '-q'], /-q works with a single port only/],
  [['-n', '127.0.0.1', '-e', '53', '-p', 'both', '-q'], /-q cannot be used with -p both/],
  [['-n', '127.0.0.1', '-e', '53', '-q', '--json'], /-q and --json cannot be used together/],
  [['-local', '-wport', '80'], /-local and -wport cannot be used together/],
  [['-wport', '80', '-wpid', '1'], /-wport and -wpid cannot be used together/],
  [['-local', '-n', '127.0.0.1'], /-n cannot be used with -local/],
  [['-local', '-wt', '5'], /-wt cannot be used with -local/],
  [['-n', '127.0.0.1', '-wt', '5'], /-wt needs -wport PORT or -wpid PID/],
  [['-wport', '80', '-wt', '0'], /-wt: 0 is out of range; give a number of seconds from 1 to 1200/],
  [['-wport', '80', '-wt', '1201'], /-wt: 1201 is out of range/],
  [['-wport', '0'], /-wport: 0 is out of range/],
  [['-wpid', 'abc'], /-wpid: "abc" is not a number/],
  [['-n', '127.0.0.1', '-sp', '70000'], /-sp: 70000 is out of range/],
  [['-n', '127.0.0.1', '-cn', '!!'], /-cn: the community is empty/],
  [['-n', '127.0.0.1', '--bogus'], /unknown option --bogus; run portq --help/],
  [['-x'], /unknown option -x/],
  [['127.0.0.1'], /unexpected argument "127.0.0.1"; give the host with -n/],
  [['-n', '127.0.0.1', '-n', '::1'], /-n is given twice/],
  [['-n', '127.0.0.1', '--preset', 'nope'], /--preset: unknown preset "nope"; choose one of/],
  [['-n', '127.0.0.1', '--preset', 'ad', '-e', '80'], /cannot be used together/],
  [['-n', '127.0.0.1', '--preset', 'dns', '-p', 'udp'], /-p cannot be used with --preset/],
  [['-n', '127.0.0.1', '--timeout', '0'], /--timeout: 0 is out of range/],
  [['-n', '127.0.0.1', '--retries', '99'], /--retries: 99 is out of range/],
  [['-n', '127.0.0.1', '--concurrency', 'lots'], /--concurrency: "lots" is not a number/],
  [['-n', '127.0.0.1', '-4', '-6'], /-4 and -6 cannot be used together/],
  [['-n', '127.0.0.1', '--json=yes'], /--json takes no value/],
  [['-n', '127.0.0.1', '--brief'], /--brief goes with -local only/],
  [['-wport', '80', '--brief'], /--brief goes with -local only/],
  [['-i', '--json'], /--json cannot be used with -i/],
];

test(`${INVALID.length} invalid invocations are refused with a message naming the flag`, () => {
  assert.ok(INVALID.length >= 30);
  for (const [argv, expected] of INVALID) {
    assert.throws(
      () => parseArgs(argv),
      (err: unknown) => {
        assert.ok(err instanceof UsageError, `${argv.join(' ')}: expected UsageError, got ${String(err)}`);
        assert.match(err.message, expected, `portq ${argv.join(' ')}`);
        assert.ok(!err.message.includes('\n'), 'one line');
        assert.equal(err.exitCode, 64);
        return true;
      },
    );
  }
});

test('PortQry flags parse case-insensitively, with /x spellings, and keep port order', () => {
  const a = parseArgs(['-N', 'host1', '/p', 'BOTH', '-o', '389,53,135:137,53']);
  assert.equal(a.host, 'host1');
  assert.equal(a.proto, 'both');
  assert.deepEqual(a.ports, [389, 53, 135, 136, 137]);
  assert.deepEqual(probesFor(a).slice(0, 4), [
    { protocol: 'tcp', port: 389 },
    { protocol: 'udp', port: 389 },
    { protocol: 'tcp', port: 53 },
    { protocol: 'udp', port: 53 },
  ]);
});

test('defaults follow PortQry: tcp, port 80; -r accepts a-b; -cn strips the ! delimiters', () => {
  const a = parseArgs(['-n', 'h']);
  assert.equal(a.proto, 'tcp');
  assert.deepEqual(a.ports, [80]);
  assert.deepEqual(parseArgs(['-n', 'h', '-r', '10-12']).ports, [10, 11, 12]);
  assert.equal(parseArgs(['-n', 'h', '-cn', '!my community!']).community, 'my community');
  assert.equal(parseArgs(['-n', 'h', '--host=other', '-e', '1'].slice(2)).host, 'other');
});

test('the binary prints a one-line error and exit 64 for bad input, never a stack trace', () => {
  const r = spawnSync(process.execPath, ['bin/portq.js', '-n', '127.0.0.1', '-e', '0'], { encoding: 'utf8' });
  assert.equal(r.status, 64);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
});

test('--help lists every PortQry flag', () => {
  const r = spawnSync(process.execPath, ['bin/portq.js', '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  for (const flag of ['-n', '-p', '-e', '-r', '-o', '-q', '-l', '-y', '-sl', '-nr', '-sp', '-cn', '-i', '-local', '-wport', '-wpid', '-wt', '-v', '--json']) {
    assert.match(r.stdout, new RegExp(`(^|[ ,])${flag}[ ,]`, 'm'), flag);
  }
});

test('banner wait: 1000 ms for -e and -o, 250 ms under -r (a sweep), --banner-wait wins', async () => {
  const { scanOptionsFrom } = await import('../../src/cli/main.js');
  const { loadServices } = await import('../../src/engine/services.js');
  const services = loadServices();
  const wait = (argv: string[]) => {
    const a = parseArgs(argv);
    return scanOptionsFrom(a, 'localhost', probesFor(a), services).bannerWaitMs;
  };
  assert.equal(wait(['-n', 'localhost', '-e', '25']), 1000);
  assert.equal(wait(['-n', 'localhost', '-o', '25,110']), 1000);
  assert.equal(wait(['-n', 'localhost', '-r', '1:1024']), 250);
  assert.equal(wait(['-n', 'localhost', '-r', '1:1024', '--banner-wait', '2000']), 2000);
  assert.equal(wait(['-n', 'localhost', '-e', '25', '--banner-wait', '0']), 0);
});
