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
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role, UserActor } from '../auth/roles';
import { ApiErrors } from '../common/api-responses';
import { Page } from '../common/pagination';
import { UuidParam } from '../common/uuid-param.pipe';
import { AddendaService } from './addenda.service';
import {
  AddendumDto,
  ChangeStatusDto,
  CreateIncidentDto,
  IncidentQuery,
  ReclassifyDto,
} from './incident.dto';
import {
  AddendumView,
  ClassificationPreviewView,
  IncidentPage,
  IncidentSummary,
  IncidentView,
} from './incident.views';
import { IncidentWorkflowService } from './incident-workflow.service';
import { IncidentsService } from './incidents.service';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly workflow: IncidentWorkflowService,
    private readonly addenda: AddendaService,
  ) {}

  /** A repeat with the same Idempotency-Key returns the first response, marked `Idempotent-Replayed: true`. */
  @Post()
  @Roles(Role.Staff, Role.FacilityAdmin)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes a retried submission safe',
  })
  @ApiCreatedResponse({
    type: IncidentView,
    description:
      'Filed, with its classification and alerts; or the first answer again for a repeat',
    headers: {
      'Idempotent-Replayed': {
        description: '`true` when this is the stored answer to an earlier request with the key',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  })
  @ApiErrors(409, 422)
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
  @ApiOkResponse({ type: ClassificationPreviewView })
  @ApiErrors(422)
  preview(
    @Body() dto: CreateIncidentDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<ClassificationPreviewView> {
    return this.incidents.preview(dto, caller.actor);
  }

  @Get()
  @Roles(Role.Staff, Role.FacilityAdmin, Role.Police, Role.Admin)
  @ApiOkResponse({ type: IncidentPage })
  list(
    @Query() query: IncidentQuery,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<Page<IncidentSummary>> {
    return this.incidents.list(caller, query);
  }

  @Get(':id')
  @Roles(Role.Staff, Role.FacilityAdmin, Role.Police, Role.Admin)
  @ApiOkResponse({ type: IncidentView })
  @ApiErrors(404)
  get(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<IncidentView> {
    return this.incidents.get(caller, id);
  }

  @Patch(':id/status')
  @Roles(Role.Police, Role.Admin)
  @ApiOkResponse({ type: IncidentView })
  @ApiErrors(404, 422)
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
  @ApiOkResponse({ type: IncidentView })
  @ApiErrors(404, 422)
  reclassify(
    @Param('id', UuidParam) id: string,
    @Body() dto: ReclassifyDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<IncidentView> {
    return this.workflow.reclassify(id, dto, caller);
  }

  /** Append-only: there is no changing or removing an addendum. */
  @Post(':id/addenda')
  @Roles(Role.Staff, Role.FacilityAdmin)
  @ApiCreatedResponse({ type: AddendumView })
  @ApiErrors(404)
  addAddendum(
    @Param('id', UuidParam) id: string,
    @Body() dto: AddendumDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<AddendumView> {
    return this.addenda.add(caller, id, dto);
  }
}
