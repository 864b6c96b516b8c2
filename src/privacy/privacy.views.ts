import { ApiProperty, PickType } from '@nestjs/swagger';
import { READ_KINDS } from '../audit/read-audit';
import type { ReadKind } from '../audit/read-audit';
import { Role } from '../auth/roles';
import { IncidentView } from '../incidents/incident.views';
import { OWN_ACCOUNT_FIELDS, UserView } from '../users/user.views';

const DATE_TIME = { type: String, format: 'date-time' } as const;

/** One read of a report, as its reporter and the facility's admin see it. */
export class AccessLogEntryView {
  @ApiProperty(DATE_TIME) at: Date;
  @ApiProperty({
    enum: [...Object.values(Role), 'system'],
    description: 'The reader’s role when reading; `system` for the system’s own jobs',
  })
  role: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Officials (police, facility admins, admins, ministry) by name; null for others',
  })
  name: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The reader’s police post, as it was at the time',
  })
  policePostId: string | null;
  @ApiProperty({
    enum: READ_KINDS,
    description:
      'report: the full report; list: a list of reports; footage / footage_content: footage ' +
      'linked to it, its record or its file; alerts / console: the alert list or the live ' +
      'console carrying its place; export: a victim’s own data export; accounts / account: a ' +
      'list of accounts or one; erasure: the worker erased its personal data',
  })
  what: ReadKind;
}

/** The account as its owner's export holds it: never a password hash or a sign-in secret. */
export class MyAccountView extends PickType(UserView, OWN_ACCOUNT_FIELDS) {}

/** Everything the system holds about the signed-in person, as one file. */
export class MyDataView {
  @ApiProperty(DATE_TIME) exportedAt: Date;
  @ApiProperty({ type: MyAccountView }) account: MyAccountView;
  @ApiProperty({ type: [IncidentView], description: 'Reports this account filed, with history' })
  reportsFiled: IncidentView[];
  @ApiProperty({
    type: [IncidentView],
    description:
      'Reports others filed naming this account as a victim, with history; other people named ' +
      'in them are left out',
  })
  reportsNamingMe: IncidentView[];
}
