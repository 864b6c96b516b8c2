import { ApiProperty } from '@nestjs/swagger';
import { PageView } from '../common/page-view';
import { PostKind } from './directory.types';

/** A police post or duty desk; its webhook signing secret is write-only and never shown. */
export class PolicePostView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PostKind }) kind: PostKind;
  @ApiProperty() name: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null only for the national duty desk',
  })
  regionId: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) webhookUrl: string | null;
  @ApiProperty() hasWebhookSecret: boolean;
  @ApiProperty({
    description: 'The receiver answered 410 Gone; set the URL or secret again to resume',
  })
  webhookDisabled: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'While a rotation overlap lasts: until when the replaced secret also signs every webhook',
  })
  previousWebhookSecretSignsUntil: Date | null;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The facilities the post covers' })
  facilityIds: string[];
  @ApiProperty({ description: 'Seeded demo or synthetic data' }) isDemo: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export const PolicePostPage = PageView(PolicePostView, 'PolicePostPage');

/** A freshly made webhook secret: shown in this answer only, never readable again. */
export class WebhookSecretView {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYo=' })
  webhookSecret: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'Until when the replaced secret also signs every webhook (null when the post had none)',
  })
  previousSecretSignsUntil: Date | null;
}
