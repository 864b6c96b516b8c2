import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentCaller, DEVICE, Roles } from '../auth/access.decorators';
import { Caller, Role } from '../auth/roles';
import { ApiErrors } from '../common/api-responses';
import { DirectUploadsService } from './direct-uploads.service';
import { CompleteUploadDto, StartUploadDto } from './footage.dto';
import { FootageView } from './footage-view';
import { StartedUploadView } from './footage.views';

/** Files sent by devices straight to the bucket in parts, through presigned URLs. */
@ApiTags('footage')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/footage/uploads')
export class FootageUploadsController {
  constructor(private readonly uploads: DirectUploadsService) {}

  @Post()
  @Roles(Role.FacilityAdmin, DEVICE)
  @ApiCreatedResponse({ type: StartedUploadView, description: 'PUT each part to its URL' })
  @ApiErrors(409)
  start(@Body() dto: StartUploadDto, @CurrentCaller() caller: Caller): Promise<StartedUploadView> {
    return this.uploads.start(caller, dto);
  }

  /** The footage, status `stored`; it becomes `verified` or `rejected` once its bytes are checked. */
  @Post(':uploadId/complete')
  @HttpCode(200)
  @Roles(Role.FacilityAdmin, DEVICE)
  @ApiOkResponse({ type: FootageView })
  @ApiErrors(404, 422)
  complete(
    @Param('uploadId') uploadId: string,
    @Body() dto: CompleteUploadDto,
    @CurrentCaller() caller: Caller,
  ): Promise<FootageView> {
    return this.uploads.complete(caller, uploadId, dto);
  }

  @Delete(':uploadId')
  @HttpCode(204)
  @Roles(Role.FacilityAdmin, DEVICE)
  @ApiNoContentResponse({ description: 'Aborted; the parts sent so far and the record are gone' })
  @ApiErrors(404, 409)
  abort(@Param('uploadId') uploadId: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.uploads.abort(caller, uploadId);
  }
}
