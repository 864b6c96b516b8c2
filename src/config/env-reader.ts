/** A missing or malformed setting; the message is the one line a process prints as it stops. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

export type Env = Record<string, string | undefined>;

/** Reads and checks single environment variables; every problem names the variable. */
export class EnvReader {
  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  private required(name: string): string {
    const value = this.raw(name);
    if (value === undefined) throw new ConfigError(name, 'is required but not set');
    return value;
  }

  string(name: string, fallback?: string): string {
    return this.raw(name) ?? (fallback !== undefined ? fallback : this.required(name));
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${value}"`);
    }
    return Number(value);
  }

  powerOfTwo(name: string, fallback: number, min: number, max: number): number {
    const value = this.int(name, fallback, min, max);
    if ((value & (value - 1)) !== 0) throw new ConfigError(name, `must be a power of two`);
    return value;
  }

  list(name: string): string[] {
    return (this.raw(name) ?? '')
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean);
  }

  fraction(name: string, fallback: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0 || n > 10)
      throw new ConfigError(name, `must be a number above 0 and at most 10, got "${value}"`);
    return n;
  }

  /** A setting with its own parser, which throws the problem for the variable's message. */
  parsed<T>(name: string, parse: (value: string | undefined) => T): T {
    try {
      return parse(this.raw(name));
    } catch (error) {
      throw new ConfigError(name, (error as Error).message);
    }
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
    throw new ConfigError(name, `must be true or false, got "${value}"`);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name) ?? fallback;
    if (!allowed.includes(value as T)) {
      throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${value}"`);
    }
    return value as T;
  }

  /** The value as set, or undefined when unset or blank. */
  optionalString(name: string): string | undefined {
    return this.raw(name);
  }

  url(name: string, fallback: string | undefined, protocols: string[]): string {
    const value = this.raw(name) ?? fallback ?? this.required(name);
    return checkUrl(name, value, protocols);
  }

  optionalUrl(name: string, protocols: string[]): string | undefined {
    const value = this.raw(name);
    return value === undefined ? undefined : checkUrl(name, value, protocols);
  }

  /** A secret sent in a header: printable, no spaces, long enough not to be guessed. */
  optionalToken(name: string, minLength: number): string | undefined {
    const value = this.raw(name);
    if (value !== undefined && !new RegExp(`^[\\x21-\\x7e]{${minLength},}$`).test(value))
      throw new ConfigError(
        name,
        `must be at least ${minLength} printable characters without spaces (openssl rand -hex 32)`,
      );
    return value;
  }

  key32(name: string): Buffer {
    const key = Buffer.from(this.required(name), 'base64');
    if (key.length !== 32) {
      throw new ConfigError(name, 'must be 32 random bytes in base64 (openssl rand -base64 32)');
    }
    return key;
  }
}

function checkUrl(name: string, value: string, protocols: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL (${protocols.join(' or ')}//...)`);
  }
  if (!protocols.includes(parsed.protocol) || !parsed.hostname) {
    throw new ConfigError(name, `must be a URL starting with ${protocols.join(' or ')}//`);
  }
  return value;
}
