import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role, ROLES } from '../auth/roles';
import { Page } from '../common/pagination';
import { CreateEmergencyDto, CreateRuleSetDto, EmergencyQuery } from './classification.dto';
import { EmergenciesService, EmergencyView } from './emergencies.service';
import { RuleSetsService, RuleSetView } from './rule-sets.service';

@ApiTags('classification')
@ApiBearerAuth()
@Controller('api/v1/classification/rule-sets')
export class RuleSetsController {
  constructor(private readonly ruleSets: RuleSetsService) {}

  @Get()
  @Roles(...ROLES)
  async list(): Promise<Page<RuleSetView>> {
    return { items: await this.ruleSets.list(), nextCursor: null };
  }

  @Get('current')
  @Roles(...ROLES)
  current(): Promise<RuleSetView> {
    return this.ruleSets.current();
  }

  @Post()
  @Roles(Role.Admin)
  create(@Body() dto: CreateRuleSetDto, @CurrentCaller() caller: Caller): Promise<RuleSetView> {
    return this.ruleSets.create(dto, caller);
  }
}

@ApiTags('classification')
@ApiBearerAuth()
@Controller('api/v1/emergencies')
export class EmergenciesController {
  constructor(private readonly emergencies: EmergenciesService) {}

  @Get()
  @Roles(...ROLES)
  list(@Query() query: EmergencyQuery): Promise<Page<EmergencyView>> {
    return this.emergencies.list(query);
  }

  @Post()
  @Roles(Role.Admin)
  create(@Body() dto: CreateEmergencyDto, @CurrentCaller() caller: Caller): Promise<EmergencyView> {
    return this.emergencies.create(dto, caller);
  }
}
