import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import {
  cookiesSecure,
  csrfMatches,
  csrfTokenFor,
  readCookie,
  SESSION_COOKIE,
} from '../auth/session-cookies';
import { Role } from '../auth/roles';
import { SessionsService } from '../auth/sessions.service';
import { AppConfig } from '../config/app-config';
import { QueueName } from './queues';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
/**
 * The dashboard's own script (axios) sends this cookie's value back as `X-XSRF-TOKEN` on its
 * same-origin requests; it carries the session's CSRF token, so the dashboard's buttons work.
 */
const DASHBOARD_CSRF_COOKIE = 'XSRF-TOKEN';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const refuse = (res: Response, statusCode: number, error: string, message: string) =>
  void res.status(statusCode).json({ statusCode, error, message, details: [] });

/**
 * The queue dashboard for admins (bearer token or session cookie), outside Nest's router. Changes
 * made with the session cookie need its CSRF token, like every other change.
 */
export function mountQueueDashboard(app: INestApplication): void {
  const sessions = app.get(SessionsService);
  const config = app.get(AppConfig);
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map(
      (name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false })),
    ),
    serverAdapter: adapter,
  });
  app.use(QUEUE_DASHBOARD_PATH, async (req: Request, res: Response, next: NextFunction) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
    const cookie = bearer ? undefined : readCookie(req, SESSION_COOKIE);
    const token = bearer ?? cookie;
    const actor = token ? await sessions.resolve(token).catch(() => null) : null;
    if (!actor) return refuse(res, 401, 'Unauthorized', 'Sign in first');
    if (actor.role !== Role.Admin) return refuse(res, 403, 'Forbidden', 'Admins only');
    if (actor.mfaSetupRequired)
      return refuse(res, 403, 'Forbidden', 'Set up multi-factor sign-in first');
    if (cookie) {
      const csrf = csrfTokenFor(config.secretsKey, cookie);
      if (!SAFE_METHODS.has(req.method)) {
        const sent = req.header('x-csrf-token') ?? req.header('x-xsrf-token');
        if (!csrfMatches(config.secretsKey, cookie, sent))
          return refuse(res, 403, 'Forbidden', 'The request lacks a valid CSRF token');
      } else if (readCookie(req, DASHBOARD_CSRF_COOKIE) !== csrf) {
        res.cookie(DASHBOARD_CSRF_COOKIE, csrf, {
          path: QUEUE_DASHBOARD_PATH,
          sameSite: 'strict',
          secure: cookiesSecure(config.publicUrl),
          httpOnly: false,
        });
      }
    }
    next();
  });
  // The dashboard is an Express app of its own: it would name itself in X-Powered-By.
  app.use(QUEUE_DASHBOARD_PATH, adapter.getRouter().disable('x-powered-by'));
}
