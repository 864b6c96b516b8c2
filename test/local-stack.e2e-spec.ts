import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { connect, createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/local/services';
import { DIST } from './support/run-node';
import { createTestDatabase } from './support/test-app';

const portOpen = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });

/** Listens on the port unless something already does (then that something plays the part). */
async function holdPort(port: number): Promise<Server | null> {
  const server = createServer();
  return new Promise((done) => {
    server.once('error', () => done(null));
    server.listen(port, '0.0.0.0', () => done(server));
  });
}

/** `npm start`'s launcher, as a newcomer runs it, on free ports and a throwaway data folder. */
describe('local stack (npm start)', () => {
  const dataDir = join(tmpdir(), `medguard-local-${randomBytes(4).toString('hex')}`);
  let ports: Record<string, number>;
  let output = '';

  beforeAll(async () => {
    ports = {
      pg: await freePort(),
      redis: await freePort(),
      s3: await freePort(),
      http: await freePort(),
    };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  function launch(external: Record<string, string> = {}): ChildProcess {
    output = '';
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      MEDGUARD_DATA_DIR: dataDir,
      ...external,
    };
    Object.assign(env, {
      LOCAL_PG_PORT: String(ports.pg),
      LOCAL_REDIS_PORT: String(ports.redis),
      LOCAL_S3_PORT: String(ports.s3),
      PORT: String(ports.http),
      LOG_LEVEL: 'warn',
    });
    const child = spawn(process.execPath, [join(DIST, 'local', 'start-local.js')], { env });
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    return child;
  }

  async function waitReady(): Promise<void> {
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline) {
      const res = await fetch(`http://127.0.0.1:${ports.http}/health/ready`).catch(() => null);
      if (res?.status === 200) return;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`the stack did not become ready:\n${output}`);
  }

  async function stop(child: ChildProcess): Promise<number | null> {
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGINT');
    return exited;
  }

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${ports.http}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    });

  it('starts everything with demo data, stops cleanly on Ctrl-C, and keeps data across restarts', async () => {
    // Another stack on this machine (a demo left running) holds the worker's default metrics port.
    const demo = await holdPort(9464);
    const first = launch();
    await waitReady();
    // The worker would have died on the taken port a moment after the API became ready.
    await new Promise((r) => setTimeout(r, 3000));
    expect(output).not.toContain('exited unexpectedly');
    expect(first.exitCode).toBeNull();
    expect(output).toMatch(/worker metrics on 127\.0\.0\.1:\d+/);
    // The demo accounts' passwords are public: the local stack listens on this machine only.
    expect(output).toContain('listening on 127.0.0.1 only');
    expect(output).toContain(`MedGuard is starting at http://localhost:${ports.http}`);
    expect(output).toMatch(/nurse@demo\.medguard\.kz\s+Staff-demo-2026!/);

    const login = await api('/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ email: 'admin@demo.medguard.kz', password: 'Admin-demo-2026!' }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const regions = (await (
      await api('/api/v1/regions', { headers: { authorization: `Bearer ${accessToken}` } })
    ).json()) as {
      items: Array<{ id: string; code: string }>;
    };
    const created = await api('/api/v1/facilities', {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({
        regionId: regions.items.find((r) => r.code === 'KZ-71')!.id,
        type: 'polyclinic',
        name: 'Survives restarts',
        address: 'Astana',
        lat: 51.17,
        lon: 71.45,
        staffCount: 10,
      }),
    });
    expect(created.status).toBe(201);
    const facility = (await created.json()) as { id: string };

    expect(await stop(first)).toBe(0);
    for (const port of Object.values(ports))
      expect({ port, open: await portOpen(port) }).toEqual({ port, open: false });

    const second = launch();
    await waitReady();
    expect(output).toContain('migrations: up to date');
    expect(output).toMatch(/seed data .*"users":0/);
    const relogin = await api('/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ email: 'admin@demo.medguard.kz', password: 'Admin-demo-2026!' }),
    });
    const token = ((await relogin.json()) as { accessToken: string }).accessToken;
    const kept = await api(`/api/v1/facilities/${facility.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(kept.status).toBe(200);
    expect(await stop(second)).toBe(0);
    for (const port of Object.values(ports))
      expect({ port, open: await portOpen(port) }).toEqual({ port, open: false });
    demo?.close();
  }, 120000);

  it('starts nothing local when DATABASE_URL, REDIS_URL and S3_ENDPOINT are set, and uses them', async () => {
    const external = {
      DATABASE_URL: await createTestDatabase(),
      REDIS_URL: process.env.REDIS_URL!,
      S3_ENDPOINT: process.env.S3_ENDPOINT!,
      S3_BUCKET: process.env.S3_BUCKET!,
      S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID!,
      S3_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY!,
      SECRETS_KEY: process.env.SECRETS_KEY!,
      DATA_ENCRYPTION_KEYS: process.env.DATA_ENCRYPTION_KEYS!,
    };
    const child = launch(external);
    await waitReady();
    expect(output).not.toMatch(/starting (PostgreSQL|Redis|the S3 server)/);
    expect(output).not.toContain('Demo sign-ins');
    for (const port of [ports.pg, ports.redis, ports.s3]) expect(await portOpen(port)).toBe(false);
    expect(await stop(child)).toBe(0);
  }, 60000);
});

/**
 * The development S3 server (used by `npm start` and by the test setup) under the traffic the
 * evidence store makes: an object written into a folder at the moment the folder's last object
 * is deleted. Run in a process of its own, so that a crash shows as its exit.
 */
describe('development S3 server', () => {
  it('keeps serving when objects are written into a folder while its last object is deleted', async () => {
    const dataDir = join(tmpdir(), `medguard-s3-${randomBytes(4).toString('hex')}`);
    const port = await freePort();
    const server = spawn(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(join(DIST, 'local', 'services.js'))}).startS3({ port: ${port}, dataDir: ${JSON.stringify(dataDir)}, buckets: ['race'] }).then(() => console.log('ready'))`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    server.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    server.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((done) => server.once('exit', (code) => done(code)));
    const s3 = new S3Client({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    try {
      for (let i = 0; i < 100 && !output.includes('ready'); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain('ready');
      const rounds = 60;
      let crashed = false;
      void exited.then(() => (crashed = true));
      for (let i = 0; i < rounds && !crashed; i++) {
        await s3.send(new PutObjectCommand({ Bucket: 'race', Key: `f/old-${i}`, Body: 'x' }));
        const [, put] = await Promise.allSettled([
          s3.send(new DeleteObjectCommand({ Bucket: 'race', Key: `f/old-${i}` })),
          s3.send(
            new PutObjectCommand({ Bucket: 'race', Key: `f/new-${i}`, Body: Buffer.alloc(4096) }),
          ),
        ]);
        expect(put.status).toBe('fulfilled');
        const read = await s3.send(new GetObjectCommand({ Bucket: 'race', Key: `f/new-${i}` }));
        expect((await read.Body!.transformToByteArray()).length).toBe(4096);
        await s3.send(new DeleteObjectCommand({ Bucket: 'race', Key: `f/new-${i}` }));
      }
      expect({ crashed, output: output.replace('ready\n', '') }).toEqual({
        crashed: false,
        output: '',
      });
    } finally {
      s3.destroy();
      server.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
