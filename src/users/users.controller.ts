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
import { Page } from '../common/pagination';
import { UuidParam } from '../common/uuid-param.pipe';
import { CreateUserDto, UpdateUserDto, UserQuery } from './user.dto';
import { CreatedUserView, UserPage, UserView } from './user.views';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles(Role.Admin, Role.FacilityAdmin)
  @ApiOkResponse({ type: UserPage })
  list(@Query() query: UserQuery, @CurrentCaller() caller: Caller): Promise<Page<UserView>> {
    return this.users.list(caller, query);
  }

  @Get(':id')
  @Roles(Role.Admin, Role.FacilityAdmin)
  @ApiOkResponse({ type: UserView })
  @ApiErrors(404)
  get(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<UserView> {
    return this.users.get(caller, id);
  }

  @Post()
  @Roles(Role.Admin, Role.FacilityAdmin)
  @ApiCreatedResponse({ type: CreatedUserView })
  @ApiErrors(409)
  create(@Body() dto: CreateUserDto, @CurrentCaller() caller: Caller): Promise<CreatedUserView> {
    return this.users.create(dto, caller);
  }

  @Patch(':id')
  @Roles(Role.Admin, Role.FacilityAdmin)
  @ApiOkResponse({ type: UserView })
  @ApiErrors(404, 409)
  update(
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateUserDto,
    @CurrentCaller() caller: Caller,
  ): Promise<UserView> {
    return this.users.update(id, dto, caller);
  }

  /** Deactivates the account and ends its sessions; 409 for one's own account. */
  @Delete(':id')
  @Roles(Role.Admin, Role.FacilityAdmin)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deactivated' })
  @ApiErrors(404, 409)
  deactivate(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.users.deactivate(id, caller);
  }
}
