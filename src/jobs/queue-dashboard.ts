import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { readCookie, SESSION_COOKIE } from '../web/web-session';
import { Role } from '../auth/roles';
import { SessionsService } from '../auth/sessions.service';
import { QueueName } from './queues';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** The queue dashboard for admins (bearer token or session cookie), outside Nest's router. */
export function mountQueueDashboard(app: INestApplication): void {
  const sessions = app.get(SessionsService);
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
    const token = bearer ?? readCookie(req, SESSION_COOKIE);
    const actor = token ? await sessions.resolve(token).catch(() => null) : null;
    if (!actor)
      return void res
        .status(401)
        .json({ statusCode: 401, error: 'Unauthorized', message: 'Sign in first', details: [] });
    if (actor.role !== Role.Admin)
      return void res
        .status(403)
        .json({ statusCode: 403, error: 'Forbidden', message: 'Admins only', details: [] });
    next();
  });
  app.use(QUEUE_DASHBOARD_PATH, adapter.getRouter());
}
