import { createHash } from 'node:crypto';
import { canonicalJson, GENESIS_HASH } from '../audit/audit-chain';

export interface CustodyEvent {
  at: Date;
  actorType: string;
  actorId: string | null;
  ip: string | null;
  action: string;
  details: Record<string, unknown>;
}

/** SHA-256 over the previous event's hash of the same footage and this event's fields. */
export function custodyHash(prevHash: string, event: CustodyEvent): string {
  const payload = canonicalJson({
    at: event.at.toISOString(),
    actorType: event.actorType,
    actorId: event.actorId,
    ip: event.ip,
    action: event.action,
    details: event.details,
  });
  return createHash('sha256').update(`${prevHash}\n${payload}`, 'utf8').digest('hex');
}

/** Whether the events, in order, link up and each matches its hash; names the first that does not. */
export function verifyCustody(
  events: Array<CustodyEvent & { prevHash: string; hash: string; id: string }>,
): {
  valid: boolean;
  brokenAt: string | null;
} {
  let prev = GENESIS_HASH;
  for (const event of events) {
    if (event.prevHash !== prev || custodyHash(prev, event) !== event.hash)
      return { valid: false, brokenAt: event.id };
    prev = event.hash;
  }
  return { valid: true, brokenAt: null };
}
