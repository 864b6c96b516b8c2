import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';
import { throttleAddress } from './login-limits';

/** Wrong reset-link tokens one address may send within the sign-in failure window. */
export const RESET_LINK_FAILURES_PER_ADDRESS = 10;

/**
 * Limits guessing at reset links per address. Only refused tokens count: many people behind one
 * hospital address may use their own links at the same time. Tokens carry 256 random bits, so
 * the few guesses parallel requests may add past the limit change nothing. Without Redis, links
 * keep working unthrottled, as sign-in does.
 */
@Injectable()
export class ResetLinkLimiter {
  private readonly logger = new Logger(ResetLinkLimiter.name);
  private readonly windowSeconds: number;

  constructor(
    private readonly redis: RedisService,
    config: AppConfig,
  ) {
    this.windowSeconds = config.auth.loginFailureWindowSeconds;
  }

  private key(ip: string | null): string {
    return `reset-link:fail:${throttleAddress(ip)}`;
  }

  /** Seconds the address must wait before trying a link again; 0 when it may try now. */
  async wait(ip: string | null): Promise<number> {
    if (!this.redis.connected) return 0;
    try {
      const [count, ttl] = await Promise.all([
        this.redis.client.get(this.key(ip)),
        this.redis.client.ttl(this.key(ip)),
      ]);
      return Number(count ?? 0) >= RESET_LINK_FAILURES_PER_ADDRESS ? Math.max(ttl, 1) : 0;
    } catch (error) {
      this.logger.warn({ msg: 'reset link limiter unavailable', error: (error as Error).message });
      return 0;
    }
  }

  async failed(ip: string | null): Promise<void> {
    if (!this.redis.connected) return;
    await this.redis.client
      .multi()
      .incr(this.key(ip))
      .expire(this.key(ip), this.windowSeconds, 'NX')
      .exec()
      .catch((error: Error) =>
        this.logger.warn({ msg: 'reset link limiter unavailable', error: error.message }),
      );
  }
}
