import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ObjectValidated } from '../common/nested-list';
import { IsNumber, IsOptional, IsString, MaxLength } from 'class-validator';

export class PushKeysDto {
  @ApiProperty({ description: "The browser's P-256 public key (base64url, 65 bytes)" })
  @IsString()
  @MaxLength(200)
  p256dh: string;

  @ApiProperty({ description: 'The 16-byte authentication secret (base64url)' })
  @IsString()
  @MaxLength(100)
  auth: string;
}

/** The browser's `PushSubscription.toJSON()`. */
export class PushSubscriptionDto {
  @ApiProperty({ example: 'https://fcm.googleapis.com/fcm/send/dXk1...' })
  @IsString()
  @MaxLength(2000)
  endpoint: string;

  @ApiPropertyOptional({
    type: 'number',
    nullable: true,
    description: 'When the push service expires the subscription (ms since the epoch), if it says',
  })
  @IsOptional()
  @IsNumber({}, { message: 'must be a number or null' })
  expirationTime?: number | null;

  @ApiProperty({ type: PushKeysDto })
  @ObjectValidated(() => PushKeysDto)
  keys: PushKeysDto;
}
