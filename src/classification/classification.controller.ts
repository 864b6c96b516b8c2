import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role, ROLES } from '../auth/roles';
import { ApiErrors } from '../common/api-responses';
import { Page } from '../common/pagination';
import {
  CreateEmergencyDto,
  CreateRuleSetDto,
  EmergencyQuery,
  EndEmergencyDto,
} from './classification.dto';
import { UuidParam } from '../common/uuid-param.pipe';
import { EmergencyPage, EmergencyView, RuleSetPage, RuleSetView } from './classification.views';
import { EmergenciesService } from './emergencies.service';
import { RuleSetsService } from './rule-sets.service';
import { RuleSetPreviewDto } from './rule-set-preview.dto';
import { RuleSetPreviewView } from './rule-set-preview.views';

@ApiTags('classification')
@ApiBearerAuth()
@Controller('api/v1/classification/rule-sets')
export class RuleSetsController {
  constructor(private readonly ruleSets: RuleSetsService) {}

  @Get()
  @Roles(...ROLES)
  @ApiOkResponse({ type: RuleSetPage, description: 'Every version, oldest first, in one page' })
  async list(): Promise<Page<RuleSetView>> {
    return { items: await this.ruleSets.list(), nextCursor: null };
  }

  @Get('current')
  @Roles(...ROLES)
  @ApiOkResponse({ type: RuleSetView })
  @ApiErrors(422)
  current(): Promise<RuleSetView> {
    return this.ruleSets.current();
  }

  @Post()
  @Roles(Role.Admin)
  @ApiCreatedResponse({ type: RuleSetView })
  @ApiErrors(409)
  create(@Body() dto: CreateRuleSetDto, @CurrentCaller() caller: Caller): Promise<RuleSetView> {
    return this.ruleSets.create(dto, caller);
  }

  /**
   * A draft version tried on sample reports (the caller's, or built-in representative ones)
   * beside the version in force; refused with the same problems creating it would meet.
   */
  @Post('preview')
  @HttpCode(200)
  @Roles(Role.Admin)
  @ApiOkResponse({ type: RuleSetPreviewView })
  preview(@Body() dto: RuleSetPreviewDto): Promise<RuleSetPreviewView> {
    return this.ruleSets.preview(dto);
  }
}

@ApiTags('classification')
@ApiBearerAuth()
@Controller('api/v1/emergencies')
export class EmergenciesController {
  constructor(private readonly emergencies: EmergenciesService) {}

  @Get()
  @Roles(...ROLES)
  @ApiOkResponse({ type: EmergencyPage })
  list(@Query() query: EmergencyQuery): Promise<Page<EmergencyView>> {
    return this.emergencies.list(query);
  }

  @Post()
  @Roles(Role.Admin)
  @ApiCreatedResponse({ type: EmergencyView })
  create(@Body() dto: CreateEmergencyDto, @CurrentCaller() caller: Caller): Promise<EmergencyView> {
    return this.emergencies.create(dto, caller);
  }

  /**
   * Ends a state of emergency early. Reports already classified under it keep their
   * classification; so the new end cannot lie in the past (the police reclassify a report that
   * needs it), nor before its start, nor after its end on record (record a new one to extend).
   */
  @Patch(':id')
  @Roles(Role.Admin)
  @ApiOkResponse({ type: EmergencyView })
  @ApiErrors(404)
  end(
    @Param('id', UuidParam) id: string,
    @Body() dto: EndEmergencyDto,
    @CurrentCaller() caller: Caller,
  ): Promise<EmergencyView> {
    return this.emergencies.end(id, dto, caller);
  }
}
