import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role, UserActor } from '../auth/roles';
import { Page } from '../common/pagination';
import { uuidParam, UuidParam } from '../common/uuid-param.pipe';
import { FootageLinksService } from './footage-links.service';
import { FootageView } from './footage-view';

export class LinkFootageDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') footageId: string;
}

@ApiTags('footage')
@ApiBearerAuth()
@Controller('api/v1/incidents/:id/footage')
export class FootageLinksController {
  constructor(private readonly footage: FootageLinksService) {}

  /** The reporter (own incident), the facility's admin, police of a post it was routed to. */
  @Post()
  @Roles(Role.Staff, Role.FacilityAdmin, Role.Police)
  link(
    @Param('id', UuidParam) id: string,
    @Body() dto: LinkFootageDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<FootageView> {
    return this.footage.link(caller, id, dto.footageId);
  }

  @Get()
  @Roles(Role.Staff, Role.FacilityAdmin, Role.Police, Role.Admin)
  async list(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<Page<FootageView>> {
    return { items: await this.footage.forIncident(caller, id), nextCursor: null };
  }

  /** Footage of the incident's unit or facility recorded around the incident time, best overlap first. */
  @Get('suggestions')
  @Roles(Role.FacilityAdmin, Role.Police)
  async suggestions(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ) {
    return { items: await this.footage.suggestions(caller, id), nextCursor: null };
  }

  @Delete(':footageId')
  @Roles(Role.FacilityAdmin, Role.Police, Role.Admin)
  @HttpCode(204)
  unlink(
    @Param('id', UuidParam) id: string,
    @Param('footageId', uuidParam('footageId')) footageId: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<void> {
    return this.footage.unlink(caller, id, footageId);
  }
}
