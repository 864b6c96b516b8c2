import { createHash } from 'node:crypto';

/**
 * Stable UUIDs (version-5 layout) for seeded rows, derived from a readable key, so that running a
 * seed twice inserts nothing new and references between seeded rows survive re-seeding.
 */
export function seedId(key: string): string {
  const h = createHash('sha1').update(`medguard-seed:${key}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** A deterministic pseudo-random sequence (mulberry32), for reproducible synthetic data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
