import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role, UserActor } from '../auth/roles';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param.pipe';
import { ACCESS_LOG_LIMIT, AccessLogService } from './access-log.service';
import { MyDataService } from './my-data.service';
import { AccessLogEntryView, MyDataView } from './privacy.views';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('api/v1')
export class PrivacyController {
  constructor(
    private readonly accessLog: AccessLogService,
    private readonly myData: MyDataService,
  ) {}

  /** The reporter, the facility's admin, admins; 404 for a report the caller cannot see. */
  @Get('incidents/:id/access-log')
  @Roles(Role.Staff, Role.FacilityAdmin, Role.Admin)
  @ApiOkResponse({
    type: [AccessLogEntryView],
    description: `Who read the report, newest first: at most the newest ${ACCESS_LOG_LIMIT} reads`,
  })
  @ApiErrors(404)
  log(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<AccessLogEntryView[]> {
    return this.accessLog.forIncident(caller, id);
  }

  /** Every signed-in person may download what the system holds about them. */
  @Get('me/export')
  @Roles(Role.Staff, Role.FacilityAdmin, Role.Police, Role.Ministry, Role.Admin)
  @ApiProduces('application/json')
  @ApiOkResponse({
    type: MyDataView,
    description:
      'A file: `Content-Disposition: attachment; filename="medguard-export-<date>.json"`',
    headers: {
      'Content-Disposition': {
        description: 'attachment; filename="medguard-export-YYYY-MM-DD.json" (Almaty date)',
        schema: { type: 'string' },
      },
    },
  })
  async export(
    @CurrentCaller() caller: Caller<UserActor>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MyDataView> {
    const { fileName, data } = await this.myData.export(caller);
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    res.setHeader('Cache-Control', 'no-store');
    return data;
  }
}
