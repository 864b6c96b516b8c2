import { GENESIS_HASH } from '../audit/audit-chain';
import { custodyHash, CustodyEvent, verifyCustody } from './custody-chain';

function chain(actions: string[]) {
  let prev = GENESIS_HASH;
  return actions.map((action, i) => {
    const event: CustodyEvent = {
      at: new Date(Date.UTC(2026, 10, 1, 0, i)),
      actorType: 'user',
      actorId: null,
      ip: '10.0.0.1',
      action,
      details: { n: i },
    };
    const hash = custodyHash(prev, event);
    const row = { ...event, id: String(i + 1), prevHash: prev, hash };
    prev = hash;
    return row;
  });
}

describe('chain of custody', () => {
  it('verifies an untouched chain', () => {
    expect(verifyCustody(chain(['uploaded', 'linked', 'content_accessed']))).toEqual({
      valid: true,
      brokenAt: null,
    });
  });

  it('names the first event that was altered or removed', () => {
    const edited = chain(['uploaded', 'linked', 'content_accessed']);
    edited[1].details = { n: 99 };
    expect(verifyCustody(edited)).toEqual({ valid: false, brokenAt: '2' });
    const removed = chain(['uploaded', 'linked', 'content_accessed']);
    removed.splice(1, 1);
    expect(verifyCustody(removed)).toEqual({ valid: false, brokenAt: '3' });
  });
});
