import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { nullableRef } from '../common/api-responses';
import { PLACE_KINDS } from '../incidents/incident.dto';
import { ALERT_STATUSES } from './alert.entity';
import type { AlertStatus } from './alert.entity';

const DATE_TIME = { type: String, format: 'date-time' } as const;
const NULLABLE_DATE_TIME = { ...DATE_TIME, nullable: true } as const;

export class AlertFacilityView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class AlertPlaceView {
  @ApiProperty({ enum: PLACE_KINDS }) kind: string;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ type: Number, nullable: true }) lat: number | null;
  @ApiProperty({ type: Number, nullable: true }) lon: number | null;
}

/** The incident's facts an officer needs to act; never narratives or names. */
export class AlertIncidentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'INC-2026-000123' }) reference: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ type: AlertFacilityView }) facility: AlertFacilityView;
  @ApiProperty({ example: 'assault' }) category: string;
  @ApiProperty({ type: AlertPlaceView }) place: AlertPlaceView;
}

export class EscalatedToView {
  @ApiProperty({ format: 'uuid' }) policePostId: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
}

/** An alert with its incident's facts, as the console, the list and the stream show it. */
@ApiExtraModels(EscalatedToView)
export class AlertView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) incidentId: string;
  @ApiProperty({ format: 'uuid' }) policePostId: string;
  @ApiProperty({ enum: ALERT_STATUSES }) status: AlertStatus;
  @ApiProperty({ description: '1 is the most urgent' }) priority: number;
  @ApiProperty({ description: '0 for the first post alerted' }) escalationLevel: number;
  @ApiProperty(DATE_TIME) createdAt: Date;
  @ApiProperty({ ...DATE_TIME, description: 'Unacknowledged by then, the alert escalates' })
  deadlineAt: Date;
  @ApiProperty(NULLABLE_DATE_TIME) deliveredAt: Date | null;
  @ApiProperty(NULLABLE_DATE_TIME) acknowledgedAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) acknowledgedBy: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The officer who acknowledged: full name, or e-mail address when there is none',
  })
  acknowledgedByName: string | null;
  @ApiProperty(NULLABLE_DATE_TIME) escalatedAt: Date | null;
  @ApiProperty({
    ...nullableRef(EscalatedToView),
    description: 'The desk the alert went to when nobody here acknowledged it in time',
  })
  escalatedTo: EscalatedToView | null;
  @ApiProperty({ type: AlertIncidentView }) incident: AlertIncidentView;
}

export class AlertPage {
  @ApiProperty({ type: [AlertView] }) items: AlertView[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor: string | null;
  @ApiPropertyOptional({
    description:
      "An officer's console stream position when the list was read: open the stream with " +
      '`?lastEventId=` set to it to miss nothing committed after the list',
    example: '42',
  })
  streamPosition?: string;
}
