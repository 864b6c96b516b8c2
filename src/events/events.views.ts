import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const DATE_TIME = { type: String, format: 'date-time' } as const;
export const RELATED_REASON_CODES = [
  'same_facility',
  'same_unit',
  'nearby_address',
  'close_in_time',
] as const;

/** Several reports of one attack. */
export class EventView {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Every report of the event, in id order',
  })
  incidentIds: string[];
  @ApiProperty({
    description:
      'Distinct medical workers harmed across the reports: the same account, or the same role and name (case and spacing ignored), is one person',
  })
  distinctMedicalWorkers: number;
}

export class EventReportView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'INC-2026-000123' }) reference: string;
  @ApiProperty(DATE_TIME) occurredAt: Date;
  @ApiProperty({ example: 'assault_multiple' }) category: string;
}

/** The event on a report: as above, with the reports of it the reader may open, earliest first. */
export class IncidentEventView extends EventView {
  @ApiProperty({ type: [EventReportView] }) reports: EventReportView[];
}

export class RelatedReasonView {
  @ApiProperty({
    enum: RELATED_REASON_CODES,
    description: 'Stable, for pages to show their own text',
  })
  code: (typeof RELATED_REASON_CODES)[number];
  @ApiPropertyOptional({ description: 'close_in_time: how many minutes apart' }) minutes?: number;
  @ApiPropertyOptional({ description: 'nearby_address: how many metres apart' }) metres?: number;
}

/** A report that may describe the same attack. */
export class RelatedReportView {
  @ApiProperty({ format: 'uuid' }) incidentId: string;
  @ApiProperty({ example: 'INC-2026-000124' }) reference: string;
  @ApiProperty(DATE_TIME) occurredAt: Date;
  @ApiProperty({ example: 'assault' }) category: string;
  @ApiProperty({ type: [RelatedReasonView] }) reasons: RelatedReasonView[];
}
