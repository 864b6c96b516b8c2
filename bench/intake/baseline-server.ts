/**
 * The floor to compare intake against: node:http and pg, no framework, no validation, no auth,
 * no classification lookup. It inserts the same rows as the service, in one transaction: the
 * incident, its victims, its history entry, its alert with its outbox entry and console event, and
 * the chained audit entry (staged the
 * same way, chained by the database at commit).
 */
import { createServer } from 'node:http';
import { Pool } from 'pg';
import { stageAuditEntry } from '../../src/audit/audit-chain';

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL ?? 10),
});
const reporterId = process.env.REPORTER_ID!;
const ruleSetId = process.env.RULE_SET_ID!;
const postId = process.env.POST_ID!;

interface Body {
  occurredAt: string;
  facilityId: string;
  unitId?: string;
  place: { kind: string };
  kind: string;
  duringStateOfEmergency: boolean;
  victims: Array<{ role: string; injury: string; fullName?: string }>;
  perpetrators: { type: string; count: number; description?: string };
  narrative: string;
}

async function insert(b: Body): Promise<{ id: string; reference: string }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const year = new Date().getFullYear();
    const { rows: seq } = await client.query('SELECT next_incident_number($1) AS n', [year]);
    const reference = `INC-${year}-${String(seq[0].n).padStart(6, '0')}`;
    const { rows } = await client.query(
      `INSERT INTO incidents (reference, facility_id, unit_id, reporter_id, occurred_at, place_kind, kind,
         reported_emergency, during_state_of_emergency, perpetrator_type, perpetrator_count, perpetrator_description,
         narrative, category, max_penalty, rule_set_id, rule_set_version, classification_reasons)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$8,$9,$10,$11,$12,'assault','{"kind":"imprisonment","years":7}',$13,1,'[]')
       RETURNING id`,
      [
        reference,
        b.facilityId,
        b.unitId ?? null,
        reporterId,
        b.occurredAt,
        b.place.kind,
        b.kind,
        b.duringStateOfEmergency,
        b.perpetrators.type,
        b.perpetrators.count,
        b.perpetrators.description ?? null,
        b.narrative,
        ruleSetId,
      ],
    );
    const id = rows[0].id as string;
    for (const [position, v] of b.victims.entries()) {
      await client.query(
        'INSERT INTO incident_victims (incident_id, position, role, injury, full_name) VALUES ($1,$2,$3,$4,$5)',
        [id, position, v.role, v.injury, v.fullName ?? null],
      );
    }
    await client.query(
      `INSERT INTO incident_history (incident_id, actor_id, actor_role, type, to_status) VALUES ($1,$2,'staff','created','submitted')`,
      [id, reporterId],
    );
    await client.query(
      `INSERT INTO footage_requests (incident_id, device_id, device_serial, window_from, window_to,
         origin, created_at, expires_at)
       SELECT $1, d.id, d.serial_number, $2::timestamptz - interval '15 minutes',
              $2::timestamptz + interval '15 minutes', 'report', now(), now() + interval '24 hours'
         FROM devices d JOIN units u ON u.id = d.unit_id
        WHERE (d.unit_id = $3 AND d.kind = 'body_camera')
           OR ($4 = 'admission_department' AND u.facility_id = $5
               AND u.kind = 'admission_department' AND d.kind = 'video_recorder')`,
      [id, b.occurredAt, b.unitId ?? null, b.place.kind, b.facilityId],
    );
    const { rows: alerts } = await client.query(
      `INSERT INTO alerts (incident_id, police_post_id, priority, deadline_at) VALUES ($1,$2,3, now() + interval '5 minutes') RETURNING id`,
      [id, postId],
    );
    await client.query('INSERT INTO outbox (alert_id) VALUES ($1)', [alerts[0].id]);
    const entry = {
      occurredAt: new Date(),
      actorType: 'user',
      actorId: reporterId,
      action: 'incident.created',
      entityType: 'incident',
      entityId: id,
      ip: '127.0.0.1',
      requestId: null,
      details: { reference },
    };
    await client.query(...stageAuditEntry(entry));
    // Last before commit, as the service does: it takes the post's console counter.
    await client.query(
      `INSERT INTO alert_events (police_post_id, alert_id, type) VALUES ($1, $2, 'alert')`,
      [postId, alerts[0].id],
    );
    await client.query('COMMIT');
    return { id, reference };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    insert(JSON.parse(Buffer.concat(chunks).toString()) as Body).then(
      (created) => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify(created));
      },
      (error: Error) => {
        res.writeHead(500);
        res.end(error.message);
      },
    );
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () =>
  process.stdout.write('baseline ready\n'),
);
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
