import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/access.decorators';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { Month } from '../statistics/months';
import { ministryPage } from './ministry-page';
import { PageGate } from './page-gate';
import { PagesRepository } from './pages.repository';

/** The ministry's statistics dashboard (ministry and admins). */
@ApiExcludeController()
@Controller()
export class MinistryPageController {
  constructor(
    private readonly gate: PageGate,
    private readonly pages: PagesRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  @Get('ministry')
  @Public()
  async ministry(@Req() req: Request, @Res() res: Response) {
    const actor = await this.gate.actor(req, res, '/ministry');
    if (!actor) return;
    const locale = this.gate.locale(req, actor);
    const tiles = this.config.mapTiles;
    this.gate.html(
      res,
      ministryPage(locale, await this.gate.user(actor), {
        regions: await this.pages.regions(locale),
        // The last complete month in Almaty: the running one is still being reported.
        month: Month.of(this.clock.now()).plus(-1).toString(),
        tiles: tiles && { url: tiles.url, attribution: tiles.attribution },
      }),
    );
  }
}
