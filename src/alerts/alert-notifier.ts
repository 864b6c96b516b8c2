import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';

/** The Redis channel on which every API process hears that a post has new console events. */
export function postChannel(prefix: string, postId: string): string {
  return `${prefix}:alert-events:${postId}`;
}

/** Tells every API process that a post's console has something new; the events themselves are read from the database. */
@Injectable()
export class AlertNotifier {
  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {}

  /** Best effort: a console that misses the nudge catches up on its next event or reconnect. */
  async nudge(postId: string): Promise<void> {
    await this.redis.client
      .publish(postChannel(this.config.redis.keyPrefix, postId), '1')
      .catch(() => undefined);
  }
}
