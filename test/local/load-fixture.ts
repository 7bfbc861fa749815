/** Reads a fixture of test/local/fixtures without its first line (the `# source:` note). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function fixture(name: string): string {
  const text = readFileSync(join(dir, name), 'utf8');
  const firstBreak = text.indexOf('\n');
  if (!text.startsWith('# source:') || firstBreak < 0) throw new Error(`${name} lacks its # source: line`);
  return text.slice(firstBreak + 1);
}

export function jsonFixture<T>(name: string): T & { source: string } {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T & { source: string };
}
