import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, ROLES, UserActor } from '../auth/roles';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param.pipe';
import { PushSubscriptionDto } from './push.dto';
import { PushService } from './push.service';
import { PushPublicKeyView, PushSubscriptionView } from './push.views';

@ApiTags('alert channels')
@ApiBearerAuth()
@Controller('api/v1')
export class PushController {
  constructor(private readonly push: PushService) {}

  @Get('push/public-key')
  @Roles(...ROLES)
  @ApiOkResponse({ type: PushPublicKeyView })
  @ApiErrors(404)
  publicKey(): PushPublicKeyView {
    return this.push.publicKey();
  }

  @Post('push-subscriptions')
  @Roles(...ROLES)
  @ApiCreatedResponse({
    type: PushSubscriptionView,
    description: 'Subscribed; an endpoint subscribed before is re-bound to the caller, same id',
  })
  @ApiErrors(409)
  subscribe(
    @Body() dto: PushSubscriptionDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<PushSubscriptionView> {
    return this.push.subscribe(dto, caller.actor);
  }

  @Delete('push-subscriptions/:id')
  @Roles(...ROLES)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Unsubscribed' })
  @ApiErrors(404)
  unsubscribe(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<void> {
    return this.push.unsubscribe(id, caller.actor);
  }
}
