import fc from 'fast-check';
import { Edit, Mutation, MutationContext, MUTATIONS } from './mutations';
import { Operation, ParameterObject } from './openapi';
import { Draft, DraftBody, percentEncode } from './request-draft';
import { IdPools, isIdName, validValue } from './schema-values';

export interface CaseContext extends MutationContext {
  pools: IdPools;
  /** Credentials the operation lets in (every credential, for a public one). */
  allowedCredentials(op: Operation): string[];
  /** A small file of the kind the upload takes. */
  validFile: Buffer;
}

/** One generated request: what it is made of, and whether it must be refused. */
export interface Case {
  draft: Draft;
  labels: string[];
  mustRefuse: boolean;
}

/**
 * Operations whose success would undo the fixture the rest of the run relies on (a deleted row,
 * a signed-out user): every case for them carries a change that must be refused.
 */
export const alwaysRefused = (op: Operation) =>
  op.method === 'DELETE' || /\/(logout|session\/end)$/.test(op.path);

/** Existing ids for a path parameter: by its name, or by the path segment before `{id}`. */
function pathPool(op: Operation, param: ParameterObject, pools: IdPools): string[] {
  if (param.name !== 'id') return pools[param.name] ?? [];
  const segment = op.path.split('/{id}')[0].split('/').pop() ?? '';
  return pools[segment] ?? [];
}

function paramValue(op: Operation, param: ParameterObject, pools: IdPools): fc.Arbitrary<string> {
  const pool = param.in === 'path' ? pathPool(op, param, pools) : [];
  if (pool.length) return fc.constantFrom(...pool);
  if (param.in === 'path' && isIdName(param.name)) return fc.uuid();
  // Header values are visible ASCII.
  if (param.in === 'header') return fc.stringMatching(/^[A-Za-z0-9-]{8,40}$/);
  return validValue(param.name, param.schema, pools).map((v) => String(v));
}

function validBody(op: Operation, ctx: CaseContext): fc.Arbitrary<DraftBody | undefined> {
  if (op.body.kind === 'none') return fc.constant(undefined);
  const value = validValue('body', op.body.schema, ctx.pools);
  if (op.body.kind === 'json') return value.map((v) => ({ kind: 'json' as const, value: v }));
  return value.map((v) => ({
    kind: 'multipart' as const,
    fields: Object.entries(v as Record<string, unknown>).map(
      ([k, x]) => [k, String(x)] as [string, string],
    ),
    files: [{ field: 'file', name: 'clip.mp4', contentType: 'video/mp4', bytes: ctx.validFile }],
  }));
}

/** A request a well-behaved client with the right credentials could send. */
export function validDraft(op: Operation, ctx: CaseContext): fc.Arbitrary<Draft> {
  const path = op.parameters.filter((p) => p.in === 'path');
  const optional = (p: ParameterObject) =>
    p.required ? paramValue(op, p, ctx.pools) : fc.option(paramValue(op, p, ctx.pools));
  const named = (params: ParameterObject[]) =>
    fc.tuple(...params.map((p) => optional(p).map((v) => [p.name, v] as const)));
  return fc
    .record({
      pathParams: named(path),
      query: named(op.parameters.filter((p) => p.in === 'query')),
      headers: named(op.parameters.filter((p) => p.in === 'header')),
      body: validBody(op, ctx),
      credential: fc.constantFrom(...ctx.allowedCredentials(op)),
      // Each case from its own address, so sign-in throttling never answers for validation.
      address: fc.ipV4(),
    })
    .map((r) => ({
      method: op.method,
      path: op.path,
      pathParams: Object.fromEntries(r.pathParams.map(([k, v]) => [k, percentEncode(v!)])),
      query: r.query.filter((q): q is [string, string] => q[1] !== null),
      headers: [
        ['X-Forwarded-For', r.address] as [string, string],
        ...r.headers.filter((h): h is [string, string] => h[1] !== null),
      ],
      credential: r.credential,
      body: r.body,
    }));
}

function cloneDraft(d: Draft): Draft {
  const body: DraftBody | undefined =
    d.body?.kind === 'json'
      ? { kind: 'json', value: structuredClone(d.body.value) }
      : d.body?.kind === 'multipart'
        ? { ...d.body, fields: [...d.body.fields], files: [...d.body.files] }
        : d.body;
  return {
    ...d,
    pathParams: { ...d.pathParams },
    query: [...d.query],
    headers: [...d.headers],
    body,
  };
}

/** Mutations that reach the handlers' own checks are picked more often than transport ones. */
const weighted = (mutations: Mutation[]) =>
  fc.oneof(...mutations.map((m) => ({ arbitrary: fc.constant(m), weight: m.weight ?? 4 })));

interface Building {
  draft: Draft;
  labels: string[];
  refused: boolean;
}

function applyOne(
  op: Operation,
  ctx: CaseContext,
  pick: (m: Mutation[]) => fc.Arbitrary<Mutation>,
  keep: (e: Edit) => boolean = () => true,
) {
  return (state: Building): fc.Arbitrary<Building> => {
    const usable = MUTATIONS.filter((m) => m.applies(op, state.draft));
    return pick(usable)
      .chain((m) => m.edits(op, state.draft, ctx))
      .filter(keep)
      .map((edit: Edit) => {
        const draft = cloneDraft(state.draft);
        edit.apply(draft);
        return {
          draft,
          labels: [...state.labels, edit.label],
          refused: state.refused || edit.refused,
        };
      });
  };
}

/**
 * A valid-looking request with hostile changes. Three cases in four (and every case of an
 * operation that must not succeed) carry one to three changes in stage order (fields, body
 * bytes, transport) and end with one that must be refused. The fourth carries only changes a
 * correct server may accept (injection strings, odd file names, odd headers), so that they reach
 * the handlers and the database.
 */
export function caseFor(op: Operation, ctx: CaseContext): fc.Arbitrary<Case> {
  return fc
    .record({
      start: validDraft(op, ctx),
      stages: fc.subarray([1, 2, 3], { minLength: 1, maxLength: 3 }),
      strict: alwaysRefused(op)
        ? fc.constant(true)
        : fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
    })
    .chain(({ start, stages, strict }) => {
      let state: fc.Arbitrary<Building> = fc.constant({ draft: start, labels: [], refused: false });
      for (const stage of stages.slice(0, strict ? 3 : 2))
        state = state.chain(
          applyOne(
            op,
            ctx,
            (usable) => {
              const fit = usable.filter((m) => strict || m.mayPass);
              const here = fit.filter((m) => m.stage === stage);
              return weighted(here.length ? here : fit);
            },
            (edit) => strict || !edit.refused,
          ),
        );
      if (strict)
        state = state.chain((s) =>
          s.refused ? fc.constant(s) : applyOne(op, ctx, weighted, (e) => e.refused)(s),
        );
      return state.map((s) => ({ draft: s.draft, labels: s.labels, mustRefuse: s.refused }));
    });
}
