import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/access.decorators';
import { Role } from '../auth/roles';
import { workspaceFacility } from './facility-frame';
import { facilityReportsPage } from './facility-page';
import { PageGate } from './page-gate';
import { PagesRepository } from './pages.repository';

/** The facility workspace's reports section (facility admins; admins pick the facility). */
@ApiExcludeController()
@Controller()
export class FacilityPagesController {
  constructor(
    private readonly gate: PageGate,
    private readonly pages: PagesRepository,
  ) {}

  @Get('facility')
  @Public()
  async reports(
    @Req() req: Request,
    @Res() res: Response,
    @Query('facilityId') requested?: unknown,
  ): Promise<void> {
    const actor = await this.gate.actor(req, res, '/facility');
    if (!actor) return;
    const facilities = actor.role === Role.Admin ? await this.pages.facilities() : [];
    const facilityId = workspaceFacility(actor, requested, facilities);
    const units = facilityId ? (await this.pages.facilityWithUnits(facilityId)).units : [];
    this.gate.html(
      res,
      facilityReportsPage(
        this.gate.locale(req, actor),
        await this.gate.user(actor),
        actor,
        facilityId,
        facilities,
        units,
      ),
    );
  }
}
