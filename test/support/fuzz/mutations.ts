import fc from 'fast-check';
import {
  CONTROL_STRINGS,
  deepJson,
  EDGE_NUMBERS,
  FILE_NAMES,
  huge,
  IMPOSSIBLE_DATES,
  IMPOSSIBLE_MONTHS,
  INJECTIONS,
  INVALID_UTF8,
  MEGABYTE,
  PROTO_KEYS,
} from './hostile-values';
import { Operation, ParameterObject, SchemaObject } from './openapi';
import { bodyAsBytes, Draft, MULTIPART_TYPE, setAt, Slot, slotsOf } from './request-draft';
import { isIdName, isMonthField, isTimestampField } from './schema-values';

/** One change to a request. `refused`: any request carrying it must be turned away. */
const isObject = (v: unknown): v is object =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Edit {
  label: string;
  refused: boolean;
  apply(draft: Draft): void;
}

/** What a mutation may use besides the operation and the request so far. */
export interface MutationContext {
  /** Credentials the route turns away: none, junk, and real roles it does not let in. */
  refusedCredentials(op: Operation): string[];
  /** Credentials that are real but may or may not pass (a page cookie without its CSRF token). */
  doubtfulCredentials(op: Operation): string[];
  /** Bytes larger than the upload limit the app runs with. */
  oversizedFile: Buffer;
}

export interface Mutation {
  name: string;
  /** Mutations apply in stage order: fields, then the body's bytes, then headers and transport. */
  stage: 1 | 2 | 3;
  /** How often it is picked against the others (default 4): transport-level ones less. */
  weight?: number;
  /** Whether some of its edits leave a request a correct server may accept. */
  mayPass?: boolean;
  applies(op: Operation, draft: Draft): boolean;
  edits(op: Operation, draft: Draft, ctx: MutationContext): fc.Arbitrary<Edit>;
}

const jsonValue = (d: Draft) => (d.body?.kind === 'json' ? d.body.value : undefined);
const jsonSlots = (op: Operation, d: Draft): Slot[] =>
  d.body?.kind === 'json' ? slotsOf(d.body.value, op.body.schema) : [];
const formSlots = (op: Operation, d: Draft): string[] =>
  d.body?.kind === 'multipart'
    ? d.body.fields.map(([k]) => k).filter((k) => op.body.schema?.properties?.[k])
    : [];
const pathText = (path: Array<string | number>) =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
const typedSchema = (s: SchemaObject) =>
  Boolean(s.enum?.length || s.format === 'uuid' || s.type === 'number' || s.type === 'integer');
/** A query parameter whose values have a form (a set, a UUID, a number, a month, a moment). */
const formedParam = (p: ParameterObject) =>
  Boolean(
    p.schema &&
    (typedSchema(p.schema) || isMonthField(p.schema) || isTimestampField(p.name, p.schema)),
  );
const hasRequiredBody = (op: Operation) =>
  op.body.kind !== 'none' && (op.body.schema?.required?.length ?? 0) > 0;
const query = (op: Operation) => op.parameters.filter((p) => p.in === 'query');
/**
 * Whether the server reads the request's body before acting: JSON, and the upload form on the
 * operation that takes one. A body of another type is not read at all, so what is wrong with its
 * bytes cannot make the request fail.
 */
const bodyIsRead = (op: Operation, d: Draft) => {
  const type = (
    d.contentType === undefined ? 'application/json' : (d.contentType ?? '')
  ).toLowerCase();
  if (d.body?.kind === 'multipart' && d.contentType === undefined)
    return op.body.kind === 'multipart';
  return /^application\/json\s*(;|$)/.test(type) && op.body.kind !== 'multipart';
};

/** Values of another JSON type than the schema's; null only where the field is required. */
function wrongTypes(slot: Slot): unknown[] {
  const s = slot.schema;
  const nullIfRequired = slot.required && !s.nullable ? [null] : [];
  if (s.enum?.length) return [12, true, {}, ['x'], ...nullIfRequired];
  switch (s.type) {
    case 'string':
      return [12, true, {}, [], ...nullIfRequired];
    case 'number':
    case 'integer':
      return ['12', true, {}, [], ...nullIfRequired];
    case 'boolean':
      return ['true', 1, {}, [], ...nullIfRequired];
    case 'array':
      return ['x', 12, { 0: 'x' }, ...nullIfRequired];
    default:
      return s.properties ? ['x', 12, [], ...nullIfRequired] : [];
  }
}

const slotEdit = (label: string, slot: Slot, value: unknown, refused: boolean): Edit => ({
  label: `${label} ${pathText(slot.path)}`,
  refused,
  apply: (d) => setAt(jsonValue(d), slot.path, value),
});

const fieldMutations: Mutation[] = [
  {
    name: 'wrong-type',
    stage: 1,
    applies: (op, d) => jsonSlots(op, d).some((s) => wrongTypes(s).length > 0),
    edits: (op, d) =>
      fc
        .constantFrom(...jsonSlots(op, d).filter((s) => wrongTypes(s).length > 0))
        .chain((slot) =>
          fc.constantFrom(...wrongTypes(slot)).map((v) => slotEdit('wrong-type', slot, v, true)),
        ),
  },
  {
    name: 'missing-required',
    stage: 1,
    applies: (op, d) => jsonSlots(op, d).some((s) => s.required),
    edits: (op, d) =>
      fc.constantFrom(...jsonSlots(op, d).filter((s) => s.required)).map((slot) => ({
        label: `missing-required ${pathText(slot.path)}`,
        refused: true,
        apply: (draft) => {
          let node = jsonValue(draft) as Record<string | number, unknown>;
          for (const k of slot.path.slice(0, -1)) node = node[k] as Record<string, unknown>;
          delete node[slot.path[slot.path.length - 1]];
        },
      })),
  },
  {
    name: 'extra-field',
    stage: 1,
    applies: (op, d) => op.body.kind !== 'none' && d.body?.kind !== 'raw',
    // A key the operation documents (e.g. `role` where an admin may set it) is not extra.
    edits: (op) =>
      fc
        .tuple(
          fc.constantFrom(
            ...['isAdmin', 'role', 'id', 'createdAt', 'facility_id', 'x'.repeat(300)].filter(
              (key) =>
                !op.body.schema?.properties?.[key] && !op.body.schema?.items?.properties?.[key],
            ),
          ),
          fc.constantFrom<unknown>(true, 'admin', 1, null, { a: 1 }),
        )
        .map(([key, value]) => ({
          label: `extra-field ${key.slice(0, 20)}`,
          refused: true,
          apply: (d) => {
            // A list's extra field goes into its first item (JSON drops keys set on an array).
            const target =
              d.body?.kind === 'json' && Array.isArray(d.body.value)
                ? d.body.value[0]
                : d.body?.kind === 'json'
                  ? d.body.value
                  : null;
            if (d.body?.kind === 'json' && Array.isArray(d.body.value) && !isObject(target))
              d.body.value.push({ [key]: value });
            else if (isObject(target)) (target as Record<string, unknown>)[key] = value;
            else if (d.body?.kind === 'multipart') d.body.fields.push([key, String(value)]);
          },
        })),
  },
  {
    name: 'huge-string',
    stage: 1,
    applies: (op, d) =>
      jsonSlots(op, d).some((s) => s.schema.type === 'string') || formSlots(op, d).length > 0,
    edits: (op, d) => {
      const json = jsonSlots(op, d).filter((s) => s.schema.type === 'string');
      return json.length
        ? fc.constantFrom(...json).map((slot) => slotEdit('huge-string 1MB', slot, huge(), true))
        : fc.constantFrom(...formSlots(op, d)).map((field) => ({
            label: `huge-string 1MB form ${field}`,
            refused: true,
            apply: (draft: Draft) => {
              if (draft.body?.kind !== 'multipart') return;
              draft.body.fields = draft.body.fields.map(([k, v]) => [k, k === field ? huge() : v]);
            },
          }));
    },
  },
  {
    name: 'number-out-of-range',
    mayPass: true,
    stage: 1,
    applies: (op, d) => jsonSlots(op, d).some((s) => s.schema.type === 'number'),
    edits: (op, d) =>
      fc.constantFrom(...jsonSlots(op, d).filter((s) => s.schema.type === 'number')).chain((slot) =>
        fc.constantFrom(...EDGE_NUMBERS).map((n) => {
          const { minimum, maximum } = slot.schema;
          const outside =
            (minimum !== undefined && n < minimum) || (maximum !== undefined && n > maximum);
          return slotEdit(`number ${n}`, slot, n, outside);
        }),
      ),
  },
  {
    name: 'impossible-date',
    stage: 1,
    applies: (op, d) =>
      jsonSlots(op, d).some((s) => isTimestampField(s.name, s.schema)) ||
      formSlots(op, d).some((k) => isTimestampField(k, op.body.schema!.properties![k])),
    edits: (op, d) => {
      const json = jsonSlots(op, d).filter((s) => isTimestampField(s.name, s.schema));
      const form = formSlots(op, d).filter((k) =>
        isTimestampField(k, op.body.schema!.properties![k]),
      );
      return fc.constantFrom(...IMPOSSIBLE_DATES).chain((date) =>
        json.length
          ? fc.constantFrom(...json).map((slot) => slotEdit(`date ${date}`, slot, date, true))
          : fc.constantFrom(...form).map((field) => ({
              label: `date ${date} form ${field}`,
              refused: true,
              apply: (draft: Draft) => {
                if (draft.body?.kind === 'multipart')
                  draft.body.fields = draft.body.fields.map(([k, v]) => [
                    k,
                    k === field ? date : v,
                  ]);
              },
            })),
      );
    },
  },
  {
    name: 'hostile-string',
    mayPass: true,
    stage: 1,
    applies: (op, d) =>
      jsonSlots(op, d).some((s) => s.schema.type === 'string') || formSlots(op, d).length > 0,
    edits: (op, d) => {
      const json = jsonSlots(op, d).filter((s) => s.schema.type === 'string');
      const text = fc.constantFrom(...INJECTIONS, ...CONTROL_STRINGS);
      return fc.tuple(text, fc.boolean()).chain(([value, append]) => {
        const edit = (old: unknown) => (append && typeof old === 'string' ? old + value : value);
        if (json.length)
          return fc.constantFrom(...json).map((slot) => ({
            label: `hostile-string ${pathText(slot.path)}=${JSON.stringify(value).slice(0, 40)}`,
            // Free text may hold anything; a field with a set of values or a format may not.
            refused: Boolean(slot.schema.enum?.length || slot.schema.format === 'uuid') && !append,
            apply: (draft: Draft) => {
              const root = jsonValue(draft);
              let node = root as Record<string | number, unknown>;
              for (const k of slot.path.slice(0, -1)) node = node[k] as Record<string, unknown>;
              const key = slot.path[slot.path.length - 1];
              node[key] = edit(node[key]);
            },
          }));
        return fc.constantFrom(...formSlots(op, d)).map((field) => ({
          label: `hostile-string form ${field}=${JSON.stringify(value).slice(0, 40)}`,
          refused: false,
          apply: (draft: Draft) => {
            if (draft.body?.kind === 'multipart')
              draft.body.fields = draft.body.fields.map(([k, v]) => [k, k === field ? edit(v) : v]);
          },
        }));
      });
    },
  },
  {
    name: 'proto-keys',
    mayPass: true,
    stage: 1,
    applies: (op, d) => d.body?.kind === 'json' && typeof jsonValue(d) === 'object',
    edits: (op, d) =>
      fc
        .tuple(
          fc.constantFrom(...PROTO_KEYS),
          fc.constantFrom<Array<string | number>>(
            [],
            ...jsonSlots(op, d)
              .filter((s) => s.schema.properties)
              .map((s) => s.path),
          ),
        )
        .map(([key, at]) => ({
          label: `proto-key ${key} at ${pathText(at) || 'body'}`,
          refused: false,
          // Written as text: an object literal would set the prototype instead of a key.
          apply: (draft: Draft) => {
            const marker = `"__fuzz_${key}__"`;
            const target = at.length ? undefined : jsonValue(draft);
            if (at.length) setAt(jsonValue(draft), at, { __fuzz_marker__: 1 });
            const text = JSON.stringify(jsonValue(draft));
            const polluted = `${JSON.stringify(key)}:{"fuzzPolluted":true,"isAdmin":true}`;
            const withKey = at.length
              ? text.replace('"__fuzz_marker__":1', polluted)
              : text.replace(
                  /^\{/,
                  `{${polluted}${target && Object.keys(target).length ? ',' : ''}`,
                );
            draft.body = { kind: 'raw', bytes: Buffer.from(withKey.replace(marker, '')) };
          },
        })),
  },
];

const queryMutations: Mutation[] = [
  {
    name: 'junk-path-id',
    stage: 1,
    applies: (op) => op.parameters.some((p) => p.in === 'path' && isIdName(p.name)),
    edits: (op) =>
      fc
        .tuple(
          fc.constantFrom(...op.parameters.filter((p) => p.in === 'path' && isIdName(p.name))),
          fc.oneof(
            fc.uuid(),
            fc.constantFrom(
              'not-a-uuid',
              '00000000-0000-0000-0000-000000000000',
              '%00',
              '..%2F..%2Fetc%2Fpasswd',
              '%E0%A4%A',
              '%C0%AF',
              '%FF%FE',
              "1'%20OR%20'1'%3D'1",
              '%3Cscript%3E',
              '-1',
              '9999999999999999999999',
              'x'.repeat(5000),
              '%20',
              'null',
            ),
          ),
        )
        .map(([param, value]) => ({
          label: `path ${param.name}=${value.slice(0, 40)}`,
          refused: true,
          apply: (d) => {
            d.pathParams[param.name] = value;
          },
        })),
  },
  {
    name: 'query-wrong-value',
    mayPass: true,
    stage: 1,
    applies: (op) => query(op).some(formedParam),
    edits: (op) =>
      fc
        .tuple(
          fc.constantFrom(...query(op).filter(formedParam)),
          fc.constantFrom(
            ...INJECTIONS,
            ...IMPOSSIBLE_MONTHS,
            'abc',
            '1e400',
            '-5',
            '999999999999',
            '',
            ...LENIENT_NUMERALS,
          ),
        )
        .map(([param, value]) => ({
          label: `query ${param.name}=${value.slice(0, 40)}`,
          // An empty value reads as absent, which optional parameters allow; a number may be
          // read from other notations.
          refused: (value !== '' || Boolean(param.required)) && !LENIENT_NUMERALS.includes(value),
          apply: (d) => setQuery(d, param, value),
        })),
  },
  {
    name: 'query-hostile',
    mayPass: true,
    stage: 1,
    applies: (op) => query(op).length > 0,
    edits: (op) =>
      fc
        .tuple(fc.constantFrom(...query(op)), fc.constantFrom(...INJECTIONS, ...CONTROL_STRINGS))
        .map(([param, value]) => ({
          label: `query-hostile ${param.name}=${JSON.stringify(value).slice(0, 40)}`,
          refused: formedParam(param),
          apply: (d) => setQuery(d, param, value),
        })),
  },
  {
    name: 'query-missing-required',
    stage: 1,
    applies: (op) => query(op).some((p) => p.required),
    edits: (op) =>
      fc.constantFrom(...query(op).filter((p) => p.required)).map((param) => ({
        label: `query-missing ${param.name}`,
        refused: true,
        apply: (d) => {
          d.query = d.query.filter(([k]) => k !== param.name);
        },
      })),
  },
  {
    name: 'query-huge',
    weight: 1,
    stage: 1,
    applies: () => true,
    edits: (op) =>
      fc.constantFrom('q', ...query(op).map((p) => p.name)).map((name) => ({
        label: `query-huge ${name}=1MB`,
        refused: true,
        apply: (d) => d.query.push([name, huge()]),
      })),
  },
  {
    name: 'query-odd-shape',
    mayPass: true,
    stage: 1,
    applies: () => true,
    edits: (op) =>
      fc
        .tuple(
          fc.constantFrom('limit', 'x', ...query(op).map((p) => p.name)),
          fc.constantFrom(
            (n: string) => `${n}=1&${n}=2`,
            (n: string) => `${n}[]=a&${n}[]=b`,
            (n: string) => `${n}[$gt]=`,
            (n: string) => `${n}${'[a]'.repeat(200)}=1`,
            (n: string) => `__proto__[${n}]=1&constructor[prototype][${n}]=1`,
            (n: string) => `${n}=%ZZ%E0%A4%A`,
            (n: string) => `${n}=%00%01`,
            (n: string) => `${n}=${'&'.repeat(500)}`,
            () => Array.from({ length: 1200 }, (_, i) => `k${i}=v`).join('&'),
          ),
        )
        .map(([name, shape]) => ({
          label: `query-odd ${shape(name).slice(0, 40)}`,
          refused: false,
          apply: (d) => {
            d.rawQuery = shape(name);
          },
        })),
  },
];

/** Other ways to write a number, which a server may read as one. */
const LENIENT_NUMERALS = ['0x10', '1e1', ' 7 ', '+3', '10.0'];

function setQuery(d: Draft, param: ParameterObject, value: string): void {
  d.query = [...d.query.filter(([k]) => k !== param.name), [param.name, value]];
}

/** Turns the body into raw bytes with `change` applied to its text. */
const rawBody = (d: Draft, change: (bytes: Buffer) => Buffer) => {
  d.body = { kind: 'raw', bytes: change(d.body ? bodyAsBytes(d.body) : Buffer.from('{}')) };
};

const bodyMutations: Mutation[] = [
  {
    name: 'malformed-json',
    weight: 1,
    stage: 2,
    applies: () => true,
    edits: (op, d) => {
      const text = d.body?.kind === 'json' ? JSON.stringify(d.body.value) : '{"a":[1,2,{"b":"c"}]}';
      return fc
        .oneof(
          fc.integer({ min: 1, max: Math.max(1, text.length - 1) }).map((n) => text.slice(0, n)),
          fc.constantFrom(
            "{'a':1}",
            '{"a":1,}',
            '{"a":01}',
            '{"a":NaN}',
            '{a:1}',
            '{"a":1}}',
            '\u0000',
          ),
        )
        .map((body) => ({
          label: `malformed-json ${body.slice(0, 30)}`,
          refused: true,
          apply: (draft: Draft) => {
            draft.body = { kind: 'raw', bytes: Buffer.from(body) };
            draft.contentType = 'application/json';
          },
        }));
    },
  },
  {
    name: 'deep-json',
    weight: 1,
    stage: 2,
    applies: () => true,
    edits: () =>
      fc
        .tuple(
          fc.integer({ min: 33, max: 20_000 }),
          fc.constantFrom<'object' | 'array'>('object', 'array'),
        )
        .map(([depth, shape]) => ({
          label: `deep-json ${shape} ${depth}`,
          refused: true,
          apply: (d: Draft) => {
            d.body = { kind: 'raw', bytes: Buffer.from(`{"a":${deepJson(depth, shape)}}`) };
            d.contentType = 'application/json';
          },
        })),
  },
  {
    name: 'invalid-utf8',
    stage: 2,
    mayPass: true,
    applies: (op, d) => d.body?.kind === 'json',
    edits: (op, d) => {
      // Inside a string value, where a lenient decoder would quietly replace it.
      const text = bodyAsBytes(d.body!);
      const starts: number[] = [];
      for (let at = text.indexOf('":"'); at >= 0; at = text.indexOf('":"', at + 1))
        starts.push(at + 3);
      return fc
        .tuple(fc.constantFrom(...INVALID_UTF8), fc.constantFrom(...(starts.length ? starts : [1])))
        .map(([bytes, at]) => ({
          label: `invalid-utf8 ${bytes.toString('hex')} at byte ${at}`,
          refused: false,
          apply: (draft: Draft) =>
            rawBody(draft, (body) =>
              Buffer.concat([body.subarray(0, at), bytes, body.subarray(at)]),
            ),
        }));
    },
  },
  {
    name: 'foreign-charset',
    weight: 1,
    stage: 2,
    applies: () => true,
    edits: () =>
      fc.constantFrom('utf-16le', 'latin1', 'utf-32', 'koi8-r', 'x-unknown').map((charset) => ({
        label: `charset ${charset}`,
        refused: true,
        apply: (d: Draft) => {
          rawBody(d, (b) =>
            charset === 'utf-16le' ? Buffer.from(b.toString('utf8'), 'utf16le') : b,
          );
          d.contentType = `application/json; charset=${charset}`;
        },
      })),
  },
  {
    name: 'wrong-content-type',
    stage: 2,
    applies: (op) => hasRequiredBody(op),
    edits: (op) =>
      fc
        .constantFrom<string | null>(
          null,
          'text/plain',
          'application/xml',
          'application/x-www-form-urlencoded',
          'multipart/form-data',
          op.body.kind === 'multipart' ? 'application/json' : MULTIPART_TYPE,
          'application/jsonx',
          'image/png',
          '*/*',
          '',
        )
        .map((type) => ({
          label: `content-type ${type === null ? '(none)' : JSON.stringify(type)}`,
          refused: true,
          apply: (d: Draft) => {
            d.contentType = type;
            if (d.body?.kind === 'multipart' && type !== null && type.startsWith('multipart/'))
              d.contentType = `${type}; boundary=another-boundary`;
          },
        })),
  },
  {
    name: 'odd-content-type',
    stage: 2,
    mayPass: true,
    applies: (op) => op.body.kind === 'json',
    edits: () =>
      fc
        .constantFrom(
          'application/json; charset',
          'APPLICATION/JSON',
          'application/json;charset="UTF-8"',
          'application/json ; foo=bar',
        )
        .map((type) => ({
          label: `content-type ${JSON.stringify(type)}`,
          refused: false,
          apply: (d: Draft) => {
            d.contentType = type;
          },
        })),
  },
  {
    name: 'not-an-object',
    stage: 2,
    applies: (op) => hasRequiredBody(op) && op.body.kind === 'json',
    edits: () =>
      fc.constantFrom('', '"text"', '123', 'null', 'true', '[]', '[{}]', '{}').map((text) => ({
        label: `body ${text || '(empty)'}`,
        refused: true,
        apply: (d: Draft) => {
          d.body = { kind: 'raw', bytes: Buffer.from(text) };
          d.contentType = 'application/json';
        },
      })),
  },
  {
    name: 'content-encoding',
    weight: 1,
    stage: 2,
    applies: () => true,
    edits: (op, d) =>
      fc.constantFrom('gzip', 'deflate', 'br', 'zip', 'identity, gzip').map((encoding) => ({
        label: `content-encoding ${encoding}`,
        refused:
          d.body?.kind !== 'multipart' &&
          bodyIsRead(op, { ...d, contentType: d.contentType ?? undefined }),
        apply: (d: Draft) => {
          if (!d.body) rawBody(d, (b) => b);
          d.contentType ??= 'application/json';
          d.headers.push(['Content-Encoding', encoding]);
        },
      })),
  },
];

const multipartMutations: Mutation[] = [
  {
    name: 'multipart-truncated',
    stage: 2,
    applies: (op, d) => d.body?.kind === 'multipart',
    edits: () =>
      fc.double({ min: 0.05, max: 0.97, noNaN: true }).map((cut) => ({
        label: `multipart cut at ${Math.round(cut * 100)}%`,
        refused: true,
        apply: (d: Draft) => {
          if (d.body?.kind === 'multipart') d.body.cutAt = cut;
        },
      })),
  },
  {
    name: 'multipart-oversized',
    stage: 2,
    applies: (op, d) => d.body?.kind === 'multipart' && d.body.files.length > 0,
    edits: (op, d, ctx) =>
      fc.constant({
        label: `multipart file of ${ctx.oversizedFile.length} bytes`,
        refused: true,
        apply: (draft: Draft) => {
          if (draft.body?.kind === 'multipart')
            draft.body.files = draft.body.files.map((f) => ({ ...f, bytes: ctx.oversizedFile }));
        },
      }),
  },
  {
    name: 'multipart-file-name',
    mayPass: true,
    stage: 2,
    applies: (op, d) => d.body?.kind === 'multipart' && d.body.files.length > 0,
    edits: () =>
      fc.constantFrom(...FILE_NAMES).map((name) => ({
        label: `file name ${JSON.stringify(String(name)).slice(0, 40)}`,
        refused: false,
        apply: (d: Draft) => {
          if (d.body?.kind === 'multipart')
            d.body.files = d.body.files.map((f) => ({ ...f, name }));
        },
      })),
  },
  {
    name: 'multipart-odd-parts',
    mayPass: true,
    stage: 2,
    applies: (op, d) => d.body?.kind === 'multipart',
    edits: () =>
      fc
        .constantFrom(
          { label: 'a second file', refused: false, files: 2, fields: 0, field: 'file' },
          { label: 'file under another name', refused: true, files: 1, fields: 0, field: 'upload' },
          { label: 'no file', refused: false, files: 0, fields: 0, field: 'file' },
          { label: '40 extra fields', refused: true, files: 1, fields: 40, field: 'file' },
        )
        .map((shape) => ({
          label: `multipart ${shape.label}`,
          refused: shape.refused,
          apply: (d: Draft) => {
            if (d.body?.kind !== 'multipart') return;
            const file = d.body.files[0];
            d.body.files = file
              ? Array.from({ length: shape.files }, () => ({ ...file, field: shape.field }))
              : [];
            for (let i = 0; i < shape.fields; i++) d.body.fields.push([`extra${i}`, 'x']);
          },
        })),
  },
  {
    name: 'multipart-not-video',
    mayPass: true,
    stage: 2,
    applies: (op, d) => d.body?.kind === 'multipart' && d.body.files.length > 0,
    edits: () =>
      fc
        .constantFrom(
          { what: 'text', bytes: Buffer.from('just text, not a video') },
          { what: 'html', bytes: Buffer.from('<html><script>alert(1)</script></html>') },
          { what: 'empty', bytes: Buffer.alloc(0) },
          { what: 'png', bytes: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') },
          { what: 'elf', bytes: Buffer.from('7f454c46020101000000000000000000', 'hex') },
        )
        .map(({ what, bytes }) => ({
          label: `file content ${what}`,
          refused: false,
          apply: (d: Draft) => {
            if (d.body?.kind === 'multipart')
              d.body.files = d.body.files.map((f) => ({ ...f, bytes }));
          },
        })),
  },
];

const transportMutations: Mutation[] = [
  {
    name: 'huge-header',
    weight: 1,
    stage: 3,
    applies: () => true,
    edits: () =>
      fc
        .constantFrom('X-Padding', 'Cookie', 'User-Agent', 'Referer', 'Accept-Language')
        .map((name) => ({
          label: `64KB ${name} header`,
          refused: true,
          apply: (d: Draft) => d.headers.push([name, 'a'.repeat(64 * 1024)]),
        })),
  },
  {
    name: 'header-control-chars',
    weight: 1,
    stage: 3,
    applies: () => true,
    edits: () =>
      fc
        .tuple(
          fc.constantFrom('X-Note', 'User-Agent', 'Accept-Language', 'X-Forwarded-For'),
          fc.constantFrom('\u0000', '\u0001', '\u0008', '\u007f'),
        )
        .map(([name, char]) => ({
          label: `header ${name} with 0x${char.charCodeAt(0).toString(16)}`,
          refused: true,
          apply: (d: Draft) => d.headers.push([name, `a${char}b`]),
        })),
  },
  {
    name: 'hostile-headers',
    mayPass: true,
    stage: 3,
    applies: () => true,
    edits: () =>
      fc
        .tuple(
          fc.constantFrom(
            'X-Forwarded-For',
            'Accept-Language',
            'Idempotency-Key',
            'Last-Event-ID',
            'Origin',
            'X-Request-Id',
            'If-None-Match',
            'Range',
          ),
          fc.constantFrom(
            ...INJECTIONS,
            '999.999.999.999',
            'unknown, ::ffff:127.0.0.1, 300.1.1.1',
            '*;q=abc,kk;q=2,' + 'x;q=0.1,'.repeat(500),
            'bytes=0-,0-,0-,0-',
            Buffer.from([0xc3, 0x28, 0xff]).toString('latin1'),
          ),
        )
        .map(([name, value]) => ({
          label: `header ${name}: ${value.slice(0, 30)}`,
          refused: false,
          apply: (d: Draft) => {
            d.headers = [
              ...d.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase()),
              [name, value],
            ];
          },
        })),
  },
  {
    name: 'cut-short',
    weight: 1,
    stage: 3,
    applies: () => true,
    // A handler that reads no body acts as soon as the headers are in, cut short or not.
    edits: (op, d) =>
      fc.constant({
        label: 'body cut short, connection closed',
        refused: op.body.kind !== 'none' && bodyIsRead(op, d),
        apply: (d: Draft) => {
          if (!d.body) rawBody(d, (b) => b);
          d.cutShort = true;
        },
      }),
  },
];

const credentialMutations: Mutation[] = [
  {
    name: 'refused-credentials',
    stage: 3,
    applies: (op) => !op.access.public,
    edits: (op, d, ctx) =>
      fc.constantFrom(...ctx.refusedCredentials(op)).map((credential) => ({
        label: `credential ${credential}`,
        refused: true,
        apply: (draft: Draft) => {
          draft.credential = credential;
        },
      })),
  },
  {
    name: 'doubtful-credentials',
    mayPass: true,
    stage: 3,
    applies: () => true,
    edits: (op, d, ctx) =>
      fc.constantFrom(...ctx.doubtfulCredentials(op)).map((credential) => ({
        label: `credential ${credential}`,
        refused: false,
        apply: (draft: Draft) => {
          draft.credential = credential;
        },
      })),
  },
];

/** Every kind of hostile change the generated test makes. */
export const MUTATIONS: Mutation[] = [
  ...fieldMutations,
  ...queryMutations,
  ...bodyMutations,
  ...multipartMutations,
  ...transportMutations,
  ...credentialMutations,
];

export { MEGABYTE };
