import { EntityManager } from 'typeorm';
import type { FieldCipher } from '../privacy/field-cipher';
import type { AddendumView } from './incident.views';

interface AddendumRow {
  id: string;
  text: Buffer;
  author_id: string;
  created_at: Date;
}

const view = (cipher: FieldCipher, r: AddendumRow): AddendumView => ({
  id: r.id,
  text: cipher.open('incident_addenda.text', r.text),
  authorId: r.author_id,
  createdAt: r.created_at,
});

/** A report's addenda, oldest first, decrypted. */
export async function addendaOf(
  m: EntityManager,
  cipher: FieldCipher,
  incidentId: string,
): Promise<AddendumView[]> {
  const rows = (await m.query(
    `SELECT id, text, author_id, created_at FROM incident_addenda
      WHERE incident_id = $1 ORDER BY position`,
    [incidentId],
  )) as AddendumRow[];
  return rows.map((r) => view(cipher, r));
}

/** Appends the addendum and its history entry in one statement; the text is stored encrypted. */
export async function insertAddendum(
  m: EntityManager,
  cipher: FieldCipher,
  a: { incidentId: string; authorId: string; authorRole: string; text: string; at: Date },
): Promise<AddendumView> {
  const [row] = (await m.query(
    `WITH a AS (
       INSERT INTO incident_addenda (incident_id, author_id, author_role, text, created_at)
       VALUES ($1, $2, $3, $4, $5)
       RETURNING id, text, author_id, created_at),
     h AS (
       INSERT INTO incident_history (incident_id, at, actor_id, actor_role, type, data)
       SELECT $1, $5, $2, $3, 'addendum', jsonb_build_object('addendumId', a.id) FROM a)
     SELECT * FROM a`,
    [a.incidentId, a.authorId, a.authorRole, cipher.seal('incident_addenda.text', a.text), a.at],
  )) as AddendumRow[];
  return view(cipher, row);
}
