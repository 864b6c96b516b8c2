import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { PeriodicSweep } from '../jobs/periodic-sweep';
import { EvidenceQueue } from './evidence-queue';

const MINUTE_MS = 60_000;

/**
 * Packages still building a while after they were asked for are queued again: the request could
 * not reach Redis, or Redis lost the job. A package whose job still waits or runs gains nothing
 * (the job id is the package's); one built meanwhile is skipped by the builder.
 */
@Injectable()
export class EvidenceSweep extends PeriodicSweep<number> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: EvidenceQueue,
    private readonly clock: Clock,
  ) {
    super('evidence package', new Logger(EvidenceSweep.name));
  }

  protected intervalMs(): number {
    return 5 * MINUTE_MS;
  }

  async sweep(): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM evidence_packages WHERE status = 'building' AND created_at < $1
        ORDER BY created_at LIMIT 100`,
      [new Date(this.clock.ms() - 2 * MINUTE_MS)],
    )) as Array<{ id: string }>;
    for (const { id } of rows) await this.queue.buildLater(id);
    return rows.length;
  }
}
