import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { parse } from 'yaml';
import { freePort } from '../src/local/services';
import { parseDockerfile } from './support/dockerfile';
import { assembleImage, finalCopies, installed, RESOLVER } from './support/image';
import { createTestBucket } from './support/test-app';

const ROOT = join(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const stages = parseDockerfile(read('Dockerfile'));
const final = stages.at(-1)!;
const stage = (name: string) => stages.find((s) => s.name === name);
const copies = finalCopies(stages);

const lock = JSON.parse(read('package-lock.json')) as {
  packages: Record<
    string,
    { dev?: boolean; optional?: boolean; devOptional?: boolean; peer?: boolean }
  >;
};
const directDev = Object.keys(JSON.parse(read('package.json')).devDependencies);

/**
 * Every built script the image is told to run: the Dockerfile's command, the compose services'
 * commands, and the npm scripts that run compiled code without building it first.
 */
function entryPoints(): string[] {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, { image?: string; command?: unknown; entrypoint?: unknown }>;
  };
  const texts = [
    final.instructions.find((i) => i.keyword === 'CMD')!.args,
    ...Object.values(compose.services)
      .filter((s) => s.image?.startsWith('medguard:'))
      .map((s) => JSON.stringify([s.entrypoint, s.command])),
    ...Object.values(JSON.parse(read('package.json')).scripts as Record<string, string>).filter(
      (s) => !s.includes('npm run build'),
    ),
  ];
  return [...new Set(texts.flatMap((t) => t.match(/dist\/[\w/.-]+\.js/g) ?? []))].sort();
}

let assembled: { root: string; app: string } | undefined;
const children: ChildProcess[] = [];

/** Assembled once, by the first test that needs it (the static checks do not). */
const image = () => (assembled ??= assembleImage(ROOT, stages));

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  if (assembled) rmSync(assembled.root, { recursive: true, force: true });
});

/** The environment the image gives a process: its ENV lines, PATH and the app's settings. */
function imageEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    PUBLIC_URL: 'https://medguard.example.kz',
    REDIS_URL: process.env.REDIS_URL,
    REDIS_KEY_PREFIX: `img${randomBytes(4).toString('hex')}`,
    S3_ENDPOINT: process.env.S3_ENDPOINT,
    S3_BUCKET: process.env.S3_BUCKET,
    S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID,
    S3_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY,
    SECRETS_KEY: process.env.SECRETS_KEY,
    DATA_ENCRYPTION_KEYS: process.env.DATA_ENCRYPTION_KEYS,
    S3_SERVER_SIDE_ENCRYPTION: 'none',
    LOG_LEVEL: 'error',
    ...extra,
  };
}

function runInImage(script: string, env: NodeJS.ProcessEnv, args: string[] = []) {
  try {
    const stdout = execFileSync(process.execPath, [script, ...args], {
      cwd: image().app,
      env,
      stdio: 'pipe',
      timeout: 60_000,
    });
    return { code: 0, output: stdout.toString() };
  } catch (error) {
    const e = error as { status: number; stdout: Buffer; stderr: Buffer };
    return { code: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

/** Starts a long-running entry point from the image and waits until the URL answers 200. */
async function startInImage(
  script: string,
  env: NodeJS.ProcessEnv,
  url: string,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script], { cwd: image().app, env, stdio: 'pipe' });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return child;
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`${script} did not come up (${child.exitCode}): ${output.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Sends SIGTERM and says how the process ended: its exit code, or the signal it re-raised. */
function stopped(child: ChildProcess): Promise<string> {
  return new Promise((done) => {
    child.once('exit', (code, signal) => done(signal ?? `exit ${code}`));
    child.kill('SIGTERM');
  });
}

async function emptyDatabase(): Promise<string> {
  const name = `img_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return process.env.TEST_PG_ADMIN_URL!.replace(/\/postgres$/, `/${name}`);
}

describe('the production image (Dockerfile)', () => {
  it('runs as an unprivileged user', () => {
    const user = final.instructions.filter((i) => i.keyword === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
  });

  it('ships the production dependencies, the compiled code and the pages, nothing of the build', () => {
    const shipped = copies.map((c) => `${c.from ?? 'repo'}:${c.sources.join(',')}`).sort();
    expect(shipped).toEqual([
      'build:/app/dist/migrations',
      'build:/app/dist/seeds',
      'build:/app/dist/src',
      'deps:/app/node_modules',
      'repo:package.json',
      'repo:public',
    ]);
    const install = stage('deps')!.instructions.filter((i) => i.keyword === 'RUN');
    expect(install.map((i) => i.args)).toEqual([expect.stringMatching(/^npm ci .*--omit=dev/)]);
  });

  it('has no development dependency in its node_modules (npm ci from the lockfile, with the npm registry or its cache)', () => {
    const packages = installed(image().app);
    expect(packages.length).toBeGreaterThan(100);
    const unknown = packages.filter((p) => !lock.packages[p]);
    const dev = packages.filter(
      (p) => lock.packages[p]?.dev || directDev.some((name) => p === `node_modules/${name}`),
    );
    expect({ unknown, dev }).toEqual({ unknown: [], dev: [] });
    const needed = Object.entries(lock.packages)
      .filter(([k, v]) => k && !v.dev && !v.optional && !v.devOptional && !v.peer)
      .map(([k]) => k);
    expect(needed.filter((p) => !packages.includes(p))).toEqual([]);
  }, 180_000);

  it('finds every module that the API, the worker and each command need inside the image', () => {
    const entries = entryPoints();
    expect(entries).toEqual(
      expect.arrayContaining([
        'dist/src/main.js',
        'dist/src/worker.js',
        'dist/src/cli/migrate.js',
        'dist/src/cli/seed.js',
        'dist/src/cli/audit-verify.js',
        'dist/src/cli/backup.js',
        'dist/src/cli/restore.js',
      ]),
    );
    const missing = entries.filter((e) => !existsSync(join(image().app, e)));
    expect(missing).toEqual([]);
    const out = execFileSync(process.execPath, ['-e', RESOLVER, JSON.stringify(entries)], {
      cwd: image().app,
      env: { PATH: process.env.PATH },
    }).toString();
    const { files, problems } = JSON.parse(out) as { files: number; problems: string[] };
    expect(files).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('migrates and seeds an empty database and verifies its audit log, from the image alone', async () => {
    // A bucket of its own: audit:verify checks the anchors it finds there against this chain.
    const env = imageEnv({
      DATABASE_URL: await emptyDatabase(),
      S3_BUCKET: await createTestBucket(),
    });
    for (const [script, args] of [
      ['dist/src/cli/migrate.js', ['run']],
      ['dist/src/cli/seed.js', []],
      ['dist/src/cli/audit-verify.js', []],
    ] as const) {
      const run = runInImage(script, env, [...args]);
      expect({ script, ...run, output: run.code ? run.output : '' }).toEqual({
        script,
        code: 0,
        output: '',
      });
    }
    // The backup commands load and reach their own argument checks.
    for (const [script, flag] of [
      ['dist/src/cli/backup.js', '--out'],
      ['dist/src/cli/restore.js', '--from'],
    ]) {
      const run = runInImage(script, env);
      expect({ script, code: run.code, said: run.output.trim() }).toEqual({
        script,
        code: 1,
        said: `${flag} <value> is required`,
      });
    }
  }, 60_000);

  it('starts the API and the worker from the image alone, and stops them on SIGTERM', async () => {
    const database = await emptyDatabase();
    expect(
      runInImage('dist/src/cli/migrate.js', imageEnv({ DATABASE_URL: database }), ['run']).code,
    ).toBe(0);
    const [port, metricsPort] = [await freePort(), await freePort()];
    const env = imageEnv({
      DATABASE_URL: database,
      PORT: String(port),
      HOST: '127.0.0.1',
      WORKER_METRICS_PORT: String(metricsPort),
    });
    const api = await startInImage(
      'dist/src/main.js',
      env,
      `http://127.0.0.1:${port}/health/ready`,
    );
    const worker = await startInImage(
      'dist/src/worker.js',
      env,
      `http://127.0.0.1:${metricsPort}/metrics`,
    );
    const pages = await fetch(`http://127.0.0.1:${port}/`);
    expect(pages.status).toBe(200);
    expect(await pages.text()).toContain('<html');
    const ends = await Promise.all([stopped(api), stopped(worker)]);
    for (const end of ends) expect(['exit 0', 'SIGTERM']).toContain(end);
  }, 90_000);
});
