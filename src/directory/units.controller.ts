import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role } from '../auth/roles';
import { ApiErrors } from '../common/api-responses';
import { PageView } from '../common/page-view';
import { Page } from '../common/pagination';
import { uuidParam, UuidParam } from '../common/uuid-param.pipe';
import { CreateApiKeyDto, CreateUnitDto, UnitQuery, UpdateUnitDto } from './directory.dto';
import { ApiKeyView, CreatedApiKeyView, UnitView } from './directory.views';
import { UnitsService } from './units.service';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @Roles(Role.Admin, Role.FacilityAdmin, Role.Police)
  @ApiOkResponse({ type: PageView(UnitView, 'UnitPage'), description: 'By name' })
  list(@Query() query: UnitQuery, @CurrentCaller() caller: Caller): Promise<Page<UnitView>> {
    return this.units.list(caller.actor, query);
  }

  @Get(':id')
  @Roles(Role.Admin, Role.FacilityAdmin, Role.Police)
  @ApiOkResponse({ type: UnitView })
  @ApiErrors(404)
  get(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<UnitView> {
    return this.units.getVisible(caller.actor, id);
  }

  @Post()
  @Roles(Role.Admin, Role.FacilityAdmin)
  @ApiCreatedResponse({ type: UnitView })
  create(@Body() dto: CreateUnitDto, @CurrentCaller() caller: Caller): Promise<UnitView> {
    return this.units.create(dto, caller);
  }

  @Patch(':id')
  @Roles(Role.Admin, Role.FacilityAdmin)
  @ApiOkResponse({ type: UnitView })
  @ApiErrors(404)
  update(
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateUnitDto,
    @CurrentCaller() caller: Caller,
  ): Promise<UnitView> {
    return this.units.update(id, dto, caller);
  }

  @Delete(':id')
  @Roles(Role.Admin, Role.FacilityAdmin)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its API keys' })
  @ApiErrors(404, 409)
  remove(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.units.remove(id, caller);
  }

  /** The key is in this response only; the system keeps just its hash. */
  @Post(':id/api-keys')
  @Roles(Role.Admin, Role.FacilityAdmin)
  @ApiCreatedResponse({ type: CreatedApiKeyView })
  @ApiErrors(404)
  createApiKey(
    @Param('id', UuidParam) id: string,
    @Body() dto: CreateApiKeyDto,
    @CurrentCaller() caller: Caller,
  ): Promise<CreatedApiKeyView> {
    return this.units.createApiKey(id, dto, caller);
  }

  @Get(':id/api-keys')
  @Roles(Role.Admin, Role.FacilityAdmin)
  @ApiOkResponse({ type: PageView(ApiKeyView, 'ApiKeyPage'), description: 'Revoked keys included' })
  @ApiErrors(404)
  listApiKeys(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<Page<ApiKeyView>> {
    return this.units.listApiKeys(id, caller);
  }

  @Delete(':id/api-keys/:keyId')
  @Roles(Role.Admin, Role.FacilityAdmin)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked: the key no longer signs in' })
  @ApiErrors(404)
  revokeApiKey(
    @Param('id', UuidParam) id: string,
    @Param('keyId', uuidParam('keyId')) keyId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    return this.units.revokeApiKey(id, keyId, caller);
  }
}
