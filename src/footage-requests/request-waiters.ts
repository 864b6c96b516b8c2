import {
  BeforeApplicationShutdown,
  Injectable,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppError, ErrorCode } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { subscribePattern } from '../redis/pattern-subscriber';
import { unitChannel } from './request-notifier';

type Wake = () => void;

/** Polls one gateway key may hold open at once; a gateway needs one, a restart briefly two. */
export const WAITERS_PER_KEY = 4;

/**
 * The gateways' polls held open in this process. One Redis subscription per process hears of new
 * requests for any unit, whichever process made them, and wakes that unit's polls; at shutdown
 * every poll is woken to answer at once, so none holds the process open.
 */
@Injectable()
export class FootageRequestWaiters
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly byUnit = new Map<string, Set<Wake>>();
  private readonly perKey = new Map<string, number>();
  private subscriber: Redis | null = null;
  private shuttingDown = false;

  constructor(private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    this.subscriber = subscribePattern(
      this.config.redis.url,
      unitChannel(this.config.redis.keyPrefix, '*'),
      (unitId) => {
        for (const wake of this.byUnit.get(unitId) ?? []) wake();
      },
    );
  }

  /**
   * Holds a place for a poll of this key on this unit until `release` is called; `wake` runs on
   * each nudge. A key already holding its share of polls is refused (429).
   */
  hold(apiKeyId: string, unitId: string, wake: Wake): () => void {
    const held = this.perKey.get(apiKeyId) ?? 0;
    if (held >= WAITERS_PER_KEY)
      throw new AppError(
        ErrorCode.RateLimited,
        `This key already holds ${WAITERS_PER_KEY} polls open; wait for one to answer`,
        [{ field: 'wait', message: `at most ${WAITERS_PER_KEY} polls per key at once` }],
        { 'Retry-After': '1' },
      );
    this.perKey.set(apiKeyId, held + 1);
    const set = this.byUnit.get(unitId) ?? new Set<Wake>();
    set.add(wake);
    this.byUnit.set(unitId, set);
    if (this.shuttingDown) queueMicrotask(wake);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      set.delete(wake);
      if (set.size === 0) this.byUnit.delete(unitId);
      const left = (this.perKey.get(apiKeyId) ?? 1) - 1;
      if (left > 0) this.perKey.set(apiKeyId, left);
      else this.perKey.delete(apiKeyId);
    };
  }

  /** The process is stopping: polls answer at once. */
  get closing(): boolean {
    return this.shuttingDown;
  }

  /** The polls this process holds now. */
  get held(): number {
    let n = 0;
    for (const count of this.perKey.values()) n += count;
    return n;
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
    for (const set of this.byUnit.values()) for (const wake of set) wake();
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }
}
