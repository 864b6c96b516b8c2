import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AccountPagesController } from './account-pages.controller';
import { MinistryPageController } from './ministry-page.controller';
import { PageGate } from './page-gate';
import { PagesRepository } from './pages.repository';
import { ShortLinkController } from './short-link.controller';
import { WebController } from './web.controller';

@Module({
  imports: [AuthModule],
  controllers: [WebController, ShortLinkController, AccountPagesController, MinistryPageController],
  providers: [PagesRepository, PageGate],
})
export class WebModule {}
