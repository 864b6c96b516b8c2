import { DataSource, EntityManager } from 'typeorm';

/*
 * Joins and leaves of events written straight in SQL, as the events API writes them: in one
 * transaction, the reports' `event_id`, and the two flags statistics count by recomputed for the
 * whole event — `counts_event` true only on the earliest report (ties by id), `counted` false on
 * a victim entry naming an account an earlier entry of the event already names.
 */

/** Recomputes the flags of every report of the event and of their victims. */
async function recount(m: EntityManager, eventId: string): Promise<void> {
  await m.query(
    `UPDATE incidents i SET counts_event = (i.id = f.id)
       FROM (SELECT id FROM incidents WHERE event_id = $1 ORDER BY occurred_at, id LIMIT 1) f
      WHERE i.event_id = $1 AND i.counts_event IS DISTINCT FROM (i.id = f.id)`,
    [eventId],
  );
  await m.query(
    `WITH e AS (
       SELECT v.id, NOT EXISTS (
                SELECT 1 FROM incident_victims w JOIN incidents j ON j.id = w.incident_id
                 WHERE j.event_id = $1 AND w.user_id = v.user_id
                   AND (j.occurred_at, j.id, w.position) < (i.occurred_at, i.id, v.position)) AS counted
         FROM incident_victims v JOIN incidents i ON i.id = v.incident_id
        WHERE i.event_id = $1)
     UPDATE incident_victims v SET counted = e.counted
       FROM e WHERE v.id = e.id AND v.counted IS DISTINCT FROM e.counted`,
    [eventId],
  );
}

/** A join or leave met a report another one moved meanwhile: it starts again. */
class MovedMeanwhile extends Error {}

/**
 * Locks the events of the reports first, then every report of them and the reports themselves,
 * each in id order, so that concurrent joins and leaves queue instead of deadlocking.
 */
async function lock(m: EntityManager, ids: string[]): Promise<Array<string | null>> {
  const eventOf = async (sql: string, params: unknown[]) =>
    new Map(
      ((await m.query(sql, params)) as Array<{ id: string; event_id: string | null }>).map((r) => [
        r.id,
        r.event_id,
      ]),
    );
  const seen = await eventOf(`SELECT id, event_id FROM incidents WHERE id = ANY($1::uuid[])`, [
    ids,
  ]);
  const events = [...new Set([...seen.values()].filter((e): e is string => e !== null))].sort();
  if (events.length)
    await m.query(
      `SELECT 1 FROM incident_events WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [events],
    );
  const locked = await eventOf(
    `SELECT id, event_id FROM incidents WHERE id = ANY($1::uuid[]) OR event_id = ANY($2::uuid[])
      ORDER BY id FOR UPDATE`,
    [ids, events],
  );
  if (ids.some((id) => locked.get(id) !== seen.get(id))) throw new MovedMeanwhile();
  return ids.map((id) => seen.get(id) ?? null);
}

/** Runs `work` in a transaction, again when a report moved meanwhile (at most 20 times). */
async function retried<T>(db: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (!(error instanceof MovedMeanwhile) || attempt === 20) throw error;
    }
  }
}

/** Joins report `b` (and its event, if any) into the event of report `a`, creating one if needed. */
export async function joinEvent(db: DataSource, a: string, b: string): Promise<string> {
  return retried(db, async (m) => {
    const [ea, eb] = await lock(m, [a, b]);
    const eventId =
      ea ??
      eb ??
      (
        (await m.query(`INSERT INTO incident_events DEFAULT VALUES RETURNING id`)) as [
          { id: string },
        ]
      )[0].id;
    await m.query(
      `UPDATE incidents SET event_id = $1
        WHERE (id = ANY($2::uuid[]) OR event_id = ANY($3::uuid[])) AND event_id IS DISTINCT FROM $1`,
      [eventId, [a, b], [ea, eb].filter(Boolean)],
    );
    await recount(m, eventId);
    return eventId;
  });
}

/** Takes a report out of its event: it counts on its own again, and the rest are recounted. */
export async function leaveEvent(db: DataSource, id: string): Promise<void> {
  await retried(db, async (m) => {
    const [eventId] = await lock(m, [id]);
    if (!eventId) return;
    await m.query(`UPDATE incidents SET event_id = NULL, counts_event = true WHERE id = $1`, [id]);
    await m.query(
      `UPDATE incident_victims SET counted = true WHERE incident_id = $1 AND NOT counted`,
      [id],
    );
    await recount(m, eventId);
  });
}
