import type { OpenAPIObject } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import type { RouteAccess } from '../auth/route-access.check';

type Operation = { responses: Record<string, unknown> };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const ERROR_BODY = { $ref: '#/components/schemas/ErrorBody' };

const answer = (status: number) => ({
  description: STATUS_CODES[status],
  content: { 'application/json': { schema: ERROR_BODY } },
});

/** `/api/v1/incidents/{id}` in the document is `/api/v1/incidents/:id` in the router. */
const routerPath = (documentPath: string) => documentPath.replace(/\{([^}]+)\}/g, ':$1');

/**
 * Adds to every operation the error answers that come from the pipeline rather than the handler:
 * 400, 413 and 415 (the body parsers read a body sent with any request, whatever its method, and
 * the validation pipe checks parameters), 401 and 403 (the access guard, CSRF on cookie sessions),
 * 500 (a failure of ours: the error body with a request id and nothing internal) and 503
 * (PostgreSQL, Redis or S3 unavailable).
 */
export function documentCommonAnswers(document: OpenAPIObject, routes: RouteAccess[]): void {
  const ruleOf = new Map(routes.map((r) => [`${r.method} ${r.path}`, r.rule]));
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const rule = ruleOf.get(`${method.toUpperCase()} ${routerPath(path)}`);
      const statuses = [400, 413, 415, 500, 503];
      if (!rule || !rule.public) statuses.push(401, 403);
      for (const status of statuses) operation.responses[status] ??= answer(status);
    }
  }
}
