import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { Contract, OpenApiDocument } from './support/contract';
import { startTestApp, TestApp } from './support/test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const ERROR_BODY = '#/components/schemas/ErrorBody';

interface Answer {
  description?: string;
  content?: Record<string, { schema?: object }>;
}
interface Operation {
  responses: Record<string, Answer>;
}

let t: TestApp;
let doc: OpenApiDocument & { paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  t = await startTestApp();
  doc = (await request(t.app.getHttpServer()).get('/docs-json').expect(200)).body;
});
afterAll(() => t.close());

function operations(): Array<{ name: string; method: string; path: string; op: Operation }> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({
      name: `${method.toUpperCase()} ${path}`,
      method,
      path,
      op: item[method],
    })),
  );
}

/** Whether a schema is the contract's error body or is built on it. */
const refersToErrorBody = (schema: unknown): boolean =>
  JSON.stringify(schema ?? null).includes(`"$ref":"${ERROR_BODY}"`);

describe('the OpenAPI document', () => {
  it('describes a success answer with its body for every operation', () => {
    const undescribed = operations().flatMap(({ name, op }) => {
      const successes = Object.entries(op.responses).filter(([s]) => /^[23]\d\d$/.test(s));
      if (successes.length === 0) return [`${name}: no 2xx or 3xx answer`];
      return successes
        .filter(([status]) => status !== '204' && !status.startsWith('3'))
        .filter(([, answer]) => Object.values(answer.content ?? {}).every((c) => !c.schema))
        .map(([status]) => `${name} → ${status}: no body described`);
    });
    expect(undescribed).toEqual([]);
  });

  it("describes every 4xx and 5xx answer as the contract's error body", () => {
    const others = operations().flatMap(({ name, op }) =>
      Object.entries(op.responses)
        .filter(([status]) => /^[45]\d\d$/.test(status))
        .filter(([, answer]) => !refersToErrorBody(answer.content?.['application/json']?.schema))
        .map(([status]) => `${name} → ${status}`),
    );
    expect(others).toEqual([]);
  });

  it('documents an unexpected failure (500) and an engine outage (503) on every operation', () => {
    const missing = operations().flatMap(({ name, op }) =>
      ['500', '503']
        .filter((status) => !op.responses[status])
        .map((status) => `${name} → ${status}`),
    );
    expect(missing).toEqual([]);
  });

  it('holds answers to their schema, ids and timestamps included', async () => {
    const contract = new Contract(doc);
    const nurse = await t.login('nurse@demo.medguard.kz');
    const current = await request(t.app.getHttpServer())
      .get('/api/v1/classification/rule-sets/current')
      .set('Authorization', `Bearer ${nurse}`)
      .expect(200);
    const url = '/api/v1/classification/rule-sets/current';
    const answer = (body: object) => ({ ...current, body }) as typeof current;
    expect(contract.problemWith('get', url, current)).toBeNull();
    expect(contract.problemWith('get', url, answer({ ...current.body, id: 'v1' }))).toMatch(
      /"path":"id","errorCode":"format/,
    );
    expect(
      contract.problemWith(
        'get',
        url,
        answer({ ...current.body, createdAt: '2026-02-30T00:00:00Z' }),
      ),
    ).toMatch(/"path":"createdAt","errorCode":"format/);
    expect(
      contract.problemWith('get', url, answer({ ...current.body, version: undefined })),
    ).toMatch(/must have required property 'version'/);
  });

  it('documents the body parsers’ refusals for every operation, whatever its method', async () => {
    const contract = new Contract(doc);
    const server = t.app.getHttpServer();
    const refusals: Array<[string, string]> = [
      ['application/json', '{"unterminated'],
      ['application/json; charset=latin1', '{}'],
      ['application/json', JSON.stringify({ padding: 'x'.repeat(300 * 1024) })],
    ];
    // Every operation at once, as a hostile client would send them.
    const answers = await Promise.all(
      operations().flatMap(({ method, path }) => {
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        return refusals.map(async ([type, body]) => {
          const res = await request(server)
            [method as (typeof METHODS)[number]](url)
            .set('Content-Type', type)
            .send(body);
          return { status: res.status, problem: contract.problemWith(method, url, res) };
        });
      }),
    );
    expect(answers.filter((a) => a.status < 400)).toEqual([]);
    const problems = answers.flatMap((a) => (a.problem ? [a.problem] : []));
    expect(problems).toEqual([]);
  });
});

/**
 * What a police system or ministry tool would write against the generated types: every call's
 * body and answer are the document's, and the `@ts-expect-error` lines prove the types are tight
 * (an unused one fails the check).
 */
const CLIENT = `
import type { components, paths } from './medguard-api';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Login = paths['/api/v1/auth/login']['post'];
type File = paths['/api/v1/incidents']['post'];
type Alerts = paths['/api/v1/alerts']['get'];
type Ack = paths['/api/v1/alerts/{id}/ack']['post'];
type Current = paths['/api/v1/classification/rule-sets/current']['get'];
type Monthly = paths['/api/v1/stats/monthly']['get'];
type Report = Json<File['requestBody']>;
type Problem = components['schemas']['ErrorBody'];

export class MedGuardClient {
  private token = '';
  constructor(private readonly base: string) {}

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.base + path, {
      method,
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + this.token },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) {
      const problem = (await res.json()) as Problem;
      throw new Error(problem.statusCode + ' ' + problem.message + ' ' + problem.details.map((d) => d.field).join());
    }
    return (await res.json()) as T;
  }

  async login(body: Json<Login['requestBody']>): Promise<Json<Login['responses'][200]>> {
    const answer = await this.send<Json<Login['responses'][200]>>('POST', '/api/v1/auth/login', body);
    this.token = answer.accessToken;
    return answer;
  }
  file(report: Report): Promise<Json<File['responses'][201]>> {
    return this.send('POST', '/api/v1/incidents', report);
  }
  alerts(query: NonNullable<Alerts['parameters']['query']>): Promise<Json<Alerts['responses'][200]>> {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    return this.send('GET', '/api/v1/alerts?' + search.toString());
  }
  acknowledge(id: Ack['parameters']['path']['id']): Promise<Json<Ack['responses'][200]>> {
    return this.send('POST', '/api/v1/alerts/' + encodeURIComponent(id) + '/ack');
  }
  currentRules(): Promise<Json<Current['responses'][200]>> {
    return this.send('GET', '/api/v1/classification/rule-sets/current');
  }
  monthly(query: Monthly['parameters']['query']): Promise<Json<Monthly['responses'][200]>> {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    return this.send('GET', '/api/v1/stats/monthly?' + search.toString());
  }
}

export async function fileAcknowledgeAndCount(
  nurse: MedGuardClient,
  officer: MedGuardClient,
  ministry: MedGuardClient,
) {
  const me = await nurse.login({ email: 'nurse@demo.medguard.kz', password: 'secret' });
  const facilityId: string | null = me.user.facilityId;
  const report: Report = {
    occurredAt: '2026-03-14T02:40:00+05:00',
    facilityId: facilityId ?? '',
    place: { kind: 'admission_department', lat: 43.25, lon: 76.95 },
    kind: 'physical_assault',
    duringStateOfEmergency: false,
    victims: [{ role: 'nurse', injury: 'minor' }],
    perpetrators: { type: 'patient', count: 1 },
    narrative: 'Struck at the triage desk',
  };
  const filed = await nurse.file(report);
  const reference: string = filed.reference;
  const article: string = filed.classification.article;
  const priority: number | undefined = filed.alerts[0]?.priority;
  const closedAt: string | null = filed.closedAt;
  const list = await officer.alerts({ status: 'pending', limit: 10 });
  const next: string | null = list.nextCursor;
  const position: string | undefined = list.streamPosition;
  const desk: string | null | undefined = list.items[0]?.escalatedTo?.name;
  const acknowledged = await officer.acknowledge(list.items[0].id);
  const at: string | null = acknowledged.acknowledgedAt;
  const rules = await nurse.currentRules();
  const deadlines: number[] = rules.categories.map((c) => c.ackDeadlineMinutes);
  const figures = await ministry.monthly({ month: '2026-03', groupBy: 'region' });
  const counts: Array<[string, number, number | null]> = figures.rows.map((r) => [
    r.label,
    r.count,
    r.ratePer1000Staff,
  ]);

  // @ts-expect-error a report's kind is one of the documented kinds
  await nurse.file({ ...report, kind: 'argument' });
  // @ts-expect-error the narrative is required
  await nurse.file({ ...report, narrative: undefined });
  // @ts-expect-error an alert list filters by a documented status only
  await officer.alerts({ status: 'lost' });
  // @ts-expect-error an incident's status is one of the workflow's
  const status: typeof filed.status = 'archived';
  // @ts-expect-error the reference is text, not a number
  const wrong: number = filed.reference;
  // @ts-expect-error statistics group by a documented dimension only
  await ministry.monthly({ month: '2026-03', groupBy: 'postcode' });

  return { reference, article, priority, closedAt, next, position, desk, at, deadlines, counts, status, wrong };
}
`;

describe('a client generated from the document', () => {
  it('typechecks against the operations it calls', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medguard-client-'));
    try {
      await writeFile(join(dir, 'openapi.json'), JSON.stringify(doc));
      await run(process.execPath, [
        join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'),
        join(dir, 'openapi.json'),
        '--output',
        join(dir, 'medguard-api.d.ts'),
      ]);
      await writeFile(join(dir, 'client.ts'), CLIENT);
      await writeFile(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: 'ES2022',
            lib: ['ES2022', 'DOM'],
            module: 'ES2022',
            moduleResolution: 'bundler',
            types: [],
          },
          files: ['client.ts'],
        }),
      );
      const typecheck = await run(
        process.execPath,
        [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')],
        { cwd: dir },
      ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));
      expect(typecheck.stdout).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
