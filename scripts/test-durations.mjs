// Writes test/durations.json, the order test/sequencer.js runs spec files in, from the output of
// `npx jest --json --outputFile=<file>` (a full run).
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/test-durations.mjs <jest --json output>');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const { testResults } = JSON.parse(readFileSync(file, 'utf8'));
const seconds = testResults
  .map((t) => [relative(root, t.name), Math.round((t.endTime - t.startTime) / 100) / 10])
  .sort((a, b) => b[1] - a[1]);
writeFileSync(
  resolve(root, 'test', 'durations.json'),
  JSON.stringify(Object.fromEntries(seconds), null, 2) + '\n',
);
process.stdout.write(`test/durations.json: ${seconds.length} spec files\n`);
