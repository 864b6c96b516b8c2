import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/access.decorators';
import { workspaceFacility } from './facility-frame';
import { facilityDevicesPage } from './facility-devices-page';
import { PageGate } from './page-gate';
import { FacilityUnitsRepository } from './facility-units.repository';
import { PagesRepository } from './pages.repository';

/** The facility workspace's units, devices and device keys. */
@ApiExcludeController()
@Controller()
export class FacilityDevicesController {
  constructor(
    private readonly gate: PageGate,
    private readonly pages: PagesRepository,
    private readonly units: FacilityUnitsRepository,
  ) {}

  @Get('facility/devices')
  @Public()
  async devices(
    @Req() req: Request,
    @Res() res: Response,
    @Query('facilityId') requested?: unknown,
  ) {
    const actor = await this.gate.actor(req, res, '/facility/devices');
    if (!actor) return;
    const facilities = await this.pages.facilities();
    const facilityId = workspaceFacility(actor, requested, facilities);
    const facility = facilityId
      ? { id: facilityId, unitKinds: await this.units.unitKindsAt(facilityId) }
      : null;
    this.gate.html(
      res,
      facilityDevicesPage(
        this.gate.locale(req, actor),
        await this.gate.user(actor),
        actor,
        facility,
        facilities,
      ),
    );
  }
}
