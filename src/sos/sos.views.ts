import { ApiProperty } from '@nestjs/swagger';
import { ALERT_STATUSES } from '../alerts/alert.entity';
import type { AlertStatus } from '../alerts/alert.entity';
import { PageView } from '../common/page-view';
import { PLACE_KINDS } from '../incidents/incident.dto';
import { LOCATION_SOURCES, SOS_STATUSES } from './sos.entity';
import type { LocationSource, SosStatus } from './sos.entity';

const DATE_TIME = { type: String, format: 'date-time' } as const;
const NULLABLE_DATE_TIME = { ...DATE_TIME, nullable: true } as const;

export class SosLocationFullView {
  @ApiProperty() lat: number;
  @ApiProperty() lon: number;
  @ApiProperty({ type: Number, nullable: true }) accuracyM: number | null;
  @ApiProperty({ enum: LOCATION_SOURCES }) source: LocationSource;
  @ApiProperty({ description: 'OpenStreetMap at street level' }) mapUrl: string;
}

export class SosAlertView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) policePostId: string;
  @ApiProperty({ enum: ALERT_STATUSES }) status: AlertStatus;
  @ApiProperty({ description: '1 is the most urgent' }) priority: number;
  @ApiProperty() escalationLevel: number;
}

export class SosHistoryView {
  @ApiProperty(DATE_TIME) at: Date;
  @ApiProperty({ enum: ['created', 'attached', 'closed'] }) type: 'created' | 'attached' | 'closed';
  @ApiProperty({ type: String, nullable: true, description: 'The reason an SOS was closed' })
  note: string | null;
}

/** An SOS: where, when, who it alerted, and what became of it. */
export class SosView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'SOS-000123' }) reference: string;
  @ApiProperty({ enum: SOS_STATUSES }) status: SosStatus;
  @ApiProperty({ format: 'uuid' }) facilityId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) unitId: string | null;
  @ApiProperty({ format: 'uuid' }) reporterId: string;
  @ApiProperty({ enum: PLACE_KINDS }) placeKind: string;
  @ApiProperty({
    type: SosLocationFullView,
    nullable: true,
    description: 'Null once erased with the personal data of the report it attached to',
  })
  location: SosLocationFullView | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The report that attached to it',
  })
  incidentId: string | null;
  @ApiProperty({ type: String, nullable: true }) closeReason: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) closedBy: string | null;
  @ApiProperty(NULLABLE_DATE_TIME) closedAt: Date | null;
  @ApiProperty(NULLABLE_DATE_TIME) attachedAt: Date | null;
  @ApiProperty(DATE_TIME) createdAt: Date;
  @ApiProperty({ type: [SosAlertView] }) alerts: SosAlertView[];
  @ApiProperty({ type: [SosHistoryView] }) history: SosHistoryView[];
}

export const SosPage = PageView(SosView, 'SosPage');
