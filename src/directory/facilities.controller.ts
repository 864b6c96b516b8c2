import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role, ROLES } from '../auth/roles';
import { Page } from '../common/pagination';
import { UuidParam } from '../common/uuid-param.pipe';
import { CreateFacilityDto, FacilityQuery, UpdateFacilityDto } from './directory.dto';
import { FacilitiesService } from './facilities.service';
import { Facility } from './facility.entity';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/facilities')
export class FacilitiesController {
  constructor(private readonly facilities: FacilitiesService) {}

  @Get()
  @Roles(...ROLES)
  list(@Query() query: FacilityQuery): Promise<Page<Facility>> {
    return this.facilities.list(query);
  }

  @Get(':id')
  @Roles(...ROLES)
  get(@Param('id', UuidParam) id: string): Promise<Facility> {
    return this.facilities.get(id);
  }

  @Post()
  @Roles(Role.Admin)
  create(@Body() dto: CreateFacilityDto, @CurrentCaller() caller: Caller): Promise<Facility> {
    return this.facilities.create(dto, caller);
  }

  @Patch(':id')
  @Roles(Role.Admin)
  update(
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateFacilityDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.facilities.update(id, dto, caller);
  }

  @Delete(':id')
  @Roles(Role.Admin)
  @HttpCode(204)
  remove(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.facilities.remove(id, caller);
  }
}
