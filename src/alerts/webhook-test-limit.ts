import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { RedisService } from '../redis/redis.service';

/** Test events a post may send per minute: enough to check a receiver, too few to hammer it. */
export const WEBHOOK_TESTS_PER_MINUTE = 6;
const WINDOW_MS = 60_000;

/**
 * The post's test events of the last 60 seconds, as one atomic step: drop those older than the
 * window, and record this one only if fewer than the limit remain. Answers the count before this
 * request (the limit or more: refused) and the time of the oldest one in the window.
 */
const TAKE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
local count = redis.call('ZCARD', KEYS[1])
if count < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return { count, oldest[2] or ARGV[1] }`;

/**
 * Counts a post's test events of the last minute in Redis (a sliding window, so no clock minute
 * lets a second batch through), one atomic step per request, so concurrent requests to any API
 * process cannot pass the limit. Without Redis no test is sent: a receiver is never called
 * unmetered, and the alerts themselves do not depend on this.
 */
@Injectable()
export class WebhookTestLimit {
  constructor(
    private readonly redis: RedisService,
    private readonly clock: Clock,
  ) {}

  async take(postId: string): Promise<void> {
    const now = this.clock.ms();
    const taken = this.redis.connected
      ? ((await this.redis.client
          .eval(
            TAKE,
            1,
            `webhook-test:${postId}`,
            now,
            WINDOW_MS,
            WEBHOOK_TESTS_PER_MINUTE,
            `${now}:${randomUUID()}`,
          )
          .catch(() => null)) as [number, string] | null)
      : null;
    if (!Array.isArray(taken) || typeof taken[0] !== 'number')
      throw new AppError(
        ErrorCode.ServiceUnavailable,
        'Test events cannot be counted right now; try again shortly',
        [],
        { 'Retry-After': '5' },
      );
    const [before, oldest] = taken;
    if (before >= WEBHOOK_TESTS_PER_MINUTE) {
      const retryAfter = Math.ceil((Number(oldest) + WINDOW_MS - now) / 1000);
      throw new AppError(
        ErrorCode.RateLimited,
        `At most ${WEBHOOK_TESTS_PER_MINUTE} test events per minute for a post`,
        [],
        { 'Retry-After': String(Math.max(1, retryAfter)) },
      );
    }
  }
}
