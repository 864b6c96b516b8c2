import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { AccountPagesController } from './account-pages.controller';
import { AdminPagesController } from './admin-pages.controller';
import { AdminPagesRepository } from './admin-pages.repository';
import { CasePageController } from './case-page.controller';
import { FacilityPagesController } from './facility-pages.controller';
import { FacilityDevicesController } from './facility-devices.controller';
import { FacilityStaffController } from './facility-staff.controller';
import { FacilityUnitsRepository } from './facility-units.repository';
import { MinistryPageController } from './ministry-page.controller';
import { PageGate } from './page-gate';
import { PagesRepository } from './pages.repository';
import { ShortLinkController } from './short-link.controller';
import { WebController } from './web.controller';

@Module({
  imports: [AuthModule, IncidentsModule],
  controllers: [
    WebController,
    ShortLinkController,
    AccountPagesController,
    FacilityPagesController,
    FacilityStaffController,
    FacilityDevicesController,
    MinistryPageController,
    AdminPagesController,
    CasePageController,
  ],
  providers: [PagesRepository, PageGate, FacilityUnitsRepository, AdminPagesRepository],
})
export class WebModule {}
