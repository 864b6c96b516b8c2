import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { checkedAgainst, Contract } from './contract';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../src/bootstrap';
import { JsonLogger } from '../../src/common/json-logger';
import { AppConfig } from '../../src/config/app-config';
import { createS3Client } from '../../src/storage/s3-client';

/** A fresh database cloned from the migrated, seeded template; returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${process.env.TEST_PG_TEMPLATE}"`);
  } finally {
    await admin.end();
  }
  return process.env.TEST_PG_ADMIN_URL!.replace(/\/postgres$/, `/${name}`);
}

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return AppConfig.fromEnv({
    ...process.env,
    REDIS_KEY_PREFIX: `t${randomBytes(4).toString('hex')}`,
    ...overrides,
  });
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  databaseUrl: string;
  db: DataSource;
  http: () => ReturnType<typeof request>;
  /** Signs in and returns the bearer token. */
  login(email: string, password?: string): Promise<string>;
  /** Signs in demo users by their e-mail's first part (`nurse`, `police`) at once; tokens in order. */
  loginAll(...users: string[]): Promise<string[]>;
  close(): Promise<void>;
}

export const DEMO_PASSWORDS: Record<string, string> = {
  'admin@demo.medguard.kz': 'Admin-demo-2026!',
  'nurse@demo.medguard.kz': 'Staff-demo-2026!',
  'paramedic@demo.medguard.kz': 'Staff-demo-2026!',
  'safety@demo.medguard.kz': 'Facility-demo-2026!',
  'police@demo.medguard.kz': 'Police-demo-2026!',
  'dutydesk@demo.medguard.kz': 'Police-demo-2026!',
  'ministry@demo.medguard.kz': 'Ministry-demo-2026!',
};

/** An empty bucket of its own on the test S3 server, so that specs running side by side never count each other's objects. */
export async function createTestBucket(): Promise<string> {
  const bucket = `t-${randomBytes(6).toString('hex')}`;
  const client = createS3Client(testConfig().s3);
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
  return bucket;
}

/**
 * The whole API on its own database, bucket and Redis key prefix, wired exactly as in production.
 * A `DATABASE_URL` override (a server of the spec's own) is used as it is.
 */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = overrides.DATABASE_URL ?? (await createTestDatabase());
  const config = testConfig({
    DATABASE_URL: databaseUrl,
    S3_BUCKET: overrides.S3_BUCKET ?? (await createTestBucket()),
    ...overrides,
  });
  // Quiet unless a test asks for a log level (to read what an operator's log would hold).
  const level = overrides.LOG_LEVEL ? config.logLevel : 'error';
  const app = await createApiApp(config, new JsonLogger(level, 'api-test'));
  const db = app.get(DataSource);
  const server = app.getHttpServer();
  // Listening from the start: supertest then leaves the server alone, instead of making it listen
  // for its requests and closing it after the last one — which would cut every connection a test
  // opened itself (console streams, browsers) at that moment.
  await app.listen(0, '127.0.0.1');
  const contract = new Contract((await request(server).get('/docs-json')).body);
  const http = () => checkedAgainst(request(server), contract);
  const tokens = new Map<string, string>();
  const login = async (email: string, password = DEMO_PASSWORDS[email]) => {
    const cached = tokens.get(email);
    if (cached && password === DEMO_PASSWORDS[email]) return cached;
    const res = await http().post('/api/v1/auth/login').send({ email, password });
    if (res.status !== 200)
      throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    tokens.set(email, res.body.accessToken);
    return res.body.accessToken as string;
  };
  return {
    app,
    config,
    databaseUrl,
    db,
    http,
    login,
    loginAll: (...users) => Promise.all(users.map((u) => login(`${u}@demo.medguard.kz`))),
    close: () => app.close(),
  };
}

/** Makes the app listen on 127.0.0.1 (unless it already does) and returns its base URL. */
export async function listenOnLoopback(t: TestApp): Promise<string> {
  const server = t.app.getHttpServer();
  if (!server.listening) await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
