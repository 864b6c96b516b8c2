/**
 * Evidence package benchmark: puts one generated video (1 GiB unless told otherwise) in the bucket
 * as verified footage of a filed report, has the worker build a package of it through
 * `POST /api/v1/incidents/:id/evidence-packages`, and prints the build time, the throughput and
 * how far the worker's resident memory grew above its level before the build (target < 100 MiB:
 * the ZIP streams from the bucket to the bucket, never held whole in memory or on disk).
 *
 *   npm run bench:package -- [--mib 1024] [--runs 1]
 */
import { Upload } from '@aws-sdk/lib-storage';
import { ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Client } from 'pg';
import { DEMO_IDS } from '../../seeds/demo';
import { intArg } from '../../src/cli/cli-runner';
import { AppConfig } from '../../src/config/app-config';
import { freePort } from '../../src/local/services';
import { createS3Client } from '../../src/storage/s3-client';
import { benchReport } from '../lib/report';
import { DIST_SRC, signIn, startBenchStack, waitHealthy } from '../lib/stack';

const args = process.argv.slice(2);
const MIB = 1024 * 1024;
const SIZE = intArg(args, 'mib', 1024) * MIB;
const RUNS = intArg(args, 'runs', 1);

function rssOf(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) * 1024 : 0;
}

/** An MP4 header, then incompressible bytes, streamed into the bucket; its SHA-256. */
async function putVideo(config: AppConfig, key: string, bytes: number): Promise<string> {
  const s3 = createS3Client(config.s3);
  const body = new PassThrough({ highWaterMark: 4 * MIB });
  const hash = createHash('sha256');
  const upload = new Upload({
    client: s3,
    params: { Bucket: config.s3.bucket, Key: key, Body: body, ContentType: 'video/mp4' },
    partSize: 8 * MIB,
    queueSize: 2,
  }).done();
  const ftyp = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
  const block = randomBytes(4 * MIB);
  const write = (chunk: Buffer) =>
    new Promise<void>((ok) => (body.write(chunk) ? ok() : body.once('drain', ok)));
  hash.update(ftyp);
  await write(ftyp);
  for (let left = bytes - ftyp.length, n = 0; left > 0; n++) {
    const chunk = Buffer.from(block.subarray(0, Math.min(left, block.length)));
    chunk.writeUInt32LE(n, 0);
    hash.update(chunk);
    await write(chunk);
    left -= chunk.length;
  }
  body.end();
  await upload;
  s3.destroy();
  return hash.digest('hex');
}

async function main(): Promise<void> {
  const stack = await startBenchStack();
  try {
    const databaseUrl = await stack.database('bench_package');
    const env = {
      ...stack.env(databaseUrl),
      LOG_LEVEL: 'warn',
      EVIDENCE_SIGNING_KEY: generateKeyPairSync('ed25519')
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
    };
    const config = AppConfig.fromEnv(env);
    const port = await freePort();
    await stack.start(join(DIST_SRC, 'main.js'), { ...env, PORT: String(port) });
    const worker: ChildProcess = await stack.start(join(DIST_SRC, 'worker.js'), {
      ...env,
      WORKER_METRICS_PORT: '0',
    });
    await waitHealthy(port);
    const call = async (token: string, path: string, body?: object) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const nurse = await signIn(port, 'nurse@demo.medguard.kz', 'Staff-demo-2026!');
    const admin = await signIn(port, 'admin@demo.medguard.kz', 'Admin-demo-2026!');
    const filed = await call(nurse, '/api/v1/incidents', benchReport('Package benchmark'));
    if (filed.status !== 201) throw new Error(`filing answered ${filed.status}`);
    const incidentId = filed.body.id as string;

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    /** Verified footage of the report, its object put straight into the bucket. */
    const footage = async (bytes: number) => {
      const id = randomUUID();
      const key = `footage/bench/${id}`;
      const sha256 = await putVideo(config, key, bytes);
      await db.query(
        `INSERT INTO footage (id, facility_id, object_key, content_type, size, sha256, status, verified_at, retention_from, file_name)
         VALUES ($1, $2, $3, 'video/mp4', $4, $5, 'verified', now(), now(), 'bench.mp4')`,
        [id, DEMO_IDS.centralHospital, key, bytes, sha256],
      );
      await db.query(`INSERT INTO incident_footage (incident_id, footage_id) VALUES ($1, $2)`, [
        incidentId,
        id,
      ]);
      return id;
    };
    const build = async (footageId: string) => {
      const asked = await call(admin, `/api/v1/incidents/${incidentId}/evidence-packages`, {
        footageIds: [footageId],
        language: 'ru',
      });
      if (asked.status !== 202) throw new Error(`the API answered ${asked.status}`);
      for (;;) {
        const pkg = await call(admin, `/api/v1/evidence-packages/${String(asked.body.id)}`);
        if (pkg.body.status !== 'building') return pkg.body;
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    // A small package first, so that lazily loaded code (PDF, fonts, ZIP) is in memory.
    await build(await footage(9 * MIB));
    process.stdout.write(`file: ${(SIZE / MIB).toFixed(0)} MiB, ${RUNS} run(s)\n`);
    for (let run = 1; run <= RUNS; run++) {
      const id = await footage(SIZE);
      await new Promise((r) => setTimeout(r, 1000));
      const pid = worker.pid as number;
      const baseline = rssOf(pid);
      let peak = baseline;
      const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
      const started = Date.now();
      const pkg = await build(id);
      const ms = Date.now() - started;
      clearInterval(timer);
      peak = Math.max(peak, rssOf(pid));
      if (pkg.status !== 'ready') throw new Error(`the package is ${String(pkg.status)}`);
      process.stdout.write(
        [
          `run ${run}:`,
          `built in ${(ms / 1000).toFixed(1)} s`,
          `${(SIZE / MIB / (ms / 1000)).toFixed(1)} MiB/s`,
          `package ${(Number(pkg.size) / MIB).toFixed(1)} MiB`,
          `worker RSS ${(baseline / MIB).toFixed(0)} -> ${(peak / MIB).toFixed(0)} MiB, growth ${((peak - baseline) / MIB).toFixed(1)} MiB (target < 100)`,
        ].join('  ') + '\n',
      );
    }
    await db.end();
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
