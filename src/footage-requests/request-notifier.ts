import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';

/** The Redis channel on which every API process hears that a unit's gateway has new requests. */
export function unitChannel(prefix: string, unitId: string): string {
  return `${prefix}:footage-requests:${unitId}`;
}

/** Tells every API process that units have new footage requests; the requests are read from the database. */
@Injectable()
export class FootageRequestNotifier {
  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {}

  /** Best effort: a gateway that misses the nudge finds the request when its poll ends. */
  async nudge(unitIds: string[]): Promise<void> {
    await Promise.all(
      unitIds.map((unitId) =>
        this.redis.client
          .publish(unitChannel(this.config.redis.keyPrefix, unitId), '1')
          .catch(() => undefined),
      ),
    );
  }
}
