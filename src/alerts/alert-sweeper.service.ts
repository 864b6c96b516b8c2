import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { PeriodicSweep } from '../jobs/periodic-sweep';
import { AlertDeliveryRepository } from './alert-delivery.repository';
import { AlertEscalator } from './alert-escalator.service';
import { AlertJobs } from './alert-jobs';

const BATCH = 500;

/**
 * The database, not Redis, says what work is due. Redis with AOF `everysec` can lose its last
 * second and an operator can flush it; then a delivery job or a delayed escalation is simply
 * gone. Every ALERT_SWEEP_MS the worker looks in the database for open alerts whose deadline has
 * passed and escalates them (under the alert's row lock, so a job firing at the same moment makes
 * no difference), makes sure those due within the next two sweeps have their escalation waiting,
 * and queues the delivery of undelivered alerts that have no live delivery job. Job ids derived
 * from the alert keep every repeat harmless; any number of workers may sweep at once. It runs on
 * an in-process timer, not a queue schedule, so an emptied Redis cannot stop it.
 */
@Injectable()
export class AlertSweeper extends PeriodicSweep<{
  escalated: number;
  scheduled: number;
  requeued: number;
}> {
  constructor(
    private readonly alerts: AlertDeliveryRepository,
    private readonly escalator: AlertEscalator,
    private readonly jobs: AlertJobs,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    super('alert', new Logger(AlertSweeper.name));
  }

  protected intervalMs(): number {
    return this.config.alerts.sweepMs;
  }

  async sweep(): Promise<{ escalated: number; scheduled: number; requeued: number }> {
    const now = this.clock.now();
    let escalated = 0;
    let scheduled = 0;
    let requeued = 0;
    // Only alerts due within two sweeps: each is then looked at by at least one sweep a whole
    // interval before its deadline, and a sweep does not re-add the delayed escalation of every
    // open alert (at a burst of reports, thousands) each time it runs.
    const horizon = new Date(now.getTime() + 2 * this.config.alerts.sweepMs);
    for (const alert of await this.alerts.openAlerts(BATCH, horizon)) {
      if (alert.deadline_at.getTime() <= now.getTime()) {
        if (await this.escalator.escalate(alert.id, 'deadline')) escalated++;
      } else {
        await this.jobs.escalateAt(alert.id, alert.deadline_at);
        scheduled++;
      }
    }
    for (const alert of await this.alerts.undelivered(BATCH, this.config.alerts.deliveryAttempts))
      if (await this.ensureDelivery(alert)) requeued++;
    if (escalated || requeued)
      this.logger.warn({ msg: 'alert sweep found due work', escalated, requeued });
    return { escalated, scheduled, requeued };
  }

  /**
   * Queues the alert's delivery again when it has no live job and is still undelivered. The list
   * it came from was read before its job's state: its last attempt may have ended in between.
   */
  async ensureDelivery(alert: { id: string; priority: number }): Promise<boolean> {
    const attempts = this.config.alerts.deliveryAttempts;
    return this.jobs.ensureDelivery(alert.id, alert.priority, () =>
      this.alerts.stillUndelivered(alert.id, attempts),
    );
  }
}
