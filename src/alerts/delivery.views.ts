import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { PageView } from '../common/page-view';
import type { AlertChannel } from './alert-metrics';

export const DELIVERY_CHANNELS: readonly AlertChannel[] = ['webhook', 'push', 'sms'];
export const DELIVERY_OUTCOMES = [
  'delivered',
  'submitted',
  'failed',
  'timeout',
  'gone',
  'blocked',
] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

export class DeliveryQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the attempts for this alert' })
  @IsOptional()
  @IsUUID('all')
  alertId?: string;

  @ApiPropertyOptional({ enum: DELIVERY_CHANNELS })
  @IsOptional()
  @IsIn(DELIVERY_CHANNELS)
  channel?: AlertChannel;
}

const DATE_TIME = { type: String, format: 'date-time' } as const;

/**
 * One delivery attempt on one channel, as a post's delivery log shows it. It names its recipient
 * only by id and never shows a phone number, a push endpoint, a webhook URL or a secret.
 */
export class DeliveryView {
  @ApiProperty({ example: '1042', description: 'The attempt, in the order attempts were made' })
  id: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null for a test event',
  })
  alertId: string | null;
  @ApiProperty({ enum: ['alert', 'test'] }) kind: 'alert' | 'test';
  @ApiProperty({ enum: DELIVERY_CHANNELS }) channel: AlertChannel;
  @ApiProperty({
    enum: DELIVERY_OUTCOMES,
    description:
      '`submitted`: the SMSC took the text (its receipt follows); `gone`: the receiver or push service said the address is no more; `blocked`: the address rules refused the connection',
  })
  outcome: DeliveryOutcome;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The HTTP status the receiver answered',
  })
  responseCode: number | null;
  @ApiProperty({ type: Number, nullable: true }) latencyMs: number | null;
  @ApiProperty(DATE_TIME) at: Date;
  @ApiProperty({ type: String, nullable: true, description: 'Why it failed, bounded and masked' })
  error: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The push subscription or officer account it went to (push, SMS)',
  })
  recipient: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The SMS delivery receipt' })
  receiptStatus: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) receiptAt: Date | null;
}

export const DeliveryPage = PageView(DeliveryView, 'DeliveryPage');
