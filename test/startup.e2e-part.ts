import { appEnv, runNode } from './support/run-node';

type Case = [string, Record<string, string | undefined>, RegExp];

describe('start-up configuration', () => {
  it.each<Case>([
    [
      'main.js',
      { DATABASE_URL: 'mysql://nope' },
      /^Invalid configuration: DATABASE_URL must be a URL starting with postgres: or postgresql:\/\/$/,
    ],
    [
      'main.js',
      { DATABASE_URL: 'not a url' },
      /^Invalid configuration: DATABASE_URL must be a URL/,
    ],
    [
      'main.js',
      { DATABASE_URL: undefined },
      /^Invalid configuration: DATABASE_URL is required but not set$/,
    ],
    [
      'main.js',
      { SECRETS_KEY: 'c2hvcnQ=' },
      /^Invalid configuration: SECRETS_KEY must be 32 random bytes/,
    ],
    [
      'main.js',
      { PORT: '99999' },
      /^Invalid configuration: PORT must be a whole number from 1 to 65535, got "99999"$/,
    ],
    [
      'worker.js',
      { REDIS_URL: 'http://localhost:6379' },
      /^Invalid configuration: REDIS_URL must be a URL starting with redis: or rediss:\/\/$/,
    ],
    ...['main.js', 'worker.js', 'cli/migrate.js', 'cli/keys-rotate.js'].flatMap(
      (script): Case[] => [
        [
          script,
          { DATA_ENCRYPTION_KEYS: undefined },
          /^Invalid configuration: DATA_ENCRYPTION_KEYS is required but not set \(id:base64key/,
        ],
        [
          script,
          { DATA_ENCRYPTION_KEYS: 'k1:c2VjcmV0LWtleS1tYXRlcmlhbA==' },
          /^Invalid configuration: DATA_ENCRYPTION_KEYS key "k1" must be 32 bytes in base64, got 19 bytes/,
        ],
      ],
    ),
    ...['main.js', 'worker.js'].flatMap((script): Case[] => [
      [
        script,
        { NODE_ENV: 'production', PUBLIC_URL: 'http://medguard.example.kz' },
        /^Invalid configuration: PUBLIC_URL must be an https:\/\/ address when NODE_ENV is production, got "http:\/\/medguard.example.kz"$/,
      ],
      [
        script,
        { NODE_ENV: 'production', PUBLIC_URL: undefined },
        /^Invalid configuration: PUBLIC_URL must be an https:\/\/ address when NODE_ENV is production, got "http:\/\/localhost:3000"$/,
      ],
    ]),
  ])('%s with %j exits non-zero with one clear line', async (script, env, line) => {
    const result = await runNode(script, appEnv(env));
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(result.stderr).not.toContain('c2VjcmV0LWtleS1tYXRlcmlhbA');
  });
});
