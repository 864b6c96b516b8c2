import { Injectable, Logger } from '@nestjs/common';
import { throttleAddress } from '../auth/login-limits';
import { AppConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';

/** Refused share links one address may open within the sign-in failure window. */
export const SHARE_LINK_FAILURES_PER_ADDRESS = 20;

/**
 * Limits guessing at share links per address. Only refused links count (unknown, expired,
 * revoked), so a prosecutor's office opening its links is never held up. Tokens carry 256 random
 * bits; the limit keeps scans from filling the logs. Without Redis, links keep working.
 */
@Injectable()
export class ShareLinkLimiter {
  private readonly logger = new Logger(ShareLinkLimiter.name);
  private readonly windowSeconds: number;

  constructor(
    private readonly redis: RedisService,
    config: AppConfig,
  ) {
    this.windowSeconds = config.auth.loginFailureWindowSeconds;
  }

  private key(ip: string | null): string {
    return `share-link:fail:${throttleAddress(ip)}`;
  }

  /** Seconds the address must wait before opening a link again; 0 when it may now. */
  async wait(ip: string | null): Promise<number> {
    if (!this.redis.connected) return 0;
    try {
      const [count, ttl] = await Promise.all([
        this.redis.client.get(this.key(ip)),
        this.redis.client.ttl(this.key(ip)),
      ]);
      return Number(count ?? 0) >= SHARE_LINK_FAILURES_PER_ADDRESS ? Math.max(ttl, 1) : 0;
    } catch (error) {
      this.logger.warn({ msg: 'share link limiter unavailable', error: (error as Error).message });
      return 0;
    }
  }

  async refused(ip: string | null): Promise<void> {
    if (!this.redis.connected) return;
    await this.redis.client
      .multi()
      .incr(this.key(ip))
      .expire(this.key(ip), this.windowSeconds, 'NX')
      .exec()
      .catch((error: Error) =>
        this.logger.warn({ msg: 'share link limiter unavailable', error: error.message }),
      );
  }
}
