import { EntityManager, In, QueryFailedError } from 'typeorm';
import { Incident } from '../incidents/incident.entity';

/**
 * Joining and leaving change several reports at once: the two named and every report of their
 * events. Each change locks all of them in id order, so two changes on overlapping reports wait
 * for each other instead of deadlocking; the membership is read again once the locks are held,
 * and a change that finds it grown in the meantime starts over (it must not lock out of order).
 */

/** The membership grew while the locks were being taken: run the transaction again. */
export class MembershipMoved extends Error {
  constructor() {
    super('the event changed while its reports were being locked');
  }
}

const ATTEMPTS = 8;

/** Runs `work` in a transaction, again when the membership moved or PostgreSQL broke a deadlock. */
export async function withEventLocks<T>(
  transaction: <R>(work: (m: EntityManager) => Promise<R>) => Promise<R>,
  work: (m: EntityManager) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction(work);
    } catch (error) {
      if (attempt >= ATTEMPTS || !retryable(error)) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}

function retryable(error: unknown): boolean {
  if (error instanceof MembershipMoved) return true;
  const code =
    error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : '';
  return code === '40P01' || code === '40001';
}

/**
 * Locks the named reports and every report of their events, in id order, and returns them read
 * after the locks were granted. Throws `MembershipMoved` when an event gained a report meanwhile.
 */
export async function lockWithEvents(m: EntityManager, ids: string[]): Promise<Incident[]> {
  const before = await membersAround(m, ids);
  await m.query(`SELECT id FROM incidents WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [
    before,
  ]);
  const after = await membersAround(m, ids);
  if (after.some((id) => !before.includes(id))) throw new MembershipMoved();
  return m.find(Incident, { where: { id: In(after) }, order: { id: 'ASC' } });
}

async function membersAround(m: EntityManager, ids: string[]): Promise<string[]> {
  const rows = (await m.query(
    `SELECT id FROM incidents WHERE id = ANY($1::uuid[])
     UNION
     SELECT i.id FROM incidents i
      WHERE i.event_id IN (SELECT event_id FROM incidents WHERE id = ANY($1::uuid[]) AND event_id IS NOT NULL)
     ORDER BY id`,
    [ids],
  )) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}
