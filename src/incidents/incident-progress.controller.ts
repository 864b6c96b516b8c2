import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role, UserActor } from '../auth/roles';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param.pipe';
import { IncidentProgressService } from './incident-progress.service';
import { IncidentProgressView } from './incident-progress.views';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class IncidentProgressController {
  constructor(private readonly progress: IncidentProgressService) {}

  /** Status, category, the number of changes and the acknowledgements; no personal data. */
  @Get(':id/progress')
  @Roles(Role.Staff, Role.FacilityAdmin, Role.Police, Role.Admin)
  @ApiOkResponse({ type: IncidentProgressView })
  @ApiErrors(404)
  get(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<IncidentProgressView> {
    return this.progress.of(caller.actor, id);
  }
}
