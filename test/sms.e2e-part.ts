import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DEMO_IDS } from '../seeds/demo';
import { textJobId } from '../src/alerts/alert-jobs';
import { QueueName } from '../src/jobs/queues';
import { AlertSweeper } from '../src/alerts/alert-sweeper.service';
import { t as tr } from '../src/i18n/i18n';
import type { MessageKey } from '../src/i18n/messages.en';
import { shortAlertPath } from '../src/sms/alert-link';
import { eventually, startAlertStack } from './support/alert-stack';
import { fileIncident } from './support/incidents';
import { SMSC_PASSWORD, SMSC_SOURCE, SMSC_SYSTEM_ID, TestSmsc } from './support/smsc';
import { bearer, TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';

const HOUR = 3600_000;
const PASSWORD = 'Officer-sms-2026!';
const PHONE_ON_SHIFT = '+77011234567';
const PHONE_OFF_SHIFT = '+77017654321';
const PHONE_SECOND = '+77015550001';
const PHONE_DESK = '+77270000002';

interface AttemptRow {
  recipient: string;
  outcome: string;
  response_code: number | null;
  message_id: string | null;
  receipt_status: string | null;
  receipt_at: Date | null;
}

/** Texts to the officers on shift, through a real SMPP server started here. */
describe('SMS to the officers on shift', () => {
  let smsc: TestSmsc;
  let stack: Awaited<ReturnType<typeof startAlertStack>>;
  let t: TestApp;
  let admin: string;
  const officers: Record<string, string> = {};

  const officer = async (name: string, post: string, phone?: string) => {
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({
        email: `${name}-${Date.now()}@sms.test`,
        fullName: `Officer ${name}`,
        role: 'police',
        policePostId: post,
        password: PASSWORD,
        ...(phone ? { phone } : {}),
      });
    expect(res.status).toBe(201);
    officers[name] = res.body.id;
    return res.body.id as string;
  };
  const onShift = async (userId: string, post: string, from: number, to: number) => {
    const res = await t
      .http()
      .post(`/api/v1/police-posts/${post}/shifts`)
      .set(bearer(admin))
      .send({ userId, from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    expect(res.status).toBe(201);
  };
  const alertOf = async (incidentId: string, post = DEMO_IDS.centralPost) => {
    const [row] = await t.db.query(
      `SELECT a.id, a.status FROM alerts a WHERE a.incident_id = $1 AND a.police_post_id = $2`,
      [incidentId, post],
    );
    return row as { id: string; status: string };
  };
  const attemptsOf = (alertId: string): Promise<AttemptRow[]> =>
    t.db.query(
      `SELECT recipient, outcome, response_code, message_id, receipt_status, receipt_at
         FROM alert_attempts WHERE alert_id = $1 AND channel = 'sms' ORDER BY id`,
      [alertId],
    );
  const textsTo = (phone: string) => smsc.texts.filter((m) => m.destination === phone.slice(1));

  beforeAll(async () => {
    smsc = await TestSmsc.start();
    stack = await startAlertStack({ ...smsc.env(), ALERT_SWEEP_MS: '1000' });
    t = stack.api;
    admin = await t.login('admin@demo.medguard.kz');
    const now = Date.now();
    const post = DEMO_IDS.centralPost;
    const patched = await t
      .http()
      .patch(`/api/v1/police-posts/${post}`)
      .set(bearer(admin))
      .send({ language: 'kk' });
    expect(patched.status).toBe(200);
    await onShift(
      await officer('onShift', post, PHONE_ON_SHIFT),
      post,
      now - HOUR,
      now + 12 * HOUR,
    );
    await officer('offShift', post, PHONE_OFF_SHIFT);
    await onShift(await officer('noPhone', post), post, now - HOUR, now + 12 * HOUR);
    const desk = DEMO_IDS.almatyDutyDesk;
    await onShift(await officer('desk', desk, PHONE_DESK), desk, now - HOUR, now + 20 * HOUR);
    await eventually(
      async () => smsc.boundSessions,
      (n) => n >= 1,
    );
  });
  afterAll(async () => {
    await stack.close();
    await smsc.stop();
    // The worker left the SMSC as SMPP asks: with an unbind, not a cut connection.
    expect(smsc.unbinds).toBeGreaterThanOrEqual(1);
  });

  it('binds one transceiver session with the configured system id and password', () => {
    expect(smsc.binds[0]).toEqual({
      systemId: SMSC_SYSTEM_ID,
      password: SMSC_PASSWORD,
      accepted: true,
    });
  });

  it("texts the officer on shift in the post's language, in UCS-2, and records the submit; not the others", async () => {
    const incident = await fileIncident(t);
    const alert = await alertOf(incident.id);
    const texts = await eventually(
      async () => textsTo(PHONE_ON_SHIFT),
      (m) => m.length === 1,
    );
    const [row] = await t.db.query(
      `SELECT i.category, f.name FROM incidents i JOIN facilities f ON f.id = i.facility_id WHERE i.id = $1`,
      [incident.id],
    );
    const category = tr('kk', `smsCategory.${row.category}` as MessageKey);
    expect(texts[0]).toMatchObject({
      destination: '77011234567',
      destTon: 1,
      source: SMSC_SOURCE,
      dataCoding: 8,
      registeredDelivery: 1,
      text: `MedGuard ${incident.reference}: ${category}. Қабылдау бөлімі, ${row.name}. http://localhost:3000${shortAlertPath(alert.id)}`,
    });
    const attempts = await eventually(
      () => attemptsOf(alert.id),
      (a) => a.length === 1,
    );
    expect(attempts).toEqual([
      expect.objectContaining({
        recipient: officers.onShift,
        outcome: 'submitted',
        response_code: 0,
        message_id: texts[0].messageIds[0],
      }),
    ]);
    expect(textsTo(PHONE_OFF_SHIFT)).toEqual([]);
    // A text is not the post taking the alert: only the console's acknowledgement is.
    expect((await alertOf(incident.id)).status).toBe(alert.status);
  });

  it("the text's short link leads to the alert on the console; anything else is not found", async () => {
    const incident = await fileIncident(t);
    const alert = await alertOf(incident.id);
    const res = await t.http().get(shortAlertPath(alert.id));
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/police?alert=${alert.id}`);
    expect((await t.http().get('/a/not-a-code')).status).toBe(404);
  });

  it('records a delivery receipt on the attempt and answers the deliver_sm', async () => {
    const incident = await fileIncident(t);
    const alert = await alertOf(incident.id);
    const [attempt] = await eventually(
      () => attemptsOf(alert.id),
      (a) => a.length === 1,
    );
    smsc.sendReceipt(attempt.message_id!, 'DELIVRD');
    const [after] = await eventually(
      () => attemptsOf(alert.id),
      (a) => a[0]?.receipt_status !== null,
    );
    expect(after.receipt_status).toBe('DELIVRD');
    expect(after.receipt_at).toBeInstanceOf(Date);
    expect(smsc.deliverResponses).toContain(0);
    // The post's delivery log shows the text with its receipt, and never the phone number.
    const log = await t
      .http()
      .get(
        `/api/v1/police-posts/${DEMO_IDS.centralPost}/deliveries?alertId=${alert.id}&channel=sms`,
      )
      .set(bearer(admin));
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual([
      expect.objectContaining({ channel: 'sms', outcome: 'submitted', receiptStatus: 'DELIVRD' }),
    ]);
    expect(JSON.stringify(log.body)).not.toContain('7011234567');
  });

  it('retries a refused text with backoff, texting again only the officers not yet accepted', async () => {
    const post = DEMO_IDS.centralPost;
    const now = Date.now();
    await onShift(await officer('second', post, PHONE_SECOND), post, now - HOUR, now + 12 * HOUR);
    smsc.refuse(PHONE_SECOND.slice(1), 0x58);
    const before = textsTo(PHONE_ON_SHIFT).length;
    const incident = await fileIncident(t);
    const alert = await alertOf(incident.id);
    const attempts = await eventually(
      () => attemptsOf(alert.id),
      (a) => a.filter((x) => x.outcome === 'submitted').length === 2,
      20000,
    );
    expect(attempts.filter((a) => a.recipient === officers.second)).toEqual([
      expect.objectContaining({ outcome: 'failed', response_code: 0x58, message_id: null }),
      expect.objectContaining({ outcome: 'submitted', response_code: 0 }),
    ]);
    expect(attempts.filter((a) => a.recipient === officers.onShift)).toHaveLength(1);
    expect(textsTo(PHONE_ON_SHIFT)).toHaveLength(before + 1);
  }, 30000);

  it('reconnects by itself when the SMSC drops the connection', async () => {
    const bound = smsc.boundSessions;
    smsc.dropSessions();
    await eventually(
      async () => smsc.boundSessions,
      (n) => n > bound,
    );
    expect(smsc.boundSessions).toBe(bound + 1);
  });

  it('texts the duty desk it escalated to', async () => {
    const incident = await fileIncident(t);
    const first = await alertOf(incident.id);
    await eventually(
      () => attemptsOf(first.id),
      (a) => a.length > 0,
    );
    const [row] = await t.db.query(`SELECT deadline_at FROM alerts WHERE id = $1`, [first.id]);
    const restore = shiftClock(
      [t.app, stack.worker],
      row.deadline_at.getTime() - Date.now() + 1000,
    );
    try {
      await stack.worker.get(AlertSweeper).sweep();
      const desk = await eventually(
        () => alertOf(incident.id, DEMO_IDS.almatyDutyDesk),
        (a) => a !== undefined,
      );
      // Every earlier report of this spec is past its deadline too, and escalates with it.
      const texts = await eventually(
        async () => textsTo(PHONE_DESK).filter((m) => m.text.includes(incident.reference)),
        (m) => m.length === 1,
      );
      expect(texts[0].text).toContain(shortAlertPath(desk.id));
      // The SMSC holds the text before the worker has its answer and records the attempt.
      expect(
        await eventually(
          () => attemptsOf(desk.id),
          (a) => a.length > 0,
        ),
      ).toEqual([expect.objectContaining({ recipient: officers.desk, outcome: 'submitted' })]);
    } finally {
      restore();
    }
  });

  it('texts an SMSC that is down at filing time when it returns', async () => {
    await smsc.stop();
    const incident = await fileIncident(t);
    const alert = await alertOf(incident.id);
    await new Promise((r) => setTimeout(r, 10_000));
    expect(await attemptsOf(alert.id)).toEqual([]);
    await smsc.listen();
    // Others may be texted about it too (an officer of another shift, the desk it escalates to):
    // this waits for the officer on shift.
    const attempts = await eventually(
      () => attemptsOf(alert.id),
      (a) => a.some((x) => x.recipient === officers.onShift && x.outcome === 'submitted'),
      30000,
    );
    expect(attempts.filter((a) => a.recipient === officers.onShift)).toEqual([
      expect.objectContaining({ outcome: 'submitted' }),
    ]);
    expect(textsTo(PHONE_ON_SHIFT).some((m) => m.text.includes(incident.reference))).toBe(true);
  }, 60000);

  it('still texts the officer when Redis lost the text job while the SMSC was down', async () => {
    await smsc.stop();
    const incident = await fileIncident(t);
    const alert = await alertOf(incident.id);
    const queue = stack.worker.get<Queue>(getQueueToken(QueueName.AlertSms));
    await eventually(
      () => queue.getJobState(textJobId(alert.id)),
      (state) => state === 'delayed',
    );
    await queue.obliterate({ force: true });
    await smsc.listen();
    const attempts = await eventually(
      () => attemptsOf(alert.id),
      (a) => a.some((x) => x.recipient === officers.onShift && x.outcome === 'submitted'),
      30000,
    );
    expect(attempts.filter((a) => a.recipient === officers.onShift)).toEqual([
      expect.objectContaining({ outcome: 'submitted' }),
    ]);
    expect(textsTo(PHONE_ON_SHIFT).some((m) => m.text.includes(incident.reference))).toBe(true);
  }, 60000);
});
