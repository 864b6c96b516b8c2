import { FieldProblem } from './app-error';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Deep enough for any input the JSON parser lets through (32 levels) and the flat query and form. */
const MAX_DEPTH = 40;

/**
 * The first string in a request's input that the system cannot take as text, or null: a NUL
 * character (PostgreSQL text cannot hold U+0000) or a lone UTF-16 surrogate (not a character at
 * all; validators and encoders throw on it). Walks objects and arrays; the field is named the way
 * validation names it (`victims[0].fullName`), under `root` for a single value.
 */
export function unstorableText(value: unknown, root: string, depth = 0): FieldProblem | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      return { field: root, message: 'must not contain NUL characters' };
    if (LONE_SURROGATE.test(value))
      return { field: root, message: 'must be valid Unicode text (a lone surrogate is not)' };
    return null;
  }
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  const entries = Array.isArray(value)
    ? value.map((v, i) => [`${root}[${i}]`, v] as const)
    : Object.entries(value).map(([k, v]) => [root ? `${root}.${k}` : k, v] as const);
  for (const [field, v] of entries) {
    const keyProblem = Array.isArray(value) ? null : unstorableText(field.split('.').pop(), field);
    const problem = keyProblem ?? unstorableText(v, field, depth + 1);
    if (problem) return problem;
  }
  return null;
}
