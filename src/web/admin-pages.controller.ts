import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/access.decorators';
import { UserActor } from '../auth/roles';
import { AdminPagesRepository } from './admin-pages.repository';
import {
  adminDirectoryPage,
  adminEmergenciesPage,
  adminPostsPage,
  adminRuleSetsPage,
  adminUsersPage,
} from './admin-pages';
import { PageGate } from './page-gate';
import { PagesRepository } from './pages.repository';

/** The operator's console: one page per section, for admins only (PAGE_ROLES). */
@ApiExcludeController()
@Controller('admin')
export class AdminPagesController {
  constructor(
    private readonly gate: PageGate,
    private readonly pages: PagesRepository,
    private readonly admin: AdminPagesRepository,
  ) {}

  @Get()
  @Public()
  directory(@Req() req: Request, @Res() res: Response) {
    return this.show(req, res, '/admin', async (locale, user) =>
      adminDirectoryPage(locale, user, await this.admin.regions(locale)),
    );
  }

  @Get('posts')
  @Public()
  posts(@Req() req: Request, @Res() res: Response) {
    return this.show(req, res, '/admin/posts', async (locale, user) =>
      adminPostsPage(locale, user, await this.pages.regions(locale)),
    );
  }

  @Get('users')
  @Public()
  users(@Req() req: Request, @Res() res: Response) {
    return this.show(req, res, '/admin/users', async (locale, user) => {
      const [facilities, posts] = await Promise.all([this.pages.facilities(), this.admin.posts()]);
      return adminUsersPage(locale, user, facilities, posts);
    });
  }

  @Get('rule-sets')
  @Public()
  ruleSets(@Req() req: Request, @Res() res: Response) {
    return this.show(req, res, '/admin/rule-sets', async (locale, user) =>
      adminRuleSetsPage(locale, user),
    );
  }

  @Get('emergencies')
  @Public()
  emergencies(@Req() req: Request, @Res() res: Response) {
    return this.show(req, res, '/admin/emergencies', async (locale, user) =>
      adminEmergenciesPage(locale, user, await this.pages.regions(locale)),
    );
  }

  private async show(
    req: Request,
    res: Response,
    path: string,
    render: (
      locale: ReturnType<PageGate['locale']>,
      user: Awaited<ReturnType<PageGate['user']>>,
    ) => Promise<string>,
  ): Promise<void> {
    const actor: UserActor | null = await this.gate.actor(req, res, path);
    if (!actor) return;
    const locale = this.gate.locale(req, actor);
    this.gate.html(res, await render(locale, await this.gate.user(actor)));
  }
}
