import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role, ROLES } from '../auth/roles';
import { ApiErrors } from '../common/api-responses';
import { PageView } from '../common/page-view';
import { Page } from '../common/pagination';
import { UuidParam } from '../common/uuid-param.pipe';
import { CreateFacilityDto, FacilityQuery, UpdateFacilityDto } from './directory.dto';
import { FacilitiesService } from './facilities.service';
import { FacilityView } from './directory.views';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/facilities')
export class FacilitiesController {
  constructor(private readonly facilities: FacilitiesService) {}

  @Get()
  @Roles(...ROLES)
  @ApiOkResponse({ type: PageView(FacilityView, 'FacilityPage'), description: 'By name' })
  list(@Query() query: FacilityQuery): Promise<Page<FacilityView>> {
    return this.facilities.list(query);
  }

  @Get(':id')
  @Roles(...ROLES)
  @ApiOkResponse({ type: FacilityView })
  @ApiErrors(404)
  get(@Param('id', UuidParam) id: string): Promise<FacilityView> {
    return this.facilities.get(id);
  }

  @Post()
  @Roles(Role.Admin)
  @ApiCreatedResponse({ type: FacilityView })
  create(@Body() dto: CreateFacilityDto, @CurrentCaller() caller: Caller): Promise<FacilityView> {
    return this.facilities.create(dto, caller);
  }

  @Patch(':id')
  @Roles(Role.Admin)
  @ApiOkResponse({ type: FacilityView })
  @ApiErrors(404)
  update(
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateFacilityDto,
    @CurrentCaller() caller: Caller,
  ): Promise<FacilityView> {
    return this.facilities.update(id, dto, caller);
  }

  @Delete(':id')
  @Roles(Role.Admin)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(404, 409)
  remove(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.facilities.remove(id, caller);
  }
}
