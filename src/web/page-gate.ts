import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Locale, Role, ROLES, UserActor } from '../auth/roles';
import { readCookie, SESSION_COOKIE } from '../auth/session-cookies';
import { SessionsService } from '../auth/sessions.service';
import { resolveLocale } from '../i18n/i18n';
import { langCookie } from './lang-cookie';
import { MFA_PAGE } from './mfa-page';
import { forbiddenPage, PageUser } from './pages';
import { PagesRepository } from './pages.repository';

/**
 * Who may open each page, by its first path segment (`/reports/:id` is `/reports`). A page not
 * listed here is open to everyone.
 */
export const PAGE_ROLES: Record<string, Role[]> = {
  '/report': [Role.Staff, Role.FacilityAdmin],
  '/reports': [Role.Staff, Role.FacilityAdmin],
  '/police': [Role.Police],
  '/ministry': [Role.Ministry, Role.Admin],
  '/facility': [Role.FacilityAdmin, Role.Admin],
  '/admin': [Role.Admin],
  [MFA_PAGE]: ROLES,
};

/** The registry key of a page path: `/reports/1a2b` → `/reports`, `/account/mfa` stays itself. */
export function pageKey(path: string): string {
  const page = path.split('?')[0];
  if (page in PAGE_ROLES) return page;
  return `/${page.split('/')[1] ?? ''}`;
}

/** True when the page exists in the registry and the role may open it. */
export function pageAllows(path: string, role: Role): boolean {
  return PAGE_ROLES[pageKey(path)]?.includes(role) ?? false;
}

/**
 * The door of every signed-in page: the session from its cookie, the sign-in page for a stranger,
 * MFA set-up first when the role requires it, a refusal page for a role the page is not for; then
 * the page's language and the answer itself.
 */
@Injectable()
export class PageGate {
  constructor(
    private readonly sessions: SessionsService,
    private readonly pages: PagesRepository,
  ) {}

  async sessionOf(req: Request): Promise<UserActor | null> {
    const token = readCookie(req, SESSION_COOKIE);
    return token ? this.sessions.resolve(token).catch(() => null) : null;
  }

  /** The signed-in user if the page at `path` is theirs; otherwise answers and returns null. */
  async actor(req: Request, res: Response, path: string): Promise<UserActor | null> {
    const actor = await this.sessionOf(req);
    if (!actor) {
      res.redirect(302, `/?next=${encodeURIComponent(path)}`);
      return null;
    }
    if (actor.mfaSetupRequired && path !== MFA_PAGE) {
      res.redirect(302, MFA_PAGE);
      return null;
    }
    if (!pageAllows(path, actor.role)) {
      res.status(403);
      this.html(res, forbiddenPage(this.locale(req, actor), await this.user(actor), path));
      return null;
    }
    return actor;
  }

  user(actor: UserActor): Promise<PageUser> {
    return this.pages.pageUser(actor);
  }

  /** The language cookie set by the switch, else the user's setting, else the browser's. */
  locale(req: Request, actor: UserActor | null): Locale {
    return langCookie(req) ?? resolveLocale(req, actor);
  }

  /** A page; its Content-Security-Policy comes with every answer (src/common/content-security.ts). */
  html(res: Response, body: string): void {
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(body);
  }
}
