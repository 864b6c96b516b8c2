import { ApiProperty } from '@nestjs/swagger';

export class PushPublicKeyView {
  @ApiProperty({
    description:
      "The server's VAPID public key (base64url), the subscription's applicationServerKey",
  })
  publicKey: string;
}

export class PushSubscriptionView {
  @ApiProperty({ format: 'uuid', description: 'The same for the same endpoint' })
  id: string;
}
