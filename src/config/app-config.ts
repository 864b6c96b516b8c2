import { ConfigError, Env, EnvReader } from './env-reader';
import { parseTrustProxy, TrustProxy } from './trust-proxy';
import { DEFAULT_PUSH_HOSTS, parseVapid, pushHostsProblem, VapidKeys } from './push-settings';
import { DataKeyring, parseDataKeys } from './data-keys';
import { MapTileSource, parseMapTiles } from './map-tiles';
import { EvidenceKey, parseEvidenceKey } from './evidence-key';
import { readMfaRoles } from './mfa-roles';
import { readSmpp, SmppSettings } from './smpp-settings';

/** The longest the contract lets a gateway's poll for footage requests be held, in seconds. */
export const LONGEST_REQUEST_POLL_SECONDS = 30;

export { ConfigError };
export type { SmppSettings };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Settings are read from the environment once, validated, and frozen. Nothing else in the
 * application reads `process.env`: services receive an `AppConfig` through injection.
 */
export class AppConfig {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  /** NODE_ENV is `production`: the public address must then be https. */
  readonly production: boolean;
  /** Express's `trust proxy`: false, a hop count, or the proxies' addresses and subnets. */
  readonly trustProxy: TrustProxy;
  readonly logLevel: LogLevel;
  readonly database: {
    url: string;
    poolSize: number;
    /** A streaming replica for the reads that may lag (statistics); undefined: all on the primary. */
    readUrl: string | undefined;
    /** After a replica failure, reads stay on the primary this long before the replica is tried again. */
    readRetrySeconds: number;
    /**
     * The hottest statements are named prepared statements, planned once per connection. Off for
     * a pooler that cannot keep them (PgBouncer before 1.21 in transaction mode).
     */
    namedStatements: boolean;
    /** A session connection for the outbox's LISTEN when `url` goes through a transaction pooler. */
    listenUrl: string | undefined;
  };
  readonly redis: { url: string; keyPrefix: string };
  readonly s3: {
    endpoint: string | undefined;
    region: string;
    bucket: string;
    accessKeyId: string;
    secretAccessKey: string;
    forcePathStyle: boolean;
    /** Presigned URLs are made for this address: the one browsers and devices reach the store at. */
    publicEndpoint: string | undefined;
    /** Server-side encryption requested for every object written; 'none' for stores without it. */
    serverSideEncryption: 'AES256' | 'aws:kms' | 'none';
  };
  /** AES-256-GCM key that encrypts stored secrets such as police posts' webhook secrets. */
  readonly secretsKey: Buffer;
  /** Encrypts personal data in the database: the first key encrypts, every key decrypts. */
  readonly dataKeys: DataKeyring;
  readonly auth: {
    sessionTtlMinutes: number;
    /** Roles that sign in with a TOTP code and may reach only its set-up step until they do. */
    mfaRequiredRoles: readonly string[];
    loginMaxFailures: number;
    loginFailureWindowSeconds: number;
    /** scrypt cost; the default follows OWASP's recommendation for scrypt (N=2^17 is stronger). */
    scryptCost: number;
  };
  readonly shutdownTimeoutMs: number;
  /** The worker serves Prometheus metrics on this port (0: not at all). */
  readonly workerMetricsPort: number;
  /** The bearer token `/metrics` on the API asks for; unset: the API serves no metrics. */
  readonly metricsToken: string | undefined;
  readonly footage: {
    maxBytes: number;
    /** Presigned content URLs live this long (at most 5 minutes). */
    urlSeconds: number;
    /** Footage recorded this long before or after an incident is suggested for it. */
    matchMinutes: number;
    /** The largest file a device may send straight to the bucket in parts. */
    directMaxBytes: number;
    /** Direct uploads not completed within this many hours are aborted; part URLs live as long. */
    uploadExpiryHours: number;
    /** Footage linked to no incident and not on legal hold is deleted after this many days. */
    retentionDays: number;
    /** Every stored object is re-hashed by the worker at least this often, in days. */
    recheckDays: number;
  };
  readonly alerts: {
    /** Hosts webhooks may reach over http and at internal addresses; others need https and public ones. */
    webhookAllowedHosts: string[];
    webhookTimeoutMs: number;
    deliveryAttempts: number;
    /** Multiplies every acknowledgement deadline; below 1 only for drills and tests. */
    deadlineScale: number;
    outboxPollMs: number;
    /** How often the worker looks in the database for alert work Redis may have lost. */
    sweepMs: number;
  };
  /** The operator's SMSC over SMPP 3.4; null: no texts are sent. */
  readonly smpp: SmppSettings | null;
  readonly retention: {
    /** How often the worker erases personal data whose retention period has run out. */
    sweepMinutes: number;
  };
  readonly casePage: {
    /** How often an open case page asks whether its report changed. */
    pollSeconds: number;
  };
  readonly auditAnchors: {
    /** How often the worker writes the audit chain's head to the bucket. */
    intervalMinutes: number;
    /** How long the store keeps each anchor locked against deletion (S3 Object Lock). */
    retentionDays: number;
  };
  readonly push: {
    /** The VAPID identity pushes are signed with; null: Web Push is off. */
    vapid: VapidKeys | null;
    /** Push services subscriptions may point to (`*.` is any subdomain); loopback only when listed. */
    allowedHosts: readonly string[];
  };

  /** The ministry map's tile source; null: the bundled region shapes only. */
  readonly mapTiles: MapTileSource | null;
  readonly events: {
    /** Reports this many minutes apart or closer (at the same place) are suggested as one event. */
    matchMinutes: number;
  };
  /** Signs evidence packages' manifests; null: packages cannot be built. */
  readonly evidenceKey: EvidenceKey | null;
  readonly footageRequests: {
    /** A report asks the devices that may have seen it for this many minutes before and after it. */
    windowMinutes: number;
    /** A request neither fulfilled nor declined within this many hours expires. */
    expiryHours: number;
    /** The longest a gateway's poll for requests is held open, in seconds. */
    pollSeconds: number;
  };

  private constructor(init: Omit<AppConfig, never>) {
    Object.assign(this, init);
  }

  static fromEnv(env: Env = process.env): AppConfig {
    const read = new EnvReader(env);
    const port = read.int('PORT', 3000, 1, 65535);
    const production = read.string('NODE_ENV', 'development') === 'production';
    const config = new AppConfig({
      port,
      host: read.string('HOST', '0.0.0.0'),
      publicUrl: httpsInProduction(
        read.url('PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']),
        production,
      ),
      production,
      trustProxy: read.parsed('TRUST_PROXY', parseTrustProxy),
      logLevel: read.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
      database: {
        url: read.url('DATABASE_URL', undefined, ['postgres:', 'postgresql:']),
        poolSize: read.int('DATABASE_POOL_SIZE', 20, 1, 200),
        readUrl: read.optionalUrl('DATABASE_READ_URL', ['postgres:', 'postgresql:']),
        readRetrySeconds: read.int('DATABASE_READ_RETRY_SECONDS', 30, 1, 3600),
        namedStatements: read.bool('DATABASE_NAMED_STATEMENTS', true),
        listenUrl: read.optionalUrl('DATABASE_LISTEN_URL', ['postgres:', 'postgresql:']),
      },
      redis: {
        url: read.url('REDIS_URL', undefined, ['redis:', 'rediss:']),
        keyPrefix: read.string('REDIS_KEY_PREFIX', 'mg'),
      },
      s3: readS3(read),
      secretsKey: read.key32('SECRETS_KEY'),
      dataKeys: read.parsed('DATA_ENCRYPTION_KEYS', parseDataKeys),
      auth: {
        sessionTtlMinutes: read.int('SESSION_TTL_MINUTES', 720, 5, 60 * 24 * 30),
        mfaRequiredRoles: readMfaRoles(read, production),
        loginMaxFailures: read.int('LOGIN_MAX_FAILURES', 5, 1, 100),
        loginFailureWindowSeconds: read.int('LOGIN_FAILURE_WINDOW_SECONDS', 900, 10, 86400),
        scryptCost: read.powerOfTwo('SCRYPT_COST', 32768, 2 ** 10, 2 ** 20),
      },
      shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS', 25000, 1000, 600000),
      workerMetricsPort: read.int('WORKER_METRICS_PORT', 9464, 0, 65535),
      metricsToken: read.optionalToken('METRICS_TOKEN', 16),
      footage: {
        maxBytes: read.int('FOOTAGE_MAX_BYTES', 4 * 1024 ** 3, 1024, 1024 ** 4),
        urlSeconds: read.int('FOOTAGE_URL_SECONDS', 300, 10, 300),
        matchMinutes: read.int('FOOTAGE_MATCH_MINUTES', 30, 0, 24 * 60),
        directMaxBytes: read.int('FOOTAGE_DIRECT_MAX_BYTES', 50 * 1024 ** 3, 1024, 5 * 1024 ** 4),
        uploadExpiryHours: read.int('FOOTAGE_UPLOAD_EXPIRY_HOURS', 24, 1, 168),
        retentionDays: read.int('FOOTAGE_RETENTION_DAYS', 30, 1, 36500),
        recheckDays: read.int('FOOTAGE_RECHECK_DAYS', 30, 1, 3650),
      },
      alerts: {
        webhookAllowedHosts: read.list('WEBHOOK_ALLOWED_HOSTS'),
        webhookTimeoutMs: read.int('WEBHOOK_TIMEOUT_MS', 5000, 100, 60000),
        deliveryAttempts: read.int('WEBHOOK_DELIVERY_ATTEMPTS', 8, 1, 30),
        deadlineScale: read.fraction('ALERT_DEADLINE_SCALE', 1),
        outboxPollMs: read.int('OUTBOX_POLL_MS', 2000, 50, 60000),
        sweepMs: read.int('ALERT_SWEEP_MS', 15000, 100, 600000),
      },
      smpp: readSmpp(read),
      push: readPush(read),
      retention: {
        sweepMinutes: read.int('PERSONAL_DATA_SWEEP_MINUTES', 60, 1, 10080),
      },
      casePage: { pollSeconds: read.int('CASE_PAGE_POLL_SECONDS', 15, 1, 300) },
      auditAnchors: {
        intervalMinutes: read.int('AUDIT_ANCHOR_INTERVAL_MINUTES', 10, 1, 1440),
        retentionDays: read.int('AUDIT_ANCHOR_RETENTION_DAYS', 3650, 1, 36500),
      },
      mapTiles: readMapTiles(read),
      events: { matchMinutes: read.int('EVENT_MATCH_MINUTES', 30, 1, 24 * 60) },
      evidenceKey: read.parsed('EVIDENCE_SIGNING_KEY', parseEvidenceKey),
      footageRequests: {
        windowMinutes: read.int('FOOTAGE_REQUEST_MINUTES', 15, 1, 24 * 60),
        expiryHours: read.int('FOOTAGE_REQUEST_EXPIRY_HOURS', 24, 1, 24 * 30),
        pollSeconds: read.int(
          'FOOTAGE_REQUEST_POLL_SECONDS',
          LONGEST_REQUEST_POLL_SECONDS,
          1,
          LONGEST_REQUEST_POLL_SECONDS,
        ),
      },
    });
    return Object.freeze(config);
  }
}

/** Users reach production over TLS only: its cookies, HSTS and links all depend on it. */
function httpsInProduction(publicUrl: string, production: boolean): string {
  if (production && new URL(publicUrl).protocol !== 'https:')
    throw new ConfigError(
      'PUBLIC_URL',
      `must be an https:// address when NODE_ENV is production, got "${publicUrl}"`,
    );
  return publicUrl;
}

/** Only the database setting, for commands that need nothing else (migrations, seeds, audit checks). */
export function databaseUrlFromEnv(env: Env = process.env): string {
  return new EnvReader(env).url('DATABASE_URL', undefined, ['postgres:', 'postgresql:']);
}

/** Whether the hot statements are named (DATABASE_NAMED_STATEMENTS), for the same commands. */
export function namedStatementsFromEnv(env: Env = process.env): boolean {
  return new EnvReader(env).bool('DATABASE_NAMED_STATEMENTS', true);
}

/** Only the keyring, for commands that read or write personal data (migrations, seeds, rotation). */
export function dataKeysFromEnv(env: Env = process.env): DataKeyring {
  return new EnvReader(env).parsed('DATA_ENCRYPTION_KEYS', parseDataKeys);
}

function readS3(read: EnvReader): AppConfig['s3'] {
  return {
    endpoint: read.optionalUrl('S3_ENDPOINT', ['http:', 'https:']),
    region: read.string('S3_REGION', 'us-east-1'),
    bucket: read.string('S3_BUCKET'),
    accessKeyId: read.string('S3_ACCESS_KEY_ID'),
    secretAccessKey: read.string('S3_SECRET_ACCESS_KEY'),
    forcePathStyle: read.bool('S3_FORCE_PATH_STYLE', true),
    publicEndpoint: read.optionalUrl('S3_PUBLIC_ENDPOINT', ['http:', 'https:']),
    serverSideEncryption: read.oneOf(
      'S3_SERVER_SIDE_ENCRYPTION',
      ['AES256', 'aws:kms', 'none'] as const,
      'AES256',
    ),
  };
}

function readPush(read: EnvReader): AppConfig['push'] {
  const raw = (name: string) => read.parsed(name, (value) => value);
  const vapid = parseVapid(raw('VAPID_PUBLIC_KEY'), raw('VAPID_PRIVATE_KEY'), raw('VAPID_SUBJECT'));
  if ('problem' in vapid) throw new ConfigError(vapid.variable, vapid.problem);
  const hosts = read.list('PUSH_ALLOWED_HOSTS');
  const problem = pushHostsProblem(hosts);
  if (problem) throw new ConfigError('PUSH_ALLOWED_HOSTS', problem);
  return { vapid: vapid.keys, allowedHosts: hosts.length ? hosts : DEFAULT_PUSH_HOSTS };
}

function readMapTiles(read: EnvReader): MapTileSource | null {
  const parsed = parseMapTiles(
    read.optionalString('MAP_TILE_URL'),
    read.optionalString('MAP_TILE_ATTRIBUTION'),
  );
  if ('problem' in parsed) throw new ConfigError(parsed.variable, parsed.problem);
  return parsed.tiles;
}

/** Only the object store's settings, for commands that copy the bucket (backup, restore). */
export function storageConfigFromEnv(env: Env = process.env): AppConfig['s3'] {
  return readS3(new EnvReader(env));
}

export { CONFIG_VARIABLES } from './config-variables';
