import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Redirect,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentCaller, DEVICE, Roles } from '../auth/access.decorators';
import { Caller, Role, UserActor } from '../auth/roles';
import { ApiRedirectResponse } from '../common/api-bodies';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param.pipe';
import { DiscardFileOnError } from './discard-file-on-error.interceptor';
import { CustodyQuery, LegalHoldDto, UploadFootageDto } from './footage.dto';
import { FootageService } from './footage.service';
import { FootageUploadService } from './footage-upload.service';
import { FootageView } from './footage-view';
import { CustodyView, RecheckRequestedView } from './footage.views';
import { LegalHoldService } from './legal-hold.service';
import { StoredFile } from './s3-stream.storage';

@ApiTags('footage')
@ApiBearerAuth()
@Controller('api/v1/footage')
export class FootageController {
  constructor(
    private readonly footage: FootageService,
    private readonly uploads: FootageUploadService,
    private readonly holds: LegalHoldService,
  ) {}

  /** The file streams to the bucket as it arrives; its type is read from its bytes. */
  @Post()
  @Roles(Role.Staff, Role.FacilityAdmin, DEVICE)
  @ApiSecurity('api-key')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadFootageDto })
  @ApiCreatedResponse({ type: FootageView, description: 'Stored; verified in the background' })
  @UseInterceptors(FileInterceptor('file'), DiscardFileOnError)
  upload(
    @UploadedFile() file: (Express.Multer.File & { sha256: string }) | undefined,
    @Body() dto: UploadFootageDto,
    @CurrentCaller() caller: Caller,
  ): Promise<FootageView> {
    const stored: StoredFile | undefined = file && {
      key: file.path,
      size: file.size,
      sha256: file.sha256,
      contentType: file.mimetype,
      fileName: file.originalname ? file.originalname.slice(0, 255) : null,
    };
    return this.uploads.recordUpload(caller, stored, dto);
  }

  @Get(':id')
  @Roles(Role.Police, Role.FacilityAdmin, Role.Admin)
  @ApiOkResponse({ type: FootageView })
  @ApiErrors(404)
  get(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<FootageView> {
    return this.footage.get(caller, id);
  }

  /** 302 to a presigned URL valid at most 5 minutes; the access is recorded in the chain of custody. */
  @Get(':id/content')
  @Roles(Role.Police, Role.FacilityAdmin, Role.Admin)
  @Redirect()
  @ApiRedirectResponse(
    302,
    'To a presigned URL of the object, valid at most 5 minutes; the store answers playback ' +
      'Range requests there (206, or 416 for a range outside the file)',
  )
  @ApiErrors(404, 410)
  async content(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<{ url: string; statusCode: number }> {
    return { url: await this.footage.contentUrl(caller, id), statusCode: 302 };
  }

  /** The chain of custody, with `valid` from re-checking the chain's hashes. */
  @Get(':id/custody')
  @Roles(Role.Police, Role.FacilityAdmin, Role.Admin)
  @ApiOkResponse({ type: CustodyView })
  @ApiErrors(404)
  custody(
    @Param('id', UuidParam) id: string,
    @Query() _query: CustodyQuery,
    @CurrentCaller() caller: Caller,
  ): Promise<CustodyView> {
    return this.footage.custody(caller, id);
  }

  /** 202: the worker re-hashes the object and appends `rechecked` or `integrity_failed` to the chain. */
  @Post(':id/recheck')
  @HttpCode(202)
  @Roles(Role.Police, Role.FacilityAdmin, Role.Admin)
  @ApiAcceptedResponse({ type: RecheckRequestedView })
  @ApiErrors(404, 409, 410)
  recheck(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<RecheckRequestedView> {
    return this.footage.requestRecheck(caller, id);
  }

  /** Legal hold keeps footage from deletion under the retention policy until released. */
  @Put(':id/legal-hold')
  @Roles(Role.Police, Role.FacilityAdmin, Role.Admin)
  @ApiOkResponse({ type: FootageView, description: 'The footage as it now is' })
  @ApiErrors(404, 410)
  legalHold(
    @Param('id', UuidParam) id: string,
    @Body() dto: LegalHoldDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<FootageView> {
    return this.holds.setLegalHold(caller, id, dto);
  }
}
