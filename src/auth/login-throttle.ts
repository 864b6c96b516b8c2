import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';
import { sha256 } from './tokens';

/** Shared offices sit behind one address, so the per-address allowance is wider than per account. */
const ADDRESS_FACTOR = 4;

/**
 * Counts failed sign-ins per account and per address in Redis, so the limit holds across API
 * processes. If Redis is unreachable sign-in stays possible: locking staff out during an incident
 * is worse than a short window without throttling.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);

  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {}

  private keys(email: string, ip: string | null): { account: string; address: string } {
    return {
      account: `login-fail:acct:${sha256(email.trim().toLowerCase()).toString('hex')}`,
      address: `login-fail:ip:${ip ?? 'unknown'}`,
    };
  }

  /** Seconds until the caller may try again, or 0 when they may try now. */
  async blockedFor(email: string, ip: string | null): Promise<number> {
    const { account, address } = this.keys(email, ip);
    const max = this.config.auth.loginMaxFailures;
    try {
      const [[, a], [, aTtl], [, b], [, bTtl]] = (await this.redis.client
        .multi()
        .get(account)
        .ttl(account)
        .get(address)
        .ttl(address)
        .exec()) as Array<[Error | null, unknown]>;
      const waits: number[] = [];
      if (Number(a ?? 0) >= max) waits.push(Math.max(1, Number(aTtl)));
      if (Number(b ?? 0) >= max * ADDRESS_FACTOR) waits.push(Math.max(1, Number(bTtl)));
      return waits.length ? Math.max(...waits) : 0;
    } catch (error) {
      this.logger.warn({ msg: 'login throttle unavailable', error: (error as Error).message });
      return 0;
    }
  }

  async recordFailure(email: string, ip: string | null): Promise<void> {
    const { account, address } = this.keys(email, ip);
    const window = this.config.auth.loginFailureWindowSeconds;
    try {
      await this.redis.client
        .multi()
        .incr(account)
        .expire(account, window, 'NX')
        .incr(address)
        .expire(address, window, 'NX')
        .exec();
    } catch (error) {
      this.logger.warn({ msg: 'login throttle unavailable', error: (error as Error).message });
    }
  }

  async clearAccount(email: string, ip: string | null): Promise<void> {
    await this.redis.client.del(this.keys(email, ip).account).catch(() => undefined);
  }
}
