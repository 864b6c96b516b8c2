import { ROLES } from '../auth/roles';
import { AppConfig, ConfigError } from './app-config';

const PRODUCTION_MFA = ['admin', 'police', 'facility_admin', 'ministry'];

const valid = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/db',
  REDIS_URL: 'redis://localhost:6379',
  S3_BUCKET: 'evidence',
  S3_ACCESS_KEY_ID: 'key',
  S3_SECRET_ACCESS_KEY: 'secret',
  SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
  DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 8).toString('base64')}`,
};

describe('configuration', () => {
  it('reads a complete environment into a frozen object with defaults', () => {
    const config = AppConfig.fromEnv(valid);
    expect(Object.isFrozen(config)).toBe(true);
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.auth.loginMaxFailures).toBe(5);
    expect(config.s3.endpoint).toBeUndefined();
    expect(config.secretsKey).toHaveLength(32);
    expect(config.metricsToken).toBeUndefined();
    expect(config.push.vapid).toBeNull();
    expect(config.push.allowedHosts).toContain('fcm.googleapis.com');
  });

  it.each([
    [{ DATABASE_URL: undefined }, 'DATABASE_URL is required but not set'],
    [
      { DATABASE_URL: 'mysql://x/y' },
      'DATABASE_URL must be a URL starting with postgres: or postgresql://',
    ],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL must be a URL starting with redis: or rediss://'],
    [{ S3_ENDPOINT: 'minio:9000' }, 'S3_ENDPOINT must be a URL starting with http: or https://'],
    [{ SECRETS_KEY: 'abc' }, 'SECRETS_KEY must be 32 random bytes in base64'],
    [{ DATA_ENCRYPTION_KEYS: undefined }, 'DATA_ENCRYPTION_KEYS is required but not set'],
    [{ DATA_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' }, 'DATA_ENCRYPTION_KEYS key "k1" must be 32 bytes'],
    [{ PORT: '0' }, 'PORT must be a whole number from 1 to 65535, got "0"'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY must not be true: that trusts any X-Forwarded-For'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY must be false, a number of proxies from 1 to 10'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of debug, info, warn, error, got "loud"'],
    [{ SCRYPT_COST: '3000' }, 'SCRYPT_COST must be a power of two'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN must be at least 16 printable characters'],
    [{ METRICS_TOKEN: 'sixteen chars or more' }, 'METRICS_TOKEN must be at least 16 printable'],
    [{ VAPID_SUBJECT: 'mailto:ops@medguard.kz' }, 'VAPID_PUBLIC_KEY must be set together with'],
    [{ PUSH_ALLOWED_HOSTS: 'https://fcm.googleapis.com' }, 'PUSH_ALLOWED_HOSTS entries must be'],
    [{ MFA_REQUIRED_ROLES: 'police,doctor' }, 'MFA_REQUIRED_ROLES must be roles from staff, '],
  ])('stops on %j with a message naming the variable', (override, message) => {
    expect(() => AppConfig.fromEnv({ ...valid, ...override })).toThrow(ConfigError);
    expect(() => AppConfig.fromEnv({ ...valid, ...override })).toThrow(
      `Invalid configuration: ${message}`,
    );
  });

  it('takes only an https PUBLIC_URL in production, and any in development', () => {
    const production = { ...valid, NODE_ENV: 'production' };
    expect(AppConfig.fromEnv({ ...production, PUBLIC_URL: 'https://medguard.kz' }).publicUrl).toBe(
      'https://medguard.kz',
    );
    for (const url of [undefined, 'http://medguard.kz', 'http://localhost:3000'])
      expect(() => AppConfig.fromEnv({ ...production, PUBLIC_URL: url })).toThrow(
        'Invalid configuration: PUBLIC_URL must be an https:// address when NODE_ENV is production',
      );
    expect(
      AppConfig.fromEnv({ ...valid, NODE_ENV: 'development', PUBLIC_URL: 'http://medguard.kz' })
        .publicUrl,
    ).toBe('http://medguard.kz');
  });

  it.each([
    [{}, []],
    [{ NODE_ENV: 'production', PUBLIC_URL: 'https://medguard.kz' }, PRODUCTION_MFA],
    [{ NODE_ENV: 'production', PUBLIC_URL: 'https://medguard.kz', MFA_REQUIRED_ROLES: 'none' }, []],
    [{ MFA_REQUIRED_ROLES: ' Police, ministry,police ' }, ['police', 'ministry']],
    [{ MFA_REQUIRED_ROLES: ROLES.join(',') }, ROLES],
  ])('with %j requires MFA of %j', (override, roles) => {
    expect(AppConfig.fromEnv({ ...valid, ...override }).auth.mfaRequiredRoles).toEqual(roles);
  });

  it('treats blank values as unset', () => {
    expect(() => AppConfig.fromEnv({ ...valid, S3_BUCKET: '  ' })).toThrow(
      'S3_BUCKET is required but not set',
    );
  });
});
