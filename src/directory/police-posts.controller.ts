import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role } from '../auth/roles';
import { Page, PageQuery } from '../common/pagination';
import { UuidParam } from '../common/uuid-param.pipe';
import { CreatePolicePostDto, UpdatePolicePostDto } from './directory.dto';
import { PolicePostsService, PolicePostView } from './police-posts.service';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/police-posts')
export class PolicePostsController {
  constructor(private readonly posts: PolicePostsService) {}

  @Get()
  @Roles(Role.Admin, Role.Police, Role.FacilityAdmin)
  list(@Query() query: PageQuery, @CurrentCaller() caller: Caller): Promise<Page<PolicePostView>> {
    return this.posts.list(caller.actor, query);
  }

  @Get(':id')
  @Roles(Role.Admin, Role.Police, Role.FacilityAdmin)
  get(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<PolicePostView> {
    return this.posts.get(caller.actor, id);
  }

  @Post()
  @Roles(Role.Admin)
  create(
    @Body() dto: CreatePolicePostDto,
    @CurrentCaller() caller: Caller,
  ): Promise<PolicePostView> {
    return this.posts.create(dto, caller);
  }

  @Patch(':id')
  @Roles(Role.Admin)
  update(
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdatePolicePostDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.posts.update(id, dto, caller);
  }

  @Delete(':id')
  @Roles(Role.Admin)
  @HttpCode(204)
  remove(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.posts.remove(id, caller);
  }
}
