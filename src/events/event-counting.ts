import { EntityManager } from 'typeorm';
import type { FieldCipher } from '../privacy/field-cipher';
import type { Incident } from '../incidents/incident.entity';
import { countEvent, EventCount, EventReport } from './victim-identity';

/** A report with its victims in plain text, as the event's counting weighs them. */
export interface CountedReport extends EventReport {
  reference: string;
  victims: Array<EventReport['victims'][number] & { injury: string; counted: boolean }>;
}

/** The victims of the given reports, their names decrypted. */
export async function readVictims(
  m: EntityManager,
  cipher: FieldCipher,
  reports: Array<Pick<Incident, 'id' | 'reference' | 'occurredAt'>>,
): Promise<CountedReport[]> {
  const rows = (await m.query(
    `SELECT id, incident_id, position, role, injury, full_name, user_id, counted
       FROM incident_victims WHERE incident_id = ANY($1::uuid[]) ORDER BY incident_id, position`,
    [reports.map((r) => r.id)],
  )) as Array<{
    id: string;
    incident_id: string;
    position: number;
    role: string;
    injury: string;
    full_name: Buffer | null;
    user_id: string | null;
    counted: boolean;
  }>;
  return reports.map((r) => ({
    id: r.id,
    reference: r.reference,
    occurredAt: r.occurredAt,
    victims: rows
      .filter((v) => v.incident_id === r.id)
      .map((v) => ({
        id: v.id,
        position: v.position,
        role: v.role,
        injury: v.injury,
        userId: v.user_id,
        fullName: cipher.openNullable('incident_victims.full_name', v.full_name),
        counted: v.counted,
      })),
  }));
}

/**
 * Sets the flags statistics count by (see the IncidentEvents migration): for a report in no event
 * everything is true; in an event, only its earliest report counts the event and only the first
 * entry naming each person counts that person. Writes only the flags that change. Returns each
 * event's count, by event id.
 */
export async function writeCountFlags(
  m: EntityManager,
  reports: Array<CountedReport & { eventId: string | null; countsEvent: boolean }>,
): Promise<Map<string, EventCount>> {
  const counts = new Map<string, EventCount>();
  for (const eventId of new Set(reports.map((r) => r.eventId).filter((e) => e !== null)))
    counts.set(eventId, countEvent(reports.filter((r) => r.eventId === eventId)));
  const reportFlags = reports.map((r) => ({
    id: r.id,
    value: r.eventId === null || counts.get(r.eventId)!.countingReportId === r.id,
    was: r.countsEvent,
  }));
  const victimFlags = reports.flatMap((r) =>
    r.victims.map((v) => ({
      id: v.id,
      value: r.eventId === null || counts.get(r.eventId)!.counted.has(v.id),
      was: v.counted,
    })),
  );
  const changed = <T extends { id: string; value: boolean; was: boolean }>(flags: T[]) =>
    JSON.stringify(
      flags.filter((f) => f.value !== f.was).map((f) => ({ id: f.id, value: f.value })),
    );
  await m.query(
    `UPDATE incidents i SET counts_event = x.value
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, value boolean) WHERE i.id = x.id`,
    [changed(reportFlags)],
  );
  await m.query(
    `UPDATE incident_victims v SET counted = x.value
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, value boolean) WHERE v.id = x.id`,
    [changed(victimFlags)],
  );
  return counts;
}
