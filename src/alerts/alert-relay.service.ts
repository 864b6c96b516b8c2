import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { AlertDeliveryRepository } from './alert-delivery.repository';
import { AlertJobs } from './alert-jobs';
import { AlertNotifier } from './alert-notifier';

const BATCH = 200;

/**
 * Moves committed alerts from the outbox onto the queues: delivery now, escalation at the
 * deadline. An outbox entry means "queue this alert's work as it now stands": a new alert, or one
 * whose deadline a reclassification moved. Woken by PostgreSQL NOTIFY the moment a change
 * commits, and polling as a safety net. If Redis is down nothing is marked relayed, so the next
 * run retries; job ids derived from the alert (and its deadline) make a repeat harmless.
 */
@Injectable()
export class AlertRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertRelay.name);
  private listener: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: AlertJobs,
    private readonly alerts: AlertDeliveryRepository,
    private readonly notifier: AlertNotifier,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.timer = setInterval(() => this.wake(), this.config.alerts.outboxPollMs);
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.config.database.listenUrl ?? this.config.database.url,
    });
    client.on('notification', () => this.wake());
    client.on('error', () => {
      this.listener = null;
      // Reconnect after a pause; polling covers the gap.
      setTimeout(() => void this.listen().catch(() => undefined), 2000).unref();
    });
    try {
      await client.connect();
      await client.query('LISTEN outbox');
      this.listener = client;
    } catch (error) {
      this.logger.warn({
        msg: 'outbox LISTEN unavailable; polling only',
        error: (error as Error).message,
      });
      setTimeout(() => void this.listen().catch(() => undefined), 5000).unref();
    }
  }

  /** Runs the relay now, or once more right after the run in progress. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) =>
        this.logger.warn({
          msg: 'outbox relay failed; will retry',
          error: (error as Error).message,
        }),
      )
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const relayed = await this.dataSource.transaction(async (m) => {
        const rows = await this.alerts.pendingOutbox(m, BATCH);
        await this.jobs.queueAll(
          rows.map((r) => ({
            alertId: r.alert_id,
            priority: r.priority,
            deadlineAt: new Date(r.deadline_at),
          })),
        );
        if (rows.length)
          await this.alerts.markRelayed(
            m,
            rows.map((r) => r.id),
          );
        return rows;
      });
      for (const postId of new Set(relayed.map((r) => r.police_post_id)))
        await this.notifier.nudge(postId);
      if (relayed.length < BATCH) return;
    }
  }
}
