/**
 * Upload benchmark: sends one generated video file (2 GiB unless told otherwise) through
 * `POST /api/v1/footage` and the same file straight to the S3 server with `@aws-sdk/lib-storage`,
 * and prints both throughputs, their ratio and how far the API process's resident memory grew
 * above its level before the upload. The worker is not started, so verification does not compete
 * with the measured uploads.
 *
 *   npm run bench:upload -- [--mib 2048] [--runs 5]
 *
 * It prints each run and the medians of the throughputs, the ratio and the memory growth, and
 * the CPU each process spent per MiB on each path with the share of the machine's two cores that
 * was busy: the ratio is bounded by the API's own CPU per MiB where every process shares the cores.
 */
import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { intArg } from '../../src/cli/cli-runner';
import { AppConfig } from '../../src/config/app-config';
import { freePort } from '../../src/local/services';
import { createS3Client, partSizeFor } from '../../src/storage/s3-client';
import { cpuMeter, machineBusyMs, processCpuMs } from '../lib/cpu';
import { DIST_SRC, median, signIn, startBenchStack, waitHealthy } from '../lib/stack';

const args = process.argv.slice(2);
const MIB = 1024 * 1024;
const SIZE = intArg(args, 'mib', 2048) * MIB;
const RUNS = intArg(args, 'runs', 5);
/** The API's default limit, which also sets its part size. */
const API_MAX_BYTES = 4 * 1024 ** 3;

/** An MP4 header, then incompressible bytes written in 4 MiB blocks. */
async function generate(path: string, bytes: number): Promise<void> {
  const ftyp = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
  const block = randomBytes(4 * MIB);
  async function* chunks() {
    yield ftyp;
    let left = bytes - ftyp.length;
    while (left > 0) {
      const n = Math.min(left, block.length);
      block.writeUInt32LE(left, 0);
      yield block.subarray(0, n);
      left -= n;
    }
  }
  await pipeline(chunks(), createWriteStream(path));
}

/** Resident set size of a process in bytes, from /proc. */
function rssOf(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) * 1024 : 0;
}

function sampleRss(pid: number) {
  let peak = rssOf(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rssOf(pid));
  };
}

/** Streams the file as `multipart/form-data` to the API; resolves with the response. */
function postThroughApi(port: number, token: string, path: string, bytes: number) {
  const boundary = `bench${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.mp4"\r\n` +
      `Content-Type: video/mp4\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise<{ status: number; body: string }>((done, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/footage',
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + bytes + tail.length),
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => done({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', fail);
    req.write(head);
    const file = createReadStream(path, { highWaterMark: MIB });
    file.pipe(req, { end: false });
    file.on('end', () => req.end(tail));
    file.on('error', fail);
  });
}

const mibPerSecond = (bytes: number, ms: number) => bytes / MIB / (ms / 1000);

/** This process's own CPU time in milliseconds: the client of both paths. */
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** CPU milliseconds per MiB of each process, and the machine's busy share of its cores. */
interface PathCpu {
  client: number;
  api: number;
  s3: number;
  busy: number;
}

function measureCpu(apiPid: number, s3Pid: number, cores: number) {
  const started = Date.now();
  const meter = cpuMeter({
    client: ownCpuMs,
    api: () => processCpuMs(apiPid),
    s3: () => processCpuMs(s3Pid),
    machine: machineBusyMs,
  });
  return (): PathCpu => {
    const used = meter.stop();
    const mib = SIZE / MIB;
    return {
      client: used.client / mib,
      api: used.api / mib,
      s3: used.s3 / mib,
      busy: used.machine / ((Date.now() - started) * cores),
    };
  };
}

const perMib = (cpu: PathCpu, withApi: boolean) =>
  `CPU ms/MiB client ${cpu.client.toFixed(1)}${withApi ? ` + API ${cpu.api.toFixed(1)}` : ''} + S3 ${cpu.s3.toFixed(1)}, cores busy ${(cpu.busy * 100).toFixed(0)}%`;

async function main(): Promise<void> {
  const file = join(tmpdir(), `medguard-bench-upload-${randomBytes(4).toString('hex')}.mp4`);
  const stack = await startBenchStack();
  try {
    await generate(file, SIZE);
    const env = { ...stack.env(await stack.database('bench_upload')), LOG_LEVEL: 'warn' };
    const config = AppConfig.fromEnv({ ...env, FOOTAGE_MAX_BYTES: String(API_MAX_BYTES) });
    const port = await freePort();
    const api: ChildProcess = await stack.start(join(DIST_SRC, 'main.js'), {
      ...env,
      PORT: String(port),
      FOOTAGE_MAX_BYTES: String(API_MAX_BYTES),
    });
    await waitHealthy(port);
    const token = await signIn(port, 'safety@demo.medguard.kz', 'Facility-demo-2026!');
    const s3 = createS3Client(config.s3);

    // A small upload first, so that lazily loaded code is in memory before the baseline is taken.
    const warm = join(tmpdir(), `medguard-bench-warm-${randomBytes(4).toString('hex')}.mp4`);
    await generate(warm, 9 * MIB);
    await postThroughApi(port, token, warm, 9 * MIB);
    rmSync(warm);

    process.stdout.write(
      `upload benchmark, ${new Date().toISOString().slice(0, 10)}: file ${(SIZE / MIB).toFixed(0)} MiB, part size ${partSizeFor(API_MAX_BYTES) / MIB} MiB, ${RUNS} run(s), the S3 server in its own process\n`,
    );
    const cores = availableParallelism();
    const runs: Array<{
      direct: number;
      through: number;
      ratio: number;
      growth: number;
      directCpu: PathCpu;
      apiCpu: PathCpu;
    }> = [];
    for (let run = 1; run <= RUNS; run++) {
      let cpu = measureCpu(api.pid as number, stack.s3Pid(), cores);
      let started = Date.now();
      await new Upload({
        client: s3,
        params: {
          Bucket: config.s3.bucket,
          Key: `direct/run-${run}`,
          Body: createReadStream(file, { highWaterMark: MIB }),
          ContentType: 'video/mp4',
        },
        partSize: partSizeFor(API_MAX_BYTES),
        queueSize: 2,
      }).done();
      const directMs = Date.now() - started;
      const directCpu = cpu();

      if (typeof global.gc === 'function') global.gc();
      const baseline = rssOf(api.pid as number);
      const peak = sampleRss(api.pid as number);
      cpu = measureCpu(api.pid as number, stack.s3Pid(), cores);
      started = Date.now();
      const res = await postThroughApi(port, token, file, SIZE);
      const apiMs = Date.now() - started;
      const apiCpu = cpu();
      const top = peak();
      if (res.status !== 201) throw new Error(`the API answered ${res.status}: ${res.body}`);

      const direct = mibPerSecond(SIZE, directMs);
      const through = mibPerSecond(SIZE, apiMs);
      runs.push({
        direct,
        through,
        ratio: through / direct,
        growth: (top - baseline) / MIB,
        directCpu,
        apiCpu,
      });
      process.stdout.write(
        [
          `run ${run}:`,
          `direct ${direct.toFixed(1)} MiB/s (${(directMs / 1000).toFixed(1)} s)`,
          `through API ${through.toFixed(1)} MiB/s (${(apiMs / 1000).toFixed(1)} s)`,
          `ratio ${(through / direct).toFixed(2)}`,
          `API RSS ${(baseline / MIB).toFixed(0)} -> ${(top / MIB).toFixed(0)} MiB, growth ${((top - baseline) / MIB).toFixed(1)} MiB`,
        ].join('  ') +
          `\n  direct: ${perMib(directCpu, false)}\n  through API: ${perMib(apiCpu, true)}\n`,
      );
      // Keep the disk use of several runs bounded.
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: config.s3.bucket }));
      for (const { Key } of listed.Contents ?? [])
        await s3.send(new DeleteObjectCommand({ Bucket: config.s3.bucket, Key }));
    }
    const med = (pick: (r: (typeof runs)[number]) => number) => median(runs.map(pick));
    const ratio = med((r) => r.ratio);
    const growth = med((r) => r.growth);
    const worst = Math.max(...runs.map((r) => r.growth));
    const medianCpu = (pick: (r: (typeof runs)[number]) => PathCpu): PathCpu => ({
      client: med((r) => pick(r).client),
      api: med((r) => pick(r).api),
      s3: med((r) => pick(r).s3),
      busy: med((r) => pick(r).busy),
    });
    const directCpu = medianCpu((r) => r.directCpu);
    const apiCpu = medianCpu((r) => r.apiCpu);
    process.stdout.write(
      [
        `median of ${RUNS} run(s)`,
        `  direct ${med((r) => r.direct).toFixed(1)} MiB/s, through API ${med((r) => r.through).toFixed(1)} MiB/s`,
        `  ratio ${ratio.toFixed(2)} (runs: ${runs.map((r) => r.ratio.toFixed(2)).join(', ')}; target >= 0.90) ${ratio >= 0.9 ? 'pass' : 'FAIL'}`,
        `  API memory growth ${growth.toFixed(1)} MiB, at most ${worst.toFixed(1)} MiB (target < 72 MiB) ${worst < 72 ? 'pass' : 'FAIL'}`,
        `  direct: ${perMib(directCpu, false)}`,
        `  through API: ${perMib(apiCpu, true)}`,
        `  API alone: ${(1000 / apiCpu.api).toFixed(0)} MiB/s per core of its own`,
      ].join('\n') + '\n',
    );
    s3.destroy();
  } finally {
    rmSync(file, { force: true });
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
