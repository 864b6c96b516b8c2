import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param.pipe';
import { CurrentCaller, Public, Roles } from './access.decorators';
import { AccountSessionsService } from './account-sessions.service';
import { ChangePasswordDto, SessionView, UsePasswordResetDto } from './password.dto';
import { PasswordResetsService } from './password-resets.service';
import { PasswordsService } from './passwords.service';
import { Actor, Caller, ROLES, UserActor } from './roles';

/** What people do with their own account: password, sessions, a reset link they were given. */
@ApiTags('auth')
@Controller('api/v1/auth')
export class AccountController {
  constructor(
    private readonly passwords: PasswordsService,
    private readonly resets: PasswordResetsService,
    private readonly sessions: AccountSessionsService,
  ) {}

  @Post('password')
  @Roles(...ROLES)
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Changed; every other session of the account is ended' })
  @ApiErrors(429)
  changePassword(
    @Body() dto: ChangePasswordDto,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<void> {
    return this.passwords.change(dto, caller);
  }

  @Get('sessions')
  @Roles(...ROLES)
  @ApiBearerAuth()
  @ApiOkResponse({
    type: [SessionView],
    description: 'The caller’s working sessions, newest first',
  })
  listSessions(@CurrentCaller() caller: Caller<UserActor>): Promise<SessionView[]> {
    return this.sessions.list(caller.actor);
  }

  @Delete('sessions/:id')
  @Roles(...ROLES)
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({
    description: 'The session is ended at once, with its push subscriptions',
  })
  @ApiErrors(404)
  endSession(
    @Param('id', UuidParam) id: string,
    @CurrentCaller() caller: Caller<UserActor>,
  ): Promise<void> {
    return this.sessions.end(id, caller);
  }

  /** The `/password-reset` page posts the link's token here with the new password. */
  @Post('password-reset')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'The password is set and every session of the account ended',
  })
  @ApiErrors(429)
  usePasswordReset(
    @Body() dto: UsePasswordResetDto,
    @CurrentCaller() caller: Caller<Actor | null>,
  ): Promise<void> {
    return this.resets.use(dto, caller);
  }
}
