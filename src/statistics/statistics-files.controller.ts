import { Controller, Get, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Role } from '../auth/roles';
import { ApiFileResponse } from '../common/api-bodies';
import { Clock } from '../common/clock';
import { resolveLocale } from '../i18n/i18n';
import { CoverageService, coveragePeriod } from './coverage.service';
import { coverageTable, responseTimesTable } from './export-tables';
import { Cell, download, toCsv, toXlsx } from './exports';
import { Month } from './months';
import { ResponseTimesService } from './response-times.service';
import { CoverageQuery, MonthQuery } from './statistics.dto';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The dashboard's other tables as files: the same queries, limits and figures as their JSON
 * (`/stats/coverage`, `/stats/response-times`), in CSV or a one-sheet workbook.
 */
@ApiTags('statistics')
@ApiBearerAuth()
@Controller('api/v1/stats')
export class StatisticsFilesController {
  constructor(
    private readonly clock: Clock,
    private readonly times: ResponseTimesService,
    private readonly coverageFigures: CoverageService,
  ) {}

  @Get('coverage.csv')
  @Roles(Role.Ministry, Role.Admin)
  @ApiFileResponse('text/csv', 'The coverage report as CSV in UTF-8 with a byte-order mark')
  coverageCsv(
    @Query() q: CoverageQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentCaller() caller: Caller,
  ): Promise<StreamableFile> {
    return this.coverage(q, req, res, caller, 'csv');
  }

  @Get('coverage.xlsx')
  @Roles(Role.Ministry, Role.Admin)
  @ApiFileResponse(XLSX, 'The coverage report as an Excel workbook of one sheet')
  coverageXlsx(
    @Query() q: CoverageQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentCaller() caller: Caller,
  ): Promise<StreamableFile> {
    return this.coverage(q, req, res, caller, 'xlsx');
  }

  @Get('response-times.csv')
  @Roles(Role.Ministry, Role.Admin)
  @ApiFileResponse('text/csv', 'The response-time figures as CSV in UTF-8 with a byte-order mark')
  responseTimesCsv(
    @Query() q: MonthQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentCaller() caller: Caller,
  ): Promise<StreamableFile> {
    return this.responseTimes(q, req, res, caller, 'csv');
  }

  @Get('response-times.xlsx')
  @Roles(Role.Ministry, Role.Admin)
  @ApiFileResponse(XLSX, 'The response-time figures as an Excel workbook of one sheet')
  responseTimesXlsx(
    @Query() q: MonthQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentCaller() caller: Caller,
  ): Promise<StreamableFile> {
    return this.responseTimes(q, req, res, caller, 'xlsx');
  }

  private async coverage(
    q: CoverageQuery,
    req: Request,
    res: Response,
    caller: Caller,
    ext: 'csv' | 'xlsx',
  ): Promise<StreamableFile> {
    const locale = resolveLocale(req, caller.actor, q.lang);
    const [from, to] = coveragePeriod(q, this.clock.now());
    const view = await this.coverageFigures.byRegionAndType(from, to, locale);
    const name = `medguard-coverage-${view.from}-${view.to}`;
    return file(res, coverageTable(view, locale), name, ext);
  }

  private async responseTimes(
    q: MonthQuery,
    req: Request,
    res: Response,
    caller: Caller,
    ext: 'csv' | 'xlsx',
  ): Promise<StreamableFile> {
    const locale = resolveLocale(req, caller.actor, q.lang);
    const view = await this.times.byRegion(Month.parse(q.month) as Month, locale);
    return file(
      res,
      responseTimesTable(view, locale),
      `medguard-response-times-${view.month}`,
      ext,
    );
  }
}

async function file(res: Response, table: Cell[][], name: string, ext: 'csv' | 'xlsx') {
  const body = ext === 'csv' ? toCsv(table) : await toXlsx(name.slice('medguard-'.length), table);
  return download(res, body, `${name}.${ext}`);
}
