/** Names of the fields a patch really changes, for audit entries that must not carry the values. */
export function changedFields(before: object, patch: object): string[] {
  const current = before as Record<string, unknown>;
  return Object.entries(patch)
    .filter(([key, value]) => value !== undefined && !sameValue(current[key], value))
    .map(([key]) => key)
    .sort();
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && typeof b === 'string') return a.getTime() === new Date(b).getTime();
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/**
 * The fields a patch sets. A validated DTO carries every field it declares, those not sent as
 * `undefined`; assigned onto a record as they are, they would blank the record's fields in the
 * answer.
 */
export function definedFields<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(patch).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
