import {
  Controller,
  Get,
  Headers,
  HttpCode,
  MessageEvent,
  Param,
  Post,
  Query,
  Sse,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { map, Observable } from 'rxjs';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role, UserActor } from '../auth/roles';
import { ApiErrors } from '../common/api-responses';
import { PageQuery } from '../common/pagination';
import { UuidParam } from '../common/uuid-param.pipe';
import { ALERT_STATUSES } from './alert.entity';
import type { AlertStatus } from './alert.entity';
import { AlertPage, AlertView } from './alert.views';
import { AlertsService } from './alerts.service';

export class AlertQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ALERT_STATUSES })
  @IsOptional()
  @IsIn(ALERT_STATUSES)
  status?: AlertStatus;
  @ApiPropertyOptional({ description: 'The last alert id of the previous page' })
  @IsOptional()
  @IsUUID('all', { message: 'is not a cursor returned by this list' })
  declare cursor?: string;
}

export class StreamQuery {
  @ApiPropertyOptional({ description: 'Where to resume, when no Last-Event-ID header is sent' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'is not an event id of this stream' })
  lastEventId?: string;
}

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Roles(Role.Police, Role.Admin)
  @ApiOkResponse({ type: AlertPage })
  list(@Query() query: AlertQuery, @CurrentCaller() caller: Caller<UserActor>): Promise<AlertPage> {
    return this.alerts.list(caller, query);
  }

  /**
   * Server-sent events; reconnect with `Last-Event-ID` to receive what was missed. A first
   * connection may start from the list's `streamPosition` with `?lastEventId=`.
   */
  @Sse('stream')
  @Roles(Role.Police)
  @ApiOkResponse({
    description:
      'Events named `alert`, `updated`, `acknowledged` and `escalated`, each with an `id:` and ' +
      'the alert as it is now (an AlertView) as JSON `data:`; `ping` every 15 s keeps the line open',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  stream(
    @CurrentCaller() caller: Caller<UserActor>,
    @Query() query: StreamQuery,
    @Headers('last-event-id') lastEventId?: string,
  ): Observable<MessageEvent> {
    return this.alerts
      .stream(caller, lastEventId ?? query.lastEventId)
      .pipe(map((e) => ({ id: e.id, type: e.type, data: e.data as object })));
  }

  @Post(':id/ack')
  @Roles(Role.Police)
  @HttpCode(200)
  @ApiOkResponse({ type: AlertView, description: 'Acknowledged; a second time changes nothing' })
  @ApiErrors(404)
  acknowledge(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<AlertView> {
    return this.alerts.acknowledge(caller, id);
  }
}
