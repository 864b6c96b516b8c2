import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from '../metrics/metrics.service';
import { requestScope } from './request-scope';

const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives every request an id (echoed as X-Request-Id and carried by every log line written while
 * the request is handled), and on finish writes one access-log line
 * and a latency observation. Installed before body parsing so that even malformed bodies are
 * answered with a request id.
 */
export function requestContext(metrics: MetricsService) {
  const logger = new Logger('Access');
  return (req: Request & { requestId?: string }, res: Response, next: NextFunction): void => {
    const incoming = req.header('x-request-id');
    req.requestId = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', req.requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      // The route pattern, not the URL: paths and query strings can carry what logs must not hold.
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      metrics.httpDuration.observe(
        { method: req.method, route, status: String(res.statusCode) },
        durationMs / 1000,
      );
      logger.log({
        msg: 'request',
        requestId: req.requestId,
        method: req.method,
        route,
        status: res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
      });
    });
    requestScope.run({ requestId: req.requestId }, next);
  };
}
