import { Controller, Get, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/access.decorators';
import { ApiFileResponse } from '../common/api-bodies';
import { resolveLocale } from '../i18n/i18n';
import { download, toCsv } from './exports';
import { Month } from './months';
import { OpenDataService } from './open-data.service';
import { MonthQuery } from './statistics.dto';

/** Open data: anyone may download it, without signing in. */
@ApiTags('statistics')
@Controller('api/v1/stats')
export class OpenDataController {
  constructor(private readonly openData: OpenDataService) {}

  /** Region × category counts of a month; counts from 1 to 4 are shown as `<5`. */
  @Get('open-data.csv')
  @Public()
  @ApiFileResponse(
    'text/csv',
    'Region × category counts with totals, CSV in UTF-8 with a byte-order mark; cached 5 minutes',
  )
  async csv(
    @Query() q: MonthQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const table = await this.openData.table(
      Month.parse(q.month) as Month,
      resolveLocale(req, null, q.lang),
    );
    res.setHeader('Cache-Control', 'public, max-age=300');
    return download(res, toCsv(table), `medguard-open-data-${q.month}.csv`);
  }
}
