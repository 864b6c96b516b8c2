import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role } from '../auth/roles';
import { Page } from '../common/pagination';
import { UuidParam } from '../common/uuid-param.pipe';
import { CreateUserDto, UpdateUserDto, UserQuery } from './user.dto';
import { UsersService, UserView } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles(Role.Admin, Role.FacilityAdmin)
  list(@Query() query: UserQuery, @CurrentCaller() caller: Caller): Promise<Page<UserView>> {
    return this.users.list(caller.actor, query);
  }

  @Get(':id')
  @Roles(Role.Admin, Role.FacilityAdmin)
  get(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<UserView> {
    return this.users.get(caller, id);
  }

  @Post()
  @Roles(Role.Admin, Role.FacilityAdmin)
  create(@Body() dto: CreateUserDto, @CurrentCaller() caller: Caller): Promise<UserView> {
    return this.users.create(dto, caller);
  }

  @Patch(':id')
  @Roles(Role.Admin, Role.FacilityAdmin)
  update(
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateUserDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.users.update(id, dto, caller);
  }

  @Delete(':id')
  @Roles(Role.Admin, Role.FacilityAdmin)
  @HttpCode(204)
  deactivate(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.users.deactivate(id, caller);
  }
}
