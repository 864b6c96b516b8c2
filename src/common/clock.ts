import { Injectable } from '@nestjs/common';

/**
 * The application's time. Deadlines, sweeps and "closed month" decisions all ask this one seam,
 * so a test moves time forward instead of sleeping through a deadline, and nothing mixes the
 * database's clock with the application's.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Milliseconds since the epoch, as `Date.now()`. */
  ms(): number {
    return this.now().getTime();
  }
}
