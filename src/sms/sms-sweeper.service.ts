import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AlertJobs } from '../alerts/alert-jobs';
import { AppConfig } from '../config/app-config';
import { SmsAttempts } from './sms-attempts.repository';

const BATCH = 500;

/**
 * Texts are due work the database knows of, like deliveries and pushes: every ALERT_SWEEP_MS the
 * worker puts back the text job of an open alert whose officer on shift has not been texted when
 * Redis has lost it. The job's id is derived from the alert, so a sweep racing the relay or
 * another worker queues it once, and the job texts only the officers not yet accepted.
 */
@Injectable()
export class SmsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SmsSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly attempts: SmsAttempts,
    private readonly jobs: AlertJobs,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.smpp) return;
    this.timer = setInterval(() => void this.tick(), this.config.alerts.sweepMs);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private tick(): Promise<unknown> {
    this.running ??= this.sweep()
      .catch((error: unknown) =>
        this.logger.warn({ msg: 'SMS sweep failed; will retry', error: (error as Error).message }),
      )
      .finally(() => (this.running = null));
    return this.running;
  }

  async sweep(): Promise<number> {
    let requeued = 0;
    for (const alert of await this.attempts.untexted(BATCH))
      if (await this.jobs.ensureText(alert.id, alert.priority)) requeued++;
    if (requeued) this.logger.warn({ msg: 'SMS sweep found lost texts', requeued });
    return requeued;
  }
}
