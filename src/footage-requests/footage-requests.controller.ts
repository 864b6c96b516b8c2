import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentCaller, DEVICE, Roles } from '../auth/access.decorators';
import { Caller, DeviceActor, Role, UserActor } from '../auth/roles';
import { ApiErrors } from '../common/api-responses';
import { ClientGone } from '../common/client-gone';
import { UuidParam } from '../common/uuid-param.pipe';
import {
  CreateFootageRequestDto,
  DeclineRequestDto,
  GatewayRequestsQuery,
} from './footage-request.dto';
import { FootageRequestView, GatewayRequestView } from './footage-request.views';
import { GatewayRequestsService } from './gateway-requests.service';
import { IncidentRequestsService } from './incident-requests.service';

/** Device gateways fetch what they are asked for here, and say when they cannot send it. */
@ApiTags('footage requests')
@ApiSecurity('api-key')
@Controller('api/v1/footage-requests')
export class FootageRequestsController {
  constructor(private readonly gateway: GatewayRequestsService) {}

  /** The unit's devices' open requests; `wait` holds the answer until one is made. */
  @Get()
  @Roles(DEVICE)
  @ApiOkResponse({ type: [GatewayRequestView] })
  @ApiErrors(429)
  awaiting(
    @Query() query: GatewayRequestsQuery,
    @CurrentCaller() caller: Caller<DeviceActor>,
    @ClientGone() gone: AbortSignal,
  ): Promise<GatewayRequestView[]> {
    return this.gateway.awaiting(caller, query, gone);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Roles(DEVICE)
  @ApiOkResponse({ type: FootageRequestView })
  @ApiErrors(404, 409)
  decline(
    @Param('id', UuidParam) id: string,
    @Body() dto: DeclineRequestDto,
    @CurrentCaller() caller: Caller<DeviceActor>,
  ): Promise<FootageRequestView> {
    return this.gateway.decline(caller, id, dto);
  }
}

/** An incident's footage requests, with each one's state; people ask devices for more here. */
@ApiTags('footage requests')
@ApiBearerAuth()
@Controller('api/v1/incidents/:id/footage-requests')
export class IncidentFootageRequestsController {
  constructor(private readonly requests: IncidentRequestsService) {}

  @Get()
  @Roles(Role.Staff, Role.FacilityAdmin, Role.Police, Role.Admin)
  @ApiOkResponse({ type: [FootageRequestView] })
  @ApiErrors(404)
  list(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<FootageRequestView[]> {
    return this.requests.ofIncident(caller, id);
  }

  @Post()
  @Roles(Role.FacilityAdmin, Role.Police)
  @ApiCreatedResponse({ type: FootageRequestView })
  @ApiErrors(404, 409)
  create(
    @Param('id', UuidParam) id: string,
    @Body() dto: CreateFootageRequestDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<FootageRequestView> {
    return this.requests.request(caller, id, dto);
  }
}
