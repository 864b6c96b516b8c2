import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { PasswordResetsController } from './password-resets.controller';
import { AccountActivation } from './account-activation';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [AuditModule, AuthModule],
  controllers: [UsersController, PasswordResetsController],
  providers: [UsersService, AccountActivation],
})
export class UsersModule {}
