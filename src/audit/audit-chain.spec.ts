import { canonicalJson, GENESIS_HASH, hashEntry, verifyBatch, ChainedFields } from './audit-chain';

function chain(n: number): Array<ChainedFields & { hash: string }> {
  const entries: Array<ChainedFields & { hash: string }> = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields: ChainedFields = {
      seq: String(i),
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      actorType: 'user',
      actorId: '00000000-0000-4000-8000-000000000001',
      action: 'facility.updated',
      entityType: 'facility',
      entityId: `f-${i}`,
      ip: '127.0.0.1',
      requestId: null,
      details: { changed: ['name'], n: i },
      prevHash,
    };
    const hash = hashEntry(fields);
    entries.push({ ...fields, hash });
    prevHash = hash;
  }
  return entries;
}

const start = { hash: GENESIS_HASH, seq: 0n };

describe('audit hash chain', () => {
  it('accepts an untouched chain', () => {
    expect(verifyBatch(chain(5), start)).toEqual({ last: { hash: chain(5)[4].hash, seq: 5n } });
  });

  it.each([
    [
      'an edited field',
      (c: ReturnType<typeof chain>) => (c[2].action = 'facility.deleted'),
      '3',
      'edited',
    ],
    [
      'edited details',
      (c: ReturnType<typeof chain>) => (c[1].details = { changed: [] }),
      '2',
      'edited',
    ],
    ['a deleted entry', (c: ReturnType<typeof chain>) => c.splice(2, 1), '4', 'missing'],
    [
      'a re-hashed edit',
      (c: ReturnType<typeof chain>) => {
        c[1].entityId = 'other';
        c[1].hash = hashEntry(c[1]);
      },
      '3',
      'previous-hash',
    ],
  ])('names the first broken entry after %s', (_name, tamper, seq, reason) => {
    const entries = chain(5);
    tamper(entries);
    const result = verifyBatch(entries, start);
    expect(result).toMatchObject({ broken: { seq } });
    expect('broken' in result && result.broken.reason).toContain(reason);
  });

  it('hashes details the same whatever their key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });
});
