import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';
import { TokenGuessLimiter } from './token-guess-limiter';

/** Wrong reset-link tokens one address may send within the sign-in failure window. */
export const RESET_LINK_FAILURES_PER_ADDRESS = 10;

/** Limits guessing at password reset and set-password links per address. */
@Injectable()
export class ResetLinkLimiter extends TokenGuessLimiter {
  constructor(redis: RedisService, config: AppConfig) {
    super(redis, config, 'reset-link', RESET_LINK_FAILURES_PER_ADDRESS);
  }
}
