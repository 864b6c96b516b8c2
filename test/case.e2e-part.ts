import { randomUUID } from 'node:crypto';
import { eventually, startAlertStack } from './support/alert-stack';
import { hoursAgo, OTHER_ADMISSION, report } from './support/incidents';
import { BrowserSubscription, PushReceiver, subscribe } from './support/push';
import { bearer, TestApp } from './support/test-app';

const VICTIM = { role: 'nurse', injury: 'minor' };

/** Bad report bodies, each with the field and the code the refusal must name. */
const BAD_REPORTS: Array<[string, Record<string, unknown>, string, string]> = [
  ['no narrative', { narrative: undefined }, 'narrative', 'required'],
  ['a blank narrative', { narrative: '   ' }, 'narrative', 'required'],
  ['a narrative over 10000 characters', { narrative: 'x'.repeat(10_001) }, 'narrative', 'too_long'],
  ['no place', { place: undefined }, 'place', 'required'],
  ['a place that is not an object', { place: 'ward' }, 'place', 'invalid'],
  ['an unknown kind', { kind: 'slap' }, 'kind', 'invalid'],
  ['no victims', { victims: [] }, 'victims', 'too_short'],
  [
    'a victim name over 300 characters',
    { victims: [{ ...VICTIM, fullName: 'A'.repeat(301) }] },
    'victims[0].fullName',
    'too_long',
  ],
  [
    'no perpetrators count',
    { perpetrators: { type: 'relative' } },
    'perpetrators.count',
    'required',
  ],
  [
    'zero perpetrators',
    { perpetrators: { type: 'relative', count: 0 } },
    'perpetrators.count',
    'out_of_range',
  ],
  [
    '101 perpetrators',
    { perpetrators: { type: 'relative', count: 101 } },
    'perpetrators.count',
    'out_of_range',
  ],
  [
    'a count that is text',
    { perpetrators: { type: 'relative', count: 'two' } },
    'perpetrators.count',
    'invalid',
  ],
  [
    'a latitude beyond 90',
    { place: { kind: 'ward', lat: 91, lon: 76 } },
    'place.lat',
    'out_of_range',
  ],
  [
    'a latitude without a longitude',
    { place: { kind: 'ward', lat: 43.2 } },
    'place.lon',
    'required',
  ],
  ['a time that is not a timestamp', { occurredAt: 'yesterday' }, 'occurredAt', 'invalid'],
  ['a time tomorrow', { occurredAt: hoursAgo(-24) }, 'occurredAt', 'in_future'],
  ['a time two years ago', { occurredAt: hoursAgo(2 * 366 * 24) }, 'occurredAt', 'too_old'],
  [
    'an unknown facility',
    { facilityId: randomUUID(), unitId: undefined },
    'facilityId',
    'unknown_facility',
  ],
  ['an unknown unit', { unitId: randomUUID() }, 'unitId', 'unknown_unit'],
  ['a unit of another facility', { unitId: OTHER_ADMISSION }, 'unitId', 'unit_of_other_facility'],
  [
    'a victim account that is no account here',
    { victims: [{ ...VICTIM, userId: randomUUID() }] },
    'victims[0].userId',
    'unknown_user',
  ],
  ['a field the contract does not have', { priority: 1 }, 'priority', 'not_allowed'],
];

describe('the reporter’s case: validation codes, progress and notifications', () => {
  let stack: Awaited<ReturnType<typeof startAlertStack>>;
  let t: TestApp;
  const receiver = new PushReceiver();
  let nurse: string;
  let police: string;
  let paramedic: string;
  let ministry: string;

  beforeAll(async () => {
    stack = await startAlertStack();
    t = stack.api;
    await receiver.start();
    [nurse, police, paramedic, ministry] = await t.loginAll(
      'nurse',
      'police',
      'paramedic',
      'ministry',
    );
  });
  afterAll(async () => {
    await stack.close();
    await receiver.stop();
  });

  const rowCount = async () =>
    Number((await t.db.query(`SELECT count(*)::int AS n FROM incidents`))[0].n);

  it('names a stable code for each problem of a report, sent all at once, and files none of them', async () => {
    const before = await rowCount();
    const answers = await Promise.all(
      BAD_REPORTS.map(([, over]) =>
        t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report(over)),
      ),
    );
    const got = answers.map((res, i) => ({
      case: BAD_REPORTS[i][0],
      status: res.status,
      detail: (res.body.details as Array<{ field: string; code: string }>)?.find(
        (d) => d.field === BAD_REPORTS[i][2],
      )?.code,
    }));
    expect(got).toEqual(
      BAD_REPORTS.map(([name, , , code]) => ({ case: name, status: 400, detail: code })),
    );
    await expect(rowCount()).resolves.toBe(before);
  });

  it('gives every problem of a 400 a code, also where the path or the list is wrong', async () => {
    const answers = await Promise.all([
      t.http().get('/api/v1/incidents/not-a-uuid').set(bearer(nurse)),
      t.http().get('/api/v1/incidents?cursor=nonsense').set(bearer(nurse)),
      t.http().get('/api/v1/incidents?status=lost').set(bearer(nurse)),
      t
        .http()
        .post('/api/v1/incidents')
        .set(bearer(nurse))
        .set('content-type', 'application/json')
        .send('{"narrative": '),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.body.details.length).toBeGreaterThan(0);
      for (const d of res.body.details) expect(d.code).toBe('invalid');
    }
  });

  it('opens the case page from the reporter’s push when an officer acknowledges, and when the case moves on', async () => {
    const browser = new BrowserSubscription(receiver.endpoint());
    expect((await subscribe(t, nurse, browser)).status).toBe(201);
    const filed = (await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report()))
      .body as { id: string; reference: string; alerts: Array<{ id: string }> };
    const ack = await t.http().post(`/api/v1/alerts/${filed.alerts[0].id}/ack`).set(bearer(police));
    expect(ack.status).toBe(200);
    const [acknowledged] = await receiver.waitFor(browser.endpoint, 1);
    expect(browser.decrypt(acknowledged.body)).toStrictEqual({
      type: 'incident.updated',
      incidentId: filed.id,
      reference: filed.reference,
      status: 'acknowledged',
      url: `${t.config.publicUrl}/reports/${filed.id}`,
    });
    const moved = await t
      .http()
      .patch(`/api/v1/incidents/${filed.id}/status`)
      .set(bearer(police))
      .send({ status: 'investigating', note: 'Officer on the way' });
    expect(moved.status).toBe(200);
    const pushes = await receiver.waitFor(browser.endpoint, 2);
    expect(browser.decrypt(pushes[1].body)).toMatchObject({
      status: 'investigating',
      url: `${t.config.publicUrl}/reports/${filed.id}`,
    });
  });

  it('tells the reporter once when the post acknowledges a case it already took up', async () => {
    const browser = new BrowserSubscription(receiver.endpoint());
    expect((await subscribe(t, nurse, browser)).status).toBe(201);
    const filed = (await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report()))
      .body as { id: string };
    // The post moves the case itself before it takes up the alert.
    const moved = await t
      .http()
      .patch(`/api/v1/incidents/${filed.id}/status`)
      .set(bearer(police))
      .send({ status: 'acknowledged' });
    expect(moved.status).toBe(200);
    await receiver.waitFor(browser.endpoint, 1);
    const alertId = moved.body.alerts[0].id as string;
    const acks = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.http().post(`/api/v1/alerts/${alertId}/ack`).set(bearer(police)),
      ),
    );
    expect(acks.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    // One push for the acknowledgement itself, however many times it was sent.
    await receiver.waitFor(browser.endpoint, 2);
    await expect(
      eventually(
        async () => receiver.to(browser.endpoint).length,
        (n) => n > 2,
        1500,
      ),
    ).resolves.toBe(2);
  });

  it('tells the case page who acknowledged and when, without counting as a read of the report', async () => {
    const filed = (await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report()))
      .body as { id: string; alerts: Array<{ id: string; policePostId: string }> };
    const progress = () =>
      t.http().get(`/api/v1/incidents/${filed.id}/progress`).set(bearer(nurse));
    const readers = async () =>
      (await t.http().get(`/api/v1/incidents/${filed.id}/access-log`).set(bearer(nurse))).body
        .length as number;
    const before = await readers();
    // An open page polling while the officer acknowledges, twice at once.
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, progress),
      t.http().post(`/api/v1/alerts/${filed.alerts[0].id}/ack`).set(bearer(police)),
      t.http().post(`/api/v1/alerts/${filed.alerts[0].id}/ack`).set(bearer(police)),
    ]);
    expect(answers.map((a) => a.status)).toEqual(Array(22).fill(200));
    const after = await progress();
    expect(after.body).toStrictEqual({
      id: filed.id,
      status: 'acknowledged',
      category: 'assault',
      changes: 2,
      acknowledgements: [
        {
          policePostId: filed.alerts[0].policePostId,
          policePostName: expect.stringContaining('Central City Clinical Hospital'),
          acknowledgedAt: expect.any(String),
        },
      ],
    });
    await expect(readers()).resolves.toBe(before);
    const [other, analyst] = await Promise.all([
      t.http().get(`/api/v1/incidents/${filed.id}/progress`).set(bearer(paramedic)),
      t.http().get(`/api/v1/incidents/${filed.id}/progress`).set(bearer(ministry)),
    ]);
    expect([other.status, analyst.status]).toEqual([404, 403]);
  });
});
