import { listenOnLoopback } from './test-app';
import { ACCESS_TABLE, CALLERS, CallerName, RouteAccess, RowRefusal } from './access-table';
import { AccessWorld, Identity, Side } from './access-world';

/** One request of a cell: what to send, and how its success looks. */
export interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: object;
  /** multipart/form-data: fields first, then the file. */
  form?: { fields: Record<string, string>; file: Buffer; name: string };
  /** Sent with the caller's page session (cookie, and the CSRF token on changes) instead of its API credentials. */
  via?: 'page';
  /** Another identity than the caller's shared one (a fresh session, for cells that end it). */
  identity?: Identity;
  /** Statuses that mean the call was carried out; any 2xx unless given. */
  success?: number[];
  /** A list: allowed when its pages hold this id, refused (`omitted`) when they do not. */
  listed?: string;
  /** A server-sent event stream: its status is read, then the connection is closed. */
  stream?: true;
}

/** Prepares a cell's rows and says what to send: `side` is the row's owner (`own` on routes without rows). */
export type Fixture = (w: AccessWorld, caller: CallerName, side: Side) => Promise<Call>;

type Refusal = 302 | 401 | 403 | 404 | 'omitted' | { status: 400; fields: string[] };
export type Outcome =
  | { kind: 'allowed' }
  | { kind: 'refused'; how: Refusal }
  | { kind: 'broken'; status: number; message: string };

export interface Cell {
  route: string;
  caller: CallerName;
  side: Side | null;
  expected: 'allowed' | RowRefusal | 302 | 401 | 403;
  outcome?: Outcome;
  mismatch?: string;
}

/** Rows matter where some caller's scope is narrower than `any`. */
export function hasRows(entry: RouteAccess): boolean {
  return !entry.noRows && Object.values(entry.allow).some((scope) => scope !== 'any');
}

/** What the table says a caller gets on a row of this side. */
export function expectedOf(
  entry: RouteAccess,
  caller: CallerName,
  side: Side | null,
): Cell['expected'] {
  const scope = entry.allow[caller];
  if (!scope) {
    const unauthenticated = caller === 'anonymous' || caller === 'device';
    return unauthenticated ? (entry.anonymous ?? 401) : (entry.role ?? 403);
  }
  if (scope === 'any' || side !== 'other') return 'allowed';
  return entry.rows ?? 404;
}

export function cellsOf(table: RouteAccess[] = ACCESS_TABLE): Cell[] {
  return table.flatMap((entry) =>
    CALLERS.flatMap((caller) =>
      (hasRows(entry) ? (['own', 'other'] as const) : [null]).map((side) => ({
        route: entry.route,
        caller,
        side,
        expected: expectedOf(entry, caller, side),
      })),
    ),
  );
}

/** Sends a cell's call and reads what came of it. */
export async function runCall(w: AccessWorld, caller: CallerName, call: Call): Promise<Outcome> {
  const identity = call.identity ?? w.as[caller];
  const headers = call.via === 'page' ? pageHeaders(identity, call.method) : identity.api;
  if (call.stream) return streamOutcome(w, call.path, headers);
  if (call.listed) return listOutcome(w, call, headers);
  let req = w.t.http()[lower(call.method)](call.path).set(headers);
  if (call.form) {
    for (const [k, v] of Object.entries(call.form.fields)) req = req.field(k, v);
    req = req.attach('file', call.form.file, call.form.name);
  } else if (call.body) req = req.send(call.body);
  const res = await req;
  const outcome = classify(res.status, res.body, call.success);
  // The API refuses in the contract's error format; the pages answer with a page of their own.
  if (outcome.kind === 'refused' && call.via !== 'page' && typeof outcome.how === 'number') {
    const body = res.body as { statusCode?: unknown; error?: unknown };
    if (outcome.how !== 302 && (body.statusCode !== res.status || typeof body.error !== 'string'))
      return {
        kind: 'broken',
        status: res.status,
        message: 'refused without the contract’s error body',
      };
  }
  return outcome;
}

function pageHeaders(identity: Identity, method: string): Record<string, string> {
  if (method !== 'GET') return identity.page;
  const { 'X-CSRF-Token': _csrf, ...rest } = identity.page;
  return rest;
}

const lower = (m: Call['method']) => m.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';

function classify(status: number, body: unknown, success?: number[]): Outcome {
  if (success ? success.includes(status) : status >= 200 && status < 300)
    return { kind: 'allowed' };
  if (status === 302 || status === 401 || status === 403 || status === 404)
    return { kind: 'refused', how: status };
  const b = (body ?? {}) as { message?: unknown; details?: Array<{ field?: string }> };
  if (status === 400 && Array.isArray(b.details))
    return { kind: 'refused', how: { status: 400, fields: b.details.map((d) => String(d.field)) } };
  return { kind: 'broken', status, message: String(b.message ?? '').slice(0, 200) };
}

/** Follows the list's pages (at most 30) looking for the row. */
async function listOutcome(
  w: AccessWorld,
  call: Call,
  headers: Record<string, string>,
): Promise<Outcome> {
  let cursor: string | null = null;
  for (let page = 0; page < 30; page++) {
    const sep = call.path.includes('?') ? '&' : '?';
    const query: string = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res: {
      status: number;
      body: { items?: Array<{ id: string }>; nextCursor: string | null };
    } = await w.t.http().get(`${call.path}${sep}${query}`).set(headers);
    if (res.status !== 200) return classify(res.status, res.body);
    const items = res.body.items ?? [];
    if (items.some((item) => item.id === call.listed)) return { kind: 'allowed' };
    cursor = res.body.nextCursor;
    if (!cursor) return { kind: 'refused', how: 'omitted' };
  }
  return { kind: 'broken', status: 200, message: 'the list had more than 30 pages' };
}

async function streamOutcome(
  w: AccessWorld,
  path: string,
  headers: Record<string, string>,
): Promise<Outcome> {
  const base = await listenOnLoopback(w.t);
  const abort = new AbortController();
  try {
    const res = await fetch(`${base}${path}`, {
      headers: { ...headers, Accept: 'text/event-stream' },
      signal: abort.signal,
    });
    const streaming = (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
    const body = streaming ? {} : await res.json().catch(() => ({}));
    return classify(res.status, body);
  } finally {
    abort.abort();
  }
}

/** Whether what came of a cell is what the table says; the mismatch in words otherwise. */
export function mismatchOf(cell: Cell): string | undefined {
  const { expected, outcome } = cell;
  if (!outcome) return 'not run';
  if (outcome.kind === 'broken')
    return `answered ${outcome.status} ${outcome.message}: neither carried out nor refused`;
  if (expected === 'allowed')
    return outcome.kind === 'allowed' ? undefined : `denied where allowed (${show(outcome.how)})`;
  if (outcome.kind === 'allowed') return `allowed where denied (table: ${show(expected)})`;
  if (sameRefusal(expected, outcome.how)) return undefined;
  return `refused with ${show(outcome.how)} where the table says ${show(expected)}`;
}

function sameRefusal(expected: Exclude<Cell['expected'], 'allowed'>, got: Refusal): boolean {
  if (typeof expected === 'object')
    return typeof got === 'object' && got.fields.includes(expected.field);
  return expected === got;
}

function show(r: Exclude<Cell['expected'], 'allowed'> | Refusal): string {
  if (typeof r !== 'object') return String(r);
  return 'field' in r ? `400 naming ${r.field}` : `400 naming ${r.fields.join(', ')}`;
}

/** Runs tasks with at most `limit` in flight. */
export async function inBatches<T>(items: T[], limit: number, run: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}

/** The matrix as text: a line per route, a column per caller, `!` on every cell that is not as the table says. */
export function printMatrix(cells: Cell[]): string {
  const routes = [...new Set(cells.map((c) => c.route))];
  const mark = (c: Cell) =>
    `${c.side ? `${c.side}` : ''}${c.outcome?.kind === 'allowed' ? '✓' : '✗'}${c.mismatch ? '!' : ''}`;
  const rows = routes.map((route) => [
    route,
    ...CALLERS.map((caller) =>
      cells
        .filter((c) => c.route === route && c.caller === caller)
        .map(mark)
        .join(' '),
    ),
  ]);
  const header = ['route', ...CALLERS];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]].length)));
  const line = (r: string[]) =>
    r.map((v, i) => v + ' '.repeat(widths[i] - [...v].length)).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
