// The first half of `npm test`: the build then the type check in one lane, the linters in the
// other, side by side (each lane is one process at a time, so two cores carry both). A lane's
// output is printed when the lane ends; the run fails when any step of either lane fails.
import { spawn } from 'node:child_process';

const LANES = [['build', 'typecheck'], ['lint']];

function run(script) {
  return new Promise((done) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => done({ script, code: 1, output: String(error) }));
    child.on('close', (code, signal) => done({ script, code: code ?? 1, signal, output }));
  });
}

async function lane(scripts) {
  for (const script of scripts) {
    const started = Date.now();
    const result = await run(script);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(result.output);
    if (result.code !== 0) {
      console.error(`npm run ${script} failed (${result.signal ?? `exit ${result.code}`})`);
      return false;
    }
    process.stdout.write(`npm run ${script}: ok in ${seconds} s\n`);
  }
  return true;
}

const results = await Promise.all(LANES.map(lane));
process.exitCode = results.every(Boolean) ? 0 : 1;
