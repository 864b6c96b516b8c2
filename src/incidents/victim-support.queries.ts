import { EntityManager } from 'typeorm';
import type { FieldCipher } from '../privacy/field-cipher';
import type { SupportFacts, SupportKind, SupportState } from './victim-support-rules';

const NOTE = 'incident_support.note' as const;

export interface StoredSupport extends SupportFacts {
  updatedAt: Date;
  updatedBy: string;
}

interface SupportRow {
  victim_index: number;
  kind: SupportKind;
  state: SupportState;
  due_at: Date | null;
  note: Buffer | null;
  updated_at: Date;
  updated_by: string;
}

/** A report's support items by victim, then in the order of the kinds; notes decrypted. */
export async function supportOf(
  m: EntityManager,
  cipher: FieldCipher,
  incidentId: string,
): Promise<StoredSupport[]> {
  const rows = (await m.query(
    `SELECT victim_index, kind, state, due_at, note, updated_at, updated_by FROM incident_support
      WHERE incident_id = $1
      ORDER BY victim_index, array_position(
        ARRAY['medical_care', 'counselling', 'legal_aid', 'sick_leave', 'return_to_work'], kind)`,
    [incidentId],
  )) as SupportRow[];
  return rows.map((r) => ({
    victimIndex: r.victim_index,
    kind: r.kind,
    state: r.state,
    dueAt: r.due_at,
    note: cipher.openNullable(NOTE, r.note),
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  }));
}

/** Replaces a report's list with these items; the caller holds the report's row lock. */
export async function replaceSupport(
  m: EntityManager,
  cipher: FieldCipher,
  incidentId: string,
  items: StoredSupport[],
): Promise<void> {
  await m.query(`DELETE FROM incident_support WHERE incident_id = $1`, [incidentId]);
  if (items.length === 0) return;
  await m.query(
    `INSERT INTO incident_support (incident_id, victim_index, kind, state, due_at, note, updated_at, updated_by)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::timestamptz[], $6::bytea[],
                              $7::timestamptz[], $8::uuid[])`,
    [
      incidentId,
      items.map((i) => i.victimIndex),
      items.map((i) => i.kind),
      items.map((i) => i.state),
      items.map((i) => i.dueAt),
      items.map((i) => cipher.sealNullable(NOTE, i.note)),
      items.map((i) => i.updatedAt),
      items.map((i) => i.updatedBy),
    ],
  );
}
