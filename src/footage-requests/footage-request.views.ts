import { ApiProperty } from '@nestjs/swagger';
import { DECLINE_REASONS, REQUEST_STATUSES } from './request-status';
import type { DeclineReason, RequestStatus } from './request-status';

const MOMENT = { type: 'string', format: 'date-time' } as const;
const MAYBE_MOMENT = { ...MOMENT, nullable: true } as const;

/** What a gateway is asked for: a device's window of an incident. */
export class GatewayRequestView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) deviceId: string;
  @ApiProperty() deviceSerial: string;
  @ApiProperty({ format: 'uuid' }) incidentId: string;
  @ApiProperty({ ...MOMENT, description: 'Start of the window to send' }) from: Date;
  @ApiProperty({ ...MOMENT, description: 'End of the window to send' }) to: Date;
  @ApiProperty({ ...MOMENT, description: 'Unanswered by then, the request expires' })
  expiresAt: Date;
  @ApiProperty({ enum: ['open', 'uploading'] }) status: 'open' | 'uploading';
}

export class RequestDeviceView {
  @ApiProperty({ format: 'uuid', nullable: true, type: 'string' }) id: string | null;
  @ApiProperty() serialNumber: string;
  @ApiProperty({ enum: ['body_camera', 'video_recorder'], nullable: true, type: 'string' })
  kind: string | null;
  @ApiProperty({ nullable: true, type: 'string' }) model: string | null;
  @ApiProperty({ nullable: true, type: 'string', description: 'The unit the device belongs to' })
  unitName: string | null;
}

/** A request as the incident shows it. */
export class FootageRequestView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) incidentId: string;
  @ApiProperty({
    enum: REQUEST_STATUSES,
    description:
      'open: not answered yet; uploading: the device is sending it; received: the file is stored, its bytes not yet checked; verified: checked and linked to the incident; declined: see reason; expired: nothing came in time',
  })
  status: RequestStatus;
  @ApiProperty({ enum: DECLINE_REASONS, nullable: true, type: 'string' })
  reason: DeclineReason | null;
  @ApiProperty({ type: RequestDeviceView }) device: RequestDeviceView;
  @ApiProperty(MOMENT) from: Date;
  @ApiProperty(MOMENT) to: Date;
  @ApiProperty({
    enum: ['report', 'person'],
    description: 'report: made when the report was filed; person: asked for by hand',
  })
  origin: 'report' | 'person';
  @ApiProperty({ format: 'uuid', nullable: true, type: 'string' }) footageId: string | null;
  @ApiProperty(MOMENT) createdAt: Date;
  @ApiProperty(MOMENT) expiresAt: Date;
  @ApiProperty(MAYBE_MOMENT) uploadStartedAt: Date | null;
  @ApiProperty(MAYBE_MOMENT) receivedAt: Date | null;
  @ApiProperty(MAYBE_MOMENT) verifiedAt: Date | null;
  @ApiProperty(MAYBE_MOMENT) declinedAt: Date | null;
}
