import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { ShiftsController } from './shifts.controller';
import { ShiftsService } from './shifts.service';

/** The police posts' duty rosters. */
@Module({
  imports: [AuditModule, AuthModule],
  controllers: [ShiftsController],
  providers: [ShiftsService],
})
export class RosterModule {}
