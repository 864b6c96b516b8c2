import { RouteAccess } from '../../../src/auth/route-access.check';
import { Operation, OpenApiDocument, ParameterObject, resolveSchema, templateOf } from './openapi';

const next: ParameterObject = {
  name: 'next',
  in: 'query',
  schema: { type: 'string', example: '/report' },
};

/**
 * What the pages take, which the API document leaves out: the sign-in form posts the same body
 * as the API's sign-in, the language switch takes a locale, and both may name where to go next;
 * a text's short link carries an alert's code.
 */
function pageInputs(doc: OpenApiDocument): Record<string, Partial<Operation>> {
  return {
    'GET /': { parameters: [next] },
    'GET /lang/{locale}': {
      parameters: [
        {
          name: 'locale',
          in: 'path',
          required: true,
          schema: { type: 'string', enum: ['kk', 'ru', 'en'] },
        },
        next,
      ],
    },
    'GET /a/{code}': {
      parameters: [
        {
          name: 'code',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
            minLength: 22,
            maxLength: 22,
            example: '5JALS2hQFrk6bNlnxvakda',
          },
        },
      ],
    },
    'GET /reports/{id}': {
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
            format: 'uuid',
            example: '3f1c9d2e-8b4a-4e6f-9a0b-1c2d3e4f5a6b',
          },
        },
      ],
    },
    'POST /web/session': {
      body: {
        kind: 'json',
        required: true,
        schema: resolveSchema(doc, { $ref: '#/components/schemas/LoginDto' }),
      },
    },
  };
}

/** Routes the router serves that the document does not describe (the pages, metrics), as operations. */
export function pageOperations(doc: OpenApiDocument, routes: RouteAccess[]): Operation[] {
  const documented = new Set(
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    ),
  );
  const inputs = pageInputs(doc);
  return routes
    .map((r) => ({ ...r, path: templateOf(r.path) }))
    .filter((r) => !documented.has(`${r.method} ${r.path}`))
    .map((r) => {
      const known = inputs[`${r.method} ${r.path}`] ?? {};
      const undeclared = r.path
        .match(/\{\w+\}/g)
        ?.filter((p) => !known.parameters?.some((k) => `{${k.name}}` === p));
      if (undeclared?.length)
        throw new Error(`${r.method} ${r.path}: describe ${undeclared.join(', ')} in pageInputs`);
      return {
        method: r.method,
        path: r.path,
        parameters: known.parameters ?? [],
        body: known.body ?? { kind: 'none', required: false },
        access: r.rule!,
        page: true,
      };
    });
}
