import { EntityManager } from 'typeorm';
import { Incident } from '../incidents/incident.entity';
import type { FieldCipher } from '../privacy/field-cipher';
import { ruleSetAt } from './event-classification';
import { readVictims } from './event-counting';
import { countEvent, distinctMedicalWorkers } from './victim-identity';

export interface EventMember {
  id: string;
  reference: string;
  occurredAt: Date;
  category: string;
}

export interface EventReading {
  eventId: string;
  /** In id order. */
  incidentIds: string[];
  distinctMedicalWorkers: number;
  /** Earliest first. */
  members: EventMember[];
}

/**
 * A report's event as it is now: its reports and the distinct medical workers harmed across
 * them, "medical" as the rule set in force at this report's time says. Null when it is in none.
 */
export async function readEventView(
  m: EntityManager,
  cipher: FieldCipher,
  incidentId: string,
): Promise<EventReading | null> {
  const [self] = (await m.query(`SELECT event_id, occurred_at FROM incidents WHERE id = $1`, [
    incidentId,
  ])) as Array<{ event_id: string | null; occurred_at: Date }>;
  if (!self?.event_id) return null;
  const members = await m.find(Incident, {
    where: { eventId: self.event_id },
    select: { id: true, reference: true, occurredAt: true, category: true },
    order: { occurredAt: 'ASC', id: 'ASC' },
  });
  const ruleSet = await ruleSetAt(m, self.occurred_at);
  const count = countEvent(await readVictims(m, cipher, members));
  return {
    eventId: self.event_id,
    incidentIds: members.map((r) => r.id).sort(),
    distinctMedicalWorkers: distinctMedicalWorkers(
      count,
      ruleSet?.definition.medicalWorkerRoles ?? [],
    ),
    members: members.map((r) => ({
      id: r.id,
      reference: r.reference,
      occurredAt: r.occurredAt,
      category: r.category,
    })),
  };
}
