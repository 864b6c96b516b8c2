import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AccountPagesController } from './account-pages.controller';
import { AdminPagesController } from './admin-pages.controller';
import { AdminPagesRepository } from './admin-pages.repository';
import { PageGate } from './page-gate';
import { PagesRepository } from './pages.repository';
import { ShortLinkController } from './short-link.controller';
import { WebController } from './web.controller';

@Module({
  imports: [AuthModule],
  controllers: [WebController, ShortLinkController, AccountPagesController, AdminPagesController],
  providers: [PagesRepository, PageGate, AdminPagesRepository],
})
export class WebModule {}
