import { Queue } from 'bullmq';
import { Client } from 'pg';
import { deliveryJobId } from '../../src/alerts/alert-jobs';
import { QueueName } from '../../src/jobs/queues';
import { redisConnectionOptions } from '../../src/redis/redis.service';
import { ms } from '../lib/load';
import { percentile } from '../lib/stack';

/**
 * Where an alert's time goes on its way to the webhook: the filing (from the incident's
 * `createdAt` to the relay picking the alert up, read from the outbox's `relayed_at`, which is the
 * relay transaction's start), the relay queueing the job (BullMQ's job timestamp), the job waiting
 * for a worker (`processedOn`), and the delivery itself (to the receiver's arrival).
 */
export async function webhookStages(
  env: Record<string, string | undefined>,
  filed: Map<string, number>,
  arrival: (alertId: string) => number | undefined,
): Promise<string[]> {
  const db = new Client({ connectionString: String(env.DATABASE_URL) });
  const queue = new Queue(QueueName.AlertDelivery, {
    connection: redisConnectionOptions(String(env.REDIS_URL)),
    prefix: 'mg:bull',
  });
  await db.connect();
  try {
    const ids = [...filed.keys()];
    const { rows } = await db.query<{ alert_id: string; relayed_at: Date | null }>(
      `SELECT alert_id, min(relayed_at) AS relayed_at FROM outbox
        WHERE alert_id = ANY($1::uuid[]) GROUP BY alert_id`,
      [ids],
    );
    const relayed = new Map(rows.map((r) => [r.alert_id, r.relayed_at?.getTime()]));
    const stages = { pickedUp: [], queued: [], waited: [], delivered: [] } as Record<
      'pickedUp' | 'queued' | 'waited' | 'delivered',
      number[]
    >;
    for (const [id, at] of filed) {
      const job = await queue.getJob(deliveryJobId(id));
      const picked = relayed.get(id);
      const received = arrival(id);
      if (!job || picked === undefined || received === undefined || !job.processedOn) continue;
      stages.pickedUp.push(picked - at);
      stages.queued.push(job.timestamp - picked);
      stages.waited.push(job.processedOn - job.timestamp);
      stages.delivered.push(received - job.processedOn);
    }
    const line = (name: string, xs: number[]) => {
      const s = xs.sort((a, b) => a - b);
      return `    ${name.padEnd(36)} p50 ${ms(percentile(s, 0.5))}  p99 ${ms(percentile(s, 0.99))}  max ${ms(s[s.length - 1] ?? NaN)}`;
    };
    return [
      '  webhook stages:',
      line('written -> relay picks it up', stages.pickedUp),
      line('relay picks up -> job queued', stages.queued),
      line('job queued -> worker starts it', stages.waited),
      line('worker starts -> webhook received', stages.delivered),
    ];
  } finally {
    await Promise.all([db.end(), queue.close()]);
  }
}
