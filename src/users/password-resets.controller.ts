import { Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { PasswordResetView } from '../auth/password.dto';
import { PasswordResetsService } from '../auth/password-resets.service';
import { MfaService } from '../auth/mfa.service';
import { Caller, Role } from '../auth/roles';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param.pipe';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class PasswordResetsController {
  constructor(
    private readonly resets: PasswordResetsService,
    private readonly mfa: MfaService,
  ) {}

  /** Admins for any account but their own; facility admins for their facility's staff. */
  @Post(':id/password-reset')
  @Roles(Role.Admin, Role.FacilityAdmin)
  @ApiCreatedResponse({
    type: PasswordResetView,
    description: 'A one-time link valid 24 h, shown once; it replaces any earlier link',
  })
  @ApiErrors(404, 409)
  issue(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<PasswordResetView> {
    return this.resets.issue(id, caller);
  }

  /**
   * A lost authenticator: turns the account's multi-factor sign-in off and ends its sessions, so
   * its holder signs in with the password and sets MFA up again. Same scope as reset links.
   */
  @Delete(':id/mfa')
  @HttpCode(204)
  @Roles(Role.Admin, Role.FacilityAdmin)
  @ApiNoContentResponse({ description: 'MFA is off for the account and its sessions have ended' })
  @ApiErrors(404, 409)
  async resetMfa(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    await this.mfa.resetFor(caller, id);
  }
}
