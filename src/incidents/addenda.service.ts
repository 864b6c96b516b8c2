import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AlertNotifier } from '../alerts/alert-notifier';
import { appendConsoleEvents } from '../alerts/alert-writes';
import { AuditService } from '../audit/audit.service';
import { Caller, UserActor } from '../auth/roles';
import { Clock } from '../common/clock';
import { FieldCipher } from '../privacy/field-cipher';
import { insertAddendum } from './addenda.queries';
import { AddendumDto } from './incident.dto';
import { AddendumView } from './incident.views';
import { IncidentsRepository } from './incidents.repository';

/**
 * What the reporter or the facility's admin adds to a filed report. Append-only: an addendum is
 * never changed or removed. The posts alerted to the report see it change on their consoles.
 */
@Injectable()
export class AddendaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
    private readonly notifier: AlertNotifier,
  ) {}

  async add(
    caller: Caller<UserActor>,
    incidentId: string,
    dto: AddendumDto,
  ): Promise<AddendumView> {
    const { addendum, posts } = await this.dataSource.transaction(async (m) => {
      // The report's row lock puts its addenda (and their history entries) in one order.
      await this.incidents.findVisible(caller.actor, incidentId, m, true);
      const addendum = await insertAddendum(m, this.cipher, {
        incidentId,
        authorId: caller.actor.id,
        authorRole: caller.actor.role,
        text: dto.text,
        at: this.clock.now(),
      });
      await this.audit.record(m, caller, {
        action: 'incident.addendum_added',
        entityType: 'incident',
        entityId: incidentId,
        details: { addendumId: addendum.id },
      });
      const alerts = (await m.query(
        `SELECT id, police_post_id FROM alerts WHERE incident_id = $1 ORDER BY police_post_id`,
        [incidentId],
      )) as Array<{ id: string; police_post_id: string }>;
      await appendConsoleEvents(
        m,
        alerts.map((a) => ({
          postId: a.police_post_id,
          alertId: a.id,
          type: 'updated' as const,
          data: { change: 'addendum' },
        })),
      );
      return { addendum, posts: [...new Set(alerts.map((a) => a.police_post_id))] };
    });
    await Promise.all(posts.map((p) => this.notifier.nudge(p)));
    return addendum;
  }
}
