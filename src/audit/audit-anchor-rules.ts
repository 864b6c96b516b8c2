/** The audit chain's head as written to the bucket: position, hash, and when it was written. */
export interface AuditAnchor {
  seq: string;
  hash: string;
  at: string;
}

export interface AnchorProblem {
  seq: string;
  reason: string;
}

export const ANCHOR_PREFIX = 'audit-anchors/';

/** Zero-padded, so the keys sort in chain order. */
export const anchorKey = (seq: string): string => `${ANCHOR_PREFIX}${seq.padStart(20, '0')}.json`;

/** An anchor read back from the bucket; one that is not what anchoring writes is a problem. */
export function parseAnchor(
  key: string,
  text: string,
): { anchor: AuditAnchor } | { problem: AnchorProblem } {
  const fromKey = /^audit-anchors\/0*(\d+)\.json$/.exec(key)?.[1] ?? key;
  try {
    const value = JSON.parse(text) as Partial<AuditAnchor>;
    if (
      typeof value.seq === 'string' &&
      /^\d+$/.test(value.seq) &&
      typeof value.hash === 'string' &&
      /^[0-9a-f]{64}$/.test(value.hash) &&
      typeof value.at === 'string' &&
      anchorKey(value.seq) === key
    )
      return { anchor: { seq: value.seq, hash: value.hash, at: value.at } };
  } catch {
    // reported below
  }
  return { problem: { seq: fromKey, reason: `the anchor ${key} is not a valid anchor` } };
}

/**
 * Problems of anchors against the chain's hashes by seq: an anchored entry missing from the chain
 * (the newest entries deleted), or there with another hash (the chain rewritten from there on).
 */
export function checkAnchors(
  anchors: readonly AuditAnchor[],
  chain: ReadonlyMap<string, string>,
): AnchorProblem[] {
  return anchors.flatMap((a): AnchorProblem[] => {
    const hash = chain.get(a.seq);
    if (hash === undefined)
      return [{ seq: a.seq, reason: `anchored at ${a.at}, it is missing from the chain` }];
    if (hash !== a.hash)
      return [{ seq: a.seq, reason: `anchored at ${a.at}, it has another hash in the chain` }];
    return [];
  });
}
