import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES } from '../src/config/app-config';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as {
  services: Record<string, Service>;
};

describe('docker-compose.yml', () => {
  it.each(['api', 'worker'])('sets every variable the app requires for the %s service', (name) => {
    const env = compose.services[name].environment ?? {};
    const required = CONFIG_VARIABLES.filter((v) => v.required).map((v) => v.name);
    expect(required.length).toBeGreaterThan(3);
    for (const variable of required) {
      expect({ variable, value: env[variable] }).toEqual({
        variable,
        value: expect.stringMatching(/\S/),
      });
    }
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    expect(env.S3_ENDPOINT).toBe('http://minio:9000');
  });

  it('sets only variables the app knows, so a typo cannot hide', () => {
    const known = new Set(CONFIG_VARIABLES.map((v) => v.name));
    for (const name of ['api', 'worker']) {
      for (const variable of Object.keys(compose.services[name].environment ?? {})) {
        expect({ variable, known: known.has(variable) }).toEqual({ variable, known: true });
      }
    }
  });

  it('runs the migration step before the API and the worker start', () => {
    expect(compose.services.migrate.command).toEqual(
      expect.arrayContaining([expect.stringContaining('migrate.js run')]),
    );
    for (const name of ['api', 'worker']) {
      expect(compose.services[name].depends_on?.migrate).toEqual({
        condition: 'service_completed_successfully',
      });
      expect(compose.services[name].image).toBe(compose.services.migrate.image);
    }
    expect(compose.services.migrate.build).toBe('.');
  });

  it('keeps Redis persistent (AOF) and never evicting', () => {
    const command = (compose.services.redis.command as string[]).join(' ');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--maxmemory-policy noeviction');
  });

  it('creates the evidence bucket in MinIO, encrypted, with deleted versions expiring', () => {
    const init = JSON.stringify(compose.services['minio-init']);
    expect(init).toContain('mc mb --ignore-existing');
    expect(init).toContain('mc encrypt set sse-s3');
    expect(init).toContain('NoncurrentVersionExpiration');
    // The app asks for encryption; MinIO can only give it with a KMS key configured.
    expect(compose.services.minio.environment?.MINIO_KMS_SECRET_KEY).toMatch(/\S/);
    for (const name of ['api', 'worker']) {
      expect(compose.services[name].environment?.S3_SERVER_SIDE_ENCRYPTION).toBe('AES256');
      expect(compose.services[name].environment?.S3_PUBLIC_ENDPOINT).toMatch(/\S/);
    }
  });

  it('makes the operator set METRICS_TOKEN for the API, which then scrapes with it', () => {
    expect(compose.services.api.environment?.METRICS_TOKEN).toMatch(/^\$\{METRICS_TOKEN:\?.+\}$/);
  });

  it.each(['api', 'worker'])(
    'runs the %s in production, at an https PUBLIC_URL the operator must give',
    (name) => {
      const env = compose.services[name].environment ?? {};
      expect(env.NODE_ENV).toBe('production');
      expect(env.PUBLIC_URL).toMatch(/^\$\{PUBLIC_URL:\?.*https.*\}$/);
    },
  );
});
