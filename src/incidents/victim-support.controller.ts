import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role, UserActor } from '../auth/roles';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param.pipe';
import { SupportItemDto, SupportListPipe } from './victim-support.dto';
import { VictimSupportService } from './victim-support.service';
import { SupportItemView } from './victim-support.views';

/** Victim support of a report: the facility's admin and admins. */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents/:id/support')
export class VictimSupportController {
  constructor(private readonly support: VictimSupportService) {}

  @Get()
  @Roles(Role.FacilityAdmin, Role.Admin)
  @ApiOkResponse({ type: [SupportItemView], description: 'By victim, in the order of the kinds' })
  @ApiErrors(404)
  get(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<SupportItemView[]> {
    return this.support.get(caller, id);
  }

  /** Replaces the whole list; an item left out is removed. */
  @Put()
  @Roles(Role.FacilityAdmin, Role.Admin)
  @ApiBody({ type: [SupportItemDto] })
  @ApiOkResponse({ type: [SupportItemView], description: 'The list as stored now' })
  @ApiErrors(404)
  replace(
    @Param('id', UuidParam) id: string,
    @Body(SupportListPipe) items: SupportItemDto[],
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<SupportItemView[]> {
    return this.support.replace(caller, id, items);
  }
}
