import { DataSource } from 'typeorm';
import { SUPPORT_KINDS, SUPPORT_STATES } from '../../src/incidents/victim-support-rules';

/*
 * Victim support items written straight into the database, the ways they change: a report's list
 * replaced as the support page does it (under the report's row lock), one kind's state changed
 * across the report's victims, and one victim's items removed.
 */

export { SUPPORT_KINDS, SUPPORT_STATES };

const pickOf =
  (rnd: () => number) =>
  <T>(xs: readonly T[]): T =>
    xs[Math.floor(rnd() * xs.length)];

/** One random change to a report's support items, drawn from `rnd`. */
export async function changeSupport(
  db: DataSource,
  incidentId: string,
  rnd: () => number,
): Promise<void> {
  const pick = pickOf(rnd);
  const [{ victims, author }] = await db.query(
    `SELECT (SELECT count(*)::int FROM incident_victims WHERE incident_id = $1) AS victims,
            (SELECT reporter_id FROM incidents WHERE id = $1) AS author`,
    [incidentId],
  );
  const way = Math.floor(rnd() * 3);
  if (way === 0) {
    const items = Array.from({ length: victims as number }, (_, victim) =>
      SUPPORT_KINDS.filter(() => rnd() < 0.35).map((kind) => ({
        victim,
        kind,
        state: pick(SUPPORT_STATES),
      })),
    ).flat();
    await db.transaction(async (m) => {
      await m.query(`SELECT 1 FROM incidents WHERE id = $1 FOR UPDATE`, [incidentId]);
      await m.query(`DELETE FROM incident_support WHERE incident_id = $1`, [incidentId]);
      if (items.length)
        await m.query(
          `INSERT INTO incident_support (incident_id, victim_index, kind, state, updated_at, updated_by)
           SELECT $1, v, k, s, now(), $5 FROM unnest($2::int[], $3::text[], $4::text[]) AS x(v, k, s)`,
          [
            incidentId,
            items.map((i) => i.victim),
            items.map((i) => i.kind),
            items.map((i) => i.state),
            author,
          ],
        );
    });
  } else if (way === 1) {
    await db.query(`UPDATE incident_support SET state = $3 WHERE incident_id = $1 AND kind = $2`, [
      incidentId,
      pick(SUPPORT_KINDS),
      pick(SUPPORT_STATES),
    ]);
  } else {
    await db.query(`DELETE FROM incident_support WHERE incident_id = $1 AND victim_index = $2`, [
      incidentId,
      Math.floor(rnd() * (victims as number)),
    ]);
  }
}
