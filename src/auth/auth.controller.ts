import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import { AuthUserView, LoginDto, LoginResponse } from './auth.dto';
import { AuthService } from './auth.service';
import { CurrentCaller, OpenDuringMfaSetup, Public, Roles } from './access.decorators';
import { Caller, ROLES, UserActor } from './roles';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(401, 429)
  login(@Body() dto: LoginDto, @CurrentCaller() caller: Caller<null>): Promise<LoginResponse> {
    return this.auth.login(dto, { ...caller, actor: null });
  }

  @Get('me')
  @Roles(...ROLES)
  @OpenDuringMfaSetup()
  @ApiBearerAuth()
  @ApiOkResponse({ type: AuthUserView })
  me(@CurrentCaller() caller: Caller<UserActor>): Promise<AuthUserView> {
    return this.auth.me(caller.actor);
  }

  @Post('logout')
  @Roles(...ROLES)
  @OpenDuringMfaSetup()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'The session is revoked' })
  logout(@CurrentCaller() caller: Caller<UserActor>): Promise<void> {
    return this.auth.logout(caller);
  }
}
