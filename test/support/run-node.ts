import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const DIST = join(__dirname, '..', '..', 'dist', 'src');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the built entry points (npm test builds first) with the given environment. */
export function runNode(
  script: string,
  env: Record<string, string | undefined>,
  args: string[] = [],
  timeoutMs = 30000,
): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(DIST, script), ...args], {
      env: env as NodeJS.ProcessEnv,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${script} did not finish within ${timeoutMs} ms: ${stdout}${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** The environment a process would get in production: only the application's variables. */
export function appEnv(
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  const pick = Object.fromEntries(
    Object.entries(process.env).filter(([k]) =>
      /^(PATH|HOME|DATABASE_URL|REDIS_URL|S3_|SECRETS_KEY|DATA_ENCRYPTION_KEYS|LOG_LEVEL|SCRYPT_COST)/.test(
        k,
      ),
    ),
  );
  return { ...pick, ...overrides };
}
