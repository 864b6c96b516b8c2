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
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, DEVICE, Roles } from '../auth/access.decorators';
import { Caller, Role, UserActor } from '../auth/roles';
import { UuidParam } from '../common/uuid-param.pipe';
import { DiscardFileOnError } from './discard-file-on-error.interceptor';
import { CustodyQuery, LegalHoldDto, UploadFootageDto } from './footage.dto';
import { FootageService, RecheckRequested } from './footage.service';
import { FootageUploadService } from './footage-upload.service';
import { FootageView } from './footage-view';
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
  get(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller): Promise<FootageView> {
    return this.footage.get(caller, id);
  }

  /** 302 to a presigned URL valid at most 5 minutes; the access is recorded in the chain of custody. */
  @Get(':id/content')
  @Roles(Role.Police, Role.FacilityAdmin, Role.Admin)
  @Redirect()
  async content(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<{ url: string; statusCode: number }> {
    return { url: await this.footage.contentUrl(caller, id), statusCode: 302 };
  }

  /** The chain of custody, with `valid` from re-checking the chain's hashes. */
  @Get(':id/custody')
  @Roles(Role.Police, Role.FacilityAdmin, Role.Admin)
  custody(
    @Param('id', UuidParam) id: string,
    @Query() _query: CustodyQuery,
    @CurrentCaller() caller: Caller,
  ) {
    return this.footage.custody(caller, id);
  }

  /** 202: the worker re-hashes the object and appends `rechecked` or `integrity_failed` to the chain. */
  @Post(':id/recheck')
  @HttpCode(202)
  @Roles(Role.Police, Role.FacilityAdmin, Role.Admin)
  recheck(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<RecheckRequested> {
    return this.footage.requestRecheck(caller, id);
  }

  /** Legal hold keeps footage from deletion under the retention policy until released. */
  @Put(':id/legal-hold')
  @Roles(Role.Police, Role.FacilityAdmin, Role.Admin)
  legalHold(
    @Param('id', UuidParam) id: string,
    @Body() dto: LegalHoldDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<FootageView> {
    return this.holds.setLegalHold(caller, id, dto);
  }
}
