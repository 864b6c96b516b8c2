import { Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';
import { throttleAddress } from './login-limits';

/**
 * Limits guessing at one kind of link token per address, within the sign-in failure window. Only
 * refused tokens count, so many people behind one hospital address may use their own links at the
 * same time. Tokens carry 256 random bits: the limit keeps scans from filling the logs, and the
 * few guesses parallel requests may add past it change nothing. Without Redis, links keep working
 * unthrottled, as sign-in does.
 */
export abstract class TokenGuessLimiter {
  private readonly logger: Logger;
  private readonly windowSeconds: number;

  protected constructor(
    private readonly redis: RedisService,
    config: AppConfig,
    private readonly kind: string,
    private readonly refusalsPerAddress: number,
  ) {
    this.logger = new Logger(`${kind} limiter`);
    this.windowSeconds = config.auth.loginFailureWindowSeconds;
  }

  private key(ip: string | null): string {
    return `${this.kind}:fail:${throttleAddress(ip)}`;
  }

  /** Seconds the address must wait before trying a link again; 0 when it may try now. */
  async wait(ip: string | null): Promise<number> {
    if (!this.redis.connected) return 0;
    try {
      const [count, ttl] = await Promise.all([
        this.redis.client.get(this.key(ip)),
        this.redis.client.ttl(this.key(ip)),
      ]);
      return Number(count ?? 0) >= this.refusalsPerAddress ? Math.max(ttl, 1) : 0;
    } catch (error) {
      this.logger.warn({ msg: 'limiter unavailable', error: (error as Error).message });
      return 0;
    }
  }

  /** Counts a refused token against the address. */
  async refused(ip: string | null): Promise<void> {
    if (!this.redis.connected) return;
    await this.redis.client
      .multi()
      .incr(this.key(ip))
      .expire(this.key(ip), this.windowSeconds, 'NX')
      .exec()
      .catch((error: Error) =>
        this.logger.warn({ msg: 'limiter unavailable', error: error.message }),
      );
  }
}
