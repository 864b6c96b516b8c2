import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { PagesRepository } from './pages.repository';
import { WebController } from './web.controller';

@Module({ imports: [AuthModule], controllers: [WebController], providers: [PagesRepository] })
export class WebModule {}
