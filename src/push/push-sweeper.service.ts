import { Injectable, Logger } from '@nestjs/common';
import { AlertJobs } from '../alerts/alert-jobs';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { PeriodicSweep } from '../jobs/periodic-sweep';
import { PushDeliveriesRepository } from './push-deliveries.repository';

const BATCH = 500;

/**
 * Pushes are due work the database knows of, like deliveries: every ALERT_SWEEP_MS the worker
 * puts back the push job of an open alert that a device has not yet taken when Redis has lost
 * it. The job's id is derived from the alert, so a sweep racing the relay or another worker
 * queues it once, and the job sends only to devices that have not taken it.
 */
@Injectable()
export class PushSweeper extends PeriodicSweep<number> {
  constructor(
    private readonly deliveries: PushDeliveriesRepository,
    private readonly jobs: AlertJobs,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    super('push', new Logger(PushSweeper.name));
  }

  protected intervalMs(): number | null {
    return this.config.push.vapid ? this.config.alerts.sweepMs : null;
  }

  async sweep(): Promise<number> {
    let requeued = 0;
    for (const alert of await this.deliveries.unpushed(this.clock.now(), BATCH))
      if (await this.jobs.ensurePush(alert.id, alert.priority)) requeued++;
    if (requeued) this.logger.warn({ msg: 'push sweep found lost pushes', requeued });
    return requeued;
  }
}
