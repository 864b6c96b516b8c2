import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role, UserActor } from '../auth/roles';
import { Page } from '../common/pagination';
import { UuidParam } from '../common/uuid-param.pipe';
import { ChangeStatusDto, CreateIncidentDto, IncidentQuery, ReclassifyDto } from './incident.dto';
import { IncidentSummary, IncidentView } from './incident-view';
import { IncidentWorkflowService } from './incident-workflow.service';
import { IncidentsService } from './incidents.service';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly workflow: IncidentWorkflowService,
  ) {}

  /** A repeat with the same Idempotency-Key returns the first response, marked `Idempotent-Replayed: true`. */
  @Post()
  @Roles(Role.Staff, Role.FacilityAdmin)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes a retried submission safe',
  })
  async create(
    @Body() dto: CreateIncidentDto,
    @CurrentCaller() caller: Caller<UserActor>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IncidentView> {
    const outcome = await this.incidents.create(dto, caller, idempotencyKey);
    res.status(outcome.status);
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return outcome.body;
  }

  /** The category and reasons the report would get, from the server's own rule set; files nothing. */
  @Post('classification')
  @Roles(Role.Staff, Role.FacilityAdmin)
  @HttpCode(200)
  preview(@Body() dto: CreateIncidentDto, @CurrentCaller() caller: Caller<UserActor>) {
    return this.incidents.preview(dto, caller.actor);
  }

  @Get()
  @Roles(Role.Staff, Role.FacilityAdmin, Role.Police, Role.Admin)
  list(
    @Query() query: IncidentQuery,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<Page<IncidentSummary>> {
    return this.incidents.list(caller.actor, query);
  }

  @Get(':id')
  @Roles(Role.Staff, Role.FacilityAdmin, Role.Police, Role.Admin)
  get(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<IncidentView> {
    return this.incidents.get(caller, id);
  }

  @Patch(':id/status')
  @Roles(Role.Police, Role.Admin)
  changeStatus(
    @Param('id', UuidParam) id: string,
    @Body() dto: ChangeStatusDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<IncidentView> {
    return this.workflow.changeStatus(id, dto, caller);
  }

  @Post(':id/reclassify')
  @Roles(Role.Police, Role.Admin)
  @HttpCode(200)
  reclassify(
    @Param('id', UuidParam) id: string,
    @Body() dto: ReclassifyDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<IncidentView> {
    return this.workflow.reclassify(id, dto, caller);
  }
}
