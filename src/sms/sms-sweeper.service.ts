import { Injectable, Logger } from '@nestjs/common';
import { AlertJobs } from '../alerts/alert-jobs';
import { AppConfig } from '../config/app-config';
import { PeriodicSweep } from '../jobs/periodic-sweep';
import { SmsAttempts } from './sms-attempts.repository';

const BATCH = 500;

/**
 * Texts are due work the database knows of, like deliveries and pushes: every ALERT_SWEEP_MS the
 * worker puts back the text job of an open alert whose officer on shift has not been texted when
 * Redis has lost it. The job's id is derived from the alert, so a sweep racing the relay or
 * another worker queues it once, and the job texts only the officers not yet accepted.
 */
@Injectable()
export class SmsSweeper extends PeriodicSweep<number> {
  constructor(
    private readonly attempts: SmsAttempts,
    private readonly jobs: AlertJobs,
    private readonly config: AppConfig,
  ) {
    super('SMS', new Logger(SmsSweeper.name));
  }

  protected intervalMs(): number | null {
    return this.config.smpp ? this.config.alerts.sweepMs : null;
  }

  async sweep(): Promise<number> {
    let requeued = 0;
    for (const alert of await this.attempts.untexted(BATCH))
      if (await this.jobs.ensureText(alert.id, alert.priority)) requeued++;
    if (requeued) this.logger.warn({ msg: 'SMS sweep found lost texts', requeued });
    return requeued;
  }
}
