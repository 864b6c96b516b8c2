import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AccountPagesController } from './account-pages.controller';
import { AdminPagesController } from './admin-pages.controller';
import { AdminPagesRepository } from './admin-pages.repository';
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
  imports: [AuthModule],
  controllers: [
    WebController,
    ShortLinkController,
    AccountPagesController,
    FacilityPagesController,
    FacilityStaffController,
    FacilityDevicesController,
    MinistryPageController,
    AdminPagesController,
  ],
  providers: [PagesRepository, PageGate, FacilityUnitsRepository, AdminPagesRepository],
})
export class WebModule {}
