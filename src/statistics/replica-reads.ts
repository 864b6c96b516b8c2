import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { replicaFailure } from './replica-failure';

/**
 * The reads that may lag behind the primary by the replica's replay delay: the ministry's
 * statistics and open data, which are read from the rollups. With `DATABASE_READ_URL` they go to
 * the streaming replica; writes, and every read that must see a write just made, use the primary.
 *
 * A circuit guards the replica: a read that fails because of the replica (unreachable, shutting
 * down, a statement cancelled by recovery) is repeated on the primary, and the reads after it stay
 * on the primary for `DATABASE_READ_RETRY_SECONDS` before the replica is tried again.
 */
@Injectable()
export class ReplicaReads implements OnApplicationShutdown {
  private readonly logger = new Logger(ReplicaReads.name);
  private replica: DataSource | null = null;
  private connecting: Promise<DataSource> | null = null;
  /** While the clock is before this, reads go to the primary. */
  private primaryUntil = 0;
  private readonly fallbacks: Counter<'reason'>;
  private readonly onReplica: Gauge;

  constructor(
    @InjectDataSource() private readonly primary: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    metrics: MetricsService,
  ) {
    this.fallbacks = new Counter({
      name: 'database_replica_fallbacks_total',
      help: 'Reads meant for the read replica that were answered by the primary, by why',
      labelNames: ['reason'] as const,
      registers: [metrics.registry],
    });
    this.onReplica = new Gauge({
      name: 'database_replica_in_use',
      help: '1 while reads that may lag go to the read replica, 0 while they go to the primary',
      registers: [metrics.registry],
    });
    this.onReplica.set(config.database.readUrl ? 1 : 0);
  }

  /** A raw query on the replica when it is in use, else on the primary. */
  query<T = unknown>(sql: string, params: unknown[] = []): Promise<T> {
    return this.run((m) => m.query(sql, params) as Promise<T>);
  }

  /** Runs some reads on the replica when it is in use, else on the primary. Never write here. */
  async run<T>(reads: (m: EntityManager) => Promise<T>): Promise<T> {
    if (!this.config.database.readUrl || this.clock.ms() < this.primaryUntil)
      return reads(this.primary.manager);
    try {
      const result = await reads((await this.replicaSource()).manager);
      this.onReplica.set(1);
      return result;
    } catch (error) {
      const reason = replicaFailure(error);
      if (!reason) throw error;
      this.fallBack(reason, error);
      return reads(this.primary.manager);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const replica = this.replica ?? (await this.connecting?.catch(() => null));
    this.replica = null;
    if (replica?.isInitialized) await replica.destroy();
  }

  private fallBack(reason: string, error: unknown): void {
    this.fallbacks.inc({ reason });
    this.onReplica.set(0);
    // One warning per opening of the circuit, not one per read that was under way.
    if (this.clock.ms() < this.primaryUntil) return;
    const retrySeconds = this.config.database.readRetrySeconds;
    this.primaryUntil = this.clock.ms() + retrySeconds * 1000;
    const code = (error as { code?: unknown }).code;
    this.logger.warn({
      msg: 'read replica failed; statistics are read from the primary',
      reason,
      code: typeof code === 'string' ? code : undefined,
      retryInSeconds: retrySeconds,
    });
  }

  /** Connects on first use, so an API whose replica is down at start still starts. */
  private async replicaSource(): Promise<DataSource> {
    if (this.replica) return this.replica;
    // Raw queries only: no entities, no migrations (the primary's schema arrives by replication).
    this.connecting ??= new DataSource({
      type: 'postgres',
      url: this.config.database.readUrl!,
      synchronize: false,
      migrationsRun: false,
      logging: false,
      extra: {
        max: this.config.database.poolSize,
        application_name: 'medguard-reads',
        connectionTimeoutMillis: 5000,
      },
    })
      .initialize()
      .finally(() => (this.connecting = null));
    this.replica = await this.connecting;
    return this.replica;
  }
}
