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
import { UuidParam } from '../common/uuid-param.pipe';
import { DevicesService } from './devices.service';
import { CreateDeviceDto, DeviceQuery, UpdateDeviceDto } from './directory.dto';
import { DeviceView } from './directory.views';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Get()
  @Roles(Role.Admin, Role.FacilityAdmin, Role.Police)
  @ApiOkResponse({ type: PageView(DeviceView, 'DevicePage'), description: 'By serial number' })
  list(@Query() query: DeviceQuery, @CurrentCaller() caller: Caller): Promise<Page<DeviceView>> {
    return this.devices.list(caller.actor, query);
  }

  @Get(':id')
  @Roles(Role.Admin, Role.FacilityAdmin, Role.Police)
  @ApiOkResponse({ type: DeviceView })
  @ApiErrors(404)
  get(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<DeviceView> {
    return this.devices.getVisible(caller.actor, id);
  }

  @Post()
  @Roles(Role.Admin, Role.FacilityAdmin)
  @ApiCreatedResponse({ type: DeviceView })
  @ApiErrors(409)
  create(@Body() dto: CreateDeviceDto, @CurrentCaller() caller: Caller): Promise<DeviceView> {
    return this.devices.create(dto, caller);
  }

  @Patch(':id')
  @Roles(Role.Admin, Role.FacilityAdmin)
  @ApiOkResponse({ type: DeviceView })
  @ApiErrors(404, 409)
  update(
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateDeviceDto,
    @CurrentCaller() caller: Caller,
  ): Promise<DeviceView> {
    return this.devices.update(id, dto, caller);
  }

  @Delete(':id')
  @Roles(Role.Admin, Role.FacilityAdmin)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(404, 409)
  remove(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.devices.remove(id, caller);
  }
}
