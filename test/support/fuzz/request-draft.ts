import { SchemaObject } from './openapi';
import { RawRequest } from './raw-http';

export interface FilePart {
  field: string;
  name: string | Buffer;
  contentType: string;
  bytes: Buffer;
}

/** A request body before it becomes bytes; mutations edit it, `render` writes it. */
export type DraftBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'multipart'; fields: Array<[string, string]>; files: FilePart[]; cutAt?: number }
  | { kind: 'raw'; bytes: Buffer };

/** One request being built: the operation's parts, each still editable. */
export interface Draft {
  method: string;
  /** The path template, `{name}` filled from `pathParams` as written (already encoded). */
  path: string;
  pathParams: Record<string, string>;
  query: Array<[string, string]>;
  /** Appended to the query as it is, for targets no encoder would write. */
  rawQuery?: string;
  headers: Array<[string, string | Buffer]>;
  /** A name from the test's credentials table. */
  credential: string;
  body?: DraftBody;
  /** The Content-Type header; null sends none. Defaults from the body. */
  contentType?: string | null;
  /** Announce more bytes than are sent, then hang up. */
  cutShort?: boolean;
}

/** A field of a JSON body or form that a mutation may target, with the schema it should obey. */
export interface Slot {
  path: Array<string | number>;
  name: string;
  schema: SchemaObject;
  required: boolean;
}

/** Every field present in the value, at any depth, where the schema says what it must be. */
export function slotsOf(
  value: unknown,
  schema: SchemaObject | undefined,
  path: Array<string | number> = [],
): Slot[] {
  if (!schema || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value))
    return value.flatMap((item, i) => {
      const here = [...path, i];
      return [
        ...(schema.items
          ? [{ path: here, name: String(path.at(-1)), schema: schema.items, required: false }]
          : []),
        ...slotsOf(item, schema.items, here),
      ];
    });
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
    const s = schema.properties?.[key];
    if (!s) return [];
    const here = [...path, key];
    return [
      { path: here, name: key, schema: s, required: Boolean(schema.required?.includes(key)) },
      ...slotsOf(v, s, here),
    ];
  });
}

/** The object or array holding the slot, and the key of the slot in it. */
export function parentOf(root: unknown, path: Array<string | number>) {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return { parent: node, key: path[path.length - 1] };
}

export function setAt(root: unknown, path: Array<string | number>, value: unknown): void {
  const { parent, key } = parentOf(root, path);
  parent[key] = value;
}

const BOUNDARY = '----medguard-fuzz-7MA4YWxkTrZu0gW';

function multipartBytes(body: Extract<DraftBody, { kind: 'multipart' }>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of body.fields)
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  for (const file of body.files)
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${file.field}"; filename="`,
      ),
      Buffer.isBuffer(file.name) ? file.name : Buffer.from(file.name),
      Buffer.from(`"\r\nContent-Type: ${file.contentType}\r\n\r\n`),
      file.bytes,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  const all = Buffer.concat(parts);
  return body.cutAt === undefined ? all : all.subarray(0, Math.floor(all.length * body.cutAt));
}

export const MULTIPART_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

function bodyBytes(body: DraftBody | undefined): { bytes?: Buffer; type?: string } {
  if (!body) return {};
  switch (body.kind) {
    case 'json':
      return { bytes: Buffer.from(JSON.stringify(body.value) ?? ''), type: 'application/json' };
    case 'multipart':
      return { bytes: multipartBytes(body), type: MULTIPART_TYPE };
    case 'raw':
      return { bytes: body.bytes, type: 'application/json' };
  }
}

/** The body as the bytes it will be sent as (mutations that work on the text start from this). */
export function bodyAsBytes(body: DraftBody): Buffer {
  return bodyBytes(body).bytes ?? Buffer.alloc(0);
}

/** Long texts are few and shared (the 1 MB string), so their encodings are kept. */
const LONG_TEXT = 4096;
const longEncodings = new Map<string, string>();

/** Percent-encodes any string; a lone surrogate goes as U+FFFD, the way a browser sends it. */
export function percentEncode(text: string): string {
  const known = text.length >= LONG_TEXT ? longEncodings.get(text) : undefined;
  if (known !== undefined) return known;
  const encoded = encodeURIComponent((text as string & { toWellFormed(): string }).toWellFormed());
  if (text.length >= LONG_TEXT && longEncodings.size < 64) longEncodings.set(text, encoded);
  return encoded;
}

/** The request as bytes: credentials resolved, path filled, query encoded, body written. */
export function render(
  draft: Draft,
  credentials: Record<string, Array<[string, string]>>,
): RawRequest {
  const path = draft.path.replace(/\{(\w+)\}/g, (_, name: string) => draft.pathParams[name] ?? '');
  const query = [
    ...draft.query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`),
    ...(draft.rawQuery ? [draft.rawQuery] : []),
  ].join('&');
  const { bytes, type } = bodyBytes(draft.body);
  const contentType = draft.contentType === undefined ? type : draft.contentType;
  const credential = credentials[draft.credential];
  if (!credential) throw new Error(`no credential named ${draft.credential}`);
  const headers: Array<[string, string | Buffer]> = [
    ['Host', '127.0.0.1'],
    ...credential,
    ...(contentType ? [['Content-Type', contentType] as [string, string]] : []),
    ...draft.headers,
  ];
  return {
    method: draft.method,
    target: query ? `${path}?${query}` : path,
    headers,
    body: bytes,
    announcedLength: draft.cutShort && bytes ? bytes.length + 1024 : undefined,
  };
}

/** A short line naming the request for the report: method, target, body excerpt. */
export function describe(req: RawRequest): string {
  const target = Buffer.isBuffer(req.target) ? req.target.toString('latin1') : req.target;
  const body = req.body ? req.body.subarray(0, 300).toString('utf8') : '';
  const headers = req.headers
    .filter(([name]) => !/^(host|authorization|x-api-key|cookie|x-csrf-token)$/i.test(name))
    .map(([n, v]) => `${n}: ${String(v).slice(0, 80)}`)
    .join(' | ');
  return `${req.method} ${target.slice(0, 300)} [${headers}] ${body}${
    (req.body?.length ?? 0) > 300 ? `… (${req.body?.length} bytes)` : ''
  }`;
}
