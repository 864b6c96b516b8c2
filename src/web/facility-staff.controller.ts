import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/access.decorators';
import { workspaceFacility } from './facility-frame';
import { facilityStaffPage } from './facility-staff-page';
import { PageGate } from './page-gate';
import { PagesRepository } from './pages.repository';

/** The facility workspace's staff accounts: facility admins their own, admins any facility's. */
@ApiExcludeController()
@Controller()
export class FacilityStaffController {
  constructor(
    private readonly gate: PageGate,
    private readonly pages: PagesRepository,
  ) {}

  @Get('facility/staff')
  @Public()
  async staff(@Req() req: Request, @Res() res: Response, @Query('facilityId') requested?: unknown) {
    const actor = await this.gate.actor(req, res, '/facility/staff');
    if (!actor) return;
    const facilities = await this.pages.facilities();
    const facilityId = workspaceFacility(actor, requested, facilities);
    const locale = this.gate.locale(req, actor);
    this.gate.html(
      res,
      facilityStaffPage(locale, await this.gate.user(actor), actor, facilityId, facilities),
    );
  }
}
