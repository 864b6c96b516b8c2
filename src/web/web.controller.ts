import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeEndpoint, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentCaller, OpenDuringMfaSetup, Public, Roles } from '../auth/access.decorators';
import { LoginDto } from '../auth/auth.dto';
import { AuthService } from '../auth/auth.service';
import { Caller, Locale, LOCALES, ROLES, UserActor } from '../auth/roles';
import { AppConfig } from '../config/app-config';
import { ApiErrors } from '../common/api-responses';
import { HOME_OF, PageUser, reportPage, signInPage } from './pages';
import { policePage } from './police-page';
import { MFA_PAGE, mfaPage } from './mfa-page';
import { PageSignInGuard } from './page-sign-in.guard';
import { PagesRepository } from './pages.repository';
import { clearSessionCookies, cookiesSecure, setSessionCookies } from '../auth/session-cookies';
import { setLangCookie } from './lang-cookie';
import { PageSignInView } from './page-sign-in.views';
import { PageGate, pageAllows } from './page-gate';

/** Where a page may send the browser after signing in or switching language: our own paths only. */
const safeNext = (next: unknown) =>
  typeof next === 'string' && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : null;

/**
 * The web pages: sign-in, report form, police console. The pages are for
 * browsers and stay out of the API document; the session endpoints a script may call are in it.
 */
@ApiTags('web')
@Controller()
export class WebController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    private readonly pages: PagesRepository,
    private readonly gate: PageGate,
  ) {}

  @Get()
  @Public()
  @ApiExcludeEndpoint()
  async home(@Req() req: Request, @Res() res: Response, @Query('next') next?: string) {
    const actor = await this.sessionOf(req);
    if (actor?.mfaSetupRequired) return res.redirect(302, MFA_PAGE);
    if (actor) return res.redirect(302, this.allowed(safeNext(next), actor) ?? HOME_OF[actor.role]);
    this.html(res, signInPage(this.locale(req, null), safeNext(next) ?? ''));
  }

  /** Signs in and sets the session cookie; answers where the user's page is. */
  @Post('web/session')
  @Public()
  @UseGuards(PageSignInGuard)
  @HttpCode(200)
  @ApiOkResponse({
    type: PageSignInView,
    description: 'Signed in: the session, CSRF and language cookies are set',
    headers: {
      'Set-Cookie': { description: 'mg_session, mg_csrf, mg_lang', schema: { type: 'string' } },
    },
  })
  @ApiErrors(401, 403, 429)
  async signIn(
    @Body() dto: LoginDto,
    @CurrentCaller() caller: Caller<null>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PageSignInView> {
    const session = await this.auth.login(dto, { ...caller, actor: null });
    setSessionCookies(
      res,
      session.accessToken,
      new Date(session.expiresAt),
      this.config.secretsKey,
      this.secure,
    );
    // From now on the pages follow the user's own setting (the switch changes both).
    setLangCookie(res, session.user.locale, this.secure);
    // A role that must sign in with a code and has none set up starts by setting it up.
    return { home: session.user.mfaSetupRequired ? MFA_PAGE : HOME_OF[session.user.role] };
  }

  @Post('web/session/end')
  @Roles(...ROLES)
  @OpenDuringMfaSetup()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Signed out: the session is revoked, its cookies cleared' })
  async signOut(
    @CurrentCaller() caller: Caller<UserActor>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.auth.logout(caller);
    clearSessionCookies(res, this.secure);
  }

  /** Switches the language of every page; a signed-in user's setting follows. */
  @Get('lang/:locale')
  @Public()
  @ApiExcludeEndpoint()
  async language(
    @Param('locale') locale: string,
    @Query('next') next: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    if ((LOCALES as string[]).includes(locale)) {
      setLangCookie(res, locale as Locale, this.secure);
      const actor = await this.sessionOf(req);
      if (actor) await this.pages.setLocale(actor.id, locale as Locale);
    }
    res.redirect(302, safeNext(next) ?? '/');
  }

  @Get('report')
  @Public()
  @ApiExcludeEndpoint()
  async report(@Req() req: Request, @Res() res: Response) {
    const actor = await this.pageActor(req, res, '/report');
    if (!actor) return;
    const { facility, units } = await this.pages.facilityWithUnits(actor.facilityId);
    this.html(
      res,
      reportPage(this.locale(req, actor), await this.pageUser(actor), facility, units),
    );
  }

  @Get('police')
  @Public()
  @ApiExcludeEndpoint()
  async police(@Req() req: Request, @Res() res: Response) {
    const actor = await this.pageActor(req, res, '/police');
    if (actor) this.html(res, policePage(this.locale(req, actor), await this.pageUser(actor)));
  }

  /** Setting up multi-factor sign-in, or turning it off. */
  @Get('account/mfa')
  @Public()
  @ApiExcludeEndpoint()
  async accountMfa(@Req() req: Request, @Res() res: Response) {
    const actor = await this.pageActor(req, res, MFA_PAGE);
    if (!actor) return;
    this.html(
      res,
      mfaPage(this.locale(req, actor), await this.pageUser(actor), {
        enabled: actor.mfaEnabled,
        required: this.config.auth.mfaRequiredRoles.includes(actor.role),
        home: HOME_OF[actor.role],
      }),
    );
  }

  private get secure(): boolean {
    return cookiesSecure(this.config.publicUrl);
  }

  private sessionOf(req: Request): Promise<UserActor | null> {
    return this.gate.sessionOf(req);
  }

  private pageActor(req: Request, res: Response, path: string): Promise<UserActor | null> {
    return this.gate.actor(req, res, path);
  }

  private pageUser(actor: UserActor): Promise<PageUser> {
    return this.gate.user(actor);
  }

  private allowed(path: string | null, actor: UserActor): string | null {
    return path && pageAllows(path, actor.role) ? path : null;
  }

  private locale(req: Request, actor: UserActor | null): Locale {
    return this.gate.locale(req, actor);
  }

  private html(res: Response, body: string): void {
    this.gate.html(res, body);
  }
}
