import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role } from '../auth/roles';
import { Page } from '../common/pagination';
import { UuidParam } from '../common/uuid-param.pipe';
import { Device } from './device.entity';
import { DevicesService } from './devices.service';
import { CreateDeviceDto, DeviceQuery, UpdateDeviceDto } from './directory.dto';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Get()
  @Roles(Role.Admin, Role.FacilityAdmin, Role.Police)
  list(@Query() query: DeviceQuery, @CurrentCaller() caller: Caller): Promise<Page<Device>> {
    return this.devices.list(caller.actor, query);
  }

  @Get(':id')
  @Roles(Role.Admin, Role.FacilityAdmin, Role.Police)
  get(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<Device> {
    return this.devices.getVisible(caller.actor, id);
  }

  @Post()
  @Roles(Role.Admin, Role.FacilityAdmin)
  create(@Body() dto: CreateDeviceDto, @CurrentCaller() caller: Caller): Promise<Device> {
    return this.devices.create(dto, caller);
  }

  @Patch(':id')
  @Roles(Role.Admin, Role.FacilityAdmin)
  update(
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateDeviceDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.devices.update(id, dto, caller);
  }

  @Delete(':id')
  @Roles(Role.Admin, Role.FacilityAdmin)
  @HttpCode(204)
  remove(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.devices.remove(id, caller);
  }
}
