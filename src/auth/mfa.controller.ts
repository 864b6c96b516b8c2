import { Body, Controller, Delete, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import { CurrentCaller, OpenDuringMfaSetup, Roles } from './access.decorators';
import { AuthService } from './auth.service';
import { MfaCodeDto, MfaConfirmDto, MfaSetupView, RecoveryCodesView } from './mfa.dto';
import { MfaService } from './mfa.service';
import { Caller, ROLES, UserActor } from './roles';

/** The signed-in user's own TOTP multi-factor sign-in. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/v1/auth/mfa')
@Roles(...ROLES)
@OpenDuringMfaSetup()
export class MfaController {
  constructor(
    private readonly mfa: MfaService,
    private readonly auth: AuthService,
  ) {}

  @Post('setup')
  @HttpCode(200)
  @ApiOkResponse({ type: MfaSetupView, description: 'A pending secret; a pending one is replaced' })
  @ApiErrors(409)
  async setup(@CurrentCaller() caller: Caller<UserActor>): Promise<MfaSetupView> {
    return this.mfa.setup(caller, await this.auth.emailOf(caller.actor));
  }

  @Post('confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: RecoveryCodesView, description: 'MFA is on' })
  @ApiErrors(409)
  confirm(
    @Body() dto: MfaConfirmDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<RecoveryCodesView> {
    return this.mfa.confirm(caller, dto.code);
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'MFA is off; the recovery codes are gone' })
  @ApiErrors(409, 422, 429)
  async disable(
    @Body() dto: MfaCodeDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<void> {
    await this.mfa.disable(caller, await this.auth.emailOf(caller.actor), dto.code);
  }
}
