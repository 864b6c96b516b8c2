import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '../auth/roles';
import { IncidentProgressView } from './incident-progress.views';
import { IncidentsRepository } from './incidents.repository';

/**
 * A report's progress for whoever may see the report. It carries no personal data, so reading it
 * is not a read of the report: the reporter's open page may ask often without filling the access
 * log with her own visits.
 */
@Injectable()
export class IncidentProgressService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
  ) {}

  async of(actor: Actor, id: string): Promise<IncidentProgressView> {
    const incident = await this.incidents.findVisible(actor, id);
    const [acknowledgements, [{ changes }]] = (await Promise.all([
      this.dataSource.query(
        `SELECT a.police_post_id AS "policePostId", p.name AS "policePostName",
                a.acknowledged_at AS "acknowledgedAt"
           FROM alerts a JOIN police_posts p ON p.id = a.police_post_id
          WHERE a.incident_id = $1 AND a.acknowledged_at IS NOT NULL
          ORDER BY a.acknowledged_at, a.id`,
        [id],
      ),
      this.dataSource.query(
        `SELECT count(*)::int AS changes FROM incident_history WHERE incident_id = $1`,
        [id],
      ),
    ])) as [IncidentProgressView['acknowledgements'], Array<{ changes: number }>];
    return {
      id: incident.id,
      status: incident.status,
      category: incident.category,
      changes,
      acknowledgements,
    };
  }
}
