import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { isUUID } from 'class-validator';
import { Public } from '../auth/access.decorators';
import { AppError, ErrorCode } from '../common/app-error';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { AppConfig } from '../config/app-config';
import { caseNotFoundPage, casePage } from './case-page';
import { PageGate } from './page-gate';
import { PagesRepository } from './pages.repository';

/** The case page `/reports/:id`: the reporter's own report, or one of the facility admin's facility. */
@ApiExcludeController()
@Controller('reports')
export class CasePageController {
  constructor(
    private readonly gate: PageGate,
    private readonly incidents: IncidentsRepository,
    private readonly pages: PagesRepository,
    private readonly config: AppConfig,
  ) {}

  @Get(':id')
  @Public()
  async show(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const path = `/reports/${encodeURIComponent(id)}`;
    const actor = await this.gate.actor(req, res, path);
    if (!actor) return;
    const incident = isUUID(id, 'all')
      ? await this.incidents.findVisible(actor, id).catch((error: unknown) => {
          if (error instanceof AppError && error.code === ErrorCode.NotFound) return null;
          throw error;
        })
      : null;
    const locale = this.gate.locale(req, actor);
    const user = await this.gate.user(actor);
    if (!incident) {
      res.status(404);
      return this.gate.html(res, caseNotFoundPage(locale, user, path));
    }
    // The unit's name as the form showed it; reporters cannot list units through the API.
    const { units } = await this.pages.facilityWithUnits(incident.facilityId);
    this.gate.html(
      res,
      casePage(locale, user, incident, {
        units: Object.fromEntries(units.map((u) => [u.id, u.name])),
        pollSeconds: this.config.casePage.pollSeconds,
      }),
    );
  }
}
