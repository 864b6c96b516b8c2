import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role, UserActor } from '../auth/roles';
import { ApiErrors } from '../common/api-responses';
import { PageView } from '../common/page-view';
import { Page } from '../common/pagination';
import { uuidParam, UuidParam } from '../common/uuid-param.pipe';
import { FootageLinksService } from './footage-links.service';
import { FootageSuggestionView, FootageView } from './footage-view';

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
  @ApiCreatedResponse({ type: FootageView, description: 'Linked; the footage' })
  @ApiErrors(404, 409)
  link(
    @Param('id', UuidParam) id: string,
    @Body() dto: LinkFootageDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<FootageView> {
    return this.footage.link(caller, id, dto.footageId);
  }

  @Get()
  @Roles(Role.Staff, Role.FacilityAdmin, Role.Police, Role.Admin)
  @ApiOkResponse({
    type: PageView(FootageView, 'FootagePage'),
    description: 'The linked footage, in the order it was linked',
  })
  @ApiErrors(404)
  async list(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<Page<FootageView>> {
    return { items: await this.footage.forIncident(caller, id), nextCursor: null };
  }

  /** Footage of the incident's unit or facility recorded around the incident time, best overlap first. */
  @Get('suggestions')
  @Roles(Role.FacilityAdmin, Role.Police)
  @ApiOkResponse({
    type: PageView(FootageSuggestionView, 'FootageSuggestionPage'),
    description: 'Best overlap first',
  })
  @ApiErrors(404)
  async suggestions(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<Page<FootageSuggestionView>> {
    return { items: await this.footage.suggestions(caller, id), nextCursor: null };
  }

  @Delete(':footageId')
  @Roles(Role.FacilityAdmin, Role.Police, Role.Admin)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Unlinked' })
  @ApiErrors(404, 409)
  unlink(
    @Param('id', UuidParam) id: string,
    @Param('footageId', uuidParam('footageId')) footageId: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<void> {
    return this.footage.unlink(caller, id, footageId);
  }
}
