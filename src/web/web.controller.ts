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
import { Caller, Locale, LOCALES, Role, ROLES, UserActor } from '../auth/roles';
import { SessionsService } from '../auth/sessions.service';
import { AppConfig } from '../config/app-config';
import { ApiErrors } from '../common/api-responses';
import { resolveLocale } from '../i18n/i18n';
import { forbiddenPage, HOME_OF, ministryPage, PageUser, reportPage, signInPage } from './pages';
import { policePage } from './police-page';
import { MFA_PAGE, mfaPage } from './mfa-page';
import { PageSignInGuard } from './page-sign-in.guard';
import { PagesRepository } from './pages.repository';
import {
  clearSessionCookies,
  cookiesSecure,
  readCookie,
  SESSION_COOKIE,
  setSessionCookies,
} from '../auth/session-cookies';
import { langCookie, setLangCookie } from './lang-cookie';
import { PageSignInView } from './page-sign-in.views';

/** Where a page may send the browser after signing in or switching language: our own paths only. */
const safeNext = (next: unknown) =>
  typeof next === 'string' && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : null;

const PAGE_ROLES: Record<string, Role[]> = {
  '/report': [Role.Staff, Role.FacilityAdmin],
  '/police': [Role.Police],
  '/ministry': [Role.Ministry, Role.Admin],
  [MFA_PAGE]: ROLES,
};

/**
 * The web pages: sign-in, report form, police console, ministry dashboard. The pages are for
 * browsers and stay out of the API document; the session endpoints a script may call are in it.
 */
@ApiTags('web')
@Controller()
export class WebController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
    private readonly pages: PagesRepository,
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

  @Get('ministry')
  @Public()
  @ApiExcludeEndpoint()
  async ministry(@Req() req: Request, @Res() res: Response) {
    const actor = await this.pageActor(req, res, '/ministry');
    if (!actor) return;
    const locale = this.locale(req, actor);
    this.html(
      res,
      ministryPage(locale, await this.pageUser(actor), await this.pages.regions(locale)),
    );
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

  private async sessionOf(req: Request): Promise<UserActor | null> {
    const token = readCookie(req, SESSION_COOKIE);
    return token ? this.sessions.resolve(token).catch(() => null) : null;
  }

  /** The signed-in user if the page is theirs; otherwise answers with sign-in or a refusal. */
  private async pageActor(req: Request, res: Response, path: string): Promise<UserActor | null> {
    const actor = await this.sessionOf(req);
    if (!actor) {
      res.redirect(302, `/?next=${encodeURIComponent(path)}`);
      return null;
    }
    if (actor.mfaSetupRequired && path !== MFA_PAGE) {
      res.redirect(302, MFA_PAGE);
      return null;
    }
    if (!PAGE_ROLES[path].includes(actor.role)) {
      res.status(403);
      this.html(res, forbiddenPage(this.locale(req, actor), await this.pageUser(actor), path));
      return null;
    }
    return actor;
  }

  private pageUser(actor: UserActor): Promise<PageUser> {
    return this.pages.pageUser(actor);
  }

  private allowed(path: string | null, actor: UserActor): string | null {
    const page = path?.split('?')[0];
    return page && PAGE_ROLES[page]?.includes(actor.role) ? path : null;
  }

  /** The language cookie set by the switch, else the user's setting, else the browser's. */
  private locale(req: Request, actor: UserActor | null): Locale {
    return langCookie(req) ?? resolveLocale(req, actor);
  }

  /** A page; its Content-Security-Policy comes with every answer (src/common/content-security.ts). */
  private html(res: Response, body: string): void {
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(body);
  }
}
