import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ReadAudit } from '../audit/read-audit';
import { Caller, UserActor } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { IncidentView } from '../incidents/incident.views';
import { User } from '../users/user.entity';
import { OWN_ACCOUNT_FIELDS } from '../users/user.views';
import { userView } from '../users/users.service';
import { MyAccountView, MyDataView } from './privacy.views';

const ALMATY_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Almaty',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * A person's own data (Law of the Republic of Kazakhstan "On Personal Data and Their Protection",
 * Art. 24: the subject's right to know what is held about them): the account, the reports it
 * filed, and the reports naming it as a victim, each as the report's detail shows it.
 */
@Injectable()
export class MyDataService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
    private readonly reads: ReadAudit,
    private readonly clock: Clock,
  ) {}

  /**
   * Read from one snapshot, so the reports and their history agree with each other. The audit
   * entry is staged afterwards in a transaction of its own: the audit chain's trigger must see the
   * latest committed entry, which a REPEATABLE READ snapshot would hide. Nothing is answered
   * unless the entry committed.
   */
  async export(caller: Caller<UserActor>): Promise<{ fileName: string; data: MyDataView }> {
    const actor = caller.actor;
    const exportedAt = this.clock.now();
    const data = await this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      return this.read(m, actor, exportedAt);
    });
    await this.reads.record(caller, {
      kind: 'export',
      entityType: 'user',
      entityId: actor.id,
      incidentIds: [...data.reportsFiled, ...data.reportsNamingMe].map((r) => r.id),
    });
    return { fileName: `medguard-export-${ALMATY_DATE.format(exportedAt)}.json`, data };
  }

  private async read(m: EntityManager, actor: UserActor, exportedAt: Date): Promise<MyDataView> {
    const user = await m.findOneBy(User, { id: actor.id });
    if (!user) throw AppError.notFound('User');
    const reportsFiled: IncidentView[] = [];
    const reportsNamingMe: IncidentView[] = [];
    for (const incident of await this.incidents.ofAccount(actor.id, m)) {
      const view = await this.incidents.view(m, incident, actor);
      if (incident.reporterId === actor.id) reportsFiled.push(view);
      else reportsNamingMe.push(onlyMe(view, actor.id));
    }
    return {
      exportedAt,
      account: ownAccount(user),
      reportsFiled,
      reportsNamingMe,
    };
  }
}

/** Another's report naming this account: the other people named in it are not this person's data. */
function onlyMe(view: IncidentView, userId: string): IncidentView {
  return {
    ...view,
    victims: view.victims.map((v) =>
      v.userId === userId ? v : { ...v, fullName: null, userId: null },
    ),
  };
}

/** The account's own fields of its API view: nothing the owner may not see, nothing secret. */
function ownAccount(user: User): MyAccountView {
  const full = userView(user);
  const own: Partial<MyAccountView> = {};
  for (const k of OWN_ACCOUNT_FIELDS) Object.assign(own, { [k]: full[k] });
  return own as MyAccountView;
}
