/**
 * Run by namespace-live.test.ts as another user inside a test namespace: prints the local
 * snapshot (filtered to the port given as the first argument) as JSON on stdout.
 */
import { takeLocalSnapshot } from '../../src/local/index.js';

const port = Number(process.argv[2]);
const snapshot = await takeLocalSnapshot({ filter: { port } });
process.stdout.write(JSON.stringify(snapshot));
