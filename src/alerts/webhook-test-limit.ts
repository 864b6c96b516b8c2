import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { RedisService } from '../redis/redis.service';

/** Test events a post may send per minute: enough to check a receiver, too few to hammer it. */
export const WEBHOOK_TESTS_PER_MINUTE = 6;
const WINDOW_MS = 60_000;

/**
 * Counts a post's test events in Redis, one atomic step per request, so concurrent requests to
 * any API process cannot pass the limit. Without Redis no test is sent: a receiver is never
 * called unmetered, and the alerts themselves do not depend on this.
 */
@Injectable()
export class WebhookTestLimit {
  constructor(
    private readonly redis: RedisService,
    private readonly clock: Clock,
  ) {}

  async take(postId: string): Promise<void> {
    const now = this.clock.ms();
    const window = Math.floor(now / WINDOW_MS);
    const key = `webhook-test:${postId}:${window}`;
    const counted = this.redis.connected
      ? await this.redis.client
          .multi()
          .incr(key)
          .pexpire(key, 2 * WINDOW_MS)
          .exec()
          .catch(() => null)
      : null;
    const count = counted?.[0]?.[1];
    if (typeof count !== 'number')
      throw new AppError(
        ErrorCode.ServiceUnavailable,
        'Test events cannot be counted right now; try again shortly',
        [],
        { 'Retry-After': '5' },
      );
    if (count > WEBHOOK_TESTS_PER_MINUTE) {
      const retryAfter = Math.ceil(((window + 1) * WINDOW_MS - now) / 1000);
      throw new AppError(
        ErrorCode.RateLimited,
        `At most ${WEBHOOK_TESTS_PER_MINUTE} test events per minute for a post`,
        [],
        { 'Retry-After': String(Math.max(1, retryAfter)) },
      );
    }
  }
}
