import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AlertJobs } from '../alerts/alert-jobs';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { PushDeliveriesRepository } from './push-deliveries.repository';

const BATCH = 500;

/**
 * Pushes are due work the database knows of, like deliveries: every ALERT_SWEEP_MS the worker
 * puts back the push job of an open alert that a device has not yet taken when Redis has lost
 * it. The job's id is derived from the alert, so a sweep racing the relay or another worker
 * queues it once, and the job sends only to devices that have not taken it.
 */
@Injectable()
export class PushSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PushSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly deliveries: PushDeliveriesRepository,
    private readonly jobs: AlertJobs,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.push.vapid) return;
    this.timer = setInterval(() => void this.tick(), this.config.alerts.sweepMs);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private tick(): Promise<unknown> {
    this.running ??= this.sweep()
      .catch((error: unknown) =>
        this.logger.warn({ msg: 'push sweep failed; will retry', error: (error as Error).message }),
      )
      .finally(() => (this.running = null));
    return this.running;
  }

  async sweep(): Promise<number> {
    let requeued = 0;
    for (const alert of await this.deliveries.unpushed(this.clock.now(), BATCH))
      if (await this.jobs.ensurePush(alert.id, alert.priority)) requeued++;
    if (requeued) this.logger.warn({ msg: 'push sweep found lost pushes', requeued });
    return requeued;
  }
}
