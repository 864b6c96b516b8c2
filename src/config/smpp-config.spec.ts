import { AppConfig } from './app-config';

const base = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/db',
  REDIS_URL: 'redis://localhost:6379',
  S3_BUCKET: 'evidence',
  S3_ACCESS_KEY_ID: 'key',
  S3_SECRET_ACCESS_KEY: 'secret',
  SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
  DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 8).toString('base64')}`,
};
const smsc = {
  SMPP_URL: 'smpp://smsc.operator.kz:2775',
  SMPP_SYSTEM_ID: 'medguard',
  SMPP_PASSWORD: 's3cret',
  SMPP_SOURCE_ADDR: 'MedGuard',
};

describe('the SMSC settings', () => {
  it('sends no texts when SMPP_URL is unset', () => {
    expect(AppConfig.fromEnv(base).smpp).toBeNull();
  });

  it('reads all four settings, plain or TLS', () => {
    expect(AppConfig.fromEnv({ ...base, ...smsc }).smpp).toEqual({
      url: 'smpp://smsc.operator.kz:2775',
      systemId: 'medguard',
      password: 's3cret',
      sourceAddr: 'MedGuard',
    });
    expect(AppConfig.fromEnv({ ...base, ...smsc, SMPP_URL: 'ssmpp://smsc:3550' }).smpp?.url).toBe(
      'ssmpp://smsc:3550',
    );
  });

  it.each([
    [
      { SMPP_PASSWORD: undefined },
      'Invalid configuration: SMPP_PASSWORD is required when SMPP_URL is set',
    ],
    [
      { SMPP_SYSTEM_ID: '' },
      'Invalid configuration: SMPP_SYSTEM_ID is required when SMPP_URL is set',
    ],
    [
      { SMPP_URL: undefined },
      'Invalid configuration: SMPP_URL is required when any other SMPP_ setting is set',
    ],
    [
      { SMPP_URL: 'http://smsc:2775' },
      'Invalid configuration: SMPP_URL must be a URL starting with smpp: or ssmpp:',
    ],
    [
      { SMPP_PASSWORD: 'longer-than-8' },
      'Invalid configuration: SMPP_PASSWORD must be at most 8 characters',
    ],
    [
      { SMPP_SYSTEM_ID: 'x'.repeat(16) },
      'Invalid configuration: SMPP_SYSTEM_ID must be at most 15 characters',
    ],
  ])('stops the start on a half-set SMSC with one line: %j', (change, line) => {
    expect(() => AppConfig.fromEnv({ ...base, ...smsc, ...change })).toThrow(line);
  });

  it('never puts the password in the message that stops the start', () => {
    try {
      AppConfig.fromEnv({ ...base, ...smsc, SMPP_PASSWORD: 'toolongpw1' });
    } catch (error) {
      expect((error as Error).message).not.toContain('toolongpw1');
    }
  });
});
