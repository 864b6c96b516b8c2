import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { AccountPagesController } from './account-pages.controller';
import { CasePageController } from './case-page.controller';
import { PageGate } from './page-gate';
import { PagesRepository } from './pages.repository';
import { ShortLinkController } from './short-link.controller';
import { WebController } from './web.controller';

@Module({
  imports: [AuthModule, IncidentsModule],
  controllers: [WebController, ShortLinkController, AccountPagesController, CasePageController],
  providers: [PagesRepository, PageGate],
})
export class WebModule {}
