import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role } from '../auth/roles';
import { Page } from '../common/pagination';
import { uuidParam, UuidParam } from '../common/uuid-param.pipe';
import { CreateApiKeyDto, CreateUnitDto, UnitQuery, UpdateUnitDto } from './directory.dto';
import { Unit } from './unit.entity';
import { UnitsService } from './units.service';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @Roles(Role.Admin, Role.FacilityAdmin, Role.Police)
  list(@Query() query: UnitQuery, @CurrentCaller() caller: Caller): Promise<Page<Unit>> {
    return this.units.list(caller.actor, query);
  }

  @Get(':id')
  @Roles(Role.Admin, Role.FacilityAdmin, Role.Police)
  get(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<Unit> {
    return this.units.getVisible(caller.actor, id);
  }

  @Post()
  @Roles(Role.Admin, Role.FacilityAdmin)
  create(@Body() dto: CreateUnitDto, @CurrentCaller() caller: Caller): Promise<Unit> {
    return this.units.create(dto, caller);
  }

  @Patch(':id')
  @Roles(Role.Admin, Role.FacilityAdmin)
  update(
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateUnitDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.units.update(id, dto, caller);
  }

  @Delete(':id')
  @Roles(Role.Admin, Role.FacilityAdmin)
  @HttpCode(204)
  remove(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.units.remove(id, caller);
  }

  /** The key is in this response only; the system keeps just its hash. */
  @Post(':id/api-keys')
  @Roles(Role.Admin, Role.FacilityAdmin)
  createApiKey(
    @Param('id', UuidParam) id: string,
    @Body() dto: CreateApiKeyDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.units.createApiKey(id, dto, caller);
  }

  @Get(':id/api-keys')
  @Roles(Role.Admin, Role.FacilityAdmin)
  listApiKeys(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.units.listApiKeys(id, caller);
  }

  @Delete(':id/api-keys/:keyId')
  @Roles(Role.Admin, Role.FacilityAdmin)
  @HttpCode(204)
  revokeApiKey(
    @Param('id', UuidParam) id: string,
    @Param('keyId', uuidParam('keyId')) keyId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    return this.units.revokeApiKey(id, keyId, caller);
  }
}
