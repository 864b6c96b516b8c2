import { Body, Controller, Delete, Get, HttpCode, Param, Post, Redirect } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentCaller, Public, Roles } from '../auth/access.decorators';
import { Caller, Role, UserActor } from '../auth/roles';
import { ApiRedirectResponse } from '../common/api-bodies';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param.pipe';
import { CreateEvidencePackageDto, ShareEvidencePackageDto } from './evidence-package.dto';
import {
  EvidencePackageView,
  PackageRequestedView,
  PublicKeyView,
  ShareLinkView,
} from './evidence-package.views';
import { EvidencePackagesService } from './evidence-packages.service';
import { ShareLinksService } from './share-links.service';

/** An incident's evidence packages: asked for here, built by the worker. */
@ApiTags('evidence packages')
@ApiBearerAuth()
@Controller('api/v1/incidents/:id/evidence-packages')
export class IncidentPackagesController {
  constructor(private readonly packages: EvidencePackagesService) {}

  /** 202: the worker builds the ZIP; GET /evidence-packages/:id says when it is ready. */
  @Post()
  @HttpCode(202)
  @Roles(Role.Police, Role.Admin)
  @ApiAcceptedResponse({ type: PackageRequestedView })
  @ApiErrors(404)
  request(
    @Param('id', UuidParam) id: string,
    @Body() dto: CreateEvidencePackageDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<PackageRequestedView> {
    return this.packages.request(caller, id, dto);
  }
}

@ApiTags('evidence packages')
@ApiBearerAuth()
@Controller('api/v1/evidence-packages')
export class EvidencePackagesController {
  constructor(
    private readonly packages: EvidencePackagesService,
    private readonly links: ShareLinksService,
  ) {}

  /** The key manifest.json.sig verifies with; recipients compare it with the one in the package. */
  @Get('public-key')
  @Public()
  @ApiOkResponse({ type: PublicKeyView })
  publicKey(): PublicKeyView {
    return this.packages.publicKey();
  }

  @Get(':id')
  @Roles(Role.Police, Role.Admin)
  @ApiOkResponse({ type: EvidencePackageView })
  @ApiErrors(404)
  get(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<EvidencePackageView> {
    return this.packages.get(caller, id);
  }

  /** 302 to the ZIP, valid at most 5 minutes; in the audit log and every file's chain of custody. */
  @Get(':id/content')
  @Roles(Role.Police, Role.Admin)
  @Redirect()
  @ApiRedirectResponse(302, 'To a presigned download of the ZIP, valid at most 5 minutes')
  @ApiErrors(404, 409)
  async content(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<{ url: string; statusCode: number }> {
    return { url: await this.packages.contentUrl(caller, id), statusCode: 302 };
  }

  /** A link for someone without an account, valid up to 7 days; shown once. */
  @Post(':id/share')
  @Roles(Role.Police, Role.Admin)
  @ApiCreatedResponse({ type: ShareLinkView })
  @ApiErrors(404, 409)
  share(
    @Param('id', UuidParam) id: string,
    @Body() dto: ShareEvidencePackageDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<ShareLinkView> {
    return this.links.share(caller, id, dto);
  }

  @Delete(':id/share')
  @HttpCode(204)
  @Roles(Role.Police, Role.Admin)
  @ApiNoContentResponse({ description: 'Every link of the package is revoked' })
  @ApiErrors(404)
  revoke(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<void> {
    return this.links.revoke(caller, id);
  }
}
