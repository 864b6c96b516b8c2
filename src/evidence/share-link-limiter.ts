import { Injectable } from '@nestjs/common';
import { TokenGuessLimiter } from '../auth/token-guess-limiter';
import { AppConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';

/** Refused share links one address may open within the sign-in failure window. */
export const SHARE_LINK_FAILURES_PER_ADDRESS = 20;

/**
 * Limits guessing at evidence share links per address. Only refused links count (unknown, expired,
 * revoked), so a prosecutor's office opening its links is never held up.
 */
@Injectable()
export class ShareLinkLimiter extends TokenGuessLimiter {
  constructor(redis: RedisService, config: AppConfig) {
    super(redis, config, 'share-link', SHARE_LINK_FAILURES_PER_ADDRESS);
  }
}
