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
import { Page, PageQuery } from '../common/pagination';
import { UuidParam } from '../common/uuid-param.pipe';
import { CreatePolicePostDto, UpdatePolicePostDto } from './directory.dto';
import { PolicePostPage, PolicePostView, WebhookSecretView } from './police-post.views';
import { PolicePostsService } from './police-posts.service';
import { PostWebhookSecrets } from './post-webhook-secrets.service';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/police-posts')
export class PolicePostsController {
  constructor(
    private readonly posts: PolicePostsService,
    private readonly webhookSecrets: PostWebhookSecrets,
  ) {}

  @Get()
  @Roles(Role.Admin, Role.Police, Role.FacilityAdmin)
  @ApiOkResponse({ type: PolicePostPage })
  list(@Query() query: PageQuery, @CurrentCaller() caller: Caller): Promise<Page<PolicePostView>> {
    return this.posts.list(caller.actor, query);
  }

  @Get(':id')
  @Roles(Role.Admin, Role.Police, Role.FacilityAdmin)
  @ApiOkResponse({ type: PolicePostView })
  @ApiErrors(404)
  get(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<PolicePostView> {
    return this.posts.get(caller.actor, id);
  }

  /** 409: a region has one duty desk. */
  @Post()
  @Roles(Role.Admin)
  @ApiCreatedResponse({ type: PolicePostView })
  @ApiErrors(409)
  create(
    @Body() dto: CreatePolicePostDto,
    @CurrentCaller() caller: Caller,
  ): Promise<PolicePostView> {
    return this.posts.create(dto, caller);
  }

  @Patch(':id')
  @Roles(Role.Admin)
  @ApiOkResponse({ type: PolicePostView })
  @ApiErrors(404, 409)
  update(
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdatePolicePostDto,
    @CurrentCaller() caller: Caller,
  ): Promise<PolicePostView> {
    return this.posts.update(id, dto, caller);
  }

  /**
   * A new webhook signing secret, answered once. For 24 hours every webhook is signed with the
   * new and the replaced secret (`webhook-signature: v1,<new> v1,<old>`), then with the new only.
   */
  @Post(':id/webhook-secret/rotate')
  @HttpCode(200)
  @Roles(Role.Admin)
  @ApiOkResponse({ type: WebhookSecretView })
  @ApiErrors(404)
  rotateWebhookSecret(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<WebhookSecretView> {
    return this.webhookSecrets.rotate(id, caller);
  }

  /** 409 while officers or alerts still refer to the post. */
  @Delete(':id')
  @Roles(Role.Admin)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(404, 409)
  remove(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.posts.remove(id, caller);
  }
}
