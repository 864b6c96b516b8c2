import type { Format } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';
import OpenAPIResponseValidator from 'openapi-response-validator';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';

/**
 * Every response a test receives through `t.http()` is checked against the app's own OpenAPI
 * document: the status must be documented for the operation and a JSON body must match its
 * schema. `CONTRACT_CHECK=strict` (the default) fails the request's test on a violation, `report`
 * appends it to test/artifacts/contract-violations.jsonl, `off` skips the check.
 */
export type ContractMode = 'strict' | 'report' | 'off';
const MODES: readonly ContractMode[] = ['strict', 'report', 'off'];
export const CONTRACT_MODE = (process.env.CONTRACT_CHECK ?? 'strict') as ContractMode;
if (!MODES.includes(CONTRACT_MODE))
  throw new Error(`CONTRACT_CHECK must be one of ${MODES.join(', ')} (default strict)`);

interface DocumentedResponse {
  content?: Record<string, { schema?: object }>;
}
interface Operation {
  responses: Record<string, DocumentedResponse>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: object;
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  literalLength: number;
  operation: Operation;
  validator?: OpenAPIResponseValidator;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** A format of ajv-formats (a pattern, a function, or a definition with either) as a check. */
function check(format: Format): (value: string) => boolean {
  const test = typeof format === 'object' && 'validate' in format ? format.validate : format;
  if (test instanceof RegExp) return (value) => test.test(value);
  if (typeof test === 'function') return (value) => Boolean(test(value as never));
  return () => true;
}

/** The string formats the document uses, checked as ajv-formats defines them (RFC 3339, RFC 4122). */
const FORMATS = Object.fromEntries(
  (['uuid', 'date-time', 'date'] as const).map((name) => [name, check(fullFormats[name])]),
);

type Components = Record<string, Record<string, unknown>>;

/**
 * The components that these schemas reach through `$ref`, directly or through each other. A
 * validator given only those checks exactly what it would with the whole document, and compiles
 * a few schemas instead of every one the API declares.
 */
function reachableComponents(roots: unknown[], components: Components = {}): Components {
  const reached: Components = {};
  const pending = [...roots];
  while (pending.length) {
    const node = pending.pop();
    if (!node || typeof node !== 'object') continue;
    for (const [key, value] of Object.entries(node)) {
      const ref =
        key === '$ref' && typeof value === 'string'
          ? /^#\/components\/([^/]+)\/([^/]+)/.exec(value)
          : null;
      if (!ref) {
        pending.push(value);
        continue;
      }
      const [kind, name] = [ref[1], ref[2]].map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
      const target = components[kind]?.[name];
      if (target === undefined || reached[kind]?.[name] !== undefined) continue;
      (reached[kind] ??= {})[name] = target;
      pending.push(target);
    }
  }
  return reached;
}

/** Validators by what they check: apps of one spec file serve the same document. */
const VALIDATORS = new Map<string, OpenAPIResponseValidator>();

function validatorFor(
  responses: Record<string, { schema: object }>,
  components: object | undefined,
): OpenAPIResponseValidator {
  const reached = reachableComponents(Object.values(responses), components as Components);
  const key = JSON.stringify([responses, reached]);
  let validator = VALIDATORS.get(key);
  if (!validator) {
    validator = new OpenAPIResponseValidator({
      responses,
      components: reached as never,
      customFormats: FORMATS,
    });
    VALIDATORS.set(key, validator);
  }
  return validator;
}

export class Contract {
  private readonly routes: Route[] = [];
  private notFound?: OpenAPIResponseValidator;

  constructor(private readonly document: OpenApiDocument) {
    for (const [template, item] of Object.entries(document.paths)) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const source = template
          .split(/\{[^}]+\}/)
          .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
          .join('[^/]+');
        this.routes.push({
          method,
          template,
          pattern: new RegExp(`^${source}/?$`),
          literalLength: template.replace(/\{[^}]+\}/g, '').length,
          operation,
        });
      }
    }
    // A literal segment wins over a parameter: /incidents/mine before /incidents/{id}.
    this.routes.sort((a, b) => b.literalLength - a.literalLength);
  }

  /** The problem with this response, or null when the document describes it. */
  problemWith(method: string, url: string, res: Response): string | null {
    const path = new URL(url, 'http://app').pathname;
    const route = this.routes.find((r) => r.method === method && r.pattern.test(path));
    const name = `${method.toUpperCase()} ${path} → ${res.status}`;
    if (!route) {
      if (!path.startsWith('/api/')) return null;
      // The router's own answer to a path that is no operation: the contract's 404.
      if (res.status === 404) return this.notFoundProblem(name, res);
      return `${name}: no such operation in /docs-json`;
    }
    const documented = route.operation.responses[String(res.status)];
    if (!documented)
      return `${name}: status not documented for ${method.toUpperCase()} ${route.template}`;
    const type = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const content = documented.content ?? {};
    if (!type || res.status === 204 || res.status === 304 || method === 'head') return null;
    const json = type === 'application/json' || type.endsWith('+json');
    const declared = Object.keys(content);
    if (!declared.some((d) => d === type || d === '*/*' || (json && d === 'application/json')))
      return `${name}: content type ${type} not documented (${declared.join(', ') || 'none'})`;
    if (!json || !content['application/json']?.schema) return null;
    route.validator ??= validatorFor(
      Object.fromEntries(
        Object.entries(route.operation.responses).map(([status, r]) => [
          status,
          { schema: (r.content?.['application/json']?.schema ?? {}) as object },
        ]),
      ),
      this.document.components,
    );
    const result = route.validator.validateResponse(String(res.status), jsonBodyOf(res));
    if (!result) return null;
    return `${name}: body does not match the documented schema: ${JSON.stringify(result.errors)}`;
  }

  private notFoundProblem(name: string, res: Response): string | null {
    this.notFound ??= validatorFor(
      { 404: { schema: { $ref: '#/components/schemas/ErrorBody' } } },
      this.document.components,
    );
    const result = this.notFound.validateResponse('404', jsonBodyOf(res));
    return result
      ? `${name}: not the contract's error body: ${JSON.stringify(result.errors)}`
      : null;
  }
}

/** The parsed body, also when the test read it raw (`.buffer(true).parse(...)`) as a Buffer. */
function jsonBodyOf(res: Response): unknown {
  const body: unknown = res.body;
  if (!Buffer.isBuffer(body) && typeof body !== 'string') return body;
  try {
    return JSON.parse(body.toString()) as unknown;
  } catch {
    return body;
  }
}

const REPORT = join(__dirname, '..', 'artifacts', 'contract-violations.jsonl');

/** Wraps a supertest request so its response is checked when it ends. */
export function checkedAgainst<T extends object>(agent: T, contract: Contract): T {
  if (CONTRACT_MODE === 'off') return agent;
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string' || !METHODS.includes(prop) || typeof value !== 'function')
        return value;
      return (url: string, ...rest: unknown[]) => {
        type Ending = (cb?: (err: unknown, res?: Response) => void) => unknown;
        const test = (value as (...a: unknown[]) => { end: Ending }).call(target, url, ...rest);
        const end = test.end.bind(test);
        test.end = (cb) =>
          end((err: unknown, res?: Response) => {
            const problem = res ? contract.problemWith(prop, url, res) : null;
            if (problem && CONTRACT_MODE === 'report') {
              mkdirSync(join(REPORT, '..'), { recursive: true });
              appendFileSync(REPORT, JSON.stringify({ problem, test: currentTest() }) + '\n');
            }
            if (problem && CONTRACT_MODE === 'strict' && !err)
              return cb?.(new Error(`OpenAPI contract: ${problem}`), res);
            return cb?.(err, res);
          });
        return test;
      };
    },
  });
}

function currentTest(): string | undefined {
  const state = (
    globalThis as { expect?: { getState?: () => { currentTestName?: string } } }
  ).expect?.getState?.();
  return state?.currentTestName;
}
