#!/usr/bin/env node
// Runs node's test runner over test/**/*.test.ts(x) through tsx. Node 20's --test has no globbing,
// so the files are listed here. `unit` excludes test/interop (which needs the lab, see test/lab).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const suite = process.argv[2] ?? 'unit';
const extra = process.argv.slice(3);
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return /\.test\.tsx?$/.test(name) ? [path] : [];
  });
}
const root = suite === 'interop' ? 'test/interop' : 'test';
const files = walk(root).filter((f) => suite === 'interop' || !f.startsWith(join('test', 'interop'))).sort();
if (files.length === 0) {
  console.error(`no test files under ${root}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...extra, ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
