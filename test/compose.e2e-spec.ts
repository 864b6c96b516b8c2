import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AppConfig, CONFIG_VARIABLES } from '../src/config/app-config';
import { parseTrustProxy } from '../src/config/trust-proxy';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  ports?: unknown[];
  expose?: unknown[];
  container_name?: string;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  restart?: string;
  profiles?: string[];
  volumes?: Array<
    string | { type?: string; source?: string; target?: string; read_only?: boolean }
  >;
  deploy?: { resources?: { limits?: { cpus?: string | number; memory?: string } } };
}

const ROOT = join(__dirname, '..');
const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true }) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const services = Object.entries(compose.services);

/** Steps that run to completion (migrations, bucket set-up, backup tools); the rest stay up. */
const oneShot = new Set(
  services
    .filter(
      ([name, s]) =>
        s.profiles?.length ||
        services.some(
          ([, other]) =>
            !Array.isArray(other.depends_on) &&
            other.depends_on?.[name]?.condition === 'service_completed_successfully',
        ),
    )
    .map(([name]) => name),
);
const longRunning = services.filter(([name]) => !oneShot.has(name));

/** `512m`, `2g` and the like, as compose reads memory sizes, in bytes. */
function composeBytes(size: string): number {
  const m = /^(\d+(?:\.\d+)?)([kmg]?)b?$/i.exec(size);
  if (!m) throw new Error(`not a size: ${size}`);
  return Number(m[1]) * { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as ''];
}

function flag(command: string[] | string | undefined, name: string): string | undefined {
  const words = Array.isArray(command) ? command : (command ?? '').split(/\s+/);
  const i = words.findIndex((w) => w === name || w.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return words[i].includes('=') ? words[i].split('=').slice(1).join('=') : words[i + 1];
}

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

  it('gives the migration step the keyring: it encrypts rows it converts, and every command checks it first', () => {
    const env = compose.services.migrate.environment ?? {};
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\//);
    expect(env.DATA_ENCRYPTION_KEYS).toBe(compose.services.api.environment?.DATA_ENCRYPTION_KEYS);
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

  it('creates the bucket with Object Lock for the audit anchors, without a default retention', () => {
    const init = JSON.stringify(compose.services['minio-init']);
    expect(init).toContain('mc mb --ignore-existing --with-lock');
    // A default retention would make every upload (devices' presigned parts too) carry Content-MD5.
    expect(init).not.toContain('retention set --default');
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

  it('scales the API and the worker (`--scale api=3 --scale worker=2`): no fixed names or host ports', () => {
    expect(composeText).toContain('docker compose up -d --scale api=3 --scale worker=2');
    for (const name of ['api', 'worker']) {
      const service = compose.services[name];
      expect({ name, container_name: service.container_name, ports: service.ports }).toEqual({
        name,
        container_name: undefined,
        ports: undefined,
      });
    }
    expect(services.filter(([, s]) => s.container_name).map(([n]) => n)).toEqual([]);
  });

  it('publishes only the reverse proxy: every other service is reached inside the network', () => {
    const published = services.filter(([, s]) => s.ports?.length).map(([n]) => n);
    expect(published).toEqual(['proxy']);
    expect(compose.services.proxy.ports?.map(String).sort()).toEqual(['443:443', '80:80']);
  });

  it('gives three APIs and two workers enough PostgreSQL connections, with room for the tools', () => {
    const pool = (name: string) => {
      const { DATABASE_POOL_SIZE } = withoutPlaceholders(compose.services[name].environment ?? {});
      return AppConfig.fromEnv({ ...process.env, DATABASE_POOL_SIZE }).database.poolSize;
    };
    const maxConnections = Number(flag(compose.services.postgres.command, 'max_connections'));
    const needed = 3 * pool('api') + 2 * pool('worker') + 2 * 2; // two CLI runs of 2 connections
    expect({ needed, fits: needed + 3 <= maxConnections }).toEqual({ needed, fits: true });
  });

  it.each(longRunning.map(([n]) => n))('health-checks the %s service and restarts it', (name) => {
    const service = compose.services[name];
    expect(service.healthcheck?.disable).not.toBe(true);
    expect(JSON.stringify(service.healthcheck?.test ?? '')).toMatch(/\w{3}/);
    expect(['unless-stopped', 'always']).toContain(service.restart);
  });

  it("checks the worker's health on its own metrics port, not the image's API check", () => {
    const port = compose.services.worker.environment?.WORKER_METRICS_PORT;
    expect(port).toMatch(/^\d+$/);
    expect(JSON.stringify(compose.services.worker.healthcheck?.test)).toContain(`:${port}/metrics`);
    expect(compose.services.worker.expose?.map(String)).toEqual([port]);
  });

  it('lets a service start only once what it needs is healthy or has completed', () => {
    for (const [name, service] of services) {
      expect({ name, list: Array.isArray(service.depends_on) }).toEqual({ name, list: false });
      for (const [on, { condition }] of Object.entries(service.depends_on ?? {})) {
        const expected = oneShot.has(on) ? 'service_completed_successfully' : 'service_healthy';
        expect({ name, on, condition }).toEqual({ name, on, condition: expected });
      }
    }
    expect(Object.keys(compose.services.proxy.depends_on ?? {})).toEqual(['api']);
  });

  it('keeps every data directory in a named volume; files from the repository are read-only', () => {
    const declared = Object.keys(compose.volumes ?? {});
    for (const [name, service] of services) {
      for (const volume of service.volumes ?? []) {
        const text = typeof volume === 'string' ? volume : `${volume.source}:${volume.target}`;
        const [source, , mode] = text.split(':');
        if (/^[./$]/.test(source)) {
          expect({ name, volume: text, mode }).toEqual({ name, volume: text, mode: 'ro' });
        } else {
          expect({ name, volume: source, declared: declared.includes(source) }).toEqual({
            name,
            volume: source,
            declared: true,
          });
        }
      }
    }
    for (const name of ['postgres', 'redis', 'minio'])
      expect(JSON.stringify(compose.services[name].volumes)).toMatch(/^\["[a-z-]+:\//);
  });

  it('limits the memory and CPU of every service', () => {
    for (const [name, service] of services) {
      const limits = service.deploy?.resources?.limits ?? {};
      expect({ name, memory: composeBytes(String(limits.memory ?? 'x')) > 0 }).toEqual({
        name,
        memory: true,
      });
      expect({ name, cpus: Number(limits.cpus) > 0 }).toEqual({ name, cpus: true });
    }
  });

  it('keeps Redis under its container memory limit, refusing writes rather than being killed', () => {
    const redis = compose.services.redis;
    const maxmemory = composeBytes(flag(redis.command, '--maxmemory') ?? 'none');
    const limit = composeBytes(String(redis.deploy?.resources?.limits?.memory));
    expect(maxmemory).toBeLessThanOrEqual(limit * 0.8);
  });

  it('pins every image to a release, and tags its own with the package version', () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    for (const [name, service] of services) {
      if (!service.image) continue;
      if (service.image.startsWith('medguard:')) {
        expect({ name, image: service.image }).toEqual({ name, image: `medguard:${version}` });
      } else {
        expect({ name, image: service.image }).toEqual({
          name,
          image: expect.stringMatching(
            /:(\d+\.\d+(\.\d+)?(-[a-z]+)?|RELEASE\.[\dT-]+Z)(@sha256:[0-9a-f]{64})?$/,
          ),
        });
      }
    }
  });

  it('trusts exactly the one proxy in front of the API for client addresses', () => {
    for (const name of ['api', 'worker'])
      expect(parseTrustProxy(compose.services[name].environment?.TRUST_PROXY)).toBe(1);
    // The proxy is the only way in, so every request reaches the API through exactly that hop.
    expect(compose.services.api.ports).toBeUndefined();
  });

  it("makes presigned footage URLs for the proxy's https address, which passes them to MinIO", () => {
    for (const name of ['api', 'worker'])
      expect(compose.services[name].environment?.S3_PUBLIC_ENDPOINT).toBe(
        compose.services[name].environment?.PUBLIC_URL,
      );
    expect(compose.services.proxy.environment?.S3_BUCKET).toBe(
      compose.services.api.environment?.S3_BUCKET,
    );
  });

  it('runs backups and restores from the image, writing to a named volume', () => {
    for (const [name, script] of [
      ['backup', 'backup.js'],
      ['restore', 'restore.js'],
    ]) {
      const service = compose.services[name];
      expect(service.profiles).toEqual(['ops']);
      expect(service.image).toBe(compose.services.api.image);
      expect(JSON.stringify(service.entrypoint)).toContain(`dist/src/cli/${script}`);
      expect(JSON.stringify(service.volumes)).toContain('backups:/backups');
    }
  });
});

/** Compose's `${VAR:-default}` and `${VAR:?message}` left out: what AppConfig sees when unset. */
function withoutPlaceholders(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env)
      .map(([k, v]) => [k, /^\$\{[A-Z_]+:-(.*)\}$/.exec(v)?.[1] ?? v] as const)
      .filter(([, v]) => !v.includes('${')),
  );
}
