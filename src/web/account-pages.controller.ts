import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/access.decorators';
import { UserActor } from '../auth/roles';
import { readCookie, SESSION_COOKIE } from '../auth/session-cookies';
import { SessionsService } from '../auth/sessions.service';
import { resolveLocale } from '../i18n/i18n';
import { accountPage, passwordResetPage } from './account-pages';
import { langCookie } from './lang-cookie';
import { PagesRepository } from './pages.repository';

/** The account page (any signed-in user) and the page a password-reset link opens (anyone). */
@ApiExcludeController()
@Controller()
export class AccountPagesController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly pages: PagesRepository,
  ) {}

  @Get('account')
  @Public()
  async account(@Req() req: Request, @Res() res: Response) {
    const token = readCookie(req, SESSION_COOKIE);
    const actor: UserActor | null = token
      ? await this.sessions.resolve(token).catch(() => null)
      : null;
    if (!actor) return res.redirect(302, `/?next=${encodeURIComponent('/account')}`);
    html(
      res,
      accountPage(langCookie(req) ?? resolveLocale(req, actor), await this.pages.pageUser(actor)),
    );
  }

  @Get('password-reset')
  @Public()
  passwordReset(@Req() req: Request, @Res() res: Response) {
    html(res, passwordResetPage(langCookie(req) ?? resolveLocale(req, null)));
  }
}

function html(res: Response, body: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.type('html').send(body);
}
