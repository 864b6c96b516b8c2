import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role, UserActor } from '../auth/roles';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param.pipe';
import { JoinEventDto, LeaveEventDto } from './events.dto';
import { EventsService } from './events.service';
import { EventView, RelatedReportView } from './events.views';
import { RelatedReportsService } from './related-reports.service';

/** The facility's admin, police of a post the report was routed to, admins. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('api/v1/incidents/:id')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly relatedReports: RelatedReportsService,
  ) {}

  /** Other reports that may describe the same attack, closest in time first, with the reasons. */
  @Get('related')
  @Roles(Role.FacilityAdmin, Role.Police, Role.Admin)
  @ApiOkResponse({ type: [RelatedReportView] })
  @ApiErrors(404)
  related(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<RelatedReportView[]> {
    return this.relatedReports.related(caller, id);
  }

  /** Joins this report and another into one event (two events become one); again is harmless. */
  @Post('event')
  @Roles(Role.FacilityAdmin, Role.Police, Role.Admin)
  @HttpCode(200)
  @ApiOkResponse({ type: EventView })
  @ApiErrors(404)
  join(
    @Param('id', UuidParam) id: string,
    @Body() dto: JoinEventDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<EventView> {
    return this.events.join(caller, id, dto);
  }

  /** Takes this report out of its event; an event left with one report is no more. */
  @Delete('event')
  @Roles(Role.FacilityAdmin, Role.Police, Role.Admin)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Out of its event (or in none already)' })
  @ApiErrors(404)
  leave(
    @Param('id', UuidParam) id: string,
    @Body() dto: LeaveEventDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<void> {
    return this.events.leave(caller, id, dto);
  }
}
