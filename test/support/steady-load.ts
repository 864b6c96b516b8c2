import { bearer, TestApp } from './test-app';
import { report } from './incidents';

export interface Answer {
  /** Milliseconds since the load began: when the request was sent and when its answer came. */
  sentAt: number;
  doneAt: number;
  status: number;
  body: Record<string, unknown>;
  retryAfter?: string;
}

/**
 * Files reports at a steady rate from concurrent clients (each request on its own, not waiting
 * for the previous one), for `seconds`, and records every answer with its times. A request with
 * no answer within `timeoutMs` is recorded with status 0. With `until`, the stream goes on after
 * `seconds` until it holds, for at most `seconds` more: a phase that began late still gets its
 * full share of requests.
 */
export async function fileSteadily(
  t: TestApp,
  token: string,
  options: {
    perSecond: number;
    seconds: number;
    timeoutMs?: number;
    startedAt?: number;
    until?: () => boolean;
  },
): Promise<Answer[]> {
  const startedAt = options.startedAt ?? Date.now();
  const count = Math.round(options.perSecond * options.seconds);
  const spacing = 1000 / options.perSecond;
  const answers: Answer[] = [];
  const requests: Promise<void>[] = [];
  const more = (i: number) => i < count || (!!options.until && i < 2 * count && !options.until());
  for (let i = 0; more(i); i++) {
    const due = startedAt + i * spacing;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    const sentAt = Date.now() - startedAt;
    requests.push(
      t
        .http()
        .post('/api/v1/incidents')
        .set(bearer(token))
        .timeout(options.timeoutMs ?? 15000)
        .send(report({ narrative: `Report ${i} of a steady stream.` }))
        .then(
          (res) => {
            answers.push({
              sentAt,
              doneAt: Date.now() - startedAt,
              status: res.status,
              body: res.body as Record<string, unknown>,
              retryAfter: res.headers['retry-after'] as string | undefined,
            });
          },
          () => {
            answers.push({ sentAt, doneAt: Date.now() - startedAt, status: 0, body: {} });
          },
        ),
    );
  }
  await Promise.all(requests);
  return answers.sort((a, b) => a.sentAt - b.sentAt);
}

/** The alert ids of the reports that answered 201. */
export function alertIdsOf(answers: Answer[]): string[] {
  return answers
    .filter((a) => a.status === 201)
    .flatMap((a) => (a.body.alerts as Array<{ id: string }>).map((alert) => alert.id));
}

/** Every incident's rows, counted: a whole report has one of each (and an alert per post). */
export async function rowsPerIncident(t: TestApp): Promise<
  Array<{
    id: string;
    category: string | null;
    victims: number;
    history: number;
    alerts: number;
    outbox: number;
    audit: number;
  }>
> {
  return t.db.query(
    `SELECT i.id, i.category,
            (SELECT count(*)::int FROM incident_victims v WHERE v.incident_id = i.id) AS victims,
            (SELECT count(*)::int FROM incident_history h WHERE h.incident_id = i.id) AS history,
            (SELECT count(*)::int FROM alerts a WHERE a.incident_id = i.id) AS alerts,
            (SELECT count(*)::int FROM outbox o JOIN alerts a ON a.id = o.alert_id
              WHERE a.incident_id = i.id) AS outbox,
            (SELECT count(*)::int FROM audit_log l
              WHERE l.action = 'incident.created' AND l.entity_id = i.id::text) AS audit
       FROM incidents i`,
  );
}
