#!/usr/bin/env node
// Entry point only: all logic lives in src/cli (compiled to dist/ by `npm install` / `npm run build`).
import { setFlagsFromString } from 'node:v8';

// Keep V8's young generation at its starting size instead of doubling it up to 16 MB per
// semi-space: a 65535-port scan allocates fast enough to reach the maximum, 25 MB of peak memory
// spent on garbage, with no measurable gain in speed (npm run bench). See also tcp-sweep-worker.ts.
setFlagsFromString('--semi-space-growth-factor=1');

const { main } = await import('../dist/cli/main.js');
main(process.argv.slice(2));
