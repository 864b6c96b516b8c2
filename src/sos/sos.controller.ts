import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role, UserActor } from '../auth/roles';
import { ApiErrors } from '../common/api-responses';
import { Page } from '../common/pagination';
import { UuidParam } from '../common/uuid-param.pipe';
import { CloseSosDto, CreateSosDto, SosQuery } from './sos.dto';
import { SosService } from './sos.service';
import { SosPage, SosView } from './sos.views';

const REPLAYED_HEADER = {
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the key',
    schema: { type: 'string', enum: ['true'] },
  },
};

const SOS_DESCRIPTION = [
  "Alerts the facility's covering posts (an ambulance team's SOS: the region's duty desk) at",
  'priority 1 with the shortest deadline of the rule set in force. A report filed later with',
  '`sosId` attaches to it.',
  '',
  "Each alert's webhook is signed like a report's, with the body",
  '`{ "type": "sos.alert", "alertId", "escalationLevel", "priority", "link", "sos": { "id",',
  '"reference", "createdAt", "facility": { "id", "name" }, "place": { "kind" } } }` (the location',
  'is in the console and `GET /api/v1/alerts` only); once a report attaches, the alert is an',
  "`incident.alert` with the report's `incident` and `sosId`.",
].join('\n');

@ApiTags('sos')
@ApiBearerAuth()
@Controller('api/v1/sos')
export class SosController {
  constructor(private readonly sos: SosService) {}

  /**
   * One tap: alerts at the highest priority to the facility's posts (an ambulance team's: the
   * region's duty desk). A retry with the same Idempotency-Key gets the first answer, waiting for
   * it while it is still being made.
   */
  @Post()
  @Roles(Role.Staff, Role.FacilityAdmin)
  @ApiOperation({
    summary: 'One tap: alerts the police at the highest priority, with the location',
    description: SOS_DESCRIPTION,
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes a retried tap safe',
  })
  @ApiCreatedResponse({
    type: SosView,
    description: 'Sent, with its alerts; or the first answer again for a repeat',
    headers: REPLAYED_HEADER,
  })
  @ApiOkResponse({
    type: SosView,
    description:
      'The same account sent an SOS from this facility less than two minutes ago: that SOS, still open',
    headers: REPLAYED_HEADER,
  })
  @ApiErrors(409, 422)
  async create(
    @Body() dto: CreateSosDto,
    @CurrentCaller() caller: Caller<UserActor>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SosView> {
    const outcome = await this.sos.create(dto, caller, idempotencyKey);
    res.status(outcome.status);
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return outcome.body;
  }

  @Get()
  @Roles(Role.Staff, Role.FacilityAdmin, Role.Admin)
  @ApiOkResponse({ type: SosPage })
  list(
    @Query() query: SosQuery,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<Page<SosView>> {
    return this.sos.list(caller.actor, query);
  }

  @Post(':id/close')
  @Roles(Role.FacilityAdmin, Role.Admin)
  @HttpCode(200)
  @ApiOkResponse({ type: SosView })
  @ApiErrors(404, 422)
  close(
    @Param('id', UuidParam) id: string,
    @Body() dto: CloseSosDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<SosView> {
    return this.sos.close(caller, id, dto);
  }
}
