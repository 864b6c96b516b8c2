import { Controller, Get, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller, Locale, Role } from '../auth/roles';
import { ApiFileResponse } from '../common/api-bodies';
import { Clock } from '../common/clock';
import { resolveLocale } from '../i18n/i18n';
import { download, monthlyTable, toCsv, toXlsx } from './exports';
import { Month } from './months';
import { CoverageQuery, MonthlyQuery, MonthQuery, TrendQuery } from './statistics.dto';
import { CoverageService, coveragePeriod } from './coverage.service';
import { MapService } from './map.service';
import { ResponseTimesService } from './response-times.service';
import { MonthlyFigures, StatisticsService } from './statistics.service';
import { TrendService } from './trend.service';
import {
  CoverageView,
  MapView,
  MonthlyFiguresView,
  ResponseTimesView,
  TrendView,
} from './statistics.views';

const month = (text: string) => Month.parse(text) as Month;

/** Figures for the ministry; aggregates only, never a name, narrative, address or footage. */
@ApiTags('statistics')
@ApiBearerAuth()
@Controller('api/v1/stats')
export class StatisticsController {
  constructor(
    private readonly clock: Clock,
    private readonly stats: StatisticsService,
    private readonly trends: TrendService,
    private readonly times: ResponseTimesService,
    private readonly coverageFigures: CoverageService,
    private readonly maps: MapService,
  ) {}

  @Get('monthly')
  @Roles(Role.Ministry, Role.Admin)
  @ApiOkResponse({ type: MonthlyFiguresView })
  monthly(
    @Query() q: MonthlyQuery,
    @Req() req: Request,
    @CurrentCaller() caller: Caller,
  ): Promise<MonthlyFiguresView> {
    return this.figures(q, resolveLocale(req, caller.actor, q.lang));
  }

  @Get('monthly.csv')
  @Roles(Role.Ministry, Role.Admin)
  @ApiFileResponse('text/csv', 'The monthly figures as CSV in UTF-8 with a byte-order mark')
  async monthlyCsv(
    @Query() q: MonthlyQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentCaller() caller: Caller,
  ): Promise<StreamableFile> {
    const locale = resolveLocale(req, caller.actor, q.lang);
    const figures = await this.figures(q, locale);
    return download(res, toCsv(monthlyTable(figures, locale)), fileName(figures, 'csv'));
  }

  @Get('monthly.xlsx')
  @Roles(Role.Ministry, Role.Admin)
  @ApiFileResponse(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'The monthly figures as an Excel workbook of one sheet',
  )
  async monthlyXlsx(
    @Query() q: MonthlyQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentCaller() caller: Caller,
  ): Promise<StreamableFile> {
    const locale = resolveLocale(req, caller.actor, q.lang);
    const figures = await this.figures(q, locale);
    const xlsx = await toXlsx(figures.month, monthlyTable(figures, locale));
    return download(res, xlsx, fileName(figures, 'xlsx'));
  }

  @Get('trend')
  @Roles(Role.Ministry, Role.Admin)
  @ApiOkResponse({ type: TrendView })
  trend(
    @Query() q: TrendQuery,
    @Req() req: Request,
    @CurrentCaller() caller: Caller,
  ): Promise<TrendView> {
    const locale = resolveLocale(req, caller.actor, q.lang);
    return this.trends.trend(
      month(q.from),
      month(q.to),
      q.groupBy ?? null,
      q.regionId ?? null,
      locale,
    );
  }

  @Get('response-times')
  @Roles(Role.Ministry, Role.Admin)
  @ApiOkResponse({ type: ResponseTimesView })
  responseTimes(
    @Query() q: MonthQuery,
    @Req() req: Request,
    @CurrentCaller() caller: Caller,
  ): Promise<ResponseTimesView> {
    return this.times.byRegion(month(q.month), resolveLocale(req, caller.actor, q.lang));
  }

  @Get('coverage')
  @Roles(Role.Ministry, Role.Admin)
  @ApiOkResponse({ type: CoverageView })
  coverage(
    @Query() q: CoverageQuery,
    @Req() req: Request,
    @CurrentCaller() caller: Caller,
  ): Promise<CoverageView> {
    const [from, to] = coveragePeriod(q, this.clock.now());
    return this.coverageFigures.byRegionAndType(from, to, resolveLocale(req, caller.actor, q.lang));
  }

  /** The map's figures: incidents per region in the month, facilities with and without a post. */
  @Get('map')
  @Roles(Role.Ministry, Role.Admin)
  @ApiOkResponse({ type: MapView })
  map(
    @Query() q: MonthQuery,
    @Req() req: Request,
    @CurrentCaller() caller: Caller,
  ): Promise<MapView> {
    return this.maps.figures(month(q.month), resolveLocale(req, caller.actor, q.lang));
  }

  private figures(q: MonthlyQuery, locale: Locale): Promise<MonthlyFigures> {
    return this.stats.monthly(month(q.month), q.groupBy ?? 'region', q.regionId ?? null, locale);
  }
}

function fileName(figures: MonthlyFigures, ext: string): string {
  return `medguard-${figures.month}-${figures.groupBy}.${ext}`;
}
