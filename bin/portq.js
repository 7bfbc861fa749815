#!/usr/bin/env node
// Entry point only: all logic lives in src/cli (compiled to dist/ by `npm install` / `npm run build`).
import { main } from '../dist/cli/main.js';
main(process.argv.slice(2));
