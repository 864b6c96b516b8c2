import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { useNamedStatements } from '../common/persistence/prepared-query';
import {
  ConfigError,
  databaseUrlFromEnv,
  dataKeysFromEnv,
  namedStatementsFromEnv,
} from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';

/**
 * Runs a one-off command against the database named by DATABASE_URL; exit code 1 on failure.
 * Every command checks the keyring first: the database holds personal data only it can read.
 */
export function runCli(
  task: (dataSource: DataSource, args: string[]) => Promise<number | void>,
): void {
  const run = async () => {
    const url = databaseUrlFromEnv();
    dataKeysFromEnv();
    useNamedStatements(namedStatementsFromEnv());
    const dataSource = new DataSource(dataSourceOptions(url, 2));
    await dataSource.initialize();
    try {
      return (await task(dataSource, process.argv.slice(2))) ?? 0;
    } finally {
      await dataSource.destroy();
    }
  };
  run().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(
        error instanceof ConfigError
          ? error.message
          : error instanceof Error
            ? error.message
            : String(error),
      );
      process.exit(1);
    },
  );
}

/** `--name value` or `--name=value`, as a positive whole number. */
export function intArg(args: string[], name: string, fallback: number): number {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const raw = args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name} must be a whole number, got "${raw}"`);
  return value;
}

/** `--name value` or `--name=value`, required. */
export function stringArg(args: string[], name: string): string {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  const value = i < 0 ? undefined : args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
  if (!value || value.startsWith('--')) throw new Error(`--${name} <value> is required`);
  return value;
}

export function print(line: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(line) + '\n');
}
