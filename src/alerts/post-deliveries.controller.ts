import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role, UserActor } from '../auth/roles';
import { ApiErrors } from '../common/api-responses';
import { Page } from '../common/pagination';
import { UuidParam } from '../common/uuid-param.pipe';
import { DeliveryPage, DeliveryQuery, DeliveryView } from './delivery.views';
import { PostDeliveriesService } from './post-deliveries.service';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/police-posts')
export class PostDeliveriesController {
  constructor(private readonly deliveries: PostDeliveriesService) {}

  /** Every delivery attempt to the post on every channel, newest first. */
  @Get(':id/deliveries')
  @Roles(Role.Admin, Role.Police)
  @ApiOkResponse({ type: DeliveryPage })
  @ApiErrors(404)
  list(
    @Param('id', UuidParam) id: string,
    @Query() query: DeliveryQuery,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<Page<DeliveryView>> {
    return this.deliveries.list(caller.actor, id, query);
  }

  /**
   * Sends a signed `webhook.test` event to the post's receiver now and answers with the attempt,
   * whatever the receiver said. 422: the post has no webhook; 429: more than 6 a minute.
   */
  @Post(':id/webhook/test')
  @HttpCode(200)
  @Roles(Role.Admin, Role.Police)
  @ApiOkResponse({ type: DeliveryView })
  @ApiErrors(404, 422, 429)
  sendTest(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<DeliveryView> {
    return this.deliveries.sendTest(caller.actor, id);
  }
}
