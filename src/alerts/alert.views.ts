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

export class SosLocationView {
  @ApiProperty({ example: 43.2389 }) lat: number;
  @ApiProperty({ example: 76.8897 }) lon: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Metres, as the phone reported it' })
  accuracyM: number | null;
  @ApiProperty({
    enum: ['device', 'facility'],
    description: "`facility`: the phone could not tell, these are the facility's coordinates",
  })
  source: 'device' | 'facility';
  @ApiProperty({
    example: 'https://www.openstreetmap.org/?mlat=43.2389&mlon=76.8897#map=17/43.2389/76.8897',
  })
  mapUrl: string;
}

export class AlertSosPlaceView {
  @ApiProperty({ enum: PLACE_KINDS }) kind: string;
}

/** The SOS an alert was raised for: who to find where; never names. */
export class AlertSosView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'SOS-000123' }) reference: string;
  @ApiProperty({ enum: ['open', 'attached', 'closed'] }) status: 'open' | 'attached' | 'closed';
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: AlertFacilityView }) facility: AlertFacilityView;
  @ApiProperty({ type: AlertSosPlaceView }) place: AlertSosPlaceView;
  @ApiProperty({
    type: SosLocationView,
    nullable: true,
    description: 'Null once erased with the personal data of the report it attached to',
  })
  location: SosLocationView | null;
}

export class EscalatedToView {
  @ApiProperty({ format: 'uuid' }) policePostId: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
}

/** An alert with its incident's (or SOS's) facts, as the console, the list and the stream show it. */
@ApiExtraModels(EscalatedToView, AlertIncidentView, AlertSosView)
export class AlertView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null for the alert of an SOS no report has attached to yet',
  })
  incidentId: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The SOS it was raised for',
  })
  sosId: string | null;
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
  @ApiProperty({ ...nullableRef(AlertIncidentView), description: "The report's facts" })
  incident: AlertIncidentView | null;
  @ApiProperty({
    ...nullableRef(AlertSosView),
    description: 'The SOS, with where it was sent from (kept once its report attaches)',
  })
  sos: AlertSosView | null;
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
