import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { User } from '../users/user.entity';
import { AccessGuard } from './access.guard';
import { AccountController } from './account.controller';
import { AccountSessionsService } from './account-sessions.service';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { MfaController } from './mfa.controller';
import { MfaRepository } from './mfa.repository';
import { MfaService } from './mfa.service';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { PasswordResetsService } from './password-resets.service';
import { PasswordsService } from './passwords.service';
import { ResetLinkLimiter } from './reset-link-limiter';
import { RouteAccessCheck } from './route-access.check';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';
import { UnitApiKey } from './unit-api-key.entity';

const credentialProviders = [SessionsService, ApiKeysService, PasswordHasher, LoginThrottle];

@Module({
  imports: [TypeOrmModule.forFeature([User, Session, UnitApiKey]), AuditModule, DiscoveryModule],
  controllers: [AuthController, MfaController, AccountController],
  providers: [
    ...credentialProviders,
    AuthService,
    MfaService,
    MfaRepository,
    PasswordsService,
    PasswordResetsService,
    ResetLinkLimiter,
    AccountSessionsService,
    RouteAccessCheck,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [...credentialProviders, AuthService, PasswordResetsService, MfaService],
})
export class AuthModule {}

/** What the worker needs of auth: session housekeeping, no HTTP. */
@Module({
  imports: [TypeOrmModule.forFeature([Session])],
  providers: [SessionsService],
  exports: [SessionsService],
})
export class SessionsModule {}
