import { Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';
import { LoginLimits, loginLimits, throttleAddress } from './login-limits';
import { sha256 } from './tokens';

/**
 * One sign-in attempt, admitted or refused in a single Redis step before the password is checked:
 * refused while the (account, address) pair waits out its delay, while the account is at its
 * ceiling, or while the address is at its ceiling and the account has not signed in from it
 * lately; otherwise counted against the pair, the account and the address, and the pair's delay
 * starts once the count reaches its limit. Answers the milliseconds to wait, 0 when admitted.
 * KEYS: pair, account, address, known pair. ARGV: now, pair/account/address limits, window, delays.
 */
const ATTEMPT = `
local now = tonumber(ARGV[1])
local pairMax, accountMax, addressMax = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local windowMs = tonumber(ARGV[5])
local wait = 0
local lockedUntil = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if lockedUntil > now then wait = lockedUntil - now end
if tonumber(redis.call('GET', KEYS[2]) or '0') >= accountMax then
  wait = math.max(wait, redis.call('PTTL', KEYS[2]), 1)
end
if tonumber(redis.call('GET', KEYS[3]) or '0') >= addressMax and redis.call('EXISTS', KEYS[4]) == 0 then
  wait = math.max(wait, redis.call('PTTL', KEYS[3]), 1)
end
if wait > 0 then return math.ceil(wait) end
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
local keep = windowMs
if n >= pairMax then
  local delay = tonumber(ARGV[math.min(6 + n - pairMax, #ARGV)])
  redis.call('HSET', KEYS[1], 'until', string.format('%d', now + delay))
  keep = math.max(keep, delay)
end
redis.call('PEXPIRE', KEYS[1], keep)
for i = 2, 3 do
  redis.call('INCR', KEYS[i])
  if redis.call('PTTL', KEYS[i]) < 0 then redis.call('PEXPIRE', KEYS[i], windowMs) end
end
return 0
`;

/** A right password: the pair starts afresh, the attempt is taken off the wider counts. */
const SUCCESS = `
redis.call('DEL', KEYS[1])
for i = 2, 3 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
redis.call('SET', KEYS[4], '1', 'PX', ARGV[1])
return 0
`;

interface ThrottleCommands {
  loginAttempt(...args: Array<string | number>): Promise<number>;
  loginSuccess(...args: Array<string | number>): Promise<number>;
}

/**
 * Limits failed sign-ins per (account, address) pair with a growing delay, with wider ceilings per
 * account (against guessing from many addresses) and per address (against trying one password on
 * many accounts), in Redis so the limits hold across API processes. If Redis is unreachable
 * sign-in stays possible: locking staff out during an incident is worse than a short window
 * without throttling.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly limits: LoginLimits;
  private readonly redis: Redis & ThrottleCommands;

  constructor(
    private readonly redisService: RedisService,
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.limits = loginLimits(config.auth.loginMaxFailures, config.auth.loginFailureWindowSeconds);
    redisService.client.defineCommand('loginAttempt', { numberOfKeys: 4, lua: ATTEMPT });
    redisService.client.defineCommand('loginSuccess', { numberOfKeys: 4, lua: SUCCESS });
    this.redis = redisService.client as Redis & ThrottleCommands;
  }

  private keys(email: string, ip: string | null): string[] {
    const account = sha256(email.trim().toLowerCase()).toString('hex');
    const address = throttleAddress(ip);
    return [
      `login:pair:${account}:${address}`,
      `login:acct:${account}`,
      `login:addr:${address}`,
      `login:known:${account}:${address}`,
    ];
  }

  /**
   * Counts the attempt before the password is checked, so parallel guesses cannot pass the limit.
   * Answers the seconds the caller must wait, or 0 when the password may be checked now.
   */
  async attempt(email: string, ip: string | null): Promise<number> {
    const { pair, account, address, windowMs, delaysMs } = this.limits;
    if (!this.redisService.connected) {
      this.logger.warn({ msg: 'login throttle unavailable', error: 'Redis is not connected' });
      return 0;
    }
    try {
      const waitMs = await this.redis.loginAttempt(
        ...this.keys(email, ip),
        this.clock.ms(),
        pair,
        account,
        address,
        windowMs,
        ...delaysMs,
      );
      return Math.ceil(Number(waitMs) / 1000);
    } catch (error) {
      this.logger.warn({ msg: 'login throttle unavailable', error: (error as Error).message });
      return 0;
    }
  }

  /** The password was right: this pair starts afresh and the account is known at this address. */
  async succeeded(email: string, ip: string | null): Promise<void> {
    if (!this.redisService.connected) return;
    await this.redis
      .loginSuccess(...this.keys(email, ip), this.limits.knownMs)
      .catch((error: Error) =>
        this.logger.warn({ msg: 'login throttle unavailable', error: error.message }),
      );
  }
}
