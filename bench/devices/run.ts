/**
 * Shift-end burst: at the end of a shift every dock — an ambulance team's body camera or an
 * admission department's recorder, each with its unit's gateway key — announces one direct upload
 * at a uniformly random moment within the window, PUTs the parts straight to the presigned S3 URLs
 * (the bytes never pass through the API) and completes it; the worker re-hashes each object from
 * its queue. Prints announce and complete p50/p99, unexpected answers by status, the API
 * process's CPU share during the burst, the worker's verification rate while files waited and the
 * time from the last complete to every file verified, then each target with pass or fail.
 *
 *   npm run bench:devices -- --teams 2100 --recorders 644 [--minutes 10] [--mib 4] [--concurrency 64]
 */
import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../../seeds/seed-ids';
import { intArg } from '../../src/cli/cli-runner';
import { freePort } from '../../src/local/services';
import { partSizeFor } from '../../src/storage/s3-client';
import { Endpoint } from '../lib/endpoint';
import { ms } from '../lib/load';
import { cpuShare } from '../lib/cpu';
import {
  BenchStack,
  DIST_SRC,
  percentile,
  signIn,
  startBenchStack,
  waitHealthy,
} from '../lib/stack';
import { DockFiles, MIB } from './dock-files';
import { issueKeys, seedDocks } from './docks';
import { ShiftEnd } from './shift-end';
import { FootageCounts, VerificationWatch } from './verification';

const args = process.argv.slice(2);
const TEAMS = intArg(args, 'teams', 2100);
const RECORDERS = intArg(args, 'recorders', 644);
const MINUTES = Math.max(1, intArg(args, 'minutes', 10));
const MEAN_MIB = Math.max(1, intArg(args, 'mib', 4));
const CONCURRENCY = Math.max(1, intArg(args, 'concurrency', 64));
const WINDOW_MS = MINUTES * 60_000;
/** How long after the last complete the worker may take to verify what is left. */
const DRAIN_MS = 10 * 60_000;
const POLL_MS = 1000;
const PROGRESS_MS = Math.min(60_000, Math.max(5_000, WINDOW_MS / 10));
const P99_TARGET_MS = 200;

const out = (line: string) => process.stdout.write(line + '\n');
const sleep = (msToWait: number) => new Promise((r) => setTimeout(r, Math.max(0, msToWait)));
const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;
const count = (n: number) => n.toLocaleString('en-US');

/** The bucket's objects and their parts land in the temporary directory: refuse to fill it. */
function checkDisk(bytes: number): void {
  const fs = statfsSync(tmpdir());
  const free = fs.bavail * fs.bsize;
  const needed = bytes + 2 * 1024 ** 3;
  if (free < needed)
    throw new Error(
      `the run stores about ${mib(bytes)} in ${tmpdir()}, which has ${mib(free)} free: lower --mib or the number of docks`,
    );
}

/** The engines are stopped and their data removed once, also when the run is interrupted. */
function stopper(stack: BenchStack): () => Promise<void> {
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= stack.stop());
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      process.stderr.write(`${signal}: stopping the engines and removing their data\n`);
      void stop().finally(() => process.exit(130));
    });
  return stop;
}

function stepLine(e: Endpoint): string {
  const sorted = [...e.latencies].sort((a, b) => a - b);
  return `${e.name.padEnd(10)} ${count(e.count).padStart(8)} ${ms(percentile(sorted, 0.5)).padStart(10)} ${ms(percentile(sorted, 0.99)).padStart(10)} ${ms(sorted[sorted.length - 1] ?? NaN).padStart(10)} ${String(e.unexpected).padStart(6)}  ${e.unexpectedByStatus()}`;
}

async function main(): Promise<void> {
  const docksTotal = TEAMS + RECORDERS;
  if (docksTotal === 0) throw new Error('--teams and --recorders add up to no dock');
  out(
    `bench:devices, run ${new Date().toISOString()}: ${count(docksTotal)} docks (${count(TEAMS)} body cameras, ${count(RECORDERS)} admission recorders), one direct upload each within ${MINUTES} min, ${MEAN_MIB / 2}-${MEAN_MIB * 1.5} MiB (mean ${MEAN_MIB}), at most ${CONCURRENCY} parts in flight`,
  );
  checkDisk(docksTotal * MEAN_MIB * MIB);
  const stack = await startBenchStack();
  const stop = stopper(stack);
  let shift: ShiftEnd | null = null;
  let watch: VerificationWatch | null = null;
  try {
    const databaseUrl = await stack.database('bench_devices');
    const env = { ...stack.env(databaseUrl), LOG_LEVEL: 'warn' };
    let started = Date.now();
    const places = await seedDocks(databaseUrl, TEAMS, RECORDERS);
    const port = await freePort();
    const api = await stack.start(join(DIST_SRC, 'main.js'), { ...env, PORT: String(port) });
    const worker = await stack.start(join(DIST_SRC, 'worker.js'), {
      ...env,
      WORKER_METRICS_PORT: String(await freePort()),
    });
    await waitHealthy(port);
    const admin = await signIn(port, 'admin@demo.medguard.kz', 'Admin-demo-2026!');
    const docks = await issueKeys(port, admin, places);
    out(
      `directory: ${count(places.length)} devices seeded, one gateway key each issued through the API, in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );

    started = Date.now();
    const random = seededRandom(docksTotal + MEAN_MIB);
    const files = new DockFiles(MEAN_MIB, random);
    const plan = docks
      .map((dock) => ({ dock, file: files.next(), dueMs: random() * WINDOW_MS }))
      .sort((a, b) => a.dueMs - b.dueMs);
    const totalBytes = plan.reduce((n, p) => n + p.file.size, 0);
    const totalParts = plan.reduce(
      (n, p) => n + Math.ceil(p.file.size / partSizeFor(p.file.size)),
      0,
    );
    out(
      `files: ${mib(totalBytes)} in ${count(totalParts)} parts, each hashed beforehand as the dock declares it (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );

    shift = new ShiftEnd(port, CONCURRENCY);
    watch = new VerificationWatch(databaseUrl, new Date());
    await watch.connect();
    const apiCpu = cpuShare(api.pid!);
    const workerCpu = cpuShare(worker.pid!);
    const s3Cpu = cpuShare(stack.s3Pid());
    const start = performance.now();
    const elapsed = () => performance.now() - start;

    // The footage's progress, from the database once a second: the most files ever waiting, and a
    // line every PROGRESS_MS.
    let counts: FootageCounts = await watch.counts();
    let mostWaiting = { files: 0, bytes: 0 };
    let polling = true;
    const poller = (async () => {
      let intervalCpu = cpuShare(api.pid!);
      for (let tick = 1; polling; tick++) {
        await sleep(tick * POLL_MS - elapsed());
        // A failed reading keeps the last one: the next second reads again.
        counts = await watch!.counts().catch(() => counts);
        if (counts.stored > mostWaiting.files)
          mostWaiting = { files: counts.stored, bytes: counts.storedBytes };
        if ((tick * POLL_MS) % PROGRESS_MS !== 0) continue;
        const cpu = intervalCpu();
        intervalCpu = cpuShare(api.pid!);
        out(
          `${`+${(elapsed() / 1000).toFixed(0)} s`.padStart(8)}  announced ${count(shift!.announced)}/${count(docksTotal)}  completed ${count(shift!.completed.size)}  verified ${count(counts.verified)}  waiting ${count(counts.stored)} (${mib(counts.storedBytes)})  API CPU ${cpu.share.toFixed(2)} core`,
        );
      }
    })();

    await Promise.all(
      plan.map(async ({ dock, file, dueMs }) => {
        await sleep(dueMs - elapsed());
        await shift!.upload(dock, file);
      }),
    );
    const burst = apiCpu();
    const s3Burst = s3Cpu();
    // Read afresh: the poller's last reading may predate the last complete.
    const drainUntil = Date.now() + DRAIN_MS;
    const settled = (c: FootageCounts) =>
      c.stored === 0 && c.verified + c.rejected >= shift!.completed.size;
    while (!settled(await watch.counts()) && Date.now() < drainUntil) await sleep(POLL_MS / 4);
    polling = false;
    await poller;
    const workerBusy = workerCpu();
    const verified = await watch.verified(shift.completed);
    counts = await watch.counts();

    const steps = [shift.announce, shift.parts, shift.complete];
    const p99 = (e: Endpoint) =>
      percentile(
        [...e.latencies].sort((a, b) => a - b),
        0.99,
      );
    const errors = steps.reduce((n, e) => n + e.unexpected, 0);
    const drained = counts.stored === 0 && counts.verified === shift.completed.size;
    const drainSeconds =
      verified.lastVerifiedAt === null
        ? NaN
        : Math.max(0, verified.lastVerifiedAt - shift.lastCompleteAt) / 1000;
    const rate =
      verified.busyMs > 0 ? verified.verifiedBytes / MIB / (verified.busyMs / 1000) : NaN;

    out('');
    out(
      `${'step'.padEnd(10)} ${'requests'.padStart(8)} ${'p50'.padStart(10)} ${'p99'.padStart(10)} ${'max'.padStart(10)} ${'errors'.padStart(6)}  unexpected answers`,
    );
    for (const e of steps) out(stepLine(e));
    out(
      `docks: ${count(shift.completed.size)} of ${count(docksTotal)} completed their upload; last complete ${burst.wallSeconds.toFixed(1)} s into the window`,
    );
    out(
      `API CPU during the burst: ${burst.share.toFixed(2)} of one core (utime+stime ${burst.cpuSeconds.toFixed(1)} s over ${burst.wallSeconds.toFixed(1)} s)`,
    );
    out(
      `S3 server CPU during the burst: ${s3Burst.share.toFixed(2)} of one core (a process of its own)`,
    );
    out(
      `worker CPU, burst and drain: ${workerBusy.share.toFixed(2)} of one core (${workerBusy.cpuSeconds.toFixed(1)} s over ${workerBusy.wallSeconds.toFixed(1)} s)`,
    );
    out(
      `verification: ${count(counts.verified)} verified (${mib(verified.verifiedBytes)}), ${count(counts.rejected)} rejected, ${count(counts.stored)} still waiting; ${rate.toFixed(1)} MiB/s while files waited or were being verified (${(verified.busyMs / 1000).toFixed(1)} s); most waiting at once ${count(mostWaiting.files)} file${mostWaiting.files === 1 ? '' : 's'} (${mib(mostWaiting.bytes)})`,
    );
    out(`last complete -> every file verified: ${drainSeconds.toFixed(2)} s`);

    const targets: Array<[string, string, boolean]> = [
      [
        `announce p99 < ${P99_TARGET_MS} ms`,
        ms(p99(shift.announce)),
        p99(shift.announce) < P99_TARGET_MS,
      ],
      [
        `complete p99 < ${P99_TARGET_MS} ms`,
        ms(p99(shift.complete)),
        p99(shift.complete) < P99_TARGET_MS,
      ],
      ['no error (non-2xx or no answer, any step)', String(errors), errors === 0],
      [
        'verification queue drained (every completed upload verified)',
        `${count(counts.verified)}/${count(shift.completed.size)}, ${drainSeconds.toFixed(2)} s after the last complete`,
        drained && counts.rejected === 0 && shift.completed.size === docksTotal,
      ],
    ];
    out('');
    out(`${'target'.padEnd(62)} ${'measured'.padEnd(40)} result`);
    for (const [label, measured, ok] of targets)
      out(`${label.padEnd(62)} ${measured.padEnd(40)} ${ok ? 'pass' : 'FAIL'}`);
  } finally {
    shift?.close();
    await watch?.close().catch(() => undefined);
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
