import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
import { UuidParam } from '../common/uuid-param.pipe';
import { CreateShiftDto, ShiftQuery } from './shift.dto';
import { OfficerView, ShiftView } from './shift.views';
import { ShiftsService } from './shifts.service';

@ApiTags('roster')
@ApiBearerAuth()
@Controller('api/v1/police-posts/:id')
export class ShiftsController {
  constructor(private readonly shifts: ShiftsService) {}

  @Get('shifts')
  @Roles(Role.Admin, Role.Police)
  @ApiOkResponse({ type: [ShiftView] })
  @ApiErrors(404)
  list(
    @Param('id', UuidParam) id: string,
    @Query() query: ShiftQuery,
    @CurrentCaller() caller: Caller,
  ): Promise<ShiftView[]> {
    return this.shifts.list(caller.actor, id, query);
  }

  /** 409: the officer already has a shift overlapping this one. */
  @Post('shifts')
  @Roles(Role.Admin, Role.Police)
  @ApiCreatedResponse({ type: ShiftView })
  @ApiErrors(404, 409)
  create(
    @Param('id', UuidParam) id: string,
    @Body() dto: CreateShiftDto,
    @CurrentCaller() caller: Caller,
  ): Promise<ShiftView> {
    return this.shifts.create(id, dto, caller);
  }

  @Delete('shifts/:shiftId')
  @Roles(Role.Admin, Role.Police)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed from the roster' })
  @ApiErrors(404)
  remove(
    @Param('id', UuidParam) id: string,
    @Param('shiftId', UuidParam) shiftId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    return this.shifts.remove(id, shiftId, caller);
  }

  /** The post's active officers, whom the roster may put on shift. */
  @Get('officers')
  @Roles(Role.Admin, Role.Police)
  @ApiOkResponse({ type: [OfficerView] })
  @ApiErrors(404)
  officers(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<OfficerView[]> {
    return this.shifts.officers(caller.actor, id);
  }
}
