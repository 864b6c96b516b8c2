import { Injectable } from '@nestjs/common';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { AppConfig } from '../config/app-config';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;

/** scrypt (memory-hard) hashes in the self-describing form `scrypt$N$r$p$salt$hash`. */
@Injectable()
export class PasswordHasher {
  static readonly DEFAULT_COST = 2 ** 15;
  /**
   * The stored value of an account that has no password yet (created with a set-password link):
   * no password matches it, and checking one takes as long as checking a real hash.
   */
  static readonly UNUSABLE = '!';
  private readonly cost: number;
  private dummy: Promise<string> | undefined;

  constructor(config: AppConfig) {
    this.cost = config.auth.scryptCost;
  }

  /** For commands that hash without the full application configuration (seeding). */
  static withCost(cost: number): PasswordHasher {
    return new PasswordHasher({ auth: { scryptCost: cost } } as AppConfig);
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, this.cost, BLOCK_SIZE, 1);
    return [
      'scrypt',
      this.cost,
      BLOCK_SIZE,
      1,
      salt.toString('base64'),
      key.toString('base64'),
    ].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, expected] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !expected) return this.verifyAgainstNothing(password);
    const key = await derive(
      password,
      Buffer.from(salt, 'base64'),
      Number(n),
      Number(r),
      Number(p),
    );
    const want = Buffer.from(expected, 'base64');
    return want.length === key.length && timingSafeEqual(want, key);
  }

  /** Spends the same time as a real check, so unknown accounts cannot be told apart by timing. */
  async verifyAgainstNothing(password: string): Promise<false> {
    this.dummy ??= this.hash(randomBytes(16).toString('hex'));
    await this.verify(password, await this.dummy);
    return false;
  }
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return scryptAsync(password.normalize('NFKC'), salt, KEY_LENGTH, {
    N: n,
    r,
    p,
    maxmem: 256 * n * r,
  });
}
