import { DEMO_IDS } from '../seeds/demo';
import { regionId } from '../seeds/reference';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { CENTRAL, hoursAgo, OTHER_ADMISSION, report, SUBSTATION_1 } from './support/incidents';

describe('incident intake', () => {
  let t: TestApp;
  let nurse: string;
  let paramedic: string;
  let safety: string;
  let police: string;
  let dutyDesk: string;
  let admin: string;
  let ministry: string;
  beforeAll(async () => {
    t = await startTestApp();
    [nurse, paramedic, safety, police, dutyDesk, admin, ministry] = await Promise.all(
      ['nurse', 'paramedic', 'safety', 'police', 'dutydesk', 'admin', 'ministry'].map((u) =>
        t.login(`${u}@demo.medguard.kz`),
      ),
    );
  });
  afterAll(() => t.close());

  const file = (token: string, body: Record<string, unknown> = report()) =>
    t.http().post('/api/v1/incidents').set(bearer(token)).send(body);
  const count = async (table: string) =>
    Number((await t.db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('files a report and shows the reporter its reference, category and the reasons', async () => {
    const res = await file(nurse);
    expect(res.status).toBe(201);
    expect(res.body.reference).toMatch(new RegExp(`^INC-${new Date().getFullYear()}-\\d{6}$`));
    expect(res.body).toMatchObject({
      status: 'submitted',
      facilityId: CENTRAL,
      classification: {
        article: '158-1',
        category: 'assault',
        maxPenalty: { kind: 'imprisonment', years: 7 },
        ruleSetVersion: 1,
        reasons: [
          {
            fact: 'physicalViolence',
            value: true,
            message: 'physical violence was used (physical_assault)',
          },
        ],
      },
      alerts: [{ policePostId: DEMO_IDS.centralPost, status: 'pending', priority: 3 }],
      victims: [{ role: 'nurse', injury: 'minor', fullName: 'Aigerim Seitkali' }],
      history: [{ type: 'created', toStatus: 'submitted', actor: { role: 'staff' } }],
    });
    expect(res.body.createdAt).toBeDefined();
  });

  it('routes a facility without a post to its region duty desk', async () => {
    const res = await file(
      paramedic,
      report({
        facilityId: SUBSTATION_1,
        unitId: undefined,
        place: { kind: 'ambulance_call', address: 'Almaty, Abay Ave 10' },
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.alerts.map((a: { policePostId: string }) => a.policePostId)).toEqual([
      DEMO_IDS.almatyDutyDesk,
    ]);
  });

  it('classifies an attack on two medical workers as assault_multiple, the gravest, with top priority', async () => {
    const res = await file(
      nurse,
      report({
        victims: [
          { role: 'nurse', injury: 'moderate' },
          { role: 'doctor', injury: 'minor' },
        ],
      }),
    );
    expect(res.body.classification).toMatchObject({
      category: 'assault_multiple',
      maxPenalty: { years: 15 },
    });
    expect(res.body.classification.reasons.map((r: { fact: string }) => r.fact)).toEqual([
      'physicalViolence',
      'medicalWorkerVictims',
      'gravest',
    ]);
    expect(res.body.alerts[0].priority).toBe(1);
  });

  describe('validation', () => {
    const cases: Array<[string, Record<string, unknown>, string[]]> = [
      [
        'a date in the future',
        { occurredAt: new Date(Date.now() + 3600_000).toISOString() },
        ['occurredAt'],
      ],
      ['a date more than a year back', { occurredAt: hoursAgo(24 * 400) }, ['occurredAt']],
      ['a date without an offset', { occurredAt: '2026-03-14T02:40:00' }, ['occurredAt']],
      [
        'an unknown facility',
        { facilityId: '00000000-0000-4000-8000-000000000001' },
        ['facilityId'],
      ],
      ['a unit of another facility', { unitId: OTHER_ADMISSION }, ['unitId']],
      ['no victims', { victims: [] }, ['victims']],
      [
        'a victim with an unknown role and injury',
        { victims: [{ role: 'janitor', injury: 'bruised' }] },
        ['victims[0].injury', 'victims[0].role'],
      ],
      [
        'a second victim without an injury',
        { victims: [{ role: 'nurse', injury: 'none' }, { role: 'doctor' }] },
        ['victims[1].injury'],
      ],
      [
        'a perpetrator count below one',
        { perpetrators: { type: 'patient', count: 0 } },
        ['perpetrators.count'],
      ],
      [
        'an unknown perpetrator type',
        { perpetrators: { type: 'alien', count: 1 } },
        ['perpetrators.type'],
      ],
      ['a narrative over 10,000 characters', { narrative: 'x'.repeat(10001) }, ['narrative']],
      ['a blank narrative', { narrative: '   ' }, ['narrative']],
      [
        'an unknown kind and place',
        { kind: 'insult', place: { kind: 'garden' } },
        ['kind', 'place.kind'],
      ],
      ['no place', { place: undefined }, ['place']],
      [
        'a latitude without a longitude',
        { place: { kind: 'ambulance_call', lat: 43.2 } },
        ['place.lon'],
      ],
      [
        'a non-boolean emergency flag',
        { duringStateOfEmergency: 'yes' },
        ['duringStateOfEmergency'],
      ],
      [
        'an unknown victim account',
        {
          victims: [
            { role: 'nurse', injury: 'none', userId: '00000000-0000-4000-8000-000000000002' },
          ],
        },
        ['victims[0].userId'],
      ],
      ['an unexpected field', { severity: 'high' }, ['severity']],
    ];
    it.each(cases)(
      'rejects %s with 400 naming the field, and creates nothing',
      async (_what, over, fields) => {
        const before = await count('incidents');
        const res = await file(nurse, report(over));
        expect(res.status).toBe(400);
        expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(fields);
        expect(await count('incidents')).toBe(before);
      },
    );

    it('lets staff report only for their own facility', async () => {
      const res = await file(nurse, report({ facilityId: SUBSTATION_1, unitId: undefined }));
      expect(res.status).toBe(403);
      expect(res.body.details).toEqual([
        { field: 'facilityId', message: 'is not your facility', code: 'not_allowed' },
      ]);
    });
  });

  describe('state of emergency', () => {
    it('flags and classifies an incident inside a recorded regime although the form said otherwise', async () => {
      const regime = await t
        .http()
        .post('/api/v1/emergencies')
        .set(bearer(admin))
        .send({
          regionId: regionId('KZ-75'),
          from: hoursAgo(24 * 30),
          to: hoursAgo(24 * 20),
          description: 'Earthquake emergency regime, Almaty',
        });
      expect(regime.status).toBe(201);
      const res = await file(
        nurse,
        report({ occurredAt: hoursAgo(24 * 25), duringStateOfEmergency: false }),
      );
      expect(res.body).toMatchObject({
        duringStateOfEmergency: true,
        reportedStateOfEmergency: false,
        classification: { category: 'assault_emergency', maxPenalty: { years: 10 } },
      });
      expect(res.body.classification.reasons[1].message).toBe(
        'a state of emergency was in force (recorded: Earthquake emergency regime, Almaty)',
      );
      const outside = await file(nurse, report({ occurredAt: hoursAgo(24 * 19) }));
      expect(outside.body.classification.category).toBe('assault');
      const listed = await t.http().get('/api/v1/emergencies').set(bearer(nurse));
      expect(listed.body.items[0]).toMatchObject({
        regionId: regionId('KZ-75'),
        description: 'Earthquake emergency regime, Almaty',
      });
    });

    it('rejects a regime that ends before it starts, and non-admins', async () => {
      const res = await t
        .http()
        .post('/api/v1/emergencies')
        .set(bearer(admin))
        .send({ regionId: null, from: hoursAgo(1), to: hoursAgo(2), description: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('to');
      expect((await t.http().post('/api/v1/emergencies').set(bearer(safety)).send({})).status).toBe(
        403,
      );
    });
  });

  describe('scope', () => {
    it("hides one reporter's report from another (404), from unrelated posts (404), and from the ministry (403)", async () => {
      const mine = await file(
        paramedic,
        report({
          facilityId: SUBSTATION_1,
          unitId: undefined,
          place: { kind: 'ambulance_call', address: 'x' },
        }),
      );
      const colleague = await t.http().post('/api/v1/users').set(bearer(admin)).send({
        email: 'paramedic2@demo.medguard.kz',
        fullName: 'Second Paramedic',
        role: 'staff',
        facilityId: SUBSTATION_1,
        password: 'second-paramedic-1',
      });
      expect(colleague.status).toBe(201);
      const other = await t.login('paramedic2@demo.medguard.kz', 'second-paramedic-1');
      expect(
        (await t.http().get(`/api/v1/incidents/${mine.body.id}`).set(bearer(other))).status,
      ).toBe(404);
      expect(
        (await t.http().get(`/api/v1/incidents/${mine.body.id}`).set(bearer(police))).status,
      ).toBe(404);
      expect(
        (await t.http().get(`/api/v1/incidents/${mine.body.id}`).set(bearer(safety))).status,
      ).toBe(404);
      expect(
        (await t.http().get(`/api/v1/incidents/${mine.body.id}`).set(bearer(dutyDesk))).status,
      ).toBe(200);
      expect(
        (await t.http().get(`/api/v1/incidents/${mine.body.id}`).set(bearer(ministry))).status,
      ).toBe(403);
      expect((await t.http().get('/api/v1/incidents').set(bearer(ministry))).status).toBe(403);
      const otherList = await t.http().get('/api/v1/incidents').set(bearer(other));
      expect(otherList.body.items).toEqual([]);
      expect(
        (
          await t
            .http()
            .patch(`/api/v1/incidents/${mine.body.id}/status`)
            .set(bearer(police))
            .send({ status: 'acknowledged' })
        ).status,
      ).toBe(404);
    });

    it('lists a facility admin their facility and filters by status, category, facility and period with a cursor', async () => {
      const all = await t.http().get('/api/v1/incidents?limit=200').set(bearer(safety));
      expect(all.body.items.length).toBeGreaterThan(3);
      expect(new Set(all.body.items.map((i: { facilityId: string }) => i.facilityId))).toEqual(
        new Set([CENTRAL]),
      );
      expect(JSON.stringify(all.body)).not.toContain('Aigerim');
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: {
          body: { items: Array<{ id: string; occurredAt: string }>; nextCursor: string | null };
        } = await t
          .http()
          .get('/api/v1/incidents')
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set(bearer(safety));
        ids.push(...page.body.items.map((i) => i.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(ids).toEqual(all.body.items.map((i: { id: string }) => i.id));
      const times = all.body.items.map((i: { occurredAt: string }) => Date.parse(i.occurredAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      const threats = await t.http().get('/api/v1/incidents?category=threat').set(bearer(safety));
      expect(
        threats.body.items.every(
          (i: { classification: { category: string } }) => i.classification.category === 'threat',
        ),
      ).toBe(true);
      const window = await t
        .http()
        .get('/api/v1/incidents')
        .query({ from: hoursAgo(24 * 26), to: hoursAgo(24 * 24) })
        .set(bearer(safety));
      expect(
        window.body.items.map(
          (i: { classification: { category: string } }) => i.classification.category,
        ),
      ).toEqual(['assault_emergency']);
      const none = await t
        .http()
        .get('/api/v1/incidents?status=closed&facilityId=' + SUBSTATION_1)
        .set(bearer(admin));
      expect(none.body.items).toEqual([]);
    });

    it('audits every read of a full report', async () => {
      const res = await file(nurse);
      await t.http().get(`/api/v1/incidents/${res.body.id}`).set(bearer(police));
      const rows = await t.db.query(
        `SELECT action, actor_type FROM audit_log WHERE entity_id = $1 ORDER BY seq`,
        [res.body.id],
      );
      expect(rows.map((r: { action: string }) => r.action)).toEqual([
        'incident.created',
        'incident.viewed',
      ]);
    });
  });
});
