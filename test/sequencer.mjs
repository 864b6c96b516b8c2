/**
 * Runs the longest spec files first, so that no long file starts last and runs on alone while the
 * other workers sit idle. Lengths come from test/durations.json (seconds of a full run; only their
 * order matters; `node scripts/test-durations.mjs <jest --json output>` writes it again); a file
 * it does not know yet counts as a long one, so it is not left to the end either.
 */
import sequencer from '@jest/test-sequencer';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const Sequencer = sequencer.default ?? sequencer;
const durations = JSON.parse(readFileSync(new URL('./durations.json', import.meta.url), 'utf8'));
/** A file not measured yet weighs as the tenth longest one. */
const UNKNOWN = Object.values(durations).sort((a, b) => b - a)[9] ?? 0;

export default class LongestFirst extends Sequencer {
  sort(tests) {
    const weight = (test) => durations[relative(test.context.config.rootDir, test.path)] ?? UNKNOWN;
    return [...tests].sort((a, b) => weight(b) - weight(a) || a.path.localeCompare(b.path));
  }
}
