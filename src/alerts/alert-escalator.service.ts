import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AlertMetrics } from './alert-metrics';
import { AlertRelay } from './alert-relay.service';
import { AlertsRepository } from './alerts.repository';

/** Escalates an unacknowledged (or undeliverable) alert one level up and gets the new alert moving. */
@Injectable()
export class AlertEscalator {
  private readonly logger = new Logger(AlertEscalator.name);

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly relay: AlertRelay,
    private readonly metrics: AlertMetrics,
    private readonly config: AppConfig,
  ) {}

  async escalate(alertId: string): Promise<void> {
    const next = await this.alerts.escalate(alertId, this.config.alerts.deadlineScale);
    if (!next) return;
    this.metrics.escalated();
    this.logger.warn({
      msg: 'alert escalated',
      alertId,
      newAlertId: next.alertId,
      postId: next.postId,
    });
    this.relay.wake();
  }
}
