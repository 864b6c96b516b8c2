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
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { map, Observable } from 'rxjs';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role, UserActor } from '../auth/roles';
import { Page, PageQuery } from '../common/pagination';
import { UuidParam } from '../common/uuid-param.pipe';
import { AlertView } from './alert-view';
import { AlertsService } from './alerts.service';

const STATUSES = ['pending', 'delivered', 'delivery_failed', 'acknowledged', 'escalated'] as const;

export class AlertQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];
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
  list(
    @Query() query: AlertQuery,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<Page<AlertView> & { streamPosition?: string }> {
    return this.alerts.list(caller.actor, query);
  }

  /**
   * Server-sent events; reconnect with `Last-Event-ID` to receive what was missed. A first
   * connection may start from the list's `streamPosition` with `?lastEventId=`.
   */
  @Sse('stream')
  @Roles(Role.Police)
  stream(
    @CurrentCaller() caller: Caller<UserActor>,
    @Query() query: StreamQuery,
    @Headers('last-event-id') lastEventId?: string,
  ): Observable<MessageEvent> {
    return this.alerts
      .stream(caller.actor, lastEventId ?? query.lastEventId)
      .pipe(map((e) => ({ id: e.id, type: e.type, data: e.data as object })));
  }

  @Post(':id/ack')
  @Roles(Role.Police)
  @HttpCode(200)
  acknowledge(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<AlertView> {
    return this.alerts.acknowledge(caller, id);
  }
}
