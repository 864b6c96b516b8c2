import { ApiProperty } from '@nestjs/swagger';
import { IncidentStatus } from './incident-status';

const DATE_TIME = { type: String, format: 'date-time' } as const;

/** A police post that took up the report's alert; the officer is not named. */
export class AcknowledgementView {
  @ApiProperty({ format: 'uuid' }) policePostId: string;
  @ApiProperty({ example: 'Police post, Central City Clinical Hospital' }) policePostName: string;
  @ApiProperty(DATE_TIME) acknowledgedAt: Date;
}

/**
 * Where a report stands, without its personal data: what an open case page checks now and then
 * to learn that the police acknowledged it or that its status or category changed.
 */
export class IncidentProgressView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: IncidentStatus }) status: IncidentStatus;
  @ApiProperty({ example: 'assault' }) category: string;
  @ApiProperty({ description: 'Entries in the history: it grows with every change and addendum' })
  changes: number;
  @ApiProperty({ type: [AcknowledgementView], description: 'Oldest first' })
  acknowledgements: AcknowledgementView[];
}
